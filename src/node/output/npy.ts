import type { NdArray } from '../../core/ndarray.ts';
import { encodeNpy } from '../../io/npy.ts';
import { writeFileAtomic } from './atomic-write.ts';

export { encodeNpy };

/** Writes an {@link NdArray} to `path` as `.npy` (see {@link encodeNpy}), atomically. */
export async function writeNpy(path: string, array: NdArray): Promise<void> {
  await writeFileAtomic(path, encodeNpy(array));
}
