// One explorer build, server and headless Chromium for a browser test file, and the page helpers the
// files share. Each file opens its own session (they run in parallel).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { Page } from 'playwright-core';
import { explorerConfig } from '../../web/vite.config.ts';
import { hasChromium, launchChromium } from './chromium.ts';
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

/** Builds the explorer, serves it and opens a page (not yet navigated) at `viewport`. */
export async function openExplorerSession(viewport?: { width: number; height: number }): Promise<ExplorerSession> {
  const outDir = mkdtempSync(join(tmpdir(), 'explorer-build-'));
  let server: StaticServer | undefined;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  try {
    await build(explorerConfig({ outDir, modelsRoot: MODELS }));
    server = await serveStatic(outDir);
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
        rmSync(outDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    await server?.close();
    rmSync(outDir, { recursive: true, force: true });
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
