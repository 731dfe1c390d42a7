// The parts of the table commands (evaluate, audit, merge) that need no model: shards, merging
// results files, CSV, the audit's region on the map grid and its shares, checked by hand.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../../src/cli/errors.ts';
import { mergeResults, canonicalJson } from '../../src/cli/tables/merge-results.ts';
import { dataSetOf, shardResults, type ResultsFile } from '../../src/cli/tables/results-file.ts';
import { parseShardOption, resolveShard, shardItems, shardOutput } from '../../src/cli/tables/shard.ts';
import { csvText } from '../../src/cli/tables/csv.ts';
import { matchMasks, maskTest, parseRegionOption, rectTest, regionOnGrid } from '../../src/cli/audit/region.ts';
import { regionShare } from '../../src/cli/audit/share.ts';
import { classSummaries, worstFirst, type AuditRow } from '../../src/cli/audit/audit-row.ts';

describe('shards', () => {
  test('K/N and auto parse, with errors that name the valid values', () => {
    assert.deepEqual(parseShardOption('2/3'), { index: 2, count: 3 });
    assert.equal(parseShardOption('auto'), 'auto');
    assert.throws(() => parseShardOption('3/3'), (e: Error) => e instanceof UsageError && /from 0 to 2/.test(e.message));
    assert.throws(() => parseShardOption('1-3'), /expected K\/N/);
    assert.throws(() => parseShardOption('0/0'), /from 1 to/);
  });

  test('auto reads JOB_COMPLETION_INDEX and the count from --shards, SALIENCY_SHARDS or JOB_COMPLETION_COUNT', () => {
    assert.deepEqual(resolveShard('auto', 4, { JOB_COMPLETION_INDEX: '3' }), { index: 3, count: 4 });
    assert.deepEqual(resolveShard('auto', undefined, { JOB_COMPLETION_INDEX: '1', SALIENCY_SHARDS: '2', JOB_COMPLETION_COUNT: '9' }), { index: 1, count: 2 });
    assert.deepEqual(resolveShard('auto', undefined, { JOB_COMPLETION_INDEX: '0', JOB_COMPLETION_COUNT: '5' }), { index: 0, count: 5 });
    assert.throws(() => resolveShard('auto', 3, {}), /JOB_COMPLETION_INDEX is not set/);
    assert.throws(() => resolveShard('auto', undefined, { JOB_COMPLETION_INDEX: '0' }), /number of shards is unknown; give --shards N/);
    assert.throws(() => resolveShard('auto', 2, { JOB_COMPLETION_INDEX: '2' }), /JOB_COMPLETION_INDEX: expected a shard index from 0 to 1/);
    assert.throws(() => resolveShard({ index: 0, count: 3 }, 4, {}), /disagrees/);
    assert.throws(() => resolveShard(undefined, 4, {}), /only used with --shard auto/);
    assert.deepEqual(resolveShard(undefined, undefined, {}), { index: 0, count: 1 });
  });

  test('images are dealt round-robin: disjoint shards that together hold every image once', () => {
    const items = Array.from({ length: 10 }, (_, i) => `img-${i}`);
    const shards = [0, 1, 2].map((index) => shardItems(items, { index, count: 3 }));
    assert.deepEqual(shards[0], ['img-0', 'img-3', 'img-6', 'img-9']);
    assert.deepEqual(shards.flat().sort(), [...items].sort());
    assert.equal(shardOutput('out/shard-{shard}', { index: 2, count: 3 }), 'out/shard-2');
  });
});

function results(index: number, count: number, images: string[], settings = { model: 'm', methods: ['saliency'] }): ResultsFile {
  const all = ['a.png', 'b.png', 'c.png', 'd.png'];
  return shardResults('audit', settings, dataSetOf(all), { index, count }, images, images.map((image) => ({ image, inside: image.charCodeAt(0) })), []);
}

