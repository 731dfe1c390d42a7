// The esbuild settings shared by the two builds the tests run from: the test bundles
// (scripts/compile-tests.mjs) and the compiled `saliency` command (test/support/compiled-cli.ts).
// Both bundle the TypeScript sources as ES modules for Node 20 and leave packages as imports,
// resolved through a node_modules link to the checkout's in the folder the build is written to.
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** esbuild options for one Node bundle of the sources: ESM, node20, packages left as imports. */
export const NODE_BUNDLE = Object.freeze({
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'error',
});

/**
 * Makes `dir` a module folder whose bundles import packages as the checkout at `root` does: a link
 * to its node_modules and a package.json of type module.
 */
export function linkPackages(root, dir) {
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
}
