// What the main thread's long tasks during live guidance are made of: one session of the load
// benchmark's (tests/e2e/bench/load.js: Slow 4G, CPU 4x slower, a blurred card on the fake
// camera, a document-only session) with the page's sampling CPU profiler on from the live
// camera for `GUIDANCE_MS`. For each long task (long-task observer), prints its time and the
// functions that took most of it (self time; wasm functions by name when the build keeps them:
// `data-wasm-opt-params="-g"`), with `(program)` the browser's own work (style, layout, paint,
// decoding) and `(garbage collector)`. Asserts nothing.
//
// `KYC_DIST=<a dist built with names> node tests/e2e/bench/long-tasks.js`
import { startSandbox, launchBrowser, fixture } from '../lib/harness.js';

const GUIDANCE_MS = Number(process.env.GUIDANCE_MS || 5000);
const SLOW_4G = {
  offline: false, latency: 150 * 3.75, downloadThroughput: (1.6 * 1000 * 1000 / 8) * 0.9,
  uploadThroughput: (750 * 1000 / 8) * 0.9, connectionType: 'cellular4g',
};

const PROBE = () => {
  const marks = { live: null, longTasks: [] };
  window.__kycTasks = marks;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) marks.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  document.addEventListener('playing', (e) => {
    if (marks.live === null && e.target instanceof HTMLVideoElement && e.target.videoWidth > 0) marks.live = performance.now();
  }, true);
};

const sandbox = await startSandbox();
const browser = await launchBrowser({ videoFile: fixture('blurred-document') });
try {
  const s = await sandbox.createSession({ required_images: ['document_front'] });
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, hasTouch: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await page.addInitScript(PROBE);
  await page.goto(s.session_url, { waitUntil: 'commit' });
  await page.getByTestId('consent-accept').click({ timeout: 60000 });
  await page.waitForFunction(() => window.__kycTasks.live !== null, null, { timeout: 60000, polling: 50 });
  // The profile's clock is the page's monotonic clock in microseconds; its origin is learnt
  // from a mark taken at its start.
  await cdp.send('Profiler.start');
  const startedAt = await page.evaluate(() => performance.now());
  await page.waitForTimeout(GUIDANCE_MS);
  const { profile } = await cdp.send('Profiler.stop');
  const marks = await page.evaluate(() => window.__kycTasks);
  const fps = await page.getByTestId('quality-hint').getAttribute('data-fps');
  console.log(`analysis rate at the end: ${fps} frames/s; long tasks before the live camera: ${marks.longTasks.filter((lt) => lt.start + lt.duration < marks.live).length}`);
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const name = (n) => {
    const f = n.callFrame;
    const fn = f.functionName || '(anonymous)';
    return f.url ? `${fn} ${f.url.split('/').pop()}` : fn;
  };
  // Sample times on the page's clock (ms).
  let t = profile.startTime;
  const samples = profile.samples.map((id, i) => { t += profile.timeDeltas[i]; return [id, t]; });
  const origin = samples.length ? samples[0][1] / 1000 - startedAt : 0;
  const during = marks.longTasks.filter((lt) => lt.start + lt.duration >= marks.live);
  console.log(`long tasks from the live camera on (${GUIDANCE_MS} ms of guidance): ${during.length}`);
  for (const lt of during.sort((a, b) => b.duration - a.duration).slice(0, 8)) {
    const self = new Map();
    let count = 0;
    for (const [id, at] of samples) {
      const ms = at / 1000 - origin;
      if (ms < lt.start || ms > lt.start + lt.duration) continue;
      const key = name(nodes.get(id));
      self.set(key, (self.get(key) || 0) + 1);
      count++;
    }
    const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6)
      .map(([k, v]) => `${k} ${Math.round((100 * v) / Math.max(1, count))}%`).join('; ');
    console.log(`  ${lt.duration.toFixed(0)} ms at +${(lt.start - marks.live).toFixed(0)} ms: ${top || '(no samples)'}`);
  }
  await context.close();
} finally {
  await browser.close();
  await sandbox.stop();
}
