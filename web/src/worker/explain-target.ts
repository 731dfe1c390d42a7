// The library target for what the page asks to explain: a class, or class A minus class B, at an output.
import * as tf from '@tensorflow/tfjs';
import { classTarget, customTarget, type TargetSpec } from 'tfjs-saliency';
import type { ExplainTarget } from '../protocol.ts';

/**
 * `classTarget(class, { output })`, or for `versus` the score of class A minus that of class B (a
 * custom classification target: the softmax is removed, so it is the logit difference), which shows
 * the pixels that make the model prefer A over B.
 */
export function explainTarget(target: ExplainTarget): TargetSpec {
  const placement = target.output === undefined ? {} : { output: target.output };
  const { class: a, versus: b } = target;
  if (b === undefined) return target.output === undefined ? a : classTarget(a, placement);
  return customTarget(
    (activation) => tf.tidy(() => {
      const scores = activation.reshape([activation.shape[0] ?? 1, -1]);
      return tf.sub(tf.gather(scores, a, 1), tf.gather(scores, b, 1));
    }),
    { ...placement, classification: true, description: `class ${a} minus class ${b}` },
  );
}
