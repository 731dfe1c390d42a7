/** The ONNX engine's Node-only part: onnxruntime-node loaded on demand and the engine installer. */
export { installOnnxEngine, type InstallOnnxEngineOptions, type OnnxEngineHandle } from './install.ts';
export { loadOrtRuntime, type RuntimeLoad } from './ort-runtime.ts';
