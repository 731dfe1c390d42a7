// `saliency evaluate` and `saliency audit` split over 3 processes (--shard K/3) and joined by
// `saliency merge` give the numbers of one unsharded run; the audit of the shortcut model flags the
// digits whose evidence is the planted mark, outside the digit, and the clean twin's audit does not.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeCommand } from '../../src/cli/commands/merge.ts';
import { TIME_COLUMNS, type EvaluateRow } from '../../src/cli/evaluate/evaluate-row.ts';
import { main } from '../../src/cli/main.ts';
import type { ResultsFile } from '../../src/cli/tables/results-file.ts';
import { ROOT, runCliAsync, tempDir } from '../support/cli.ts';
import { writeDigitImages, writeDigitMasks } from '../support/digit-images.ts';

const CPU = ['--backend', 'cpu'];
const model = (name: string): string => join(ROOT, 'models', name);

function read(dir: string): ResultsFile {
  return JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as ResultsFile;
}

/** The rows without wall times (they differ between any two runs). */
function numbers(results: ResultsFile): unknown[] {
  return results.rows.map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => !(TIME_COLUMNS as readonly string[]).includes(key))));
}

/** Runs the CLI in this process (the shards run in their own); resolves to the exit code and printed lines. */
async function runHere(args: readonly string[]): Promise<{ status: number; lines: string[] }> {
  const lines: string[] = [];
  const status = await main(args, (line) => lines.push(line));
  return { status, lines };
}

/**
 * Runs `args` as 3 shards in 3 processes and, meanwhile, whole in this one; merges the shards (in
 * shuffled order); returns the root folder and the [whole, merged] folders.
 */
async function wholeAndMerged(args: readonly string[]): Promise<[string, string, string]> {
  const root = tempDir();
  const whole = join(root, 'whole');
  const shards = Promise.all([0, 1, 2].map((k) => runCliAsync([...args, '--shard', `${k}/3`, '--out', join(root, `shard-${k}`)])));
  const here = await runHere([...args, '--out', whole]);
  assert.equal(here.status, 0, here.lines.join('\n'));
  const runs = await shards;
  runs.forEach((run) => assert.equal(run.status, 0, run.stderr));
  assert.match(runs[0]?.stdout ?? '', /shard 0 of 3 \(0-based\): \d+ of \d+ images/);
  const merged = join(root, 'merged');
  await mergeCommand({ dirs: [2, 0, 1].map((k) => join(root, `shard-${k}`)), out: merged }, () => {});
  return [root, whole, merged];
}

let digits: string;
let masks: string;

before(async () => {
  digits = tempDir();
  masks = tempDir();
  await writeDigitImages('shortcut', digits);
  await writeDigitMasks('shortcut', masks);
});

describe('sharded evaluate', () => {
  test('3 shards merged equal one run: scores, curves, classes', async () => {
    const images = tempDir();
    mkdirSync(images, { recursive: true });
    await writeDigitImages('mnist-cnn', images, 4);
    // The shortcut model's small network keeps the cpu backend fast; the digits are mnist-cnn's unmarked ones.
    const args = ['evaluate', '--model', model('shortcut'), '--images', images, '--method', 'vanilla,grad-cam', '--metric', 'deletion,insertion', '--metric-option', 'steps=10', ...CPU];
    const [, whole, merged] = await wholeAndMerged(args);
    const [a, b] = [read(whole), read(merged)];
    assert.equal(a.rows.length, 4 * 2 * 2);
    assert.deepEqual(numbers(b), numbers(a));
    assert.deepEqual(b.settings, a.settings);
    const row = a.rows[0] as unknown as EvaluateRow & { curve: { x: number[]; y: number[] } };
    assert.equal(row.curve.x.length, 11);
    assert.ok(row.curve.y.every(Number.isFinite) && Number.isFinite(row.score));
    const html = readFileSync(join(merged, 'report.html'), 'utf8');
    assert.match(html, /<svg[^>]*class="chart"/);
    assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+href=/, 'self-contained: nothing fetched');
    const csv = readFileSync(join(merged, 'results.csv'), 'utf8').trim().split('\n');
    assert.equal(csv.length, 1 + 16);
    assert.equal(csv[0], 'image,method,metric,class,score,higherIsBetter,evaluations,seconds,mapSeconds');
  });
});

describe('sharded audit of the shortcut model', () => {
  test('3 shards merged equal one run; the flagged digits are those whose strongest evidence is the mark; merge refuses other runs', async () => {
    const args = ['audit', '--model', model('shortcut'), '--images', digits, '--masks', masks, ...CPU];
    const [root, whole, merged] = await wholeAndMerged(args);
    const [a, b] = [read(whole), read(merged)];
    assert.equal(a.rows.length, 15);
    assert.deepEqual(numbers(b), numbers(a));
    const flagged = a.rows.filter((r) => r.flagged).map((r) => r.image);
    // s00-s09 carry their own class's mark (the model reads it); s10-s14 another class's mark, which it ignores there.
    assert.ok(flagged.length >= 6, `flagged: ${flagged.join(', ')}`);
    assert.ok(flagged.every((image) => Number(image.slice(1, 3)) < 10), `only own-mark digits are flagged: ${flagged.join(', ')}`);
    assert.match(readFileSync(join(merged, 'classes.csv'), 'utf8'), /^class,label,images,meanInside,meanPeakInside,flagged\n0,0,2,/);

    const edited = join(root, 'edited');
    mkdirSync(edited);
    writeFileSync(join(edited, 'results.json'), readFileSync(join(root, 'shard-1', 'results.json'), 'utf8').replace('"threshold": 0.5', '"threshold": 0.3'));
    const refused = await runHere(['merge', join(root, 'shard-0'), edited, join(root, 'shard-2'), '--out', join(root, 'm')]);
    assert.equal(refused.status, 2);
    await assert.rejects(mergeCommand({ dirs: [join(root, 'shard-0'), edited], out: join(root, 'm') }, () => {}), /cannot merge '.*edited' with '.*shard-0': different settings \(threshold: 0\.5 vs 0\.3\)/);
    await assert.rejects(mergeCommand({ dirs: [join(root, 'shard-1')], out: join(root, 'm') }, () => {}), /shard\(s\) 0, 2 of 3 are missing/);
    await assert.rejects(mergeCommand({ dirs: [root], out: join(root, 'm') }, () => {}), /holds no results\.json/);
    const again = await runHere([...args, '--shard', '1/3', '--out', join(root, 'shard-1')]);
    assert.ok(again.lines.includes('resuming: 5 of 5 images already done in ' + join(root, 'shard-1')), again.lines.join('\n'));
  });

  test("the clean twin's audit flags at most the digits it misreads", async () => {
    const out = tempDir();
    const run = await runHere(['audit', '--model', model('shortcut-clean'), '--images', digits, '--masks', masks, '--out', out, ...CPU]);
    assert.equal(run.status, 0, run.lines.join('\n'));
    const rows = read(out).rows as { image: string; class: number; flagged: boolean }[];
    const misread = rows.filter((r) => r.class !== Number(/-t(\d)/.exec(r.image)?.[1])).map((r) => r.image);
    assert.deepEqual(rows.filter((r) => r.flagged).map((r) => r.image).filter((i) => !misread.includes(i)), []);
  });
});
