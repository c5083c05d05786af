// The load benchmark: the built widget (dist/, precompressed) served by the real
// sandbox, in headless Chromium on DevTools' "Slow 4G" profile (562.5 ms round
// trip, 180 KB/s down, 84.375 KB/s up) with the CPU slowed 4x, against the core
// of onfido-sdk-ui 13.8.7 (npm: dist/onfido.min.js with its English strings,
// and dist/style.css) served brotli by a local server, in the same run, on the
// same profile. Each session is a fresh browser context (empty cache).
//
// Prints the median of `RUNS` sessions (default 3) of: first-load bytes on the
// wire (every non-API response up to the consent screen, headers included),
// time from opening the link to the consent screen, to a live camera (consent
// accepted at once; the fake camera shows a blurred card, so guidance runs and
// nothing is taken), the longest main-thread task (long-task observer) in the
// first `GUIDANCE_MS` of live guidance; the peer's bytes and time to its script
// loaded and run; the ratios; and each goal as met or not. Asserts nothing:
// figures are reported, not tested (exit status 0 unless the run itself fails).
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox, launchBrowser, fixture } from '../lib/harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const RUNS = Number(process.env.RUNS || 3);
const GUIDANCE_MS = Number(process.env.GUIDANCE_MS || 5000);
// DevTools' "Slow 4G" (formerly "Fast 3G"): its own figures.
const SLOW_4G = {
  offline: false, latency: 150 * 3.75, downloadThroughput: (1.6 * 1000 * 1000 / 8) * 0.9,
  uploadThroughput: (750 * 1000 / 8) * 0.9, connectionType: 'cellular4g',
};
const CPU_SLOWDOWN = 4;
const GOALS = { firstLoadBytes: 150 * 1024, consentShareOfPeer: 0.5, cameraMs: 3500, longTaskMs: 50 };

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const sec = (ms) => `${(ms / 1000).toFixed(2)} s`;

/** Records, in the page, when the consent screen and a playing camera first appear, and long tasks. */
const PAGE_PROBE = () => {
  const marks = { consent: null, live: null, longTasks: [] };
  window.__kycBench = marks;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) marks.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch { /* no long-task API */ }
  const check = () => {
    if (marks.consent === null && document.querySelector('[data-testid="screen-consent"]')) marks.consent = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true });
  document.addEventListener('playing', (e) => {
    const v = e.target;
    if (marks.live === null && v instanceof HTMLVideoElement && v.videoWidth > 0) marks.live = performance.now();
  }, true);
};

/** A throttled page in a fresh context; returns it with the wire bytes it has received so far. */
async function throttledPage(browser) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, hasTouch: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  const urls = new Map();
  const wire = { page: 0, api: 0, files: [] };
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
  cdp.on('Network.loadingFinished', (e) => {
    const url = urls.get(e.requestId) || '';
    if (new URL(url, 'http://x').pathname.startsWith('/api/')) wire.api += e.encodedDataLength;
    else { wire.page += e.encodedDataLength; wire.files.push([path.basename(new URL(url).pathname) || '/', e.encodedDataLength]); }
  });
  return { context, page, wire };
}

async function ourSession(browser, sandbox) {
  const s = await sandbox.createSession({ required_images: ['document_front'] });
  const { context, page, wire } = await throttledPage(browser);
  await page.addInitScript(PAGE_PROBE);
  await page.goto(s.session_url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__kycBench?.consent !== null, null, { timeout: 60000, polling: 50 });
  const firstLoad = wire.page;
  const files = [...wire.files];
  await page.getByTestId('consent-accept').click();
  await page.waitForFunction(() => window.__kycBench.live !== null, null, { timeout: 60000, polling: 50 });
  await page.waitForTimeout(GUIDANCE_MS);
  const marks = await page.evaluate(() => window.__kycBench);
  // When the capture steps' module (src/components/later.rs) was asked for and was in.
  const later = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => /kyc-widget-later-capture-/.test(e.name)).map((e) => [e.startTime, e.responseEnd])[0] || null);
  // Tasks still running when the camera went live, or started after.
  const during = marks.longTasks.filter((t) => t.start + t.duration >= marks.live);
  const longest = during.reduce((m, t) => (t.duration > m.duration ? t : m), { start: marks.live, duration: 0 });
  await context.close();
  return {
    firstLoad, files, consentMs: marks.consent, liveMs: marks.live, later,
    longestMs: longest.duration, longestAt: longest.start - marks.live, longTasks: during.length,
  };
}

