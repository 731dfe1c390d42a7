import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { blockPlan, conv2dBlockPlan } from '../../src/engines/wasm/conv/polyphase-blocks.ts';
import { phaseDepthwiseFilter, phaseWindow, polyphaseConvFilter } from '../../src/engines/wasm/conv/polyphase-filters.ts';
import type { AxisGeometry } from '../../src/engines/wasm/conv/transposed-conv-geometry.ts';
import { relativeError, seededValues, zeroInserted } from './compare.ts';

// The geometry and filters alone, on the stock cpu backend: dx assembled from forward convolutions
// of dy, for every block multiplier, against the cpu backend's own input gradient.

before(async () => {
  await tf.setBackend('cpu');
});

const random = (shape: number[], seed: number) => tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), seed), shape);
type Pad = 'same' | 'valid' | tf.backend_util.ExplicitPadding;

interface Case { n: number; h: number; w: number; cin: number; kh: number; kw: number; stride: [number, number]; dilation: [number, number]; pad: Pad }

function cases(): Case[] {
  const out: Case[] = [];
  for (const cin of [1, 3]) for (const [h, w] of [[7, 8], [9, 9]]) for (const k of [1, 2, 3, 5]) for (const s of [1, 2, 3]) {
    for (const pad of ['same', 'valid'] as const) out.push({ n: 2, h: h as number, w: w as number, cin, kh: k, kw: k, stride: [s, s], dilation: [1, 1], pad });
  }
  out.push({ n: 1, h: 8, w: 9, cin: 2, kh: 3, kw: 2, stride: [1, 2], dilation: [1, 1], pad: 'same' });
  out.push({ n: 2, h: 9, w: 10, cin: 1, kh: 3, kw: 2, stride: [1, 1], dilation: [2, 3], pad: 'same' });
  out.push({ n: 2, h: 9, w: 10, cin: 3, kh: 3, kw: 3, stride: [1, 1], dilation: [2, 1], pad: 'valid' });
  out.push({ n: 2, h: 6, w: 7, cin: 1, kh: 2, kw: 3, stride: [1, 1], dilation: [1, 1], pad: [[0, 0], [3, 1], [0, 4], [0, 0]] });
  out.push({ n: 1, h: 7, w: 9, cin: 3, kh: 3, kw: 3, stride: [2, 2], dilation: [1, 1], pad: [[0, 0], [2, 0], [1, 2], [0, 0]] });
  return out;
}


function infoOf(c: Case, cout: number, depthwise: boolean): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo([c.n, c.h, c.w, c.cin], [c.kh, c.kw, c.cin, cout], c.stride, c.dilation, c.pad, undefined, depthwise, 'channelsLast');
}

function geometries(info: tf.backend_util.Conv2DInfo, my: number, mx: number): [AxisGeometry, AxisGeometry] | null {
  const p = blockPlan(info, my, mx);
  return p == null ? null : [p.rows, p.cols];
}

const explicit = (rows: AxisGeometry, cols: AxisGeometry, skip = [0, 0], drop = [0, 0]): tf.backend_util.ExplicitPadding =>
  [[0, 0], [rows.padBefore - (skip[0] as number), rows.padAfter - (drop[0] as number)], [cols.padBefore - (skip[1] as number), cols.padAfter - (drop[1] as number)], [0, 0]];

/** z [n, py, px, by*bx*c] (channels (ry, rx, c)) interleaved and cropped to [n, h, w, c]. */
function assemble(z: tf.Tensor, rows: AxisGeometry, cols: AxisGeometry, info: tf.backend_util.Conv2DInfo, c: number): tf.Tensor {
  const [n, py, px] = z.shape as number[] as [number, number, number];
  const full = tf.reshape(tf.transpose(tf.reshape(z, [n, py, px, rows.block, cols.block, c]), [0, 1, 3, 2, 4, 5]), [n, py * rows.block, px * cols.block, c]);
  return tf.slice(full, [0, rows.crop, cols.crop, 0], [n, info.inHeight, info.inWidth, c]);
}

