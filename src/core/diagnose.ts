/**
 * Why is a gradient zero everywhere? Walks the recorded forward pass to tell a model that has no
 * differentiable path from the input to the target (an op like round, argMax or a cast to int cuts
 * it) from one whose gradient merely happens to be zero at this input (e.g. every ReLU closed).
 */
import * as tf from '@tensorflow/tfjs';
import { releaseAbandonedTape } from './internals.ts';
import type { ModelAdapter } from './model.ts';
import type { ResolvedObjective } from './objective.ts';

/** Kernels whose registered gradient is identically zero: they cut every path through them. */
export const ZERO_GRADIENT_KERNELS: ReadonlySet<string> = new Set([
  'Round', 'Floor', 'Ceil', 'Sign', 'Step', 'ArgMax', 'ArgMin', 'OneHot', 'Equal', 'NotEqual',
  'Greater', 'GreaterEqual', 'Less', 'LessEqual', 'LogicalAnd', 'LogicalOr', 'LogicalNot',
  'FloorDiv', 'IsNan', 'IsInf', 'IsFinite', 'ZerosLike', 'OnesLike', 'Fill',
]);

interface TapeNode {
  readonly kernelName: string;
  readonly inputs: Record<string, tf.Tensor>;
  readonly outputs: tf.Tensor[];
}

function reaches(tape: readonly TapeNode[], from: ReadonlySet<number>, skip: ReadonlySet<string>): Set<number> {
  const reached = new Set(from);
  for (const node of tape) {
    if (skip.has(node.kernelName)) continue;
    if (Object.values(node.inputs).some((t) => t && reached.has(t.id))) node.outputs.forEach((t) => reached.add(t.id));
  }
  return reached;
}

/**
 * The zero-gradient kernels that cut every path from the inputs to the objective, or `undefined`
 * when a differentiable path exists (then a zero gradient is a true property of this input).
 */
export function gradientBlockers(
  adapter: ModelAdapter,
  inputs: readonly tf.Tensor[],
  objective: ResolvedObjective,
): string[] | undefined {
  let verdict: string[] | undefined;
  tf.tidy(() => {
    try {
      tf.grads((...xs: tf.Tensor[]) => {
        const total = tf.sum(objective.score(adapter.run(xs, objective.hooks)).total);
        const tape = (tf.engine().state as unknown as { activeTape: TapeNode[] }).activeTape;
        const ids = new Set(xs.map((x) => x.id));
        if (!reaches(tape, ids, ZERO_GRADIENT_KERNELS).has(total.id)) {
          const all = reaches(tape, ids, new Set());
          const blockers = tape
            .filter((n) => ZERO_GRADIENT_KERNELS.has(n.kernelName) && Object.values(n.inputs).some((t) => t && all.has(t.id)))
            .map((n) => n.kernelName);
          verdict = [...new Set(blockers)];
        }
        return total;
      })([...inputs]);
    } catch {
      releaseAbandonedTape();
      verdict = verdict ?? ['(disconnected)'];
    }
  });
  return verdict;
}
