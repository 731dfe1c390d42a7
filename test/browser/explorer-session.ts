// A server of the shared explorer build and a headless Chromium for a browser test file, and the page
// helpers the files share. Each file opens its own session (they run in parallel).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { hasChromium, launchChromium } from './chromium.ts';
import { sharedExplorerBuild } from './shared-build.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const MODELS = join(ROOT, 'models');
export const ARTIFACTS = join(ROOT, 'test-artifacts');

/** Why the browser tests cannot run here (false when they can). */
export const SKIP_WITHOUT_CHROMIUM = hasChromium() || process.env['CI'] ? false : 'no /usr/bin/chromium here (apt-get install chromium)';

/** A built explorer served on 127.0.0.1 and a Chromium page. */
export interface ExplorerSession {
  readonly page: Page;
  readonly url: string;
  /** Uncaught errors of the page. */
  readonly pageErrors: string[];
  close(): Promise<void>;
}

/** Serves the explorer (built once per run: shared-build.ts) and opens a page (not yet navigated) at `viewport`. */
export async function openExplorerSession(viewport?: { width: number; height: number }): Promise<ExplorerSession> {
  let server: StaticServer | undefined;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  try {
    server = await serveStatic(await sharedExplorerBuild());
    browser = await launchChromium();
    const page = await browser.context.newPage();
    if (viewport !== undefined) await page.setViewportSize(viewport);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const [openServer, openBrowser] = [server, browser];
    return {
      page,
      url: server.url,
      pageErrors,
      close: async () => {
        await openBrowser.close();
        await openServer.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await server?.close();
    throw error;
  }
}

/** Opens `url` and waits until the first explanation is done. */
export async function openExplorer(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => (window.__explorer?.predictions().length ?? 0) > 0, null, { timeout: 60_000 });
  await idle(page);
}

/** Resolves when the page's work started so far has finished. */
export function idle(page: Page): Promise<void> {
  return page.evaluate(() => window.__explorer!.whenIdle());
}

/** The error banner's text ('' when none). */
export function pageError(page: Page): Promise<string> {
  return page.evaluate(() => window.__explorer!.error());
}

/** The ids of the panels switched on. */
export async function enabledPanels(page: Page): Promise<string[]> {
  return (await page.evaluate(() => window.__explorer!.panels())).filter((p) => p.enabled).map((p) => p.id);
}
