// The panels computed one after another for one explanation: progress with a time estimate, each
// panel's outcome (map, or failure with a retry), and the summary that counts the failures.
import { effectiveBatch } from './batch-size.ts';
import { CancelledError } from './client/worker-client.ts';
import { failureLabel } from './client/failures.ts';
import { runPanel, type PanelRunContext } from './run-panel.ts';
import { panelStatusText, progressText, summaryText } from './run-status.ts';
import type { MethodPanel } from './ui/method-panel.ts';

/** What a run of panels reports to the page. */
export interface PanelsRunPage extends PanelRunContext {
  /** False once a newer piece of work replaced this one: the run stops and reports nothing more. */
  isCurrent(): boolean;
  /** The run's progress, 0 to 1. */
  progress(fraction: number): void;
  /** The status line. */
  status(text: string): void;
  /** Draws the maps computed so far. */
  render(): void;
}

/**
 * Computes `todo` (enabled panels) for `label` (the quoted class, for the status line); `retried`
 * runs at the batch its retry button offered. Resolves true when the run finished, false when newer
 * work replaced it or it was cancelled.
 */
export async function explainPanels(page: PanelsRunPage, todo: readonly MethodPanel[], label: string, retried: MethodPanel | undefined): Promise<boolean> {
  const failed: { label: string; reason: string }[] = [];
  const runStarted = performance.now();
  for (const [done, panel] of todo.entries()) {
    const report = (fraction: number) => {
      const overall = (done + fraction) / todo.length;
      page.progress(overall);
      page.status(progressText(panel.method.label, done, todo.length, overall, performance.now() - runStarted));
    };
    report(0);
    const started = performance.now();
    let outcome;
    try {
      outcome = await runPanel(page, panel.call(), panel.method.options, panel === retried ? panel.retryBatch : undefined, report);
    } catch (error) {
      if (!page.isCurrent() || error instanceof CancelledError) return false;
      throw error;
    }
    if (!page.isCurrent()) return false;
    panel.retryBatch = undefined;
    if (outcome.ok) {
      panel.map = outcome.result.map;
      panel.setStatus(panelStatusText(outcome, effectiveBatch(panel.call(), panel.method.options, Infinity), performance.now() - started));
      page.render();
    } else {
      failed.push({ label: panel.method.label, reason: failureLabel(outcome.kind) });
      panel.showFailure(outcome.message, outcome.retryBatch);
    }
    page.progress((done + 1) / todo.length);
  }
  page.status(summaryText(todo.length - failed.length, failed, label));
  return true;
}
