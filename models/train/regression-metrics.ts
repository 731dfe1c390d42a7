/** How well predictions match continuous targets. */
export interface RegressionMetrics {
  readonly testMae: number;
  readonly testRmse: number;
  /** MAE of always predicting 0. */
  readonly baselineMae: number;
  readonly correlation: number;
  /** Fraction of targets with |target| > `signThreshold` whose predicted sign is right. */
  readonly signAccuracy: number;
}

const mean = (values: Float32Array): number => values.reduce((sum, v) => sum + v, 0) / values.length;

/** Error, correlation and sign agreement of `predictions` against `targets` (default sign threshold 0.1). */
export function regressionMetrics(predictions: Float32Array, targets: Float32Array, signThreshold = 0.1): RegressionMetrics {
  if (predictions.length !== targets.length) throw new RangeError(`${predictions.length} predictions but ${targets.length} targets`);
  const errors = predictions.map((p, i) => p - targets[i]!);
  const mp = mean(predictions);
  const mt = mean(targets);
  let cov = 0;
  let vp = 0;
  let vt = 0;
  let signed = 0;
  let signRight = 0;
  predictions.forEach((p, i) => {
    const t = targets[i]!;
    cov += (p - mp) * (t - mt);
    vp += (p - mp) ** 2;
    vt += (t - mt) ** 2;
    if (Math.abs(t) > signThreshold) {
      signed++;
      signRight += Math.sign(p) === Math.sign(t) ? 1 : 0;
    }
  });
  return {
    testMae: mean(errors.map(Math.abs)),
    testRmse: Math.sqrt(mean(errors.map((e) => e * e))),
    baselineMae: mean(targets.map(Math.abs)),
    correlation: cov / Math.sqrt(vp * vt),
    signAccuracy: signRight / signed,
  };
}
