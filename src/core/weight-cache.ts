/**
 * Tensors derived from a model's weights (folded BatchNorm filters and biases), kept between calls
 * as backend data rather than as tf.Tensors: every call gets a new tensor over the same data (so
 * tf.memory().numTensors is unchanged by a call), and caches keyed by data id (XNNPACK's packed
 * operators, the Node engine's flipped filters) keep hitting. TF.js never changes the data under a
 * data id, so an entry is valid as long as its sources' data lives; it is freed when any of them is
 * garbage-collected.
 */
import * as tf from '@tensorflow/tfjs';

type DataId = tf.Tensor['dataId'];

interface Entry {
  readonly dataId: DataId;
  readonly shape: number[];
  readonly dtype: tf.DataType;
  readonly backend: tf.KernelBackend;
}

const entries = new Map<string, Entry>();
const ids = new WeakMap<object, number>();
let nextId = 0;
const finalizer = new FinalizationRegistry<string>((key) => release(key));

function idOf(object: object): number {
  let id = ids.get(object);
  if (id === undefined) {
    id = nextId++;
    ids.set(object, id);
  }
  return id;
}

function release(key: string): void {
  const entry = entries.get(key);
  if (!entry) return;
  entries.delete(key);
  if (entry.backend.disposeData(entry.dataId)) tf.engine().removeDataId(entry.dataId, entry.backend);
}

/**
 * The tensor `make` derives from `sources` (under the name `kind`), made once per set of source data
 * and backend; each call returns a new tensor (the caller disposes it) over the kept data.
 */
export function derivedFromWeights(sources: readonly tf.Tensor[], kind: string, make: () => tf.Tensor): tf.Tensor {
  const backend = tf.backend();
  const key = `${idOf(backend)}:${kind}:${sources.map((t) => idOf(t.dataId)).join(',')}`;
  let entry = entries.get(key);
  if (!entry) {
    const made = tf.tidy(make);
    backend.incRef(made.dataId);
    entry = { dataId: made.dataId, shape: [...made.shape], dtype: made.dtype, backend };
    made.dispose();
    entries.set(key, entry);
    sources.forEach((t) => finalizer.register(t.dataId, key));
  }
  entry.backend.incRef(entry.dataId);
  return tf.engine().makeTensorFromDataId(entry.dataId, entry.shape, entry.dtype, entry.backend);
}

/** Frees every kept tensor (tests). */
export function clearDerivedWeights(): void {
  [...entries.keys()].forEach(release);
}
