import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gaussLegendre, quadrature, QUADRATURE_RULES } from '../../src/methods/gradient/quadrature.ts';
import { assertClose } from '../support/assert-close.ts';

describe('Gauss-Legendre', () => {
  test('matches the closed forms for 2, 3 and 5 points', () => {
    const two = gaussLegendre(2);
    assertClose(two.nodes, [-1 / Math.sqrt(3), 1 / Math.sqrt(3)], { atol: 1e-15 });
    assertClose(two.weights, [1, 1], { atol: 1e-15 });
    const three = gaussLegendre(3);
    assertClose(three.nodes, [-Math.sqrt(0.6), 0, Math.sqrt(0.6)], { atol: 1e-15 });
    assertClose(three.weights, [5 / 9, 8 / 9, 5 / 9], { atol: 1e-15 });
    const a = (1 / 3) * Math.sqrt(5 - 2 * Math.sqrt(10 / 7));
    const b = (1 / 3) * Math.sqrt(5 + 2 * Math.sqrt(10 / 7));
    const five = gaussLegendre(5);
    assertClose(five.nodes, [-b, -a, 0, a, b], { atol: 1e-14 });
    const wa = (322 + 13 * Math.sqrt(70)) / 900;
    const wb = (322 - 13 * Math.sqrt(70)) / 900;
    assertClose(five.weights, [wb, wa, 128 / 225, wa, wb], { atol: 1e-14 });
  });

  test('integrates polynomials of degree 2n - 1 exactly on [0, 1] (50 points, as Captum)', () => {
    const { alphas, weights } = quadrature('gauss-legendre', 50);
    assert.equal(alphas.length, 50);
    assert.ok(alphas.every((a, i) => a > 0 && a < 1 && (i === 0 || a > (alphas[i - 1] as number))));
    for (const degree of [0, 1, 7, 42, 99]) {
      const integral = alphas.reduce((sum, a, i) => sum + (weights[i] as number) * a ** degree, 0);
      assert.ok(Math.abs(integral - 1 / (degree + 1)) < 1e-13, `degree ${degree}: ${integral}`);
    }
  });
});

describe('Riemann rules', () => {
  test('points and weights as documented', () => {
    assert.deepEqual(quadrature('riemann-left', 4), { alphas: [0, 0.25, 0.5, 0.75], weights: [0.25, 0.25, 0.25, 0.25] });
    assert.deepEqual(quadrature('riemann-right', 4).alphas, [0.25, 0.5, 0.75, 1]);
    assert.deepEqual(quadrature('riemann-middle', 4).alphas, [0.125, 0.375, 0.625, 0.875]);
    assert.deepEqual(quadrature('riemann-trapezoid', 5), { alphas: [0, 0.25, 0.5, 0.75, 1], weights: [0.125, 0.25, 0.25, 0.25, 0.125] });
    assert.deepEqual(quadrature('linspace', 5), { alphas: [0, 0.25, 0.5, 0.75, 1], weights: [0.2, 0.2, 0.2, 0.2, 0.2] });
  });

  test('every rule integrates a constant to 1 and the trapezoid integrates a line exactly', () => {
    for (const rule of QUADRATURE_RULES) {
      const { weights } = quadrature(rule, 7);
      assert.ok(Math.abs(weights.reduce((a, b) => a + b, 0) - 1) < 1e-12, rule);
    }
    const { alphas, weights } = quadrature('riemann-trapezoid', 7);
    assert.ok(Math.abs(alphas.reduce((s, a, i) => s + a * (weights[i] as number), 0) - 0.5) < 1e-12);
  });

  test('bad rules and step counts are refused with the valid values', () => {
    assert.throws(() => quadrature('simpson' as never, 4), /quadrature: got "simpson"; valid values are 'gauss-legendre'/);
    assert.throws(() => quadrature('riemann-trapezoid', 1), /steps: got 1; expected an integer >= 2/);
    assert.throws(() => quadrature('gauss-legendre', 0), /steps: got 0; expected an integer >= 1/);
  });
});
