// Theming: the session's `theme` reaches the widget as CSS custom
// properties on its root (the partner's color on the primary button, corner
// radius, font, logo in the header), and `color_scheme` fixes light or dark;
// without it the widget follows prefers-color-scheme.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, launchBrowser, newPhonePage, waitScreen } from '../lib/harness.js';

let sandbox; let browser;

// A 1x1 PNG.
const LOGO = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

before(async () => {
  sandbox = await startSandbox();
  browser = await launchBrowser({ noCamera: true });
});

after(async () => {
  await browser?.close();
  await sandbox?.stop();
});

/** Computed styles the test reads on the consent screen. */
async function looks(page) {
  return page.evaluate(() => {
    const root = document.querySelector('.kyc-root');
    const btn = document.querySelector('[data-testid="consent-accept"]');
    const cs = getComputedStyle(btn);
    return {
      dataTheme: root.getAttribute('data-theme'),
      styleAttr: root.getAttribute('style'),
      rootBg: getComputedStyle(root).backgroundColor,
      btnBg: cs.backgroundColor,
      btnColor: cs.color,
      btnRadius: cs.borderTopLeftRadius,
      font: getComputedStyle(root).fontFamily,
      logo: (() => {
        const img = document.querySelector('header [data-testid="partner-logo"]');
        return img && { alt: img.getAttribute('alt'), src: img.getAttribute('src') };
      })(),
    };
  });
}

async function open(theme, colorScheme) {
  const s = await sandbox.createSession(theme ? { theme } : {});
  const page = await newPhonePage(browser);
  if (colorScheme) await page.emulateMedia({ colorScheme });
  await page.goto(s.session_url);
  await waitScreen(page, 'consent');
  return page;
}

test('a themed session shows the partner color on the primary button, its radius, font and logo, in the fixed dark scheme', async () => {
  const page = await open({
    primary_color: '#ffd400', corner_radius: 4, font_family: 'Verdana', logo_url: LOGO, color_scheme: 'dark',
  }, 'light');
  const l = await looks(page);
  assert.equal(l.dataTheme, 'dark');
  assert.equal(l.rootBg, 'rgb(15, 17, 21)', 'the built-in dark background, though the browser prefers light');
  assert.equal(l.btnBg, 'rgb(255, 212, 0)');
  assert.equal(l.btnColor, 'rgb(0, 0, 0)', 'dark text on a light partner color');
  assert.equal(l.btnRadius, '4px');
  assert.match(l.font, /^Verdana, system-ui/);
  assert.deepEqual(l.logo, { alt: '', src: LOGO });
  await page.context().close();
});

test('color_scheme light wins over a browser that prefers dark', async () => {
  const page = await open({ primary_color: 'rgb(10, 85, 214)', color_scheme: 'light' }, 'dark');
  const l = await looks(page);
  assert.equal(l.dataTheme, 'light');
  assert.equal(l.rootBg, 'rgb(255, 255, 255)');
  assert.equal(l.btnBg, 'rgb(10, 85, 214)');
  assert.equal(l.btnColor, 'rgb(255, 255, 255)');
  await page.context().close();
});

test('without a theme the widget follows prefers-color-scheme and shows no logo', async () => {
  const dark = await open(null, 'dark');
  let l = await looks(dark);
  assert.equal(l.dataTheme, null);
  assert.equal(l.rootBg, 'rgb(15, 17, 21)');
  assert.equal(l.logo, null);
  await dark.context().close();
  const light = await open(null, 'light');
  l = await looks(light);
  assert.equal(l.rootBg, 'rgb(255, 255, 255)');
  assert.equal(l.btnBg, 'rgb(10, 85, 214)', 'the default primary');
  await light.context().close();
});
