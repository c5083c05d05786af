// The fault-injection run: many sessions driven by real Chromium against the real
// sandbox through the upload path (the browser has no camera: "Upload a photo instead"),
// while faults are injected between the widget and the service (Playwright's page.route
// answers 503 or 429, drops connections before or after the service got the request,
// holds a request 5 s), the browser goes offline for a while, the page is reloaded during
// an upload, and the sandbox is killed (SIGKILL) during an upload and started again on the
// same database file. At the end the service must hold, for every session, exactly the
// pictures the customer confirmed: none lost, none twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSandbox, launchBrowser, newPhonePage, freePort } from './harness.js';
import { jpeg } from './pictures.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const REQUIRED = ['document_front', 'document_back', 'selfie'];
/** Faults injected on upload requests, and on the other widget calls (consent, status). */
const UPLOAD_FAULTS = ['503', '429', 'drop', 'drop-after-service', 'latency-5s', 'offline', 'reload'];
const CALL_FAULTS = ['503', '429', 'drop', 'latency-5s'];

/** A small deterministic generator (mulberry32), so that a run can be repeated with its seed. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Each session's faults: for its uploads, a queue consumed one per upload request (a 503
 * or 429 fault is a burst of 2 or 3 requests in a row); for its other calls, a shorter one.
 */
function plan(rand, uploadFaults, callFaults) {
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const burst = (kind) => (kind === '503' || kind === '429' ? Array(2 + Math.floor(rand() * 2)).fill(kind) : [kind]);
  const uploads = [];
  // Each kind once before any repeats, so that a short run still sees every kind.
  const kinds = [...UPLOAD_FAULTS].sort(() => rand() - 0.5);
  for (let i = 0; i < uploadFaults; i += 1) uploads.push(...burst(i < kinds.length ? kinds[i] : pick(UPLOAD_FAULTS)));
  const calls = [];
  for (let i = 0; i < callFaults; i += 1) calls.push(...burst(pick(CALL_FAULTS)));
  return { uploads, calls };
}

/**
 * Runs `sessions` sessions, `concurrency` at a time, each with `uploadFaults` fault
 * groups on its uploads and `callFaults` on its other calls, and kills the sandbox during
 * an upload `kills` times. Returns `{ faults: Map(kind -> count), results: [...], seconds }`.
 */
