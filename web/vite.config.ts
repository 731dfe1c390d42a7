import { fileURLToPath } from 'node:url';
import { defineConfig, type InlineConfig } from 'vite';
import { bundledAssets } from './plugins/bundled-assets.ts';
import { bundledText } from './plugins/bundled-text.ts';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));

/** Where the explorer's build goes and which models it bundles. */
export interface ExplorerBuildOptions {
  /** Output folder. Default web/dist. */
  readonly outDir?: string;
  /** Folder holding the bundled model folders. Default the repository's models/. */
  readonly modelsRoot?: string;
}

/**
 * The explorer's build: a static site with relative URLs (it works from any folder or static host),
 * the TF.js worker as an ES module, the wasm binaries and the bundled models as its own files.
 */
export function explorerConfig(options: ExplorerBuildOptions = {}): InlineConfig {
  return {
    configFile: false,
    root: webRoot,
    base: './',
    publicDir: false,
    logLevel: 'warn',
    plugins: [bundledAssets(options.modelsRoot ?? `${repositoryRoot}models`), bundledText(options.modelsRoot ?? `${repositoryRoot}models`)],
    // The page imports the library by its package name, as a user's app would; here it is the source.
    resolve: { alias: [{ find: /^tfjs-saliency$/, replacement: `${repositoryRoot}src/index.ts` }] },
    worker: {
      format: 'es',
      rolldownOptions: {
        // Bundling tfjs into the worker takes a few seconds: expected, not worth a warning.
        checks: { bundlerTimings: false },
        // The HDF5 reader tells groups from datasets by their class names, which minifying would change.
        output: { keepNames: true },
      },
    },
    build: {
      outDir: options.outDir ?? `${webRoot}dist`,
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 4096,
      rolldownOptions: { checks: { bundlerTimings: false } },
    },
    server: { fs: { allow: [repositoryRoot] } },
  };
}

export default defineConfig(explorerConfig());
