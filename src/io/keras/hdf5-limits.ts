/**
 * The sizes an HDF5 file declares, checked before any dataset is read: a dataset's shape times its
 * element size is what reading it allocates, and a small chunked, compressed file can declare
 * gigabytes. Every dataset reachable from the root is counted once.
 */
import type { Dataset, File as H5File, Group } from 'h5wasm';
import { formatBytes, LIMIT_FLAGS } from '../limits.ts';
import { ModelLoadError } from '../model-load-error.ts';

/** Most groups and datasets visited; a file with more is refused (Keras files have a few per layer). */
const MAX_OBJECTS = 1_000_000;

/** Throws a {@link ModelLoadError} naming `file` when the datasets of `h5` together declare more than `maxBytes`. */
export function checkDatasetSizes(h5: H5File, file: string, maxBytes: number): void {
  let total = 0;
  let visited = 0;
  const pending: Group[] = [h5];
  const seen = new Set<string>();
  while (pending.length > 0) {
    const group = pending.pop() as Group;
    for (const name of group.keys()) {
      if (++visited > MAX_OBJECTS) throw new ModelLoadError(file, `holds more than ${MAX_OBJECTS} HDF5 objects; not a Keras model file`);
      const entity = group.get(name) as { type?: string; path?: string } | null;
      if (entity === null || seen.has(entity.path ?? '')) continue;
      seen.add(entity.path ?? '');
      if (entity.type === 'Group') pending.push(entity as Group);
      else if (entity.type === 'Dataset') {
        const dataset = entity as Dataset;
        const count = (dataset.shape ?? []).reduce((n, d) => n * d, 1);
        total += count * dataset.metadata.size;
        if (total > maxBytes) {
          throw new ModelLoadError(
            file,
            `declares datasets of more than ${formatBytes(total)} (at ${dataset.path}, shape [${(dataset.shape ?? []).join(', ')}]), more than the limit of ${formatBytes(maxBytes)}; raise ${LIMIT_FLAGS.maxModelBytes} if the file is trusted`,
          );
        }
      }
    }
  }
}
