/**
 * Per-sample float64 vectors over every model input (each sample's values of input 0, then input
 * 1, ...), and back: the form in which Guided IG walks its path on the CPU.
 */
import * as tf from '@tensorflow/tfjs';

/** One Float64Array per sample: its values of every tensor (batch first), concatenated. The tensors stay the caller's. */
export async function flatSamples(tensors: readonly tf.Tensor[]): Promise<Float64Array[]> {
  const batch = tensors[0]?.shape[0] ?? 0;
  const datas = await Promise.all(tensors.map((t) => t.data()));
  const sizes = tensors.map((t) => t.size / batch);
  const total = sizes.reduce((a, b) => a + b, 0);
  return Array.from({ length: batch }, (_, n) => {
    const out = new Float64Array(total);
    let offset = 0;
    datas.forEach((data, k) => {
      const size = sizes[k] as number;
      out.set((data as Float32Array).subarray(n * size, (n + 1) * size), offset);
      offset += size;
    });
    return out;
  });
}

/** The inverse of {@link flatSamples}: one float32 tensor per model input, shaped like `like`. */
export function unflattenSamples(samples: readonly Float64Array[], like: readonly tf.Tensor[]): tf.Tensor[] {
  const batch = samples.length;
  let offset = 0;
  return like.map((t) => {
    const size = t.size / (t.shape[0] as number);
    const data = new Float32Array(batch * size);
    samples.forEach((s, n) => data.set(s.subarray(offset, offset + size), n * size));
    offset += size;
    return tf.tensor(data, [batch, ...t.shape.slice(1)]);
  });
}
