/**
 * What every command needs: a backend, the model with its labels and preprocessing, images turned
 * into model inputs, and top-k predictions.
 */
import * as tf from '@tensorflow/tfjs';
import type { RgbaImage } from '../core/image.ts';
import { adaptModel, type ModelAdapter } from '../core/model.ts';
import { PREPROCESSING_PRESETS, type PreprocessingSpec } from '../io/preprocessing-spec.ts';
import { preprocessImages } from '../io/preprocess-images.ts';
import type { LoadedModel } from '../io/loaded-model.ts';
import { setupBackend, type EngineBackend } from '../node/engine/index.ts';
import { loadModel } from '../node/models/load-model.ts';
import { loadImage } from '../node/images.ts';
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
  const { maxModelBytes, maxJsonBytes, readTimeout, loadTimeout } = options;
  const limits = { maxModelBytes, maxJsonBytes, readTimeoutMs: readTimeout ?? options.readTimeoutMs, loadTimeoutMs: loadTimeout ?? options.loadTimeoutMs };
  const given = Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)) as LoadLimits;
  const loaded = await loadModel(options.model, { ...given, ...(options.labels ? { labels: options.labels } : {}) });
  const preprocessing = options.preprocess ? PREPROCESSING_PRESETS[options.preprocess] : (loaded.preprocessing ?? PREPROCESSING_PRESETS.unit);
  const adapter = adaptModel(loaded.model);
  const inputSide = Math.max(0, ...adapter.inputShapes().flatMap((shape) => shape.slice(1, 3).map((d) => d ?? 0)));
  const imageLimits = {
    ...(options.maxImagePixels !== undefined ? { maxPixels: options.maxImagePixels } : {}),
    maxSide: Math.max(options.maxImageSide ?? DEFAULT_MAX_IMAGE_SIDE, inputSide),
  };
  return { loaded, adapter, preprocessing, labels: loaded.labels, imageLimits };
}

/** The model's image input shape, or an error when the model does not take images. */
export function imageInputShape(session: Session): (number | null)[] {
  const shapes = session.adapter.inputShapes();
  const shape = shapes[0];
  if (shapes.length !== 1 || !shape || shape.length !== 4) {
    throw new Error(`the model takes input shape(s) ${JSON.stringify(shapes)}; the CLI explains single-image-input models (NHWC)`);
  }
  return shape;
}

/**
 * Reads image files; with a session, under its image limits (pixel count checked before decoding,
 * larger images decoded at a reduced size), else under the defaults.
 */
export async function readImages(paths: readonly string[], session?: Session): Promise<RgbaImage[]> {
  const limits = session?.imageLimits ?? { maxSide: DEFAULT_MAX_IMAGE_SIDE };
  return Promise.all(paths.map((path) => loadImage(path, limits)));
}

/** Preprocesses images into one input batch (the caller disposes it). */
export function toInput(session: Session, images: readonly RgbaImage[]): tf.Tensor4D {
  return preprocessImages(images, session.preprocessing, imageInputShape(session));
}

/** The label of class `index`, or "class N" when the model has no labels. */
export function labelOf(session: Session, index: number): string {
  return session.labels?.[index] ?? `class ${index}`;
}

/** "label (class N)", or "class N" when the model has no labels. */
export function describeClass(session: Session, index: number): string {
  const label = session.labels?.[index];
  return label === undefined ? `class ${index}` : `${label} (class ${index})`;
}

/** The top `k` outputs of each sample, highest first. */
export async function topPredictions(session: Session, input: tf.Tensor, k: number): Promise<Prediction[][]> {
  const output = tf.tidy(() => {
    const result = session.adapter.run([input]).outputs[0] as tf.Tensor;
    return result.reshape([result.shape[0] as number, -1]);
  });
  const [batch, classes] = output.shape as [number, number];
  const values = await output.data();
  output.dispose();
  return Array.from({ length: batch }, (_, n) => {
    const row = Array.from(values.subarray(n * classes, (n + 1) * classes), (score, index) => ({ index, score }));
    return row
      .sort((a, b) => b.score - a.score)
      .slice(0, k)
      .map(({ index, score }) => ({ index, score, label: labelOf(session, index) }));
  });
}
