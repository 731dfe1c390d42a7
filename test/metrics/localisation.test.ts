// Localisation metrics on a planted maximum and hand-counted masks: pointing game, relevance mass
// and rank accuracy, top-k intersection and ROC AUC, with masks and rectangles as regions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { evaluate, ndarray } from '../../src/index.ts';
import { rocAuc } from '../../src/metrics/localisation/auc.ts';
import { assertClose } from '../support/assert-close.ts';

// 4 x 4 maps; the region is the top-left 2 x 2 square (pixels 0, 1, 4, 5).
const input = ndarray(new Float32Array(2 * 16), [2, 4, 4]);
const inside = [0, 1, 4, 5];
const planted = Float32Array.from({ length: 16 }, (_, p) => (p === 5 ? 9 : p === 15 ? 4 : inside.includes(p) ? 1 : 0.5));
const outside = Float32Array.from({ length: 16 }, (_, p) => (p === 10 ? 9 : inside.includes(p) ? 1 : 0.5));
const maps = ndarray([...planted, ...outside], [2, 4, 4]);
const rect = { x: 0, y: 0, width: 2, height: 2 };

test('pointing game: 1 for a maximum planted inside the region, 0 for one outside', async () => {
  const { scores } = await evaluate(null, input, maps, 'pointing-game', { region: rect });
  assert.deepEqual(scores, [1, 0]);
});

test('relevance mass accuracy = relevance inside / total, by hand', async () => {
  const { scores } = await evaluate(null, input, maps, 'relevance-mass-accuracy', { region: '0,0,2,2' });
  // sample 0: inside 9 + 1 + 1 + 1 = 12, total 12 + 4 + 11 * 0.5 = 21.5; sample 1: inside 4, total 4 + 9 + 11 * 0.5.
  assertClose(scores, [12 / 21.5, 4 / 18.5], { atol: 1e-6 });
});

test('relevance rank accuracy and top-k intersection count the top pixels inside the region', async () => {
  const mask = tf.tensor3d([...Array(2)].flatMap(() => Array.from({ length: 16 }, (_, p) => (inside.includes(p) ? 1 : 0))), [2, 4, 4]);
  const rank = await evaluate(null, input, maps, 'relevance-rank-accuracy', { region: mask });
  // Top 4: sample 0 -> 5 (9), 15 (4), then two of the 1s (0, 1): 3 of 4 inside; sample 1 -> 10, then 0, 1, 4: 3 of 4.
  assertClose(rank.scores, [0.75, 0.75], { atol: 1e-9 });
  const top2 = await evaluate(null, input, maps, 'top-k-intersection', { region: mask, k: 2 });
  assertClose(top2.scores, [0.5, 0.5], { atol: 1e-9 });
  const all = await evaluate(null, input, maps, 'top-k-intersection', { region: mask });
  assertClose(all.scores, [0.25, 0.25], { atol: 1e-9 }, );
  mask.dispose();
});

test('AUC: 1 when every region pixel outranks the rest, the Mann-Whitney share otherwise', async () => {
  const { scores } = await evaluate(null, input, maps, 'auc', { region: rect });
  // sample 0: inside {9,1,1,1} vs outside {4, 0.5 x 11}: pairs won = 12 + 3 * 11 = 45 of 48.
  // sample 1: inside {1,1,1,1} vs outside {9, 0.5 x 11}: 4 * 11 = 44 of 48.
  assertClose(scores, [45 / 48, 44 / 48], { atol: 1e-9 });
  assertClose([rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])], [0.75], { atol: 1e-12 });
});

test('an empty region scores NaN; a region that does not fit is refused with the expected shapes', async () => {
  const empty = ndarray(new Float32Array(16), [4, 4]);
  assert.ok(Number.isNaN((await evaluate(null, input, maps, 'pointing-game', { region: empty })).scores[0]));
  await assert.rejects(evaluate(null, input, maps, 'auc', { region: ndarray(new Float32Array(9), [3, 3]) }), /expected \[2, 4, 4\] or \[4, 4\]/);
  await assert.rejects(evaluate(null, input, maps, 'auc'), /region: localisation metrics need a region/);
  await assert.rejects(evaluate(null, input, maps, 'auc', { region: { x: 3, y: 0, width: 2, height: 2 } }), /must lie inside the 4 x 4 image/);
});
