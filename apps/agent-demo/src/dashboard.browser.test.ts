/**
 * The dashboard in a real browser (Debian's Chromium through playwright-core) on the ledger the demo wrote: the
 * total shown is the ledger's sum to the picodollar, every chart drew data, a filter narrows the numbers, a call
 * made while the page is open appears without a reload, the page is usable by keyboard with labelled controls and
 * readable contrast, and nothing is requested from another host. Screenshots go to `.orkit/screenshots/`.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Dashboard, startDashboard } from '@orkit/observability/dashboard';
import { createSqliteLedger, type SqliteLedger } from '@orkit/observability/sqlite';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCacheSavings } from './cache-savings.js';
import { runDemo } from './run-demo.js';

const CHROMIUM = '/usr/bin/chromium';
const required = process.env.ORKIT_REQUIRE_BROWSER === '1';
if (required && !existsSync(CHROMIUM))
  throw new Error(`ORKIT_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing: apt-get install -y chromium`);
const skip = existsSync(CHROMIUM)
  ? ''
  : ` (skipped: ${CHROMIUM} is missing; apt-get install -y chromium to run the browser test)`;

const offline = { ...process.env, OPENROUTER_API_KEY: '', REDIS_URL: '' };
const directory = mkdtempSync(join(tmpdir(), 'orkit-dashboard-browser-'));
const ledgerPath = join(directory, 'demo-ledger.db');
const screenshots = new URL('../.orkit/screenshots/', import.meta.url).pathname;

let browser: Browser | undefined;
let dashboard: Dashboard | undefined;
let ledger: SqliteLedger | undefined;
const outside: string[] = [];

/** The total the ledger holds (or for one agent), as the page must print it. */
async function ledgerTotal(agent?: string): Promise<{ cost: string; calls: number }> {
  const [totals] = await (ledger as SqliteLedger).insights.totals(agent ? { agent } : {});
  return { cost: `$${totals?.costUsd ?? '0'}`, calls: totals?.calls ?? 0 };
}

async function refreshed(page: Page, since: string | undefined): Promise<string> {
  await page.waitForFunction((before) => {
    const now = document.body.dataset.refreshedAt;
    return now !== undefined && now !== before;
  }, since);
  return (await page.evaluate(() => document.body.dataset.refreshedAt)) as string;
}

