// SLIC and Felzenszwalb against scikit-image 0.19 on fixed images (test/fixtures/segmentation/,
// written by scripts/fixtures/segmentation_references.py). Measures and tolerances, per run:
// adjusted Rand index >= 0.98, boundary F-measure (1-pixel tolerance) >= 0.98, and segment count
// within 5% of skimage's. The ports follow skimage step by step; on these fixtures every label is identical
// (the slack is for edge-weight ties, which numpy's unstable argsort may order otherwise).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { felzenszwalb, slic, type SegmentationImage } from '../../../src/index.ts';
import { adjustedRandIndex, boundaryF, segmentCount } from './agreement.ts';

interface Run {
  readonly method: 'slic' | 'felzenszwalb';
  readonly options: Readonly<Record<string, number>>;
  readonly labels: string;
}
interface Case {
  readonly name: string;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly pixels: string;
  readonly runs: readonly Run[];
}

const FIXTURE = new URL('../../fixtures/segmentation/references.json', import.meta.url);
const { cases } = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { cases: Case[] };

function image(c: Case): SegmentationImage {
  const bytes = Buffer.from(c.pixels, 'base64');
  return { data: Float64Array.from(bytes, (v) => v / 255), height: c.height, width: c.width, channels: c.channels };
}

function reference(run: Run): Int16Array {
  const bytes = Buffer.from(run.labels, 'base64');
  return new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

function ours(run: Run, input: SegmentationImage): Int32Array {
  const o = run.options;
  if (run.method === 'felzenszwalb') return felzenszwalb(input, { scale: o.scale, sigma: o.sigma, minSize: o.min_size });
  return slic(input, { nSegments: o.n_segments, ...(o.compactness === undefined ? {} : { compactness: o.compactness }), ...(o.sigma === undefined ? {} : { sigma: o.sigma }) });
}

for (const c of cases) {
  for (const run of c.runs) {
    test(`${run.method} ${JSON.stringify(run.options)} on ${c.name} agrees with scikit-image`, () => {
      const expected = reference(run);
      const got = ours(run, image(c));
      assert.equal(got.length, c.height * c.width);
      const ari = adjustedRandIndex(got, expected);
      const f = boundaryF(got, expected, c.height, c.width, 1);
      const counts = [segmentCount(got), segmentCount(expected)] as const;
      const detail = `ARI ${ari.toFixed(4)}, boundary F ${f.toFixed(4)}, segments ${counts[0]} vs skimage ${counts[1]}`;
      assert.ok(ari >= 0.98, detail);
      assert.ok(f >= 0.98, detail);
      assert.ok(Math.abs(counts[0] / counts[1] - 1) <= 0.05, detail);
    });
  }
}
