// Runs the quality checks' benchmark in headless Chromium: the wasm build of
// crates/quality (crates/bench-wasm, built by scripts/bench) next to the
// JavaScript implementation in quality.js, on the same 640x360 frame.
// Prints the time per frame of each and the ratio; fails if the two
// implementations disagree on the metrics (then the comparison would be unfair).
// The card finder has no JavaScript peer: the whole document assess is timed
// on its own against the per-frame goal; so is the face detector (check_face on
// a 640x360 selfie frame), which must find the one face.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkgDir = process.argv[2];
if (!pkgDir) { console.error('usage: node run.js <dir with kyc_bench_wasm.js>'); process.exit(2); }
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
const server = createServer(async (req, res) => {
  const p = new URL(req.url, 'http://x').pathname;
  const file = p === '/' ? path.join(here, 'bench.html')
    : p.startsWith('/pkg/') ? path.join(pkgDir, path.basename(p))
      : path.join(here, path.basename(p));
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    res.end(body);
  } catch { res.writeHead(404); res.end(); }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
let failed = false;
try {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.benchResult, null, { timeout: 120000 });
  const r = await page.evaluate(() => window.benchResult);
  if (r.error) throw new Error(r.error);
  console.log(`quality checks on a ${r.width}x${r.height} frame in headless ${r.userAgent.match(/(Headless)?Chrome\/[\d.]+/)?.[0]}`);
  for (const [name, ms] of Object.entries(r.ms)) console.log(`  ${name.padEnd(44)} ${ms.toFixed(3).padStart(8)} ms/frame`);
  const wasm = r.ms['wasm metrics (luma in wasm memory)']; const jsMs = r.ms['JS metrics (luma)'];
  const wasmFull = r.ms['wasm RGBA copy + luma + metrics']; const jsFull = r.ms['JS RGBA to luma + metrics'];
  const doc = r.ms['wasm document assess, card finder included'];
  console.log(`  JS / wasm: ${(jsMs / wasm).toFixed(2)}x (metrics), ${(jsFull / wasmFull).toFixed(2)}x (whole per-frame path)`);
  console.log(`  goal (metrics >= 2x faster than JS): ${jsMs / wasm >= 2 ? 'met' : 'NOT met'}`);
  console.log(`  goal (document assess with the card finder <= 1 ms per frame): ${doc <= 1 ? 'met' : 'NOT met'}`);
  console.log(`  faces found in the selfie frame: ${r.facesFound} (expected 1)`);
  if (r.facesFound !== 1) failed = true;
  const keys = ['sharpness', 'brightness', 'glareShare', 'glareBlob'];
  const [gs, gb, gg, gl, gd] = r.wasmGlareMetrics;
  const wasmGlare = { sharpness: gs, brightness: gb, glareShare: gg, glareBlob: gl, document: gd };
  for (const [label, wm, jm] of [['sharp frame', r.wasmMetrics, r.jsMetrics], ['frame with glare', wasmGlare, r.jsGlareMetrics]]) {
    console.log(`  same metrics on the ${label}:`);
    for (const k of keys) {
      const a = wm[k]; const b = jm[k];
      const ok = Math.abs(a - b) <= 1e-3 * Math.max(1, Math.abs(a), Math.abs(b));
      console.log(`    ${k.padEnd(12)} wasm ${a.toFixed(4).padStart(12)}  js ${b.toFixed(4).padStart(12)}${ok ? '' : '  MISMATCH'}`);
      if (!ok) failed = true;
    }
    console.log(`    document     wasm ${wm.document.toFixed(4).padStart(12)}  (the card finder's cover; no JS peer)`);
  }
} finally {
  await browser.close();
  server.close();
}
if (failed) { console.error('the wasm and JavaScript metrics disagree, or the face detector missed the face'); process.exit(1); }
