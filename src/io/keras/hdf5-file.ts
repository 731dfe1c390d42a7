import type { Dataset, File as H5File, Group } from 'h5wasm';
import { resolveLoadLimits, type LoadLimits } from '../limits.ts';
import { ModelLoadError } from '../model-load-error.ts';
import { checkDatasetSizes } from './hdf5-limits.ts';

export type { Dataset, Group, H5File };

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * True when `bytes` hold an HDF5 file: its signature sits at offset 0, or at 512, 1024, 2048, ...
 * when the file starts with a user block.
 */
export function isHdf5(bytes: Uint8Array): boolean {
  for (let offset = 0; offset + SIGNATURE.length <= bytes.length; offset = offset === 0 ? 512 : offset * 2) {
    if (SIGNATURE.every((byte, i) => bytes[offset + i] === byte)) return true;
  }
  return false;
}

let fileCounter = 0;

/**
 * Opens HDF5 bytes read-only with h5wasm (in its in-memory file system, so it works the same in Node
 * and in the browser), runs `read` and always closes and deletes the in-memory copy. h5wasm is
 * imported on first use. `file` names the file in errors. Before `read` runs, the sizes every
 * dataset declares are checked against `limits.maxModelBytes` (a small compressed file can declare
 * gigabytes).
 */
export async function withHdf5File<T>(bytes: Uint8Array, file: string, limits: LoadLimits, read: (h5: H5File) => T): Promise<T> {
  if (!isHdf5(bytes)) throw new ModelLoadError(file, 'not an HDF5 file (no HDF5 signature)');
  const h5wasm = await import('h5wasm');
  const module = await h5wasm.ready;
  const path = `/tfjs-saliency-${++fileCounter}-${Date.now()}.h5`;
  module.FS.writeFile(path, bytes);
  let h5: H5File | undefined;
  module.activate_throwing_error_handler();
  try {
    try {
      h5 = new h5wasm.File(path, 'r');
    } catch (error) {
      throw new ModelLoadError(file, `HDF5 file cannot be opened (${hdf5Problem(error)})`, { cause: error });
    }
    checkDatasetSizes(h5, file, resolveLoadLimits(limits).maxModelBytes);
    return read(h5);
  } catch (error) {
    if (error instanceof ModelLoadError) throw error;
    throw new ModelLoadError(file, `HDF5 file cannot be read (${hdf5Problem(error)})`, { cause: error });
  } finally {
    h5?.close();
    module.deactivate_throwing_error_handler();
    module.FS.unlink(path);
  }
}

/** The innermost entry of an HDF5 error stack, e.g. "truncated file: eof = 100, ...". */
function hdf5Problem(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const entries = [...text.matchAll(/#\d+: .* in [\w.]+\(\): (.*)/g)];
  return entries.at(-1)?.[1] ?? text.trim();
}

/** The group at `path` in `parent`, or `undefined` when there is none (or it is not a group). */
export function groupAt(parent: Group, path: string): Group | undefined {
  const entity = parent.get(path);
  return entity !== null && (entity as { type?: string }).type === 'Group' ? (entity as Group) : undefined;
}

/** The dataset at `path` in `parent`, or `undefined` when there is none. */
export function datasetAt(parent: Group, path: string): Dataset | undefined {
  const entity = parent.get(path);
  return entity !== null && (entity as { type?: string }).type === 'Dataset' ? (entity as Dataset) : undefined;
}

/** A string attribute (stored fixed-length, variable-length or as bytes), or `undefined`. */
export function stringAttribute(owner: Group, name: string): string | undefined {
  if (!(name in owner.attrs)) return undefined;
  const value = owner.attrs[name]?.value;
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  return undefined;
}

/**
 * A list-of-strings attribute as Keras writes it: whole under `name`, or split into `name0`,
 * `name1`, ... when it outgrew HDF5's 64 KB object-header limit. `undefined` when absent.
 */
export function stringListAttribute(owner: Group, name: string): string[] | undefined {
  const parts = name in owner.attrs ? [name] : chunkNames(owner, name);
  if (parts.length === 0) return undefined;
  return parts.flatMap((part) => {
    const value = owner.attrs[part]?.value;
    const list: unknown[] = Array.isArray(value)
      ? value
      : ArrayBuffer.isView(value) && !(value instanceof Uint8Array)
        ? Array.from(value as ArrayLike<number>)
        : [value];
    return list.map((item) => (item instanceof Uint8Array ? new TextDecoder().decode(item) : String(item)));
  });
}

function chunkNames(owner: Group, name: string): string[] {
  const names: string[] = [];
  while (`${name}${names.length}` in owner.attrs) names.push(`${name}${names.length}`);
  return names;
}

/** A numeric dataset's values as float32 with its shape (scalars get shape `[]`). */
export function readFloat32(dataset: Dataset): { shape: number[]; values: Float32Array } {
  const value = dataset.value;
  const shape = dataset.shape ?? [];
  if (value instanceof Float32Array) return { shape, values: value };
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return { shape, values: Float32Array.from(value as ArrayLike<number | bigint>, Number) };
  }
  if (typeof value === 'number') return { shape, values: Float32Array.of(value) };
  throw new TypeError(`dataset ${dataset.path} holds ${typeof value} values, not numbers`);
}
