import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** What {@link writeFileAtomic} writes: all at once, or chunk by chunk as they are produced. */
export type FileContent = string | Uint8Array | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

/**
 * Writes `content` to `path` all or nothing: into a hidden temporary file next to it, flushed to
 * disk, then renamed over `path`. If anything fails (including a chunk source that throws) the
 * temporary file is removed and an existing file at `path` is left as it was. Parent directories
 * are created. The error names `path`.
 */
export async function writeFileAtomic(path: string, content: FileContent): Promise<void> {
  const directory = dirname(path);
  const temporary = join(directory, `.${basename(path)}.${randomUUID().slice(0, 8)}.tmp`);
  try {
    await mkdir(directory, { recursive: true });
    const handle = await open(temporary, 'wx');
    try {
      const chunks = typeof content === 'string' || content instanceof Uint8Array ? [content] : content;
      for await (const chunk of chunks) await handle.writeFile(chunk);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`could not write '${path}': ${reason}`, { cause: error });
  }
}
