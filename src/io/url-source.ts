import { checkRead, resolveLoadLimits, type LoadLimits } from './limits.ts';
import { ModelLoadError } from './model-load-error.ts';
import { baseName, type ModelSource, type ReadLimit } from './model-source.ts';
import { insideFolder } from './url-containment.ts';
import { SaliencyError } from '../core/errors.ts';

/**
 * The `fetch` a URL source uses (the global one by default; pass your own for headers or caching).
 * `init.signal` aborts a request that timed out; a fetch that ignores it still times out.
 */
export type FetchFunction = (url: string, init?: { readonly signal?: AbortSignal }) => Promise<Response>;

/** HTTP statuses that mean "no such file" for an optional companion file. */
const ABSENT = new Set([403, 404, 410]);

/**
 * A {@link ModelSource} over HTTP(S): files are fetched relative to the folder of `entryUrl`, and a
 * path whose resolved URL leaves that folder or its origin is refused before any request. Every
 * request fails after `readTimeoutMs` without bytes from the server, and the whole load after
 * `loadTimeoutMs` (counted from this call); bodies larger than the read's limit are refused by
 * their Content-Length, or cut off as they arrive. Returns the source and the main file's name.
 */
export function urlSource(
  entryUrl: string | URL,
  fetchFile: FetchFunction = (url, init) => fetch(url, init),
  limits: LoadLimits = {},
): { source: ModelSource; entry: string } {
  let url: URL;
  try {
    url = new URL(String(entryUrl));
  } catch {
    throw new SaliencyError('INVALID_ARGUMENT', `url: '${String(entryUrl)}' is not an absolute URL (e.g. https://example.com/model/model.json)`, 'url');
  }
  const { readTimeoutMs, loadTimeoutMs } = resolveLoadLimits(limits);
  const deadline = Date.now() + loadTimeoutMs;
  const entry = url.pathname.endsWith('/') ? 'model.json' : baseName(url.pathname);
  const folder = new URL('./', url);
  const locate = (path: string): string => new URL(path, folder).href;
  const fetchBytes = async (path: string, limit: ReadLimit, optional: boolean): Promise<Uint8Array | undefined> => {
    const target = insideFolder(path, folder, locate(entry));
    const timer = new RequestTimer(target, readTimeoutMs, loadTimeoutMs, deadline);
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
  };
  const source: ModelSource = {
    locate,
    read: async (path, limit) => (await fetchBytes(path, limit, false)) as Uint8Array,
    readOptional: (path, limit) => fetchBytes(path, limit, true),
  };
  return { source, entry };
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
