/**
 * The Sobol' low-discrepancy sequence (Sobol' 1967; Bratley & Fox 1988, Gray-code order), unscrambled
 * and without its first point (the origin), for the quasi-Monte-Carlo masks of Sobol and HSIC
 * attribution. Dimension 1 is van der Corput's; dimension j >= 2 uses the (j-1)-th primitive
 * polynomial over GF(2), enumerated by degree here, with odd initial direction numbers
 * m_k < 2^k drawn once from a fixed seed (not Joe & Kuo's optimised table, which TF and SciPy ship).
 */
import { SaliencyError } from '../../core/errors.ts';
import { seededUniform } from '../../core/random.ts';

const BITS = 30;
/** The most dimensions this generator serves (primitive polynomials up to degree 13). */
export const MAX_SOBOL_DIMENSIONS = 1111;

interface Direction {
  readonly v: Int32Array;
}

let directions: Direction[] = [];

/** `count` points of the first `dimensions` dimensions: row-major [count, dimensions], values in (0, 1). */
export function sobolPoints(dimensions: number, count: number): Float64Array {
  if (dimensions > MAX_SOBOL_DIMENSIONS) {
    throw new SaliencyError('INVALID_ARGUMENT', `gridSize: ${dimensions} quasi-random dimensions are needed; at most ${MAX_SOBOL_DIMENSIONS} are available (use a smaller grid or fewer features)`, 'gridSize');
  }
  const dirs = directionsFor(dimensions);
  const out = new Float64Array(count * dimensions);
  const state = new Int32Array(dimensions);
  for (let n = 1; n <= count; n++) {
    let c = 0;
    for (let rest = n - 1; rest & 1; rest >>= 1) c++;
    for (let j = 0; j < dimensions; j++) {
      state[j] = (state[j] as number) ^ ((dirs[j] as Direction).v[c] as number);
      out[(n - 1) * dimensions + j] = (state[j] as number) / 2 ** BITS;
    }
  }
  return out;
}

function directionsFor(dimensions: number): Direction[] {
  if (directions.length >= dimensions) return directions;
  const polys = primitivePolynomials(dimensions - 1);
  const random = seededUniform(0, 'sobol-directions');
  const built: Direction[] = [{ v: Int32Array.from({ length: BITS }, (_, k) => 1 << (BITS - 1 - k)) }];
  for (const { degree, poly } of polys) {
    const m = new Array<number>(BITS);
    for (let k = 1; k <= degree; k++) m[k - 1] = 2 * Math.floor(random() * 2 ** (k - 1)) + 1;
    for (let k = degree + 1; k <= BITS; k++) {
      let value = (m[k - degree - 1] as number) ^ ((m[k - degree - 1] as number) << degree);
      for (let i = 1; i < degree; i++) if ((poly >> (degree - i)) & 1) value ^= (m[k - i - 1] as number) << i;
      m[k - 1] = value;
    }
    built.push({ v: Int32Array.from(m, (mk, k) => mk * 2 ** (BITS - 1 - k)) });
  }
  directions = built;
  return built.slice(0, Math.max(dimensions, built.length));
}

/** The first `count` primitive polynomials over GF(2) of degree >= 1, by degree then value (bit i: coefficient of x^i). */
export function primitivePolynomials(count: number): { degree: number; poly: number }[] {
  const out: { degree: number; poly: number }[] = [];
  for (let degree = 1; out.length < count; degree++) {
    const order = 2 ** degree - 1;
    const factors = primeFactors(order);
    for (let middle = 0; middle < 2 ** (degree - 1) && out.length < count; middle++) {
      const poly = (1 << degree) | (middle << 1) | 1;
      if (powerOfX(order, poly, degree) !== 1) continue;
      if (factors.some((q) => q !== order && powerOfX(order / q, poly, degree) === 1)) continue;
      if (degree === 1 || powerOfX(1, poly, degree) !== 1) out.push({ degree, poly });
    }
  }
  return out;
}

/** x^e modulo `poly` (of `degree`), polynomials as bit sets. */
function powerOfX(e: number, poly: number, degree: number): number {
  const mul = (a: number, b: number): number => {
    let result = 0;
    for (let x = a; b; b >>= 1) {
      if (b & 1) result ^= x;
      x <<= 1;
      if (x & (1 << degree)) x ^= poly;
    }
    return result;
  };
  let result = 1;
  let base = degree === 1 ? 2 ^ poly : 2;
  for (let rest = e; rest; rest = Math.floor(rest / 2)) {
    if (rest % 2) result = mul(result, base);
    base = mul(base, base);
  }
  return result;
}

function primeFactors(n: number): number[] {
  const out: number[] = [];
  for (let p = 2, rest = n; rest > 1; p++) {
    if (p * p > rest) {
      out.push(rest);
      break;
    }
    if (rest % p === 0) out.push(p);
    while (rest % p === 0) rest /= p;
  }
  return out;
}
