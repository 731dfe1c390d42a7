/**
 * `saliency layers`: the layer table, to pick `--layer`, and the model's outputs, to pick `--output`.
 * A graph model lists its op nodes (topological order, shapes from one probe run).
 */
import { hasFreeSize, imageInput } from '../image-input.ts';
import { openSession, outputList, type Session, type SessionOptions } from '../session.ts';
import { isOnnxPath } from '../../node/models/load-onnx-model.ts';
import { layersOnnxCommand } from './layers-onnx.ts';
import { printTable } from '../text-table.ts';

/** Prints index, name, class (a graph model: the op), output shape and path of every layer, then the model's outputs. */
export async function layersCommand(options: SessionOptions, print: (line: string) => void): Promise<void> {
  if (isOnnxPath(options.model)) return layersOnnxCommand(options, print);
  const session = await openSession(options);
  const rows = session.adapter.layers().map((row) => [
    String(row.path.length === 1 ? row.index : `  ${row.index}`),
    row.name,
    row.className,
    `[${row.outputShape.map((d) => (d === null ? 'N' : d)).join(', ')}]`,
    row.path.join('/'),
  ]);
  const header = ['index', 'name', 'class', 'output shape', 'path (for --layer)'];
  printTable(header, rows, print);
  print(`input: ${describeInput(session)}`);
  print(`outputs (for --output): ${outputList(session)}`);
  print(`${session.loaded.format} model from ${session.loaded.source}; ${LAYOUT_NOTE[session.adapter.hasLayers ? 'layers' : 'graph']}`);
}

/** The last line of the table: how to read it. */
const LAYOUT_NOTE = {
  layers: 'nested layers are indented (index within their model)',
  graph:
    "graph model: its op nodes; --layer takes a node name or a Keras layer scope ('conv2d' is its last node); " +
    'shapes are unknown ([]) when the input has free sizes',
} as const;

/** The input shape and how the CLI reads images into it. */
function describeInput(session: Session): string {
  const shapes = session.adapter.inputShapes();
  const shown = shapes.map((shape) => `[${shape.map((d) => (d === null ? 'N' : d)).join(', ')}]`).join(', ');
  try {
    const input = imageInput(shapes);
    const [, height, width, channels] = input.nhwc;
    const size = hasFreeSize(input) ? 'images of any size (--size HxW, default their own)' : `${height}x${width} images`;
    const layout = input.channelless ? 'one grey channel, no channel axis' : `${channels ?? 'any'} channel(s)`;
    return `${shown}: ${size}, ${layout}`;
  } catch {
    return `${shown}: not an image input`;
  }
}
