// Live selfie guidance end to end: the Trunk-built widget served by the real sandbox, in
// headless Chromium whose fake camera shows a real photograph of ../shared/testdata/faces
// (crates/quality/examples/photo_selfies). The widget checks the face in the oval on every
// analysed frame once the face model (models/facefinder) is in, with the same
// `kyc_quality::check_face` the service runs on the upload.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSandbox, startPartnerSite, launchBrowser, newPhonePage, waitScreen, fixture,
} from '../lib/harness.js';

let sandbox; let partner;
const browsers = new Map();

/** One browser per fake camera clip (Chromium takes the file at launch). */
async function browserFor(kind) {
  if (!browsers.has(kind)) browsers.set(kind, await launchBrowser({ videoFile: fixture(kind) }));
  return browsers.get(kind);
}

after(async () => {
  for (const b of browsers.values()) await b.close();
  await sandbox?.stop();
  await partner?.stop();
});

async function images(sid) {
  const { status, body } = await sandbox.backendGet(`/api/v1/verification/${sid}/images`);
  assert.equal(status, 200);
  return body.session_images;
}

/**
 * A session asking for the selfie only, opened on a phone page whose camera shows `kind`, up
 * to the live selfie step. Every upload's answer is collected in `answers`, every click on the
 * shutter counted in `window.__shutterClicks`.
 */
async function openSelfie(kind, errors) {
  partner ??= await startPartnerSite();
  sandbox ??= await startSandbox({ allowedOrigins: [partner.origin] });
  const s = await sandbox.createSession({
    callback_url: partner.callbackUrl, state: `selfie-${kind}`, required_images: ['selfie'],
    mock_behavior: { processing_time: '1s' },
  });
  const page = await newPhonePage(await browserFor(kind), { errors });
  const answers = [];
  page.on('response', async (r) => {
    if (r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/images')) {
      answers.push({ status: r.status(), body: await r.json().catch(() => null) });
    }
  });
  await page.addInitScript(() => {
    window.__shutterClicks = 0;
    document.addEventListener('click', (e) => {
      if (e.target instanceof Element && e.target.closest('[data-testid="shutter"]')) window.__shutterClicks += 1;
    }, true);
  });
  await page.goto(s.session_url);
  await waitScreen(page, 'consent');
  await page.getByTestId('consent-accept').click();
  await page.locator('[data-testid="screen-capture"][data-image-type="selfie"]').waitFor({ timeout: 30000 });
  await page.waitForFunction(() => {
    const v = document.querySelector('[data-testid="camera-video"]');
    return v && v.videoWidth > 0 && v.readyState >= 2;
  }, null, { timeout: 30000 });
  return { s, page, answers };
}

const hint = (page, reason) => page.locator(`[data-testid="quality-hint"][data-reason="${reason}"]`);

