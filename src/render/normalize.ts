import { cumulativeSumThreshold, percentile } from './statistics.ts';
import { applySign, type SaliencySign, SALIENCY_SIGNS } from './sign.ts';
import { withDefaults } from './options.ts';
import { consoleWarning, type WarningHandler } from './warnings.ts';

/**
 * How raw map values are scaled for display:
 * - `'minmax'`: keras-vis `utils.normalize`, `(v - min) / (max - min + epsilon)`, in `[0, 1)`;
 * - `'percentile'`: PAIR saliency, clipped at the `percentile`-th percentile of `|v|` (signed maps:
 *   `v / p` clipped to `[-1, 1]`; one-signed maps: `(v - min) / (p - min)` clipped to `[0, 1]`);
 * - `'outlier'`: Captum's mass-based clip, `v / t` clipped to `[-1, 1]`, where `t` is the value at
 *   which the running sum of the sorted `|v|` reaches `100 - outlierPerc` % of their total;
 * - `'none'`: values unchanged.
 */
export type NormalizeMode = 'minmax' | 'percentile' | 'outlier' | 'none';

/** Every valid {@link NormalizeMode}. */
export const NORMALIZE_MODES: readonly NormalizeMode[] = ['minmax', 'percentile', 'outlier', 'none'];

/** Whether several maps are scaled each on its own (`'per-map'`) or all with one scale (`'shared'`). */
export type ScaleScope = 'per-map' | 'shared';

/** Options of {@link normalizeMap} and {@link normalizeMaps}; each default is in {@link DEFAULT_NORMALIZE}. */
export interface NormalizeOptions {
  /** Scaling rule. Default `'minmax'` (keras-vis). */
  readonly mode?: NormalizeMode;
  /** Part of the map kept before scaling. Default `'all'` (keras-vis keeps every value). */
  readonly sign?: SaliencySign;
  /** Percentile of `|v|` used by `'percentile'`, in (0, 100]. Default `99` (PAIR). */
  readonly percentile?: number;
  /** Percentage of the total mass treated as outliers by `'outlier'`, in [0, 100). Default `2` (Captum). */
  readonly outlierPerc?: number;
  /** Added to the denominator by `'minmax'`. Default `1e-7` (Keras `K.epsilon()`). */
  readonly epsilon?: number;
  /** Called when a map cannot be scaled (all zero or constant); it then renders as zeros. Default `console.warn`. */
  readonly onWarning?: WarningHandler;
}

/** Options of {@link normalizeMaps}: {@link NormalizeOptions} plus the scope of the scale. */
export interface NormalizeManyOptions extends NormalizeOptions {
  /** `'per-map'` (default) scales each map alone; `'shared'` uses one scale fitted on all maps together. */
  readonly scope?: ScaleScope;
}

/** The defaults of {@link NormalizeOptions} and {@link NormalizeManyOptions}. */
export const DEFAULT_NORMALIZE = {
  mode: 'minmax',
  sign: 'all',
  percentile: 99,
  outlierPerc: 2,
  epsilon: 1e-7,
  scope: 'per-map',
} as const satisfies Required<Omit<NormalizeManyOptions, 'onWarning'>>;

/**
 * keras-vis `utils.normalize`: `(v - min) / (max - min + epsilon)`, in float32 arithmetic like NumPy,
 * so the largest value maps slightly below 1 and a constant array gives zeros. Returns a new array.
 * @param epsilon default `1e-7` (Keras `K.epsilon()`)
 */
export function minMaxNormalize(values: Float32Array, epsilon = 1e-7): Float32Array {
  const out = new Float32Array(values.length);
  if (values.length === 0) return out;
  const { min, max } = extremes(values);
  const denominator = minMaxDenominator(min, max, epsilon);
  for (let i = 0; i < values.length; i++) {
    out[i] = Math.fround(Math.fround((values[i] as number) - min) / denominator);
  }
  return out;
}

/**
 * Applies a sign selection and a scaling rule to one map (see {@link NormalizeMode} for the output
 * range of each rule). A map that cannot be scaled (all zero, or constant for `'minmax'`) gives
 * zeros and one warning, never NaN. Returns a new array.
 */
export function normalizeMap(values: Float32Array, options: NormalizeOptions = {}): Float32Array {
  const [only] = normalizeMaps([values], { ...options, scope: 'per-map' });
  return only as Float32Array;
}

/**
 * {@link normalizeMap} for several maps, scaled `'per-map'` (default) or on one `'shared'` scale, so
 * maps of different classes or methods can be compared. Returns new arrays, one per map.
 */
