// Which maps share units, so that one colour scale across them is a fair comparison: Grad-CAM++
// values near 1e5 on a scale shared with gradients near 1e-3 would flatten every gradient map.

/** The units of each method's maps; methods not listed get a scale of their own. */
const UNITS: Readonly<Record<string, string>> = {
  saliency: 'gradient',
  'guided-backprop': 'gradient',
  deconvnet: 'gradient',
  smoothgrad: 'gradient',
  'smoothgrad-sq': 'squared gradient',
  vargrad: 'squared gradient',
  'input-x-gradient': 'score',
  'integrated-gradients': 'score',
  'gradient-shap': 'score',
  'blur-ig': 'score',
  occlusion: 'score',
  'feature-ablation': 'score',
};

/** The units of `method`'s maps ('gradient', 'score', ...), or undefined when they compare with no other method's. */
export function unitsOf(method: string): string | undefined {
  return UNITS[method];
}

/**
 * Splits panels into groups that may share a scale: panels whose methods have the same units, and
 * each other panel alone. Returns the groups in the order of their first panel.
 */
export function groupByUnits<T>(items: readonly T[], method: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  items.forEach((item, i) => {
    const key = unitsOf(method(item)) ?? `own:${i}`;
    const group = groups.get(key) ?? [];
    group.push(item);
    groups.set(key, group);
  });
  return [...groups.values()];
}
