// Accessibility and languages: axe-core (wcag2a, wcag2aa, wcag21aa) finds
// no violation on any screen the widget can show (the liveness step's too), in
// each of its 8 languages, in the light and the dark color scheme; every control
// is at least 44 px; the language comes from the session, then the browser, and
// the on-screen picker wins and survives a reload; Arabic turns the document
// right to left.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSandbox, launchBrowser, newPhonePage, waitScreen, shootAndUse, fixture,
} from '../lib/harness.js';
import { auditScreen, LANGS, SCHEMES } from '../lib/a11y.js';

const FR_CONSENT_TITLE = 'Vérifiez votre identité';
const AR_CONSENT_TITLE = 'التحقق من هويتك';

let sandbox; let browser; let noCamBrowser; let blurBrowser;
const totals = { runs: 0, violations: [] };

before(async () => {
  sandbox = await startSandbox();
  browser = await launchBrowser({ videoFile: fixture('document') });
});

after(async () => {
  const byScreen = {};
  for (const v of totals.violations) byScreen[v.screen] = (byScreen[v.screen] || 0) + 1;
  console.log(`axe: ${totals.runs} runs (${LANGS.length} languages x ${SCHEMES.length} schemes per screen), ${totals.violations.length} violations`, byScreen);
  await browser?.close();
  await noCamBrowser?.close();
  await blurBrowser?.close();
  await sandbox?.stop();
});

/** Audits the screen and fails with the details of every violation. */
async function audit(page, testid) {
  const { runs, violations } = await auditScreen(page, testid);
  totals.runs += runs;
  totals.violations.push(...violations);
  assert.deepEqual(violations, [], `${testid}: ${JSON.stringify(violations, null, 1)}`);
}

/** Holds requests matching `pattern` until `release()`; `hit` resolves on the first one. */
async function hold(page, pattern) {
  let release; let hit;
  const released = new Promise((r) => { release = r; });
  const hitP = new Promise((r) => { hit = r; });
  await page.route(pattern, async (route) => {
    hit();
    await released;
    await route.continue().catch(() => {});
  });
  return { hit: hitP, release: () => release() };
}

async function cameraPlaying(page) {
  await page.waitForFunction(() => {
    const v = document.querySelector('[data-testid="camera-video"]');
    return v && v.videoWidth > 0 && v.readyState >= 2;
  }, null, { timeout: 30000 });
}

test('starting, consent, capture (camera live), preview, uploading, feedback, waiting', async () => {
  const s = await sandbox.createSession({
    required_images: ['document_front'],
    mock_behavior: { feedback: ['blur'], processing_time: '600s' },
  });
  const page = await newPhonePage(browser);
  const start = await hold(page, '**/start');
  await page.goto(s.session_url);
  await start.hit;
  await waitScreen(page, 'starting');
  await audit(page, 'screen-starting');
  await page.unroute('**/start');
  start.release();
  await waitScreen(page, 'consent');
  await audit(page, 'screen-consent');
  await page.getByTestId('consent-accept').click();
  await waitScreen(page, 'capture');
  await cameraPlaying(page);
  await audit(page, 'screen-capture');
  await cameraPlaying(page);
  await page.getByTestId('shutter').click();
  await waitScreen(page, 'preview');
  await audit(page, 'screen-preview');
  const upload = await hold(page, '**/images');
  await page.getByTestId('use-photo').click();
  await upload.hit;
  await waitScreen(page, 'uploading');
  await audit(page, 'screen-uploading');
  await page.unroute('**/images');
  upload.release();
  // The sandbox answers the first upload with `blur`: back on the capture step with feedback.
  await page.getByTestId('feedback-message').waitFor({ timeout: 30000 });
  await audit(page, 'feedback-message');
  await cameraPlaying(page);
  await page.getByTestId('shutter').click();
  await waitScreen(page, 'preview');
  await page.getByTestId('use-photo').click();
  await waitScreen(page, 'waiting', 30000);
  await audit(page, 'screen-waiting');
  await page.context().close();
});

