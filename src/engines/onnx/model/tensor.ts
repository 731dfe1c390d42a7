/**
 * ONNX tensors (initializers, Constant values) as typed arrays: raw_data (little-endian bytes) or the
 * typed repeated fields, and data stored outside the model file through a reader the loader gives.
 */
import { onnx, toInt, type Int64 } from './proto.ts';

/** The element types an initializer may have here, named as ORT names them. */
export type OnnxDataType = 'float32' | 'float64' | 'int64' | 'int32' | 'int8' | 'uint8' | 'bool';

/** The typed array of each {@link OnnxDataType}. */
export type OnnxTypedArray = Float32Array | Float64Array | BigInt64Array | Int32Array | Int8Array | Uint8Array;

/** A decoded tensor: its name, shape and values. */
export interface OnnxTensorData {
  readonly name: string;
  readonly type: OnnxDataType;
  readonly dims: readonly number[];
  readonly data: OnnxTypedArray;
}

/** Where an external tensor's bytes are: a file beside the model, and a byte range of it. */
export interface ExternalLocation {
  readonly location: string;
  readonly offset: number;
  /** Bytes to read; undefined means to the end of the file. */
  readonly length: number | undefined;
}

/** Reads the bytes of an external tensor, checking the location and sizes (see external-data.ts). */
export type ExternalReader = (tensor: string, where: ExternalLocation, bytes: number) => Uint8Array;

const TYPES: Partial<Record<number, { type: OnnxDataType; size: number }>> = {
  [onnx.TensorProto.DataType.FLOAT]: { type: 'float32', size: 4 },
  [onnx.TensorProto.DataType.DOUBLE]: { type: 'float64', size: 8 },
  [onnx.TensorProto.DataType.INT64]: { type: 'int64', size: 8 },
  [onnx.TensorProto.DataType.INT32]: { type: 'int32', size: 4 },
  [onnx.TensorProto.DataType.INT8]: { type: 'int8', size: 1 },
  [onnx.TensorProto.DataType.UINT8]: { type: 'uint8', size: 1 },
  [onnx.TensorProto.DataType.BOOL]: { type: 'bool', size: 1 },
};

/** The element type and byte size of ONNX data type code `code`, or an error naming `what`. */
export function elementType(code: number, what: string): { type: OnnxDataType; size: number } {
  const found = TYPES[code];
  if (found) return found;
  const name = onnx.TensorProto.DataType[code] ?? String(code);
  throw new RangeError(`${what}: element type ${name} is not supported; supported: ${Object.values(TYPES).map((t) => t?.type).join(', ')}`);
}

/** Decodes `tensor`; `readExternal` supplies data kept in files beside the model. */
export function decodeTensor(tensor: onnx.ITensorProto, readExternal: ExternalReader | undefined): OnnxTensorData {
  const name = tensor.name ?? '';
  const what = `tensor '${name}'`;
  const { type, size } = elementType(tensor.dataType ?? 0, what);
  const dims = (tensor.dims ?? []).map((d, i) => toInt(d as Int64, `${what} dims[${i}]`));
  if (dims.some((d) => d < 0)) throw new RangeError(`${what}: negative dimension in [${dims.join(', ')}]`);
  const count = dims.reduce((a, b) => a * b, 1);
  const bytes = count * size;
  if (tensor.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) {
    if (!readExternal) throw new RangeError(`${what}: its data is in an external file, and no folder was given to read it from`);
    return { name, type, dims, data: fromBytes(type, size, readExternal(name, externalLocation(tensor, what), bytes), count, what) };
  }
  if (tensor.rawData && tensor.rawData.length > 0) return { name, type, dims, data: fromBytes(type, size, tensor.rawData, count, what) };
  return { name, type, dims, data: fromFields(tensor, type, count, what) };
}

function externalLocation(tensor: onnx.ITensorProto, what: string): ExternalLocation {
  const entries = new Map((tensor.externalData ?? []).map((e) => [e.key ?? '', e.value ?? '']));
  const location = entries.get('location');
  if (!location) throw new RangeError(`${what}: external data without a 'location'`);
  const number = (key: string): number | undefined => {
    const text = entries.get(key);
    if (text === undefined) return undefined;
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw new RangeError(`${what}: external data ${key} '${text}' is not a byte count`);
    return Number(text);
  };
  return { location, offset: number('offset') ?? 0, length: number('length') };
}

/** Values from little-endian bytes, copied to an aligned buffer (raw_data may sit at any offset). */
function fromBytes(type: OnnxDataType, size: number, raw: Uint8Array, count: number, what: string): OnnxTypedArray {
  if (raw.length !== count * size) throw new RangeError(`${what}: holds ${raw.length} bytes; its shape needs ${count * size}`);
  if (!LITTLE_ENDIAN) throw new RangeError(`${what}: raw ONNX data is little-endian; this machine is not`);
  const copy = new Uint8Array(raw.length);
  copy.set(raw);
  switch (type) {
    case 'float32': return new Float32Array(copy.buffer);
    case 'float64': return new Float64Array(copy.buffer);
    case 'int64': return new BigInt64Array(copy.buffer);
    case 'int32': return new Int32Array(copy.buffer);
    case 'int8': return new Int8Array(copy.buffer);
    default: return copy;
  }
}

function fromFields(tensor: onnx.ITensorProto, type: OnnxDataType, count: number, what: string): OnnxTypedArray {
  const values: readonly unknown[] =
    type === 'float32' ? (tensor.floatData ?? []) : type === 'float64' ? (tensor.doubleData ?? []) : type === 'int64' ? (tensor.int64Data ?? []) : (tensor.int32Data ?? []);
  if (values.length !== count) throw new RangeError(`${what}: holds ${values.length} values; its shape needs ${count}`);
  switch (type) {
    case 'float32': return Float32Array.from(values as number[]);
    case 'float64': return Float64Array.from(values as number[]);
    case 'int64': return BigInt64Array.from(values as Int64[], (v, i) => BigInt(toInt(v, `${what}[${i}]`)));
    case 'int32': return Int32Array.from(values as number[]);
    case 'int8': return Int8Array.from(values as number[]);
    default: return Uint8Array.from(values as number[]);
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
