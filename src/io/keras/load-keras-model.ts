import * as tf from '@tensorflow/tfjs';
import { ModelLoadError } from '../model-load-error.ts';
import { assignKerasWeights } from './assign-keras-weights.ts';
import { isZip, readKerasArchive } from './keras-archive.ts';
import { kerasConfigToTfjs } from './keras-config.ts';
import { readKerasH5 } from './keras-h5-file.ts';
import { isHdf5 } from './hdf5-file.ts';
import { disposeModel } from '../dispose-model.ts';
import { disposingNewVariablesOnError } from '../build-model.ts';
import type { LoadLimits } from '../limits.ts';

/** The two Keras file layouts: HDF5 `.h5` (Keras 2 / tf.keras) and the `.keras` zip (Keras 3). */
export type KerasFileKind = 'h5' | 'keras';

/** Tells a Keras `.h5` file from a `.keras` archive by their first bytes; `undefined` for neither. */
export function kerasFileKind(bytes: Uint8Array): KerasFileKind | undefined {
  if (isHdf5(bytes)) return 'h5';
  if (isZip(bytes)) return 'keras';
  return undefined;
}

/**
 * Builds a TF.js LayersModel from the bytes of a Keras `.h5` or `.keras` file, read in memory (no
 * Python, works in the browser). Layers TF.js lacks (e.g. `Lambda`) fail with an error naming the
 * layer and its class. `file` names the file in errors. `limits` bounds what the file may make this
 * allocate (a `.keras` archive's inflated entries, the weights an HDF5 file declares); default
 * the default limits (DEFAULT_LOAD_LIMITS).
 */
export async function loadKerasModel(bytes: Uint8Array, file: string, limits: LoadLimits = {}): Promise<tf.LayersModel> {
  const kind = kerasFileKind(bytes);
  if (kind === undefined) throw new ModelLoadError(file, 'is neither a Keras HDF5 (.h5) file nor a Keras 3 (.keras) zip archive');
  const contents = kind === 'h5' ? await readKerasH5(bytes, file, limits) : await readKerasArchive(bytes, file, limits);
  const topology = kerasConfigToTfjs(contents.config, file);
  let model: tf.LayersModel;
  try {
    model = await disposingNewVariablesOnError(() => tf.models.modelFromJSON({ modelTopology: topology as tf.io.ModelJSON['modelTopology'] }));
  } catch (error) {
    throw new ModelLoadError(file, `TensorFlow.js cannot build the model config (${(error as Error).message})`, { cause: error });
  }
  try {
    assignKerasWeights(model, contents.weights, file, contents.groups);
  } catch (error) {
    disposeModel(model);
    throw error;
  }
  return model;
}
