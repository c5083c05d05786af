// The capture flow end to end: the Trunk-built widget served by the
// real sandbox, in headless Chromium whose fake camera shows a generated
// document picture, from the session link to the partner's callback page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSandbox, startPartnerSite, launchBrowser, newPhonePage, waitScreen, shootAndUse, fixture,
} from '../lib/harness.js';

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

async function images(sid) {
  const { status, body } = await sandbox.backendGet(`/api/v1/verification/${sid}/images`);
  assert.equal(status, 200);
  return body.session_images;
}

test('link, consent, front, back, selfie, processing, then the callback with sessionId and state', async () => {
  const state = 'state-öä&=1';
  const s = await sandbox.createSession({ callback_url: partner.callbackUrl, state, mock_behavior: { processing_time: '2s' } });
  const errors = [];
  const page = await newPhonePage(browser, { errors });
  await page.goto(s.session_url);
  await waitScreen(page, 'consent');
  // The fragment (with the single-use start token) is gone from the address bar.
  assert.equal(new URL(page.url()).hash, '');
  await page.getByTestId('consent-accept').click();
  // Each capture step shows its own number of the three pictures.
  for (const [n, type] of [[1, 'document_front'], [2, 'document_back'], [3, 'selfie']]) {
    await page.locator(`[data-testid="screen-capture"][data-image-type="${type}"]`).waitFor({ timeout: 30000 });
    assert.equal(await page.getByTestId('step-of').innerText(), `Step ${n} of 3`);
    await shootAndUse(page, type);
  }
  await waitScreen(page, 'waiting');
  await waitScreen(page, 'final', 30000);
  await page.waitForURL((u) => u.pathname === '/callback', { timeout: 30000 });
  const hit = partner.hits.at(-1);
  assert.equal(hit.sessionId, s.session_id);
  assert.equal(hit.state, state);
  const { body } = await sandbox.backendGet(`/api/v1/verification/${s.session_id}/result`);
  assert.equal(body.status, 'complete');
  assert.equal((await images(s.session_id)).filter((i) => !i.rejected).length, 3);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a reload in the middle resumes where the customer was', async () => {
  const s = await sandbox.createSession({ callback_url: partner.callbackUrl, state: 'reload' });
  const page = await newPhonePage(browser);
  await page.goto(s.session_url);
  await waitScreen(page, 'consent');
  await page.getByTestId('consent-accept').click();
  await shootAndUse(page, 'document_front');
  await page.waitForFunction(() => document.querySelector('[data-testid="screen-capture"][data-image-type="document_back"]'), null, { timeout: 30000 });
  await page.reload();
  await page.waitForFunction(() => document.querySelector('[data-testid="screen-capture"][data-image-type="document_back"]'), null, { timeout: 30000 });
  await page.context().close();
});

test('force_retry: a recapture round, then the callback', async () => {
  const s = await sandbox.createSession({
    callback_url: partner.callbackUrl, state: 'retry', required_images: ['document_front', 'selfie'],
    mock_behavior: { force_retry: true, processing_time: '1s' },
  });
  const page = await newPhonePage(browser);
  await page.goto(s.session_url);
  await waitScreen(page, 'consent');
  await page.getByTestId('consent-accept').click();
  await shootAndUse(page, 'document_front');
  await shootAndUse(page, 'selfie');
  // The service asks again for what `missing_images` now lists, with a message.
  await page.getByTestId('recapture-message').waitFor({ timeout: 30000 });
  const again = await page.getByTestId('screen-capture').getAttribute('data-image-type');
  await shootAndUse(page, again);
  while (await page.getByTestId('screen-capture').isVisible().catch(() => false)) {
    await shootAndUse(page, await page.getByTestId('screen-capture').getAttribute('data-image-type'));
  }
  await page.waitForURL((u) => u.pathname === '/callback', { timeout: 30000 });
  assert.equal(partner.hits.at(-1).sessionId, s.session_id);
  assert.equal(partner.hits.at(-1).state, 'retry');
  await page.context().close();
});

