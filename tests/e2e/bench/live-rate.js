// The rate of live analysis in the built widget: a document step (a blurred card on the fake
// camera, so guidance runs and nothing is taken) and a selfie step (a scene with no face, so
// nothing is taken and the face check, once the face model is in, scans the whole frame every
// time: its dearest case), each in a fresh context with the CPU at full speed and slowed 4x
// (the phone profile of scripts/bench-load), no network throttling. For each: the frames
// analysed per second the widget shows (`data-fps` of the hint), read every second for
// `GUIDANCE_MS` once the first rate is shown (median and lowest), and the main thread's long
// tasks (long-task observer) over the same time: how many and the longest. Asserts nothing.
//
// `node tests/e2e/bench/live-rate.js` (needs dist/ and the sandbox binary, as the e2e tests).
import { startSandbox, launchBrowser, fixture } from '../lib/harness.js';

const GUIDANCE_MS = Number(process.env.GUIDANCE_MS || 6000);

const PROBE = () => {
  const marks = { longTasks: [] };
  window.__kycRate = marks;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) marks.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
};

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

const sandbox = await startSandbox();
try {
  console.log(`live analysis rate over ${GUIDANCE_MS / 1000} s of guidance (frames/s shown by the widget)`);
  console.log(`  ${'step'.padEnd(9)} ${'CPU'.padEnd(4)} ${'median'.padStart(7)} ${'lowest'.padStart(7)} ${'long tasks'.padStart(11)} ${'longest'.padStart(9)}`);
  for (const [step, video, images] of [['document', 'blurred-document', ['document_front']], ['selfie', 'no-document', ['selfie']]]) {
    const browser = await launchBrowser({ videoFile: fixture(video) });
    try {
      for (const rate of [1, 4]) {
        const s = await sandbox.createSession({ required_images: images });
        const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, hasTouch: true });
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate });
        await page.addInitScript(PROBE);
        await page.goto(s.session_url);
        await page.getByTestId('consent-accept').click({ timeout: 60000 });
        const hint = page.getByTestId('quality-hint');
        // The first rate is shown a second after analysis starts; the face model (asked for
        // when the step starts, served locally) is in well within the next 3 s.
        await page.waitForFunction(() => Number(document.querySelector('[data-testid="quality-hint"]')?.dataset.fps || 0) > 0,
          null, { timeout: 60000, polling: 100 });
        await page.waitForTimeout(3000);
        const from = await page.evaluate(() => performance.now());
        const rates = [];
        for (let t = 0; t < GUIDANCE_MS; t += 1000) {
          await page.waitForTimeout(1000);
          rates.push(Number(await hint.getAttribute('data-fps')));
        }
        const tasks = (await page.evaluate(() => window.__kycRate.longTasks)).filter((lt) => lt.start + lt.duration >= from);
        const longest = tasks.reduce((m, lt) => Math.max(m, lt.duration), 0);
        console.log(`  ${step.padEnd(9)} ${`${rate}x`.padEnd(4)} ${String(median(rates)).padStart(7)} ${String(Math.min(...rates)).padStart(7)} ${String(tasks.length).padStart(11)} ${`${longest.toFixed(0)} ms`.padStart(9)}`);
        await context.close();
      }
    } finally {
      await browser.close();
    }
  }
} finally {
  await sandbox.stop();
}
