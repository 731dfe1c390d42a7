/**
 * Shared set-up of the ONNX engine tests: the cpu backend (the reference), the engine installed
 * once per file, and comparisons of one method on both engines within 1e-5 relative.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { buildGradientGraph, GraphBuilder, toModelBytes, type Attribution, type BackwardRules, type OnnxDim } from '../../../src/index.ts';
import { installOnnxEngine, loadOrtRuntime, type OnnxEngineHandle } from '../../../src/node/index.ts';
import { relativeError } from '../../support/assert-close.ts';
import { seededValues } from '../../support/tensors.ts';

export { relativeError };

let handle: OnnxEngineHandle | undefined;

/** Installs the engine for the file's tests; `skip` is the reason to skip when onnxruntime-node cannot load. */
export function useOnnxEngine(): { skip: () => string | false; handle: () => OnnxEngineHandle } {
  before(async () => {
    await tf.setBackend('cpu');
    handle = await installOnnxEngine({ threads: 1 });
  });
  after(() => handle?.dispose());
  return {
    skip: () => (handle?.installed ? false : `onnxruntime-node is not available: ${handle?.detail ?? 'not loaded'}`),
    handle: () => handle as OnnxEngineHandle,
  };
}

/**
 * Runs `method` with engine 'onnx' and 'tfjs' and asserts the ONNX engine ran, every map and score
 * agree within `tolerance` relative, and no tensor leaked.
 */
export async function assertSameOnBothEngines(
  label: string,
  method: (engine: 'onnx' | 'tfjs') => Promise<Attribution>,
  tolerance = 1e-5,
): Promise<Attribution> {
  const reference = await method('tfjs');
  const before = tf.memory().numTensors;
  const got = await method('onnx');
  assert.equal(tf.memory().numTensors, before, `${label}: no tensor leaked`);
  assert.equal(got.meta.engine?.name, 'onnx', `${label}: ran on ONNX (${got.meta.engine?.reason})`);
  assert.equal(reference.meta.engine?.name, 'tfjs', `${label}: the reference ran on TF.js`);
  assert.equal(got.maps.length, reference.maps.length);
  got.maps.forEach((map, i) => {
    assert.deepEqual(map.shape, reference.maps[i]?.shape, `${label}: map shape`);
    const error = relativeError(map.data, (reference.maps[i] as typeof map).data);
    assert.ok(error <= tolerance, `${label}: map ${i} relative error ${error.toExponential(2)} > ${tolerance}`);
  });
  assert.ok(relativeError(got.meta.scores, reference.meta.scores) <= tolerance, `${label}: scores`);
  return got;
}

/** A deterministic input batch of `shape`, values in [-1, 1). */
export function seededInput(shape: number[], seed = 3): tf.Tensor {
  return tf.tensor(seededValues(shape.reduce((p, d) => p * d, 1), seed), shape);
}

/**
 * d(sum(seed · f(x)))/dx through ONNX for the graph `op` builds on input x (batch axis symbolic),
 * written at `opset` (default the engine's) with the rectifier `rules` (default plain); null when
 * onnxruntime-node cannot load.
 */
export async function onnxGradient(
  shape: number[],
  outShape: OnnxDim[],
  op: (b: GraphBuilder, x: string) => string,
  x: tf.Tensor,
  seed: tf.Tensor,
  inspect?: (graph: ReturnType<typeof buildGradientGraph>['graph']) => void,
  opset?: number,
  rules: BackwardRules = {},
): Promise<Float32Array | null> {
  const load = await loadOrtRuntime();
  if (!load.runtime) return null;
  const b = new GraphBuilder();
  const input = b.input('x', ['N', ...shape.slice(1)]);
  const y = op(b, input);
  b.shapes.set(y, outShape);
  b.output(y, 'y');
  const grad = buildGradientGraph(b.build(), { of: [y], seeds: ['seed'], wrt: [input], rules });
  inspect?.(grad.graph);
  const session = load.runtime.createSession(toModelBytes(grad.graph, opset), { threads: 1 });
  try {
    const feeds = { x: { data: x.dataSync() as Float32Array, dims: x.shape }, seed: { data: seed.dataSync() as Float32Array, dims: seed.shape } };
    return (session.run(feeds, [grad.gradients[0] as string])[grad.gradients[0] as string] as { data: Float32Array }).data;
  } finally {
    session.release();
  }
}

/**
 * Asserts that the ONNX gradient of the one-op graph `op` builds on an input of `shape` (batch axis
 * symbolic, output shape `out`) equals tf.grad of `reference` within `tolerance` relative, for `x`
 * (default seeded values) and a seeded dy; returns the ONNX gradient, or null when onnxruntime-node
 * cannot load.
 */
export async function assertGradientAsTfjs(
  shape: number[],
  out: OnnxDim[],
  op: (b: GraphBuilder, x: string) => string,
  reference: (x: tf.Tensor) => tf.Tensor,
  options: { x?: tf.Tensor; opset?: number; tolerance?: number } = {},
): Promise<Float32Array | null> {
  await tf.setBackend('cpu');
  const x = options.x ?? seededInput(shape, 7);
  const seedShape = out.map((d) => (typeof d === 'number' ? d : (shape[0] as number)));
  const seed = seededInput(seedShape, 11);
  const got = await onnxGradient(shape, out, op, x, seed, undefined, options.opset);
  if (!got) return null;
  const want = tf.tidy(() => tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.reshape(reference(v), seedShape), seed)))(x).dataSync() as Float32Array);
  const error = relativeError(got, want);
  assert.ok(error <= (options.tolerance ?? 1e-5), `relative error ${error.toExponential(2)}`);
  assert.ok(got.some((v) => v !== 0), 'a nonzero gradient');
  return got;
}
