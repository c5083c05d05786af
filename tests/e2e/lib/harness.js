// Test harness for the end-to-end tests: starts the real sandbox (serving the
// Trunk-built widget from dist/), a local callback/embedding server on another
// origin, and headless Chromium (Debian's, driven by playwright-core) with a
// fake camera fed from a generated .y4m picture.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, existsSync, rmSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { jpeg } from './pictures.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const TARGET = process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target');
export const API_KEY = 'e2e-test-api-key';
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** A free TCP port on loopback. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const fixtureCache = new Map();
/**
 * A generated picture or clip for Chromium's fake camera (`kind`: document,
 * blurred-document, small-document, close-document, approaching-document (a clip
 * of the card coming closer), selfie, ...; see crates/quality/examples/fixture.rs),
 * written once per run by the quality crate's `fixture` example.
 */
export function fixture(kind, width = 1280, height = 720) {
  const key = `${kind}-${width}x${height}`;
  if (fixtureCache.has(key)) return fixtureCache.get(key);
  const dir = path.join(tmpdir(), 'kyc-e2e-fixtures');
  const out = path.join(dir, `${key}.y4m`);
  const bin = path.join(TARGET, 'debug', 'examples', 'fixture');
  execFileSync('mkdir', ['-p', dir]);
  if (existsSync(bin)) {
    execFileSync(bin, [kind, String(width), String(height), out], { stdio: 'inherit' });
  } else {
    execFileSync('cargo', ['run', '-q', '-p', 'kyc-quality', '--example', 'fixture', '--', kind, String(width), String(height), out], { cwd: ROOT, stdio: 'inherit' });
  }
  fixtureCache.set(key, out);
  return out;
}

/**
 * The sandbox on a free port (or `port`) with a fresh SQLite file (or `dbPath`), serving
 * dist/. `allowedOrigins` lets a page on another origin embed the widget.
 */
export async function startSandbox({ allowedOrigins = [], dbPath, port: fixedPort } = {}) {
  const port = fixedPort || await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'kyc-e2e-'));
  const db = dbPath || path.join(dir, 'sandbox.sqlite');
  const bin = process.env.SANDBOX_BIN || path.join(TARGET, 'debug', 'kyc-sandbox');
  // KYC_DIST: a private build of the widget (engineers share dist/).
  const dist = process.env.KYC_DIST || path.join(ROOT, 'dist');
  const args = ['--addr', `127.0.0.1:${port}`, '--db', db, '--dist', dist, '--api-key', API_KEY, '--no-demo'];
  for (const o of allowedOrigins) args.push('--allowed-origin', o);
  const proc = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (d) => { output += d; });
  proc.stderr.on('data', (d) => { output += d; });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch { /* not up yet */ }
    if (proc.exitCode !== null) throw new Error(`sandbox exited: ${output}`);
    await sleep(100);
    if (i === 299) throw new Error(`sandbox did not start: ${output}`);
  }
  return {
    base,
    port,
    db,
    output: () => output,
    /** Kills the process at once (SIGKILL: no shutdown of any kind), keeping its database. */
    async kill() {
      proc.kill('SIGKILL');
      await new Promise((r) => (proc.exitCode !== null || proc.signalCode !== null ? r() : proc.once('exit', r)));
    },
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.once('exit', r)));
      if (!dbPath) rmSync(dir, { recursive: true, force: true });
    },
    /** POST /api/v1/verification with the API key; returns the parsed answer. */
    async createSession(body = {}) {
      const r = await fetch(`${base}/api/v1/verification`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const json = await r.json();
      if (r.status !== 201) throw new Error(`create failed ${r.status}: ${JSON.stringify(json)}`);
      return json;
    },
    /** A backend GET with the API key; returns the parsed JSON. */
    async backendGet(p) {
      const r = await fetch(`${base}${p}`, { headers: { authorization: `Bearer ${API_KEY}` } });
      return { status: r.status, body: await r.json() };
    },
  };
}

/**
 * A small server on another origin: `/callback` records the query it receives
 * (the partner's callback page) and `/embed?link=...` serves examples/embed.html,
 * which embeds the widget in an iframe and records the events it posts.
 */
export async function startPartnerSite() {
  const port = await freePort();
  const hits = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url, `http://localhost:${port}`);
    if (url.pathname === '/callback') {
      hits.push(Object.fromEntries(url.searchParams));
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><title>Partner callback</title><h1 data-testid="partner-callback">Back at the partner</h1>`);
      return;
    }
    if (url.pathname === '/embed') {
      // The README's example embedding page, as a partner would host it.
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(readFileSync(path.join(ROOT, 'examples', 'embed.html')));
      return;
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  // `localhost` is a different origin from the sandbox's `127.0.0.1`.
  const origin = `http://localhost:${port}`;
  return {
    origin,
    callbackUrl: `http://127.0.0.1:${port}/callback`,
    hits,
    stop: () => new Promise((r) => server.close(r)),
  };
}

/**
 * Headless Chromium with a fake camera showing `videoFile` (a .y4m), or with
 * no camera at all when `videoFile` is null and `noCamera` is set.
 */
export async function launchBrowser({ videoFile = null, noCamera = false } = {}) {
  const args = [
    '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
  ];
  if (!noCamera) {
    args.push('--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream');
    if (videoFile) args.push(`--use-file-for-fake-video-capture=${videoFile}`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args });
}

/** A phone-sized page that fails the test on any uncaught page error. */
export async function newPhonePage(browser, { errors = [] } = {}) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, hasTouch: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  // Failed loads are reported with their URL (the console message has none).
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() === 404 && r.request().resourceType() !== 'fetch') errors.push(`404: ${r.url()}`);
  });
  return page;
}

/** Waits for `screen-<name>` and returns its locator. */
export async function waitScreen(page, name, timeout = 30000) {
  const loc = page.getByTestId(`screen-${name}`);
  await loc.waitFor({ state: 'visible', timeout });
  return loc;
}

/**
 * On a capture screen: takes the photo with the shutter (once the live video
 * is playing), then confirms it on the preview. With auto-capture the preview
 * may come by itself first: then the shutter is not clicked.
 */
export async function shootAndUse(page, imageType) {
  const screen = await waitScreen(page, 'capture');
  await page.waitForFunction(
    (t) => document.querySelector(`[data-testid="screen-capture"][data-image-type="${t}"]`) !== null,
    imageType,
    { timeout: 30000 },
  );
  await page.waitForFunction(() => {
    const v = document.querySelector('[data-testid="camera-video"]');
    return v && v.videoWidth > 0 && v.readyState >= 2;
  }, null, { timeout: 30000 });
  const preview = page.getByTestId('screen-preview');
  if (imageType === 'selfie') {
    // The fake camera shows the card, and the service refuses a selfie without a face in the
    // oval: the selfie is the face fixture, through the file input beside the camera. If
    // auto-capture took the card first, retake.
    const file = await jpeg(page, 'selfie');
    for (let i = 0; i < 3; i += 1) {
      if (await preview.isVisible()) {
        await page.getByTestId('retake').click();
        await waitScreen(page, 'capture');
      }
      const set = await page.getByTestId('upload-input').setInputFiles(file, { timeout: 5000 }).then(() => true, () => false);
      if (set) break;
    }
  } else if (!(await preview.isVisible())) {
    // The shutter leaves the page if auto-capture wins the race; that is fine.
    await page.getByTestId('shutter').click({ timeout: 5000 }).catch(() => {});
  }
  await waitScreen(page, 'preview');
  await page.getByTestId('use-photo').click();
  return screen;
}
