/**
 * Headless Chromium from Debian for the browser tests, driven by puppeteer-core (no browser
 * download): installs the `chromium` package with apt-get when /usr/bin/chromium is missing,
 * launches it with a fresh profile and every background network feature off, and records each
 * page's console errors, dialogs and requests.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { aptInstall } from './python-avro.js';

/** The Debian Chromium binary. */
export const CHROMIUM = '/usr/bin/chromium';

/** Makes sure Chromium is installed (apt-get install -y chromium when missing). */
export function ensureChromium(): string {
  if (!existsSync(CHROMIUM)) aptInstall(['chromium']);
  if (!existsSync(CHROMIUM)) throw new Error('chromium was installed but /usr/bin/chromium is missing');
  return CHROMIUM;
}

/** A browser with a throw-away profile. */
export interface TestBrowser { browser: Browser; close(): Promise<void> }

/** Launches headless Chromium. */
export async function launchBrowser(): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'loglake-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: ensureChromium(),
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-extensions', `--user-data-dir=${profile}`],
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** What a page did: console errors, uncaught errors, dialogs, and every request URL. */
export interface PageLog { errors: string[]; dialogs: string[]; requests: string[] }

/** Opens a page that records console errors, page errors, dialogs (dismissed) and requests. */
export async function recordedPage(b: Browser, width = 1400, height = 900): Promise<{ page: Page; log: PageLog }> {
  const page = await b.newPage();
  await page.setViewport({ width, height });
  const log: PageLog = { errors: [], dialogs: [], requests: [] };
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warn') log.errors.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => log.errors.push(`pageerror: ${(e as Error).message}`));
  page.on('dialog', (d) => { log.dialogs.push(`${d.type()}: ${d.message()}`); void d.dismiss(); });
  page.on('request', (r) => log.requests.push(r.url()));
  return { page, log };
}

/** Screenshots of page elements by id, with the sticky header made static first. */
export async function screenshotSections(page: Page, ids: readonly string[], dir: string, prefix: string): Promise<string[]> {
  await page.evaluate(`(() => { const h = document.querySelector('header'); if (h) h.style.position = 'static'; })()`);
  const out: string[] = [];
  for (const id of ids) {
    const e = await page.$('#' + id);
    if (!e) continue;
    const p = join(dir, `${prefix}-${id}.png`);
    await e.screenshot({ path: p as `${string}.png` });
    out.push(p);
  }
  return out;
}
