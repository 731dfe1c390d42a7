/** `saliency layers`: the layer table, to pick `--layer`, and the model's outputs, to pick `--output`. */
import { hasFreeSize, imageInput } from '../image-input.ts';
import { openSession, outputList, type Session, type SessionOptions } from '../session.ts';

/** Prints index, name, class, output shape and nested path of every layer, then the model's outputs. */
export async function layersCommand(options: SessionOptions, print: (line: string) => void): Promise<void> {
  const session = await openSession(options);
  const rows = session.adapter.layers().map((row) => [
    String(row.path.length === 1 ? row.index : `  ${row.index}`),
    row.name,
    row.className,
    `[${row.outputShape.map((d) => (d === null ? 'N' : d)).join(', ')}]`,
    row.path.join('/'),
  ]);
  const header = ['index', 'name', 'class', 'output shape', 'path (for --layer)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const format = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ').trimEnd();
  print(format(header));
  print(format(widths.map((w) => '-'.repeat(w))));
  rows.forEach((row) => print(format(row)));
  print(`input: ${describeInput(session)}`);
  print(`outputs (for --output): ${outputList(session)}`);
  print(`${session.loaded.format} model from ${session.loaded.source}; nested layers are indented (index within their model)`);
}

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
