// Consent with the real sandbox: "I agree" shows the capture screen and its live camera at
// once, while the consent call is held back (a Playwright route); the picture used
// meanwhile waits on the upload screen and leaves only after the consent is answered; a
// consent call that keeps failing is tried again, then the customer is back on the consent
// screen with its failure message and the camera stopped.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSandbox, launchBrowser, newPhonePage, waitScreen, shootAndUse, fixture,
} from '../lib/harness.js';

let sandbox; let browser;

before(async () => {
  sandbox = await startSandbox();
  browser = await launchBrowser({ videoFile: fixture('document') });
});

after(async () => {
  await browser?.close();
  await sandbox?.stop();
});

/** Before the page runs: every camera stream it opens, in `window.__streams`. */
function watchStreams() {
  window.__streams = [];
  const devices = navigator.mediaDevices;
  const open = devices.getUserMedia.bind(devices);
  devices.getUserMedia = async (constraints) => {
    const stream = await open(constraints);
    window.__streams.push(stream);
    return stream;
  };
}

const liveTracks = (page) => page.evaluate(
  () => window.__streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length,
);

const videoPlaying = (page) => page.waitForFunction(() => {
  const v = document.querySelector('[data-testid="camera-video"]');
  return v && v.videoWidth > 0 && v.readyState >= 2 && !v.paused;
}, null, { timeout: 30000 });

/** The calls of the page to the service, in order: [method, path, when]. */
function recordCalls(page) {
  const calls = [];
  page.on('request', (r) => {
    const { pathname } = new URL(r.url());
    if (pathname.startsWith('/api/')) calls.push([r.method(), pathname.split('/').at(-1), Date.now()]);
  });
  return calls;
}

test('the capture screen and its live camera come before the consent answer; the picture leaves after it', async () => {
  const s = await sandbox.createSession({ required_images: ['document_front'] });
  const errors = [];
  const page = await newPhonePage(browser, { errors });
  await page.addInitScript(watchStreams);
  const calls = recordCalls(page);
  let held = null;
  let answeredAt = null;
  await page.route('**/consent', async (route) => {
    await new Promise((release) => { held = release; });
    await route.continue();
    answeredAt = Date.now();
  });
  await page.goto(s.session_url);
  await waitScreen(page, 'consent');
  await page.getByTestId('consent-accept').click();
  await waitScreen(page, 'capture');
  await videoPlaying(page);
  assert.ok(held, 'the consent call left');
  assert.equal(answeredAt, null, 'the camera is live before the consent is answered');
  // A picture taken and used meanwhile waits on the upload screen: no image request.
  await shootAndUse(page, 'document_front');
  await waitScreen(page, 'uploading');
  await page.waitForTimeout(1500);
  assert.deepEqual(calls.filter(([, what]) => what === 'images'), [], 'nothing uploaded before the consent answer');
  held();
  await waitScreen(page, 'waiting', 30000);
  const uploads = calls.filter(([, what]) => what === 'images');
  assert.equal(uploads.length, 1, JSON.stringify(calls));
  assert.ok(answeredAt !== null && uploads[0][2] >= answeredAt, 'the picture left after the consent answer');
  assert.equal(calls.filter(([, what]) => what === 'consent').length, 1);
  const { body } = await sandbox.backendGet(`/api/v1/verification/${s.session_id}/images`);
  assert.equal(body.session_images.length, 1);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a consent call that keeps failing is tried again, then leads back to the consent screen with the camera off', async () => {
  const s = await sandbox.createSession({ required_images: ['document_front'] });
  const page = await newPhonePage(browser);
  await page.addInitScript(watchStreams);
  let tries = 0;
  await page.route('**/consent', async (route) => {
    tries += 1;
    await route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"unavailable","message":"down"}' });
  });
  await page.goto(s.session_url);
  await waitScreen(page, 'consent');
  await page.getByTestId('consent-accept').click();
  await waitScreen(page, 'capture');
  await videoPlaying(page);
  // The retries' backoff: about 8 to 16 s in all.
  const screen = await waitScreen(page, 'consent', 40000);
  assert.equal(tries, 6, 'the first try and five retries');
  await screen.locator('.kyc-alert').waitFor();
  assert.equal(await page.getByTestId('camera-video').count(), 0);
  assert.equal(await liveTracks(page), 0, 'the camera light is off');
  // Pressing again, with the service back, goes on.
  await page.unroute('**/consent');
  const accepted = page.waitForResponse((r) => r.url().endsWith('/consent') && r.status() === 200);
  await page.getByTestId('consent-accept').click();
  await waitScreen(page, 'capture');
  await videoPlaying(page);
  await accepted;
  await page.context().close();
});
