// Types of scripts/esbuild-options.mjs for the TypeScript that imports it (test/support/compiled-cli.ts).
import type { BuildOptions } from 'esbuild';

/** esbuild options for one Node bundle of the sources: ESM, node20, packages left as imports. */
export declare const NODE_BUNDLE: Readonly<BuildOptions>;

/** Makes `dir` a module folder importing packages through a link to `root`'s node_modules. */
export declare function linkPackages(root: string, dir: string): void;
