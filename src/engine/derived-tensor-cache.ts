import type { HostBackend } from '../engines/wasm/kernels/cpu-fallback.ts';
import type { TensorInfo } from '../engines/wasm/kernels/kernel-scope.ts';

/** Upper bound on the bytes of derived filters kept at once. */
export const DERIVED_CACHE_MAX_BYTES = 256 * 1024 * 1024;

interface Entry {
  info: TensorInfo;
  backend: HostBackend;
  bytes: number;
}

/**
 * Tensors derived from a weight tensor (flipped / polyphase / transposed filters), kept on the
 * backend and keyed by the weight's dataId, so a saliency map does not rebuild them and the wasm
 * backend's XNNPACK operator cache (keyed by filter id) keeps hitting. TF.js data never changes
 * under a dataId. An entry is freed when its weight's dataId is garbage-collected, and the
 * least recently used entries go when more than DERIVED_CACHE_MAX_BYTES are held.
 */
class DerivedTensorCache {
  private readonly entries = new Map<string, Entry>();
  private readonly keysBySource = new WeakMap<object, Map<string, string>>();
  private readonly finalizer = new FinalizationRegistry<string[]>((keys) => keys.forEach((k) => this.evict(k)));
  private nextSourceId = 0;
  private bytes = 0;

  /** The tensor derived from `source` under `kind`, made by `make` on first use. */
  get(backend: HostBackend, source: TensorInfo, kind: string, make: () => { values: Float32Array; shape: number[] }): TensorInfo {
    let kinds = this.keysBySource.get(source.dataId);
    if (kinds == null) {
      kinds = new Map();
      this.keysBySource.set(source.dataId, kinds);
    }
    let key = kinds.get(kind);
    const hit = key == null ? undefined : this.entries.get(key);
    if (hit != null && key != null) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.info;
    }
    key = `${this.nextSourceId++}:${kind}`;
    kinds.set(kind, key);
    this.finalizer.register(source.dataId, [key]);
    const made = make();
    const info = backend.makeOutput(made.shape, 'float32', undefined, made.values);
    const entry = { info, backend, bytes: made.values.byteLength };
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    this.shrink(info);
    return info;
  }

  /** Frees every entry (tests, or before removing a backend). */
  clear(): void {
    for (const key of [...this.entries.keys()]) this.evict(key);
  }

  /** Number of entries and bytes held. */
  size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private shrink(keep: TensorInfo): void {
    for (const [key, entry] of this.entries) {
      if (this.bytes <= DERIVED_CACHE_MAX_BYTES) return;
      if (entry.info !== keep) this.evict(key);
    }
  }

  private evict(key: string): void {
    const entry = this.entries.get(key);
    if (entry == null) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
    entry.backend.disposeData(entry.info.dataId, true);
  }
}

/** The process-wide cache of derived weight tensors. */
export const derivedTensors = new DerivedTensorCache();