test('feedback ["blur", "ok"]: the message is shown and the retake is accepted', async () => {
  const s = await sandbox.createSession({
    callback_url: partner.callbackUrl, state: 'blur', required_images: ['document_front'],
    mock_behavior: { feedback: ['blur', 'ok'], processing_time: '1s' },
  });
  const page = await newPhonePage(browser);
  await page.goto(s.session_url);
  await waitScreen(page, 'consent');
  await page.getByTestId('consent-accept').click();
  await shootAndUse(page, 'document_front');
  const msg = page.getByTestId('feedback-message');
  await msg.waitFor({ timeout: 30000 });
  assert.equal(await msg.getAttribute('data-code'), 'blur');
  assert.match(await msg.innerText(), /\S/);
  await shootAndUse(page, 'document_front');
  await page.waitForURL((u) => u.pathname === '/callback', { timeout: 30000 });
  const imgs = await images(s.session_id);
  assert.equal(imgs.length, 2);
  assert.equal(imgs.filter((i) => i.rejected).length, 1);
  await page.context().close();
});

test('fail_uploads: 2: the upload succeeds on its own and the service holds one image', async () => {
  const s = await sandbox.createSession({
    callback_url: partner.callbackUrl, state: 'flaky', required_images: ['document_front'],
    mock_behavior: { fail_uploads: 2, processing_time: '1s' },
  });
  const page = await newPhonePage(browser);
  await page.goto(s.session_url);
  await waitScreen(page, 'consent');
  await page.getByTestId('consent-accept').click();
  await shootAndUse(page, 'document_front');
  await page.waitForURL((u) => u.pathname === '/callback', { timeout: 60000 });
  const imgs = await images(s.session_id);
  assert.equal(imgs.length, 1);
  assert.equal(imgs[0].type, 'document_front');
  await page.context().close();
});

test('a broken link, an unknown session, a used link and an expired session each get their screen', async () => {
  const page = await newPhonePage(browser);
  const kind = async () => (await waitScreen(page, 'link-error')).getAttribute('data-kind');
  // A fresh document each time (a fragment-only change is a same-document navigation).
  const open = async (url) => { await page.goto('about:blank'); await page.goto(url); };

  await open(`${sandbox.base}/#sid=abc`);
  assert.equal(await kind(), 'broken');

  await open(`${sandbox.base}/#sid=${'0'.repeat(32)}&t=whatever`);
  assert.equal(await kind(), 'unknown');

  const used = await sandbox.createSession({ callback_url: partner.callbackUrl });
  await open(used.session_url);
  await waitScreen(page, 'consent');
  const other = await newPhonePage(browser); // another device: a fresh context
  await other.goto(used.session_url);
  assert.equal(await (await waitScreen(other, 'link-error')).getAttribute('data-kind'), 'used');
  await other.context().close();

  const expired = await sandbox.createSession({ callback_url: partner.callbackUrl, expires_in_ms: 1 });
  await new Promise((r) => setTimeout(r, 50));
  await open(expired.session_url);
  assert.equal(await kind(), 'expired');
  await page.context().close();
});

test('in an iframe: events go to the allowed origin and completion stays in the frame', async () => {
  const s = await sandbox.createSession({
    callback_url: partner.callbackUrl, state: 'iframe', required_images: ['selfie'],
    allowed_origins: [partner.origin], mock_behavior: { processing_time: '1s' },
  });
  const page = await newPhonePage(browser);
  await page.goto(`${partner.origin}/embed?link=${encodeURIComponent(s.session_url)}`);
  const frame = page.frameLocator('#kyc');
  await frame.getByTestId('screen-consent').waitFor({ timeout: 30000 });
  await frame.getByTestId('consent-accept').click();
  await frame.getByTestId('screen-capture').waitFor();
  const f = page.frames().find((fr) => fr.url().startsWith(sandbox.base));
  await shootAndUse(f, 'selfie');
  await frame.getByTestId('screen-final').waitFor({ timeout: 30000 });
  await page.waitForFunction(() => window.kycEvents.some((e) => e.data.type === 'complete'), null, { timeout: 15000 });
  const events = await page.evaluate(() => window.kycEvents);
  const types = events.map((e) => e.data.type);
  for (const t of ['ready', 'step', 'image_accepted', 'submitted', 'complete']) assert.ok(types.includes(t), `missing ${t}: ${types}`);
  assert.ok(events.every((e) => e.data.session_id === s.session_id));
  const complete = events.find((e) => e.data.type === 'complete').data;
  assert.match(complete.redirect_url, /sessionId=/);
  // The parent page was not navigated away, and shows the outcome.
  assert.equal(new URL(page.url()).pathname, '/embed');
  assert.match(await page.getByTestId('embed-outcome').innerText(), /Finished: complete/);
  await page.context().close();
});

