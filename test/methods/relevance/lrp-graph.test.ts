// LRP over graphs that are not a chain: a nested model is walked as its layers (the same maps as the
// flat model), and a residual Add shares relevance by contribution, so z-plus still conserves the
// score at every layer of a bias-free residual network.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { lrp } from '../../../src/index.ts';
import { assertClose } from '../../support/assert-close.ts';
import { useCpu } from '../../support/backend.ts';
import { tinyImages } from '../../support/models.ts';
import { seedWeights, withoutLeaks } from '../../support/tensors.ts';

before(useCpu);

describe('lrp on graphs', () => {
  test('a nested model gives the maps of the same layers unnested', async () => {
    const inner = tf.sequential({ name: 'features' });
    inner.add(tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3, activation: 'relu', name: 'c1' }));
    inner.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'p1' }));
    const input = tf.input({ shape: [8, 8, 3] });
    const head = tf.layers.dense({ units: 3, name: 'head' });
    const nested = tf.model({ inputs: input, outputs: head.apply(tf.layers.flatten().apply(inner.apply(input))) as tf.SymbolicTensor });
    seedWeights(nested, 4, 0.5);
    const flat = tf.sequential();
    flat.add(tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3, activation: 'relu' }));
    flat.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    flat.add(tf.layers.flatten());
    flat.add(tf.layers.dense({ units: 3 }));
    flat.layers[0]?.setWeights(inner.layers[0]?.getWeights() ?? []);
    flat.layers[3]?.setWeights(head.getWeights());
    const x = tinyImages(2, 6);
    const fromNested = await withoutLeaks(() => lrp(nested, x, { composite: 'epsilon-plus', target: 2 }));
    const fromFlat = await lrp(flat, x, { composite: 'epsilon-plus', target: 2 });
    assertClose(fromNested.map.data, fromFlat.map.data, { atol: 1e-6 });
    assert.equal((fromNested.meta.extra?.['rules'] as Record<string, string>)['c1'], 'z-plus');
    x.dispose();
  });

  test('z-plus conserves the score through a residual Add (no biases)', async () => {
    const input = tf.input({ shape: [6, 6, 2] });
    const a = tf.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same', activation: 'relu', useBias: false, name: 'a' }).apply(input);
    const b = tf.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same', activation: 'relu', useBias: false, name: 'b' }).apply(a);
    const sum = tf.layers.add({ name: 'sum' }).apply([a, b] as tf.SymbolicTensor[]);
    const pooled = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(sum);
    const model = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 2, useBias: false, name: 'out' }).apply(pooled) as tf.SymbolicTensor });
    seedWeights(model, 9, 0.8);
    // z-plus drops a unit's relevance when none of its weights is positive: give the explained one some.
    model.getLayer('out').setWeights([tf.tensor2d([[0.7, -0.3], [-0.4, 0.9]])]);
    const x = tinyImages(2, 2).slice([0, 0, 0, 0], [2, 6, 6, 2]);
    const result = await withoutLeaks(() => lrp(model, x, { composite: 'z-plus', target: 0 }));
    const layers = result.meta.extra?.['conservation'] as { layer: string; rule: string; sums: number[] }[];
    assert.deepEqual(layers.map((l) => `${l.layer}:${l.rule}`), ['out:z-plus', 'gap:norm', 'sum:norm', 'b:z-plus', 'a:z-plus']);
    // The Add splits the relevance between its branches: 'b' gets its share, and 'a' both its own
    // share and what comes back through 'b', so every layer on the trunk holds the whole score.
    for (const layer of layers.filter((l) => l.layer !== 'b')) assertClose(layer.sums, result.meta.scores, { rtol: 1e-4, atol: 1e-5, message: layer.layer });
    const branch = layers.find((l) => l.layer === 'b')?.sums ?? [];
    branch.forEach((share, i) => assert.ok(Math.abs(share) > 0 && Math.abs(share) < Math.abs(result.meta.scores[i] as number), `b's share ${share}`));
    assertClose(result.meta.extra?.['relevanceSum'] as number[], result.meta.scores, { rtol: 1e-4, atol: 1e-5 });
    x.dispose();
  });
});
