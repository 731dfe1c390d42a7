/**
 * What every command needs: a backend, the model with its labels and preprocessing, images turned
 * into model inputs, the output to read, and top-k predictions.
 */
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import type { RgbaImage } from '../core/image.ts';
import { adaptModel, type ModelAdapter } from '../core/model.ts';
import { PREPROCESSING_PRESETS, type PreprocessingSpec } from '../io/preprocessing-spec.ts';
import { preprocessImages } from '../io/preprocess-images.ts';
import type { LoadedModel } from '../io/loaded-model.ts';
import { setupBackend, type EngineBackend } from '../engines/wasm/node/index.ts';
import { installOnnxEngine } from '../engines/onnx/node/install.ts';
import type { EngineChoice } from '../core/engine.ts';
import { loadModel } from '../node/models/load-model.ts';
import { loadImage } from '../node/images.ts';
import { UsageError } from './errors.ts';
import { checkSizeOption, imageInput, inputSizeFor, type ImageInput } from './image-input.ts';
import type { LoadLimits } from '../io/limits.ts';

/** Names of the preprocessing presets the `--preprocess` option takes. */
export const PREPROCESS_PRESETS = Object.keys(PREPROCESSING_PRESETS) as (keyof typeof PREPROCESSING_PRESETS)[];

/** Options that say which model to load and how to run it, with the limits on what it reads. */
export interface SessionOptions extends LoadLimits {
  readonly model: string;
  readonly labels?: string;
  readonly preprocess?: keyof typeof PREPROCESSING_PRESETS;
  readonly backend?: EngineBackend;
  readonly threads?: number;
  /** `--engine`: 'auto' and 'onnx' install the ONNX engine (onnx fails when it cannot load). Default 'auto'. */
  readonly engine?: EngineChoice;
  /** `--size HxW`: the input size for models that take any size. Default: each image's own. */
  readonly size?: readonly [number, number];
  /** `--read-timeout`: milliseconds a model URL may send nothing (readTimeoutMs). */
  readonly readTimeout?: number;
  /** `--load-timeout`: milliseconds a model URL may take to load (loadTimeoutMs). */
  readonly loadTimeout?: number;
  /** Images declaring more pixels are refused before decoding (default 100 000 000). */
  readonly maxImagePixels?: number;
  /** Images are decoded with at most this many pixels on their longer side, or the model input's size when larger (default 2048). */
  readonly maxImageSide?: number;
}

/** The longest image side the CLI decodes when the model's input is smaller (see --max-image-side). */
export const DEFAULT_MAX_IMAGE_SIDE = 2048;

/** A loaded model, ready for images. */
export interface Session {
  readonly loaded: LoadedModel;
  readonly adapter: ModelAdapter;
  readonly preprocessing: PreprocessingSpec;
  readonly labels: readonly string[] | undefined;
  readonly size: readonly [number, number] | undefined;
  /** How images are decoded for this model: the pixel limit and the longest side kept. */
  readonly imageLimits: { readonly maxPixels?: number; readonly maxSide: number };
}

/** One prediction. */
export interface Prediction {
  readonly index: number;
  readonly label: string;
  readonly score: number;
}

/** Sets up the backend and loads the model. */
export async function openSession(options: SessionOptions): Promise<Session> {
  await setupBackend({ backend: options.backend ?? 'wasm', ...(options.threads ? { threads: options.threads } : {}) });
  await setupOnnxEngine(options.engine ?? 'auto', options.threads);
  const { maxModelBytes, maxJsonBytes, readTimeout, loadTimeout } = options;
  const limits = { maxModelBytes, maxJsonBytes, readTimeoutMs: readTimeout ?? options.readTimeoutMs, loadTimeoutMs: loadTimeout ?? options.loadTimeoutMs };
  const given = Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)) as LoadLimits;
  const loaded = await loadModel(options.model, { ...given, ...(options.labels ? { labels: options.labels } : {}) });
  const preprocessing = options.preprocess ? PREPROCESSING_PRESETS[options.preprocess] : (loaded.preprocessing ?? PREPROCESSING_PRESETS.unit);
  const adapter = adaptModel(loaded.model);
  const inputSide = Math.max(0, ...adapter.inputShapes().flatMap((shape) => shape.slice(1, 3).map((d) => d ?? 0)));
  const imageLimits = imageLimitsFor(options, inputSide);
  const session = { loaded, adapter, preprocessing, labels: loaded.labels, size: options.size, imageLimits };
  if (options.size !== undefined) checkSizeOption(sessionInput(session), options.size);
  return session;
}

/** Installs the ONNX engine for 'auto' and 'onnx' (process-wide for the CLI run); 'onnx' fails when it cannot load. */
async function setupOnnxEngine(engine: EngineChoice, threads: number | undefined): Promise<void> {
  if (engine === 'tfjs') return;
  const handle = await installOnnxEngine({ threads: threads ?? Math.min(availableParallelism(), 64) });
  if (!handle.installed && engine === 'onnx') throw new UsageError(`--engine onnx: ${handle.detail}`);
}

/** The model's image input, or an error when the model does not take one image. */
export function sessionInput(session: Pick<Session, 'adapter'>): ImageInput {
  return imageInput(session.adapter.inputShapes());
}

/**
 * Reads image files; with a session, under its image limits (pixel count checked before decoding,
 * larger images decoded at a reduced size), else under the defaults.
 */
