/** Finding the images of `saliency batch --images DIR|GLOB`. */
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './errors.ts';

/** File endings taken as images when a folder is given. */
export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp', '.gif'] as const;

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${escaped}$`, 'i');
}

/**
 * The image files a folder holds (by extension), or those a pattern with `*` and `?` in its last
 * part matches; sorted by name. A folder that does not exist is an error naming it.
 */
export async function listImages(spec: string): Promise<string[]> {
  const path = resolve(spec);
  const wildcard = /[*?]/.test(basename(spec));
  const folder = wildcard ? dirname(path) : path;
  const info = await stat(folder).catch(() => undefined);
  if (!info?.isDirectory()) {
    const error = new Error(`--images: the folder '${folder}' does not exist`);
    throw wildcard || !info ? error : new UsageError(`--images: '${spec}' is a file; give a folder or a pattern such as 'photos/*.jpg'`);
  }
  const match = wildcard ? globToRegExp(basename(path)) : undefined;
  const names = (await readdir(folder)).filter((name) =>
    match ? match.test(name) : IMAGE_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext)),
  );
  return names.sort().map((name) => join(folder, name));
}

/** File names kept as they are in output names: lower case letters, digits, '_', '-' and '.', not hidden, not too long. */
const PLAIN_NAME = /^[a-z0-9_-][a-z0-9_.-]{0,99}$/;

/**
 * The stem of an image's output file names: unique per image name and the same in every run (it
 * depends on the name alone). A plain name is kept whole ('a.b.png'); any other ('a b.png',
 * 'Photo.JPG', 'été.png') is made safe and given '~' and a hash of the name, a character plain names
 * never hold, so no two names share a stem, even on file systems that ignore case.
 */
export function outputStem(imagePath: string): string {
  const name = basename(imagePath);
  if (PLAIN_NAME.test(name)) return name;
  const safe = name.replace(/[^\w.-]+/g, '-').replace(/^\./, '-').slice(0, 80);
  return `${safe}~${createHash('sha256').update(name).digest('hex').slice(0, 10)}`;
}
