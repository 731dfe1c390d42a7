/**
 * Seeds of a gradient program: dScore/d(outputs) of the call's objective taken by TF.js's tape
 * (with the scores), and the static shapes a seed taken at zeros needs. Browser-safe.
 */
import * as tf from '@tensorflow/tfjs';
import type { ProgramScores } from '../../core/engine.ts';

/** dScore/d(each of `xs`) for the objective, with the scores; zeros where a tensor is not read. */
export function seedsOf(xs: tf.Tensor[], score: () => ProgramScores): { seeds: tf.Tensor[]; scores: ProgramScores } {
  let kept: ProgramScores | undefined;
  const { value, grads } = tf.engine().gradients(
    () => {
      const s = score();
      kept = { total: tf.keep(s.total), ...(s.units ? { units: tf.keep(s.units) } : {}) };
      return tf.sum(s.total);
    },
    xs,
    undefined,
    true,
  );
  value.dispose();
  // tf.keep escapes every tidy scope: hand back clones the caller's tidy owns, and free the kept ones
  const held = kept as ProgramScores;
  const scores = { total: tf.clone(held.total), ...(held.units ? { units: tf.clone(held.units) } : {}) };
  tf.dispose([held.total, ...(held.units ? [held.units] : [])]);
  return { seeds: grads.map((g, i) => g ?? tf.zerosLike(xs[i] as tf.Tensor)), scores };
}

/** The static shape of `name` in `graph` with the batch axis set to `batch`, or null when a dimension is unknown. */
export function shapeAt(shapes: ReadonlyMap<string, readonly (number | string)[]>, name: string, batch: number): number[] | null {
  const dims = shapes.get(name);
  if (!dims || dims.length === 0) return null;
  const rest = dims.slice(1);
  return rest.every((d): d is number => typeof d === 'number') ? [batch, ...rest] : null;
}
