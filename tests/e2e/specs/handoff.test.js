// Cross-device handoff end to end: a desktop without any camera gets
// a QR code, a phone (with the fake camera) opens the link the QR code holds
// (decoded by jsQR, not by the crate that drew it), captures everything, and
// the desktop reaches its final screen and the partner's callback by itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import jsQR from 'jsqr';
import {
  startSandbox, startPartnerSite, launchBrowser, newPhonePage, waitScreen, shootAndUse, fixture,
} from '../lib/harness.js';

let sandbox; let partner; let desktopBrowser; let phoneBrowser;

before(async () => {
  partner = await startPartnerSite();
  sandbox = await startSandbox({ allowedOrigins: [partner.origin] });
  desktopBrowser = await launchBrowser({ noCamera: true });
  phoneBrowser = await launchBrowser({ videoFile: fixture('document') });
});

after(async () => {
  await desktopBrowser?.close();
  await phoneBrowser?.close();
  await sandbox?.stop();
  await partner?.stop();
});

/** A desktop-sized page that records page errors. */
async function newDesktopPage(browser, errors) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  return page;
}

/**
 * Rasterizes the `handoff-qr` SVG in the page (SVG -> Image -> canvas) and
 * decodes the pixels with jsQR in node.
 */
async function decodeQr(page) {
  const { w, h, pixels } = await page.evaluate(async () => {
    const svg = document.querySelector('[data-testid="handoff-qr"]');
    const xml = new XMLSerializer().serializeToString(svg);
    const img = new Image();
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(xml)}`;
    await img.decode();
    const n = 360;
    const canvas = document.createElement('canvas');
    canvas.width = n;
    canvas.height = n;
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, n, n);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(img, 0, 0, n, n);
    const data = ctx.getImageData(0, 0, n, n).data;
    let bin = '';
    for (let i = 0; i < data.length; i += 0x8000) bin += String.fromCharCode(...data.subarray(i, i + 0x8000));
    return { w: n, h: n, pixels: btoa(bin) };
  });
  const rgba = new Uint8ClampedArray(Buffer.from(pixels, 'base64'));
  const code = jsQR(rgba, w, h);
  assert.ok(code, 'jsQR found a QR code in the handoff SVG');
  return code.data;
}

async function itemDone(page, type) {
  await page.waitForFunction(
    (t) => document.querySelector(`[data-testid="handoff-progress"] [data-image-type="${t}"][data-done="true"]`) !== null,
    type,
    { timeout: 30000 },
  );
}

test('a desktop without a camera hands off to a phone and finishes by itself', async () => {
  const state = 'handoff-ü&=1';
  const s = await sandbox.createSession({ callback_url: partner.callbackUrl, state, mock_behavior: { processing_time: '1s' } });
  const desktopErrors = [];
  const desktop = await newDesktopPage(desktopBrowser, desktopErrors);
  await desktop.goto(s.session_url);
  await waitScreen(desktop, 'consent');
  await desktop.getByTestId('consent-accept').click();
  // No camera device at all: the camera problem screen offers the phone.
  const problem = await waitScreen(desktop, 'camera-problem');
  assert.equal(await problem.getAttribute('data-kind'), 'not_found');
  await desktop.getByTestId('use-upload-instead').waitFor({ state: 'visible' });
  await desktop.getByTestId('handoff-start').click();
  await waitScreen(desktop, 'handoff');
  await desktop.getByTestId('handoff-qr').waitFor({ state: 'visible', timeout: 30000 });
  const shown = await desktop.getByTestId('handoff-link').inputValue();
  assert.match(shown, new RegExp(`^${sandbox.base}/#sid=${s.session_id}&t=`));
  const decoded = await decodeQr(desktop);
  assert.equal(decoded, shown, 'the QR code holds the handoff link');
  const items = await desktop.locator('[data-testid="handoff-progress"] li').evaluateAll(
    (els) => els.map((e) => [e.dataset.imageType, e.dataset.done]),
  );
  assert.deepEqual(items, [['document_front', 'false'], ['document_back', 'false'], ['selfie', 'false']]);
  // The upload path stays available on the desktop.
  assert.ok(await desktop.getByTestId('use-upload-instead').isVisible());

  const phoneErrors = [];
  const phone = await newPhonePage(phoneBrowser, { errors: phoneErrors });
  await phone.goto(decoded);
  // Consent was given on the desktop and counts for the phone; accept it if asked anyway.
  await phone.waitForFunction(
    () => document.querySelector('[data-testid="screen-consent"], [data-testid="screen-capture"]'),
    null,
    { timeout: 30000 },
  );
  if (await phone.getByTestId('screen-consent').isVisible()) await phone.getByTestId('consent-accept').click();
  await shootAndUse(phone, 'document_front');
  await itemDone(desktop, 'document_front');
  await shootAndUse(phone, 'document_back');
  await itemDone(desktop, 'document_back');
  await shootAndUse(phone, 'selfie');

  // The phone ends on its own final screen, tells the customer to go back, and stays.
  const phoneFinal = await waitScreen(phone, 'final', 30000);
  assert.equal(await phoneFinal.getAttribute('data-status'), 'complete');
  await phone.getByTestId('handoff-return').waitFor({ state: 'visible' });
  assert.equal(await phone.getByTestId('redirect-countdown').count(), 0);

  // The desktop reaches its final screen by itself, then the partner's callback.
  await waitScreen(desktop, 'final', 30000);
  await desktop.waitForURL((u) => u.pathname === '/callback', { timeout: 30000 });
  const hit = partner.hits.at(-1);
  assert.equal(hit.sessionId, s.session_id);
  assert.equal(hit.state, state);

  // Well past the redirect delay, the phone is still on its final screen.
  await phone.waitForTimeout(6500);
  assert.equal(new URL(phone.url()).origin, sandbox.base);
  assert.ok(await phone.getByTestId('screen-final').isVisible());
  assert.equal(partner.hits.length, 1, 'only the desktop came back to the partner');
  assert.deepEqual(phoneErrors, []);
  assert.deepEqual(desktopErrors, []);
  await phone.context().close();
  await desktop.context().close();
});

