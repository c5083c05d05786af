import { startSandbox, startPartnerSite, launchBrowser, newPhonePage, waitScreen, shootAndUse, fixture } from './lib/harness.js';
const partner = await startPartnerSite();
const sandbox = await startSandbox({ allowedOrigins: [partner.origin] });
const browser = await launchBrowser({ videoFile: fixture('document') });
const t0 = Date.now();
const log = (...a) => console.log(((Date.now() - t0) / 1000).toFixed(1), ...a);
let page;
try {
  const s = await sandbox.createSession({ callback_url: partner.callbackUrl, state: 'x', mock_behavior: { processing_time: '2s' } });
  const errors = [];
  page = await newPhonePage(browser, { errors });
  page.on('requestfailed', (r) => log('reqfailed', r.url()));
  page.on('response', (r) => { if (r.status() >= 400) log('resp', r.status(), r.url()); });
  await page.goto(s.session_url);
  await waitScreen(page, 'consent');
  log('consent');
  await page.getByTestId('consent-accept').click();
  for (const t of ['document_front', 'document_back', 'selfie']) { await shootAndUse(page, t); log('shot', t); }
  await waitScreen(page, 'waiting'); log('waiting');
  await waitScreen(page, 'final', 30000); log('final');
  await page.waitForURL((u) => u.pathname === '/callback', { timeout: 30000 }); log('callback', page.url());
  console.log(errors);
} catch (e) {
  log('FAIL', e.message);
  console.log(await page.evaluate(() => document.body.innerHTML));
} finally {
  await browser.close(); await sandbox.stop(); await partner.stop();
}
