/**
 * What a backward rule receives and returns. A rule is a graph builder: given one forward node and
 * the gradients of its outputs, it appends nodes computing the gradients of its inputs. Rules read
 * constants (weights) and static shapes through the context. Browser-safe.
 */
import type { GraphBuilder } from '../graph/builder.ts';
import type { OnnxDim, OnnxInitializer, OnnxNode } from '../graph/types.ts';

/** How rectifiers (Relu, Clip(0, 6)) pass gradients: plain, guided backprop or rectified (deconvnet). */
export type RectifierRule = 'plain' | 'guided' | 'rectified';

/** Per-op rule choices of a gradient graph. */
export interface BackwardRules {
  /** The rule of Relu and ReLU6-like Clip nodes. Default 'plain'. */
  readonly Relu?: RectifierRule;
}

/** The context of one rule call. */
export interface BackwardContext {
  readonly b: GraphBuilder;
  readonly node: OnnxNode;
  /** Gradient of each output (null where the output does not reach the differentiated tensors). */
  readonly dy: readonly (string | null)[];
  /** Whether each input needs a gradient (it depends on a `wrt` tensor). */
  readonly needs: readonly boolean[];
  readonly rules: BackwardRules;
  /** The static shape of a tensor, when known. */
  shape(name: string): readonly OnnxDim[] | undefined;
  /** The constant behind a tensor name (an initializer), when it is one. */
  constant(name: string): OnnxInitializer | undefined;
  /** Whether a forward tensor depends on a `wrt` tensor (its producer is differentiated). Default: unknown (false). */
  reaches?(name: string): boolean;
}

/** A backward rule: the gradient of each input of `ctx.node` (null where not needed). */
export type BackwardRule = (ctx: BackwardContext) => readonly (string | null)[];

/** Thrown by rules for attribute combinations they do not cover; the message names the node. */
export class UnsupportedOpError extends Error {
  constructor(node: OnnxNode, why: string) {
    super(`${node.op} '${node.name}': ${why}`);
    this.name = 'UnsupportedOpError';
  }
}

/** The first gradient of `ctx` (rules of single-output ops). */
export function outputGradient(ctx: BackwardContext): string {
  const dy = ctx.dy[0];
  if (!dy) throw new UnsupportedOpError(ctx.node, 'no gradient reached its output');
  return dy;
}
