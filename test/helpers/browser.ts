import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** The system's Chromium (never a downloaded one), headless, with nothing that calls out to the network. */
export const CHROMIUM_PATH = process.env.ORTAQ_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** A page at the wall-screen size the dashboard is designed for, with console errors collected. */
export async function openPage(
  browser: Browser,
  viewport = { width: 1920, height: 1080 },
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'UTC' });
  const page = await context.newPage();
  return { page, errors: collectErrors(page) };
}

/** Page and console errors of one page, as they happen. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  return errors;
}

/**
 * Pages in one signed-in browser context per screen size, shared by a file's tests: the dashboard's files
 * come from the context's cache after its first page and the session is made once, which keeps a file that
 * opens dozens of pages (every language at every size) reasonable on a loaded machine.
 */
export function signedInPages(browser: Browser, signIn: (page: Page) => Promise<void>) {
  const contexts = new Map<string, Promise<BrowserContext>>();
  const contextFor = (viewport: { width: number; height: number }) => {
    const size = `${viewport.width}x${viewport.height}`;
    let context = contexts.get(size);
    if (!context) {
      context = browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'UTC' }).then(async (c) => {
        const first = await c.newPage();
        await signIn(first);
        await first.close();
        return c;
      });
      contexts.set(size, context);
    }
    return context;
  };
  /** A new page of that size whose interface language is `language` from its first paint. */
  return async (viewport: { width: number; height: number }, language: string) => {
    const page = await (await contextFor(viewport)).newPage();
    const errors = collectErrors(page);
    await page.addInitScript((locale) => localStorage.setItem('ortaq.locale', locale), language);
    return { page, errors };
  };
}
