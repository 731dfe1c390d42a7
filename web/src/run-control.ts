// The runs of one flow of the page (the image explorer's, the text flow's): each run takes a
// generation; a newer run or Cancel (the flow's Cancel button, or Escape while it is enabled) makes
// the older runs stale, so their late answers and failures are dropped; a current run's failure is
// shown in the error banner (a cancellation is not a failure).
import { CancelledError, type WorkerClient } from './client/worker-client.ts';
import type { ErrorBanner } from './ui/error-banner.ts';

/** What a {@link RunControl} acts on. */
export interface RunHost {
  /** The flow's Cancel button: enabled while a run can be cancelled. */
  readonly cancelButton: HTMLButtonElement;
  /** The worker client (the explorer replaces it after a wasm abort). */
  client(): WorkerClient;
  readonly errors: ErrorBanner;
  /** Shows the flow's status line. */
  setStatus(text: string): void;
  /** What else Cancel does, before the status says 'Cancelled.'. Default: nothing. */
  onCancel?(): void;
}

/** A flow's run generations, Cancel button and Escape key (see the file header). */
export class RunControl {
  private generation = 0;

  /** Listens to the host's Cancel button and to Escape on the document. */
  constructor(private readonly host: RunHost) {
    host.cancelButton.addEventListener('click', () => this.cancel());
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !host.cancelButton.disabled) this.cancel();
    });
  }

  /** Starts a run: the older ones are stale (the worker's work goes on). Returns its generation. */
  next(): number {
    return ++this.generation;
  }

  /** Starts a run and stops the worker's work in flight. Returns its generation. */
  restart(): number {
    const generation = this.next();
    const client = this.host.client();
    if (client.busy) client.cancel();
    return generation;
  }

  /** Whether run `generation` is the newest (its answers are still wanted). */
  isCurrent(generation: number): boolean {
    return generation === this.generation;
  }

  /** Makes every run stale, stops the worker's work and says so. */
  cancel(): void {
    this.generation++;
    this.host.client().cancel();
    this.host.cancelButton.disabled = true;
    this.host.onCancel?.();
    this.host.setStatus('Cancelled.');
  }

  /** Shows `error` of run `generation` as failing to do `what`, unless the run is stale or was cancelled. */
  fail(generation: number, what: string, error: unknown): void {
    if (generation !== this.generation || error instanceof CancelledError) return;
    this.host.errors.show(what, error);
    this.host.setStatus('Failed (see the message above).');
  }
}
