/**
 * The layout of an ONNX model's image input, read from the graph: a Transpose with perm [0, 3, 1, 2]
 * right after the input means NHWC (a model trained in TensorFlow), a Conv reading it (directly or
 * after elementwise normalisation) means NCHW (PyTorch's), else the dimension that can be a channel
 * count decides; when nothing decides, the caller must say.
 */
import type { OnnxModelData, OnnxNodeData } from './decode-model.ts';

/** Where the channel axis of an image input is: NCHW (PyTorch) or NHWC (TensorFlow). */
export type ImageLayout = 'nchw' | 'nhwc';

/** The layouts an option may name. */
export const IMAGE_LAYOUTS: readonly ImageLayout[] = ['nchw', 'nhwc'];

/** What the graph says about the layout of input `input`: a layout with the evidence, or undefined and why not. */
export interface LayoutGuess {
  readonly layout: ImageLayout | undefined;
  readonly reason: string;
}

const PASS_THROUGH = new Set(['Sub', 'Div', 'Mul', 'Add', 'Cast', 'Identity']);
const CHANNELS = new Set([1, 3, 4]);

/** Reads the layout of the 4-D input named `input` from the graph and its shape. */
export function guessLayout(model: OnnxModelData, input: string): LayoutGuess {
  const value = model.inputs.find((v) => v.name === input);
  const shape = value?.shape ?? [];
  if (shape.length !== 4) return { layout: undefined, reason: `input '${input}' has ${shape.length} dimensions, not 4 (an image batch)` };
  const consumer = firstConsumer(model.nodes, input);
  if (consumer?.op === 'Transpose') {
    const perm = consumer.attributes.perm;
    if (Array.isArray(perm) && perm.join() === '0,3,1,2') return { layout: 'nhwc', reason: `node '${consumer.name}' transposes it from NHWC to NCHW` };
  }
  if (consumer?.op === 'Conv') return { layout: 'nchw', reason: `node '${consumer.name}' (Conv) reads it as NCHW` };
  const [, d1, , d3] = shape;
  const isChannels = (d: number | string | null | undefined) => typeof d === 'number' && CHANNELS.has(d);
  if (isChannels(d1) && !isChannels(d3)) return { layout: 'nchw', reason: `its shape [${shape.join(', ')}] has ${String(d1)} channels first` };
  if (isChannels(d3) && !isChannels(d1)) return { layout: 'nhwc', reason: `its shape [${shape.join(', ')}] has ${String(d3)} channels last` };
  return { layout: undefined, reason: `neither its shape [${shape.join(', ')}] nor its first node says where the channels are` };
}

/** The first node that reads `value`, looking through elementwise normalisation with constants. */
function firstConsumer(nodes: readonly OnnxNodeData[], value: string): OnnxNodeData | undefined {
  let current = value;
  for (let hops = 0; hops < 8; hops++) {
    const node = nodes.find((n) => n.inputs.includes(current));
    if (!node || !PASS_THROUGH.has(node.op)) return node;
    current = node.outputs[0] ?? '';
  }
  return undefined;
}
