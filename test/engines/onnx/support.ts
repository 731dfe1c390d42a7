/**
 * Shared set-up of the ONNX engine tests: the cpu backend (the reference), the engine installed
 * once per file, and comparisons of one method on both engines within 1e-5 relative.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { Attribution } from '../../../src/index.ts';
import { installOnnxEngine, type OnnxEngineHandle } from '../../../src/node/index.ts';
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
