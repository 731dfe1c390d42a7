// Maps scaled for colouring, with the raw values at the two ends of the colour bar and a remark when
// the picture would mislead (blank under 'none', nothing left after the sign).
import { applySign, normalizedRange, normalizeMaps, type ColormapName, type NormalizeMode, type SaliencySign, type ScaleScope } from 'tfjs-saliency';

/** Colormaps with a neutral middle colour: under sign 'all' their middle is put at zero. */
export const DIVERGING_COLORMAPS: readonly ColormapName[] = ['bwr'];

/** Below this share of the colour scale, maps drawn without normalisation look blank. */
const VISIBLE_SHARE = 0.05;

/** What scaling needs from the display options. */
export interface ScaleOptions {
  readonly colormap: ColormapName;
  readonly sign: SaliencySign;
  readonly mode: NormalizeMode;
  readonly scope: ScaleScope;
}

/** One map ready for the colormap. */
export interface ScaledMap {
  /** Values in `range`. */
  readonly data: Float32Array;
  /** The values the colormap's ends stand for. */
  readonly range: readonly [number, number];
  /** The raw map values at the colour bar's ends (undefined for a constant map). */
  readonly rawEnds: readonly [number, number] | undefined;
  /** Why the picture may look empty ('' when it does not). */
  readonly note: string;
}

/**
 * Scales `maps` (one value a pixel) as `options` say, per map or on one scale for all of them.
 * Under sign 'all' with min-max and a diverging colormap, maps are divided by their largest |value|,
 * so zero sits at the neutral colour. Mode 'none' draws raw values on the fixed scale [0, 1] ([-1, 1]
 * for sign 'all') and says so when they are too small to see.
 */
export function scaleMaps(maps: readonly Float32Array[], options: ScaleOptions): ScaledMap[] {
  const signed = maps.map((map) => applySign(map, options.sign));
  if (options.mode === 'none') {
    const range = options.sign === 'all' ? ([-1, 1] as const) : ([0, 1] as const);
    return signed.map((data) => ({ data, range, rawEnds: range, note: noneNote(data, range, options.sign) }));
  }
  if (options.sign === 'all' && options.mode === 'minmax' && DIVERGING_COLORMAPS.includes(options.colormap)) {
    const shared = options.scope === 'shared' ? maxAbs(signed) : undefined;
    return signed.map((data) => {
      const largest = shared ?? maxAbs([data]);
      const scaled = data.map((v) => (largest > 0 ? v / largest : 0));
      return { data: scaled, range: [-1, 1], rawEnds: largest > 0 ? [-largest, largest] : undefined, note: emptyNote(scaled, options.sign) };
    });
  }
  const scaled = normalizeMaps(maps, { mode: options.mode, sign: options.sign, scope: options.scope, onWarning: () => undefined });
  const range = normalizedRange(options) ?? [0, 1];
  const shared = options.mode === 'minmax' && options.scope === 'shared' ? extremes(signed) : undefined;
  return scaled.map((data, i) => {
    const raw = signed[i] as Float32Array;
    // Min-max ends are the extremes themselves; clipping modes' ends are read off the linear scale.
    const ends = options.mode === 'minmax' ? (shared ?? extremes([raw])) : rawEnds(raw, data, range);
    return { data, range, rawEnds: ends !== undefined && ends[1] > ends[0] ? ends : undefined, note: emptyNote(data, options.sign) };
  });
}

/** The raw values at the ends of `range`, from two unclipped points of the linear scale `raw -> scaled`. */
function rawEnds(raw: Float32Array, scaled: Float32Array, range: readonly [number, number]): [number, number] | undefined {
  let low = -1;
  let high = -1;
  for (let i = 0; i < scaled.length; i++) {
    const s = scaled[i] as number;
    if (s <= range[0] || s >= range[1]) continue;
    if (low < 0 || s < (scaled[low] as number)) low = i;
    if (high < 0 || s > (scaled[high] as number)) high = i;
  }
  if (low < 0 || scaled[high] === scaled[low]) return undefined;
  const divisor = ((raw[high] as number) - (raw[low] as number)) / ((scaled[high] as number) - (scaled[low] as number));
  const offset = (raw[low] as number) - (scaled[low] as number) * divisor;
  return [offset + range[0] * divisor, offset + range[1] * divisor];
}

function extremes(maps: readonly Float32Array[]): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const map of maps) {
    for (const v of map) {
      low = Math.min(low, v);
      high = Math.max(high, v);
    }
  }
  return [low, high];
}

function maxAbs(maps: readonly Float32Array[]): number {
  let largest = 0;
  for (const map of maps) for (const v of map) largest = Math.max(largest, Math.abs(v));
  return largest;
}

function emptyNote(data: Float32Array, sign: SaliencySign): string {
  return data.every((v) => v === 0) ? `nothing to show with sign '${sign}'` : '';
}

function noneNote(data: Float32Array, range: readonly [number, number], sign: SaliencySign): string {
  const largest = maxAbs([data]);
  if (largest === 0) return emptyNote(data, sign);
  if (largest >= VISIBLE_SHARE * (range[1] - range[0])) return '';
  return `normalise 'none' draws the raw values (up to ${largest.toPrecision(2)}) on the fixed scale [${range.join(', ')}]: too small to see; choose minmax`;
}
