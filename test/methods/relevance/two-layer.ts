// A two-layer network (dense 3 relu -> dense 2) and every LRP rule written out by hand for one
// dense layer, as the reference the LRP tests compare with.
import * as tf from '@tensorflow/tfjs';

export const W1 = [[1, -2, 0.5], [-1, 3, 2]]; // [in 2][hidden 3]
export const B1 = [0.5, -1, 0.25];
// Two outputs (the targets' one-hot masks need two); unit 0 is explained.
export const W2 = [[2, 0.3], [-1, 1], [1.5, -0.7]]; // [hidden 3][out 2]
export const B2 = [0.1, -0.2];

export function twoLayer(bias: boolean): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 3, activation: 'relu', inputShape: [2], useBias: bias }));
  model.add(tf.layers.dense({ units: 2, useBias: bias }));
  model.layers[0]?.setWeights([tf.tensor2d(W1), ...(bias ? [tf.tensor1d(B1)] : [])]);
  model.layers[1]?.setWeights([tf.tensor2d(W2), ...(bias ? [tf.tensor1d(B2)] : [])]);
  return model;
}

export type Rule = 'epsilon' | 'z-plus' | 'alpha-beta' | 'gamma' | 'flat' | 'w-square' | 'z-box';
const EPS = 1e-6;
const stab = (z: number) => z + EPS * (z >= 0 ? 1 : -1);
export const pos = (v: number) => Math.max(v, 0);
const neg = (v: number) => Math.min(v, 0);

/** One dense layer's rule, written out: R_i = sum_j (contribution of i to j) / (denominator of j) R_j. */
export function handRule(rule: Rule, x: number[], w: number[][], b: number[], r: number[], low = 0, high = 1): number[] {
  const J = r.length;
  const sum = (f: (i: number) => number) => x.reduce((acc, _, i) => acc + f(i), 0);
  return x.map((xi, i) => {
    let total = 0;
    for (let j = 0; j < J; j++) {
      const wij = (w[i] as number[])[j] as number;
      const wj = (k: number) => (w[k] as number[])[j] as number;
      const rj = r[j] as number;
      const bj = b[j] as number;
      const z = sum((k) => (x[k] as number) * wj(k)) + bj;
      if (rule === 'epsilon') total += ((xi * wij) / stab(z)) * rj;
      if (rule === 'z-plus' || rule === 'alpha-beta') {
        const plus = (k: number) => pos(x[k] as number) * pos(wj(k)) + neg(x[k] as number) * neg(wj(k));
        const minus = (k: number) => pos(x[k] as number) * neg(wj(k)) + neg(x[k] as number) * pos(wj(k));
        const zp = sum(plus) + pos(bj);
        const zn = sum(minus) + neg(bj);
        const [alpha, beta] = rule === 'z-plus' ? [1, 0] : [2, 1];
        const pi = pos(xi) * pos(wij) + neg(xi) * neg(wij);
        const ni = pos(xi) * neg(wij) + neg(xi) * pos(wij);
        total += (alpha * pi) / stab(zp) * rj - (beta ? (beta * ni) / stab(zn) * rj : 0);
      }
      if (rule === 'gamma') {
        const g = 0.25;
        const up = (v: number) => v + g * pos(v);
        const down = (v: number) => v + g * neg(v);
        const zp = sum((k) => pos(x[k] as number) * up(wj(k)) + neg(x[k] as number) * down(wj(k))) + up(bj);
        const zn = sum((k) => pos(x[k] as number) * down(wj(k)) + neg(x[k] as number) * up(wj(k))) + down(bj);
        if (z > 0) total += ((pos(xi) * up(wij) + neg(xi) * down(wij)) / stab(zp)) * rj;
        if (z < 0) total += ((pos(xi) * down(wij) + neg(xi) * up(wij)) / stab(zn)) * rj;
      }
      if (rule === 'flat') total += (1 / stab(x.length)) * rj;
      if (rule === 'w-square') total += ((wij * wij) / stab(sum((k) => wj(k) * wj(k)) + bj * bj)) * rj;
      if (rule === 'z-box') {
        const zb = z - sum((k) => low * pos(wj(k))) - pos(bj) - sum((k) => high * neg(wj(k))) - neg(bj);
        total += ((xi * wij - low * pos(wij) - high * neg(wij)) / stab(zb)) * rj;
      }
    }
    return total;
  });
}

/** Relevance through the two-layer network with `rule` in both layers (the ReLU passes it). */
export function handTwoLayer(rule: Rule, x: number[]): number[] {
  const hidden = [0, 1, 2].map((j) => pos(x.reduce((acc, xi, i) => acc + xi * ((W1[i] as number[])[j] as number), 0) + (B1[j] as number)));
  const logit = hidden.reduce((acc, h, j) => acc + h * ((W2[j] as number[])[0] as number), 0) + (B2[0] as number);
  const rHidden = handRule(rule, hidden, W2, B2, [logit, 0]);
  return handRule(rule, x, W1, B1, rHidden, -2, 2);
}
