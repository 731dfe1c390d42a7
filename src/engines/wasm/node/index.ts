/**
 * The wasm engine's Node-only part: setupBackend (threaded wasm, the engine, kernel worker threads).
 */
export { DEFAULT_ENGINE_BACKEND, ENGINE_BACKENDS, setupBackend } from './setup-backend.ts';
export type { BackendHandle, EngineBackend, EngineInfo, SetupBackendOptions } from './setup-backend.ts';
export { MAX_WASM_THREADS } from './wasm-threads.ts';
