// The feature machinery: grid cells as TF's nearest resize places them, a segmenter function as the
// hook superpixels plug into, and the error while no 'superpixels' segmenter is built in.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getMethod, kernelShap, SEGMENTERS, type Segmenter } from '../../../src/index.ts';
import { gridIds } from '../../../src/methods/perturbation/feature-groups.ts';
import { useCpu } from '../../support/backend.ts';
import { assertClose } from '../../support/assert-close.ts';
import { linearModel } from '../linear-models.ts';

before(useCpu);

describe('black-box features', () => {
  test('grid cells: position p of a side of d is in cell floor(p * cells / d), all channels alike', () => {
    const { ids, count } = gridIds([3, 5, 2], 2);
    assert.equal(count, 4);
    const rows = [0, 0, 1];
    const cols = [0, 0, 0, 1, 1];
    assert.deepEqual(Array.from(ids), Array.from({ length: 30 }, (_, i) => 2 * (rows[Math.floor(i / 10)] as number) + (cols[Math.floor(i / 2) % 5] as number)));
  });

  test('a segmenter function cuts the features: KernelSHAP credits each segment with its sum w (x - b)', async () => {
    const halves: Segmenter = (image) => Int32Array.from({ length: 16 }, (_, p) => (p % 4 < 2 ? 0 : 1) + (image.shape[0] === 4 ? 0 : 9));
    const model = linearModel([4, 4, 1], Array.from({ length: 16 }, (_, p) => [p % 4]));
    const image = { data: new Float32Array(16).fill(1), shape: [4, 4, 1] };
    const result = await kernelShap(model, image, { features: halves, samples: 8, target: 0 });
    assertClose(result.map.data, Array.from({ length: 16 }, (_, p) => (p % 4 < 2 ? 4 : 20)), { atol: 1e-4 });
    assert.equal(result.meta.extra?.['features'], 'segmenter function');
  });

  test("'superpixels' needs a segmenter in this build; the registry estimates gridSize^2 features for it", async () => {
    const model = linearModel([4, 4, 1], Array.from({ length: 16 }, () => [1]));
    const image = { data: new Float32Array(16).fill(1), shape: [4, 4, 1] };
    if (SEGMENTERS['superpixels'] === undefined) await assert.rejects(kernelShap(model, image, { features: 'superpixels', target: 0 }), /features: no 'superpixels' segmenter in this build/);
    assert.equal(getMethod('kernel-shap').estimateEvaluations([[224, 224, 3]], { features: 'superpixels', gridSize: 10 }), 2 * 100 + 256 + 1);
    assert.equal(getMethod('kernel-shap').estimateEvaluations([[224, 224, 3]], {}), 2 * 64 + 256 + 1);
    assert.equal(getMethod('sobol').estimateEvaluations([[224, 224, 3]], {}), 16 * 65 + 1, "'auto' designs: 16 above 64x64 positions");
    assert.equal(getMethod('hsic').estimateEvaluations([[224, 224, 3]], {}), 501);
    assert.equal(getMethod('shapley-sampling').estimateEvaluations([[224, 224, 3]], {}), 1 + 8 * 63 + 1);
    assert.equal(getMethod('lime').estimateEvaluations([[224, 224, 3]], { samples: '100' }), 101);
  });
});
