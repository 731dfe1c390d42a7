/**
 * An ONNX image model as a {@link FunctionModel} over a runtime that answers with promises
 * (onnxruntime-web's InferenceSession): the file and its external data decoded from bytes in memory,
 * the image input and layout read as for Node's loader, one batch of zeros run to learn the output
 * size and to fail at load, not in a method. Forward passes only: the perturbation and black-box
 * methods (registry `takesFunctionModel`) explain it; gradient methods need a TF.js model or Node's
 * ONNX engine. Browser-safe: the caller brings the runtime.
 */
import { SaliencyError, check } from '../../../core/errors.ts';
import { functionModel, type FunctionModel } from '../../../core/function-model.ts';
import { ByteBudget, checkSize, resolveLoadLimits } from '../../../io/limits.ts';
import type { RuntimeTensor } from '../runtime.ts';
import { batchScores, chooseOutput, endsInSoftmax, imageFeed, rowScores, runFailure } from './batch-io.ts';
import { decodeOnnxModel, type OnnxModelData, type OnnxValueData } from './decode-model.ts';
import { memoryExternalReader } from './external-range.ts';
import { paddedRows } from './fixed-batch.ts';
import { imageInput, type ImageInputOptions, type OnnxImageInput } from './image-input.ts';
import { inlineExternalData } from './inline-data.ts';

/** A session whose runs answer with a promise. */
export interface AsyncRuntimeSession {
  /** Runs the graph on `feeds` (by input name) and resolves to the named outputs. */
  run(feeds: Readonly<Record<string, RuntimeTensor>>, outputs: readonly string[]): Promise<Record<string, RuntimeTensor>>;
  /** Frees the session; later runs fail. */
  release(): Promise<void> | void;
}

/** An ONNX runtime whose sessions answer with promises (onnxruntime-web, wrapped by the caller). */
export interface AsyncOnnxRuntime {
  /** A short description for messages ('onnxruntime-web 1.30.0 (wasm, 1 thread)'). */
  readonly name: string;
  /** A session of the serialized model `model` (external data already inline). */
  createSession(model: Uint8Array): Promise<AsyncRuntimeSession>;
}

/** The files of an ONNX model, in memory. */
export interface OnnxModelBytes {
  /** The `.onnx` file's name, for messages. */
  readonly name: string;
  readonly bytes: Uint8Array;
  /** External data files given with it, by bare file name. Default: none. */
  readonly external?: ReadonlyMap<string, Uint8Array>;
}

/** Options of {@link onnxFunctionModel}. */
export interface OnnxFunctionModelOptions extends ImageInputOptions {
  /** The output read as scores, by index or name. Default 0 (the first). */
  readonly output?: number | string;
  /** The most bytes the model and its external data may hold together. Default 1 GiB. */
  readonly maxModelBytes?: number;
}

/** A loaded ONNX model as a function model, with what the graph says about it. */
export interface OnnxFunctionModel {
  /** Takes NHWC images ([height, width, channels] per row); NCHW models get them transposed. */
  readonly model: FunctionModel;
  readonly data: OnnxModelData;
  readonly image: OnnxImageInput;
  readonly output: OnnxValueData;
  /** Releases the runtime session (idempotent). */
  dispose(): Promise<void>;
}

/**
 * Loads `files` on `runtime`: `const onnx = await onnxFunctionModel({ name, bytes }, runtime)`, then
 * `getMethod('occlusion').run(onnx.model, images, { target })`. Errors name the file and, where an
 * option would settle it, the option (`layout`, `size`, `output`).
 */
export async function onnxFunctionModel(files: OnnxModelBytes, runtime: AsyncOnnxRuntime, options: OnnxFunctionModelOptions = {}): Promise<OnnxFunctionModel> {
  check(typeof files === 'object' && files !== null && files.bytes instanceof Uint8Array, 'files', 'expected { name, bytes: Uint8Array, external? }');
  const source = files.name;
  const { maxModelBytes } = resolveLoadLimits(options.maxModelBytes === undefined ? {} : { maxModelBytes: options.maxModelBytes });
  checkSize(source, files.bytes.length, maxModelBytes, 'maxModelBytes');
  const budget = new ByteBudget(maxModelBytes);
  budget.take(source, files.bytes.length);
  const data = decodeOnnxModel(source, files.bytes, memoryExternalReader(source, files.external ?? new Map(), budget));
  const image = imageInput(data, source, options);
  const output = chooseOutput(data, source, options.output);
  let session: AsyncRuntimeSession | null;
  try {
    session = await runtime.createSession(inlineExternalData(files.bytes, data));
  } catch (error) {
    throw new SaliencyError('UNSUPPORTED_MODEL', `${source}: ${runtime.name} cannot load it: ${(error as Error).message}`, 'model');
  }
  const [height, width, channels] = image.imageShape;
  const size = height * width * channels;
  const run = async (images: Float32Array, rows: number): Promise<Float32Array> => {
    if (!session) throw new SaliencyError('INVALID_ARGUMENT', `${source}: the ONNX model was disposed`, 'model');
    // a fixed batch takes at most its size (predictRows' chunks): a short chunk runs padded
    const runRows = Number.isFinite(image.maxBatch) ? Math.max(rows, image.maxBatch) : rows;
    const feed = runRows === rows ? images : paddedRows(images, rows, 0, rows, runRows);
    let result: Record<string, RuntimeTensor>;
    try {
      result = await session.run({ [image.input.name]: imageFeed(image, feed, runRows) }, [output.name]);
    } catch (error) {
      throw runFailure(source, runtime.name, image, runRows, error);
    }
    const scores = batchScores(source, output, result[output.name] as RuntimeTensor, runRows);
    return runRows === rows ? scores : scores.slice(0, (scores.length / runRows) * rows);
  };
  const release = async () => {
    const open = session;
    session = null;
    await open?.release();
  };
  const probeRows = Number.isFinite(image.maxBatch) ? image.maxBatch : 1;
  let outputSize: number;
  try {
    outputSize = (await run(new Float32Array(probeRows * size), probeRows)).length / probeRows;
    check(Number.isInteger(outputSize) && outputSize > 0, 'output', `${source}: output '${output.name}' gives no scores per row`);
  } catch (error) {
    await release();
    throw error;
  }
  const model = functionModel({
    name: source,
    inputShape: image.imageShape,
    outputSize,
    maxBatch: image.maxBatch,
    outputsProbabilities: endsInSoftmax(data, output),
    predict: async (inputs, rows, signal) => {
      signal?.throwIfAborted();
      return rowScores(source, output, await run(inputs[0] as Float32Array, rows), rows, outputSize);
    },
  });
  return Object.freeze({ model, data, image, output, dispose: release });
}
