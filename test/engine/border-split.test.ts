import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { blockCopyKernel } from '../../src/engines/wasm/simd/block-copy-kernel.ts';
import { backendMemory } from '../../src/engines/wasm/simd/kernel-module.ts';
import { borderSegments, wholeAxis } from '../../src/engines/wasm/conv/border-segments.ts';
import { borderPieces, borderSplitInputGradient, type BorderSplitBackend } from '../../src/engines/wasm/conv/border-split.ts';
import { setupBackend } from '../../src/engines/wasm/node/index.ts';
import { pathCounts, resetPathCounts } from '../../src/engines/wasm/path-counts.ts';
import { blockPlan } from '../../src/engines/wasm/conv/polyphase-blocks.ts';
import { polyphaseConvFilter } from '../../src/engines/wasm/conv/polyphase-filters.ts';
import type { SimdBackend } from '../../src/engines/wasm/simd/kernel-module.ts';
import { axisGeometry } from '../../src/engines/wasm/conv/transposed-conv-geometry.ts';
import { relativeError, seededValues, valuesOn, zeroInserted } from './compare.ts';

before(async () => {
  await setupBackend({ backend: 'wasm', threads: 1 });
});

const random = (shape: number[], seed: number) => tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), seed), shape);
type Pad = 'same' | 'valid' | tf.backend_util.ExplicitPadding;

test('border segments cover the axis and read what the whole padded convolution reads, minus only padding', () => {
  for (const taps of [2, 3, 5]) for (const dilation of [1, 2, 3]) for (const padBefore of [0, 1, 2, 4]) for (const padAfter of [0, 1, 3]) {
    const span = (taps - 1) * dilation;
    if (padBefore > span || padAfter > span) continue;
    for (const output of [span + 1, span + 4]) {
      const input = output + span - padBefore - padAfter;
      const g = axisGeometry(input, taps, 1, dilation, span - padBefore, output);
      if (g == null) throw new Error('stride 1 has a geometry');
      const label = `taps ${taps} dilation ${dilation} pads ${padBefore}/${padAfter} dy ${output}`;
      const segments = borderSegments(g, output);
      if (segments == null) continue;
      let next = 0;
      for (const s of segments) {
        assert.equal(s.start, next, `${label}: segments in order, no gaps`);
        next += s.count;
        assert.equal(s.dyCount + s.padBefore + s.padAfter - (s.taps - 1) * dilation, s.count, `${label}: segment output length`);
        for (let j = s.start; j < s.start + s.count; j++) {
          for (let u = 0; u < g.taps; u++) {
            const read: number = j - g.padBefore + u * g.dilation;
            const inRange: boolean = read >= 0 && read < output;
            const v = u - s.tapStart;
            if (v < 0 || v >= s.taps) {
              assert.ok(!inRange, `${label}: position ${j} drops tap ${u}, which reads dy[${read}]`);
              continue;
            }
            const local: number = j - s.start - s.padBefore + v * g.dilation;
            const localInRange: boolean = local >= 0 && local < s.dyCount;
            assert.equal(localInRange, inRange, `${label}: position ${j} tap ${u}`);
            if (inRange) assert.equal(s.dyStart + local, read, `${label}: position ${j} tap ${u} reads the same dy`);
          }
        }
      }
      assert.equal(next, g.positions, `${label}: segments cover the axis`);
      assert.deepEqual(wholeAxis(g, output).count, g.positions);
    }
  }
});

test('blockCopy copies strided blocks of any byte length', () => {
  const backend = tf.backend() as unknown as SimdBackend;
  const src = tf.tensor(Float32Array.from({ length: 60 }, (_, i) => i + 1));
  const dst = tf.zeros([80]);
  const at = (t: tf.Tensor) => backend.getMemoryOffset(t.dataId);
  blockCopyKernel(backend)(at(src) + 4, at(dst) + 8, 2, 3, 12, 40, 8, 48, 16);
  const out = new Float32Array(backendMemory(backend).buffer, at(dst), 80).slice();
  const expected = new Float32Array(80);
  for (let r = 0; r < 2; r++) for (let c = 0; c < 3; c++) for (let k = 0; k < 3; k++) expected[2 + r * 12 + c * 4 + k] = 2 + r * 10 + c * 2 + k;
  assert.deepEqual(out, expected);
  tf.dispose([src, dst]);
});


interface Case { n: number; h: number; w: number; cin: number; cout: number; kh: number; kw: number; dilation: [number, number]; pad: Pad }