test('live quality hint and the notice of the on-device check (blurred camera)', async () => {
  blurBrowser = await launchBrowser({ videoFile: fixture('blurred-document') });
  const s = await sandbox.createSession({ required_images: ['document_front'] });
  const page = await newPhonePage(blurBrowser);
  await page.goto(s.session_url);
  await waitScreen(page, 'consent');
  await page.getByTestId('consent-accept').click();
  await waitScreen(page, 'capture');
  await cameraPlaying(page);
  await page.waitForFunction(() => document.querySelector('[data-testid="quality-hint"]')?.textContent.trim(), null, { timeout: 15000 });
  await audit(page, 'quality-hint');
  await cameraPlaying(page);
  await page.getByTestId('shutter').click();
  await page.getByTestId('quality-notice').waitFor({ timeout: 15000 });
  await audit(page, 'quality-notice');
  await page.context().close();
});

test('final screen', async () => {
  const s = await sandbox.createSession({ required_images: ['document_front'], mock_behavior: { processing_time: '1s' } });
  const page = await newPhonePage(browser);
  await page.goto(s.session_url);
  await waitScreen(page, 'consent');
  await page.getByTestId('consent-accept').click();
  await waitScreen(page, 'capture');
  await cameraPlaying(page);
  await page.getByTestId('shutter').click();
  await waitScreen(page, 'preview');
  await page.getByTestId('use-photo').click();
  await waitScreen(page, 'final', 30000);
  await audit(page, 'screen-final');
  await page.context().close();
});

test('liveness: the instructions, the challenge and "try again"', async () => {
  const s = await sandbox.createSession({ required_images: ['selfie'], liveness: {} });
  const page = await newPhonePage(browser);
  const liveness = (kind) => page.locator(`[data-testid="screen-liveness"][data-kind="${kind}"]`);
  await page.goto(s.session_url);
  await waitScreen(page, 'consent');
  await page.getByTestId('consent-accept').click();
  await shootAndUse(page, 'selfie');
  await liveness('intro').waitFor({ timeout: 30000 });
  await audit(page, 'screen-liveness');
  await page.getByTestId('liveness-start').click();
  await cameraPlaying(page);
  await audit(page, 'screen-liveness');
  // The fake camera shows a document, no face: the time runs out.
  await liveness('timed_out').waitFor({ timeout: 30000 });
  await audit(page, 'screen-liveness');
  await page.context().close();
});

test('cancel: the control, the confirmation and the cancelled screen', async () => {
  const s = await sandbox.createSession({ required_images: ['document_front'] });
  const page = await newPhonePage(browser);
  await page.goto(s.session_url);
  await waitScreen(page, 'consent');
  // The consent screen with "Cancel verification" under it (the capture screens are audited above).
  await page.getByTestId('cancel').waitFor();
  await audit(page, 'screen-consent');
  await page.getByTestId('cancel').click();
  await waitScreen(page, 'cancel-confirm');
  // Focus moves to the question.
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
  await audit(page, 'screen-cancel-confirm');
  await page.getByTestId('cancel-confirm').click();
  await waitScreen(page, 'cancelled');
  await audit(page, 'screen-cancelled');
  await page.getByTestId('cancel-resume').click();
  await waitScreen(page, 'consent');
  await page.context().close();
});

test('link errors and the network error screen', async () => {
  let page = await newPhonePage(browser);
  await page.goto(`${sandbox.base}/`);
  await waitScreen(page, 'link-error');
  await audit(page, 'screen-link-error');
  await page.context().close();

  page = await newPhonePage(browser);
  await page.goto(`${sandbox.base}/#sid=does-not-exist&t=nope`);
  await waitScreen(page, 'link-error');
  await audit(page, 'screen-link-error');
  await page.context().close();

  const s = await sandbox.createSession({});
  page = await newPhonePage(browser);
  await page.route('**/start', (route) => route.abort('internetdisconnected'));
  await page.goto(s.session_url);
  await waitScreen(page, 'error');
  await audit(page, 'screen-error');
  await page.context().close();
});

