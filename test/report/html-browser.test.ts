// The HTML reports in a real headless Chromium (Debian `chromium`, driven by playwright-core): the grid
// renders, a click on a mismatch shows its explanation, nothing is logged as an error, nothing is fetched.
// Runs whenever /usr/bin/chromium exists, and always under CI=true (where a missing browser fails it).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import test from 'ava';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { compareRuns } from '../../src/compare/compare-runs.ts';
import { renderCompareHtml } from '../../src/report/compare-html.ts';
import { renderHtml } from '../../src/report/html.ts';
import { renderJunit } from '../../src/report/junit.ts';
import type { RunResult } from '../../src/model/result.ts';
import { RESULT_FIXTURES, loadResultFixture } from './golden.ts';
import { buildLargeResult } from './large-result.ts';

const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = resolve('test-output');
const browserTest = existsSync(CHROMIUM) || process.env['CI'] === 'true' ? test.serial : test.serial.skip;

let context: BrowserContext | undefined;
let profile: string | undefined;
/** Every request the pages tried that was not file: or data: (each one fails the test that made it). */
const foreign: string[] = [];

test.before(async () => {
  if (!existsSync(CHROMIUM) && process.env['CI'] !== 'true') return;
  await mkdir(OUTPUT, { recursive: true });
  profile = await mkdtemp(join(tmpdir(), 'npp-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1400, height: 1000 },
  });
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:')) await route.continue();
    else {
      foreign.push(url);
      await route.abort();
    }
  });
});

test.after.always(async () => {
  await context?.close();
  if (profile !== undefined) await rm(profile, { recursive: true, force: true });
});

// Shapes of the page's DOM objects the tests touch (the project's type-check has no DOM library).
interface Visible {
  getClientRects(): { readonly length: number };
}

interface ClassedElement {
  readonly className: string;
}

interface Style {
  readonly color: string;
  readonly backgroundColor: string;
}

interface Scrollable {
  scrollTop: number;
}

interface XmlParser {
  parseFromString(text: string, type: string): { getElementsByTagName(name: string): ArrayLike<{ textContent: string | null }> };
}

interface OpenPage {
  readonly page: Page;
  readonly errors: string[];
}

/** Write the page under test-output/ and open it, recording console errors and uncaught exceptions. */
const openPage = async (file: string, html: string): Promise<OpenPage> => {
  if (context === undefined) throw new Error(`no browser: ${CHROMIUM} did not start`);
  const path = join(OUTPUT, file);
  await writeFile(path, html);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') errors.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  foreign.length = 0;
  await page.goto(pathToFileURL(path).href);
  return { page, errors };
};

browserTest(
  'the report grid renders every cell and a click on a violation shows its explanation, outcome and attempts',
  async (t) => {
    const result = await loadResultFixture('ignore-except');
    const { page, errors } = await openPage('ignore-except.html', renderHtml([result]));
    const cells = result.steps.reduce((total, step) => total + step.cells.length, 0);
    t.is(await page.locator('table.grid td.c').count(), cells);
    t.true(await page.locator('#detail').isHidden());

    await page.locator('td.c.violation').click();
    const detail = page.locator('#detail');
    t.true(await detail.isVisible());
    t.is(await detail.locator('.detail-title').textContent(), 'shop/web → external/intranet 443/TCP');
    const text = (await detail.textContent()) ?? '';
    t.true(text.includes('egress of shop/web isolated by shop/web-egress; no rule allows 10.99.0.7:443/TCP'), text);
    t.regex(text, /outcome\s*connected/);
    t.regex(text, /attempts\s*6/);
    t.regex(text, /What it looks like: no-enforcement \(policies not enforced\), ignore-egress/);

    await page.keyboard.press('Escape');
    t.true(await detail.isHidden());
    await page.locator('table.mismatches tr[data-cell]').click();
    t.true(await detail.isVisible());
    t.is(await page.locator('td.c.selected').count(), 1);

    t.deepEqual(errors, []);
    t.deepEqual(foreign, []);
    await page.close();
  },
);

browserTest(
  'every fixture report opens without console errors or network requests, and matrices can be filtered to mismatches',
  async (t) => {
    for (const name of RESULT_FIXTURES) {
      const { page, errors } = await openPage(`${name}.html`, renderHtml([await loadResultFixture(name)]));
      t.true((await page.locator('table.grid').count()) > 0, name);
      await page.locator('td.c').first().click();
      t.true(await page.locator('#detail').isVisible(), name);
      await page.locator('#only-mismatches').check();
      const visible = await page
        .locator('figure.block')
        .evaluateAll((figures: readonly Visible[]) => figures.filter((figure) => figure.getClientRects().length > 0).length);
      t.is(visible, await page.locator('figure.block.has-mismatch').count(), name);
      t.deepEqual(errors, [], name);
      t.deepEqual(foreign, [], name);
      await page.close();
    }
  },
);