/** dx by the border split itself (whatever the cost estimate says), on wasm; checks that nothing is left on the backend. */
function splitGradient(c: Case, dy: tf.Tensor4D, filter: tf.Tensor4D): Float32Array {
  const backend = tf.backend() as unknown as BorderSplitBackend & { numDataIds(): number };
  const info = tf.backend_util.computeConv2DInfo([c.n, c.h, c.w, c.cin], filter.shape, 1, c.dilation, c.pad, undefined, false, 'channelsLast');
  const plan = blockPlan(info, 1, 1);
  assert.ok(plan != null);
  const pieces = borderPieces(plan, info);
  assert.ok(pieces != null, 'the case splits');
  const makeFilter = () => polyphaseConvFilter(filter.dataSync() as Float32Array, filter.shape, plan.rows, plan.cols);
  const made = makeFilter();
  const g = tf.tensor(made.values, made.shape);
  const ids = backend.numDataIds();
  const dx = tf.engine().makeTensorFromTensorInfo(borderSplitInputGradient(backend, dy, filter, g, 'test', makeFilter, pieces, info));
  const values = dx.dataSync() as Float32Array;
  dx.dispose();
  // The sub-filters stay in the derived-filter cache; nothing else may remain.
  assert.ok(backend.numDataIds() - ids <= pieces.length, 'no intermediate left on the backend');
  g.dispose();
  return values;
}

test('border split input gradient matches cpu: valid/same/explicit, rectangular filters, dilation, odd channel counts, batch 3', async () => {
  const cases: Case[] = [
    { n: 3, h: 10, w: 9, cin: 5, cout: 7, kh: 3, kw: 3, dilation: [1, 1], pad: 'valid' },
    { n: 2, h: 11, w: 12, cin: 4, cout: 9, kh: 5, kw: 5, dilation: [1, 1], pad: 'valid' },
    { n: 2, h: 11, w: 12, cin: 6, cout: 3, kh: 5, kw: 5, dilation: [1, 1], pad: 'same' },
    { n: 3, h: 9, w: 8, cin: 3, cout: 5, kh: 3, kw: 2, dilation: [1, 1], pad: 'valid' },
    { n: 1, h: 9, w: 13, cin: 7, cout: 6, kh: 2, kw: 5, dilation: [1, 1], pad: 'same' },
    { n: 2, h: 10, w: 11, cin: 5, cout: 6, kh: 3, kw: 3, dilation: [2, 1], pad: 'valid' },
    { n: 2, h: 12, w: 11, cin: 3, cout: 4, kh: 3, kw: 2, dilation: [2, 3], pad: 'same' },
    { n: 2, h: 8, w: 9, cin: 5, cout: 6, kh: 3, kw: 4, dilation: [1, 1], pad: [[0, 0], [2, 0], [1, 3], [0, 0]] },
    { n: 2, h: 8, w: 9, cin: 5, cout: 6, kh: 3, kw: 3, dilation: [1, 1], pad: [[0, 0], [0, 1], [2, 0], [0, 0]] },
  ];
  for (const c of cases) {
    const label = `${c.n}x${c.h}x${c.w}x${c.cin} -> ${c.cout}, ${c.kh}x${c.kw} dilation ${c.dilation} ${JSON.stringify(c.pad)}`;
    const filter = random([c.kh, c.kw, c.cin, c.cout], 2) as tf.Tensor4D;
    const shape = tf.backend_util.computeConv2DInfo([c.n, c.h, c.w, c.cin], filter.shape, 1, c.dilation, c.pad, undefined, false, 'channelsLast').outShape;
    const dy = random(shape, 3) as tf.Tensor4D;
    const [expected] = await valuesOn('cpu', () => tf.conv2dTranspose(dy, zeroInserted(filter, c.dilation), [c.n, c.h, c.w, c.cin], 1, c.pad));
    const error = relativeError(splitGradient(c, dy, filter), expected as Float32Array);
    assert.ok(error < 1e-5, `${label}: relative error ${error}`);
    tf.dispose([filter, dy]);
  }
});

test('Conv2D input gradients take the border split where it pays (MNIST conv2 at batch 4) and match cpu, with no tensor left', async () => {
  const filter = random([3, 3, 32, 64], 2) as tf.Tensor4D;
  const x = random([4, 26, 26, 32], 1) as tf.Tensor4D;
  const dy = random([4, 24, 24, 64], 3) as tf.Tensor4D;
  const gradient = () => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(t as tf.Tensor4D, filter, 1, 'valid'), dy)))(x);
  const [expected] = await valuesOn('cpu', gradient);
  resetPathCounts();
  const before = tf.memory().numTensors;
  for (let call = 0; call < 2; call++) {
    const [actual] = await valuesOn('wasm', gradient);
    const error = relativeError(actual as Float32Array, expected as Float32Array);
    assert.ok(error < 1e-5, `call ${call}: relative error ${error}`);
  }
  assert.equal(tf.memory().numTensors, before);
  assert.equal(pathCounts()['border-split:Conv2D'], 2, JSON.stringify(pathCounts()));
  tf.dispose([filter, x, dy]);
});
