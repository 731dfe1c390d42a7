import * as tf from '@tensorflow/tfjs';

/** Uses the cpu backend quietly (PROD silences the tfjs-node banner) as the reference backend of the core tests. */
export async function useCpu(): Promise<void> {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
  await tf.ready();
}
