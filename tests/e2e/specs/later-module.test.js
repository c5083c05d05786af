// The release build's two wasm modules (src/components/later.rs) with the real sandbox:
// the first screen needs only the first module; the later screens' module is fetched as
// soon as the widget runs, not before; when its download fails, "I agree" leads to the
// network error screen, whose "Try again" fetches it again and goes on to the capture
// screen with its live camera; and a reload in the middle of a capture step waits for the
// module on the starting screen, then resumes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  startSandbox, launchBrowser, newPhonePage, waitScreen, fixture,
} from '../lib/harness.js';

const dist = process.env.KYC_DIST || path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'dist');
const LATER = /\/kyc-widget-later-[a-z-]+-[0-9a-f]{16}\.wasm$/;

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

test('the build has one later module, and index.html neither links nor preloads it', async () => {
  const later = readdirSync(dist).filter((f) => LATER.test(`/${f}`));
  assert.equal(later.length, 1, `later modules in dist/: ${later}`);
  const html = await (await fetch(`${sandbox.base}/`)).text();
  assert.ok(!html.includes(later[0]), 'index.html names the later module');
  // Served as a file whose name carries its hash: kept for a year.
  const res = await fetch(`${sandbox.base}/${later[0]}`, { headers: { 'accept-encoding': 'br' } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/wasm');
  assert.equal(res.headers.get('content-encoding'), 'br');
  assert.match(res.headers.get('cache-control'), /immutable/);
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
  assert.equal(served, 1);
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
