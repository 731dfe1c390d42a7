/**
 * Loads a `.onnx` file in Node as an {@link OnnxModel}: the file read within maxModelBytes, its
 * external data read from the model's folder only (each byte counted against the same limit), the
 * graph decoded with onnx-proto, and an onnxruntime-node session opened on it (threads default to
 * os.availableParallelism()).
 */
import { basename, dirname, resolve } from 'node:path';
import { ByteBudget, checkSize, resolveLoadLimits, type LoadLimits } from '../../io/limits.ts';
import { ModelLoadError } from '../../io/model-load-error.ts';
import { check } from '../../core/errors.ts';
import { decodeOnnxModel } from '../../engines/onnx/model/decode-model.ts';
import { inlineExternalData } from '../../engines/onnx/model/inline-data.ts';
import { createOnnxModel, type OnnxModel, type OnnxModelOptions } from '../../engines/onnx/model/onnx-model.ts';
import { externalFiles } from '../../engines/onnx/model/node/external-files.ts';
import { loadOrtRuntime } from '../../engines/onnx/node/ort-runtime.ts';
import { availableParallelism } from 'node:os';
import { SaliencyError } from '../../core/errors.ts';
import { readRegularFile, UnreadableFileError } from '../read-regular-file.ts';
import { readLabelFile } from './load-model.ts';
import { parseLabels } from '../../io/labels.ts';

/** Options of {@link loadOnnxModel}. */
export interface LoadOnnxModelOptions extends Omit<OnnxModelOptions, 'labels'>, Pick<LoadLimits, 'maxModelBytes' | 'maxJsonBytes'> {
  /** Class names, or the path of a label file (JSON list, JSON index map or one per line). Default: none. */
  readonly labels?: readonly string[] | string;
}

/** True when `path` names an ONNX file (ends in `.onnx`, any case). */
export function isOnnxPath(path: string): boolean {
  return /\.onnx$/i.test(path);
}

/**
 * Loads the ONNX model at `path`: `await loadOnnxModel('mnist.onnx', { preprocessing: { mean: [0.1307],
 * std: [0.3081] } })`. Dispose it with `model.dispose()`.
 */
export async function loadOnnxModel(path: string, options: LoadOnnxModelOptions = {}): Promise<OnnxModel> {
  check(typeof path === 'string' && path.length > 0, 'path', 'expected the path of a .onnx file');
  const file = resolve(path);
  const { maxModelBytes } = resolveLoadLimits(options);
  const bytes = await readRegularFile(file, maxModelBytes).catch((error: unknown) => {
    if (!(error instanceof UnreadableFileError)) throw error;
    if (error.reason === 'too-large') checkSize(file, error.size as number, maxModelBytes, 'maxModelBytes');
    throw new ModelLoadError(file, error.reason === 'missing' ? 'does not exist' : error.message, { cause: error });
  });
  const budget = new ByteBudget(maxModelBytes);
  budget.take(file, bytes.length);
  const external = externalFiles(file, dirname(file), budget);
  let data;
  try {
    data = decodeOnnxModel(file, bytes, external.read);
  } finally {
    external.close();
  }
  const labels = typeof options.labels === 'string' ? parseLabels((await readLabelFile(options.labels, options)).bytes, options.labels) : options.labels;
  const loaded = await loadOrtRuntime();
  if (!loaded.runtime) throw new SaliencyError('UNSUPPORTED_MODEL', `${basename(file)}: ONNX models need the optional dependency onnxruntime-node (npm install onnxruntime-node): ${loaded.reason}`, 'model');
  return createOnnxModel(file, data, inlineExternalData(bytes, data), loaded.runtime, { ...options, labels, threads: options.threads ?? availableParallelism() });
}
