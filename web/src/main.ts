import { bundledModels } from 'virtual:bundled-assets';
import { Explorer } from './app.ts';
import type { BackendName } from './protocol.ts';
import { exposeTestHook } from './test-hook.ts';
import { readUrlState } from './url-state.ts';

// ?backend=webgl|webgpu|wasm|cpu picks the backend; ?panels=saliency,grad-cam the panels computed;
// ?memory=MB the memory budget batch sizes are chosen from; the view (model, sample, class, display)
// is kept in the URL too (url-state.ts).
const parameters = new URLSearchParams(location.search);
const backend = parameters.get('backend') || undefined;
const panels = parameters.get('panels')?.split(',').filter((id) => id !== '');
const memory = Number(parameters.get('memory'));
const memoryMb = parameters.has('memory') && memory > 0 ? memory : undefined;
const explorer = new Explorer(bundledModels, { backend: backend as BackendName | undefined, panels, memoryMb, view: readUrlState(parameters) });
exposeTestHook(explorer);
explorer.start().catch((error: unknown) => explorer.errors.show('start the explorer', error));
