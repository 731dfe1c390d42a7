// The CLI's --engine: 'onnx' runs the map on ONNX Runtime, 'tfjs' on TF.js, and the JSON output's
// metadata says which engine ran; the two maps agree within 1e-5 relative.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadOrtRuntime } from '../../../src/node/index.ts';
import { ROOT, runCli, tempDir, writeImages } from '../../support/cli.ts';
import { relativeError } from './support.ts';

const MODEL = join(ROOT, 'test/fixtures/models/tiny-cnn/layers/model.json');

test('saliency explain --engine onnx|tfjs: meta.engine says which ran, the maps agree', async (t) => {
  if (!(await loadOrtRuntime()).runtime) return t.skip('onnxruntime-node is not available');
  const dir = tempDir();
  const [image] = await writeImages(dir, 1);
  const maps: { engine: { name: string }; map: number[] }[] = [];
  for (const engine of ['onnx', 'tfjs']) {
    const out = join(dir, engine);
    const run = runCli(['explain', '--model', MODEL, '--image', image as string, '--format', 'json', '--out', out, '--backend', 'cpu', '--engine', engine, '--threads', '1']);
    assert.equal(run.status, 0, run.stderr);
    const file = readdirSync(out).find((f) => f.endsWith('.json')) as string;
    const json = JSON.parse(readFileSync(join(out, file), 'utf8')) as { meta: { engine: { name: string } }; map?: { data: number[] }; data?: number[] };
    maps.push({ engine: json.meta.engine, map: json.map?.data ?? json.data ?? [] });
  }
  assert.equal(maps[0]?.engine.name, 'onnx');
  assert.equal(maps[1]?.engine.name, 'tfjs');
  assert.ok((maps[0]?.map.length ?? 0) > 0, 'the JSON holds the map');
  assert.ok(relativeError(maps[0]?.map ?? [], maps[1]?.map ?? []) < 1e-5);
});
