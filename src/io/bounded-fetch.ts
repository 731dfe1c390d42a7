/**
 * One HTTP(S) read under limits: a size limit checked against the Content-Length before the body is
 * read and against the bytes as they arrive, a read timeout restarted by every chunk, and the
 * load's overall deadline; a request that times out is aborted, and a fetch that ignores the abort
 * still fails on time.
 */
import { checkRead, type ReadLimit } from './limits.ts';
import { ModelLoadError } from './model-load-error.ts';

/**
 * The `fetch` a URL source uses (the global one by default; pass your own for headers or caching).
 * `init.signal` aborts a request that timed out; a fetch that ignores it still times out.
 */
export type FetchFunction = (url: string, init?: { readonly signal?: AbortSignal }) => Promise<Response>;

/** HTTP statuses that mean "no such file" for an optional companion file. */
const ABSENT = new Set([403, 404, 410]);

/**
 * Reads the body of one absolute URL under the limits: `limit` bounds its size (by its
 * Content-Length, else as it arrives); `timing` gives the read timeout and the load's deadline. With
 * `optional`, a 403/404/410 gives `undefined`. Errors are {@link ModelLoadError}s naming the URL.
 */
export async function fetchBounded(
  target: string,
  limit: ReadLimit,
  optional: boolean,
  fetchFile: FetchFunction,
  timing: { readonly readTimeoutMs: number; readonly loadTimeoutMs: number; readonly deadline: number },
): Promise<Uint8Array | undefined> {
  const timer = new RequestTimer(target, timing.readTimeoutMs, timing.loadTimeoutMs, timing.deadline);
  try {
    let response: Response;
    try {
      response = await timer.race(fetchFile(target, { signal: timer.signal }));
    } catch (error) {
      if (error instanceof ModelLoadError) throw error;
      throw new ModelLoadError(target, `cannot be fetched (${(error as Error).message})`, { cause: error });
    }
    if (optional && ABSENT.has(response.status)) {
      await response.body?.cancel().catch(() => undefined);
      return undefined;
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new ModelLoadError(target, `HTTP ${response.status} ${response.statusText}`.trim());
    }
    const declared = response.headers.get('content-length');
    if (declared !== null && /^\d+$/.test(declared.trim())) {
      const size = Number(declared);
      if (size > limit.bytes) {
        await response.body?.cancel().catch(() => undefined);
        checkRead(target, size, limit, 'is (by its Content-Length)');
      }
    }
    return await readBody(response, target, limit, timer);
  } finally {
    timer.stop();
  }
}

/** A response's body, chunk by chunk, each chunk awaited under the timer, refused past the limit. */
async function readBody(response: Response, file: string, limit: ReadLimit, timer: RequestTimer): Promise<Uint8Array> {
  if (response.body === null) return new Uint8Array(await timer.race(response.arrayBuffer()));
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await timer.race(reader.read());
      if (done) break;
      total += value.byteLength;
      checkRead(file, total, limit, 'sends at least');
      chunks.push(value);
      timer.progress();
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    if (error instanceof ModelLoadError) throw error;
    throw new ModelLoadError(file, `cannot be fetched (${(error as Error).message})`, { cause: error });
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * The deadlines of one request: `readTimeoutMs` without progress, or the load's overall deadline,
 * whichever comes first. When one passes, the request is aborted and every {@link race} rejects
 * with a {@link ModelLoadError} naming the file and the option that raises the limit.
 */
class RequestTimer {
  private readonly controller = new AbortController();
  private readonly expired: Promise<never>;
  private fail!: (error: ModelLoadError) => void;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly file: string,
    private readonly readTimeoutMs: number,
    private readonly loadTimeoutMs: number,
    private readonly deadline: number,
  ) {
    this.expired = new Promise<never>((_, reject) => {
      this.fail = reject;
    });
    this.expired.catch(() => undefined);
    this.progress();
  }

  /** Aborts the request when a deadline passes. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Restarts the read timeout (bytes arrived). */
  progress(): void {
    clearTimeout(this.timer);
    const left = this.deadline - Date.now();
    const overall = left <= this.readTimeoutMs;
    const problem = overall
      ? `the model did not load within ${this.loadTimeoutMs} ms (loadTimeoutMs, CLI --load-timeout)`
      : `the server sent nothing for ${this.readTimeoutMs} ms (readTimeoutMs, CLI --read-timeout)`;
    this.timer = setTimeout(() => {
      const error = new ModelLoadError(this.file, `timed out: ${problem}`);
      this.controller.abort(error);
      this.fail(error);
    }, Math.max(0, overall ? left : this.readTimeoutMs));
  }

  /** `promise`, or the timeout's error if a deadline passes first. */
  race<T>(promise: Promise<T>): Promise<T> {
    return Promise.race([promise, this.expired]);
  }

  /** Clears the timer (the request is over). */
  stop(): void {
    clearTimeout(this.timer);
  }
}
