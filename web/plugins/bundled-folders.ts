// The Vite plugin both bundled-model plugins are (bundled-assets.ts: image models, bundled-text.ts:
// text models): a virtual module describing the model folders, and each folder's shipped files
// emitted into the build and served by the dev server (a real 404 for any other file of the folder).
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Plugin } from 'vite';

/** What one bundled-folders plugin offers. */
export interface BundledFolders<F extends { readonly id: string }> {
  /** The plugin's name. */
  readonly name: string;
  /** The virtual module's id, e.g. 'virtual:bundled-assets'. */
  readonly virtualId: string;
  /** The model folders (under the models root) it offers. */
  readonly ids: readonly string[];
  /** Reads and checks folder `id` (its `id` is the folder's name; rejects with a message naming the file at fault). */
  read(id: string): Promise<F>;
  /** The files of a folder the page fetches (names inside the folder). */
  shipped(folder: F): readonly string[];
  /** The virtual module's source, from every folder read. */
  module(folders: readonly F[]): string;
}

/** The content type the dev server gives a shipped file. */
function contentType(name: string): string {
  const ext = extname(name);
  return ext === '.json' ? 'application/json' : ext === '.txt' ? 'text/plain' : 'application/octet-stream';
}

/**
 * Serves (dev) and emits (build) `models/<id>/<file>` for the shipped files of each of `spec.ids`,
 * and provides `spec.virtualId`.
 * @param modelsRoot absolute path of the folder holding the model folders (the repository's models/)
 */
export function bundledFolders<F extends { readonly id: string }>(modelsRoot: string, spec: BundledFolders<F>): Plugin {
  const resolved = `\0${spec.virtualId}`;
  const all = (): Promise<F[]> => Promise.all(spec.ids.map((id) => spec.read(id)));
  return {
    name: spec.name,
    resolveId: (id) => (id === spec.virtualId ? resolved : undefined),
    async load(id) {
      return id === resolved ? spec.module(await all()) : undefined;
    },
    async generateBundle() {
      for (const folder of await all()) {
        for (const name of spec.shipped(folder)) this.emitFile({ type: 'asset', fileName: `models/${folder.id}/${name}`, source: readFileSync(join(modelsRoot, folder.id, name)) });
      }
    },
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const [, model, name] = /^\/models\/([\w-]+)\/([\w.-]+)$/.exec(request.url?.split('?')[0] ?? '') ?? [];
        if (model === undefined || name === undefined || !spec.ids.includes(model)) return next();
        spec.read(model).then((folder) => {
          if (!spec.shipped(folder).includes(name)) {
            // A real 404, as a static host gives, not the dev server's index.html fallback.
            response.statusCode = 404;
            response.end();
            return;
          }
          response.setHeader('content-type', contentType(name));
          response.end(readFileSync(join(modelsRoot, model, name)));
        }, next);
      });
    },
  };
}
