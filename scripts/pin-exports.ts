// Rewrites test/fixtures/exports.json from the current entry points. Run it when a change to the
// public surface is deliberate: node --import tsx scripts/pin-exports.ts
import { writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const entries = ['src/index.ts', 'src/node/index.ts'];
const pinned: Record<string, string[]> = {};
for (const entry of entries) pinned[entry] = Object.keys(await import(new URL(entry, root).href)).sort();
writeFileSync(new URL('test/fixtures/exports.json', root), `${JSON.stringify(pinned, null, 1)}\n`);
console.log(entries.map((e) => `${e}: ${pinned[e]?.length} exports`).join('\n'));
