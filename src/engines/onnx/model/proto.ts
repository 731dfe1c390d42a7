/**
 * The ONNX protobuf schema (onnx-proto, a maintained protobufjs build of onnx.proto) and the
 * conversions its decoded values need: 64-bit integers arrive as Long objects.
 */
import onnxProto from 'onnx-proto';

/** The onnx namespace of onnx-proto (values and types): ModelProto, TensorProto ... */
export import onnx = onnxProto.onnx;

/** A protobuf 64-bit integer as protobufjs decodes it. */
export type Int64 = number | { toNumber(): number; low: number; high: number };

/** `value` as a JS number, or an error naming `what` when it is not a safe integer. */
export function toInt(value: Int64 | null | undefined, what: string): number {
  const n = value === null || value === undefined ? 0 : typeof value === 'number' ? value : value.toNumber();
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what}: ${String(n)} is not a safe integer`);
  return n;
}
