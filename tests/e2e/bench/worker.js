// The analysis worker's speed: the built widget's worker (dist/, served by the real sandbox
// with its CSP) in headless Chromium, fed frames of the fake camera at the analysis size
// (640x360) in its own message format (crates/analysis-worker/wire). Prints, with the CPU at
// full speed and slowed 4x (the phone profile of scripts/bench-load): the time for the worker
// to start (script, wasm) and, for the selfie, to load the face model; then the round trip of
// one frame (post to answer, what the widget's analysis loop waits for) for a document
// (`assess`, the card finder) and a selfie (`assess` and the face check), median and 90th
// percentile of `FRAMES` frames. Asserts nothing.
//
// `node tests/e2e/bench/worker.js` (needs dist/ and the sandbox binary, as the e2e tests).
import { startSandbox, launchBrowser, fixture } from '../lib/harness.js';

const FRAMES = Number(process.env.FRAMES || 40);

/** In the page: starts the worker, then times `frames` analyses of the camera's frames. */
const MEASURE = async ({ selfie, frames }) => {
  const video = document.createElement('video');
  video.muted = true;
  video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { width: 1280, height: 720 } });
  await video.play();
  const canvas = document.createElement('canvas');
  canvas.width = 640; canvas.height = 360;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const frame = () => {
    ctx.drawImage(video, 0, 0, 640, 360);
    const rgba = ctx.getImageData(0, 0, 640, 360).data;
    const luma = new Uint8Array(640 * 360);
    for (let i = 0; i < luma.length; i++) luma[i] = (77 * rgba[4 * i] + 150 * rgba[4 * i + 1] + 29 * rgba[4 * i + 2] + 128) >> 8;
    return luma;
  };
  // The request of the wire format: version 2, what, kind, flag, id, width, height, pixels.
  const request = (what, id, luma) => {
    const bytes = new Uint8Array(16 + (luma ? luma.length : 0));
    const view = new DataView(bytes.buffer);
    bytes.set([2, what, selfie ? 1 : 0, selfie ? 1 : 0]);
    view.setUint32(4, id, true);
    if (luma) { view.setUint32(8, 640, true); view.setUint32(12, 360, true); bytes.set(luma, 16); }
    return bytes.buffer;
  };
  const t0 = performance.now();
  const worker = new Worker('kyc-analysis-worker_loader.js');
  const next = () => new Promise((resolve, reject) => {
    worker.onmessage = (e) => resolve(new Uint8Array(e.data));
    worker.onerror = (e) => reject(new Error(`worker error: ${e.message}`));
  });
  const listening = await next();
  if (listening[1] !== 0) throw new Error(`first answer ${listening[1]}`);
  const startMs = performance.now() - t0;
  let modelMs = null;
  if (selfie) {
    const t1 = performance.now();
    const answered = next();
    worker.postMessage(request(1, 0, null));
    const ready = await answered;
    if (ready[1] !== 3) throw new Error('the face model did not load');
    modelMs = performance.now() - t1;
  }
  const trips = [];
  for (let id = 1; id <= frames; id++) {
    const buffer = request(2, id, frame());
    const t = performance.now();
    const answered = next();
    worker.postMessage(buffer, [buffer]);
    const answer = await answered;
    trips.push(performance.now() - t);
    if (answer[1] !== 1) throw new Error(`answer ${answer[1]} to a frame`);
    await new Promise((r) => setTimeout(r, 20));
  }
  worker.terminate();
  video.srcObject.getTracks().forEach((t) => t.stop());
  return { startMs, modelMs, trips };
};

const q = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
const ms = (v) => (v === null ? '-' : `${v.toFixed(1)} ms`);

const sandbox = await startSandbox();
try {
  console.log(`analysis worker: ${FRAMES} frames of 640x360 each, round trip post -> answer`);
  console.log(`  ${'frame'.padEnd(9)} ${'CPU'.padEnd(4)} ${'worker start'.padStart(13)} ${'face model'.padStart(11)} ${'median'.padStart(9)} ${'p90'.padStart(9)}`);
  for (const selfie of [false, true]) {
    const browser = await launchBrowser({ videoFile: fixture(selfie ? 'selfie' : 'document') });
    try {
      for (const rate of [1, 4]) {
        const context = await browser.newContext();
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await page.goto(`${sandbox.base}/`, { waitUntil: 'load' });
        await cdp.send('Emulation.setCPUThrottlingRate', { rate });
        const r = await page.evaluate(MEASURE, { selfie, frames: FRAMES });
        console.log(`  ${(selfie ? 'selfie' : 'document').padEnd(9)} ${`${rate}x`.padEnd(4)} ${ms(r.startMs).padStart(13)} ${ms(r.modelMs).padStart(11)} ${ms(q(r.trips, 0.5)).padStart(9)} ${ms(q(r.trips, 0.9)).padStart(9)}`);
        await context.close();
      }
    } finally {
      await browser.close();
    }
  }
} finally {
  await sandbox.stop();
}
