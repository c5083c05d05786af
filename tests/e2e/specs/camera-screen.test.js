// The camera screen on a phone, measured: the live camera takes most of the screen
// (full-bleed), the hint and the countdown sit in the bands above and below the guide, never
// over the card nor over each other, the guide shows its state (searching, good, capturing),
// the shutter waits for the video's first frame, and the attempts left are shown when two or
// fewer remain. Chromium's fake camera shows generated clips (crates/quality/examples/fixture.rs).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSandbox, launchBrowser, newPhonePage, waitScreen, fixture,
} from '../lib/harness.js';
import { runAxe } from '../lib/a11y.js';

let sandbox;
const browsers = new Map();

/** One browser per fake camera clip (Chromium takes the file at launch). */
async function browserFor(kind, width, height) {
  const key = `${kind}-${width}x${height}`;
  if (!browsers.has(key)) browsers.set(key, await launchBrowser({ videoFile: fixture(kind, width, height) }));
  return browsers.get(key);
}

after(async () => {
  for (const b of browsers.values()) await b.close();
  await sandbox?.stop();
});

/**
 * A front-only session opened on a `viewport` page up to the live capture step. Before the
 * page runs, a watcher records every moment the shutter is offered while the video has no
 * frame yet (`window.__shutterEarly`) and whether it was seen waiting (`__shutterWaited`).
 */