/** The peer's core, brotli, from a local server; the time its script has loaded and run. */
async function startPeerServer() {
  const dist = path.join(here, '..', 'node_modules', 'onfido-sdk-ui', 'dist');
  const version = JSON.parse(readFileSync(path.join(dist, '..', 'package.json'), 'utf8')).version;
  const br = (file) => brotliCompressSync(readFileSync(path.join(dist, file)), { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } });
  const files = {
    '/onfido.min.js': ['text/javascript', br('onfido.min.js')],
    '/style.css': ['text/css', br('style.css')],
    '/': ['text/html', brotliCompressSync(Buffer.from(
      '<!doctype html><html lang=en><meta charset=utf-8><meta name=viewport content="width=device-width,initial-scale=1">'
      + '<title>peer</title><link rel=stylesheet href=/style.css>'
      + '<script src=/onfido.min.js onload="window.__peerRun=performance.now()"></script><div id=onfido-mount></div>',
    ))],
  };
  const server = createServer((req, res) => {
    const f = files[new URL(req.url, 'http://x').pathname];
    if (!f) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': f[0], 'content-encoding': 'br', 'cache-control': 'no-cache' });
    res.end(f[1]);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/`, version, stop: () => new Promise((r) => server.close(r)) };
}

async function peerSession(browser, peer) {
  const { context, page, wire } = await throttledPage(browser);
  await page.goto(peer.url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__peerRun !== undefined, null, { timeout: 120000, polling: 50 });
  const runMs = await page.evaluate(() => window.__peerRun);
  await page.waitForTimeout(200);
  const bytes = wire.page;
  await context.close();
  return { bytes, runMs };
}

const sandbox = await startSandbox();
const peer = await startPeerServer();
const browser = await launchBrowser({ videoFile: fixture('blurred-document') });
try {
  const ours = []; const theirs = [];
  for (let i = 0; i < RUNS; i++) {
    ours.push(await ourSession(browser, sandbox));
    theirs.push(await peerSession(browser, peer));
  }
  const m = {
    firstLoad: median(ours.map((r) => r.firstLoad)), consent: median(ours.map((r) => r.consentMs)),
    live: median(ours.map((r) => r.liveMs)), longest: median(ours.map((r) => r.longestMs)),
    peerBytes: median(theirs.map((r) => r.bytes)), peerRun: median(theirs.map((r) => r.runMs)),
  };
  const ua = await browser.version();
  console.log(`load benchmark: Chromium ${ua}, DevTools "Slow 4G" (562.5 ms RTT, 180 KB/s down, 84 KB/s up), CPU ${CPU_SLOWDOWN}x slower, median of ${RUNS} fresh sessions`);
  console.log(`  first load of ours (first session): ${ours[0].files.map(([f, b]) => `${f} ${kb(b)}`).join(', ')}`);
  const row = (label, a, b, fmt) => console.log(`  ${label.padEnd(40)} ${fmt(a).padStart(10)}  ${b === null ? '' : fmt(b).padStart(13)}  ${b === null ? '' : `${(a / b).toFixed(2)}x`}`);
  console.log(`  ${''.padEnd(40)} ${'ours'.padStart(10)}  ${`onfido ${peer.version}`.padStart(13)}  ratio`);
  row('first load on the wire (brotli)', m.firstLoad, m.peerBytes, kb);
  row('consent screen / peer script loaded+run', m.consent, m.peerRun, sec);
  row('camera live', m.live, null, sec);
  console.log(`  ${'longest main-thread task, live guidance'.padEnd(40)} ${(m.longest > 0 ? `${m.longest.toFixed(0)} ms` : 'none >= 50 ms').padStart(10)}`);
  console.log(`  per session, ours: ${ours.map((r) => `consent ${sec(r.consentMs)}, live ${sec(r.liveMs)}${r.later ? ` (capture steps' module asked ${sec(r.later[0])}, in ${sec(r.later[1])})` : ''}, ${r.longTasks} long tasks, longest ${r.longestMs.toFixed(0)} ms at ${r.longestAt >= 0 ? '+' : ''}${r.longestAt.toFixed(0)} ms from live`).join('; ')}`);
  console.log(`  per session, peer: ${theirs.map((r) => `${sec(r.runMs)} (${kb(r.bytes)})`).join(', ')}`);
  const goal = (text, ok) => console.log(`  goal ${text}: ${ok ? 'met' : 'NOT met'}`);
  goal(`first load <= ${kb(GOALS.firstLoadBytes)} brotli`, m.firstLoad <= GOALS.firstLoadBytes);
  goal(`consent screen <= ${GOALS.consentShareOfPeer} of the peer's load (${sec(GOALS.consentShareOfPeer * m.peerRun)})`, m.consent <= GOALS.consentShareOfPeer * m.peerRun);
  goal(`camera live <= ${sec(GOALS.cameraMs)}`, m.live <= GOALS.cameraMs);
  goal(`longest task <= ${GOALS.longTaskMs} ms`, m.longest <= GOALS.longTaskMs);
} finally {
  await browser.close();
  await peer.stop();
  await sandbox.stop();
}
