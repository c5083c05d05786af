// Accessibility helpers for the end-to-end tests: axe-core runs (WCAG 2.0 A/AA and
// 2.1 AA rules) over the current screen in every language and both color schemes,
// and a check that every control is at least 44 x 44 CSS px.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const AXE_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../node_modules/axe-core/axe.min.js');
const AXE_SOURCE = readFileSync(AXE_PATH, 'utf8');

/** Every language of the widget, as the picker's option values. */
export const LANGS = ['en', 'de', 'fr', 'es', 'pt', 'ru', 'tr', 'ar'];
/** The color schemes the widget follows (`prefers-color-scheme`). */
export const SCHEMES = ['light', 'dark'];
/** The axe-core rule tags that must pass. */
export const TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa'];

/**
 * Runs axe-core on the page and returns its violations as plain objects. axe is
 * evaluated through the DevTools protocol (the widget's CSP forbids inline scripts).
 */
export async function runAxe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
    }));
  }, TAGS);
}

/** Controls smaller than 44 x 44 CSS px (visible buttons, inputs, selects, links). */
export async function smallTargets(page) {
  return page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('button, select, input, a[href], label.kyc-btn')) {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || style.visibility === 'hidden') continue;
      if (r.width < 44 || r.height < 44) out.push(`${el.outerHTML.slice(0, 80)} ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
    return out;
  });
}

/** Switches the widget's language with its on-screen picker and waits for `<html lang>`. */
export async function pickLanguage(page, lang) {
  await page.selectOption('[data-testid="language-picker"]', lang);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang, { timeout: 5000 });
  // One frame for the re-rendered screen.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
}

/**
 * axe-core over the current screen in every language (switched with the picker) and
 * both color schemes. Returns `{ runs, violations: [{ screen, lang, scheme, ... }] }`
 * and checks each time that the screen `testid` is still shown, in that language.
 */
export async function auditScreen(page, testid) {
  const violations = [];
  let runs = 0;
  for (const scheme of SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const lang of LANGS) {
      await pickLanguage(page, lang);
      await page.getByTestId(testid).waitFor({ state: 'visible', timeout: 5000 });
      for (const v of await runAxe(page)) violations.push({ screen: testid, lang, scheme, ...v });
      for (const s of await smallTargets(page)) violations.push({ screen: testid, lang, scheme, id: 'target-44px', nodes: [s] });
      runs += 1;
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return { runs, violations };
}