export async function runFaults({
  sessions = 16, concurrency = 4, uploadFaults = 5, callFaults = 1, kills = 2, seed = 11, log = () => {},
} = {}) {
  const started = Date.now();
  const dir = mkdtempSync(path.join(tmpdir(), 'kyc-faults-'));
  const dbPath = path.join(dir, 'sandbox.sqlite');
  const port = await freePort();
  let sandbox = await startSandbox({ dbPath, port });
  const base = sandbox.base;
  const faults = new Map();
  const count = (kind, n = 1) => faults.set(kind, (faults.get(kind) || 0) + n);
  const rand = random(seed);

  // The sandbox, killed during an upload and started again on the same port and file.
  let up = Promise.resolve();
  let killsLeft = kills;
  let restarting = false;
  // Spread the kills over the run: one after every `every` upload requests.
  const every = Math.max(4, Math.floor((sessions * 3) / (kills + 1)));
  let uploadRequests = 0;
  async function killDuringUpload() {
    restarting = true;
    let done;
    up = new Promise((r) => { done = r; });
    // The upload is on its way to the service: kill it while the service handles it.
    await sleep(30);
    await sandbox.kill();
    count('sandbox killed during an upload');
    log('sandbox killed');
    await sleep(2000);
    for (let i = 0; ; i += 1) {
      try {
        sandbox = await startSandbox({ dbPath, port });
        break;
      } catch (e) {
        if (i === 20) throw e;
        await sleep(250);
      }
    }
    log('sandbox restarted');
    restarting = false;
    done();
  }

  const browser = await launchBrowser({ noCamera: true });
  const scratch = await browser.newPage();
  const files = {
    document_front: await jpeg(scratch, 'document'),
    document_back: await jpeg(scratch, 'document'),
    selfie: await jpeg(scratch, 'selfie'),
  };
  await scratch.close();

  async function runSession(n) {
    const s = await sandbox.createSession({ required_images: REQUIRED, mock_behavior: { processing_time: '1s' } });
    const page = await newPhonePage(browser);
    const context = page.context();
    const todo = plan(rand, uploadFaults, callFaults);
    const sent = Object.fromEntries(REQUIRED.map((t) => [t, new Set()]));
    const confirmed = Object.fromEntries(REQUIRED.map((t) => [t, 0]));
    let reloading = null;

    await page.route(`${base}/api/v1/verification/${s.session_id}/**`, async (route) => {
      const req = route.request();
      const upload = req.method() === 'POST' && req.url().endsWith('/images');
      if (upload) {
        const image = req.postDataJSON().image;
        sent[image.image_type].add(image.image_id);
        uploadRequests += 1;
        if (killsLeft > 0 && !restarting && uploadRequests % every === 0) {
          killsLeft -= 1;
          await route.continue().catch(() => {});
          await killDuringUpload();
          return;
        }
      } else if (req.url().endsWith('/start')) {
        return route.continue();
      }
      const kind = (upload ? todo.uploads : todo.calls).shift();
      try {
        switch (kind) {
          case '503':
            count('503 answer');
            return await route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"unavailable","message":"injected"}' });
          case '429':
            count('429 answer (Retry-After: 1)');
            return await route.fulfill({ status: 429, headers: { 'retry-after': '1' }, contentType: 'application/json', body: '{"error":"rate_limited","message":"injected"}' });
          case 'drop':
            count('connection dropped before the service');
            return await route.abort('connectionreset');
          case 'drop-after-service':
            // The service gets the upload and answers; the answer is lost on the way back.
            count('connection dropped after the service answered');
            await route.fetch().catch(() => {});
            return await route.abort('connectionreset');
          case 'latency-5s':
            count('5 s latency');
            await sleep(5000);
            return await route.continue();
          case 'offline':
            count('browser offline for 4 s');
            await context.setOffline(true);
            await route.abort('internetdisconnected');
            await sleep(4000);
            return await context.setOffline(false);
          case 'reload':
            // The page goes away with the upload on its way (after the sandbox is up).
            count('page reloaded during an upload');
            await up;
            reloading = page.reload({ timeout: 60000 }).catch(() => {});
            await reloading;
            return await route.abort().catch(() => {});
          default:
            return await route.continue();
        }
      } catch {
        // The page went away (a reload) while the fault was being played: nothing to do.
      }
    });

    const screen = () => page.evaluate(() => {
      const el = document.querySelector('[data-testid^="screen-"]');
      return el ? { name: el.dataset.testid.slice(7), type: el.dataset.imageType, status: el.dataset.status, kind: el.dataset.kind } : null;
    }).catch(() => null);
    const leave = async (name, ms = 15000) => {
      for (let t = 0; t < ms; t += 100) {
        const now = await screen();
        if (!now || now.name !== name) return;
        await sleep(100);
      }
    };

    await page.goto(s.session_url);
    let outcome = 'timeout';
    let blank = 0;
    const deadline = Date.now() + 240000;
    while (Date.now() < deadline) {
      const now = await screen();
      if (!now) {
        // No widget: a load that failed while the sandbox was down.
        blank += 1;
        if (blank > 40) { await up; await page.reload().catch(() => {}); blank = 0; }
        await sleep(250);
        continue;
      }
      blank = 0;
      const click = (id) => page.getByTestId(id).click({ timeout: 2000 }).then(() => true, () => false);
      if (now.name === 'final') { outcome = now.status; break; }
      if (now.name === 'link-error') { outcome = `link error: ${now.kind}`; break; }
      if (now.name === 'consent') await click('consent-accept');
      else if (now.name === 'camera-problem') await click('use-upload-instead');
      else if (now.name === 'capture') {
        const input = page.getByTestId('upload-input');
        if (await input.count()) {
          await input.setInputFiles(files[now.type]).catch(() => {});
          await leave('capture');
        }
      } else if (now.name === 'preview') {
        const type = await page.getByTestId('screen-preview').getAttribute('data-image-type').catch(() => null);
        // Counted once the preview is left, its only way out here: a click that a busy page
        // answers after its timeout still confirms the picture, and a missed one is retried.
        await click('use-photo');
        await leave('preview');
        if (type && (await screen())?.name !== 'preview') confirmed[type] += 1;
      } else if (now.name === 'uploading') {
        if (await page.getByTestId('retry-upload').isVisible().catch(() => false)) await click('retry-upload');
      } else if (now.name === 'error') await click('retry');
      await sleep(200);
    }
    if (reloading) await reloading;
    await page.close().catch(() => {});
    await context.close().catch(() => {});
    await up;
    const result = (await sandbox.backendGet(`/api/v1/verification/${s.session_id}/result`)).body;
    const images = (await sandbox.backendGet(`/api/v1/verification/${s.session_id}/images`)).body.session_images;
    const stored = Object.fromEntries(REQUIRED.map((t) => [t, images.filter((i) => i.type === t).length]));
    const history = Object.fromEntries((result.steps || []).map((st) => [st.step, st.history.length]));
    const ids = Object.fromEntries(REQUIRED.map((t) => [t, sent[t].size]));
    const exact = REQUIRED.every((t) => confirmed[t] === 1 && ids[t] === 1 && stored[t] === 1 && history[t] === 1);
    log(`session ${n + 1}: ${outcome} (${result.status}), confirmed ${JSON.stringify(confirmed)}, stored ${JSON.stringify(stored)}`);
    return { session_id: s.session_id, outcome, status: result.status, confirmed, ids, stored, history, exact };
  }

  const results = [];
  try {
    let next = 0;
    const worker = async () => {
      while (next < sessions) {
        const n = next;
        next += 1;
        results[n] = await runSession(n);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    await browser.close().catch(() => {});
    await up;
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return { faults, results, seconds: Math.round((Date.now() - started) / 1000) };
}

/** The tables of a run: faults by kind, and outcomes. */
export function report({ faults, results, seconds }) {
  const lines = [];
  const row = (a, b) => lines.push(`${a.padEnd(48)} ${String(b).padStart(6)}`);
  row('fault', 'count');
  let total = 0;
  for (const [kind, n] of [...faults].sort((a, b) => b[1] - a[1])) { row(kind, n); total += n; }
  row('faults in total', total);
  lines.push('');
  const sum = (f) => results.reduce((acc, r) => acc + REQUIRED.reduce((a, t) => a + f(r, t), 0), 0);
  row('outcome', 'count');
  row('sessions', results.length);
  row('sessions complete', results.filter((r) => r.status === 'complete').length);
  row('pictures confirmed by the customer', sum((r, t) => r.confirmed[t]));
  row('images expected (one per required picture)', results.length * REQUIRED.length);
  row('images stored', sum((r, t) => r.stored[t]));
  row('uploads recorded by the service (tries)', sum((r, t) => r.history[t] || 0));
  row('pictures lost (expected, not stored)', sum((r, t) => (r.stored[t] === 0 ? 1 : 0)));
  row('pictures stored twice or more', sum((r, t) => (r.stored[t] > 1 ? 1 : 0)));
  row('sessions with exactly the pictures confirmed', results.filter((r) => r.exact).length);
  lines.push(`run time ${seconds} s`);
  return { text: lines.join('\n'), total };
}
