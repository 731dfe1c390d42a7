import { byId } from './dom.ts';
import { CancelledError } from '../client/worker-client.ts';

/** The page's one place for errors: a readable message instead of a blank screen. */
export class ErrorBanner {
  private readonly banner = byId('error', HTMLDivElement);

  /** Shows what went wrong while `what` was being done (a cancel is not an error and shows nothing). */
  show(what: string, error: unknown): void {
    if (error instanceof CancelledError) return;
    const message = error instanceof Error ? error.message : String(error);
    this.banner.textContent = `Could not ${what}: ${message}`;
    this.banner.hidden = false;
  }

  /** Removes the message. */
  clear(): void {
    this.banner.hidden = true;
    this.banner.textContent = '';
  }

  /** The message shown now, or '' when none is. */
  get text(): string {
    return this.banner.hidden ? '' : (this.banner.textContent ?? '');
  }
}
