/**
 * The runtime seam of the ONNX engine: what the (browser-safe) compiler needs from an ONNX runtime.
 * Synchronous on purpose: gradient programs run inside TF.js's synchronous tf.tidy; Node's
 * onnxruntime binding runs sessions synchronously (node/ort-runtime.ts implements it).
 */

/** A float32 tensor crossing the runtime boundary (row-major). */
export interface RuntimeTensor {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

/** A loaded graph. */
export interface RuntimeSession {
  /** Runs the graph on `feeds` (by input name) and returns the named outputs. */
  run(feeds: Readonly<Record<string, RuntimeTensor>>, outputs: readonly string[]): Record<string, RuntimeTensor>;
  /** Frees the native session; later runs throw. */
  release(): void;
  /** Ends ORT's profiling of a session created with `profile` and returns the JSON file's path (else undefined). */
  endProfiling?(): string | undefined;
}

/** Options of a session. */
export interface SessionOptions {
  /** Intra-op threads. */
  readonly threads: number;
  /** Profile every run with ORT's profiler into a JSON file starting with this prefix (benchmarks). Default: off. */
  readonly profile?: string;
}

/** An ONNX runtime: creates sessions from serialized models. */
export interface OnnxRuntime {
  /** A short description ('onnxruntime-node 1.30.0'). */
  readonly name: string;
  createSession(model: Uint8Array, options: SessionOptions): RuntimeSession;
}
