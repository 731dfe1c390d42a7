/** `saliency layers`: the layer table, to pick `--layer`, and the model's outputs, to pick `--output`. */
import { openSession, outputList, type SessionOptions } from '../session.ts';

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
  print(`outputs (for --output): ${outputList(session)}`);
  print(`${session.loaded.format} model from ${session.loaded.source}; nested layers are indented (index within their model)`);
}
