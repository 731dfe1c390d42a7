/** NumPy's `.npy` format, browser-safe (downloads in the explorer, files in Node). */
import { type NdArray, sizeOf } from '../core/ndarray.ts';

const MAGIC = [0x93, ...Array.from('NUMPY', (c) => c.charCodeAt(0))];
/** NumPy pads the header so that the data starts at a multiple of 64 bytes. */
const ALIGNMENT = 64;

/**
 * Encodes an {@link NdArray} in NumPy's `.npy` format version 1.0: dtype `'<f4'` (little-endian
 * float32), C order, the array's shape; `numpy.load` reads it back unchanged.
 */
export function encodeNpy(array: NdArray): Uint8Array<ArrayBuffer> {
  const { data, shape } = array;
  if (!shape.every((d) => Number.isInteger(d) && d >= 0) || data.length !== sizeOf(shape)) {
    throw new RangeError(`array: shape [${shape.join(', ')}] does not fit its ${data.length} values`);
  }
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dictionary = `{'descr': '<f4', 'fortran_order': False, 'shape': ${tuple}, }`;
  const unpadded = MAGIC.length + 2 + 2 + dictionary.length + 1;
  const header = `${dictionary}${' '.repeat((ALIGNMENT - (unpadded % ALIGNMENT)) % ALIGNMENT)}\n`;
  if (header.length > 0xffff) throw new RangeError(`array: a shape of ${shape.length} dimensions is too long for a .npy v1.0 header`);
  const prefix = MAGIC.length + 4 + header.length;
  const bytes = new Uint8Array(prefix + data.length * 4);
  const view = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  bytes.set([1, 0], MAGIC.length);
  view.setUint16(MAGIC.length + 2, header.length, true);
  bytes.set(Array.from(header, (c) => c.charCodeAt(0)), MAGIC.length + 4);
  data.forEach((v, i) => view.setFloat32(prefix + 4 * i, v, true));
  return bytes;
}
