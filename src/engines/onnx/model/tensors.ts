/**
 * The inner tensors of an ONNX model that a CAM can read: every node output between the image input
 * and the scores, with its shape (batch 'N'), and the choice of one by name (a tensor or a node) or,
 * by default, the last 4-D activation whose height and width both exceed 1 (the output of the last
 * conv block before global pooling), as the CAM methods pick a layer on Keras models.
 */
import { SaliencyError, listForMessage } from '../../../core/errors.ts';
import type { OnnxDim, OnnxNode } from '../graph/types.ts';
import { pathNodes } from '../autodiff.ts';
import { gradientGraph } from './gradients.ts';
import type { OnnxModel } from './model-types.ts';

/** One node output on the path from the input to the scores. */
export interface OnnxTensorInfo {
  /** Position in the graph's (topological) node order. */
  readonly index: number;
  /** The node that writes it, and its op type. */
  readonly node: string;
  readonly op: string;
  /** The tensor's name: what `layer` options and `--layer` take. */
  readonly tensor: string;
  /** Its shape, the batch axis as 'N' (inner 4-D tensors are NCHW, as ONNX ops take them). */
  readonly shape: readonly OnnxDim[];
  /** True for an NCHW map whose height and width both exceed 1: a tensor a CAM can read. */
  readonly spatial: boolean;
}

/** A chosen CAM tensor and whether it was chosen automatically. */
export interface OnnxCamLayer extends OnnxTensorInfo {
  readonly automatic: boolean;
}

/** The node outputs between the model's input and its scores, in graph order (see the file comment). */
export function onnxTensors(model: OnnxModel): OnnxTensorInfo[] {
  const { graph, of } = gradientGraph(model);
  // every op counts here (a shape computation on the path is listed too)
  const onPath = new Set(pathNodes(graph.nodes, [of], [model.input.name], new Set()));
  const wanted = new Set([of, ...[...onPath].flatMap((n) => n.inputs)]);
  const rows: OnnxTensorInfo[] = [];
  graph.nodes.forEach((node, index) => {
    if (!onPath.has(node)) return;
    for (const tensor of node.outputs.filter((o) => wanted.has(o))) {
      const shape = graph.shapes.get(tensor) ?? [];
      const spatial = shape.length === 4 && shape.slice(2).every((d) => typeof d === 'number' && d > 1);
      rows.push({ index, node: node.name, op: node.op, tensor, shape, spatial });
    }
  });
  return rows;
}

/**
 * The tensor `ref` names (a tensor name, or a node name meaning its output), which must be a 4-D
 * map; or, when `ref` is undefined, the last tensor before the scores with {@link OnnxTensorInfo.spatial}.
 */
export function resolveOnnxCamLayer(model: OnnxModel, ref: string | undefined): OnnxCamLayer {
  const rows = onnxTensors(model);
  const spatial = rows.filter((r) => r.spatial);
  const names = listForMessage(spatial.slice(-12).map((r) => `'${r.tensor}' (${r.op})`));
  if (ref === undefined) {
    const last = spatial[spatial.length - 1];
    if (!last) throw new SaliencyError('LAYER_NOT_FOUND', `layer: ${model.source} has no 4-D activation with height and width above 1 before its scores; CAMs need one`, 'layer');
    return { ...last, automatic: true };
  }
  const found = rows.find((r) => r.tensor === ref) ?? rows.find((r) => r.node === ref);
  if (!found) throw new SaliencyError('INVALID_ARGUMENT', `layer: '${ref}' is not a tensor or node between the input and the scores of ${model.source}; maps a CAM can read: ${names} (saliency layers lists all)`, 'layer');
  if (found.shape.length !== 4) {
    throw new SaliencyError('INVALID_ARGUMENT', `layer: '${found.tensor}' has shape [${found.shape.join(', ')}]; a CAM needs a 4-D map [N, C, H, W]; maps a CAM can read: ${names}`, 'layer');
  }
  return { ...found, automatic: false };
}
