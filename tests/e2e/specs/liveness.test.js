// The liveness step end to end: a session that asks for it ({liveness: {}}), its selfie
// uploaded as a file, then the "approach" challenge on Chromium's fake camera. A clip that
// zooms in on the astronaut's face passes (the service checks the frames again); the same
// photograph held still never makes a try (the time runs out asking to bring the phone
// closer), and "Continue without" completes the session with the step declined.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSandbox, launchBrowser, newPhonePage, waitScreen, shootAndUse, fixture,
} from '../lib/harness.js';

let sandbox;
const browsers = new Map();

/** One browser per fake camera clip (Chromium takes the file at launch). */
async function browserFor(kind) {
  if (!browsers.has(kind)) browsers.set(kind, await launchBrowser({ videoFile: fixture(kind) }));
  return browsers.get(kind);
}

before(async () => {
  sandbox = await startSandbox();
});

after(async () => {
  for (const b of browsers.values()) await b.close();
  await sandbox?.stop();
});

/** Waits for the liveness screen of `kind`: intro, challenge, or "try again" after a try
 *  that timed_out, was refused, unusable, or a camera problem. */
function stage(page, kind, timeout = 30000) {
  return page.locator(`[data-testid="screen-liveness"][data-kind="${kind}"]`).waitFor({ timeout });
}

/** The text of the liveness screen's message (what to do). */
/** The text of a liveness screen (not its count of tries left). */
const said = (page) => page.getByTestId('screen-liveness').locator('p:not([data-testid])').innerText();

const isLiveness = (r) => r.method() === 'POST' && new URL(r.url()).pathname.endsWith('/liveness');

/** A selfie-and-liveness session opened on a phone page, its selfie sent, at the liveness instructions. */
async function toLiveness(kind, errors) {
  const s = await sandbox.createSession({
    required_images: ['selfie'], liveness: {}, mock_behavior: { processing_time: '1s' },
  });
  const page = await newPhonePage(await browserFor(kind), { errors });
  await page.goto(s.session_url);
  await waitScreen(page, 'consent');
  await page.getByTestId('consent-accept').click();
  await shootAndUse(page, 'selfie');
  await stage(page, 'intro');
  // The way out is there before the challenge starts.
  await page.getByTestId('liveness-decline').waitFor();
  return { s, page };
}

/** Width and height of a baseline or progressive JPEG (its SOF segment). */
function jpegSize(buf) {
  let i = 2;
  while (i + 9 < buf.length) {
    const marker = buf[i + 1];
    const len = buf.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xc3) return [buf.readUInt16BE(i + 7), buf.readUInt16BE(i + 5)];
    i += 2 + len;
  }
  return null;
}

/** The checks every try the widget sends must pass: 3 to 8 JPEG frames, each at most 640
 *  wide with sides within 240..1920, their times increasing over 0.6 to 10 s. */
function assertTry(body) {
  assert.equal(typeof body.attempt_id, 'string');
  assert.ok(body.attempt_id.length > 0);
  assert.ok(!body.declined);
  assert.ok(body.frames.length >= 3 && body.frames.length <= 8, `${body.frames.length} frames`);
  const times = body.frames.map((f) => f.t_ms);
  for (let i = 1; i < times.length; i += 1) assert.ok(times[i] > times[i - 1], `${times}`);
  const span = times.at(-1) - times[0];
  assert.ok(span >= 600 && span <= 10000, `span ${span} ms`);
  for (const f of body.frames) {
    const size = jpegSize(Buffer.from(f.content, 'base64'));
    assert.ok(size, 'a JPEG');
    const [w, h] = size;
    assert.ok(w <= 640 && Math.min(w, h) >= 240 && Math.max(w, h) <= 1920, `${w}x${h}`);
  }
}

