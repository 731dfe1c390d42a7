import type { ReadLimit } from './limits.ts';
import { ModelLoadError } from './model-load-error.ts';

export type { ReadLimit } from './limits.ts';

/**
 * Where a model's files come from: a folder on disk, a folder on a web server or a set of files the
 * user picked. Paths are relative to the folder of the model's main file and already checked by
 * {@link checkRelativePath}.
 */
export interface ModelSource {
  /** The location of `relativePath` as a person would name it (a path or URL), for messages. */
  locate(relativePath: string): string;
  /**
   * The file's bytes; a missing file, one that is not a regular file, or one larger than
   * `limit.bytes` (checked before it is read) throws a {@link ModelLoadError} naming it.
   */
  read(relativePath: string, limit: ReadLimit): Promise<Uint8Array>;
  /** The file's bytes, or `undefined` when there is no such file (for optional companions). */
  readOptional(relativePath: string, limit: ReadLimit): Promise<Uint8Array | undefined>;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Normalises a path that a model file names relative to its own folder (a weight shard, a label
 * file) and refuses any that could reach outside that folder: absolute paths, URLs, drive letters,
 * backslashes and `..` steps that climb above the folder. `referrer` names the file that holds the
 * path, for the error.
 */
export function checkRelativePath(path: string, referrer: string): string {
  const refuse = (why: string): never => {
    throw new ModelLoadError(referrer, `weight path '${path}' ${why}; paths must stay inside the model's folder`);
  };
  if (typeof path !== 'string' || path.length === 0) refuse('is empty');
  if (path.includes('\\') || path.includes('\0')) refuse('contains a backslash or NUL character');
  if (path.startsWith('/')) refuse('is absolute');
  if (SCHEME.test(path)) refuse('is a URL or drive path');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) refuse('climbs out of the folder');
      parts.pop();
    } else {
      parts.push(part);
    }
  }
  if (parts.length === 0) refuse('names no file');
  return parts.join('/');
}

/** The last segment of a `/`-separated path or URL path. */
export function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}
