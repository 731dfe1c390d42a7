/**
 * The one cache of tensors derived from a model's weights, kept between calls as backend data:
 * the executor's folded BatchNorm filters and biases, and an engine's flipped / polyphase /
 * transposed filters. Entries are keyed by the backend, a kind and the data ids of their sources,
 * so caches keyed by data id (XNNPACK's packed operators) keep hitting; TF.js never changes the
 * data under a data id, so an entry is valid as long as its sources' data lives, and it is freed
 * when any of them is garbage-collected. The least recently used entries go when more than the
 * byte bound is held; `clearDerivedWeights` frees all (engine handles call it on dispose).
 */
import * as tf from '@tensorflow/tfjs';
import { check } from './errors.ts';

/** Default upper bound on the bytes of derived weights kept at once (256 MiB). */
const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

/** What an engine's kernel-level entries need from the backend their data lives on. */
export interface DerivedDataBackend {
  makeOutput(shape: number[], dtype: 'float32', memoryOffset?: number, values?: Float32Array): tf.TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
}

interface Entry {
  readonly info: tf.TensorInfo;
  readonly bytes: number;
  readonly release: () => void;
}

/** Entries in least-recently-used order (oldest first). */
const entries = new Map<string, Entry>();
const ids = new WeakMap<object, number>();
/** The keys registered for finalization per source data id. */
const watched = new WeakMap<object, Set<string>>();
const finalizer = new FinalizationRegistry<string>((key) => release(key));
let nextId = 0;
let heldBytes = 0;
let maxBytes = DEFAULT_MAX_BYTES;

function idOf(object: object): number {
  let id = ids.get(object);
  if (id === undefined) {
    id = nextId++;
    ids.set(object, id);
  }
  return id;
}

const keyOf = (backend: object, kind: string, sources: readonly object[]) => `${idOf(backend)}:${kind}:${sources.map(idOf).join(',')}`;

function release(key: string): void {
  const entry = entries.get(key);
  if (entry === undefined) return;
  entries.delete(key);
  heldBytes -= entry.bytes;
  entry.release();
}

/** The entry under `key`, now the most recently used. */
function lookup(key: string): Entry | undefined {
  const entry = entries.get(key);
  if (entry !== undefined) {
    entries.delete(key);
    entries.set(key, entry);
  }
  return entry;
}

function store(key: string, sources: readonly object[], entry: Entry): void {
  entries.set(key, entry);
  heldBytes += entry.bytes;
  for (const source of sources) {
    let keys = watched.get(source);
    if (keys === undefined) watched.set(source, (keys = new Set()));
    if (!keys.has(key)) {
      keys.add(key);
      finalizer.register(source, key);
    }
  }
  for (const old of entries.keys()) {
    if (heldBytes <= maxBytes) break;
    if (old !== key) release(old);
  }
}

/**
 * The tensor `make` derives from `sources` (under the name `kind`), made once per set of source
 * data and backend; each call returns a new tensor (the caller disposes it) over the kept data.
 */
export function derivedFromWeights(sources: readonly tf.Tensor[], kind: string, make: () => tf.Tensor): tf.Tensor {
  const backend = tf.backend();
  const key = keyOf(backend, kind, sources.map((t) => t.dataId));
  let entry = lookup(key);
  if (entry === undefined) {
    const made = tf.tidy(make);
    backend.incRef(made.dataId);
    const info = { dataId: made.dataId, shape: [...made.shape], dtype: made.dtype };
    made.dispose();
    const dataId = info.dataId;
    entry = {
      info,
      bytes: 4 * tf.util.sizeFromShape(info.shape),
      release: () => {
        if (backend.disposeData(dataId)) tf.engine().removeDataId(dataId, backend);
      },
    };
    store(key, sources.map((t) => t.dataId), entry);
  }
  backend.incRef(entry.info.dataId);
  return tf.engine().makeTensorFromDataId(entry.info.dataId, entry.info.shape, entry.info.dtype, backend);
}

/**
 * Backend data `make` derives from `source` (under the name `kind`), made on `backend` on first
 * use and owned by the cache: for use inside a kernel, never disposed by the caller.
 */
export function derivedKernelData(
  backend: DerivedDataBackend,
  source: tf.TensorInfo,
  kind: string,
  make: () => { values: Float32Array; shape: number[] },
): tf.TensorInfo {
  const key = keyOf(backend, kind, [source.dataId]);
  const hit = lookup(key);
  if (hit !== undefined) return hit.info;
  const made = make();
  const info = backend.makeOutput(made.shape, 'float32', undefined, made.values);
  store(key, [source.dataId], { info, bytes: made.values.byteLength, release: () => backend.disposeData(info.dataId, true) });
  return info;
}

/** Frees every kept entry (engine handles on dispose, tests). */
export function clearDerivedWeights(): void {
  [...entries.keys()].forEach(release);
}

/** Entries and bytes held now. */
export function derivedWeightsSize(): { entries: number; bytes: number } {
  return { entries: entries.size, bytes: heldBytes };
}

/**
 * Sets the byte bound (default 256 MiB; tests and memory-tight hosts) and returns the previous one.
 * The least recently used entries are freed at the next store when more is held.
 */
export function setDerivedWeightsLimit(bytes: number): number {
  check(Number.isFinite(bytes) && bytes >= 0, 'bytes', `must be a finite number >= 0; got ${String(bytes)}`);
  const previous = maxBytes;
  maxBytes = bytes;
  return previous;
}
