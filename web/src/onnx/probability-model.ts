// Deletion and insertion curves read class probabilities (Petsiuk et al. 2018). A TF.js model keeps
// its softmax for them; a function model that returns logits (most ONNX exports) has none to keep,
// so the curves score it through this wrapper, which applies the softmax to each row.
import { functionModel, type FunctionModel } from 'tfjs-saliency';

/** `model` with a softmax over each row of its scores (unchanged when it already outputs probabilities). */
export function probabilityModel(model: FunctionModel): FunctionModel {
  if (model.outputsProbabilities) return model;
  const n = model.outputSize;
  return functionModel({
    name: `softmax(${model.name})`,
    inputShapes: model.inputShapes,
    outputSize: n,
    maxBatch: model.maxBatch,
    outputsProbabilities: true,
    predict: async (inputs, rows, signal) => {
      const scores = await model.predict(inputs, rows, signal);
      for (let r = 0; r < rows; r++) {
        const row = scores.subarray(r * n, (r + 1) * n);
        const max = row.reduce((a, b) => Math.max(a, b), -Infinity);
        let total = 0;
        for (let i = 0; i < n; i++) total += row[i] = Math.exp((row[i] as number) - max);
        for (let i = 0; i < n; i++) row[i] = (row[i] as number) / total;
      }
      return scores;
    },
  });
}
