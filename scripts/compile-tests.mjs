// The test files run from bundles: each *.test.ts bundled with its TypeScript imports by esbuild
// (packages stay imports; modules shared by several files go to shared chunks), so a test process
// loads a few files instead of resolving every source through tsx's loader: 1-2 s of CPU less per
// test file. Each source keeps its own import.meta.url, dirname and filename (paths built from them
// point into the checkout as before) and its names (keepNames); tsx stays loaded for the .ts files a
// test starts at run time (child processes, workers, computed imports). Files that drive a browser
// are not bundled: Playwright sends the source of their page functions to the page as it is.
import { build } from 'esbuild';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { linkPackages, NODE_BUNDLE } from './esbuild-options.mjs';

/** Whether test file `file` (relative path) with `source` drives a browser, and so runs from its source. */
const drivesBrowser = (file, source) => file.startsWith('test/browser/') || /playwright|chromium|page\.evaluate/.test(source);

/** Bundles `files` (relative to `root`) into a fresh temporary folder; returns it and what to run, in order. */
export async function compileTests(root, files) {
  const out = mkdtempSync(join(tmpdir(), 'tfjs-saliency-tests-'));
  linkPackages(root, out);
  const bundled = files.filter((file) => !drivesBrowser(file, readFileSync(join(root, file), 'utf8')));
  const ownMeta = {
    name: 'own-import-meta',
    setup(esbuild) {
      esbuild.onLoad({ filter: /\.ts$/ }, ({ path }) => ({
        loader: 'ts',
        contents: readFileSync(path, 'utf8')
          .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href))
          .replaceAll('import.meta.dirname', JSON.stringify(dirname(path)))
          .replaceAll('import.meta.filename', JSON.stringify(path)),
      }));
    },
  };
  await build({
    entryPoints: bundled.map((file) => join(root, file)),
    outbase: root,
    outdir: out,
    outExtension: { '.js': '.mjs' },
    ...NODE_BUNDLE,
    splitting: true,
    keepNames: true,
    plugins: [ownMeta],
  });
  return { dir: out, files: files.map((file) => (bundled.includes(file) ? join(out, file.replace(/\.ts$/, '.mjs')) : file)) };
}
