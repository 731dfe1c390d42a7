/**
 * Node's {@link ReadFolderFile}: the files of a model folder on disk. Only node:fs, so the
 * explorer's Vite plugin can use it without loading TF.js.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReadFolderFile } from './model-folder.ts';

/** Reads the files of folder `dir` as UTF-8 text; a missing file reads as undefined, any other failure throws. */
export function folderReader(dir: string): ReadFolderFile {
  return (name) =>
    readFile(join(dir, name), 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw new Error(`${join(dir, name)}: cannot read (${error.code ?? error.message})`, { cause: error });
    });
}
