import * as tf from '@tensorflow/tfjs';
import { modelInputShape, preprocessImages, type NdArray, type PreprocessingSpec, type RgbaImage } from 'tfjs-saliency';

/** The model input `[height, width, channels]` for `image`, made by the library's own preprocessing. */
export async function prepareInput(image: RgbaImage, spec: PreprocessingSpec, model: tf.LayersModel | tf.GraphModel): Promise<NdArray> {
  const batch = preprocessImages(image, spec, modelInputShape(model));
  try {
    const [, height, width, channels] = batch.shape;
    // A copy: the page takes ownership of the buffer (it is transferred, not cloned).
    return { data: Float32Array.from(await batch.data()), shape: [height, width, channels] };
  } finally {
    batch.dispose();
  }
}
