import * as tf from '@tensorflow/tfjs';

/** Uses the cpu backend quietly (the reference backend of the core tests). */
export async function useCpu(): Promise<void> {
  tf.env().set('IS_TEST', true);
  await tf.setBackend('cpu');
  await tf.ready();
}
