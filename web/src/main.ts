import { bundledModels, sampleDigits } from 'virtual:bundled-assets';
import { Explorer } from './app.ts';
import type { BackendName } from './protocol.ts';
import { exposeTestHook } from './test-hook.ts';

const requested = new URLSearchParams(location.search).get('backend');
const explorer = new Explorer(bundledModels, sampleDigits, requested === null || requested === '' ? undefined : (requested as BackendName));
exposeTestHook(explorer);
explorer.start().catch((error: unknown) => explorer.errors.show('start the explorer', error));
