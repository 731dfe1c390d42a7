/**
 * Weighted linear least squares with an intercept, the surrogate model of KernelSHAP and LIME:
 * minimise sum_j w_j (y_j - b0 - z_j . b)^2 + ridge |b|^2, solved by ml-matrix's singular value
 * decomposition of the sqrt(w)-scaled design (never the normal equations), so a design with fewer
 * samples than features or repeated rows gets the minimum-norm solution instead of a failure.
 */
import { Matrix, SingularValueDecomposition } from 'ml-matrix';

/** A fitted surrogate: the intercept and one coefficient per feature. */
export interface LinearFit {
  readonly intercept: number;
  readonly coefficients: Float64Array;
}

/**
 * Fits `y ~ b0 + z . b` with sample weights `w` (non-negative) and ridge penalty `ridge` (>= 0, the
 * intercept unpenalised): `rows[j]` is sample j's feature vector (all the same length).
 */
export function weightedLeastSquares(rows: readonly ArrayLike<number>[], y: ArrayLike<number>, w: ArrayLike<number>, ridge = 0): LinearFit {
  const features = rows[0]?.length ?? 0;
  const extra = ridge > 0 ? features : 0;
  const design = new Matrix(rows.length + extra, features + 1);
  const target = new Matrix(rows.length + extra, 1);
  rows.forEach((row, j) => {
    const root = Math.sqrt(w[j] as number);
    design.set(j, 0, root);
    for (let k = 0; k < features; k++) design.set(j, k + 1, root * (row[k] as number));
    target.set(j, 0, root * (y[j] as number));
  });
  for (let k = 0; k < extra; k++) design.set(rows.length + k, k + 1, Math.sqrt(ridge));
  const solution = new SingularValueDecomposition(design, { autoTranspose: true }).solve(target);
  return { intercept: solution.get(0, 0), coefficients: Float64Array.from({ length: features }, (_, k) => solution.get(k + 1, 0)) };
}
