/**
 * LRP composites: which rule each linear layer gets. One rule everywhere (iNNvestigate's
 * lrp.epsilon, lrp.z_plus, lrp.alpha_2_beta_1 ...), or zennit's presets for CNNs, which give the
 * first linear layer (the one reading the input) its own rule, convolutions another, and dense
 * layers epsilon: epsilon-gamma-box, epsilon-plus, epsilon-plus-flat, epsilon-alpha2-beta1(-flat).
 */
import type { LinearRule } from './linear-rules.ts';

/** The composites, by name. */
export const LRP_COMPOSITES = [
  'epsilon',
  'gamma',
  'alpha-beta',
  'z-plus',
  'flat',
  'w-square',
  'epsilon-gamma-box',
  'epsilon-plus',
  'epsilon-plus-flat',
  'epsilon-alpha2-beta1',
  'epsilon-alpha2-beta1-flat',
] as const;
/** A composite (see {@link LRP_COMPOSITES}). */
export type LrpComposite = (typeof LRP_COMPOSITES)[number];

interface Preset {
  readonly first?: LinearRule;
  /** First layer rule only when the first linear layer is a convolution (zennit's epsilon-gamma-box maps Convolution). */
  readonly firstConvOnly?: boolean;
  readonly conv: LinearRule;
  readonly dense: LinearRule;
  /** alpha and beta of this preset's alpha-beta rule (else the options'). */
  readonly alphaBeta?: readonly [number, number];
}

const PRESETS: Readonly<Record<Exclude<LrpComposite, LinearRule>, Preset>> = {
  'epsilon-gamma-box': { first: 'z-box', firstConvOnly: true, conv: 'gamma', dense: 'epsilon' },
  'epsilon-plus': { conv: 'z-plus', dense: 'epsilon' },
  'epsilon-plus-flat': { first: 'flat', conv: 'z-plus', dense: 'epsilon' },
  'epsilon-alpha2-beta1': { conv: 'alpha-beta', dense: 'epsilon', alphaBeta: [2, 1] },
  'epsilon-alpha2-beta1-flat': { first: 'flat', conv: 'alpha-beta', dense: 'epsilon', alphaBeta: [2, 1] },
};

/** A linear layer's rule under a composite, and the alpha-beta pair it uses when fixed by the preset. */
export interface ChosenRule {
  readonly rule: LinearRule;
  readonly alphaBeta?: readonly [number, number];
}

/** The rule `composite` gives a linear layer of `kind`; `first` for the first linear layer reading the input. */
export function ruleFor(composite: LrpComposite, kind: 'dense' | 'conv', first: boolean): ChosenRule {
  if (!(composite in PRESETS)) return { rule: composite as LinearRule };
  const preset = PRESETS[composite as keyof typeof PRESETS];
  const useFirst = first && preset.first !== undefined && (!preset.firstConvOnly || kind === 'conv');
  const rule = useFirst ? (preset.first as LinearRule) : kind === 'conv' ? preset.conv : preset.dense;
  return rule === 'alpha-beta' && preset.alphaBeta ? { rule, alphaBeta: preset.alphaBeta } : { rule };
}
