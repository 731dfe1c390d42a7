/**
 * Channel reductions of attribution maps: one value per position for display and comparison
 * (keras-vis takes the max over channels of |g|; PAIR sums |g|; others use the L2 norm or the mean).
 */
import { checkChoice } from './errors.ts';
import type { NdArray } from './ndarray.ts';

/** How channels are combined. 'max' is keras-vis's (signed) max; 'max-abs' its default after 'absolute'. */
export const CHANNEL_REDUCTIONS = ['max-abs', 'max', 'sum', 'sum-abs', 'mean', 'mean-abs', 'l2'] as const;
/** A channel reduction; see {@link CHANNEL_REDUCTIONS}. */
export type ChannelReduction = (typeof CHANNEL_REDUCTIONS)[number];
/** The default channel reduction: keras-vis's max over channels of |g|. */
export const DEFAULT_CHANNEL_REDUCTION: ChannelReduction = 'max-abs';

/** Reduces the last axis of `map` ([..., C] -> [...]) with `how` (default 'max-abs'). */
export function reduceChannels(map: NdArray, how: ChannelReduction = DEFAULT_CHANNEL_REDUCTION): NdArray {
  checkChoice(how, CHANNEL_REDUCTIONS, 'channelReduction');
  const channels = map.shape[map.shape.length - 1] as number;
  const out = new Float32Array(map.data.length / channels);
  for (let i = 0; i < out.length; i++) {
    const values = map.data.subarray(i * channels, (i + 1) * channels);
    out[i] = reduceOne(values, how);
  }
  return { data: out, shape: map.shape.slice(0, -1) };
}

function reduceOne(values: Float32Array, how: ChannelReduction): number {
  let acc = how === 'max' || how === 'max-abs' ? -Infinity : 0;
  for (const v of values) {
    switch (how) {
      case 'max':
        acc = Math.max(acc, v);
        break;
      case 'max-abs':
        acc = Math.max(acc, Math.abs(v));
        break;
      case 'sum':
      case 'mean':
        acc += v;
        break;
      case 'sum-abs':
      case 'mean-abs':
        acc += Math.abs(v);
        break;
      case 'l2':
        acc += v * v;
        break;
    }
  }
  if (how === 'mean' || how === 'mean-abs') return acc / values.length;
  if (how === 'l2') return Math.sqrt(acc);
  return acc;
}
