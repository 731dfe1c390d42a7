import { readFile, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { ModelLoadError } from '../../io/model-load-error.ts';
import type { ModelSource } from '../../io/model-source.ts';

/**
 * A {@link ModelSource} over a folder on disk. Paths arrive already checked not to climb out of the
 * folder; symbolic links that lead outside it are refused as well.
 */
export function directorySource(folder: string): ModelSource {
  const locate = (path: string): string => join(folder, ...path.split('/'));
  const read = async (path: string, optional: boolean): Promise<Uint8Array | undefined> => {
    const file = locate(path);
    try {
      const [root, target] = await Promise.all([realpath(folder), realpath(file)]);
      if (!target.startsWith(root + sep)) {
        throw new ModelLoadError(file, `leads outside the model's folder (to ${target}); weight files must stay inside it`);
      }
      return new Uint8Array(await readFile(target));
    } catch (error) {
      if (error instanceof ModelLoadError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && optional) return undefined;
      const problem = code === 'ENOENT' ? 'is missing' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${(error as Error).message})`;
      throw new ModelLoadError(file, problem, { cause: error });
    }
  };
  return {
    locate,
    read: async (path) => (await read(path, false)) as Uint8Array,
    readOptional: (path) => read(path, true),
  };
}
