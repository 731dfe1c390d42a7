// A fingerprint of source folders, naming the builds the tests share (the explorer's Vite build, the
// compiled CLI) so that a build is made again exactly when a file it reads changed.
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A short hash of the paths, sizes and modification times of the files under `folders` of `root` (node_modules and dist skipped). */
export function sourceFingerprint(root: string, folders: readonly string[]): string {
  const hash = createHash('sha256');
  const visit = (path: string): void => {
    for (const name of readdirSync(path).sort()) {
      if (name === 'node_modules' || name === 'dist') continue;
      const child = join(path, name);
      const stats = statSync(child);
      if (stats.isDirectory()) visit(child);
      else hash.update(`${child}\0${stats.size}\0${stats.mtimeMs}\n`);
    }
  };
  folders.forEach((folder) => visit(join(root, folder)));
  return hash.digest('hex').slice(0, 16);
}