test('camera problem, then the upload-only capture step', async () => {
  noCamBrowser = await launchBrowser({ noCamera: true });
  const s = await sandbox.createSession({});
  const page = await newPhonePage(noCamBrowser);
  await page.goto(s.session_url);
  await waitScreen(page, 'consent');
  await page.getByTestId('consent-accept').click();
  await waitScreen(page, 'camera-problem');
  await audit(page, 'screen-camera-problem');
  // On a desktop the camera problem offers the handoff to a phone (QR code and link).
  if (await page.getByTestId('handoff-start').count()) {
    await page.getByTestId('handoff-start').click();
    await waitScreen(page, 'handoff');
    await page.getByTestId('handoff-link').waitFor({ timeout: 30000 });
    await audit(page, 'screen-handoff');
  }
  await page.getByTestId('use-upload-instead').click();
  await waitScreen(page, 'capture');
  await audit(page, 'screen-capture');
  await page.context().close();
});

test('language: the session locale, then the browser, the picker wins and survives a reload; Arabic is rtl', async () => {
  const html = (page) => page.evaluate(() => ({
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
    picker: document.querySelector('[data-testid="language-picker"]').value,
    title: document.title,
    heading: document.querySelector('h1')?.textContent,
  }));
  // Session locale `ar` beats the browser's German.
  let context = await browser.newContext({ locale: 'de-DE', viewport: { width: 360, height: 740 } });
  let page = await context.newPage();
  let s = await sandbox.createSession({ locale: 'ar-EG' });
  await page.goto(s.session_url);
  await waitScreen(page, 'consent');
  let h = await html(page);
  assert.equal(h.lang, 'ar');
  assert.equal(h.dir, 'rtl');
  assert.equal(h.picker, 'ar');
  assert.equal(h.title, 'التحقق من الهوية');
  assert.equal(h.heading, AR_CONSENT_TITLE);
  // The layout mirrors: the consent list's bullets sit on the right.
  const padRight = await page.evaluate(() => getComputedStyle(document.querySelector('.kyc-list')).paddingRight);
  assert.notEqual(padRight, '0px');
  // Every option carries its own language.
  const opts = await page.$$eval('[data-testid="language-picker"] option', (os) => os.map((o) => [o.value, o.lang, o.textContent]));
  assert.deepEqual(opts.map((o) => o[0]), LANGS);
  assert.ok(opts.every(([v, l]) => v === l));
  // The picker switches at once, keeps the screen, and survives a reload.
  await page.selectOption('[data-testid="language-picker"]', 'fr');
  await page.waitForFunction(() => document.documentElement.lang === 'fr');
  h = await html(page);
  assert.equal(h.dir, 'ltr');
  assert.equal(h.heading, FR_CONSENT_TITLE);
  await page.reload();
  await waitScreen(page, 'consent');
  h = await html(page);
  assert.equal(h.lang, 'fr');
  assert.equal(h.picker, 'fr');
  await context.close();

  // No session locale: the browser's languages (first we have), else English.
  context = await browser.newContext({ locale: 'tr-TR', viewport: { width: 360, height: 740 } });
  page = await context.newPage();
  s = await sandbox.createSession({});
  await page.goto(s.session_url);
  await waitScreen(page, 'consent');
  h = await html(page);
  assert.equal(h.lang, 'tr');
  assert.equal(h.title, 'Kimlik doğrulama');
  await context.close();

  context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 360, height: 740 } });
  page = await context.newPage();
  s = await sandbox.createSession({ locale: 'xx' });
  await page.goto(s.session_url);
  await waitScreen(page, 'consent');
  h = await html(page);
  assert.equal(h.lang, 'en');
  assert.equal(h.dir, 'ltr');
  await context.close();
});
