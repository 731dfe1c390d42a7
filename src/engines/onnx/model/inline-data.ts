/**
 * The bytes ONNX Runtime loads: the model file as it is, or, when some initializers live in external
 * files, the model re-encoded (onnx-proto) with their already read and checked values inline, so the
 * runtime never opens a file itself.
 */
import type { OnnxModelData } from './decode-model.ts';
import { onnx } from './proto.ts';

/** `bytes` with every external initializer replaced by its values from `data`. */
export function inlineExternalData(bytes: Uint8Array, data: OnnxModelData): Uint8Array {
  const model = onnx.ModelProto.decode(bytes);
  const external = (model.graph?.initializer ?? []).filter((t) => t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL);
  if (external.length === 0) return bytes;
  for (const tensor of external) {
    const values = data.initializers.get(tensor.name ?? '')?.data;
    if (!values) throw new Error(`inlineExternalData: initializer '${tensor.name}' was not decoded`);
    tensor.rawData = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    tensor.dataLocation = onnx.TensorProto.DataLocation.DEFAULT;
    tensor.externalData = [];
  }
  return onnx.ModelProto.encode(model).finish();
}
