/**
 * What an OnnxModel needs from a runtime: a session that runs a float32 batch as one input and reads
 * one output. onnxruntime-node implements it (node/ort-session.ts); onnxruntime-web could too.
 */

/** A runtime session over one ONNX model. */
export interface OnnxSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Runs `data` (shape `dims`, batch first) as input `input`; resolves to output `output`'s values and shape. */
  run(input: string, data: Float32Array, dims: readonly number[], output: string): Promise<{ data: Float32Array; dims: readonly number[] }>;
  /** Releases the session (idempotent). */
  release(): Promise<void>;
}
