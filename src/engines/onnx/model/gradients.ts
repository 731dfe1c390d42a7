/**
 * Gradients of an ONNX model's scores through the engine's autodiff: the decoded graph in the IR
 * (to-graph.ts, shapes from shape-probe.ts), one gradient graph per (wrt tensor, rule) built by
 * buildGradientGraph and run by the model's runtime, cached on the model. The seed is the one-hot
 * row of each sample's unit, so a run gives d score / d wrt for every sample at once. A final
 * Softmax is looked through (its logits are explained), as the library's methods do by default.
 */
import { SaliencyError } from '../../../core/errors.ts';
import { buildGradientGraph, unsupportedOps } from '../autodiff.ts';
import { DEFAULT_OPSET, toModelBytes } from '../graph/model-proto.ts';
import type { OnnxGraph } from '../graph/types.ts';
import type { RuntimeSession, RuntimeTensor } from '../runtime.ts';
import type { RectifierRule } from '../backward/types.ts';
import type { OnnxModel } from './model-types.ts';
import { inFixedBatches } from './fixed-batch.ts';
import { foldBatchReshapes } from './fold-batch-reshape.ts';
import { probeShapes } from './shape-probe.ts';
import { toOnnxGraph } from './to-graph.ts';

/** One gradient run: per sample, its score and the gradient (and the activation) at `wrt`. */
export interface GradientRun {
  /** Each row's score at its unit. */
  readonly scores: Float32Array;
  /** d score / d wrt, in the runtime's layout (NCHW for PyTorch models), with its dims. */
  readonly gradient: RuntimeTensor;
  /** The value of `wrt` itself (layer gradients only). */
  readonly activation?: RuntimeTensor;
}

/** The lowest default-domain opset whose graphs the engine's backward rules write over (opset 13 ops). */
const MIN_GRADIENT_OPSET = 13;

interface Compiled {
  readonly forward: OnnxGraph;
  readonly of: string;
  readonly sessions: Map<string, { session: RuntimeSession; gradient: string; of: string; capture?: string }>;
}

const COMPILED = new WeakMap<OnnxModel, Compiled>();

/**
 * Runs `rows` images (in the model's own layout, `model.inputDims(rows)`) and returns d score(unit)
 * / d `wrt` (the input when undefined, else a tensor name) per row. A model with a fixed batch runs
 * any number of rows (in padded runs of its size, see fixed-batch.ts).
 */
export function gradientRun(model: OnnxModel, input: Float32Array, rows: number, units: readonly number[], wrt?: string, rule: RectifierRule = 'plain'): GradientRun {
  const compiled = compile(model);
  const target = wrt ?? model.input.name;
  const key = `${target}\u0000${rule}`;
  let entry = compiled.sessions.get(key);
  if (!entry) {
    if (!compiled.forward.shapes.has(target)) {
      const names = compiled.forward.nodes.filter((n) => n.op === 'Conv' || n.op === 'Relu' || n.op === 'Clip').map((n) => `'${n.outputs[0]}'`);
      throw new SaliencyError('INVALID_ARGUMENT', `layer: '${target}' is not a tensor of ${model.source}; convolution and activation outputs: ${names.slice(-12).join(', ')}`, 'layer');
    }
    const missing = unsupportedOps(compiled.forward, [compiled.of], [target]);
    if (missing.length > 0) {
      const nodes = compiled.forward.nodes.filter((n) => missing.includes(n.op)).map((n) => `${n.op} '${n.name}'`);
      throw new SaliencyError('UNSUPPORTED_MODEL', `${model.source}: gradients need a backward rule for every op between '${target}' and '${compiled.of}'; none for ${nodes.slice(0, 8).join(', ')}. Perturbation methods (occlusion, rise, feature-ablation) run on any ONNX model`, 'model');
    }
    const built = buildGradientGraph(compiled.forward, { of: [compiled.of], seeds: ['seed'], wrt: [target], captures: wrt === undefined ? [] : [target], rules: { Relu: rule } });
    const session = model.runtime.createSession(toModelBytes(built.graph, Math.max(DEFAULT_OPSET, model.data.opset)), { threads: model.threads });
    entry = { session, gradient: built.gradients[0] as string, of: built.of[0] as string, ...(built.captures[0] ? { capture: built.captures[0] } : {}) };
    compiled.sessions.set(key, entry);
  }
  const seed = new Float32Array(rows * model.outputSize);
  units.forEach((unit, row) => (seed[row * model.outputSize + unit] = 1));
  const { session, gradient: gradientName, of, capture } = entry;
  const outputs = [gradientName, of, ...(capture ? [capture] : [])];
  const [gradient, values, activation] = inFixedBatches(model.maxBatch, rows, [input, seed], ([x, s], n) => {
    const result = session.run({ [model.input.name]: { data: x as Float32Array, dims: model.inputDims(n) }, seed: { data: s as Float32Array, dims: [n, model.outputSize] } }, outputs);
    return outputs.map((name) => result[name] as RuntimeTensor);
  }) as [RuntimeTensor, RuntimeTensor, RuntimeTensor?];
  const scores = Float32Array.from(units, (unit, row) => values.data[row * model.outputSize + unit] as number);
  return { scores, gradient, ...(activation ? { activation } : {}) };
}

/**
 * The model's graph as the gradients see it (constants folded to initializers, static shapes from
 * the probe, batch axis 'N') and the tensor its scores are read from (the logits when the graph
 * ends in a Softmax). Compiled once per model; what layer lists and CAM layer choices read.
 */
export function gradientGraph(model: OnnxModel): { readonly graph: OnnxGraph; readonly of: string } {
  const compiled = compile(model);
  return { graph: compiled.forward, of: compiled.of };
}

/** Releases the gradient sessions of `model` (its dispose() does not know them). */
export function releaseGradients(model: OnnxModel): void {
  COMPILED.get(model)?.sessions.forEach(({ session }) => session.release());
  COMPILED.delete(model);
}

function compile(model: OnnxModel): Compiled {
  const cached = COMPILED.get(model);
  if (cached) return cached;
  if (model.data.opset < MIN_GRADIENT_OPSET) {
    throw new SaliencyError('UNSUPPORTED_MODEL', `${model.source}: gradients need ONNX opset ${MIN_GRADIENT_OPSET} or later (it has ${model.data.opset}); re-export it (torch.onnx.export(..., opset_version=13)) or use a perturbation method`, 'model');
  }
  const foreign = model.data.nodes.find((n) => n.domain !== '');
  if (foreign) throw new SaliencyError('UNSUPPORTED_MODEL', `${model.source}: node '${foreign.name}' is ${foreign.domain}.${foreign.op}, outside the ONNX operator set; gradients cannot run through it`, 'model');
  const probe = probeShapes(model.runtime, { bytes: model.bytes, input: model.input.name, dims: model.inputDims, fixedBatch: Number.isFinite(model.maxBatch) ? model.maxBatch : undefined, threads: model.threads });
  const forward = foldBatchReshapes(toOnnxGraph(model.data, probe.shapes), probe);
  const last = forward.nodes.find((n) => n.outputs.includes(model.output.name));
  const of = last?.op === 'Softmax' ? (last.inputs[0] as string) : model.output.name;
  const compiled = { forward, of, sessions: new Map() };
  COMPILED.set(model, compiled);
  return compiled;
}
