import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { toFloat16 } from './float16.ts';
import { MODEL_JSON } from './folder-checks.ts';

/** Name of the weights file written by {@link saveLayersModel}. */
export const WEIGHTS_BIN = 'weights.bin';

/** Options of {@link saveLayersModel}. */
export interface SaveOptions {
  /** Store float32 weights as float16 (half the size; TF.js dequantizes on load). Default true. */
  readonly float16?: boolean;
}

/** Writes `data` to `path` through a temporary file and a rename, so `path` is never half-written. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, path);
}

function concatWeightData(data: tf.io.WeightData): Uint8Array {
  const buffers = Array.isArray(data) ? data : [data];
  const out = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
  let offset = 0;
  for (const buffer of buffers) {
    out.set(new Uint8Array(buffer), offset);
    offset += buffer.byteLength;
  }
  return out;
}

/** Re-encodes every float32 weight as float16 and marks it for dequantization in the manifest. */
function quantizeFloat16(specs: tf.io.WeightsManifestEntry[], data: Uint8Array): { specs: tf.io.WeightsManifestEntry[]; data: Uint8Array } {
  const parts: Uint8Array[] = [];
  let offset = 0;
  const quantized = specs.map((spec) => {
    const bytes = spec.shape.reduce((n, d) => n * d, 1) * 4;
    const slice = data.slice(offset, offset + bytes);
    offset += bytes;
    if (spec.dtype !== 'float32' || spec.quantization) throw new Error(`weight ${spec.name}: only plain float32 weights can be stored as float16, got ${spec.dtype}`);
    parts.push(new Uint8Array(toFloat16(new Float32Array(slice.buffer)).buffer));
    return { ...spec, quantization: { dtype: 'float16' as const } };
  });
  return { specs: quantized, data: concatWeightData(parts.map((p) => p.buffer as ArrayBuffer)) };
}

/**
 * Saves `model` into folder `dir` in TF.js layers format (`model.json` + `weights.bin`, loadable by
 * `tf.loadLayersModel`), without optimizer state. Files are written atomically, `model.json` last.
 */
export async function saveLayersModel(model: tf.LayersModel, dir: string, options: SaveOptions = {}): Promise<void> {
  const float16 = options.float16 ?? true;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      if (!artifacts.weightSpecs || !artifacts.weightData || !artifacts.modelTopology) throw new Error('model.save gave no weights or topology');
      const raw = { specs: artifacts.weightSpecs, data: concatWeightData(artifacts.weightData) };
      const { specs, data } = float16 ? quantizeFloat16(raw.specs, raw.data) : raw;
      await writeFileAtomic(join(dir, WEIGHTS_BIN), data);
      const json = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: specs }],
      };
      await writeFileAtomic(join(dir, MODEL_JSON), JSON.stringify(json));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON({ modelTopology: artifacts.modelTopology, weightSpecs: specs, weightData: data.buffer as ArrayBuffer }) };
    }),
  );
}
