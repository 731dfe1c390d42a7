import type * as tf from '@tensorflow/tfjs';
import { describeJsonValue, isJsonObject } from './json-file.ts';
import { ModelLoadError } from './model-load-error.ts';
import { checkRelativePath } from './model-source.ts';

/** One checked group of a model.json `weightsManifest`: its shard files and the weights they hold. */
export interface WeightGroup {
  /** Shard paths, relative to model.json's folder, checked not to leave it. */
  readonly paths: readonly string[];
  /** The weights, in the order their bytes follow each other in the concatenated shards. */
  readonly weights: readonly tf.io.WeightsManifestEntry[];
  /** Bytes the weights need, or `undefined` when a string weight makes the size data-dependent. */
  readonly byteLength: number | undefined;
}

const BYTES_PER_VALUE: Readonly<Record<string, number>> = {
  float32: 4, int32: 4, bool: 1, complex64: 8, uint8: 1, uint16: 2, float16: 2,
};

/** Checks a model.json `weightsManifest` (`file` names model.json in errors). */
export function checkWeightsManifest(manifest: unknown, file: string): WeightGroup[] {
  if (manifest === undefined) return [];
  if (!Array.isArray(manifest)) {
    throw new ModelLoadError(file, `weightsManifest must be an array of groups, found ${describeJsonValue(manifest)}`);
  }
  return manifest.map((group: unknown, index) => checkGroup(group, `weightsManifest[${index}]`, file));
}

function checkGroup(group: unknown, where: string, file: string): WeightGroup {
  if (!isJsonObject(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
    throw new ModelLoadError(file, `${where} must be an object with 'paths' and 'weights' arrays`);
  }
  const paths = group.paths.map((path: unknown) => checkRelativePath(path as string, file));
  const weights = group.weights.map((entry: unknown, i) => checkEntry(entry, `${where}.weights[${i}]`, file));
  if (paths.length === 0 && weights.length > 0) {
    throw new ModelLoadError(file, `${where} lists weights but no 'paths' to read them from`);
  }
  let byteLength: number | undefined = 0;
  for (const entry of weights) {
    const size = entryByteLength(entry);
    byteLength = size === undefined || byteLength === undefined ? undefined : byteLength + size;
  }
  return { paths, weights, byteLength };
}

function checkEntry(entry: unknown, where: string, file: string): tf.io.WeightsManifestEntry {
  const ok =
    isJsonObject(entry) &&
    typeof entry.name === 'string' &&
    typeof entry.dtype === 'string' &&
    Array.isArray(entry.shape) &&
    entry.shape.every((d: unknown) => Number.isInteger(d) && (d as number) >= 0);
  if (!ok) {
    throw new ModelLoadError(file, `${where} must have a string 'name', a string 'dtype' and a 'shape' of sizes >= 0`);
  }
  const dtype = (entry.quantization as { dtype?: string } | undefined)?.dtype ?? entry.dtype;
  if (entry.dtype !== 'string' && BYTES_PER_VALUE[dtype as string] === undefined) {
    throw new ModelLoadError(
      file,
      `${where} ('${entry.name as string}') has dtype '${dtype as string}'; expected one of ${Object.keys(BYTES_PER_VALUE).join(', ')}, string`,
    );
  }
  return entry as unknown as tf.io.WeightsManifestEntry;
}

function entryByteLength(entry: tf.io.WeightsManifestEntry): number | undefined {
  if (entry.dtype === 'string') return undefined;
  const dtype = entry.quantization?.dtype ?? entry.dtype;
  return entry.shape.reduce((a, b) => a * b, 1) * (BYTES_PER_VALUE[dtype] as number);
}