browserTest('a report of 36 pods keeps its column headers in view while the grid scrolls, and is screenshotted', async (t) => {
  const { page, errors } = await openPage('report.html', renderHtml([buildLargeResult()]));
  t.is(await page.locator('table.grid td.c').count(), 36 * 38);
  const wrap = page.locator('.grid-wrap').first();
  const header = page.locator('table.grid th.dest').first();
  const before = await header.boundingBox();
  await wrap.evaluate((element: Scrollable) => {
    element.scrollTop = 400;
  });
  const after = await header.boundingBox();
  const frame = await wrap.boundingBox();
  t.truthy(before && after && frame);
  t.is(Math.round(after?.y ?? -1), Math.round(frame?.y ?? -2), 'the sticky header row stays at the top of the scrolled grid');
  await wrap.evaluate((element: Scrollable) => {
    element.scrollTop = 0;
  });
  await page.locator('td.c.violation').first().click();
  t.true(((await page.locator('#detail').textContent()) ?? '').includes('169.254.169.254:80/TCP'));
  await page.screenshot({ path: join(OUTPUT, 'report.png') });
  t.deepEqual(errors, []);
  t.deepEqual(foreign, []);
  await page.close();
});

/** WCAG 2 relative luminance of an `rgb(r, g, b)` colour. */
const luminance = (rgb: string): number => {
  const [r = 0, g = 0, b = 0] = (rgb.match(/[\d.]+/g) ?? []).map(Number).map((value) => {
    const channel = value / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};

/** WCAG contrast ratio of two colours. */
const contrast = (a: string, b: string): number => {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
};

/** A result with a cell of every class: the fixtures plus an SCTP cell the kernel could not probe. */
const everyCellClass = async (): Promise<RunResult[]> => {
  const base = await loadResultFixture('divergence-probe-error');
  const [first, ...rest] = base.steps;
  if (first === undefined) throw new Error('fixture has no step');
  const sctp = {
    from: 'shop/web',
    to: 'shop/db',
    port: 9999,
    protocol: 'SCTP',
    family: 'IPv4',
    predicted: 'allow',
    implementationDefined: 'sctp',
    outcome: 'unsupported',
    attempts: 1,
    detail: 'nc cannot probe SCTP here: Protocol not supported',
  } as const;
  const withSctp: RunResult = { ...base, steps: [{ ...first, cells: [...first.cells, sctp] }, ...rest] };
  return [withSctp, await loadResultFixture('ignore-except'), await loadResultFixture('prediction-only')];
};

browserTest('every cell class of the grid has a WCAG AA contrast (≥ 4.5:1) between its glyph and its background', async (t) => {
  const { page, errors } = await openPage('every-class.html', renderHtml(await everyCellClass()));
  const styles = await page.locator('table.grid td.c').evaluateAll((cells: readonly ClassedElement[]) => {
    const { getComputedStyle: computed } = globalThis as unknown as { getComputedStyle: (element: ClassedElement) => Style };
    const seen = new Map<string, { color: string; background: string }>();
    for (const cell of cells) {
      const style = computed(cell);
      seen.set(cell.className, { color: style.color, background: style.backgroundColor });
    }
    return [...seen.entries()];
  });
  const classes = new Set(styles.flatMap(([name]) => name.split(' ')));
  for (const wanted of ['allow', 'deny', 'violation', 'divergence', 'probe-error', 'not-probed', 'impl']) {
    t.true(classes.has(wanted), `no cell of class ${wanted} in the page`);
  }
  const classColours = { violation: 'rgb(198, 40, 40)', 'probe-error': 'rgb(126, 63, 168)', divergence: 'rgb(242, 163, 58)' };
  for (const [name, { color, background }] of styles) {
    for (const [mismatch, colour] of Object.entries(classColours)) {
      if (name.split(' ').includes(mismatch)) t.is(background, colour, `td.${name.replace(/ /g, '.')} shows its class`);
    }
    const ratio = contrast(color, background);
    t.true(ratio >= 4.5, `td.${name.replace(/ /g, '.')}: ${color} on ${background} is ${ratio.toFixed(2)}:1`);
  }
  await page.screenshot({ path: join(OUTPUT, 'every-class.png'), fullPage: true });
  t.deepEqual(errors, []);
  await page.close();
});

browserTest('the comparison page opens without console errors or network requests', async (t) => {
  const inputs = await Promise.all(
    (['clean', 'ignore-except', 'divergence-probe-error'] as const).map(async (name) => ({
      label: name,
      results: [await loadResultFixture(name)],
    })),
  );
  const { page, errors } = await openPage('compare.html', renderCompareHtml(compareRuns(inputs)));
  t.is(await page.locator('table.compare').count(), 4);
  t.true(((await page.locator('body').textContent()) ?? '').includes('ignore-except (ipBlock except not enforced)'));
  // The scenario's name and its path are shown apart: the path on a line of its own under the name.
  const name = await page.locator('table.compare tbody th code').first().boundingBox();
  const path = await page.locator('table.compare tbody th .sub').first().boundingBox();
  t.truthy(name && path);
  t.true((path?.y ?? 0) >= (name?.y ?? 0) + (name?.height ?? 0) - 1, 'the path sits below the name');
  t.deepEqual(errors, []);
  t.deepEqual(foreign, []);
  await page.close();
});

browserTest('the JUnit reports parse as XML in the browser', async (t) => {
  const { page } = await openPage('blank.html', '<!doctype html><title>xml</title>');
  for (const name of RESULT_FIXTURES) {
    const xml = renderJunit([await loadResultFixture(name)]);
    const problems = await page.evaluate((text) => {
      const { DOMParser: Parser } = globalThis as unknown as { DOMParser: new () => XmlParser };
      const parsed = new Parser().parseFromString(text, 'application/xml');
      return Array.from(parsed.getElementsByTagName('parsererror'), (element) => element.textContent);
    }, xml);
    t.deepEqual(problems, [], name);
  }
  await page.close();
});
