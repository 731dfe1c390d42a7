import { DEFAULT_SOFTMAX, getMethod, METHODS, type NdArray, type OptionSpec } from 'tfjs-saliency';
import type { ExplainTarget, MethodCall, PanelSpec } from '../protocol.ts';
import { explainTarget } from './explain-target.ts';
import type { LoadedModel } from './load-model.ts';

/** Form choice meaning "no backprop modifier" (the library's `null`). */
const NO_MODIFIER = 'none';

/** The options every registered method accepts besides its own, as form controls. */
const COMMON_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'backpropModifier',
    kind: 'choice',
    default: NO_MODIFIER,
    choices: [NO_MODIFIER, 'guided', 'rectified'],
    description: 'Guided backprop or the rectified (deconvnet) rule for the ReLUs, on a copy of the model.',
  },
  {
    name: 'softmax',
    kind: 'choice',
    default: DEFAULT_SOFTMAX,
    choices: ['remove', 'keep'],
    description: "'remove' explains the logit before a final softmax, 'keep' the probability.",
  },
];

/** keras-vis's three saliency flavours, shown side by side while the registry has no first-class guided/deconvnet methods. */
const BACKPROP_PRESETS = [
  { suffix: 'guided', label: 'Guided backprop', modifier: 'guided' },
  { suffix: 'rectified', label: 'Rectified (deconvnet)', modifier: 'rectified' },
] as const;

/** The methods the page opens with, computed and shown; the others wait under "more methods". */
export const DEFAULT_PANELS: readonly string[] = ['saliency', 'integrated-gradients', 'smoothgrad', 'grad-cam', 'occlusion'];

/** Registry names under which guided backprop and deconvnet may be listed as methods of their own. */
const FIRST_CLASS_BACKPROP = /^(guided-backprop|guided-backpropagation|deconvnet|deconvolution|rectified)$/;

/**
 * The grid's panels: one per registered method, in the registry's order; plus saliency with the
 * guided and rectified rules unless the registry lists such methods itself. The
 * {@link DEFAULT_PANELS} start switched on, the others off (under "more methods"). Methods that take no backprop modifier
 * (no gradients, or a rule of their own) get no control for one.
 */
export function describePanels(): PanelSpec[] {
  const panels: PanelSpec[] = METHODS.map((m) => ({
    id: m.name,
    method: m.name,
    label: m.title,
    summary: m.summary,
    options: [...m.options, ...COMMON_OPTIONS.filter((o) => o.name !== 'backpropModifier' || m.takesBackpropModifier)],
    preset: {},
    enabled: DEFAULT_PANELS.includes(m.name),
    featured: DEFAULT_PANELS.includes(m.name),
    takesFunctionModel: m.takesFunctionModel,
  }));
  const hasFirstClass = METHODS.some((m) => FIRST_CLASS_BACKPROP.test(m.name));
  const saliency = panels.find((p) => p.method === 'saliency');
  if (saliency !== undefined && !hasFirstClass) {
    const at = panels.indexOf(saliency) + 1;
    panels.splice(
      at,
      0,
      ...BACKPROP_PRESETS.map((preset) => ({
        ...saliency,
        id: `saliency-${preset.suffix}`,
        label: preset.label,
        summary: `${saliency.summary} Backprop modifier: ${preset.modifier}.`,
        preset: { backpropModifier: preset.modifier },
        enabled: false,
        featured: false,
        takesFunctionModel: false,
      })),
    );
  }
  return panels;
}

/** The form's option values as the library takes them (null or '': the method's default, left out). */
export function methodOptions(call: MethodCall): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(call.options)) {
    if (value === null || value === '') continue;
    options[name] = name === 'backpropModifier' && value === NO_MODIFIER ? null : value;
  }
  return options;
}

/**
 * Runs a registered method for `target` (a class, or class A minus class B, at an output) of one input `[height, width, channels]`, reporting
 * progress as a fraction and stopping when `signal` aborts. The map loses its batch axis.
 */
export async function runMethod(
  loaded: LoadedModel,
  input: NdArray,
  target: ExplainTarget,
  call: MethodCall,
  onProgress: (fraction: number) => void,
  signal: AbortSignal,
): Promise<{ map: NdArray; notes: string[] }> {
  const method = getMethod(call.method);
  const options = { ...methodOptions(call), target: explainTarget(target), signal, onProgress: ({ done, total }: { done: number; total: number }) => onProgress(total > 0 ? done / total : 0) };
  const result = await method.run(loaded.model, { data: input.data, shape: [1, ...input.shape] }, options);
  onProgress(1);
  return {
    map: { data: Float32Array.from(result.map.data), shape: result.map.shape.slice(1) },
    notes: [...result.meta.warnings],
  };
}
