/**
 * Which part of a signed map to show (Captum's `VisualizeSign`):
 * - `'all'`: the values as they are, negative and positive;
 * - `'positive'`: positive values, negatives set to 0;
 * - `'negative'`: the magnitude of negative values (so `-3` becomes `3`), positives set to 0;
 * - `'absolute'`: `|value|`.
 */
export type SaliencySign = 'all' | 'positive' | 'negative' | 'absolute';

/** Every valid {@link SaliencySign}, for validation and for menus. */
export const SALIENCY_SIGNS: readonly SaliencySign[] = ['all', 'positive', 'negative', 'absolute'];

/** Applies `sign` to a copy of `values` (see {@link SaliencySign}); the input is not changed. */
export function applySign(values: Float32Array, sign: SaliencySign): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    switch (sign) {
      case 'all':
        out[i] = v;
        break;
      case 'positive':
        out[i] = v > 0 ? v : 0;
        break;
      case 'negative':
        out[i] = v < 0 ? -v : 0;
        break;
      case 'absolute':
        out[i] = Math.abs(v);
        break;
      default:
        throw new RangeError(`sign: expected one of ${SALIENCY_SIGNS.join(', ')}, got '${String(sign)}'`);
    }
  }
  return out;
}