test('a clip that zooms in on the face passes the liveness step and the result shows it', async () => {
  const errors = [];
  const { s, page } = await toLiveness('approaching-face', errors);
  const sent = page.waitForRequest(isLiveness, { timeout: 60000 });
  await page.getByTestId('liveness-start').click();
  await stage(page, 'challenge');
  // The challenge starts with the small oval and a hint in a polite live region.
  await page.locator('[data-testid="liveness-oval"][data-size="small"]').waitFor({ timeout: 10000 });
  assert.equal(await page.getByTestId('liveness-hint').getAttribute('aria-live'), 'polite');
  assert.match(await page.getByTestId('liveness-hint').innerText(), /\S/);
  const body = (await sent).postDataJSON();
  assertTry(body);
  await waitScreen(page, 'final', 60000);
  assert.equal(await page.getByTestId('screen-final').getAttribute('data-status'), 'complete');
  const { body: result } = await sandbox.backendGet(`/api/v1/verification/${s.session_id}/result`);
  assert.equal(result.status, 'complete');
  assert.equal(result.liveness.status, 'passed');
  assert.equal(result.liveness.tries, 1);
  assert.equal(result.liveness.frames, body.frames.length);
  // The service found the one face in each frame, growing.
  const sizes = result.liveness.faces.map((f) => f.size);
  assert.equal(sizes.length, body.frames.length);
  assert.ok(sizes.at(-1) >= sizes[0] * 1.35, `${sizes}`);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a still face never makes a try, and "Continue without" completes the session as declined', async () => {
  const errors = [];
  const { s, page } = await toLiveness('still-face', errors);
  const tries = [];
  page.on('request', (r) => { if (isLiveness(r)) tries.push(r.postDataJSON()); });
  await page.getByTestId('liveness-start').click();
  await stage(page, 'challenge');
  // Held in the small oval, then asked to come closer; it never grows.
  await page.locator('[data-testid="liveness-hint"][data-hint="bring_closer"]').waitFor({ timeout: 15000 });
  await stage(page, 'timed_out', 20000);
  assert.match(await said(page), /closer/);
  assert.deepEqual(tries, []);
  // "Try again" runs the challenge again; "Continue without" is there too.
  await page.getByTestId('liveness-retry').click();
  await stage(page, 'challenge');
  const declined = page.waitForRequest(isLiveness, { timeout: 10000 });
  await page.getByTestId('liveness-decline').click();
  const body = (await declined).postDataJSON();
  assert.equal(body.declined, true);
  assert.deepEqual(body.frames, []);
  await waitScreen(page, 'final', 30000);
  const { body: result } = await sandbox.backendGet(`/api/v1/verification/${s.session_id}/result`);
  assert.equal(result.status, 'complete');
  assert.equal(result.liveness.status, 'declined');
  assert.equal(tries.filter((t) => !t.declined).length, 0);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a try is sent again with its id after a failure; a refused try says what to do and the next one has a new id', async () => {
  const errors = [];
  const { page } = await toLiveness('approaching-face', errors);
  const seen = [];
  let third;
  const thirdSeen = new Promise((r) => { third = r; });
  // The first send fails (503); its retry is answered as a refused try with tries left.
  await page.route('**/liveness', async (route) => {
    const body = route.request().postDataJSON();
    seen.push(body);
    if (seen.length === 3) third();
    if (seen.length === 1) {
      await route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"unavailable","message":"busy"}' });
    } else if (seen.length === 2) {
      await route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          status: 'pending', reason: 'not_approaching', score: 0.1, frames: body.frames.length,
          tries_left: 2, complete: false, missing_images: [],
        }),
      });
    } else {
      await route.continue();
    }
  });
  await page.getByTestId('liveness-start').click();
  await stage(page, 'refused', 60000);
  assert.equal(seen.length, 2);
  assertTry(seen[0]);
  assert.deepEqual(seen[1], seen[0]);
  assert.equal(await said(page), 'Bring the phone closer slowly, keeping your face in the oval.');
  // The service's tries still open, from its answer.
  const left = page.getByTestId('liveness-tries-left');
  assert.equal(await left.getAttribute('data-n'), '2');
  assert.equal((await left.textContent()).trim(), 'Tries left: 2');
  await page.getByTestId('liveness-retry').click();
  await thirdSeen;
  assert.equal(seen.length, 3);
  assertTry(seen[2]);
  assert.notEqual(seen[2].attempt_id, seen[0].attempt_id);
  await waitScreen(page, 'final', 60000);
  assert.deepEqual(errors, []);
  await page.context().close();
});
