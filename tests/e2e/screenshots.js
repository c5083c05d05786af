// Screenshots of the widget's main screens in English and Arabic at 360x740 (a
// small phone), for docs/screenshots/. Not a test: run it by hand after a UI change
// (scripts/build-widget and `cargo build -p kyc-sandbox -p kyc-quality --examples`
// first), then commit the pictures:
//
//   cd tests/e2e && node screenshots.js            # every language listed below
//   cd tests/e2e && SHOT_LANGS=ar node screenshots.js
//
// The real sandbox serves the built widget (KYC_DIST overrides dist/); the camera is
// Chromium's fake camera showing the generated document picture.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startSandbox, launchBrowser, waitScreen, fixture, ROOT } from './lib/harness.js';

const OUT = path.join(ROOT, 'docs', 'screenshots');
const LANGS = (process.env.SHOT_LANGS || 'en,ar').split(',');
const VIEWPORT = { width: 360, height: 740 };
// A phone's browser (on a desktop the widget also offers to continue on a phone).
const PHONE_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36';

async function shot(page, lang, name) {
  // Let fonts, the camera frame and the focus settle.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const file = path.join(OUT, `${lang}-${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  console.log(`wrote ${path.relative(ROOT, file)}`);
}

async function phone(browser, lang) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, hasTouch: true, isMobile: true, userAgent: PHONE_UA, locale: lang, colorScheme: 'light' });
  return context.newPage();
}

async function cameraPlaying(page) {
  await page.waitForFunction(() => {
    const v = document.querySelector('[data-testid="camera-video"]');
    return v && v.videoWidth > 0 && v.readyState >= 2;
  }, null, { timeout: 30000 });
}

mkdirSync(OUT, { recursive: true });
const sandbox = await startSandbox();
const browser = await launchBrowser({ videoFile: fixture('document') });
const noCamera = await launchBrowser({ noCamera: true });
try {
  for (const lang of LANGS) {
    // consent -> capture -> preview -> waiting -> final, in the session's language.
    const s = await sandbox.createSession({ locale: lang, required_images: ['document_front'], mock_behavior: { processing_time: '4s' } });
    let page = await phone(browser, lang);
    await page.goto(s.session_url);
    await waitScreen(page, 'consent');
    await shot(page, lang, 'consent');
    await page.getByTestId('consent-accept').click();
    await waitScreen(page, 'capture');
    await cameraPlaying(page);
    await page.waitForTimeout(400);
    await shot(page, lang, 'capture');
    if (!(await page.getByTestId('screen-preview').isVisible())) await page.getByTestId('shutter').click().catch(() => {});
    await waitScreen(page, 'preview');
    await page.waitForFunction(() => document.querySelector('.kyc-preview img')?.complete);
    await shot(page, lang, 'preview');
    await page.getByTestId('use-photo').click();
    await waitScreen(page, 'waiting', 30000);
    await shot(page, lang, 'waiting');
    await waitScreen(page, 'final', 30000);
    await shot(page, lang, 'final');
    await page.context().close();

    // A broken link (no session: the browser's language).
    page = await phone(browser, lang);
    await page.goto(`${sandbox.base}/`);
    await waitScreen(page, 'link-error');
    await shot(page, lang, 'link-error');
    await page.context().close();

    // No camera.
    const s2 = await sandbox.createSession({ locale: lang });
    page = await phone(noCamera, lang);
    await page.goto(s2.session_url);
    await waitScreen(page, 'consent');
    await page.getByTestId('consent-accept').click();
    await waitScreen(page, 'camera-problem');
    await shot(page, lang, 'camera-problem');
    await page.context().close();
  }
} finally {
  await browser.close();
  await noCamera.close();
  await sandbox.stop();
}
