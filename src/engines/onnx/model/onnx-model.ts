/**
 * An ONNX model the library explains: the decoded graph, its image input (layout, size, batch), the
 * output read as scores, and a runtime session. Its `functionModel` takes images in the library's
 * NHWC order (as preprocessImages makes them) and transposes them for NCHW models, so every method
 * that takes a FunctionModel (the perturbation and black-box families) runs on it.
 */
import { SaliencyError, check } from '../../../core/errors.ts';
import { functionModel } from '../../../core/function-model.ts';
import type { OnnxModelData } from './decode-model.ts';
import { inFixedBatches } from './fixed-batch.ts';
import { imageInput } from './image-input.ts';
import { onnxPreprocessing } from './onnx-images.ts';
import type { OnnxModel, OnnxModelOptions } from './model-types.ts';
import { releaseGradients } from './gradients.ts';
import { batchScores, chooseOutput, endsInSoftmax, imageFeed, inputDims, rowScores, runFailure } from './batch-io.ts';
import type { OnnxRuntime, RuntimeSession, RuntimeTensor } from '../runtime.ts';

export type { OnnxModel, OnnxModelOptions } from './model-types.ts';

/** True for an {@link OnnxModel}. */
export function isOnnxModel(model: unknown): model is OnnxModel {
  return typeof model === 'object' && model !== null && (model as { kind?: unknown }).kind === 'onnx';
}

/**
 * Builds the {@link OnnxModel} of decoded model `data` (whose runtime bytes are `bytes`) on `runtime`;
 * runs one batch of zeros to learn the output size and to fail here, not in a method, when the
 * runtime cannot run the model.
 */
export function createOnnxModel(source: string, data: OnnxModelData, bytes: Uint8Array, runtime: OnnxRuntime, options: OnnxModelOptions = {}): OnnxModel {
  const image = imageInput(data, source, options);
  const output = chooseOutput(data, source, options.output);
  const [height, width, channels] = image.imageShape;
  const size = height * width * channels;
  const dims = (rows: number) => inputDims(image, rows);
  const preprocessing = onnxPreprocessing(options.preprocessing, image.imageShape);
  const threads = options.threads ?? 1;
  check(Number.isInteger(threads) && threads > 0, 'threads', `expected a positive integer; got ${String(threads)}`);
  let session: RuntimeSession | null;
  try {
    session = runtime.createSession(bytes, { threads });
  } catch (error) {
    throw new SaliencyError('UNSUPPORTED_MODEL', `${source}: ${runtime.name} cannot load it: ${(error as Error).message}`, 'model');
  }
  const run = (images: Float32Array, rows: number) => {
    if (!session) throw new SaliencyError('INVALID_ARGUMENT', `${source}: the ONNX model was disposed`, 'model');
    const open = session;
    let result: RuntimeTensor;
    try {
      [result] = inFixedBatches(image.maxBatch, rows, [images], ([part], n) => {
        const answer = open.run({ [image.input.name]: imageFeed(image, part as Float32Array, n) }, [output.name])[output.name] as RuntimeTensor;
        const scores = batchScores(source, output, answer, n);
        return [{ data: scores, dims: [n, scores.length / n] }];
      }) as [RuntimeTensor];
    } catch (error) {
      throw error instanceof SaliencyError ? error : runFailure(source, runtime.name, image, rows, error);
    }
    return result.data;
  };
  const probeRows = Number.isFinite(image.maxBatch) ? image.maxBatch : 1;
  let outputSize: number;
  try {
    outputSize = run(new Float32Array(probeRows * size), probeRows).length / probeRows;
  } catch (error) {
    session.release();
    throw error;
  }
  check(Number.isInteger(outputSize) && outputSize > 0, 'output', `${source}: output '${output.name}' gives no scores per row`);
  const predict = async (images: Float32Array, rows: number, signal?: AbortSignal) => {
    signal?.throwIfAborted();
    check(images.length === rows * size, 'images', `expected ${rows} x ${height}x${width}x${channels} values; got ${images.length}`);
    return rowScores(source, output, run(images, rows), rows, outputSize);
  };
  const name = source.split(/[\\/]/).pop() ?? source;
  const model: OnnxModel = Object.freeze({
    kind: 'onnx' as const,
    source,
    data,
    bytes,
    runtime,
    threads,
    ...image,
    output,
    outputSize,
    preprocessing,
    invert: options.invert ?? false,
    labels: options.labels,
    functionModel: functionModel({ name, inputShape: image.imageShape, outputSize, maxBatch: image.maxBatch, outputsProbabilities: endsInSoftmax(data, output), predict: (inputs, rows, signal) => predict(inputs[0] as Float32Array, rows, signal) }),
    predict,
    inputDims: dims,
    dispose: () => {
      session?.release();
      session = null;
      releaseGradients(model);
    },
  });
  return model;
}
