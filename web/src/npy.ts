import type { NdArray } from '../../src/core/ndarray.ts';

/**
 * An {@link NdArray} as a NumPy `.npy` file (format 1.0, little-endian float32, C order), readable
 * with `numpy.load`. The header is padded so the data starts at a multiple of 64 bytes.
 */
export function encodeNpy(array: NdArray): Uint8Array<ArrayBuffer> {
  const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  const dictionary = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shape}, }`;
  const preamble = 10; // magic (6) + version (2) + header length (2)
  const padded = Math.ceil((preamble + dictionary.length + 1) / 64) * 64;
  const header = `${dictionary}${' '.repeat(padded - preamble - dictionary.length - 1)}\n`;
  const out = new Uint8Array(padded + array.data.length * 4);
  out.set([0x93, ...'NUMPY'.split('').map((c) => c.charCodeAt(0)), 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), preamble);
  const view = new DataView(out.buffer, padded);
  array.data.forEach((v, i) => view.setFloat32(4 * i, v, true));
  return out;
}
