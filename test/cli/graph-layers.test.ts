// The CLI on a graph model's inside: `layers` lists its op nodes with shapes, and `explain` runs
// Grad-CAM at a node named by its Keras layer scope.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli, tempDir, writeImages } from '../support/cli.ts';

const GRAPH = join(ROOT, 'test/fixtures/models/tiny-cnn/graph/model.json');

test('layers lists a graph model\'s nodes; explain --method grad-cam --layer add reads one', async () => {
  const layers = runCli(['layers', '--model', GRAPH, '--backend', 'cpu']);
  assert.equal(layers.status, 0, layers.stderr);
  assert.match(layers.stdout, /\n6\s+add\/add\s+AddV2\s+\[N, 8, 8, 4\]\s+add\/add\n/);
  assert.match(layers.stdout, /graph model: its op nodes; --layer takes a node name or a Keras layer scope/);
  const out = tempDir();
  const [image] = await writeImages(tempDir(), 1);
  const explain = runCli(['explain', '--model', GRAPH, '--image', image as string, '--method', 'grad-cam', '--layer', 'add', '--format', 'json', '--out', out, '--backend', 'cpu']);
  assert.equal(explain.status, 0, explain.stderr);
  assert.equal(readdirSync(out).filter((f) => f.endsWith('.json')).length, 1);
});
