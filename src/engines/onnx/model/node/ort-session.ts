/**
 * An ONNX Runtime (onnxruntime-node) session over a decoded model: runs float32 batches through it
 * and reads one output. onnxruntime-node is an optional dependency, imported on first use; without
 * it the error says how to install it.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { SaliencyError } from '../../../../core/errors.ts';
import type { OnnxSession } from '../session.ts';

type Ort = typeof import('onnxruntime-node');

let ort: Promise<Ort> | undefined;

/** onnxruntime-node, or an error saying it is missing. */
export function importOrt(): Promise<Ort> {
  ort ??= import('onnxruntime-node').catch((error: unknown) => {
    ort = undefined;
    throw new SaliencyError('UNSUPPORTED_MODEL', `ONNX models need the optional dependency onnxruntime-node (npm install onnxruntime-node): ${(error as Error).message}`, 'model');
  });
  return ort;
}

/** Options of {@link openOrtSession}. */
export interface OrtSessionOptions {
  /** Threads ORT uses inside one op. Default: ORT's choice (every core). */
  readonly threads?: number;
}

/** Opens a session on the bytes of an ONNX model (external data already inlined). */
export async function openOrtSession(bytes: Uint8Array, name: string, options: OrtSessionOptions = {}): Promise<OnnxSession> {
  const { InferenceSession: Session, Tensor: OrtTensor } = await importOrt();
  let session: InferenceSession | undefined;
  try {
    session = await Session.create(bytes, { ...(options.threads ? { intraOpNumThreads: options.threads } : {}), interOpNumThreads: 1 });
  } catch (error) {
    throw new SaliencyError('UNSUPPORTED_MODEL', `${name}: ONNX Runtime cannot load it: ${(error as Error).message}`, 'model');
  }
  const live = session;
  let released = false;
  return {
    inputNames: [...live.inputNames],
    outputNames: [...live.outputNames],
    async run(input, data, dims, output) {
      if (released) throw new SaliencyError('INVALID_ARGUMENT', `${name}: the ONNX model was disposed`, 'model');
      const feeds: Record<string, Tensor> = { [input]: new OrtTensor('float32', data, [...dims]) };
      let result: InferenceSession.OnnxValueMapType;
      try {
        result = await live.run(feeds, [output]);
      } catch (error) {
        throw new SaliencyError('UNSUPPORTED_MODEL', `${name}: ONNX Runtime failed on a batch of shape [${dims.join(', ')}]: ${(error as Error).message}`, 'model');
      }
      const tensor = result[output] as Tensor;
      try {
        if (tensor.type !== 'float32') throw new SaliencyError('UNSUPPORTED_MODEL', `${name}: output '${output}' is ${tensor.type}; expected float32 scores`, 'output');
        return { data: Float32Array.from(tensor.data as Float32Array), dims: [...tensor.dims] };
      } finally {
        tensor.dispose();
      }
    },
    async release() {
      if (released) return;
      released = true;
      await live.release();
    },
  };
}
