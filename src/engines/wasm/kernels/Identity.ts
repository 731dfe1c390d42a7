/**
 * Identity for the wasm engine: the input's data under a new reference instead of a copy.
 */
import type * as tf from '@tensorflow/tfjs';
import type { HostBackend } from './cpu-fallback.ts';
import type { KernelArgs, TensorInfo } from './kernel-scope.ts';

/**
 * Identity without a copy, as the cpu and webgl backends do. The engine clones every tensor it saves
 * for a backward pass; with copies, each map copied all saved activations and gave every saved
 * filter a new id, so the wasm backend re-packed all weights on every backward pass.
 */
export function zeroCopyIdentity(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, backend } = args as KernelArgs;
    const x = inputs['x'] as TensorInfo;
    if (x.dtype === 'string') return stock(args);
    (backend as HostBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}
