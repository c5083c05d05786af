// The start call `index.html` sends while the widget's code downloads, with the
// real sandbox (and its CSP, which allows the inline script by its hash): one
// start call per link, its answer taken by the widget, the token only in the
// POST body, the fragment removed; a reload before the widget has run does not
// spend the single-use token twice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, launchBrowser, newPhonePage, waitScreen } from '../lib/harness.js';

let sandbox; let browser;

before(async () => {
  sandbox = await startSandbox();
  browser = await launchBrowser({ noCamera: true });
});

after(async () => {
  await browser?.close();
  await sandbox?.stop();
});

/** Every request the page makes to the start endpoint: [url, body]. */
function recordStarts(page) {
  const starts = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/start')) starts.push([r.url(), r.postData()]);
  });
  return starts;
}

test('the page starts the session before the widget runs; the widget takes that answer', async () => {
  const s = await sandbox.createSession({});
  const errors = [];
  const page = await newPhonePage(browser, { errors });
  const starts = recordStarts(page);
  // The start call leaves while the wasm is still downloading (held back 300 ms here, as a
  // slow network would).
  await page.route('**/*.wasm', async (route) => { await new Promise((r) => setTimeout(r, 300)); await route.continue(); });
  let startBeforeWasm = null;
  page.on('request', (r) => {
    if (startBeforeWasm === null && r.url().endsWith('/start')) startBeforeWasm = true;
  });
  page.on('requestfinished', (r) => {
    if (startBeforeWasm === null && r.url().endsWith('.wasm')) startBeforeWasm = false;
  });
  await page.goto(s.session_url);
  await waitScreen(page, 'consent');
  assert.equal(startBeforeWasm, true);
  assert.equal(starts.length, 1, JSON.stringify(starts));
  const [url, body] = starts[0];
  assert.equal(new URL(url).pathname, `/api/v1/verification/${s.session_id}/start`);
  assert.equal(new URL(url).search, '');
  assert.equal(JSON.parse(body).start_token, s.session_url.split('t=')[1]);
  assert.equal(new URL(page.url()).hash, '');
  // Taken: nothing of it is left in the page or the tab's storage.
  const leftovers = await page.evaluate(() => [typeof window.kycEarlyStart, Object.keys(sessionStorage).filter((k) => k.startsWith('kyc-widget:early-start:'))]);
  assert.deepEqual(leftovers, ['undefined', []]);
  // No CSP violation or other error on the way.
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a reload before the widget has run reuses the early answer instead of spending the token again', async () => {
  const s = await sandbox.createSession({});
  const page = await newPhonePage(browser);
  const starts = recordStarts(page);
  // The widget's code never arrives on the first load: only the inline script runs.
  await page.route('**/*.wasm', (route) => route.abort());
  await page.goto(s.session_url);
  await page.waitForFunction((sid) => sessionStorage.getItem(`kyc-widget:early-start:${sid}`) !== null, s.session_id);
  assert.equal(starts.length, 1);
  assert.ok(new URL(page.url()).hash.includes('sid='), 'the widget has not run');
  await page.unroute('**/*.wasm');
  await page.reload();
  await waitScreen(page, 'consent');
  assert.equal(starts.length, 1, 'the token was spent once');
  assert.equal(new URL(page.url()).hash, '');
  await page.context().close();
});