test('a face in the oval is captured by itself after the countdown and the service answers ok', async () => {
  const errors = [];
  const { s, page, answers } = await openSelfie('portrait-selfie', errors);
  // The oval turns good, then the countdown runs, and the preview comes by itself.
  const countdown = page.getByTestId('auto-capture-countdown');
  await countdown.waitFor({ timeout: 20000 });
  assert.match(await countdown.getAttribute('data-n'), /^[123]$/);
  assert.equal(await page.getByTestId('camera-guide').getAttribute('data-state'), 'capturing');
  const rate = Number(await page.getByTestId('quality-hint').getAttribute('data-fps').catch(() => 0));
  console.log(`# analysis rate (selfie with the face check, during the countdown): ${rate} frames/s`);
  await waitScreen(page, 'preview', 15000);
  assert.equal(await page.evaluate(() => window.__shutterClicks), 0);
  assert.deepEqual(await images(s.session_id), []);
  // The device's own check of the picture finds nothing wrong.
  assert.equal(await page.getByTestId('quality-notice').count(), 0);
  await page.getByTestId('use-photo').click();
  await page.waitForURL((u) => u.pathname === '/callback', { timeout: 30000 });
  assert.equal(answers.length, 1, JSON.stringify(answers));
  assert.equal(answers[0].status, 200, JSON.stringify(answers));
  assert.equal(answers[0].body.feedback, 'ok', JSON.stringify(answers));
  const { body } = await sandbox.backendGet(`/api/v1/verification/${s.session_id}/result`);
  const selfie = body.steps.find((step) => step.step === 'selfie');
  assert.equal(selfie.status, 'accepted', JSON.stringify(body.steps));
  assert.equal(selfie.tries, 1);
  assert.deepEqual(selfie.history.map((h) => h.feedback), ['ok']);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a cat is told to put a face in the oval, is never taken by itself, and the shutter still works with the preview saying so', async () => {
  const errors = [];
  const { s, page, answers } = await openSelfie('cat-selfie', errors);
  await hint(page, 'face_not_found').waitFor({ timeout: 20000 });
  assert.equal(await page.getByTestId('quality-hint').innerText(), 'Put your face in the oval');
  assert.equal(await page.getByTestId('camera-guide').getAttribute('data-state'), 'searching');
  // Watch for 6 s: never a countdown, still on the live selfie step, nothing sent.
  const sawCountdown = await page.evaluate(() => new Promise((resolve) => {
    let seen = false;
    const check = () => { if (document.querySelector('[data-testid="auto-capture-countdown"]')) seen = true; };
    const obs = new MutationObserver(check);
    obs.observe(document.body, { subtree: true, childList: true });
    setTimeout(() => { obs.disconnect(); check(); resolve(seen); }, 6000);
  }));
  assert.equal(sawCountdown, false);
  assert.equal(await page.getByTestId('screen-preview').count(), 0);
  assert.equal(await hint(page, 'face_not_found').count(), 1);
  assert.deepEqual(await images(s.session_id), []);

  // The shutter always takes the picture, and the preview says what the device thinks of the
  // face, in the words of the live hint: the first picture can only be taken again.
  await page.getByTestId('shutter').click();
  await waitScreen(page, 'preview', 15000);
  const notice = page.getByTestId('quality-notice');
  assert.equal(await notice.getAttribute('data-reason'), 'face_not_found');
  assert.match(await notice.innerText(), /^Put your face in the oval$/m);
  assert.equal(await page.getByTestId('screen-preview').getAttribute('data-doubt'), 'face_not_found');
  assert.equal(await page.getByTestId('use-photo').count(), 0);
  assert.equal(await page.getByTestId('use-anyway').count(), 0);
  await page.getByTestId('retake').click();
  await page.locator('[data-testid="screen-capture"][data-image-type="selfie"]').waitFor({ timeout: 15000 });
  // The second doubted picture may be used anyway; the service decides, and says why it
  // refuses it. (The shutter is offered once the camera shows a frame again.)
  await page.getByTestId('shutter').click({ timeout: 15000 });
  await waitScreen(page, 'preview', 15000);
  assert.equal(await page.getByTestId('quality-notice').getAttribute('data-reason'), 'face_not_found');
  assert.deepEqual(await images(s.session_id), []);
  await page.getByTestId('use-anyway').click();
  const feedback = page.getByTestId('feedback-message');
  await feedback.waitFor({ timeout: 30000 });
  assert.equal(await feedback.getAttribute('data-code'), 'face_not_found');
  assert.ok(await page.getByTestId('screen-capture').isVisible());
  assert.equal(answers.length, 1, JSON.stringify(answers));
  assert.equal(answers[0].body.feedback, 'face_not_found', JSON.stringify(answers));
  const sent = await images(s.session_id);
  assert.equal(sent.length, 1, JSON.stringify(sent));
  assert.equal(sent[0].rejected, true, JSON.stringify(sent[0]));
  assert.deepEqual(errors, []);
  await page.context().close();
});