async function openCapture(camera, viewport, session = {}) {
  sandbox ??= await startSandbox();
  const s = await sandbox.createSession({ required_images: ['document_front'], ...session });
  const errors = [];
  const page = await newPhonePage(await browserFor(...camera), { errors });
  await page.setViewportSize(viewport);
  await page.addInitScript(() => {
    window.__shutterEarly = 0;
    window.__shutterWaited = false;
    window.__guideStates = [];
    const check = () => {
      const shutter = document.querySelector('[data-testid="shutter"]');
      const video = document.querySelector('[data-testid="camera-video"]');
      if (shutter && video) {
        const hasFrame = video.videoWidth > 0 && video.readyState >= 2;
        if (!shutter.disabled && !hasFrame) window.__shutterEarly += 1;
        if (shutter.disabled && !hasFrame) window.__shutterWaited = true;
      }
      const state = document.querySelector('[data-testid="camera-guide"]')?.dataset.state;
      if (state && window.__guideStates.at(-1) !== state) window.__guideStates.push(state);
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
    const tick = () => { check(); requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  await page.goto(s.session_url);
  await waitScreen(page, 'consent');
  await page.getByTestId('consent-accept').click();
  await waitScreen(page, 'capture');
  await page.waitForFunction(() => {
    const v = document.querySelector('[data-testid="camera-video"]');
    return v && v.videoWidth > 0 && v.readyState >= 2;
  }, null, { timeout: 30000 });
  return { s, page, errors };
}

/** The boxes of the camera stage, the visible part of the video, the guide, hint, countdown and shutter. */
function boxes(page) {
  return page.evaluate(() => {
    const rect = (sel) => {
      const el = document.querySelector(sel);
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
    };
    const stage = rect('[data-testid="camera-stage"]');
    const video = rect('[data-testid="camera-video"]');
    // What is seen of the video: its box within the stage (the stage clips it).
    const seen = video && stage && {
      width: Math.min(video.right, stage.right) - Math.max(video.left, stage.left),
      height: Math.min(video.bottom, stage.bottom) - Math.max(video.top, stage.top),
    };
    return {
      viewport: { width: window.innerWidth, height: window.innerHeight },
      stage,
      video,
      seen,
      guide: rect('[data-testid="camera-guide"]'),
      hint: rect('[data-testid="quality-hint"]'),
      countdown: rect('[data-testid="auto-capture-countdown"]'),
      shutter: rect('[data-testid="shutter"]'),
    };
  });
}

const overlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

for (const viewport of [{ width: 360, height: 740 }, { width: 390, height: 844 }]) {
  test(`${viewport.width}x${viewport.height}, portrait camera: full-bleed video, hint and countdown off the card, the guide goes good`, async () => {
    const { s, page, errors } = await openCapture(['document', 1080, 1920], viewport);
    const countdown = page.getByTestId('auto-capture-countdown');
    await countdown.waitFor({ timeout: 15000 });
    const b = await boxes(page);
    console.log(`# ${viewport.width}x${viewport.height} portrait: ${JSON.stringify({ stage: b.stage, seen: b.seen, guide: b.guide, hint: b.hint, countdown: b.countdown })}`);
    assert.deepEqual(b.viewport, viewport);
    // The video is seen across the whole width and over most of the height.
    assert.ok(b.seen.width >= 0.85 * viewport.width, `video width ${JSON.stringify(b)}`);
    assert.ok(b.seen.height >= 0.55 * viewport.height, `video height ${JSON.stringify(b)}`);
    assert.ok(b.stage.width >= viewport.width - 1, `full-bleed stage ${JSON.stringify(b)}`);
    // The guide is inside the stage; the hint and the countdown are apart from it and from each other.
    assert.ok(b.guide.left >= b.stage.left && b.guide.right <= b.stage.right && b.guide.top >= b.stage.top && b.guide.bottom <= b.stage.bottom, JSON.stringify(b));
    assert.ok(b.hint && b.hint.height > 0, JSON.stringify(b));
    assert.equal(overlap(b.hint, b.guide), false, `hint over the guide: ${JSON.stringify(b)}`);
    assert.equal(overlap(b.countdown, b.guide), false, `countdown over the guide: ${JSON.stringify(b)}`);
    assert.equal(overlap(b.countdown, b.hint), false, `countdown over the hint: ${JSON.stringify(b)}`);
    // The shutter is on the first screen, under the camera.
    assert.ok(b.shutter.bottom <= viewport.height && b.shutter.top >= b.stage.bottom, JSON.stringify(b));
    // The guide said it is capturing; the shutter was never offered before the first frame.
    assert.equal(await page.getByTestId('camera-guide').getAttribute('data-state'), 'capturing');
    assert.match(await page.getByTestId('camera-guide').getAttribute('class'), /kyc-guide--capturing/);
    assert.equal(await page.evaluate(() => window.__shutterEarly), 0);
    assert.equal(await page.evaluate(() => window.__shutterWaited), true);
    await waitScreen(page, 'preview', 15000);
    assert.ok((await page.evaluate(() => window.__guideStates)).includes('good'));
    assert.deepEqual(errors, []);
    await page.context().close();
    assert.ok(s.session_id);
  });
}

test('360x740, landscape camera: the whole guide is shown across the width, the hint below it', async () => {
  const viewport = { width: 360, height: 740 };
  const { page, errors } = await openCapture(['small-document', 1280, 720], viewport);
  await page.locator('[data-testid="quality-hint"][data-reason="closer"]').waitFor({ timeout: 15000 });
  const b = await boxes(page);
  console.log(`# 360x740 landscape: ${JSON.stringify({ stage: b.stage, seen: b.seen, guide: b.guide, hint: b.hint })}`);
  assert.ok(b.stage.width >= viewport.width - 1 && b.stage.height >= 0.55 * viewport.height, JSON.stringify(b));
  assert.ok(b.seen.width >= 0.85 * viewport.width, JSON.stringify(b));
  assert.ok(b.guide.left >= b.stage.left && b.guide.right <= b.stage.right, JSON.stringify(b));
  assert.equal(overlap(b.hint, b.guide), false, `hint over the guide: ${JSON.stringify(b)}`);
  assert.equal(await page.getByTestId('camera-guide').getAttribute('data-state'), 'searching');
  assert.deepEqual(await runAxe(page), []);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('the guide goes from searching to good as the card comes closer', async () => {
  const { page, errors } = await openCapture(['approaching-document', 1280, 720], { width: 360, height: 740 });
  await waitScreen(page, 'preview', 30000);
  const states = await page.evaluate(() => window.__guideStates);
  const searching = states.indexOf('searching');
  const good = states.indexOf('good');
  assert.ok(searching >= 0 && good > searching, `states: ${states}`);
  assert.ok(states.indexOf('capturing') > good, `states: ${states}`);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('the shutter waits for the first frame again after "Retake", and a press right away takes the picture', async () => {
  const { page, errors } = await openCapture(['blurred-document', 1280, 720], { width: 360, height: 740 });
  await page.getByTestId('shutter').click();
  await waitScreen(page, 'preview', 15000);
  await page.getByTestId('retake').click();
  await waitScreen(page, 'capture');
  // At once: the click waits until the shutter is offered, which is once the video has a frame.
  await page.getByTestId('shutter').click({ timeout: 15000 });
  await waitScreen(page, 'preview', 15000);
  assert.equal(await page.getByTestId('capture-notice').count(), 0);
  assert.equal(await page.evaluate(() => window.__shutterEarly), 0);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('the attempts left are shown once two or fewer remain, in the page language, axe-clean', async () => {
  const { s, page, errors } = await openCapture(['document', 1280, 720], { width: 360, height: 740 }, {
    max_attempts: 3,
    mock_behavior: { feedback: ['blur', 'blur', 'ok'], processing_time: '600s' },
  });
  assert.equal(await page.getByTestId('attempts-left').isVisible(), false, 'three left: not shown');
  for (const left of [2, 1]) {
    await waitScreen(page, 'preview', 20000);
    await page.getByTestId('use-photo').click();
    const attempts = page.getByTestId('attempts-left');
    await page.locator(`[data-testid="attempts-left"][data-n="${left}"]`).waitFor({ timeout: 30000 });
    assert.equal(await page.getByTestId('feedback-message').getAttribute('data-code'), 'blur');
    assert.ok(await attempts.isVisible());
    assert.match(await attempts.innerText(), new RegExp(`\\b${left}\\b`));
  }
  assert.deepEqual(await runAxe(page), []);
  assert.deepEqual(errors, []);
  await page.context().close();
  assert.ok(s.session_id);
});
