/**
 * GraphBuilder: appends nodes to an {@link OnnxGraph} with fresh tensor names, adds constants
 * (float32 or int64) and records known shapes. Lowering and every backward rule build through it.
 * Browser-safe.
 */
import type { OnnxAttribute, OnnxDim, OnnxGraph, OnnxInitializer, OnnxNode, OnnxValueInfo } from './types.ts';

/** Builds a graph; start empty or from an existing graph (its names stay reserved). */
export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers = new Map<string, OnnxInitializer>();
  readonly inputs: OnnxValueInfo[] = [];
  readonly outputs: OnnxValueInfo[] = [];
  readonly shapes = new Map<string, readonly OnnxDim[]>();
  private readonly used = new Set<string>();
  private counter = 0;

  constructor(base?: OnnxGraph) {
    if (!base) return;
    this.nodes.push(...base.nodes);
    base.initializers.forEach((v, k) => this.initializers.set(k, v));
    this.inputs.push(...base.inputs);
    this.outputs.push(...base.outputs);
    base.shapes.forEach((v, k) => this.shapes.set(k, v));
    for (const n of base.nodes) [...n.outputs, n.name].forEach((o) => this.used.add(o));
    base.inputs.forEach((i) => this.used.add(i.name));
    base.initializers.forEach((_, k) => this.used.add(k));
  }

  /** A tensor name not used yet, starting with `prefix`. */
  fresh(prefix: string): string {
    const base = prefix.replace(/[^A-Za-z0-9_./:-]/g, '_');
    let name = base;
    while (this.used.has(name)) name = `${base}_${++this.counter}`;
    this.used.add(name);
    return name;
  }

  /** Reserves `name` exactly (graph inputs, outputs with fixed names); throws if taken. */
  reserve(name: string): string {
    if (this.used.has(name)) throw new Error(`GraphBuilder: tensor name '${name}' is already used`);
    this.used.add(name);
    return name;
  }

  /** Appends `op(inputs)` and returns its single output's name. */
  op(op: string, inputs: readonly string[], attributes: Record<string, OnnxAttribute> = {}, shape?: readonly OnnxDim[]): string {
    const [out] = this.opMulti(op, inputs, 1, attributes);
    if (shape) this.shapes.set(out as string, shape);
    return out as string;
  }

  /** Appends `op(inputs)` with `count` outputs and returns their names. */
  opMulti(op: string, inputs: readonly string[], count: number, attributes: Record<string, OnnxAttribute> = {}): string[] {
    const outputs = Array.from({ length: count }, () => this.fresh(op.toLowerCase()));
    this.nodes.push({ op, inputs: [...inputs], outputs, attributes, name: this.fresh(`${op}_node`) });
    return outputs;
  }

  /**
   * Gives the node that computes `tensor` `count` outputs in all (fresh names for the new ones) and
   * returns its outputs: a rule reuses a forward node's optional outputs (MaxPool's indices) instead
   * of running the op a second time.
   */
  withOutputs(tensor: string, count: number): string[] {
    const at = this.nodes.findIndex((n) => n.outputs.includes(tensor));
    const node = this.nodes[at];
    if (!node) throw new Error(`GraphBuilder.withOutputs: no node computes '${tensor}'`);
    if (node.outputs.length >= count) return [...node.outputs];
    const extra = Array.from({ length: count - node.outputs.length }, (_, i) => this.fresh(`${tensor}_out${node.outputs.length + i}`));
    const outputs = [...node.outputs, ...extra];
    this.nodes[at] = { ...node, outputs };
    return outputs;
  }

  /**
   * Puts the shape-preserving `op(input, ...rest)` between the node that computes `tensor` and its
   * input `index`, inserted just before that node; returns the new tensor. A rule reshapes a forward op this way where ORT
   * fuses the new pair better (a Clip after an identity Conv runs fused in ORT's blocked layout).
   */
  interpose(tensor: string, index: number, op: string, rest: readonly string[], attributes: Record<string, OnnxAttribute> = {}): string {
    const at = this.nodes.findIndex((n) => n.outputs.includes(tensor));
    const node = this.nodes[at];
    if (!node) throw new Error(`GraphBuilder.interpose: no node computes '${tensor}'`);
    const output = this.fresh(op.toLowerCase());
    const shape = this.shapes.get(node.inputs[index] as string);
    if (shape) this.shapes.set(output, shape);
    const inserted: OnnxNode = { op, inputs: [node.inputs[index] as string, ...rest], outputs: [output], attributes, name: this.fresh(`${op}_node`) };
    this.nodes.splice(at, 1, inserted, { ...node, inputs: node.inputs.map((x, i) => (i === index ? output : x)) });
    return output;
  }

  /** Appends a node whose outputs are already named (they must have been reserved or be fresh). */
  push(node: OnnxNode): void {
    node.outputs.forEach((o) => this.used.add(o));
    this.used.add(node.name);
    this.nodes.push(node);
  }

  /** A float32 constant of shape `dims`. */
  constant(data: Float32Array | readonly number[], dims: readonly number[], prefix = 'const'): string {
    const name = this.fresh(prefix);
    const values = data instanceof Float32Array ? data : Float32Array.from(data);
    this.initializers.set(name, { dims: [...dims], data: values });
    this.shapes.set(name, [...dims]);
    return name;
  }

  /** A float32 scalar constant. */
  scalar(value: number): string {
    return this.constant([value], [], 'scalar');
  }

  /** An int64 vector constant (shapes, axes, starts/ends). */
  ints(values: readonly number[], prefix = 'ints'): string {
    const name = this.fresh(prefix);
    this.initializers.set(name, { dims: [values.length], data: BigInt64Array.from(values.map((v) => BigInt(v))) });
    return name;
  }

  /** Declares a graph input. */
  input(name: string, shape: readonly OnnxDim[]): string {
    this.reserve(name);
    this.inputs.push({ name, shape: [...shape] });
    this.shapes.set(name, [...shape]);
    return name;
  }

  /** Declares `tensor` a graph output named `name` (an Identity node when the names differ). */
  output(tensor: string, name: string, shape: readonly OnnxDim[] = this.shapes.get(tensor) ?? []): void {
    if (tensor !== name) {
      this.reserve(name);
      this.nodes.push({ op: 'Identity', inputs: [tensor], outputs: [name], attributes: {}, name: this.fresh('Identity_node') });
    }
    this.outputs.push({ name, shape: [...shape] });
    this.shapes.set(name, [...shape]);
  }

  /** Declares `tensor` a graph output under a fresh name starting with `prefix`; returns that name. */
  expose(tensor: string, prefix: string, shape: readonly OnnxDim[] = this.shapes.get(tensor) ?? []): string {
    const name = this.fresh(prefix);
    this.used.delete(name);
    this.output(tensor, name, shape);
    return name;
  }

  /** The graph built so far (a snapshot). */
  build(): OnnxGraph {
    return {
      nodes: [...this.nodes],
      initializers: new Map(this.initializers),
      inputs: [...this.inputs],
      outputs: [...this.outputs],
      shapes: new Map(this.shapes),
    };
  }
}
