import { realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { checkRead } from '../../io/limits.ts';
import { ModelLoadError } from '../../io/model-load-error.ts';
import type { ModelSource, ReadLimit } from '../../io/model-source.ts';
import { readRegularFile, UnreadableFileError } from '../read-regular-file.ts';

/**
 * A {@link ModelSource} over a folder on disk. Paths arrive already checked not to climb out of the
 * folder; symbolic links that lead outside it are refused as well, and so are files that are not
 * regular files (a FIFO would block) or larger than the read's limit (checked before reading).
 */
export function directorySource(folder: string): ModelSource {
  const locate = (path: string): string => join(folder, ...path.split('/'));
  const read = async (path: string, limit: ReadLimit, optional: boolean): Promise<Uint8Array | undefined> => {
    const file = locate(path);
    try {
      const [root, target] = await Promise.all([realpath(folder), realpath(file)]);
      if (!target.startsWith(root + sep)) {
        throw new ModelLoadError(file, `leads outside the model's folder (to ${target}); weight files must stay inside it`);
      }
      return await readRegularFile(target, limit.bytes);
    } catch (error) {
      if (error instanceof ModelLoadError) throw error;
      if (error instanceof UnreadableFileError) {
        if (error.reason === 'too-large') checkRead(file, error.size as number, limit);
        throw new ModelLoadError(file, error.message, { cause: error });
      }
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && optional) return undefined;
      const problem = code === 'ENOENT' ? 'is missing' : `cannot be read (${(error as Error).message})`;
      throw new ModelLoadError(file, problem, { cause: error });
    }
  };
  return {
    locate,
    read: async (path, limit) => (await read(path, limit, false)) as Uint8Array,
    readOptional: (path, limit) => read(path, limit, true),
  };
}
