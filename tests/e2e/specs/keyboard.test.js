// Keyboard only: the upload path from the link to the partner's callback
// with Tab, Shift+Tab, Enter and Space, no pointer. The camera cannot be used (a
// browser without a camera), so the customer goes "Upload photos instead"; each
// picture is chosen through the focused file input (the file chooser itself is the
// operating system's, so the test hands the focused input its file). Focus moves to
// each new screen's heading and is always visible on controls.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSandbox, startPartnerSite, launchBrowser, newPhonePage, waitScreen, ROOT } from '../lib/harness.js';

const TARGET = process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target');
let sandbox; let partner; let browser;

before(async () => {
  partner = await startPartnerSite();
  sandbox = await startSandbox({ allowedOrigins: [partner.origin] });
  browser = await launchBrowser({ noCamera: true });
});

after(async () => {
  await browser?.close();
  await sandbox?.stop();
  await partner?.stop();
});

/** A generated picture (the quality crate's fixture) as a binary PPM. */
function ppm(kind, w = 1280, h = 720) {
  const dir = path.join(tmpdir(), 'kyc-e2e-fixtures');
  mkdirSync(dir, { recursive: true });
  const out = path.join(dir, `${kind}-${w}x${h}.ppm`);
  if (!existsSync(out)) {
    const bin = path.join(TARGET, 'debug', 'examples', 'fixture');
    if (existsSync(bin)) execFileSync(bin, [kind, String(w), String(h), out]);
    else execFileSync('cargo', ['run', '-q', '-p', 'kyc-quality', '--example', 'fixture', '--', kind, String(w), String(h), out], { cwd: ROOT });
  }
  return readFileSync(out);
}

/**
 * The PPM encoded as a JPEG by the browser's canvas (what a phone's camera app would
 * save). A document is cropped to the card with a 6% border, as a scan or a cropped
 * photo is: the on-device check looks for the card's edges there.
 */
async function jpeg(page, kind) {
  const data = ppm(kind);
  // Header: "P6\n<w> <h>\n255\n".
  const header = data.subarray(0, 32).toString('latin1').match(/^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/);
  const [w, h] = [Number(header[1]), Number(header[2])];
  const rgb = data.subarray(header[0].length).toString('base64');
  const b64 = await page.evaluate(async ({ w, h, rgb, crop }) => {
    const bytes = Uint8Array.from(atob(rgb), (c) => c.charCodeAt(0));
    const full = document.createElement('canvas');
    full.width = w; full.height = h;
    const img = full.getContext('2d').createImageData(w, h);
    for (let i = 0, j = 0; i < w * h; i += 1, j += 3) {
      img.data[i * 4] = bytes[j]; img.data[i * 4 + 1] = bytes[j + 1]; img.data[i * 4 + 2] = bytes[j + 2]; img.data[i * 4 + 3] = 255;
    }
    full.getContext('2d').putImageData(img, 0, 0);
    // The widget's card guide: an ID-1 card (1.586:1), 80% of the frame, centered.
    let [cw, ch] = [w * 0.8, (w * 0.8) / 1.586];
    if (ch > h * 0.8) { ch = h * 0.8; cw = ch * 1.586; }
    const [ow, oh] = crop ? [Math.round(cw / 0.88), Math.round(ch / 0.88)] : [w, h];
    const out = document.createElement('canvas');
    out.width = ow; out.height = oh;
    out.getContext('2d').drawImage(full, (w - ow) / 2, (h - oh) / 2, ow, oh, 0, 0, ow, oh);
    return out.toDataURL('image/jpeg', 0.92).split(',')[1];
  }, { w, h, rgb, crop: kind.includes('document') });
  return { name: `${kind}.jpg`, mimeType: 'image/jpeg', buffer: Buffer.from(b64, 'base64') };
}

/** What has focus: its testid, tag, and whether a focus indicator is drawn. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { testid: null, tag: null, visible: false };
    // A file input is transparent over its label: the label draws the ring.
    const ring = el.matches('input[type=file]') ? el.closest('label') : el;
    const st = getComputedStyle(ring);
    return {
      testid: el.dataset.testid || null,
      tag: el.tagName,
      focusVisible: el.matches(':focus-visible'),
      visible: st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 2,
    };
  });
}

/** Presses Tab (or Shift+Tab) until `testid` has focus; fails after `max` presses. */
async function tabTo(page, testid, { back = false, max = 15 } = {}) {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    if (f.testid === testid) {
      assert.ok(f.visible, `focus on ${testid} is not visible`);
      return f;
    }
  }
  throw new Error(`${testid} not reached with ${back ? 'Shift+Tab' : 'Tab'}`);
}

/** The new screen's heading has focus. */
async function headingFocused(page, screen) {
  await page.waitForFunction((s) => {
    const el = document.activeElement;
    return el && el.tagName === 'H1' && el.closest(`[data-testid="screen-${s}"]`);
  }, screen, { timeout: 5000 });
}

test('keyboard only: link, consent, upload path for each picture, waiting, final, callback', async () => {
  const state = 'keyboard';
  const s = await sandbox.createSession({ callback_url: partner.callbackUrl, state, mock_behavior: { processing_time: '1s' } });
  const errors = [];
  const page = await newPhonePage(browser, { errors });
  const files = {
    document_front: await jpeg(page, 'document'),
    document_back: await jpeg(page, 'document'),
    selfie: await jpeg(page, 'selfie'),
  };
  await page.goto(s.session_url);
  await waitScreen(page, 'consent');
  await headingFocused(page, 'consent');
  // The language picker comes first in the header; going back to it and forward again works.
  await tabTo(page, 'consent-accept');
  await tabTo(page, 'language-picker', { back: true });
  await tabTo(page, 'consent-accept');
  await page.keyboard.press('Enter');

  await waitScreen(page, 'camera-problem');
  await headingFocused(page, 'camera-problem');
  await tabTo(page, 'use-upload-instead');
  await page.keyboard.press('Space');

  for (const image of ['document_front', 'document_back', 'selfie']) {
    await page.waitForSelector(`[data-testid="screen-capture"][data-image-type="${image}"]`, { timeout: 30000 });
    await headingFocused(page, 'capture');
    assert.equal(await page.getByTestId('shutter').count(), 0, 'no shutter on the upload path');
    await tabTo(page, 'upload-input');
    await page.locator(':focus').setInputFiles(files[image]);
    await waitScreen(page, 'preview').catch(async (e) => {
      throw new Error(`${e.message}\n${await page.evaluate(() => document.querySelector('main').innerText)}`);
    });
    await headingFocused(page, 'preview');
    await tabTo(page, 'use-photo');
    await page.keyboard.press('Enter');
  }

  await waitScreen(page, 'final', 60000);
  await headingFocused(page, 'final');
  const live = await page.getByTestId('live-region').textContent();
  assert.ok(live.length > 0, 'the live region says where we are');
  await tabTo(page, 'redirect-now');
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.pathname === '/callback', { timeout: 30000 });
  const hit = partner.hits.at(-1);
  assert.equal(hit.sessionId, s.session_id);
  assert.equal(hit.state, state);
  const { body } = await sandbox.backendGet(`/api/v1/verification/${s.session_id}/result`);
  assert.equal(body.status, 'complete');
  assert.deepEqual(errors.filter((e) => !/camera|getUserMedia|NotFound|Requested device/i.test(e)), []);
  await page.context().close();
});