describe('merge', () => {
  test('joins shards in data-set order and equals the whole run', () => {
    const whole = results(0, 1, ['a.png', 'b.png', 'c.png', 'd.png']);
    const merged = mergeResults([
      { dir: 's1', results: results(1, 2, ['b.png', 'd.png']) },
      { dir: 's0', results: results(0, 2, ['a.png', 'c.png']) },
    ]);
    assert.deepEqual(merged.rows, whole.rows);
    assert.deepEqual(merged.images, whole.images);
    assert.deepEqual(merged.shards, { count: 2, held: [0, 1] });
  });

  test('refuses other settings, other image sets, repeated and missing shards, naming what differs', () => {
    const s0 = { dir: 's0', results: results(0, 2, ['a.png', 'c.png']) };
    assert.throws(() => mergeResults([s0, { dir: 'x', results: results(1, 2, ['b.png'], { model: 'm', methods: ['grad-cam'] }) }]), /cannot merge 'x' with 's0': different settings \(methods: \["saliency"\] vs \["grad-cam"\]\)/);
    const other = { ...results(1, 2, ['b.png']), dataSet: dataSetOf(['a.png', 'z.png']) };
    assert.throws(() => mergeResults([s0, { dir: 'y', results: other }]), /different image sets \(4 vs 2 images/);
    assert.throws(() => mergeResults([s0, { dir: 's0b', results: results(0, 2, ['a.png']) }]), /shard 0 is in both 's0' and 's0b'/);
    assert.throws(() => mergeResults([s0]), /shard\(s\) 1 of 2 are missing/);
    assert.throws(() => mergeResults([s0, { dir: 'z', results: results(1, 3, ['b.png']) }]), /split into 2 vs 3 shards/);
    assert.throws(() => mergeResults([s0, { dir: 'e', results: { ...results(1, 2, ['b.png']), command: 'evaluate' } }]), /one is a saliency audit run, the other a saliency evaluate run/);
  });

  test('canonical JSON ignores key order', () => {
    assert.equal(canonicalJson({ b: 1, a: [{ d: 2, c: null }] }), canonicalJson({ a: [{ c: null, d: 2 }], b: 1 }));
  });
});

test('CSV quotes commas, quotes and new lines', () => {
  assert.equal(csvText(['a', 'b'], [{ a: 'x,y', b: 1.5 }, { a: 'say "hi"', b: null }]), 'a,b\n"x,y",1.5\n"say ""hi""",\n');
});

describe('audit region and shares', () => {
  test('--region parses and places the rectangle on the map grid through the seen region', () => {
    assert.deepEqual(parseRegionOption('4,4,20,20'), { x: 4, y: 4, width: 20, height: 20 });
    assert.throws(() => parseRegionOption('4,4,20'), /x,y,width,height/);
    assert.throws(() => parseRegionOption('1,1,0,5'), /width, height > 0/);
    // A 4x4 map of an 8x8 image seen whole: map pixel (r, c) has its centre at image (2c+1, 2r+1).
    const grid = regionOnGrid(4, 4, { left: 0, top: 0, width: 8, height: 8 }, rectTest({ x: 0, y: 0, width: 4, height: 2 }));
    assert.deepEqual([...grid], [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    // A mask half the image's size: bright left half.
    const mask = { width: 2, height: 2, data: new Uint8ClampedArray([255, 255, 255, 255, 0, 0, 0, 255, 200, 0, 0, 255, 0, 0, 0, 255]) };
    assert.deepEqual([...regionOnGrid(2, 2, { left: 0, top: 0, width: 4, height: 4 }, maskTest(mask, 4, 4))], [1, 0, 1, 0]);
  });

  test('masks match images by name, with _mask, -mask or .mask', () => {
    const matched = matchMasks(['/i/a.png', '/i/b.jpg', '/i/c.png'], ['/m/a_mask.png', '/m/b.png', '/m/b.mask.png']);
    assert.equal(matched.get('/i/a.png'), '/m/a_mask.png');
    assert.match(String(matched.get('/i/b.jpg')), /several masks match 'b.jpg'/);
    assert.match(String(matched.get('/i/c.png')), /no mask for 'c.png'/);
  });

  test('shares through the localisation metrics: mass, area and strongest pixels inside, by hand', async () => {
    const input = tf.zeros([1, 2, 2, 1]);
    const map = { data: Float32Array.from([2, -3, 0.5, 4]), shape: [1, 2, 2] };
    const before = tf.memory().numTensors;
    const share = await regionShare(input, map, Uint8Array.from([1, 0, 1, 0]));
    assert.equal(tf.memory().numTensors, before);
    input.dispose();
    assert.ok(Math.abs(share.inside - 2.5 / 9.5) < 1e-7, String(share.inside));
    assert.equal(share.area, 0.5);
    assert.equal(share.peakInside, 0, 'the single strongest pixel (|4|) is outside');
  });

  test('per class summaries and the worst-first ranking', () => {
    const row = (image: string, cls: number, inside: number, peakInside: number): AuditRow => ({
      image, method: 'm', class: cls, label: String(cls), score: 1, inside, outside: 1 - inside, area: 0.5, peakInside, flagged: peakInside < 0.5,
    });
    const rows = [row('a', 1, 0.9, 0.2), row('b', 0, 0.3, 0.9), row('c', 1, 0.5, 0.2)];
    assert.deepEqual(worstFirst(rows, 'peak').map((r) => r.image), ['c', 'a', 'b']);
    assert.deepEqual(worstFirst(rows, 'mass').map((r) => r.image), ['b', 'c', 'a']);
    assert.deepEqual(classSummaries(rows).map((c) => [c.class, c.images, c.meanInside, c.flagged]), [[0, 1, 0.3, 0], [1, 2, 0.7, 2]]);
  });
});
