// The public surface: the export lists are pinned (a change to them is deliberate), and the browser
// entry never reaches Node-only code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PINNED = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/exports.json'), 'utf8')) as Record<string, string[]>;

for (const entry of ['src/index.ts', 'src/node/index.ts']) {
  test(`${entry} exports exactly the pinned names (update test/fixtures/exports.json deliberately)`, async () => {
    const names = Object.keys(await import(join(ROOT, entry))).sort();
    assert.deepEqual(names, PINNED[entry]);
  });
}

/** Node-only imports and files (src/node, src/cli, src/engines/<engine>/node) reachable from `entry`. */
function nodeOnlyImports(entry: string): string[] {
  const seen = new Set<string>();
  const offending: string[] = [];
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/(?:import|export)[^'"]*?from\s+'([^']+)'|import\('([^']+)'\)/g)) {
      const spec = (match[1] ?? match[2]) as string;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      else if (/^node:|^sharp$|^fs$|^path$|^h5wasm\/node/.test(spec)) offending.push(`${file.slice(ROOT.length + 1)} imports ${spec}`);
    }
    const nodeOnlyDir = file.includes(`${join(ROOT, 'src/node')}/`) || file.includes(join(ROOT, 'src/cli')) || /\/src\/engines\/[^/]+\/node\//.test(file);
    if (nodeOnlyDir) offending.push(`${file} is Node-only`);
  };
  visit(join(ROOT, entry));
  return offending;
}

test('the browser entry imports nothing Node-only', () => {
  assert.deepEqual(nodeOnlyImports('src/index.ts'), []);
});

test("the explorer's worker imports nothing Node-only (the wasm engine in src/engines included)", () => {
  assert.deepEqual(nodeOnlyImports('web/src/worker/backend.ts'), []);
});
