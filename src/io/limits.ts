/**
 * Limits on what loading a model reads: every size that comes from a file (a file's length, a zip
 * entry's declared size, an HDF5 dataset's shape) is checked against one of these before anything
 * is allocated, and every wait on the network has a deadline. Each limit can be raised by an option
 * (and a CLI flag, named in the error).
 */
import { SaliencyError } from '../core/errors.ts';
import { ModelLoadError } from './model-load-error.ts';

/** Limits of a model load; every field is optional and defaults to {@link DEFAULT_LOAD_LIMITS}. */
export interface LoadLimits {
  /**
   * The most bytes a model's files may hold: each file (model.json's weight shards, a `.h5` or
   * `.keras` file, a `.keras` archive's weights once inflated, the weights an HDF5 file declares)
   * and all of them together. Default 1 GiB (2^30 bytes). CLI: `--max-model-bytes`.
   */
  readonly maxModelBytes?: number;
  /**
   * The most bytes of a JSON or text file: model.json, a `.keras` archive's config.json,
   * metadata.json and label files. Default 64 MiB. CLI: `--max-json-bytes`.
   */
  readonly maxJsonBytes?: number;
  /**
   * URLs only: milliseconds a request may wait for the server's next bytes (its response, or the next
   * chunk of its body) before it fails. Default 30 000. CLI: `--read-timeout`.
   */
  readonly readTimeoutMs?: number;
  /** URLs only: milliseconds the whole load may take, every file included. Default 600 000. CLI: `--load-timeout`. */
  readonly loadTimeoutMs?: number;
}

/** The default {@link LoadLimits}. */
export const DEFAULT_LOAD_LIMITS: Readonly<Required<LoadLimits>> = Object.freeze({
  maxModelBytes: 2 ** 30,
  maxJsonBytes: 64 * 2 ** 20,
  readTimeoutMs: 30_000,
  loadTimeoutMs: 600_000,
});

/** The option (and CLI flag) that raises each limit, for messages. */
export const LIMIT_FLAGS: Readonly<Record<keyof LoadLimits, string>> = Object.freeze({
  maxModelBytes: 'maxModelBytes (CLI --max-model-bytes)',
  maxJsonBytes: 'maxJsonBytes (CLI --max-json-bytes)',
  readTimeoutMs: 'readTimeoutMs (CLI --read-timeout)',
  loadTimeoutMs: 'loadTimeoutMs (CLI --load-timeout)',
});

/** `limits` with every default filled in; each given limit must be a positive number. */
export function resolveLoadLimits(limits: LoadLimits = {}): Readonly<Required<LoadLimits>> {
  const resolved = { ...DEFAULT_LOAD_LIMITS };
  for (const key of Object.keys(DEFAULT_LOAD_LIMITS) as (keyof LoadLimits)[]) {
    const value = limits[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value > 0)) {
      throw new SaliencyError('INVALID_ARGUMENT', `${key}: got ${String(value)}; expected a positive number`, key);
    }
    resolved[key] = value;
  }
  return Object.freeze(resolved);
}

/** Bytes as a person reads them: '1.2 GB', '64 MiB' style (binary units). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/**
 * The most bytes one read may return, and the limit (option) that set it, for the error; `total`
 * is the whole limit when `bytes` is what is left of it after the model's other files.
 */
export interface ReadLimit {
  readonly bytes: number;
  readonly key: keyof LoadLimits;
  readonly total?: number;
}

/** Throws a {@link ModelLoadError} about `file` when `bytes` is more than a read may return. */
export function checkRead(file: string, bytes: number, limit: ReadLimit, what = 'is'): void {
  if (limit.total === undefined) return checkSize(file, bytes, limit.bytes, limit.key, what);
  if (bytes <= limit.bytes) return;
  throw new ModelLoadError(
    file,
    `${what} ${formatBytes(bytes)}, more than the ${formatBytes(limit.bytes)} left of the limit of ${formatBytes(limit.total)} for the whole model; raise ${LIMIT_FLAGS[limit.key]} if the model is trusted`,
  );
}

/**
 * Throws a {@link ModelLoadError} about `file` when `bytes` exceeds `limit` (the value of the limit
 * named `key`); `what` says what was measured ("is", "declares an entry of" ...).
 */
export function checkSize(file: string, bytes: number, limit: number, key: keyof LoadLimits, what = 'is'): void {
  if (bytes <= limit) return;
  throw new ModelLoadError(file, `${what} ${formatBytes(bytes)}, more than the limit of ${formatBytes(limit)}; raise ${LIMIT_FLAGS[key]} if the file is trusted`);
}

/**
 * A running total of the bytes a load has read or will allocate, against `maxModelBytes`: each
 * {@link ByteBudget.take} adds to it and refuses what would pass the limit.
 */
export class ByteBudget {
  private used = 0;

  constructor(readonly limit: number) {}

  /** Bytes not yet taken. */
  get left(): number {
    return Math.max(0, this.limit - this.used);
  }

  /** Takes `bytes` for `file`, or throws naming the file, the total and the limit. */
  take(file: string, bytes: number, what = 'brings the model to'): void {
    if (this.used + bytes > this.limit) {
      throw new ModelLoadError(
        file,
        `${what} ${formatBytes(this.used + bytes)}, more than the limit of ${formatBytes(this.limit)}; raise ${LIMIT_FLAGS.maxModelBytes} if the model is trusted`,
      );
    }
    this.used += bytes;
  }
}
