/**
 * The fenced patch of the tfjs-layers ReLU layer's prototype `call`: ReLU(max_value=6) as one relu6
 * kernel with a gradient that honours the Relu / ClipByValue gradients registered at the time.
 */
import * as tf from '@tensorflow/tfjs';
import { applyGate, RELU6_GATE } from '../kernels/gate.ts';
import { isOwnGradient } from '../gradients/own-gradients.ts';
import { countPath } from '../path-counts.ts';

interface ReluLayer {
  maxValue?: number | null;
  call(inputs: tf.Tensor | tf.Tensor[], kwargs: object): tf.Tensor | tf.Tensor[];
}

function gradientOf(kernel: string): tf.GradConfig {
  const config = tf.getGradient(kernel);
  if (config == null) throw new Error(`no gradient is registered for '${kernel}'`);
  return config;
}

function inputGradient(kernel: string, dy: tf.Tensor, x: tf.Tensor, attrs: tf.NamedAttrMap): tf.Tensor {
  const grads = gradientOf(kernel).gradFunc(dy, [x], attrs) as Record<string, () => tf.Tensor>;
  return (grads['x'] as () => tf.Tensor)();
}

/**
 * relu6 as one kernel whose gradient is the stock layer's composition relu -> clipByValue(0, 6):
 * ClipByValue's then Relu's CURRENTLY registered gradients, so a temporary Relu override (guided
 * or rectified backprop) acts exactly as on the stock layer. While both are the engine's own, both
 * gates in one pass: dy * [0 < x <= 6].
 */
function relu6ComposedGradient(): (x: tf.Tensor) => tf.Tensor {
  const forward = (x: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x]);
    return {
      value: tf.relu6(x),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [input] = saved as [tf.Tensor];
        if (isOwnGradient('Relu') && isOwnGradient('ClipByValue')) return applyGate(RELU6_GATE, dy, input);
        const throughClip = inputGradient('ClipByValue', dy, tf.relu(input), { clipValueMin: 0, clipValueMax: 6 });
        return inputGradient('Relu', throughClip, input, {});
      },
    };
  };
  return tf.customGrad(forward as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor) => tf.Tensor;
}

/**
 * Makes tf.layers.reLU({maxValue: 6}) (Keras MobileNet's activation) run as one relu6 kernel while
 * `active()`, instead of relu then clipByValue (two passes forward, two gradient chains back).
 * Returns the function that restores the prototype exactly (the very same `call`).
 */
export function patchRelu6Layer(active: () => boolean): () => void {
  const proto = Object.getPrototypeOf(tf.layers.reLU({ maxValue: 6 })) as ReluLayer;
  const own = Object.getOwnPropertyDescriptor(proto, 'call');
  const stockCall = proto.call;
  const relu6 = relu6ComposedGradient();
  proto.call = function (this: ReluLayer, inputs, kwargs) {
    if (this.maxValue !== 6 || !active()) return stockCall.call(this, inputs, kwargs);
    const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
    countPath('layer:relu6');
    return tf.engine().state.gradientDepth > 0 ? relu6(x) : tf.relu6(x);
  };
  return () => {
    if (own === undefined) delete (proto as Partial<ReluLayer>).call;
    else Object.defineProperty(proto, 'call', own);
  };
}
