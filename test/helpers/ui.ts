/// <reference lib="dom" />
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './browser.js';
import { startTestCore, type TestCore } from './core.js';

const require = createRequire(import.meta.url);

/** A core (free ports, temp data folder) and a Chromium for one e2e test file. */
export async function startWorkbench(): Promise<{ core: TestCore; browser: Browser }> {
  const core = await startTestCore();
  return { core, browser: await launchBrowser() };
}

/** Closes what startWorkbench started (either may be missing if starting failed). */
export async function stopWorkbench(core: TestCore | undefined, browser: Browser | undefined): Promise<void> {
  await browser?.close();
  await core?.dispose();
}

/** A signed-in page of the workbench (through the bootstrap URL, like a user), in a light or dark OS theme. */
export async function openWorkbench(
  browser: Browser,
  core: TestCore,
  options: { colorScheme?: 'light' | 'dark'; view?: string } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ colorScheme: options.colorScheme ?? 'light', viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(`${core.controlUrl}/?token=${encodeURIComponent(core.token)}`);
  if (options.view) await page.goto(`${core.controlUrl}/#/${options.view}`);
  await page.getByRole('navigation', { name: 'Views' }).waitFor();
  return { context, page, errors };
}

/** Writes a screenshot for reviewers to test-results/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir('test-results', { recursive: true });
  await page.screenshot({ path: `test-results/${name}.png`, fullPage: false });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  const source = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Injected through the automation channel, so the page's CSP does not apply to it.
  await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document)).violations;
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map(({ target }) => ({ target })) }));
}
