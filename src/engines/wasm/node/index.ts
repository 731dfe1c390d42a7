export { DEFAULT_ENGINE_BACKEND, ENGINE_BACKENDS, setupBackend } from './setup-backend.ts';
export type { EngineBackend, EngineInfo, SetupBackendOptions } from './setup-backend.ts';
export { MAX_WASM_THREADS } from './wasm-threads.ts';
