// Languages on demand: only English is in the widget's code; another language's
// catalogue (dist/i18n/<tag>.json) is downloaded by the page's inline script while the
// code loads, and the first screen appears in that language, never first in English. A
// catalogue that cannot be had leaves the widget in English; a slow one is waited for
// 2.5 s at most, then shown when it arrives.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startSandbox, launchBrowser, waitScreen, ROOT } from '../lib/harness.js';

const EN_CONSENT_TITLE = 'Verify your identity';
const DE_CONSENT_TITLE = 'Bestätigen Sie Ihre Identität';
const AR_CONSENT_TITLE = 'التحقق من هويتك';
/** Texts of the English catalogue that a German customer must never see. */
const ENGLISH = [EN_CONSENT_TITLE, 'Getting things ready…'];

let sandbox; let browser;

before(async () => {
  sandbox = await startSandbox();
  browser = await launchBrowser({ noCamera: true });
});

after(async () => {
  await browser?.close();
  await sandbox?.stop();
});

/**
 * A phone-sized page in `locale` that records every heading text and page title it
 * ever shows (from the first parse on) and every catalogue request.
 */
async function languagePage(locale) {
  const context = await browser.newContext({ locale, viewport: { width: 360, height: 740 } });
  await context.addInitScript(() => {
    window.kycShown = [];
    const note = () => {
      for (const text of [document.title, ...[...document.querySelectorAll('h1')].map((h) => h.textContent)]) {
        if (text && !window.kycShown.includes(text)) window.kycShown.push(text);
      }
    };
    new MutationObserver(note).observe(document, { subtree: true, childList: true, characterData: true });
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const catalogues = [];
  page.on('request', (r) => {
    if (r.url().includes('/i18n/')) catalogues.push(new URL(r.url()).pathname);
  });
  return { page, errors, catalogues };
}

const shown = (page) => page.evaluate(() => window.kycShown);

test('the wasm carries English only; every other language is a catalogue file', () => {
  const dist = path.join(process.env.KYC_DIST || path.join(ROOT, 'dist'));
  // The widget's own wasm (the analysis worker's is another file, loaded later).
  const wasm = readdirSync(dist).find((f) => f.startsWith('kyc-widget-') && f.endsWith('_bg.wasm'));
  const code = readFileSync(path.join(dist, wasm));
  assert.ok(code.includes(Buffer.from(EN_CONSENT_TITLE)));
  assert.ok(!code.includes(Buffer.from(DE_CONSENT_TITLE)));
  assert.ok(!code.includes(Buffer.from(AR_CONSENT_TITLE)));
  const files = readdirSync(path.join(dist, 'i18n')).filter((f) => f.endsWith('.json')).sort();
  assert.deepEqual(files, ['ar.json', 'de.json', 'es.json', 'fr.json', 'pt.json', 'ru.json', 'tr.json']);
});

test('a German customer sees the first screen in German, from the catalogue fetched while the code loads', async () => {
  const { page, errors, catalogues } = await languagePage('de-DE');
  // The catalogue as served, with the consent title marked: the screen shows what was loaded.
  await page.route('**/i18n/de.json', async (route) => {
    const res = await route.fetch();
    const body = (await res.text()).replace(DE_CONSENT_TITLE, `${DE_CONSENT_TITLE} (geladen)`);
    await route.fulfill({ response: res, body });
  });
  // The widget's code is held back 300 ms, as a slow network would.
  await page.route('**/*.wasm', async (route) => { await new Promise((r) => setTimeout(r, 300)); await route.continue(); });
  let catalogueBeforeWasm = null;
  page.on('request', (r) => {
    if (catalogueBeforeWasm === null && r.url().includes('/i18n/')) catalogueBeforeWasm = true;
  });
  page.on('requestfinished', (r) => {
    if (catalogueBeforeWasm === null && r.url().endsWith('.wasm')) catalogueBeforeWasm = false;
  });
  const s = await sandbox.createSession({ locale: 'de-DE' });
  await page.goto(s.session_url);
  await waitScreen(page, 'consent');
  assert.equal(await page.textContent('h1'), `${DE_CONSENT_TITLE} (geladen)`);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
  assert.equal(await page.title(), 'Identitätsprüfung');
  const seen = await shown(page);
  for (const english of ENGLISH) assert.ok(!seen.includes(english), `English shown: ${JSON.stringify(seen)}`);
  assert.equal(catalogueBeforeWasm, true);
  // The widget took the page's download.
  assert.deepEqual(catalogues, ['/i18n/de.json']);
  assert.deepEqual(errors, []);
  // Switching on screen still works, to English and to a language not loaded yet.
  await page.selectOption('[data-testid="language-picker"]', 'en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await page.textContent('h1'), EN_CONSENT_TITLE);
  await page.selectOption('[data-testid="language-picker"]', 'ar');
  await page.waitForFunction(() => document.documentElement.lang === 'ar');
  assert.equal(await page.textContent('h1'), AR_CONSENT_TITLE);
  assert.deepEqual(catalogues, ['/i18n/de.json', '/i18n/ar.json']);
  await page.context().close();
});

test('the session locale wins before anything is shown', async () => {
  const { page, errors, catalogues } = await languagePage('de-DE');
  const s = await sandbox.createSession({ locale: 'ar-EG' });
  await page.goto(s.session_url);
  await waitScreen(page, 'consent');
  assert.equal(await page.textContent('h1'), AR_CONSENT_TITLE);
  const seen = await shown(page);
  for (const other of [...ENGLISH, DE_CONSENT_TITLE, 'Einen Moment bitte…']) {
    assert.ok(!seen.includes(other), `another language shown: ${JSON.stringify(seen)}`);
  }
  // The browser's language, fetched on a guess while the session started, and the session's.
  assert.deepEqual(catalogues.sort(), ['/i18n/ar.json', '/i18n/de.json']);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a catalogue that cannot be had: English at once; one that is too slow: English after the wait, then the language', async () => {
  let { page, errors } = await languagePage('de-DE');
  await page.route('**/i18n/*.json', (route) => route.abort());
  let s = await sandbox.createSession({});
  await page.goto(s.session_url);
  await waitScreen(page, 'consent');
  assert.equal(await page.textContent('h1'), EN_CONSENT_TITLE);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  // The picker says what is shown.
  assert.equal(await page.$eval('[data-testid="language-picker"]', (el) => el.value), 'en');
  assert.deepEqual(errors, []);
  await page.context().close();

  ({ page, errors } = await languagePage('de-DE'));
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/i18n/de.json', async (route) => { await held; await route.continue(); });
  s = await sandbox.createSession({});
  const start = Date.now();
  await page.goto(s.session_url);
  await waitScreen(page, 'consent');
  const waited = Date.now() - start;
  assert.equal(await page.textContent('h1'), EN_CONSENT_TITLE);
  assert.ok(waited >= 2000 && waited < 10000, `waited ${waited} ms`);
  release();
  await page.waitForFunction(() => document.documentElement.lang === 'de', null, { timeout: 10000 });
  assert.equal(await page.textContent('h1'), DE_CONSENT_TITLE);
  assert.deepEqual(errors, []);
  await page.context().close();
});
