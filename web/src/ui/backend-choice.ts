import type { WorkerReady } from '../client/worker-client.ts';
import type { BackendName } from '../protocol.ts';
import { byId } from './dom.ts';

/**
 * The header's backend line: which backend runs (and why preferred ones were passed over), and the
 * menu to ask for another one, which reloads the page with `?backend=` and keeps the other parameters.
 */
export function wireBackendChoice(requested: BackendName | undefined): void {
  const menu = byId('backend-choice', HTMLSelectElement);
  menu.value = requested ?? '';
  menu.addEventListener('change', () => {
    const url = new URL(location.href);
    if (menu.value === '') url.searchParams.delete('backend');
    else url.searchParams.set('backend', menu.value);
    location.assign(url);
  });
}

/** Shows the backend the worker started on. */
export function showBackend(ready: WorkerReady): void {
  const name = byId('backend', HTMLElement);
  name.textContent = ready.backend;
  name.title = [ready.note, ready.detail].filter((t) => t !== '').join('; ');
  byId('backend-note', HTMLElement).textContent = ready.note;
}
