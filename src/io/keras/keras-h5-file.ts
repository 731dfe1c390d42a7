import { parseJsonObject, type JsonObject } from '../json-file.ts';
import type { LoadLimits } from '../limits.ts';
import { ModelLoadError } from '../model-load-error.ts';
import type { KerasWeight, KerasWeightTree } from './assign-keras-weights.ts';
import { datasetAt, groupAt, readFloat32, stringAttribute, stringListAttribute, withHdf5File } from './hdf5-file.ts';

/** A Keras model read from a file: its config and its weights by layer. */
export interface KerasModelContents {
  readonly config: JsonObject;
  readonly weights: KerasWeightTree;
  /** The weight groups the file holds, as stored (for messages when a layer finds none). */
  readonly groups?: readonly string[];
}

/**
 * Reads a Keras 2 / tf.keras HDF5 model file (`model.save('m.h5')`): the JSON `model_config`
 * attribute and, in the `model_weights` group, one group per layer (`layer_names` attribute) whose
 * `weight_names` attribute lists its datasets. `file` names the file in errors; `limits` bounds the
 * weights it may declare.
 */
export async function readKerasH5(bytes: Uint8Array, file: string, limits: LoadLimits = {}): Promise<KerasModelContents> {
  return withHdf5File(bytes, file, limits, (h5) => {
    const configText = stringAttribute(h5, 'model_config');
    if (configText === undefined) {
      throw new ModelLoadError(
        file,
        "has no 'model_config' attribute: it holds weights only (model.save_weights); save the whole model with model.save()",
      );
    }
    const config = parseJsonObject(configText, `${file} (model_config)`);
    const root = groupAt(h5, 'model_weights');
    if (root === undefined) throw new ModelLoadError(file, "has no 'model_weights' group");
    const layerNames = stringListAttribute(root, 'layer_names');
    if (layerNames === undefined) throw new ModelLoadError(file, "'model_weights' has no 'layer_names' attribute");
    const weights: KerasWeightTree = new Map();
    for (const layerName of layerNames) {
      const group = groupAt(root, layerName);
      if (group === undefined) throw new ModelLoadError(file, `'layer_names' lists '${layerName}' but model_weights has no such group`);
      const layerWeights = (stringListAttribute(group, 'weight_names') ?? []).map((name): KerasWeight => {
        const dataset = datasetAt(group, name);
        if (dataset === undefined) {
          throw new ModelLoadError(file, `layer '${layerName}' lists weight '${name}' but holds no such dataset`);
        }
        return { name, ...readFloat32(dataset) };
      });
      weights.set(layerName, layerWeights);
    }
    return { config, weights, groups: layerNames };
  });
}
