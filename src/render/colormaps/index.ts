import type { Colormap } from '../colormap.ts';
import { inferno, viridis } from './d3.ts';
import { bwr, gray, jet } from './matplotlib.ts';

/** Names of the built-in colormaps. */
export type ColormapName = 'jet' | 'viridis' | 'inferno' | 'gray' | 'bwr';

/** The built-in colormaps by name. */
export const COLORMAPS: Readonly<Record<ColormapName, Colormap>> = { jet, viridis, inferno, gray, bwr };

/** A colormap given by name, or a {@link Colormap} function of the caller's own. */
export type ColormapChoice = ColormapName | Colormap;

/** Resolves a {@link ColormapChoice}; an unknown name throws an error listing the valid names. */
export function resolveColormap(choice: ColormapChoice, argument = 'colormap'): Colormap {
  if (typeof choice === 'function') return choice;
  const found = Object.hasOwn(COLORMAPS, choice) ? COLORMAPS[choice] : undefined;
  if (!found) {
    throw new RangeError(`${argument}: unknown colormap '${String(choice)}'; valid: ${Object.keys(COLORMAPS).join(', ')}`);
  }
  return found;
}
