/**
 * The projection of a layer's (weighted) activations on their first principal component, as
 * pytorch-grad-cam's get_2d_projection computes it for Eigen-CAM and `eigen_smooth`: per sample the
 * positions x channels matrix is centred per channel, its first right singular vector v found, and
 * the map is the centred matrix times v. The sign of v is arbitrary in an SVD; it is chosen so the
 * map's largest magnitude is positive (pytorch-grad-cam's sign correction, Seg-Eigen-CAM Eq. 13), so
 * results are reproducible. Tensor-level and synchronous (reads values back): call inside tf.tidy.
 */
import * as tf from '@tensorflow/tfjs';
import { Matrix, SVD } from 'ml-matrix';

/**
 * Maps [N, ...spatial] from channels-last values [N, ...spatial, C]: each sample's projection on
 * its first principal component (NaN read as 0, as pytorch-grad-cam does).
 */
export function firstComponentProjection(values: tf.Tensor): tf.Tensor {
  const [batch, ...rest] = values.shape as number[];
  const channels = rest[rest.length - 1] as number;
  const positions = rest.slice(0, -1).reduce((a, b) => a * b, 1);
  const data = values.dataSync();
  const out = new Float32Array((batch as number) * positions);
  for (let n = 0; n < (batch as number); n++) {
    const rows = Array.from({ length: positions }, (_, p) =>
      Array.from({ length: channels }, (_, c) => {
        const v = data[(n * positions + p) * channels + c] as number;
        return Number.isNaN(v) ? 0 : v;
      }),
    );
    out.set(projectSample(rows, channels), n * positions);
  }
  return tf.tensor(out, [batch as number, ...rest.slice(0, -1)]);
}

function projectSample(rows: number[][], channels: number): Float64Array {
  const centred = new Matrix(rows).center('column');
  const projection = new Float64Array(rows.length);
  if (rows.length === 0 || channels === 0) return projection;
  const svd = new SVD(centred, { computeLeftSingularVectors: false, computeRightSingularVectors: true, autoTranspose: true });
  const v = svd.rightSingularVectors.getColumn(0);
  let low = Infinity;
  let high = -Infinity;
  for (let p = 0; p < rows.length; p++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += centred.get(p, c) * (v[c] as number);
    projection[p] = sum;
    low = Math.min(low, sum);
    high = Math.max(high, sum);
  }
  if (Math.abs(low) > Math.abs(high)) projection.forEach((value, p) => (projection[p] = -value));
  return projection;
}

/**
 * The map of channels-last weighted activations [N, ...spatial, C]: their sum over channels, or with
 * `eigenSmooth` their first-principal-component projection (pytorch-grad-cam `eigen_smooth`).
 */
export function reduceChannels(weighted: tf.Tensor, eigenSmooth: boolean): tf.Tensor {
  return eigenSmooth ? firstComponentProjection(weighted) : tf.sum(weighted, -1);
}
