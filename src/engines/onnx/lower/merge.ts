/**
 * Merge layers: Add, Subtract, Multiply, Average, Concatenate (the Keras axis mapped to the
 * layout), and Rescaling (x·scale + offset). Inputs of a merge are brought to one layout first.
 */
import { axisIn, toKeras, toNchw, value, type LayerLowering, type LowerLayer, type Value } from './context.ts';

function aligned(l: LayerLowering): Value[] {
  const nchw = l.inputs.some((v) => v.layout === 'nchw');
  return l.inputs.map((v) => (nchw ? toNchw(l.b, v) : toKeras(l.b, v)));
}

function fold(op: 'Add' | 'Mul'): LowerLayer {
  return (l) => {
    const xs = aligned(l);
    const first = xs[0] as Value;
    const name = xs.slice(1).reduce((acc, v) => l.b.op(op, [acc, v.name]), first.name);
    return value(l.b, name, l.outputShape, first.layout);
  };
}

export const Add = fold('Add');
export const Multiply = fold('Mul');

export const Subtract: LowerLayer = (l) => {
  const [a, c] = aligned(l) as [Value, Value];
  return value(l.b, l.b.op('Sub', [a.name, c.name]), l.outputShape, a.layout);
};

export const Average: LowerLayer = (l) => {
  const sum = Add(l);
  return value(l.b, l.b.op('Mul', [sum.name, l.b.scalar(1 / l.inputs.length)]), l.outputShape, sum.layout);
};

export const Concatenate: LowerLayer = (l) => {
  const xs = aligned(l);
  const first = xs[0] as Value;
  const axis = typeof l.config['axis'] === 'number' ? (l.config['axis'] as number) : -1;
  return value(l.b, l.b.op('Concat', xs.map((v) => v.name), { axis: axisIn(first, axis) }), l.outputShape, first.layout);
};

export const Rescaling: LowerLayer = (l) => {
  const x = l.inputs[0] as Value;
  const scale = l.b.op('Mul', [x.name, l.b.scalar(Number(l.config['scale'] ?? 1))]);
  return value(l.b, l.b.op('Add', [scale, l.b.scalar(Number(l.config['offset'] ?? 0))]), l.outputShape, x.layout);
};
