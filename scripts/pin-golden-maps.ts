// Rewrites test/fixtures/golden-maps.json: digests of every registered method's maps (and the keras-vis
// functions') on fixed models, on cpu and on the wasm engine. Run it only when a change is meant to
// change numbers: node --import tsx scripts/pin-golden-maps.ts
import { writeFileSync } from 'node:fs';
import { goldenDigests } from '../test/support/golden-maps.ts';

const digests = await goldenDigests();
writeFileSync(new URL('../test/fixtures/golden-maps.json', import.meta.url), `${JSON.stringify(digests, null, 1)}\n`);
console.log(`${Object.keys(digests).length} golden map digests written`);