test('Conv2D polyphase filters and geometry give the cpu input gradient for every block multiplier', () => {
  let checked = 0;
  for (const c of cases()) {
    const cout = 4;
    const info = infoOf(c, cout, false);
    tf.tidy(() => {
      const w = random([c.kh, c.kw, c.cin, cout], 2);
      const dy = random([c.n, info.outHeight, info.outWidth, cout], 3);
      const expected = tf.conv2dTranspose(dy as tf.Tensor4D, zeroInserted(w, c.dilation), [c.n, c.h, c.w, c.cin], c.stride, c.pad as 'same').dataSync();
      for (let my = 1; my <= 3; my++) for (let mx = 1; mx <= 4; mx++) {
        const g = geometries(info, my, mx);
        if (g == null) continue;
        const [rows, cols] = g;
        const f = polyphaseConvFilter(w.dataSync() as Float32Array, w.shape, rows, cols);
        const z = tf.conv2d(dy as tf.Tensor4D, tf.tensor4d(f.values, f.shape as [number, number, number, number]), [rows.stride, cols.stride],
          explicit(rows, cols), 'NHWC', [rows.dilation, cols.dilation]);
        const error = relativeError(assemble(z, rows, cols, info, c.cin).dataSync(), expected);
        assert.ok(error < 1e-5, `${JSON.stringify(c)} multipliers ${my}x${mx}: relative error ${error}`);
        checked++;
      }
    });
  }
  assert.ok(checked > 400);
});

test('depthwise per-phase filters and windows give the cpu input gradient (multiplier 1 and 2)', () => {
  for (const c of cases()) for (const m of [1, 2]) {
    if (c.stride[0] !== c.stride[1] && c.dilation.some((d) => d > 1)) continue;
    const info = infoOf(c, m, true);
    const g = geometries(info, 1, 1);
    assert.ok(g != null);
    const [rows, cols] = g;
    tf.tidy(() => {
      const w = random([c.kh, c.kw, c.cin, m], 4);
      const dy = random([c.n, info.outHeight, info.outWidth, c.cin * m], 5);
      const x = random([c.n, c.h, c.w, c.cin], 6);
      const expected = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.depthwiseConv2d(t as tf.Tensor4D, zeroInserted(w, c.dilation), c.stride, c.pad), dy)))(x).dataSync();
      const phases: tf.Tensor[] = [];
      for (let ry = 0; ry < rows.block; ry++) for (let rx = 0; rx < cols.block; rx++) {
        const used = phaseWindow(rows, cols, ry, rx);
        const f = phaseDepthwiseFilter(w.dataSync() as Float32Array, w.shape, rows, cols, ry, rx, used);
        const drop = [rows.taps - used.skipRows - used.rows, cols.taps - used.skipCols - used.cols];
        const z = tf.depthwiseConv2d(dy as tf.Tensor4D, tf.tensor4d(f.values, f.shape as [number, number, number, number]), 1,
          explicit(rows, cols, [used.skipRows, used.skipCols], drop), 'NHWC', [rows.dilation, cols.dilation]);
        phases.push(tf.sum(tf.reshape(z, [...z.shape.slice(0, 3), c.cin, m]), 4));
      }
      const error = relativeError(assemble(tf.concat(phases, 3), rows, cols, info, c.cin).dataSync(), expected);
      assert.ok(error < 1e-5, `${JSON.stringify(c)} m ${m}: relative error ${error}`);
    });
  }
});

test('the block plan widens blocks only where the forward input has few channels', () => {
  const plan = (x: [number, number, number, number], f: [number, number, number, number], s: number, pad: 'same' | 'valid') =>
    conv2dBlockPlan(tf.backend_util.computeConv2DInfo(x, f, s, 1, pad, undefined, false, 'channelsLast'));
  const first = plan([1, 224, 224, 3], [3, 3, 3, 32], 1, 'same');
  assert.ok(first != null && first.rows.block * first.cols.block > 1, 'a 3-channel input gets blocks');
  const mnist = plan([32, 28, 28, 1], [3, 3, 1, 32], 1, 'valid');
  assert.ok(mnist != null && mnist.rows.block * mnist.cols.block > 1, 'a 1-channel input gets blocks');
  const wide = plan([1, 56, 56, 64], [3, 3, 64, 128], 1, 'same');
  assert.ok(wide != null && wide.rows.block === 1 && wide.cols.block === 1, '64 channels keep the flipped filter');
});
