import * as tf from '@tensorflow/tfjs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface ExportedLayer {
  type: string;
  config: Record<string, unknown>;
  /** [offset, shape] of each weight in the .bin file, in getWeights() order. */
  weights: [number, number[]][];
}

/**
 * Writes a Sequential model's layers and weights (float32, little-endian) for bench/torch_bench.py:
 * `<dir>/<name>.json` and `<dir>/<name>.bin`. Returns false for models with layers it cannot map.
 */
export function exportForTorch(model: tf.LayersModel, inputShape: number[], dir: string, name: string): boolean {
  const supported = ['Conv2D', 'DepthwiseConv2D', 'BatchNormalization', 'ReLU', 'MaxPooling2D', 'GlobalAveragePooling2D', 'Flatten', 'Dropout', 'Dense'];
  if (!model.layers.every((l) => supported.includes(l.getClassName()))) return false;
  const chunks: Float32Array[] = [];
  let offset = 0;
  const layers: ExportedLayer[] = model.layers.map((layer) => ({
    type: layer.getClassName(),
    config: layer.getConfig() as Record<string, unknown>,
    weights: layer.getWeights().map((w) => {
      const values = w.dataSync() as Float32Array;
      chunks.push(values);
      const entry: [number, number[]] = [offset, w.shape];
      offset += values.length;
      return entry;
    }),
  }));
  const bin = new Float32Array(offset);
  let at = 0;
  for (const c of chunks) {
    bin.set(c, at);
    at += c.length;
  }
  writeFileSync(join(dir, `${name}.bin`), new Uint8Array(bin.buffer));
  writeFileSync(join(dir, `${name}.json`), JSON.stringify({ inputShape, layers }));
  return true;
}