describe.skipIf(skip !== '')(`the dashboard in Chromium${skip}`, () => {
  beforeAll(async () => {
    await runDemo({ scenario: 'flaky', env: offline, write: () => undefined, ledgerPath });
    ledger = createSqliteLedger({ path: ledgerPath });
    dashboard = await startDashboard({
      ledger,
      port: 0,
      ledgerName: 'demo-ledger.db',
      budgets: [{ scope: 'global', window: 'daily', usd: '1' }],
      pollMs: 200,
      cacheSavings: demoCacheSavings,
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    mkdirSync(screenshots, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
    ledger?.close();
  });

  it('shows the ledger exactly, draws every chart, filters, updates live, offline and accessible', async () => {
    const context = await (browser as Browser).newContext({ viewport: { width: 1280, height: 1800 } });
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1') return route.continue();
      outside.push(url.href);
      return route.abort();
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto((dashboard as Dashboard).url);
    let at = await refreshed(page, undefined);

    // The totals, exactly as the ledger sums them.
    const all = await ledgerTotal();
    expect(all.calls).toBeGreaterThan(0);
    expect(await page.textContent('[data-testid=total-cost]')).toBe(all.cost);
    expect(await page.textContent('[data-testid=total-calls]')).toBe(String(all.calls));
    // The code reviewer's second task read its guide from the provider's cache: 1,024 tokens of gpt-5.3-codex,
    // each $0.00000175 - $0.000000175 cheaper.
    expect(await page.textContent('[data-testid=cache-saved]')).toBe('$0.0016128');

    // Every chart has data and drew it: saturated (series) pixels, not only grey axes and grid.
    const charts = await page.$$eval('.chart', (nodes) =>
      nodes.map((node) => {
        const canvas = node.querySelector('canvas');
        if (!canvas) return { id: node.id, points: 0, coloured: 0 };
        const context2d = canvas.getContext('2d') as CanvasRenderingContext2D;
        const { data } = context2d.getImageData(0, 0, canvas.width, canvas.height);
        let coloured = 0;
        for (let index = 0; index < data.length; index += 4) {
          const [r, g, b, a] = [
            data[index] ?? 0,
            data[index + 1] ?? 0,
            data[index + 2] ?? 0,
            data[index + 3] ?? 0,
          ];
          if (a > 0 && Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured += 1;
        }
        return { id: node.id, points: Number((node as HTMLElement).dataset.points ?? 0), coloured };
      }),
    );
    expect(charts.map((chart) => chart.id)).toEqual(['spend-chart', 'activity-chart', 'budget-chart-0']);
    for (const chart of charts) {
      expect(chart.points, chart.id).toBeGreaterThan(0);
      expect(chart.coloured, chart.id).toBeGreaterThan(20);
    }
    // The flaky scenario retried twice: the decisions line counts what the ledger's events hold.
    expect(await page.textContent('#decisions')).toMatch(/^2 · /);
    await page.screenshot({ path: join(screenshots, 'dashboard.png'), fullPage: true });

    // A filter narrows the numbers to that agent's, exactly.
    const reviewer = await ledgerTotal('code-reviewer');
    expect(reviewer.cost).not.toBe(all.cost);
    await page.fill('input[name=agent]', 'code-reviewer');
    await page.click('button[type=submit]');
    at = await refreshed(page, at);
    expect(await page.textContent('[data-testid=total-cost]')).toBe(reviewer.cost);
    expect(await page.textContent('[data-testid=total-calls]')).toBe(String(reviewer.calls));
    await page.screenshot({ path: join(screenshots, 'dashboard-filtered.png'), fullPage: true });
    await page.fill('input[name=agent]', '');
    await page.click('button[type=submit]');
    at = await refreshed(page, at);

    // Calls made while the page is open appear without a reload.
    const before = await page.textContent('[data-testid=total-cost]');
    await runDemo({ scenario: 'calm', env: offline, write: () => undefined, ledgerPath, rounds: 1 });
    const after = await ledgerTotal();
    expect(after.cost).not.toBe(before);
    await page.waitForFunction(
      (expected) => document.querySelector('[data-testid=total-cost]')?.textContent === expected,
      after.cost,
    );

    // Keyboard: a call's record opens from the keyboard and closes with Escape. Records still landing refresh the
    // table live; the page keeps focus across a refresh, and a key press that met a rebuild is pressed again.
    for (let attempt = 1; ; attempt += 1) {
      await page.focus('#calls-table button');
      await page.keyboard.press('Enter');
      const opened = await page
        .waitForSelector('#record[open]', { timeout: 5_000 })
        .then(() => true)
        .catch(() => false);
      if (opened) break;
      if (attempt === 5) throw new Error('the record dialog did not open from the keyboard');
    }
    expect(await page.textContent('#record-fields')).toContain('Generation id');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !(document.getElementById('record') as HTMLDialogElement).open);

    // Every control has a label; text meets WCAG AA contrast (4.5:1) against what is behind it.
    const unlabelled = await page.$$eval('input, select, button', (nodes) =>
      nodes
        .filter((node) => {
          const labelled = (node as HTMLInputElement).labels?.length || node.getAttribute('aria-label');
          return !labelled && !(node.textContent ?? '').trim() && (node as HTMLElement).offsetParent !== null;
        })
        .map((node) => node.outerHTML.slice(0, 80)),
    );
    expect(unlabelled).toEqual([]);
    const lowContrast = await page.evaluate(() => {
      const channel = (value: number) => {
        const c = value / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      const parse = (colour: string) => (colour.match(/[\d.]+/g) ?? []).map(Number);
      const luminance = ([r = 0, g = 0, b = 0]: number[]) =>
        0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
      const background = (node: Element | null): number[] => {
        for (let at = node; at; at = at.parentElement) {
          const [r, g, b, a = 1] = parse(getComputedStyle(at).backgroundColor);
          if (a > 0.5) return [r ?? 255, g ?? 255, b ?? 255];
        }
        return [255, 255, 255];
      };
      const failures: string[] = [];
      for (const node of Array.from(
        document.querySelectorAll('h1, h2, h3, p, span, strong, td, th, label, button, a'),
      )) {
        if (!(node as HTMLElement).offsetParent || !(node.textContent ?? '').trim()) continue;
        const fore = luminance(parse(getComputedStyle(node).color));
        const back = luminance(background(node));
        const ratio = (Math.max(fore, back) + 0.05) / (Math.min(fore, back) + 0.05);
        if (ratio < 4.5)
          failures.push(`${node.tagName} '${node.textContent?.slice(0, 30)}' ${ratio.toFixed(2)}`);
      }
      return failures;
    });
    expect(lowContrast).toEqual([]);

    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
    await context.close();
  }, 120_000);
});
