/**
 * Reads ONNX external data (initializers kept in `.data` files beside the `.onnx`) with bounds: each
 * location must name a regular file inside the model's folder (no absolute paths, no `..`, no links
 * out), each byte range must lie inside it, and every byte counts against the load's maxModelBytes
 * before it is allocated.
 */
import { closeSync, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ModelLoadError } from '../../../../io/model-load-error.ts';
import type { ByteBudget } from '../../../../io/limits.ts';
import type { ExternalLocation, ExternalReader } from '../tensor.ts';
import { externalRange } from '../external-range.ts';

/** A reader of external data under `folder`, and `close()` to release its open files. */
export interface ExternalFiles {
  readonly read: ExternalReader;
  close(): void;
}

/** External data of the model `modelFile`, read from files in `folder` against `budget`. */
export function externalFiles(modelFile: string, folder: string, budget: ByteBudget): ExternalFiles {
  const root = realpathSync(folder);
  const open = new Map<string, { fd: number; size: number; path: string }>();
  const fileOf = (tensor: string, location: string) => {
    const cached = open.get(location);
    if (cached) return cached;
    const path = confined(modelFile, root, tensor, location);
    const fd = openSync(path, 'r');
    const info = fstatSync(fd);
    if (!info.isFile()) {
      closeSync(fd);
      throw new ModelLoadError(path, `is not a regular file (external data of tensor '${tensor}' in ${modelFile})`);
    }
    const file = { fd, size: info.size, path };
    open.set(location, file);
    return file;
  };
  return {
    read(tensor: string, where: ExternalLocation, bytes: number): Uint8Array {
      const file = fileOf(tensor, where.location);
      externalRange(file.path, tensor, where, file.size, bytes);
      budget.take(file.path, bytes);
      const data = new Uint8Array(bytes);
      let done = 0;
      while (done < bytes) {
        const got = readSync(file.fd, data, done, bytes - done, where.offset + done);
        if (got === 0) throw new ModelLoadError(file.path, `ended before the bytes of tensor '${tensor}'`);
        done += got;
      }
      return data;
    },
    close() {
      for (const { fd } of open.values()) closeSync(fd);
      open.clear();
    },
  };
}

/** The real path of `location` under `root`, or an error when it points elsewhere. */
function confined(modelFile: string, root: string, tensor: string, location: string): string {
  const refuse = (why: string) => new ModelLoadError(modelFile, `tensor '${tensor}': external data location '${location}' ${why}; it must name a file in the model's folder`);
  if (isAbsolute(location) || location.includes('\0')) throw refuse('is an absolute path');
  const inside = (path: string) => {
    const rel = relative(root, path);
    return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
  };
  const path = resolve(join(root, location));
  if (!inside(path)) throw refuse('leaves the folder');
  let real: string;
  try {
    real = realpathSync(path);
  } catch (error) {
    throw new ModelLoadError(path, `does not exist (external data of tensor '${tensor}' in ${modelFile})`, { cause: error });
  }
  if (!inside(real)) throw refuse('is a link out of the folder');
  return real;
}
