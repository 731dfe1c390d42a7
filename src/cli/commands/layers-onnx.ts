/**
 * `saliency layers --model m.onnx`: the tensors between the input and the scores (node, op, output
 * tensor, shape with the batch as N), marking those a CAM can read (--layer takes the tensor or the
 * node name), then the input, the outputs and the default CAM layer.
 */
import { onnxTensors } from '../../engines/onnx/model/tensors.ts';
import { describeOnnxModel, openOnnxModel, type OnnxArgs } from '../onnx/onnx-session.ts';
import type { SessionOptions } from '../session.ts';
import { printTable } from '../text-table.ts';

/** Prints the tensor table of an ONNX model. */
export async function layersOnnxCommand(args: SessionOptions & OnnxArgs, print: (line: string) => void): Promise<void> {
  const model = await openOnnxModel(args);
  try {
    const tensors = onnxTensors(model);
    const rows = tensors.map((t) => [String(t.index), t.node, t.op, `[${t.shape.join(', ')}]`, t.spatial ? 'yes' : '', t.tensor]);
    const header = ['index', 'node', 'op', 'shape', 'CAM', 'tensor (for --layer)'];
    printTable(header, rows, print);
    print(describeOnnxModel(args.model, model));
    print(`outputs (for --output): ${model.data.outputs.map((o, i) => `${i} '${o.name}' [${o.shape.map((d) => d ?? '?').join(', ')}]`).join(', ')}`);
    const camDefault = tensors.filter((t) => t.spatial).at(-1);
    print(camDefault ? `CAM methods read '${camDefault.tensor}' unless --layer names another (shapes are NCHW, as ONNX ops take them)` : 'no 4-D map with height and width above 1: CAM methods cannot run on this model');
  } finally {
    model.dispose();
  }
}
