// The `saliency` command compiled once per run of the tests, laid out as the installed package is
// (bin/saliency.js beside dist/cli/main.js, no src/), so tests spawn the real bin script on its
// compiled branch. A CLI process started from the TypeScript source through tsx spends ~2 s of CPU
// resolving and loading the sources before it starts; the CLI tests spawn ~100 of them.
// The build is named after a fingerprint of the sources (src/, bin/) and built with esbuild (which tsx
// itself uses to compile), so it is never stale; test files running in parallel that both find it
// missing both build it and the first rename wins (the builds are identical).
import { buildSync } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { linkPackages, NODE_BUNDLE } from '../../scripts/esbuild-options.mjs';
import { sourceFingerprint } from './source-fingerprint.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Folders whose files go into the build. */
const SOURCES = ['src', 'bin'];

let built: string | undefined;

/** The path of bin/saliency.js in a compiled copy of the CLI as the sources are now (built on first use). */
export function compiledCliBin(): string {
  built ??= build();
  return built;
}

function build(): string {
  const dir = join(tmpdir(), `tfjs-saliency-cli-${sourceFingerprint(ROOT, SOURCES)}`);
  const bin = join(dir, 'bin', 'saliency.js');
  if (existsSync(bin)) return bin;
  const staging = `${dir}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, 'bin'), { recursive: true });
  // Packages stay imports, resolved through a link to the checkout's node_modules.
  buildSync({ ...NODE_BUNDLE, entryPoints: [join(ROOT, 'src', 'cli', 'main.ts')], outfile: join(staging, 'dist', 'cli', 'main.js') });
  linkPackages(ROOT, staging);
  copyFileSync(join(ROOT, 'bin', 'saliency.js'), join(staging, 'bin', 'saliency.js'));
  try {
    renameSync(staging, dir);
  } catch (error) {
    // another test file renamed its identical build first
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(bin)) throw error;
  }
  return bin;
}
