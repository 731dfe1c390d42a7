import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DIGIT_PIXELS, loadMnistDigits, selectDigits, splitMnistDigits } from '../../models/data/mnist-digits.ts';
import { generateRoadScenes, renderRoadScene, ROAD_BEND, sampleRoadSceneParams, type RoadSceneParams } from '../../models/data/road-scenes.ts';
import { MARK_SIZE, findMark, markPosition, markRegionMask, plantMark, plantShortcut } from '../../models/data/shortcut-digits.ts';
import { createRng } from '../../models/lib/rng.ts';

test('the mnist split is seeded, stratified, disjoint and covers all 10,000 digits', () => {
  const digits = loadMnistDigits();
  assert.equal(digits.count, 10_000);
  const split = splitMnistDigits();
  assert.deepEqual(splitMnistDigits(), split);
  assert.notDeepEqual(splitMnistDigits('another seed').heldBack, split.heldBack);
  assert.equal(split.train.length, 8000);
  assert.equal(split.heldBack.length, 2000);
  assert.equal(new Set([...split.train, ...split.heldBack]).size, 10_000);
  const perClass = (indices: readonly number[], digit: number): number => indices.filter((i) => digits.labels[i] === digit).length;
  for (let digit = 0; digit < 10; digit++) {
    const total = perClass(split.train, digit) + perClass(split.heldBack, digit);
    assert.equal(perClass(split.heldBack, digit), Math.round(total * 0.2), `class ${digit}`);
  }
  const first = selectDigits(digits, [split.heldBack[0]!]);
  assert.deepEqual(first.images, digits.images.subarray(split.heldBack[0]! * DIGIT_PIXELS, (split.heldBack[0]! + 1) * DIGIT_PIXELS));
  assert.throws(() => selectDigits(digits, [10_000]), /indices\[0\] = 10000/);
  assert.throws(() => splitMnistDigits('s', 1), /heldBackFraction must be in \(0, 1\)/);
});

test('road scenes are a pure function of their seed', () => {
  const a = generateRoadScenes(4, 'seed-a');
  assert.deepEqual(generateRoadScenes(4, 'seed-a'), a);
  assert.notDeepEqual(generateRoadScenes(4, 'seed-b').images, a.images);
  assert.equal(a.images.length, 4 * 64 * 64 * 3);
  assert.ok(a.images.every((v) => v >= 0 && v <= 1));
  assert.ok(a.curvatures.every((c) => c >= -1 && c <= 1));
  assert.throws(() => sampleRoadSceneParams(createRng(1), 1.5), /curvature must be in \[-1, 1\]/);
});

test('the far end of the road bends by the curvature', () => {
  const asphalt = [0.2, 0.2, 0.2] as const;
  const grass = [0.2, 0.8, 0.2] as const;
  const scene = (curvature: number): RoadSceneParams => ({
    ...sampleRoadSceneParams(createRng(7), curvature),
    horizon: 0.25,
    offset: 0,
    roadWidth: 0.5,
    asphalt,
    lines: asphalt,
    grass,
    objects: [],
    noise: 0,
  });
  const size = 64;
  const row = 24; // t = (24.5 - 16) / 48 = 0.177: the road's centre sits at 32 + 64 * 0.4 * c * 0.677
  const t = (row + 0.5 - 16) / 48;
  for (const curvature of [-1, -0.5, 0.5, 1]) {
    const image = renderRoadScene(scene(curvature), size);
    const green = (x: number): number => image[(row * size + x) * 3 + 1]!;
    const centre = Math.round(size * (0.5 + ROAD_BEND * curvature * (1 - t) ** 2));
    assert.ok(Math.abs(green(centre) - asphalt[1]) < 0.05, `c=${curvature}: asphalt at the bent centre x=${centre}`);
    assert.ok(Math.abs(green(size - 1 - centre) - grass[1]) < 0.05, `c=${curvature}: grass at the mirrored x=${size - 1 - centre}`);
  }
});

test('marks sit where they encode the class, and plantShortcut is seeded', () => {
  assert.deepEqual(markPosition(0), { row: 1, col: 1 });
  assert.deepEqual(markPosition(9), { row: 24, col: 24 });
  assert.throws(() => markPosition(10), /digit must be an integer 0-9/);
  const image = new Float32Array(DIGIT_PIXELS);
  plantMark(image, 7);
  assert.equal(image.reduce((n, v) => n + v, 0), MARK_SIZE * MARK_SIZE);
  assert.equal(image[25 * 28 + 12], 1);
  const mask = markRegionMask(7);
  assert.equal(mask.reduce((n, v) => n + v, 0), 25);
  assert.ok(image.every((v, i) => v === 0 || mask[i] === 1));
  for (let digit = 0; digit < 10; digit++) {
    const marked = new Float32Array(DIGIT_PIXELS);
    plantMark(marked, digit);
    assert.equal(findMark(marked), digit, `findMark reads back the mark of class ${digit}`);
  }
  assert.equal(findMark(new Float32Array(DIGIT_PIXELS)), undefined);
  const partial = new Float32Array(DIGIT_PIXELS);
  plantMark(partial, 4);
  partial[markPosition(4).row * 28 + markPosition(4).col] = 0.5;
  assert.equal(findMark(partial), undefined, 'a mark with one pixel missing is not a mark');
  assert.throws(() => findMark(new Float32Array(10)), /image must have 784 pixels, got 10/);

  const digits = selectDigits(loadMnistDigits(), splitMnistDigits().heldBack.slice(0, 500));
  const own = plantShortcut(digits, { kind: 'own', fraction: 0.9, seed: 's' });
  assert.deepEqual(plantShortcut(digits, { kind: 'own', fraction: 0.9, seed: 's' }), own);
  const markedCount = own.marks.filter((m) => m >= 0).length;
  assert.ok(markedCount > 420 && markedCount < 480, `about 90 % of 500 marked, got ${markedCount}`);
  assert.ok([...own.marks].every((m, i) => m === -1 || m === digits.labels[i]));
  const other = plantShortcut(digits, { kind: 'other', seed: 's' });
  assert.ok([...other.marks].every((m, i) => m >= 0 && m <= 9 && m !== digits.labels[i]));
  assert.equal(new Set(other.marks).size, 10);
  assert.deepEqual(digits.images, selectDigits(loadMnistDigits(), splitMnistDigits().heldBack.slice(0, 500)).images, 'the input set is not changed');
});
