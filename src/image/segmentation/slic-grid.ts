/**
 * SLIC's initial cluster centres: scikit-image's regular_grid over the (1, height, width) volume,
 * so the number of centres and their places match skimage.segmentation.slic exactly (starts at
 * floor(step / 2), steps rounded half to even as numpy does).
 */

/** One axis of the grid: first index and stride. */
export interface GridAxis {
  readonly start: number;
  readonly step: number;
}

/** numpy's round: half to even. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The y and x axes of scikit-image's regular_grid((1, height, width), n) (every pixel when n >= height * width). */
export function regularGrid(height: number, width: number, n: number): { y: GridAxis; x: GridAxis } {
  const shape = [1, height, width];
  if (height * width <= n) return { y: { start: 0, step: 1 }, x: { start: 0, step: 1 } };
  const order = [0, 1, 2].sort((a, b) => (shape[a] as number) - (shape[b] as number) || a - b);
  const sorted = order.map((i) => shape[i] as number);
  const steps = new Array<number>(3).fill(Math.pow((height * width) / n, 1 / 3));
  if (sorted.some((d, i) => d < (steps[i] as number))) {
    for (let dim = 0; dim < 3; dim++) {
      steps[dim] = sorted[dim] as number;
      const space = sorted.slice(dim + 1).reduce((a, b) => a * b, 1);
      for (let k = dim + 1; k < 3; k++) steps[k] = Math.pow(space / n, 1 / (3 - dim - 1));
      if (sorted.every((d, i) => d >= (steps[i] as number))) break;
    }
  }
  const axes = new Array<GridAxis>(3);
  order.forEach((axis, rank) => {
    const step = steps[rank] as number;
    axes[axis] = { start: Math.floor(step / 2), step: roundHalfEven(step) };
  });
  return { y: axes[1] as GridAxis, x: axes[2] as GridAxis };
}

/** Centre coordinates [y0, x0, y1, x1, ...] in row-major order of the grid. */
export function gridCentres(height: number, width: number, grid: { y: GridAxis; x: GridAxis }): Float64Array {
  const ys: number[] = [];
  const xs: number[] = [];
  for (let y = grid.y.start; y < height; y += grid.y.step) ys.push(y);
  for (let x = grid.x.start; x < width; x += grid.x.step) xs.push(x);
  const centres = new Float64Array(ys.length * xs.length * 2);
  let i = 0;
  for (const y of ys) {
    for (const x of xs) {
      centres[i++] = y;
      centres[i++] = x;
    }
  }
  return centres;
}
