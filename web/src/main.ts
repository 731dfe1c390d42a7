import { bundledModels } from 'virtual:bundled-assets';
import { Explorer } from './app.ts';
import type { BackendName } from './protocol.ts';
import { exposeTestHook } from './test-hook.ts';

// ?backend=webgl|webgpu|wasm|cpu picks the backend; ?panels=saliency,grad-cam the panels computed.
const parameters = new URLSearchParams(location.search);
const backend = parameters.get('backend') || undefined;
const panels = parameters.get('panels')?.split(',').filter((id) => id !== '');
const explorer = new Explorer(bundledModels, backend as BackendName | undefined, panels);
exposeTestHook(explorer);
explorer.start().catch((error: unknown) => explorer.errors.show('start the explorer', error));