export async function readImages(paths: readonly string[], session?: Session): Promise<RgbaImage[]> {
  const limits = session?.imageLimits ?? { maxSide: DEFAULT_MAX_IMAGE_SIDE };
  return Promise.all(paths.map((path) => loadImage(path, limits)));
}

/** The input size ([height, width]) `image` is fitted to. */
export function inputSize(session: Session, image: RgbaImage): [number, number] {
  return inputSizeFor(sessionInput(session), session.preprocessing, session.size, image);
}

/**
 * Preprocesses images into one input batch (the caller disposes it): [N, H, W, C], or [N, H, W] for
 * models without a channel axis. The images must share one input size (see {@link inputSize}).
 */
export function toInput(session: Session, images: readonly RgbaImage[]): tf.Tensor {
  const input = sessionInput(session);
  const sizes = images.map((image) => inputSize(session, image).join('x'));
  if (new Set(sizes).size > 1) throw new Error(`images of different input sizes (${[...new Set(sizes)].join(', ')}) cannot share a batch`);
  const size = inputSize(session, images[0] as RgbaImage);
  const batch = preprocessImages(images, { ...session.preprocessing, size }, input.nhwc);
  if (!input.channelless) return batch;
  const squeezed = tf.squeeze(batch, [3]);
  batch.dispose();
  return squeezed;
}

/** Names of the outputs, with their shapes: "0 'digit' [N, 10], 1 'parity' [N, 2]". */
export function outputList(session: Session): string {
  const shapes = session.adapter.outputShapes();
  return session.adapter
    .outputNames()
    .map((name, i) => `${i} '${name}' [${(shapes[i] ?? []).map((d) => (d === null ? 'N' : d)).join(', ')}]`)
    .join(', ');
}

/**
 * The output `--output` names (an output layer's name, or an index), or undefined for a model with one
 * output. A model with several outputs needs `--output` when `required`, else reads output 0 (named
 * wherever it is shown).
 */
export function chooseOutput(session: Session, ref: string | undefined, required: boolean): number | undefined {
  const names = session.adapter.outputNames();
  if (ref === undefined) {
    if (names.length > 1 && required) {
      throw new UsageError(`--output: the model has ${names.length} outputs (${outputList(session)}); choose one by index or name`);
    }
    return names.length > 1 ? 0 : undefined;
  }
  const byName = names.indexOf(ref);
  const index = byName >= 0 ? byName : /^\d+$/.test(ref) ? Number(ref) : -1;
  if (index < 0 || index >= names.length) {
    throw new UsageError(`--output: '${ref}' is not an output of the model; outputs are ${outputList(session)}`);
  }
  return names.length > 1 ? index : undefined;
}

/** The label of class `index` of `output`, or "class N" without labels (labels name output 0's classes). */
export function labelOf(session: Session, index: number, output = 0): string {
  return (output === 0 ? session.labels?.[index] : undefined) ?? `class ${index}`;
}

/**
 * "label (class N)", or "class N" when the model has no labels; with `output` (models with several
 * outputs) the output is named too: "class N (output 'parity')".
 */
export function describeClass(session: Session, index: number, output?: number): string {
  const label = output === undefined || output === 0 ? session.labels?.[index] : undefined;
  const where = output === undefined ? '' : `output '${session.adapter.outputNames()[output]}'`;
  if (label !== undefined) return `${label} (class ${index}${where ? `, ${where}` : ''})`;
  return `class ${index}${where ? ` (${where})` : ''}`;
}

/** The top `k` units of output `output` (default 0) for each sample, highest first. */
export async function topPredictions(session: Session, input: tf.Tensor, k: number, output = 0): Promise<Prediction[][]> {
  const scores = tf.tidy(() => {
    const outputs = session.adapter.run([input]).outputs;
    const result = outputs[output] as tf.Tensor;
    return result.reshape([result.shape[0] as number, -1]);
  });
  const batch = scores.shape[0] as number;
  const values = await scores.data();
  scores.dispose();
  return rankedClasses(values, batch).map((row) => row.slice(0, k).map(({ index, score }) => ({ index, score, label: labelOf(session, index, output) })));
}

/** Each row's classes ranked by score, best first (`scores`: `rows` rows of classes, row-major). */
export function rankedClasses(scores: { readonly length: number; subarray(start: number, end: number): ArrayLike<number> }, rows: number): { index: number; score: number }[][] {
  const size = scores.length / rows;
  return Array.from({ length: rows }, (_, r) =>
    Array.from(scores.subarray(r * size, (r + 1) * size), (score, index) => ({ score, index })).sort((a, b) => b.score - a.score),
  );
}

/** What pictures are decoded to for a model whose input side is `inputSide`: --max-image-side (default {@link DEFAULT_MAX_IMAGE_SIDE}, never below the input side) and --max-image-pixels. */
export function imageLimitsFor(options: Pick<SessionOptions, 'maxImageSide' | 'maxImagePixels'>, inputSide: number): { readonly maxSide: number; readonly maxPixels?: number } {
  return {
    ...(options.maxImagePixels !== undefined ? { maxPixels: options.maxImagePixels } : {}),
    maxSide: Math.max(options.maxImageSide ?? DEFAULT_MAX_IMAGE_SIDE, inputSide),
  };
}
