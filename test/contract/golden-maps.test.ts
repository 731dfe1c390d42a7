// Maps are bit-identical to the pinned digests (test/fixtures/golden-maps.json): refactors must not
// change a single number. A deliberate numerical change re-pins with scripts/pin-golden-maps.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { goldenDigests } from '../support/golden-maps.ts';

const PINNED = JSON.parse(readFileSync(new URL('../fixtures/golden-maps.json', import.meta.url), 'utf8')) as Record<string, string>;

test('every method and keras-vis function gives bit-identical maps to the pinned digests, on cpu and on the wasm engine', async () => {
  const digests = await goldenDigests();
  const changed = Object.keys(PINNED).filter((key) => digests[key] !== PINNED[key]);
  const added = Object.keys(digests).filter((key) => !(key in PINNED));
  assert.deepEqual({ changed, added }, { changed: [], added: [] }, 'maps changed; if deliberate, run scripts/pin-golden-maps.ts');
});
