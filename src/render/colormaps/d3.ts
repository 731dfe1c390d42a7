import { interpolateInferno, interpolateViridis } from 'd3-scale-chromatic';
import { type Colormap, COLORMAP_SIZE, tableColormap } from '../colormap.ts';

/** Reads a 256-colour d3 ramp (`t -> '#rrggbb'`) into a table colormap. */
function fromD3Ramp(ramp: (t: number) => string): Colormap {
  const table = new Uint8Array(COLORMAP_SIZE * 3);
  for (let i = 0; i < COLORMAP_SIZE; i++) {
    const hex = ramp((i + 0.5) / COLORMAP_SIZE);
    const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
    if (!match) throw new Error(`d3-scale-chromatic returned '${hex}', expected '#rrggbb'`);
    table.set([1, 2, 3].map((g) => parseInt(match[g] as string, 16)), 3 * i);
  }
  return tableColormap(table);
}

/** Viridis (perceptually uniform, colour-blind friendly), from d3-scale-chromatic's 256-colour table. */
export const viridis: Colormap = fromD3Ramp(interpolateViridis);

/** Inferno (perceptually uniform, black to yellow), from d3-scale-chromatic's 256-colour table. */
export const inferno: Colormap = fromD3Ramp(interpolateInferno);
