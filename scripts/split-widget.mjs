// Splits the widget's release wasm into the first module and the later screens' modules
// (src/components/later.rs; why: docs/ARCHITECTURE.md, "The later screens' modules"), and
// puts them in dist/ in place of the single module Trunk wrote.
//
// `node scripts/split-widget.mjs <dist> <cargo target dir>`, run by scripts/build-widget
// after `trunk build`, with the pinned tools on PATH. From the linked wasm (built with
// `KYC_WASM_SPLIT=1`, so it keeps its relocations):
// 1. wasm-split-cli cuts it at the split points: the first module, the later modules and
//    the small script that fetches them on demand;
// 2. wasm-bindgen writes the first module's glue, as Trunk does (target web), keeping the
//    exports the later modules link against;
// 3. wasm-opt -Oz shrinks each module, as Trunk does;
// 4. the files get one content hash in their names (the glue and the loader import each
//    other, so they share it), and index.html names them, with their integrity, and
//    preloads the loader as it does the glue.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [dist, target] = process.argv.slice(2);
if (!dist || !target) {
  console.error('usage: node scripts/split-widget.mjs <dist> <cargo target dir>');
  process.exit(2);
}
const input = join(target, 'wasm32-unknown-unknown', 'release', 'kyc-widget.wasm');
const run = (tool, args) => execFileSync(tool, args, { stdio: ['ignore', 'inherit', 'inherit'] });
const fail = (message) => { console.error(`split-widget: ${message}`); process.exit(1); };

const tmp = mkdtempSync(join(tmpdir(), 'kyc-split-'));
try {
  run('wasm-split-cli', [input, tmp, '--out-name', 'kyc-widget']);
  const chunks = readdirSync(tmp).filter((f) => f.endsWith('.wasm') && f !== 'kyc-widget.wasm');
  if (chunks.length === 0) fail('no split module: was the wasm built with KYC_WASM_SPLIT=1?');
  run('wasm-bindgen', ['--target', 'web', '--keep-lld-exports', '--out-dir', join(tmp, 'bg'),
    '--out-name', 'kyc-widget', join(tmp, 'kyc-widget.wasm')]);
  const opt = (from, to) => run('wasm-opt', ['-Oz', '--enable-reference-types', from, '-o', to]);
  opt(join(tmp, 'bg', 'kyc-widget_bg.wasm'), join(tmp, 'main.wasm'));
  for (const c of chunks) opt(join(tmp, c), join(tmp, `opt-${c}`));
  // The modules before wasm-opt, with their names, for scripts/size-report's code by crate.
  const named = join(target, 'wasm-split');
  rmSync(named, { recursive: true, force: true });
  mkdirSync(named, { recursive: true });
  copyFileSync(join(tmp, 'bg', 'kyc-widget_bg.wasm'), join(named, 'first.wasm'));
  for (const c of chunks) copyFileSync(join(tmp, c), join(named, c));

  let glue = readFileSync(join(tmp, 'bg', 'kyc-widget.js'), 'utf8');
  let loader = readFileSync(join(tmp, '__wasm_split.js'), 'utf8');
  const wasm = readFileSync(join(tmp, 'main.wasm'));
  const chunkBytes = chunks.map((c) => readFileSync(join(tmp, `opt-${c}`)));
  const hash = createHash('sha256');
  for (const part of [glue, loader, wasm, ...chunkBytes]) hash.update(part);
  const h = hash.digest('hex').slice(0, 16);

  const names = {
    glue: `kyc-widget-${h}.js`,
    wasm: `kyc-widget-${h}_bg.wasm`,
    loader: `kyc-widget-split-${h}.js`,
  };
  /** `text` with every `from` made `to`; the build fails when there is none. */
  const substitute = (text, from, to, what) => {
    if (!text.includes(from)) fail(`${what}: "${from}" not found`);
    return text.split(from).join(to);
  };
  // The import statement only: the wasm's import module keeps its name.
  glue = substitute(glue, 'from "./__wasm_split.js"', `from "./${names.loader}"`, 'the glue');
  loader = substitute(loader, '"./kyc-widget.js"', `"./${names.glue}"`, 'the loader');
  const written = [];
  chunks.forEach((c, i) => {
    // split_capture_screens.wasm -> kyc-widget-later-capture-screens-<hash>.wasm (a module
    // of code both split points reach is named by the splitter, and gets the same prefix)
    const stem = c.replace(/^split_/, '').replace(/\.wasm$/, '').replace(/[^A-Za-z0-9]+/g, '-').toLowerCase();
    const name = `kyc-widget-later-${stem}-${h}.wasm`;
    loader = substitute(loader, `"./${c}"`, `"./${name}"`, 'the loader');
    writeFileSync(join(dist, name), chunkBytes[i]);
    written.push(name);
  });

  // Trunk's single module goes; index.html names the new files.
  let html = readFileSync(join(dist, 'index.html'), 'utf8');
  const old = /\/(kyc-widget-[0-9a-f]{16})\.js/.exec(html);
  if (!old) fail('index.html names no kyc-widget-<hash>.js');
  for (const f of readdirSync(dist)) {
    if (f.startsWith(`${old[1]}.js`) || f.startsWith(`${old[1]}_bg.wasm`)) unlinkSync(join(dist, f));
  }
  writeFileSync(join(dist, names.glue), glue);
  writeFileSync(join(dist, names.wasm), wasm);
  writeFileSync(join(dist, names.loader), loader);
  written.push(names.glue, names.wasm, names.loader);

  const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
  const linkTo = (file) => new RegExp(`<link[^>]*?href=/${file.replace(/[.]/g, '\\.')}(?=[\\s>])[^>]*>`);
  const relink = (oldFile, newFile, bytes) => {
    const tag = linkTo(oldFile).exec(html);
    if (!tag) fail(`index.html has no link to ${oldFile}`);
    const fresh = tag[0].replace(`/${oldFile}`, `/${newFile}`).replace(/integrity=[^ >]+/, `integrity=${sri(bytes)}`);
    html = html.replace(tag[0], fresh);
    return fresh;
  };
  const glueLink = relink(`${old[1]}.js`, names.glue, glue);
  relink(`${old[1]}_bg.wasm`, names.wasm, wasm);
  // The loader is imported by the glue: preloaded like it, so it costs no round trip.
  const loaderLink = glueLink.replace(`/${names.glue}`, `/${names.loader}`)
    .replace(/integrity=[^ >]+/, `integrity=${sri(loader)}`);
  html = html.replace(glueLink, glueLink + loaderLink);
  html = substitute(html, `'/${old[1]}.js'`, `'/${names.glue}'`, 'index.html');
  html = substitute(html, `'/${old[1]}_bg.wasm'`, `'/${names.wasm}'`, 'index.html');
  writeFileSync(join(dist, 'index.html'), html);
  console.log(`split-widget: ${written.join(', ')}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
