/**
 * Quadrature rules on [0, 1] for path integrals (Integrated Gradients and relatives): the points
 * alpha at which the gradient is taken and the weight of each.
 */
import { check, checkChoice } from '../../core/errors.ts';

/** The quadrature rules, named after Captum's (kebab-case), plus PAIR's `linspace`. */
export const QUADRATURE_RULES = [
  'gauss-legendre',
  'riemann-left',
  'riemann-right',
  'riemann-middle',
  'riemann-trapezoid',
  'linspace',
] as const;

/**
 * A quadrature rule for n steps:
 * - 'gauss-legendre': alpha = (1 + x_i) / 2, weight w_i / 2 with (x_i, w_i) numpy's `leggauss(n)`
 *   (Captum's default); exact for polynomials of degree 2n - 1.
 * - 'riemann-left' / 'riemann-right' / 'riemann-middle': alpha = i/n, (i+1)/n, (i+0.5)/n, weight 1/n.
 * - 'riemann-trapezoid': alpha = i/(n-1), weight 1/(n-1) halved at both ends (the weights sum to 1;
 *   Captum's own weights are 1/n, which sums to (n-1)/n).
 * - 'linspace': alpha = i/(n-1), weight 1/n (PAIR saliency's IntegratedGradients).
 */
export type QuadratureRule = (typeof QUADRATURE_RULES)[number];

/** Points on [0, 1] and their weights. */
export interface Quadrature {
  readonly alphas: readonly number[];
  readonly weights: readonly number[];
}

/** The `steps`-point rule `rule`; rules using both end points need at least 2 steps. */
export function quadrature(rule: QuadratureRule, steps: number): Quadrature {
  const valid = checkChoice(rule, QUADRATURE_RULES, 'quadrature');
  const endPoints = valid === 'riemann-trapezoid' || valid === 'linspace';
  const least = endPoints ? 2 : 1;
  check(Number.isInteger(steps) && steps >= least, 'steps', `got ${steps}; expected an integer >= ${least} for '${valid}'`);
  const n = steps;
  const indices = Array.from({ length: n }, (_, i) => i);
  switch (valid) {
    case 'gauss-legendre': {
      const { nodes, weights } = gaussLegendre(n);
      return { alphas: nodes.map((x) => (1 + x) / 2), weights: weights.map((w) => w / 2) };
    }
    case 'riemann-left':
      return { alphas: indices.map((i) => i / n), weights: indices.map(() => 1 / n) };
    case 'riemann-right':
      return { alphas: indices.map((i) => (i + 1) / n), weights: indices.map(() => 1 / n) };
    case 'riemann-middle':
      return { alphas: indices.map((i) => (i + 0.5) / n), weights: indices.map(() => 1 / n) };
    case 'riemann-trapezoid':
      return {
        alphas: indices.map((i) => i / (n - 1)),
        weights: indices.map((i) => (i === 0 || i === n - 1 ? 0.5 : 1) / (n - 1)),
      };
    case 'linspace':
      return { alphas: indices.map((i) => i / (n - 1)), weights: indices.map(() => 1 / n) };
  }
}

/**
 * Gauss-Legendre nodes (ascending, in [-1, 1]) and weights for n points, as numpy's `leggauss`:
 * Newton's method on the Legendre polynomial P_n from Chebyshev-like starting guesses.
 */
export function gaussLegendre(n: number): { nodes: number[]; weights: number[] } {
  check(Number.isInteger(n) && n >= 1, 'steps', `got ${n}; expected an integer >= 1`);
  const nodes: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < n; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    for (let iteration = 0; iteration < 100; iteration++) {
      const [p, dp] = legendre(n, x);
      const dx = p / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    const derivative = legendre(n, x)[1];
    nodes.push(x);
    weights.push(2 / ((1 - x * x) * derivative * derivative));
  }
  const order = nodes.map((_, i) => i).sort((a, b) => (nodes[a] as number) - (nodes[b] as number));
  return { nodes: order.map((i) => nodes[i] as number), weights: order.map((i) => weights[i] as number) };
}

/** P_n(x) and P_n'(x) by the three-term recurrence. */
function legendre(n: number, x: number): [number, number] {
  let previous = 1;
  let current = x;
  if (n === 0) return [1, 0];
  for (let k = 2; k <= n; k++) {
    const next = ((2 * k - 1) * x * current - (k - 1) * previous) / k;
    previous = current;
    current = next;
  }
  return [current, (n * (x * current - previous)) / (x * x - 1)];
}
