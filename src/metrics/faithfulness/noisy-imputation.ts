/**
 * ROAD's noisy linear imputation (Rong et al. 2022): each removed pixel becomes the weighted mean of
 * its 8 neighbours (weight 1/6 direct, 1/12 diagonal), a sparse linear system over all removed
 * pixels at once solved by conjugate gradients per channel, plus Gaussian noise, so the removal
 * leaks no information about the removed pixels' positions through their values.
 */

const NEIGHBOURS: readonly (readonly [number, number, number])[] = [
  [0, 1, 1 / 6], [0, -1, 1 / 6], [1, 0, 1 / 6], [-1, 0, 1 / 6],
  [1, 1, 1 / 12], [1, -1, 1 / 12], [-1, 1, 1 / 12], [-1, -1, 1 / 12],
];

/**
 * Imputes the pixels of `removed` (pixel indices) of `sample` ([height, width, channels] row-major),
 * in place, then adds `noise[i] * noiseStd` to removed value i (noise: standard normals, one per
 * removed value). Pixels with no known neighbour anywhere (everything removed) become 0.
 */
export function imputeNoisyLinear(sample: Float32Array, height: number, width: number, channels: number, removed: ArrayLike<number>, noise: Float32Array, noiseStd: number): void {
  const n = removed.length;
  const slot = new Int32Array(height * width).fill(-1);
  for (let i = 0; i < n; i++) slot[removed[i] as number] = i;
  // Per unknown: the total weight of its in-image neighbours and its unknown neighbours (slot, weight).
  const diagonal = new Float64Array(n);
  const links: (readonly [number, number])[][] = [];
  const known: (readonly [number, number])[][] = [];
  for (let i = 0; i < n; i++) {
    const p = removed[i] as number;
    const [y, x] = [Math.floor(p / width), p % width];
    const unknownLinks: [number, number][] = [];
    const knownLinks: [number, number][] = [];
    for (const [dy, dx, w] of NEIGHBOURS) {
      const [ny, nx] = [y + dy, x + dx];
      if (ny < 0 || ny >= height || nx < 0 || nx >= width) continue;
      diagonal[i] += w;
      const q = ny * width + nx;
      (slot[q] as number) >= 0 ? unknownLinks.push([slot[q] as number, w]) : knownLinks.push([q, w]);
    }
    links.push(unknownLinks);
    known.push(knownLinks);
  }
  const multiply = (v: Float64Array, out: Float64Array): void => {
    for (let i = 0; i < n; i++) {
      let sum = (diagonal[i] as number) * (v[i] as number);
      for (const [j, w] of links[i] as (readonly [number, number])[]) sum -= w * (v[j] as number);
      out[i] = sum;
    }
  };
  for (let c = 0; c < channels; c++) {
    const b = Float64Array.from({ length: n }, (_, i) => (known[i] as (readonly [number, number])[]).reduce((s, [q, w]) => s + w * (sample[q * channels + c] as number), 0));
    const solution = conjugateGradient(multiply, b, n);
    for (let i = 0; i < n; i++) sample[(removed[i] as number) * channels + c] = (solution[i] as number) + (noise[i * channels + c] as number) * noiseStd;
  }
}

/** Solves A x = b for a symmetric positive (semi)definite A given as `multiply`; stops at relative residual 1e-8 or 4n iterations. */
function conjugateGradient(multiply: (v: Float64Array, out: Float64Array) => void, b: Float64Array, n: number): Float64Array {
  const x = new Float64Array(n);
  const r = Float64Array.from(b);
  const p = Float64Array.from(b);
  const ap = new Float64Array(n);
  const dot = (u: Float64Array, v: Float64Array): number => u.reduce((s, ui, i) => s + ui * (v[i] as number), 0);
  let rr = dot(r, r);
  const stop = 1e-16 * Math.max(rr, 1e-30);
  for (let iteration = 0; iteration < 4 * n + 10 && rr > stop; iteration++) {
    multiply(p, ap);
    const pap = dot(p, ap);
    if (pap <= 0) break;
    const alpha = rr / pap;
    for (let i = 0; i < n; i++) {
      x[i] += alpha * (p[i] as number);
      r[i] -= alpha * (ap[i] as number);
    }
    const next = dot(r, r);
    for (let i = 0; i < n; i++) p[i] = (r[i] as number) + (next / rr) * (p[i] as number);
    rr = next;
  }
  return x;
}
