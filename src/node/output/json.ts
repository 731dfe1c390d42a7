import type { NdArray } from '../../core/ndarray.ts';
import { writeFileAtomic } from './atomic-write.ts';

/** The JSON form of a map: its shape and its values in row-major order. */
export interface MapJson {
  readonly shape: number[];
  readonly data: number[];
}

/** A map as plain JSON data (`{shape, data}`); non-finite values become `null` once stringified. */
export function mapToJson(array: NdArray): MapJson {
  return { shape: [...array.shape], data: Array.from(array.data) };
}

/**
 * Writes `value` as JSON to `path`, atomically; typed arrays (such as a map's `Float32Array`) are
 * written as plain arrays.
 * @param indent spaces per level; default 2
 */
export async function writeJson(path: string, value: unknown, indent = 2): Promise<void> {
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as unknown as ArrayLike<number>) : v),
    indent,
  );
  if (text === undefined) throw new TypeError(`value: cannot be written as JSON (got ${typeof value})`);
  await writeFileAtomic(path, `${text}\n`);
}
