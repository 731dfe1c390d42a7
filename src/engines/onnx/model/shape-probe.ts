/**
 * The static shape of every tensor of an ONNX model, measured instead of inferred: the model runs
 * with every node output made a graph output, once with 1 row and once with 2 (a free batch), and a
 * dimension that follows the row count is the batch axis, named 'N'. Exporters such as PyTorch's
 * write no value_info, and backward rules need shapes (pool windows, concat sizes, broadcasts).
 */
import type { OnnxDim } from '../graph/types.ts';
import type { OnnxRuntime } from '../runtime.ts';
import { onnx } from './proto.ts';

/** What the probe runs: the model's bytes, its image input and the NCHW/NHWC dims of `rows` rows. */
export interface ProbeSpec {
  readonly bytes: Uint8Array;
  readonly input: string;
  readonly dims: (rows: number) => readonly number[];
  /** The fixed batch size, or undefined when the batch is free. */
  readonly fixedBatch: number | undefined;
  readonly threads: number;
}

/** What a probe measured: every tensor's shape, and the values of small integer tensors at 1 and 2 rows. */
export interface Probe {
  readonly shapes: Map<string, readonly OnnxDim[]>;
  /** Shape-like tensors (at most 8 values): their values with 1 row and with 2 (the same when the batch is fixed). */
  readonly values: Map<string, readonly [readonly number[], readonly number[]]>;
}

/** Every node output's shape, batch axis 'N' (see the file comment). */
export function probeShapes(runtime: OnnxRuntime, spec: ProbeSpec): Probe {
  const model = onnx.ModelProto.decode(spec.bytes);
  const graph = model.graph as onnx.GraphProto;
  const declared = new Set(graph.output.map((o) => o.name ?? ''));
  const names = graph.node.flatMap((n) => n.output ?? []).filter((o): o is string => typeof o === 'string' && o !== '');
  for (const name of names) if (!declared.has(name)) graph.output.push(onnx.ValueInfoProto.create({ name }));
  const all = [...new Set([...graph.output.map((o) => o.name ?? ''), ...names])];
  const session = runtime.createSession(onnx.ModelProto.encode(model).finish(), { threads: spec.threads });
  try {
    const run = (rows: number) => {
      const dims = spec.dims(rows);
      const size = dims.reduce((a, b) => a * b, 1);
      return session.run({ [spec.input]: { data: new Float32Array(size), dims } }, all);
    };
    const rows = spec.fixedBatch ?? 1;
    const first = run(rows);
    const second = spec.fixedBatch === undefined ? run(2) : first;
    const shapes = new Map<string, readonly OnnxDim[]>();
    const values = new Map<string, readonly [readonly number[], readonly number[]]>();
    const small = (t: { data: ArrayLike<unknown> } | undefined) => (t && t.data instanceof BigInt64Array && t.data.length <= 8 ? Array.from(t.data, Number) : undefined);
    shapes.set(spec.input, spec.fixedBatch === undefined ? ['N', ...spec.dims(1).slice(1)] : spec.dims(rows));
    for (const name of all) {
      const a = first[name]?.dims ?? [];
      const b = second[name]?.dims ?? [];
      shapes.set(name, a.map((d, i) => (b[i] !== d && d === 1 && b[i] === 2 && i === 0 ? 'N' : d)));
      const [one, two] = [small(first[name]), small(second[name])];
      if (one && two) values.set(name, [one, two]);
    }
    return { shapes, values };
  } finally {
    session.release();
  }
}
