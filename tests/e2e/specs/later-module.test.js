// The release build's wasm modules (src/components/later.rs) with the real sandbox: the
// first screen needs only the first module; the later screens' modules are fetched as soon
// as the widget runs, not before, the capture steps' one first and the others' once it is
// in; when a download fails, "I agree" leads to the network error screen, whose "Try again"
// fetches it again and goes on to the capture screen with its live camera; and a reload in
// the middle of a capture step waits for the module on the starting screen, then resumes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  startSandbox, launchBrowser, newPhonePage, waitScreen, fixture,
} from '../lib/harness.js';

const dist = process.env.KYC_DIST || path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'dist');
const LATER = /\/kyc-widget-later-[a-z0-9-]+-[0-9a-f]{16}\.wasm$/;

let sandbox; let browser;

before(async () => {
  sandbox = await startSandbox();
  browser = await launchBrowser({ videoFile: fixture('document') });
});

after(async () => {
  await browser?.close();
  await sandbox?.stop();
});

const videoPlaying = (page) => page.waitForFunction(() => {
  const v = document.querySelector('[data-testid="camera-video"]');
  return v && v.videoWidth > 0 && v.readyState >= 2 && !v.paused;
}, null, { timeout: 30000 });

test('the build has the later modules, and index.html neither links nor preloads them', async () => {
  const later = readdirSync(dist).filter((f) => LATER.test(`/${f}`));
  assert.ok(later.some((f) => f.includes('-capture-screens-')), `later modules in dist/: ${later}`);
  assert.ok(later.some((f) => f.includes('-other-screens-')), `later modules in dist/: ${later}`);
  const html = await (await fetch(`${sandbox.base}/`)).text();
  for (const f of later) {
    assert.ok(!html.includes(f), `index.html names ${f}`);
    // Served as a file whose name carries its hash: kept for a year.
    const res = await fetch(`${sandbox.base}/${f}`, { headers: { 'accept-encoding': 'br' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/wasm');
    assert.equal(res.headers.get('content-encoding'), 'br');
    assert.match(res.headers.get('cache-control'), /immutable/);
  }
});

test('the capture steps\' module is asked for first, the others\' once it is in', async () => {
  const s = await sandbox.createSession({ required_images: ['document_front'] });
  const page = await newPhonePage(browser);
  await page.goto(s.session_url);
  await waitScreen(page, 'consent');
  await page.waitForFunction(() => performance.getEntriesByType('resource')
    .some((e) => e.name.includes('-other-screens-') && e.responseEnd > 0), null, { timeout: 30000 });
  const timing = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => e.name.includes('/kyc-widget-later-'))
    .map((e) => ({ name: e.name.split('/').at(-1), start: e.startTime, end: e.responseEnd })));
  const capture = timing.find((e) => e.name.includes('-capture-screens-'));
  const other = timing.find((e) => e.name.includes('-other-screens-'));
  assert.ok(capture && other, JSON.stringify(timing));
  assert.ok(other.start >= capture.end, JSON.stringify(timing));
  await page.context().close();
});

test('a failed download of the later module: the error screen, then "Try again" goes on', async () => {
  const s = await sandbox.createSession({ required_images: ['document_front'] });
  const errors = [];
  const page = await newPhonePage(browser, { errors });
  let refused = 0; let served = 0;
  // Every download fails until the customer is on the error screen.
  let failing = true;
  await page.route(LATER, (route) => {
    if (failing) { refused += 1; return route.abort('connectionreset'); }
    served += 1;
    return route.continue();
  });
  await page.goto(s.session_url);
  // The first screen does not need it.
  await waitScreen(page, 'consent');
  await page.getByTestId('consent-accept').click();
  const error = await waitScreen(page, 'error');
  assert.equal(await error.getAttribute('data-kind'), 'network');
  assert.ok(refused >= 1, 'the module was asked for');
  // The heading of the error screen has the focus.
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1');
  failing = false;
  await page.getByTestId('retry').click();
  const capture = await waitScreen(page, 'capture');
  assert.equal(await capture.getAttribute('data-image-type'), 'document_front');
  assert.ok(served >= 1);
  await videoPlaying(page);
  // Focus moved to the capture screen's heading once it came.
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1'
    && document.activeElement.closest('[data-testid="screen-capture"]') !== null, null, { timeout: 5000 });
  // The loader logs the failed download; nothing else went wrong.
  assert.deepEqual(errors.filter((e) => !/failed to fetch|fetch/i.test(e)), []);
  await page.context().close();
});

test('a reload on a capture step waits for the later module on the starting screen, then resumes', async () => {
  const s = await sandbox.createSession({ required_images: ['document_front'] });
  const errors = [];
  const page = await newPhonePage(browser, { errors });
  await page.goto(s.session_url);
  await waitScreen(page, 'consent');
  await page.getByTestId('consent-accept').click();
  await waitScreen(page, 'capture');
  // Hold the module back after the reload until the starting screen is seen.
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route(LATER, async (route) => { await held; await route.continue(); });
  await page.reload();
  await waitScreen(page, 'starting');
  release();
  await waitScreen(page, 'capture');
  await videoPlaying(page);
  assert.deepEqual(errors, []);
  await page.context().close();
});
