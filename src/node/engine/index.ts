export { setupBackend } from './setup-backend.ts';
export type { EngineBackend, EngineInfo, SetupBackendOptions } from './setup-backend.ts';
