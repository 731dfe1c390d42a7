/** The chunking option every path method shares. */
import type { OptionSpec } from '../options.ts';

/** Default rows (points x samples) per model call of the path methods. */
export const DEFAULT_INTERNAL_BATCH_SIZE = 64;

/** Registry spec of `internalBatchSize`. */
export const INTERNAL_BATCH_SIZE_OPTION: OptionSpec = {
  name: 'internalBatchSize',
  kind: 'integer',
  default: DEFAULT_INTERNAL_BATCH_SIZE,
  min: 1,
  max: 4096,
  step: 1,
  description: 'Points evaluated per model call (bounds memory).',
};
