import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { SaliencyError } from '../../src/core/errors.ts';
import type { RgbaImage } from '../../src/core/image.ts';
import { preprocessImages } from '../../src/io/preprocess-images.ts';
import { PREPROCESSING_PRESETS, resolvePreprocessing, type PreprocessingSpec } from '../../src/io/preprocessing-spec.ts';
import { assertClose } from '../support/assert-close.ts';
import { useCpu } from '../support/backend.ts';

/** An image from rows of [r, g, b, a] pixels. */
function image(rows: number[][][]): RgbaImage {
  return { width: rows[0]?.length ?? 0, height: rows.length, data: Uint8ClampedArray.from(rows.flat(2)) };
}

const TWO_PIXELS = image([[[0, 128, 255, 255], [255, 0, 51, 0]]]);

function run(input: RgbaImage | RgbaImage[], spec: PreprocessingSpec, inputShape?: (number | null)[]): { shape: number[]; values: number[] } {
  const before = tf.memory().numTensors;
  const tensor = preprocessImages(input, spec, inputShape);
  assert.equal(tf.memory().numTensors, before + 1, 'only the result tensor is left');
  const out = { shape: tensor.shape, values: Array.from(tensor.dataSync()) };
  tensor.dispose();
  return out;
}

describe('preprocessing images into model input', () => {
  before(useCpu);

  it('scales to [0, 1] by default and ignores alpha', () => {
    const { shape, values } = run(TWO_PIXELS, {}, [null, 1, 2, 3]);
    assert.deepEqual(shape, [1, 1, 2, 3]);
    assertClose(values, [0, 128 / 255, 1, 1, 0, 0.2]);
  });

  it('scales to [-1, 1] (tf preset) and keeps 0..255 (raw)', () => {
    assertClose(run(TWO_PIXELS, PREPROCESSING_PRESETS.tf, [null, 1, 2, 3]).values, [-1, 128 / 127.5 - 1, 1, 1, -1, -0.6]);
    assertClose(run(TWO_PIXELS, PREPROCESSING_PRESETS.raw, [null, 1, 2, 3]).values, [0, 128, 255, 255, 0, 51], { atol: 1e-4 });
  });

  it('caffe: BGR order, 0..255 minus the ImageNet BGR mean', () => {
    const { values } = run(TWO_PIXELS, PREPROCESSING_PRESETS.caffe, [null, 1, 2, 3]);
    assertClose(values, [255 - 103.939, 128 - 116.779, 0 - 123.68, 51 - 103.939, 0 - 116.779, 255 - 123.68], { atol: 1e-4 });
  });

  it('torch: [0, 1] then ImageNet mean / std', () => {
    const { values } = run(TWO_PIXELS, PREPROCESSING_PRESETS.torch, [null, 1, 2, 3]);
    const expected = [0, 128 / 255, 1, 1, 0, 0.2].map((v, i) => (v - [0.485, 0.456, 0.406][i % 3]!) / [0.229, 0.224, 0.225][i % 3]!);
    assertClose(values, expected, { atol: 1e-5 });
  });

  it('grayscale with BT.601 weights, chosen by default for a one-channel model', () => {
    const { shape, values } = run(TWO_PIXELS, { scale: 'raw' }, [null, 1, 2, 1]);
    assert.deepEqual(shape, [1, 1, 2, 1]);
    assertClose(values, [0.587 * 128 + 0.114 * 255, 0.299 * 255 + 0.114 * 51], { atol: 1e-3 });
  });

  it('resizes bilinearly with half-pixel centres (1x2 -> 1x4)', () => {
    const { values } = run(image([[[0, 0, 0, 255], [255, 255, 255, 255]]]), { scale: 'raw', size: [1, 4] });
    assertClose(values.filter((_, i) => i % 3 === 0), [0, 63.75, 191.25, 255], { atol: 1e-3 });
  });

  it('centre-crops to the target aspect before resizing (2x4 -> middle 2x2)', () => {
    const columns = [10, 20, 30, 40];
    const row = columns.map((v) => [v, v, v, 255]);
    const { shape, values } = run(image([row, row]), { scale: 'raw', size: [2, 2], fit: 'center-crop' });
    assert.deepEqual(shape, [1, 2, 2, 3]);
    assertClose(values.filter((_, i) => i % 3 === 0), [20, 30, 20, 30], { atol: 1e-4 });
  });

  it('stacks a batch of images of different sizes at the model size', () => {
    const small = image([[[255, 255, 255, 255]]]);
    const { shape, values } = run([small, TWO_PIXELS], {}, [null, 1, 2, 3]);
    assert.deepEqual(shape, [2, 1, 2, 3]);
    assertClose(values.slice(0, 6), [1, 1, 1, 1, 1, 1]);
  });

  it('rejects bad options naming them', () => {
    const rejects = (spec: PreprocessingSpec, shape: (number | null)[] | undefined, pattern: RegExp) =>
      assert.throws(() => resolvePreprocessing(spec, shape), (error: unknown) => error instanceof SaliencyError && pattern.test(error.message));
    rejects({ scale: 'percent' as never }, [null, 4, 4, 3], /^preprocessing\.scale: got "percent"; valid values are 'unit', 'symmetric', 'raw'/);
    rejects({ mean: [1, 2] }, [null, 4, 4, 3], /^preprocessing\.mean: expected 1 or 3 finite numbers, got \[1,2\]/);
    rejects({ std: [0] }, [null, 4, 4, 3], /^preprocessing\.std: values must be non-zero/);
    rejects({}, [null, null, null, 3], /^preprocessing\.size: need \[height, width\]/);
    rejects({ channels: 'rgb' }, [null, 4, 4, 1], /^preprocessing\.channels: 'rgb' gives 3 channel\(s\) but the model takes 1/);
    rejects({}, [null, 4, 3], /^inputShape: expected an image input/);
    assert.throws(() => preprocessImages([], {}, [null, 4, 4, 3]), /images: expected at least one image/);
  });
});
