// A picture on its way to the service survives a reload: the widget keeps it in
// IndexedDB from its first try until the service answers, and after a reload sends it
// again with the same image_id; the service stores it once. Playwright's page.route
// stands between the widget and the sandbox to hold or drop the upload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSandbox, startPartnerSite, launchBrowser, newPhonePage, waitScreen, shootAndUse, fixture,
} from '../lib/harness.js';

let sandbox; let partner; let browser;

before(async () => {
  partner = await startPartnerSite();
  sandbox = await startSandbox();
  browser = await launchBrowser({ videoFile: fixture('document') });
});

after(async () => {
  await browser?.close();
  await sandbox?.stop();
  await partner?.stop();
});

const UPLOADS = '**/api/v1/verification/*/images';

/** The session's stored images by type, e.g. `{ document_front: 1 }` (accepted only). */
async function acceptedByType(sid) {
  const { status, body } = await sandbox.backendGet(`/api/v1/verification/${sid}/images`);
  assert.equal(status, 200);
  const counts = {};
  for (const i of body.session_images) if (!i.rejected) counts[i.type] = (counts[i.type] || 0) + 1;
  return { counts, total: body.session_images.length };
}

/** The keys of the widget's IndexedDB store of pictures being sent. */
function heldKeys(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('kyc-widget', 1);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('held')) { db.close(); resolve([]); return; }
      const keys = db.transaction('held').objectStore('held').getAllKeys();
      keys.onsuccess = () => { db.close(); resolve(keys.result); };
      keys.onerror = () => reject(keys.error);
    };
    // The widget creates the store; a test never makes an empty database in its place.
    open.onupgradeneeded = () => open.transaction.abort();
    open.onerror = () => resolve([]);
  }));
}

/** Waits until the store's keys are `want` (the widget writes and deletes asynchronously). */
async function waitHeld(page, want) {
  let keys;
  for (let i = 0; i < 50; i += 1) {
    keys = await heldKeys(page);
    if (JSON.stringify(keys) === JSON.stringify(want)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.deepEqual(keys, want);
}

/** Opens the session on a phone page and gives consent. */
async function openSession(s) {
  const errors = [];
  const page = await newPhonePage(browser, { errors });
  await page.goto(s.session_url);
  await waitScreen(page, 'consent');
  await page.getByTestId('consent-accept').click();
  return { page, errors };
}

function captureOf(page, type) {
  return page.locator(`[data-testid="screen-capture"][data-image-type="${type}"]`).waitFor({ timeout: 30000 });
}

test('a reload while the picture is on its way sends it again with the same image_id; the service stores it once', async () => {
  const s = await sandbox.createSession({
    callback_url: partner.callbackUrl, state: 'resume', required_images: ['document_front', 'document_back'],
    mock_behavior: { processing_time: '3s' },
  });
  const { page, errors } = await openSession(s);
  const sent = [];
  let holding = null;
  let arrived;
  const held = new Promise((r) => { arrived = r; });
  await page.route(UPLOADS, async (route) => {
    sent.push(route.request().postDataJSON().image);
    // The first try never reaches the service (a slow network), until the reload ends it.
    if (sent.length === 1) { holding = route; arrived(); return; }
    await route.continue();
  });
  await shootAndUse(page, 'document_front');
  await held;
  await waitScreen(page, 'uploading');
  await waitHeld(page, [`${s.session_id}/document_front`]);
  await page.reload();
  await holding.abort().catch(() => {});
  // After the reload: the same picture goes again, by itself, and the back is asked for.
  await captureOf(page, 'document_back');
  assert.equal(sent.length, 2, 'one try before the reload, one after');
  assert.equal(sent[1].image_type, 'document_front');
  assert.equal(sent[1].image_id, sent[0].image_id, 'the same image_id');
  assert.equal(sent[1].content, sent[0].content, 'the same picture');
  assert.deepEqual(sent[1].capture_margins, sent[0].capture_margins);
  await waitHeld(page, []);
  assert.deepEqual((await acceptedByType(s.session_id)).counts, { document_front: 1 });
  await shootAndUse(page, 'document_back');
  await waitScreen(page, 'waiting');
  await waitHeld(page, []);
  await page.waitForURL((u) => u.pathname === '/callback', { timeout: 30000 });
  const { counts, total } = await acceptedByType(s.session_id);
  assert.deepEqual(counts, { document_front: 1, document_back: 1 });
  assert.equal(total, 2, 'nothing stored twice');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a reload after the service stored the picture but before its answer came: nothing is sent twice', async () => {
  const s = await sandbox.createSession({
    callback_url: partner.callbackUrl, required_images: ['document_front', 'document_back'],
  });
  const { page, errors } = await openSession(s);
  const sent = [];
  let holding = null;
  let arrived;
  const stored = new Promise((r) => { arrived = r; });
  await page.route(UPLOADS, async (route) => {
    sent.push(route.request().postDataJSON().image);
    if (sent.length === 1) {
      // The service gets it and answers; the answer never reaches the page.
      const answer = await route.fetch();
      holding = route;
      arrived(answer.status());
      return;
    }
    await route.continue();
  });
  await shootAndUse(page, 'document_front');
  assert.equal(await stored, 200);
  await page.reload();
  await holding.abort().catch(() => {});
  // The status says the front is in: the back is asked for, the kept front is let go.
  await captureOf(page, 'document_back');
  await waitHeld(page, []);
  assert.equal(sent.length, 1);
  assert.deepEqual((await acceptedByType(s.session_id)).counts, { document_front: 1 });
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('an answer lost on the way back: the retry carries the same image_id and gets the first answer', async () => {
  const s = await sandbox.createSession({
    callback_url: partner.callbackUrl, required_images: ['document_front', 'document_back'],
  });
  const { page, errors } = await openSession(s);
  const sent = [];
  await page.route(UPLOADS, async (route) => {
    sent.push(route.request().postDataJSON().image);
    if (sent.length === 1) {
      await route.fetch();
      await route.abort('connectionreset');
      return;
    }
    await route.continue();
  });
  await shootAndUse(page, 'document_front');
  await captureOf(page, 'document_back');
  assert.equal(sent.length, 2);
  assert.equal(sent[1].image_id, sent[0].image_id);
  const { counts, total } = await acceptedByType(s.session_id);
  assert.deepEqual(counts, { document_front: 1 });
  assert.equal(total, 1);
  // The network error is the page's own console's business, not a widget error.
  assert.deepEqual(errors.filter((e) => !e.includes('ERR_CONNECTION_RESET')), []);
  await page.context().close();
});