test('in an iframe: cancel asks first, stops the camera, posts `cancel`; continue picks up the session', async () => {
  const s = await sandbox.createSession({
    callback_url: partner.callbackUrl, state: 'cancel', required_images: ['selfie'],
    allowed_origins: [partner.origin], mock_behavior: { processing_time: '1s' },
  });
  const errors = [];
  const page = await newPhonePage(browser, { errors });
  await page.goto(`${partner.origin}/embed?link=${encodeURIComponent(s.session_url)}`);
  const frame = page.frameLocator('#kyc');
  const types = () => page.evaluate(() => window.kycEvents.map((e) => e.data.type));
  await frame.getByTestId('screen-consent').waitFor({ timeout: 30000 });
  // A stray tap only asks; "No, keep going" returns to the same screen.
  await frame.getByTestId('cancel').click();
  await frame.getByTestId('screen-cancel-confirm').waitFor();
  await frame.getByTestId('cancel-keep-going').click();
  await frame.getByTestId('screen-consent').waitFor();
  assert.ok(!(await types()).includes('cancel'));
  await frame.getByTestId('consent-accept').click();
  await frame.getByTestId('screen-capture').waitFor();
  const f = page.frames().find((fr) => fr.url().startsWith(sandbox.base));
  // The live stream, to check that it ends.
  await f.waitForFunction(() => {
    const v = document.querySelector('[data-testid="camera-video"]');
    if (!(v && v.srcObject && v.videoWidth > 0)) return false;
    window.kycTestStream = v.srcObject;
    return true;
  }, null, { timeout: 30000 });
  // Cancel, confirmed: the camera off, the cancelled screen, `cancel` at the embedding page.
  // (Auto-capture may reach the preview first: cancelling from there is the same.)
  await frame.getByTestId('cancel').click();
  await frame.getByTestId('cancel-confirm').click();
  await frame.getByTestId('screen-cancelled').waitFor();
  await page.waitForFunction(() => window.kycEvents.some((e) => e.data.type === 'cancel'), null, { timeout: 10000 });
  const cancel = (await page.evaluate(() => window.kycEvents)).find((e) => e.data.type === 'cancel');
  assert.equal(cancel.data.session_id, s.session_id);
  assert.equal(cancel.origin, new URL(sandbox.base).origin);
  await f.waitForFunction(() => window.kycTestStream.getTracks().every((t) => t.readyState === 'ended'), null, { timeout: 5000 });
  assert.equal(await frame.getByTestId('cancel').count(), 0, 'no cancel control on the cancelled screen');
  // "Continue verification": back where the customer was, and the session still finishes.
  await frame.getByTestId('cancel-resume').click();
  await frame.locator('[data-testid="screen-capture"], [data-testid="screen-preview"]').first().waitFor();
  if (await frame.getByTestId('screen-preview').count()) {
    await frame.getByTestId('use-photo').click();
  } else {
    await shootAndUse(f, 'selfie');
  }
  await frame.getByTestId('screen-final').waitFor({ timeout: 30000 });
  await page.waitForFunction(() => window.kycEvents.some((e) => e.data.type === 'complete'), null, { timeout: 15000 });
  const after = await types();
  assert.equal(after.filter((t) => t === 'cancel').length, 1, `${after}`);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a new session link pasted into an open widget starts that session', async () => {
  const a = await sandbox.createSession({});
  const b = await sandbox.createSession({});
  const page = await newPhonePage(browser);
  await page.goto(a.session_url);
  await waitScreen(page, 'consent');
  const sid = () => page.evaluate(() => sessionStorage.getItem('kyc-widget:sid'));
  assert.equal(await sid(), a.session_id);
  // Only the fragment changes (no load by itself): the widget reloads for the new link.
  await page.evaluate((hash) => { location.hash = hash; }, new URL(b.session_url).hash);
  await page.waitForFunction((want) => sessionStorage.getItem('kyc-widget:sid') === want, b.session_id, { timeout: 30000 });
  await waitScreen(page, 'consent');
  assert.equal(new URL(page.url()).hash, '');
  await page.context().close();
});
