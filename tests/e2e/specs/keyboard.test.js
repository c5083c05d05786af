// Keyboard only: the upload path from the link to the partner's callback
// with Tab, Shift+Tab, Enter and Space, no pointer. The camera cannot be used (a
// browser without a camera), so the customer goes "Upload photos instead"; each
// picture is chosen through the focused file input (the file chooser itself is the
// operating system's, so the test hands the focused input its file). Focus moves to
// each new screen's heading and is always visible on controls.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, startPartnerSite, launchBrowser, newPhonePage, waitScreen } from '../lib/harness.js';
import { jpeg } from '../lib/pictures.js';

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
