/**
 * Shared set-up of the ONNX engine tests: the cpu backend (the reference), the engine installed
 * once per file, and comparisons of one method on both engines within 1e-5 relative.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { Attribution } from '../../../src/index.ts';
import { installOnnxEngine, type OnnxEngineHandle } from '../../../src/node/index.ts';

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

/** max |a − b| / max |b| (0 when both are zero). */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length, 'same size');
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs((a[i] as number) - (b[i] as number)));
    scale = Math.max(scale, Math.abs(b[i] as number));
  }
  return scale === 0 ? diff : diff / scale;
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

/** A deterministic input batch of `shape`. */
export function seededInput(shape: number[], seed = 3): tf.Tensor {
  let s = seed >>> 0 || 1;
  const size = shape.reduce((p, d) => p * d, 1);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    values[i] = ((s >>> 0) / 4294967296) * 2 - 1;
  }
  return tf.tensor(values, shape);
}
