import { KERAS_FILE_EXTENSIONS, MODEL_FILE_NAMES } from './loaded-model.ts';
import { ModelLoadError } from './model-load-error.ts';
import { checkRead } from './limits.ts';
import { baseName, type ModelSource, type ReadLimit } from './model-source.ts';
import { SaliencyError } from '../core/errors.ts';

/** A file the user picked (a browser `File`; Node 20's global `File` works too). */
export interface PickedFile {
  readonly name: string;
  /** Its size in bytes (a `File` has it), checked against the load's limits before it is read. */
  readonly size?: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * A {@link ModelSource} over files the user picked (an `<input type=file multiple>` or a drop):
 * paths named in model.json are matched to the picked files by their last segment. Returns the
 * source and the main file: `model.json` if picked, else the one Keras file (`.h5`, `.hdf5`, `.keras`).
 */
export function fileListSource(files: Iterable<PickedFile> | ArrayLike<PickedFile>): { source: ModelSource; entry: string } {
  const byName = new Map<string, PickedFile>();
  for (const file of Array.from(files)) byName.set(file.name, file);
  const names = [...byName.keys()];
  const entry = pickEntry(names);
  const source: ModelSource = {
    locate: (path) => baseName(path),
    read: async (path, limit) => {
      const file = byName.get(baseName(path));
      if (file === undefined) {
        throw new ModelLoadError(baseName(path), `is needed but was not among the picked files (${names.join(', ')}); pick it too`);
      }
      return readPicked(file, limit);
    },
    readOptional: async (path, limit) => {
      const file = byName.get(baseName(path));
      return file === undefined ? undefined : readPicked(file, limit);
    },
  };
  return { source, entry };
}

/** A picked file's bytes, refused by its size before reading when it is larger than the limit. */
async function readPicked(file: PickedFile, limit: ReadLimit): Promise<Uint8Array> {
  if (typeof file.size === 'number') checkRead(file.name, file.size, limit);
  const bytes = new Uint8Array(await file.arrayBuffer());
  checkRead(file.name, bytes.byteLength, limit);
  return bytes;
}

/** The model's main file among `names`: model.json, else the only Keras file. */
export function pickEntry(names: readonly string[], where = 'the picked files'): string {
  const json = MODEL_FILE_NAMES.find((name) => names.includes(name));
  if (json !== undefined) return json;
  const keras = names.filter((name) => KERAS_FILE_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext)));
  if (keras.length === 1) return keras[0] as string;
  const expected = `a model.json or one Keras file (${KERAS_FILE_EXTENSIONS.join(', ')})`;
  const problem =
    keras.length === 0
      ? `${where} hold no model: expected ${expected}; got ${names.join(', ') || 'nothing'}`
      : `${where} hold several Keras files (${keras.join(', ')}); expected ${expected}`;
  throw new SaliencyError('INVALID_ARGUMENT', `files: ${problem}`, 'files');
}
