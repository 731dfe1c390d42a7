/**
 * Cast for the wasm engine: a cast to the tensor's own dtype without a copy.
 */
import type * as tf from '@tensorflow/tfjs';
import type { HostBackend } from './cpu-fallback.ts';
import type { KernelArgs, TensorInfo } from './kernel-scope.ts';

/**
 * Cast to the tensor's own dtype without a copy (every stock Relu gradient casts its float mask to
 * float32, a full copy on wasm); other casts go to `stock`.
 */
export function zeroCopySameTypeCast(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args as KernelArgs;
    const x = inputs['x'] as TensorInfo;
    if (x.dtype === 'string' || x.dtype !== (attrs as unknown as tf.CastAttrs).dtype) return stock(args);
    (backend as HostBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}
