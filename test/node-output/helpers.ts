import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs `body` in a fresh temporary directory that is removed afterwards. */
export async function inTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'tfjs-saliency-output-'));
  try {
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The names in `dir`, sorted. */
export async function listing(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}
