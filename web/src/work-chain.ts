// Work started one piece after another, and a promise for when all of it has finished (for tests and
// scripts); a failed piece does not stop the chain (its errors are shown where it ran).

/** A chain of work: {@link track} appends, {@link whenIdle} waits for everything appended so far, and anything appended meanwhile. */
export class WorkChain {
  private running: Promise<void> = Promise.resolve();

  /** Runs after the work before it has finished; its failure is swallowed here. */
  track(work: Promise<void>): void {
    this.running = this.running.then(() => work.catch(() => undefined));
  }

  /** Resolves when the work tracked so far (and any tracked while waiting) has finished. */
  async whenIdle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.running;
      await seen;
    } while (seen !== this.running);
  }
}
