/**
 * Building TF.js models from artifacts so that a model that fails to build leaves no tensor behind:
 * TF.js's own loaders drop the half-built model and the decoded weights when a weight does not fit
 * (shape or dtype), so each failed load leaked every weight twice.
 */
import * as tf from '@tensorflow/tfjs';
import { disposeModel } from './dispose-model.ts';

/**
 * Runs `build` and, when it throws, disposes every variable registered while it ran (the layers a
 * half-built model had already made). A model built concurrently by other code in the same moment
 * would lose its variables too: loaders run one build at a time.
 */
export async function disposingNewVariablesOnError<T>(build: () => Promise<T>): Promise<T> {
  const before = new Set(Object.keys(tf.engine().registeredVariables));
  try {
    return await build();
  } catch (error) {
    for (const [name, variable] of Object.entries(tf.engine().registeredVariables)) {
      if (!before.has(name) && !variable.isDisposed) variable.dispose();
    }
    throw error;
  }
}

/**
 * A layers model from artifacts: the topology is built first, then the decoded weights are loaded
 * into it (strictly: every weight present, of its variable's shape and dtype). On any error the
 * model and the decoded weights are disposed. Weights in the 'optimizer' group are dropped.
 */
export async function buildLayersModel(artifacts: tf.io.ModelArtifacts): Promise<tf.LayersModel> {
  const { weightData, weightSpecs, ...topology } = artifacts;
  const model = await disposingNewVariablesOnError(() => tf.loadLayersModel(tf.io.fromMemory(topology)));
  if (weightData === undefined || weightSpecs === undefined) return model;
  let decoded: tf.NamedTensorMap = {};
  try {
    decoded = tf.io.decodeWeights(weightData, weightSpecs);
    const optimizer = new Set(weightSpecs.filter((spec) => spec.group === 'optimizer').map((spec) => spec.name));
    model.loadWeights(Object.fromEntries(Object.entries(decoded).filter(([name]) => !optimizer.has(name))), true);
    return model;
  } catch (error) {
    disposeModel(model);
    throw error;
  } finally {
    tf.dispose(Object.values(decoded));
  }
}

/**
 * A graph model from artifacts. The graph is first built without weights, so a graph TF.js cannot
 * build (an unsupported op) fails before any weight is decoded; only then is it built with them.
 */
export async function buildGraphModel(artifacts: tf.io.ModelArtifacts): Promise<tf.GraphModel> {
  if (artifacts.modelInitializer === undefined) {
    const dry = await tf.loadGraphModel(tf.io.fromMemory({ ...artifacts, weightSpecs: [], weightData: new ArrayBuffer(0) }));
    dry.dispose();
  }
  return tf.loadGraphModel(tf.io.fromMemory(artifacts));
}