export function normalizeMaps(maps: readonly Float32Array[], options: NormalizeManyOptions = {}): Float32Array[] {
  const settings = resolveOptions(options);
  maps.forEach((map, i) => assertFinite(map, maps.length === 1 ? 'values' : `maps[${i}]`));
  const selected = maps.map((map) => applySign(map, settings.sign));
  if (settings.scope === 'per-map') {
    return selected.map((map, i) => applyScale(map, fitScale(map, settings, maps.length === 1 ? 'the map' : `map ${i}`)));
  }
  const scale = fitScale(concatenate(selected), settings, 'the maps (shared scale)');
  return selected.map((map) => applyScale(map, scale));
}

/**
 * The range {@link normalizeMap} returns for these options: `[-1, 1]` for signed maps scaled by
 * `'percentile'` or `'outlier'`, `[0, 1]` for the other scaled cases, and `null` for `'none'`.
 */
export function normalizedRange(options: NormalizeOptions = {}): readonly [number, number] | null {
  const { mode, sign } = resolveOptions(options);
  if (mode === 'none') return null;
  return sign === 'all' && mode !== 'minmax' ? [-1, 1] : [0, 1];
}

type ResolvedOptions = Required<NormalizeManyOptions>;

/** `(v - offset) / divisor`, clipped to `[low, high]`; a zero divisor means "cannot scale". */
interface LinearScale {
  readonly offset: number;
  readonly divisor: number;
  readonly low: number;
  readonly high: number;
}

function fitScale(values: Float32Array, settings: ResolvedOptions, what: string): LinearScale {
  const unbounded = { low: -Infinity, high: Infinity };
  if (values.length === 0) return { offset: 0, divisor: 1, ...unbounded };
  const signed = settings.sign === 'all';
  let scale: LinearScale;
  switch (settings.mode) {
    case 'none':
      return { offset: 0, divisor: 1, ...unbounded };
    case 'minmax': {
      const { min, max } = extremes(values);
      const divisor = max === min ? 0 : minMaxDenominator(min, max, settings.epsilon);
      scale = { offset: min, divisor, ...unbounded };
      break;
    }
    case 'percentile': {
      const cut = percentile(signed ? applySign(values, 'absolute') : values, settings.percentile);
      const offset = signed ? 0 : extremes(values).min;
      scale = { offset, divisor: cut - offset, low: signed ? -1 : 0, high: 1 };
      break;
    }
    case 'outlier': {
      const cut = cumulativeSumThreshold(applySign(values, 'absolute'), 100 - settings.outlierPerc);
      scale = { offset: 0, divisor: cut, low: -1, high: 1 };
      break;
    }
  }
  if (!(scale.divisor > 0)) {
    settings.onWarning(`${what} is all zero or constant after sign '${settings.sign}'; rendering zeros`);
  }
  return scale;
}

function applyScale(values: Float32Array, scale: LinearScale): Float32Array {
  const out = new Float32Array(values.length);
  if (!(scale.divisor > 0)) return out;
  for (let i = 0; i < values.length; i++) {
    const v = Math.fround(Math.fround((values[i] as number) - scale.offset) / scale.divisor);
    out[i] = Math.min(scale.high, Math.max(scale.low, v));
  }
  return out;
}

function resolveOptions(options: NormalizeManyOptions): ResolvedOptions {
  const settings: ResolvedOptions = withDefaults({ ...DEFAULT_NORMALIZE, onWarning: consoleWarning }, options);
  oneOf('mode', settings.mode, NORMALIZE_MODES);
  oneOf('sign', settings.sign, SALIENCY_SIGNS);
  oneOf('scope', settings.scope, ['per-map', 'shared']);
  if (!(settings.percentile > 0 && settings.percentile <= 100)) {
    throw new RangeError(`percentile: expected a number in (0, 100], got ${settings.percentile}`);
  }
  if (!(settings.outlierPerc >= 0 && settings.outlierPerc < 100)) {
    throw new RangeError(`outlierPerc: expected a number in [0, 100), got ${settings.outlierPerc}`);
  }
  if (!(settings.epsilon >= 0 && Number.isFinite(settings.epsilon))) {
    throw new RangeError(`epsilon: expected a finite number >= 0, got ${settings.epsilon}`);
  }
  if (typeof settings.onWarning !== 'function') throw new TypeError('onWarning: expected a function');
  return settings;
}

function oneOf<T extends string>(name: string, value: T, valid: readonly T[]): void {
  if (!valid.includes(value)) {
    throw new RangeError(`${name}: expected one of ${valid.map((v) => `'${v}'`).join(', ')}, got '${String(value)}'`);
  }
}

function assertFinite(values: Float32Array, name: string): void {
  if (!(values instanceof Float32Array)) throw new TypeError(`${name}: expected a Float32Array`);
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new RangeError(`${name}: value ${bad} is ${values[bad]}; maps must be finite`);
}

/** `max - min + epsilon` rounded to float32 at each step, as NumPy computes it on float32 arrays. */
function minMaxDenominator(min: number, max: number, epsilon: number): number {
  return Math.fround(Math.fround(max - min) + Math.fround(epsilon));
}

function extremes(values: Float32Array): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

function concatenate(arrays: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}
