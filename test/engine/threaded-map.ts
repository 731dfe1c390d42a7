// Child process of threads.test.ts: sets up wasm with the thread count given as argument, computes
// one saliency map of a small CNN and prints {threads, values} as JSON. It must exit by itself.
import * as tf from '@tensorflow/tfjs';
import { setupBackend } from '../../src/engines/wasm/node/index.ts';
import { seededValues } from './compare.ts';
import { mixedCnn } from './models.ts';

const info = await setupBackend({ threads: Number(process.argv[2]) });
const model = mixedCnn();
const x = tf.tensor(seededValues(2 * 12 * 12 * 3, 8), [2, 12, 12, 3]);
const map = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(model.predict(t) as tf.Tensor, tf.range(1, 4))))(x);
const globalWorker = typeof (globalThis as { Worker?: unknown }).Worker;
process.stdout.write(JSON.stringify({ threads: info.threads, notes: info.notes, globalWorker, values: Array.from(await map.data()) }));
