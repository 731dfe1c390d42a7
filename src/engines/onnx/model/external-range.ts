/**
 * ONNX external data (initializers kept in `.data` files beside the `.onnx`) without a file system:
 * the byte-range checks every reader applies (Node's node/external-files.ts shares them), and a
 * reader over files already in memory (files a user dropped on a page), which only reads files given
 * by their bare name and counts every byte against the load's budget before copying it.
 */
import { ModelLoadError } from '../../../io/model-load-error.ts';
import type { ByteBudget } from '../../../io/limits.ts';
import type { ExternalLocation, ExternalReader } from './tensor.ts';

/** The byte range of `tensor` in the file `path` of `fileSize` bytes; errors when it leaves the file or does not hold `bytes`. */
export function externalRange(path: string, tensor: string, where: ExternalLocation, fileSize: number, bytes: number): { readonly offset: number; readonly length: number } {
  const length = where.length ?? fileSize - where.offset;
  if (where.offset + length > fileSize || length < 0 || where.offset < 0) {
    throw new ModelLoadError(path, `tensor '${tensor}' reads bytes ${where.offset} to ${where.offset + length} of a ${fileSize}-byte file`);
  }
  if (length !== bytes) throw new ModelLoadError(path, `tensor '${tensor}' stores ${length} bytes; its shape needs ${bytes}`);
  return { offset: where.offset, length };
}

/**
 * A reader of the external data of `modelFile` from `files` (bare file name -> bytes), counting what
 * it copies against `budget`. A location that is a path (a folder, `..`) or names no given file fails,
 * saying which file to give with the model.
 */
export function memoryExternalReader(modelFile: string, files: ReadonlyMap<string, Uint8Array>, budget: ByteBudget): ExternalReader {
  return (tensor, where, bytes) => {
    const { location } = where;
    if (/[\\/\0]/.test(location) || location === '..' || location === '.') {
      throw new ModelLoadError(modelFile, `tensor '${tensor}': external data location '${location}' is a path; only files beside the model, given with it, are read`);
    }
    const file = files.get(location);
    if (file === undefined) {
      const given = files.size === 0 ? 'none was given' : `given: ${[...files.keys()].join(', ')}`;
      throw new ModelLoadError(modelFile, `tensor '${tensor}' is stored in the external file '${location}': open it together with the model (${given})`);
    }
    const { offset, length } = externalRange(location, tensor, where, file.length, bytes);
    budget.take(location, length);
    return file.slice(offset, offset + length);
  };
}
