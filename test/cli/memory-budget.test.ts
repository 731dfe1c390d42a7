// The CLI keeps a method's batch within the memory budget when the user did not choose one: a 224x224
// MobileNetV2 ran Integrated Gradients' default 64 rows per call for minutes (the wasm heap thrashed)
// and finishes in seconds at the capped batch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { methodCall } from '../../src/cli/explain-request.ts';
import { withinMemoryBudget } from '../../src/cli/memory-budget.ts';
import { batchLimit, bytesPerSample, DEFAULT_MEMORY_BUDGET_MB } from '../../src/core/memory-estimate.ts';

/** 128x128x3 -> conv 48 'same' -> global pool -> dense 2: 128*128*(3 + 48) + 48 + 2 activations per sample. */
function wideModel(): tf.LayersModel {
  return tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape: [128, 128, 3], filters: 48, kernelSize: 3, padding: 'same' }),
    tf.layers.globalAveragePooling2d({}),
    tf.layers.dense({ units: 2 }),
  ] });
}

test('bytesPerSample counts three float32 copies of every activation; batchLimit divides the budget', () => {
  const model = wideModel();
  const activations = 128 * 128 * 3 + 128 * 128 * 48 + 48 + 2;
  assert.equal(bytesPerSample(model, [128, 128, 3]), 12 * activations);
  assert.equal(batchLimit(DEFAULT_MEMORY_BUDGET_MB, 12 * activations), Math.floor((512 * 2 ** 20) / (12 * activations)));
  assert.equal(batchLimit(1, 10 * 2 ** 20), 1, 'at least one input');
  model.dispose();
});

test('an unset batch option is capped and said; a given one or one that fits is left alone', () => {
  const model = wideModel();
  const lines: string[] = [];
  const capped = withinMemoryBudget(methodCall({ method: 'integrated-gradients' }), undefined, model, [128, 128, 3], (l) => lines.push(l));
  const cap = batchLimit(DEFAULT_MEMORY_BUDGET_MB, bytesPerSample(model, [128, 128, 3]));
  assert.ok(cap < 64, `cap ${cap}`);
  assert.equal(capped.options(1)['internalBatchSize'], cap);
  assert.match(lines.join('\n'), new RegExp(`internalBatchSize ${cap} instead of 64: .* \\(--option internalBatchSize=N chooses\\)`));

  const given = { internalBatchSize: '64' };
  const kept = withinMemoryBudget(methodCall({ method: 'integrated-gradients', option: given }), given, model, [128, 128, 3], () => assert.fail('no note'));
  assert.equal(kept.options(1)['internalBatchSize'], 64);
  const tiny = tf.sequential({ layers: [tf.layers.dense({ inputShape: [8], units: 2 })] });
  const small = withinMemoryBudget(methodCall({ method: 'integrated-gradients' }), undefined, tiny, [8], () => assert.fail('no note'));
  assert.equal(small.options(1)['internalBatchSize'], undefined);
  tiny.dispose();
  const free = withinMemoryBudget(methodCall({ method: 'occlusion' }), undefined, model, [null, null, 3], () => assert.fail('no note'));
  assert.equal(free.options(1)['perturbationsPerEval'], undefined);
  model.dispose();
});
