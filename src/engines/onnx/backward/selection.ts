/**
 * Backward rules of ops that select or repeat values (TF.js's gradients of split, gather, broadcastTo
 * and tile): Split concatenates the outputs' gradients (zeros for unused outputs) along its axis;
 * Gather (constant indices, any axis) adds each dy slice back at its index, repeated indices adding
 * up (unsortedSegmentSum), as a MatMul with a constant one-hot [D, K] matrix over dy as
 * [rows, K, cols]; Expand sums dy over the broadcast axes; Tile (constant repeats) sums dy's tiles:
 * dy seen as [.., r, d, ..] per tiled axis, summed over each r; Where (a boolean condition: no
 * gradient of its own) gives dy·[c] to the first branch and dy·[¬c] to the second, as TF.js's where.
 */
import { constantValues, intAttr, knownShape, masked, reshapeDims, unbroadcast } from './helpers.ts';
import { outputGradient, UnsupportedOpError, type BackwardContext, type BackwardRule } from './types.ts';

/** A normalised axis of `name` (rank from its static shape). */
function axisOf(ctx: BackwardContext, name: string, axis: number): number {
  const rank = knownShape(ctx, name).length;
  return axis < 0 ? axis + rank : axis;
}

export const Split: BackwardRule = (ctx) => {
  const { b, node } = ctx;
  const axis = axisOf(ctx, node.inputs[0] as string, intAttr(node, 'axis', 0));
  const parts = node.outputs.map((out, k) => ctx.dy[k] ?? b.op('ConstantOfShape', [b.op('Shape', [out])], { value: new Float32Array([0]) }));
  return node.inputs.map((_, k) => (k === 0 ? b.op('Concat', parts, { axis }) : null));
};

export const Gather: BackwardRule = (ctx) => {
  const { b, node } = ctx;
  const [x, indices] = node.inputs as [string, string];
  const given = constantValues(ctx, indices);
  if (!given) throw new UnsupportedOpError(node, `needs constant indices ('${indices}' is computed)`);
  const shape = knownShape(ctx, x);
  const axis = axisOf(ctx, x, intAttr(node, 'axis', 0));
  const size = shape[axis];
  if (typeof size !== 'number') throw new UnsupportedOpError(node, `needs the static size of axis ${axis} of '${x}'`);
  const k = given.length;
  const oneHot = new Float32Array(size * k);
  given.forEach((i, j) => (oneHot[(i < 0 ? i + size : i) * k + j] = 1));
  const cols = (shape.slice(axis + 1) as number[]).reduce((p, d) => p * d, 1);
  const rows = b.op('Reshape', [outputGradient(ctx), b.ints([-1, k, cols])]);
  const summed = b.op('MatMul', [b.constant(oneHot, [size, k], 'gather_one_hot'), rows]);
  return [b.op('Reshape', [summed, b.ints(reshapeDims(shape))]), null];
};

export const Expand: BackwardRule = (ctx) => {
  const { node } = ctx;
  const [x, out] = [node.inputs[0] as string, node.outputs[0] as string];
  if (!ctx.shape(x) || !ctx.shape(out)) throw new UnsupportedOpError(node, `needs the static shapes of '${x}' and '${out}'`);
  return [unbroadcast(ctx, outputGradient(ctx), x, out), null];
};

export const Tile: BackwardRule = (ctx) => {
  const { b, node } = ctx;
  const [x, repeats] = node.inputs as [string, string];
  const reps = constantValues(ctx, repeats);
  if (!reps) throw new UnsupportedOpError(node, `needs constant repeats ('${repeats}' is computed)`);
  const shape = knownShape(ctx, x);
  const split: (number | string)[] = [];
  const summed: number[] = [];
  shape.forEach((d, i) => {
    const r = reps[i] as number;
    if (r !== 1 && typeof d !== 'number') throw new UnsupportedOpError(node, `tiles the symbolic axis ${i} of '${x}'`);
    if (r !== 1) summed.push(split.push(r) - 1);
    split.push(d);
  });
  if (summed.length === 0) return [outputGradient(ctx), null];
  const tiles = b.op('Reshape', [outputGradient(ctx), b.ints(reshapeDims(split))]);
  return [b.op('ReduceSum', [tiles, b.ints(summed)], { keepdims: 0 }), null];
};

export const Where: BackwardRule = (ctx) => {
  const { b, node } = ctx;
  const [condition, ...branches] = node.inputs as [string, string, string];
  const dy = outputGradient(ctx);
  const conditions = [condition, b.op('Not', [condition])];
  return [null, ...branches.map((x, k) => (ctx.needs[k + 1] ? unbroadcast(ctx, masked(ctx, conditions[k] as string, dy), x, node.outputs[0] as string) : null))];
};