test('the desktop capture step offers the phone, and the upload path stays the alternative', async () => {
  const s = await sandbox.createSession({});
  const errors = [];
  const desktop = await newDesktopPage(desktopBrowser, errors);
  await desktop.goto(s.session_url);
  await waitScreen(desktop, 'consent');
  await desktop.getByTestId('consent-accept').click();
  await desktop.getByTestId('handoff-start').first().click();
  await waitScreen(desktop, 'handoff');
  await desktop.getByTestId('handoff-qr').waitFor({ state: 'visible', timeout: 30000 });
  // Copy: the clipboard works (permission granted) or the link text is selected instead.
  await desktop.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: sandbox.base });
  await desktop.getByTestId('handoff-copy').click();
  await desktop.waitForFunction(
    () => document.querySelector('[data-testid="handoff-copy-status"]')?.dataset.state !== 'idle',
    null,
    { timeout: 10000 },
  );
  const copyState = await desktop.getByTestId('handoff-copy-status').getAttribute('data-state');
  const link = await desktop.getByTestId('handoff-link').inputValue();
  if (copyState === 'copied') {
    assert.equal(await desktop.evaluate(() => navigator.clipboard.readText()), link);
  } else {
    assert.equal(copyState, 'failed');
    const selected = await desktop.evaluate(() => {
      const el = document.querySelector('[data-testid="handoff-link"]');
      return el.value.slice(el.selectionStart, el.selectionEnd);
    });
    assert.equal(selected, link);
  }
  // Choosing the upload instead leaves the handoff for the file input.
  await desktop.getByTestId('use-upload-instead').click();
  const capture = await waitScreen(desktop, 'capture');
  assert.equal(await capture.getAttribute('data-image-type'), 'document_front');
  await desktop.getByTestId('upload-input').waitFor({ state: 'attached' });
  assert.deepEqual(errors, []);
  await desktop.context().close();
});
