// The one reader of the models/ folder format: the shipped folders read the same from disk and over
// fetch, and every broken file is rejected with a message naming the file and what would be valid.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { BUNDLED_MODELS, bundledModelDir, MODELS_DIR } from '../../models/lib/bundled.ts';
import { folderReader } from '../../models/lib/folder-reader.ts';
import { modelFilesOf } from '../../models/lib/folder-checks.ts';
import { fetchFolderReader, readModelFolder, type ReadFolderFile } from '../../models/lib/model-folder.ts';
import { decodeSamples } from '../../models/lib/samples.ts';

test('every shipped model folder reads and checks: model files, one label per output unit, card, samples of the input shape', async () => {
  for (const id of BUNDLED_MODELS) {
    const folder = await readModelFolder(id, folderReader(bundledModelDir(id)));
    assert.equal(folder.card.name, id);
    assert.deepEqual(folder.modelFiles, ['model.json', 'weights.bin']);
    const modelJson = JSON.parse(await readFile(join(bundledModelDir(id), 'model.json'), 'utf8')) as { modelTopology: { config: { layers: { config: { units?: number } }[] } } };
    const layers = modelJson.modelTopology.config.layers;
    assert.equal(folder.labels.length, layers[layers.length - 1]?.config.units, `${id}: one label per output unit`);
    assert.deepEqual(folder.samples.shape, folder.card.input.shape);
    const samples = decodeSamples(folder.samples);
    assert.ok(samples.length >= 5, `${id}: ${samples.length} samples`);
    assert.equal(samples[0]?.pixels.length, folder.samples.shape.reduce((n, d) => n * d, 1));
  }
});

test('a folder served over HTTP reads as it does from disk (fetchFolderReader); 404 is a missing file', async () => {
  const requested: string[] = [];
  const fakeFetch = (async (url: URL) => {
    requested.push(url.href);
    const path = url.pathname.replace(/^\/models\//, '');
    return readFile(join(MODELS_DIR, path)).then(
      (bytes) => new Response(bytes, { status: 200 }),
      () => new Response('not here', { status: 404, statusText: 'Not Found' }),
    );
  }) as typeof fetch;
  const overHttp = await readModelFolder('mnist-cnn', fetchFolderReader('http://page.test/models/mnist-cnn/', fakeFetch));
  const fromDisk = await readModelFolder('mnist-cnn', folderReader(bundledModelDir('mnist-cnn')));
  assert.deepEqual(overHttp, fromDisk);
  assert.ok(requested.includes('http://page.test/models/mnist-cnn/samples.json'), requested.join(', '));
  assert.equal(await fetchFolderReader('http://page.test/models/mnist-cnn/', fakeFetch)('nothing.json'), undefined);
  const failing = (async () => new Response('', { status: 500, statusText: 'Server Error' })) as unknown as typeof fetch;
  await assert.rejects(fetchFolderReader('http://page.test/m/', failing)('model.json'), /http:\/\/page\.test\/m\/model\.json: HTTP 500 Server Error/);
});

/** The mnist-cnn folder in memory, with `changes` (file name -> text, or undefined to remove the file). */
async function changedFolder(changes: Record<string, string | undefined>): Promise<ReadFolderFile> {
  const read = folderReader(bundledModelDir('mnist-cnn'));
  return async (name) => (name in changes ? changes[name] : read(name));
}

async function fileJson(name: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(join(bundledModelDir('mnist-cnn'), name), 'utf8')) as Record<string, unknown>;
}

test('broken folders are rejected naming the file and what is valid', async () => {
  const card = await fileJson('model-card.json');
  const samples = await fileJson('samples.json');
  const sampleList = samples['samples'] as { name: string; target: number; pixels: string }[];
  const cases: [Record<string, string | undefined>, RegExp][] = [
    [{ 'samples.json': undefined }, /models\/mnist-cnn\/samples\.json: missing; every bundled model folder has model\.json, labels\.json/],
    [{ 'labels.json': '["a", ' }, /models\/mnist-cnn\/labels\.json: not valid JSON/],
    [{ 'labels.json': '["a", 3]' }, /labels\.json: expected a non-empty JSON list of label strings/],
    [{ 'model.json': '{"weightsManifest": []}' }, /model\.json: expected a TF\.js layers model: an object with modelTopology and a weightsManifest list/],
    [{ 'model.json': '{"modelTopology": {}, "weightsManifest": [{"paths": ["../../etc/passwd"]}]}' }, /model\.json: weight path "\.\.\/\.\.\/etc\/passwd" is not a plain file name inside the folder/],
    [{ 'model-card.json': JSON.stringify({ ...card, name: 'steering' }) }, /model-card\.json: name: expected 'mnist-cnn' \(the folder's name\), got 'steering'/],
    [{ 'model-card.json': JSON.stringify({ ...card, task: 'ranking' }) }, /model-card\.json: task: expected 'classification' or 'regression', got "ranking"/],
    [{ 'model-card.json': JSON.stringify({ ...card, metrics: { accuracy: 'high' } }) }, /model-card\.json: metrics: expected an object of finite numbers/],
    [{ 'samples.json': JSON.stringify({ ...samples, encoding: 'png' }) }, /samples\.json: expected an object with encoding 'uint8-base64'/],
    [{ 'samples.json': JSON.stringify({ ...samples, shape: [28, 28] }) }, /samples\.json: shape: expected \[height, width, channels\] of positive integers, got \[28,28\]/],
    [{ 'samples.json': JSON.stringify({ ...samples, shape: [14, 56, 1] }) }, /samples\.json: shape: expected the card's input shape 28 x 28 x 1, got 14 x 56 x 1/],
    [
      { 'samples.json': JSON.stringify({ ...samples, samples: [{ ...sampleList[0], pixels: 'AAAA' }] }) },
      /samples\.json: samples\[0\] \('.+'\): expected 784 base64 bytes \(shape 28 x 28 x 1\), got 3/,
    ],
    [{ 'samples.json': JSON.stringify({ ...samples, samples: [{ name: 'x', target: 'seven', pixels: '' }] }) }, /samples\[0\]: expected \{ name: string, target: number, pixels: base64 string \}/],
  ];
  for (const [changes, message] of cases) {
    await assert.rejects(readModelFolder('mnist-cnn', await changedFolder(changes)), message, JSON.stringify(Object.keys(changes)));
  }
});

test('modelFilesOf lists model.json and each weight file once', () => {
  const modelJson = { modelTopology: {}, weightsManifest: [{ paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'] }, { paths: ['group1-shard1of2.bin'] }] };
  assert.deepEqual(modelFilesOf(modelJson), ['model.json', 'group1-shard1of2.bin', 'group1-shard2of2.bin']);
});
