import * as tf from '@tensorflow/tfjs';
import { isFunctionModel, modelInputShape, preprocessImages, type FunctionModel, type NdArray, type PreprocessingSpec, type RgbaImage } from 'tfjs-saliency';

/** The model input `[height, width, channels]` for `image`, made by the library's own preprocessing. */
export async function prepareInput(image: RgbaImage, spec: PreprocessingSpec, model: tf.LayersModel | tf.GraphModel | FunctionModel): Promise<NdArray> {
  const batch = preprocessImages(image, spec, isFunctionModel(model) ? [1, ...(model.inputShapes[0] ?? [])] : modelInputShape(model));
  try {
    const [, height, width, channels] = batch.shape;
    // A copy: the page takes ownership of the buffer (it is transferred, not cloned).
    return { data: Float32Array.from(await batch.data()), shape: [height, width, channels] };
  } finally {
    batch.dispose();
  }
}
