/**
 * The adaptive path of Guided Integrated Gradients for one sample, on plain float64 arrays, as
 * PAIR saliency's guided_ig_impl walks it: at each of `steps` steps the features whose gradient is
 * smallest in magnitude (the `fraction` quantile) move towards the input first, until the path's L1
 * distance to the input has shrunk by 1/steps of the total; no feature may lag more than `maxDist`
 * (a fraction of the way) behind the straight line, nor run ahead of it by more. Attributions
 * accumulate gradient x movement (a left Riemann sum along the path taken).
 */

/** One sample's walk from `baseline` to `input` (features flattened over every model input). */
export interface GuidedWalk {
  readonly input: Float64Array;
  readonly baseline: Float64Array;
  /** The current point on the path (starts at `baseline`). */
  readonly x: Float64Array;
  /** Accumulated attributions. */
  readonly attr: Float64Array;
}

/** A walk from `baseline` to `input`, adding into `attr`. */
export function newWalk(input: Float64Array, baseline: Float64Array, attr: Float64Array): GuidedWalk {
  return { input, baseline, x: Float64Array.from(baseline), attr };
}

const EPSILON = 1e-9;
/** Passes of the inner loop per step before giving up (PAIR has no bound; each pass moves at least one feature). */
const MAX_PASSES = 10000;

/** Step `step` (0-based) of `steps`: moves `walk.x` along the guided path, with `gradient` taken at `walk.x`. */
export function guidedStep(walk: GuidedWalk, gradient: Float64Array, step: number, steps: number, fraction: number, maxDist: number): void {
  const { input, baseline, x, attr } = walk;
  const n = x.length;
  const alpha = (step + 1) / steps;
  const alphaMin = Math.max(alpha - maxDist, 0);
  const alphaMax = Math.min(alpha + maxDist, 1);
  const at = (a: number, i: number): number => (baseline[i] as number) + ((input[i] as number) - (baseline[i] as number)) * a;
  let l1Total = 0;
  for (let i = 0; i < n; i++) l1Total += Math.abs((input[i] as number) - (baseline[i] as number));
  if (l1Total === 0) return;
  const l1Target = l1Total * (1 - (step + 1) / steps);
  const grad = Float64Array.from(gradient);
  const old = new Float64Array(n);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    old.set(x);
    let l1Current = 0;
    for (let i = 0; i < n; i++) {
      const diff = (input[i] as number) - (baseline[i] as number);
      const xAlpha = diff !== 0 ? ((x[i] as number) - (baseline[i] as number)) / diff : alphaMax;
      if (xAlpha < alphaMin) x[i] = at(alphaMin, i);
      l1Current += Math.abs((x[i] as number) - (input[i] as number));
    }
    if (Math.abs(l1Target - l1Current) <= Math.max(EPSILON * Math.max(Math.abs(l1Target), Math.abs(l1Current)), EPSILON)) {
      accumulate(attr, x, old, gradient);
      return;
    }
    for (let i = 0; i < n; i++) if (x[i] === at(alphaMax, i)) grad[i] = Infinity;
    const threshold = lowerQuantile(grad, fraction);
    let l1Selected = 0;
    const selected = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const g = grad[i] as number;
      if (Math.abs(g) <= threshold && g !== Infinity) {
        selected[i] = 1;
        l1Selected += Math.abs((x[i] as number) - at(alphaMax, i));
      }
    }
    const gamma = l1Selected > 0 ? (l1Current - l1Target) / l1Selected : Infinity;
    for (let i = 0; i < n; i++) {
      if (!selected[i]) continue;
      const xMax = at(alphaMax, i);
      x[i] = gamma > 1 ? xMax : (x[i] as number) + (xMax - (x[i] as number)) * gamma;
    }
    accumulate(attr, x, old, gradient);
    if (gamma <= 1 || l1Selected === 0) return;
  }
}

function accumulate(attr: Float64Array, x: Float64Array, old: Float64Array, gradient: Float64Array): void {
  for (let i = 0; i < attr.length; i++) attr[i] = (attr[i] as number) + ((x[i] as number) - (old[i] as number)) * (gradient[i] as number);
}

/** numpy.quantile(|values|, q, method='lower'): the element of rank floor(q (n - 1)) of |values|, by selection. */
export function lowerQuantile(values: Float64Array, q: number): number {
  const a = values.map(Math.abs);
  const k = Math.floor(q * (a.length - 1));
  let low = 0;
  let high = a.length - 1;
  while (low < high) {
    const pivot = medianOfThree(a[low] as number, a[(low + high) >> 1] as number, a[high] as number);
    let i = low;
    let j = high;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i++] = a[j] as number;
        a[j--] = t;
      }
    }
    if (k <= j) high = j;
    else if (k >= i) low = i;
    else return a[k] as number;
  }
  return a[k] as number;
}

function medianOfThree(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}
