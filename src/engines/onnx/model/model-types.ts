/**
 * The types of an ONNX model the library explains (onnx-model.ts builds one): apart, so that the
 * gradient code reads them without importing the builder.
 */
import type { FunctionModel } from '../../../core/function-model.ts';
import type { PREPROCESSING_PRESETS, PreprocessingSpec } from '../../../io/preprocessing-spec.ts';
import type { OnnxRuntime } from '../runtime.ts';
import type { OnnxModelData, OnnxValueData } from './decode-model.ts';
import type { ImageInputOptions, OnnxImageInput } from './image-input.ts';

/** A preprocessing preset name (see PREPROCESSING_PRESETS): 'tf', 'torch', 'caffe', 'unit' or 'raw'. */
export type PreprocessingPreset = keyof typeof PREPROCESSING_PRESETS;

/** Options of an ONNX model: what the graph leaves open and how images become its input. */
export interface OnnxModelOptions extends ImageInputOptions {
  /** The output read as scores, by index or name. Default 0 (the first). */
  readonly output?: number | string;
  /**
   * How pixels become the input (ONNX files carry none): scale, per-channel mean and std, channels,
   * e.g. `{ scale: 'unit', mean: [0.1307], std: [0.3081] }` for MNIST, or a preset name ('torch' is
   * [0, 1] then ImageNet's mean and std). Applied wherever pictures (RgbaImage) are given. Default: unit ([0, 1]).
   */
  readonly preprocessing?: PreprocessingSpec | PreprocessingPreset;
  /** Invert pixels (255 - value) before preprocessing, for white-on-black digit models. Default false. */
  readonly invert?: boolean;
  /** Class names in output order. Default: none. */
  readonly labels?: readonly string[];
  /** Threads ONNX Runtime uses inside one op. Default: every core the runtime sees (os.availableParallelism in Node). */
  readonly threads?: number;
}

/** A loaded ONNX model (see the file comment). Call `dispose()` to release its session. */
export interface OnnxModel extends OnnxImageInput {
  readonly kind: 'onnx';
  /** The file it came from, for messages. */
  readonly source: string;
  readonly data: OnnxModelData;
  /** The model's bytes as the runtime loads them (external data inline). */
  readonly bytes: Uint8Array;
  /** The runtime that runs it, and the threads it uses. */
  readonly runtime: OnnxRuntime;
  readonly threads: number;
  readonly output: OnnxValueData;
  /** Scores per row of the chosen output. */
  readonly outputSize: number;
  /** The preprocessing pictures get (the preset resolved), with the model's input size. */
  readonly preprocessing: PreprocessingSpec;
  readonly invert: boolean;
  readonly labels: readonly string[] | undefined;
  /** The model as a FunctionModel over NHWC images ([height, width, channels] per row). */
  readonly functionModel: FunctionModel;
  /** Scores `rows` NHWC images (rows x outputSize values). */
  predict(images: Float32Array, rows: number, signal?: AbortSignal): Promise<Float32Array>;
  /** The NCHW or NHWC dims of `rows` images, as the model takes them. */
  inputDims(rows: number): number[];
  /** Releases the runtime session (idempotent). */
  dispose(): void;
}
