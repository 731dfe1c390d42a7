import type * as tf from '@tensorflow/tfjs';
import type { LoadLimits } from './limits.ts';
import type { PreprocessingSpec } from './preprocessing-spec.ts';

/**
 * The formats a model can arrive in: TF.js layers or graph (converter) model.json, a Teachable
 * Machine export, a Keras 2 HDF5 `.h5` file or a Keras 3 `.keras` archive.
 */
export type ModelFormat = 'tfjs-layers' | 'tfjs-graph' | 'teachable-machine' | 'keras-h5' | 'keras-v3';

/** A model ready to run, with what its files said about labels and preprocessing. */
export interface LoadedModel {
  /** The model (graph models load as `tf.GraphModel`, all others as `tf.LayersModel`). */
  readonly model: tf.LayersModel | tf.GraphModel;
  /** The format the files were in. */
  readonly format: ModelFormat;
  /** The path or URL of the model's main file (model.json, .h5 or .keras). */
  readonly source: string;
  /** Class names in output order, when given or found beside the model. */
  readonly labels?: readonly string[];
  /** The preprocessing stated by the user or the export (Teachable Machine). */
  readonly preprocessing?: PreprocessingSpec;
  /** True when `preprocessing` was inferred from metadata that does not name Teachable Machine (worth telling the user). */
  readonly preprocessingGuessed?: boolean;
}

/** A label file handed over as bytes (its name is used in errors). */
export interface LabelFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Options shared by every model loader, with the limits on what loading may read (see {@link LoadLimits}). */
export interface LoadModelOptions extends LoadLimits {
  /**
   * Class names, or a label file (see `parseLabels` for the layouts). Default: the labels of a
   * Teachable Machine `metadata.json`, else those of a `labels.json`, `labels.txt` or `dict.txt` (AutoML) beside the
   * model, else none.
   */
  readonly labels?: readonly string[] | LabelFile;
  /** Preprocessing to report with the model. Default: the export's own (Teachable Machine), else none. */
  readonly preprocessing?: PreprocessingSpec;
}

/** File names looked for beside a model, in order: the first that exists supplies the labels. */
export const COMPANION_FILES = { metadata: 'metadata.json', labels: ['labels.json', 'labels.txt', 'dict.txt'] } as const;

/** Names of the main files tried, in order, when a folder is given instead of a file. */
export const MODEL_FILE_NAMES = ['model.json'] as const;

/** File name endings of Keras files, looked for in a folder that has no model.json. */
export const KERAS_FILE_EXTENSIONS = ['.h5', '.hdf5', '.keras'] as const;
