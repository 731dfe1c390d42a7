// Trains models/shortcut-clean (see runShortcutTraining in models/train/shortcut-experiment.ts).
// Usage: node --import tsx models/shortcut-clean/train.ts [--backend wasm|cpu] [--epochs N] [--limit N] [--out DIR]
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runShortcutTraining } from '../train/shortcut-experiment.ts';

await runShortcutTraining('clean', dirname(fileURLToPath(import.meta.url)));
