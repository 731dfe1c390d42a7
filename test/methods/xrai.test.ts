// XRAI: the region ranking against hand computations (full, fast, area threshold), the top region
// over a planted object for a synthetic attribution, and the whole method on a linear model whose
// evidence lies in the object, where Integrated Gradients is exact.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { labelMasks, rankRegions, xrai, xraiSegments } from '../../src/index.ts';
import { useCpu } from '../support/backend.ts';
import { assertClose } from '../support/assert-close.ts';
import { seededValues, withoutLeaks } from '../support/tensors.ts';

before(useCpu);

// 4x4 attribution: top-left 2x2 = 4, the rest of the top half 1, bottom half 0 but pixel 15 = 8
const ATTR = [4, 4, 1, 1, 4, 4, 1, 1, 0, 0, 0, 0, 0, 0, 0, 8];
const MASKS = [[0, 1, 4, 5], [0, 1, 2, 3, 4, 5, 6, 7], [8, 9, 10, 11, 12, 13, 14, 15], [15]].map((m) => Int32Array.from(m));

test('full ranking: the densest new pixels first, overlaps discounted (hand-computed)', () => {
  // gains: {15} 8, then A 4, then B's new pixels {2,3,6,7} mean 1, then C's new {8..14} mean 0
  const r = rankRegions(ATTR, MASKS, { minPixelDiff: 1 });
  assert.deepEqual([...r.map], [4, 4, 1, 1, 4, 4, 1, 1, 0, 0, 0, 0, 0, 0, 0, 8]);
  assert.deepEqual(r.regions.map((x) => x.gain), [8, 4, 1, 0]);
  assert.deepEqual([...(r.regions[2]?.pixels ?? [])], [2, 3, 6, 7]);
  // minPixelDiff 2 drops {15}; B's new pixels (mean 1) tie with C (mean 1) and the lower index wins
  const r2 = rankRegions(ATTR, MASKS, { minPixelDiff: 2 });
  assert.deepEqual([...r2.map], [4, 4, 1, 1, 4, 4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
  assert.deepEqual(r2.regions.map((x) => x.pixels.length), [4, 4, 8]);
});

test('area threshold stops early and the rest gets its mean; fast ranks by whole-mask density', () => {
  // after {15} (1/16) and A (5/16 > 0.25) it stops: the other 11 pixels hold 4 in all -> 4/11
  const r = rankRegions(ATTR, MASKS, { minPixelDiff: 1, areaThreshold: 0.25 });
  assertClose(r.map, [4, 4, 4 / 11, 4 / 11, 4, 4, 4 / 11, 4 / 11, ...new Array<number>(7).fill(4 / 11), 8], { atol: 1e-12 });
  // fast: densities {15} 8, A 4, B 2.5, C 1; the order differs from full once B's first pixels are taken
  const masks = [Int32Array.from([0, 1, 2, 3, 8]), Int32Array.from([0, 1]), Int32Array.from([2, 3, 9])];
  const values = [5, 5, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0];
  // densities: [2, 5, 1]: fast takes {0,1} (5), then mask 0's new {2,3,8} (0), then {9} (3)
  const fast = rankRegions(values, masks, { algorithm: 'fast', minPixelDiff: 1 });
  assert.deepEqual(fast.regions.map((x) => x.gain), [5, 3, 0, 0]);
  // full: {0,1} (5), then mask 2's new {2,3,9} (1) beats mask 0's {2,3,8} (0)
  const full = rankRegions(values, masks, { minPixelDiff: 1 });
  assert.deepEqual([...full.regions.slice(0, 3).map((x) => [...x.pixels])], [[0, 1], [2, 3, 9], [8]]);
  assert.throws(() => rankRegions(ATTR, MASKS, { minPixelDiff: 0 }), /minPixelDiff: expected an integer >= 1, got 0/);
});

/** A 40x40 RGB image: grey noisy ground, a bright 10x10 square at rows 8-17, columns 22-31. */
function plantedImage(): { data: Float32Array; object: Set<number> } {
  const noise = seededValues(40 * 40 * 3, 3);
  const data = Float32Array.from(noise, (v) => 0.3 + 0.05 * v);
  const object = new Set<number>();
  for (let y = 8; y < 18; y++) {
    for (let x = 22; x < 32; x++) {
      object.add(y * 40 + x);
      for (let c = 0; c < 3; c++) data[(y * 40 + x) * 3 + c] = c === 0 ? 0.95 : 0.2;
    }
  }
  return { data, object };
}

function topRegion(map: ArrayLike<number>): number[] {
  const max = Math.max(...Array.from(map));
  return Array.from(map).flatMap((v, p) => (v === max ? [p] : []));
}

function assertCovers(top: readonly number[], object: Set<number>): void {
  const inside = top.filter((p) => object.has(p)).length;
  assert.ok(inside >= 0.95 * object.size, `the top region holds ${inside} of the object's ${object.size} pixels`);
  assert.ok(top.length <= 4 * object.size, `the top region has ${top.length} pixels, more than 4x the object's ${object.size}`);
}

test('a synthetic attribution on a planted object: the top region covers the object', () => {
  const { data, object } = plantedImage();
  const noise = seededValues(1600, 9);
  const attribution = Float64Array.from({ length: 1600 }, (_, p) => (object.has(p) ? 1 : 0) + 0.1 * ((noise[p] as number) - 0.5));
  // segmented at 112x112 (PAIR: 224) to keep the test quick; the object is then 28x28 > min size 150
  const masks = xraiSegments({ data, height: 40, width: 40, channels: 3 }, { segmentationSize: 112 });
  assertCovers(topRegion(rankRegions(attribution, masks).map), object);
});

test('xrai on a linear model that reads only the object ranks the object first, without leaks', async () => {
  const { data, object } = plantedImage();
  const weights = new Float32Array(40 * 40 * 3);
  object.forEach((p) => weights.fill(1, p * 3, p * 3 + 3));
  const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [40, 40, 3] }), tf.layers.dense({ units: 2, useBias: false })] });
  model.setWeights([tf.tensor2d(Array.from(weights).flatMap((w) => [w, -w]), [4800, 2])]);
  const input = tf.tensor4d(data, [1, 40, 40, 3]);
  const result = await withoutLeaks(() => xrai(model, input, { target: 0, steps: 4, segmentationSize: 112 }));
  assert.deepEqual(result.map.shape, [1, 40, 40]);
  assert.equal(result.meta.method, 'xrai');
  assertCovers(topRegion(result.map.data), object);
  // IG of a linear model from the black and white baselines averages to w * (x - (min + max) / 2): zero off the object
  const outside = Array.from(result.map.data).filter((_, p) => !object.has(p));
  assert.ok(Math.min(...outside) >= 0 && Math.max(...result.map.data) > 0);
  await assert.rejects(xrai(model, input, { minPixelDiff: 0 }), /minPixelDiff/);
  // progress counts IG points of both baselines, then one unit per segmented sample; an aborted signal cancels
  const seen: { done: number; total: number }[] = [];
  await xrai(model, input, { target: 0, steps: 2, segmentationSize: 56, onProgress: (p) => seen.push(p) });
  assert.deepEqual(seen.at(-1), { done: 5, total: 5 });
  assert.ok(seen.every((p, i) => i === 0 || p.done >= (seen[i - 1] as { done: number }).done));
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(xrai(model, input, { signal: controller.signal }), /cancelled/);
  input.dispose();
  model.dispose();
});

test('labelMasks dilates each label by skimage\'s disk(r) (against stamping the disk on every pixel)', () => {
  const [height, width, radius] = [17, 20, 3];
  const noise = seededValues(height * width, 4);
  // blocky labels with ragged edges and a label split in two pieces
  const labels = Int32Array.from({ length: height * width }, (_, p) => (Math.floor((p % width) / 7) + 3 * Math.floor(p / width / 6) + ((noise[p] as number) > 0.9 ? 1 : 0)) % 7);
  const masks = labelMasks(labels, height, width, radius);
  assert.equal(masks.length, 7);
  masks.forEach((mask, label) => {
    const expected = new Set<number>();
    labels.forEach((l, p) => {
      if (l !== label) return;
      const [y, x] = [Math.floor(p / width), p % width];
      for (let dy = -radius; dy <= radius; dy++) {
        for (let dx = -radius; dx <= radius; dx++) {
          if (dy * dy + dx * dx <= radius * radius && y + dy >= 0 && y + dy < height && x + dx >= 0 && x + dx < width) expected.add((y + dy) * width + x + dx);
        }
      }
    });
    assert.deepEqual([...mask], [...expected].sort((a, b) => a - b), `label ${label}`);
  });
});
