// One Vite build of the explorer shared by every browser test file of a run: built once into a
// temporary folder named after a fingerprint of the sources (web/, src/, models/), under a lock so that
// test files running in parallel wait for the first one instead of building again.
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { explorerConfig } from '../../web/vite.config.ts';
import { sourceFingerprint } from '../support/source-fingerprint.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Folders whose files go into the build. */
const SOURCES = ['web', 'src', 'models'];
/** How long a test file waits for another one's build. */
const WAIT_MS = 240_000;

/** The folder holding the explorer built from the sources as they are now (built on first use). */
export async function sharedExplorerBuild(): Promise<string> {
  const dir = join(tmpdir(), `tfjs-saliency-explorer-${sourceFingerprint(ROOT, SOURCES)}`);
  const lock = `${dir}.lock`;
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    if (existsSync(join(dir, 'index.html'))) return dir;
    try {
      mkdirSync(lock);
    } catch {
      if (Date.now() > deadline) throw new Error(`explorer build: waited ${WAIT_MS / 1000} s for ${lock} to go away`);
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > WAIT_MS) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    try {
      if (existsSync(join(dir, 'index.html'))) return dir;
      const building = `${dir}.building-${process.pid}`;
      await build(explorerConfig({ outDir: building, modelsRoot: join(ROOT, 'models') }));
      rmSync(dir, { recursive: true, force: true });
      renameSync(building, dir);
      return dir;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}
