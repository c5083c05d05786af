// The embed script (public/embed.js, served by the sandbox from the Trunk build)
// on a partner page on another origin (examples/embed.html): inline and as a modal
// dialog, the widget's `complete` reaches onComplete; the modal keeps focus inside,
// passes axe, and Escape closes it and returns focus to the button that opened it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, startPartnerSite, launchBrowser, newPhonePage, shootAndUse, fixture } from '../lib/harness.js';
import { runAxe } from '../lib/a11y.js';

let sandbox; let partner; let browser;

before(async () => {
  partner = await startPartnerSite();
  sandbox = await startSandbox({ allowedOrigins: [partner.origin] });
  browser = await launchBrowser({ videoFile: fixture('document') });
});

after(async () => {
  await browser?.close();
  await sandbox?.stop();
  await partner?.stop();
});

async function session() {
  return sandbox.createSession({
    required_images: ['selfie'], allowed_origins: [partner.origin], mock_behavior: { processing_time: '1s' },
  });
}

/** Consent and a selfie in the widget's frame; then its final screen. */
async function finish(page, frameLocator) {
  await frameLocator.getByTestId('screen-consent').waitFor({ timeout: 30000 });
  await frameLocator.getByTestId('consent-accept').click();
  await frameLocator.getByTestId('screen-capture').waitFor();
  const f = page.frames().find((fr) => fr.url().startsWith(sandbox.base));
  await shootAndUse(f, 'selfie');
  await frameLocator.getByTestId('screen-final').waitFor({ timeout: 30000 });
}

test('the sandbox serves the embed script and its types from the build', async () => {
  const js = await fetch(`${sandbox.base}/public/embed.js`);
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type'), /javascript/);
  const body = await js.text();
  assert.ok(body.length < 8 * 1024, `a few KB: ${body.length}`);
  assert.match(body, /KycWidget/);
  const dts = await fetch(`${sandbox.base}/public/embed.d.ts`);
  assert.equal(dts.status, 200);
});

test('inline: the widget mounted by the embed script calls onComplete', async () => {
  const s = await session();
  const page = await newPhonePage(browser);
  await page.goto(`${partner.origin}/embed?link=${encodeURIComponent(s.session_url)}`);
  await page.waitForFunction(() => window.kycReady === true, null, { timeout: 15000 });
  await finish(page, page.frameLocator('#kyc'));
  await page.waitForFunction(() => window.kycCalls.includes('complete'), null, { timeout: 15000 });
  const events = await page.evaluate(() => window.kycEvents.map((e) => e.data));
  assert.ok(events.every((e) => e.source === 'kyc-widget' && e.session_id === s.session_id));
  assert.ok(events.some((e) => e.type === 'ready'));
  assert.match(await page.getByTestId('embed-outcome').innerText(), /Finished: complete/);
  await page.context().close();
});

test('a message from another origin or frame never reaches the callbacks', async () => {
  const s = await session();
  const page = await newPhonePage(browser);
  await page.goto(`${partner.origin}/embed?link=${encodeURIComponent(s.session_url)}`);
  await page.waitForFunction(() => window.kycReady === true, null, { timeout: 15000 });
  await page.frameLocator('#kyc').getByTestId('screen-consent').waitFor({ timeout: 30000 });
  const before = await page.evaluate(() => window.kycEvents.length);
  // The page itself (its own origin) posts a forged `complete`.
  await page.evaluate((sid) => window.postMessage({ source: 'kyc-widget', type: 'complete', session_id: sid, status: 'complete' }, '*'), s.session_id);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.kycEvents.length), before);
  assert.deepEqual(await page.evaluate(() => window.kycCalls), []);
  await page.context().close();
});

test('modal: focus stays inside, axe passes, Escape closes and returns focus; onComplete', async () => {
  const s = await session();
  const page = await newPhonePage(browser);
  await page.goto(`${partner.origin}/embed?mode=modal&link=${encodeURIComponent(s.session_url)}`);
  await page.waitForFunction(() => window.kycReady === true, null, { timeout: 15000 });
  const open = page.getByTestId('embed-open');
  await open.focus();
  await page.keyboard.press('Enter');
  const dialog = page.locator('dialog.kyc-embed-dialog');
  await dialog.waitFor();
  assert.equal(await dialog.getAttribute('aria-label'), 'Identity verification');
  assert.ok(await page.evaluate(() => document.querySelector('dialog.kyc-embed-dialog').matches(':modal')));
  const frame = page.frameLocator('dialog.kyc-embed-dialog iframe');
  await frame.getByTestId('screen-consent').waitFor({ timeout: 30000 });

  // Tab never leaves the dialog (the page behind it is inert).
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    // Focus crosses into and out of the widget's frame asynchronously: wait (briefly) for it
    // to land, then require it inside the dialog.
    const inside = await page.waitForFunction(() => {
      const a = document.activeElement;
      return !!a && a !== document.body && !!a.closest('dialog.kyc-embed-dialog');
    }, null, { timeout: 1000 }).then(() => true, () => false);
    const where = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80) ?? 'none');
    assert.ok(inside, `focus left the dialog after ${i + 1} Tab presses (on ${where})`);
  }
  assert.deepEqual(await runAxe(page), []);

  // Escape (focus on the dialog's own controls) closes it; focus returns to the button.
  await page.getByRole('button', { name: 'Close' }).focus();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'embed-open');
  assert.deepEqual(await page.evaluate(() => window.kycCalls), ['close']);

  // Another session finishes inside the dialog: onComplete.
  const s2 = await session();
  await page.goto(`${partner.origin}/embed?mode=modal&link=${encodeURIComponent(s2.session_url)}`);
  await page.waitForFunction(() => window.kycReady === true, null, { timeout: 15000 });
  await page.getByTestId('embed-open').click();
  await dialog.waitFor();
  await finish(page, page.frameLocator('dialog.kyc-embed-dialog iframe'));
  await page.waitForFunction(() => window.kycCalls.includes('complete'), null, { timeout: 15000 });
  assert.match(await page.getByTestId('embed-outcome').innerText(), /Finished: complete/);
  await page.context().close();
});
