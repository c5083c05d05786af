// Attributes a wasm module's code bytes to crates, from the function names in
// its `name` section. Used on the widget's wasm before wasm-opt (which drops
// the names); the shipped wasm is smaller (see scripts/size-report).
//
// `node wasm-size.js <file.wasm> <crate> [<crate>...]`: per named crate, the
// bytes of the function bodies whose (mangled) name mentions it (generic code
// instantiated for its types included), and their share of all code.
// `node wasm-size.js <file.wasm>`: a table of every crate by the crate that
// owns each function (the first path segment of its demangled name; for
// `<T as Trait>::f`, the crate of `T`), biggest first, and the data segments.
import { readFileSync } from 'node:fs';

const [file, ...crates] = process.argv.slice(2);
if (!file) { console.error('usage: node wasm-size.js <file.wasm> [<crate>...]'); process.exit(2); }
const buf = readFileSync(file);
let pos = 8;
function leb() {
  let result = 0; let shift = 0; let byte;
  do { byte = buf[pos++]; result += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
  return result;
}
function name() { const len = leb(); const s = buf.toString('utf8', pos, pos + len); pos += len; return s; }

let importedFuncs = 0; const bodySizes = []; const names = new Map(); let dataBytes = 0;
while (pos < buf.length) {
  const id = buf[pos++]; const size = leb(); const end = pos + size;
  if (id === 2) { // imports: count imported functions (they have no body)
    const count = leb();
    for (let i = 0; i < count; i++) {
      name(); name(); const kind = buf[pos++];
      if (kind === 0) { leb(); importedFuncs++; }
      else if (kind === 1) { pos++; const f = leb(); leb(); if (f & 1) leb(); }
      else if (kind === 2) { const f = leb(); leb(); if (f & 1) leb(); }
      else if (kind === 3) { pos += 2; }
      else if (kind === 4) { pos++; leb(); }
    }
  } else if (id === 10) { // code
    const count = leb();
    for (let i = 0; i < count; i++) { const s = leb(); bodySizes.push(s); pos += s; }
  } else if (id === 11) { // data
    dataBytes = size;
  } else if (id === 0) {
    const section = name();
    if (section === 'name') {
      while (pos < end) {
        const sub = buf[pos++]; const subSize = leb(); const subEnd = pos + subSize;
        if (sub === 1) { const count = leb(); for (let i = 0; i < count; i++) { const idx = leb(); names.set(idx, name()); } }
        pos = subEnd;
      }
    }
  }
  pos = end;
}
if (names.size === 0) { console.error(`${file} has no name section (built with strip?)`); process.exit(1); }
const total = bodySizes.reduce((a, b) => a + b, 0);

/** `_ZN3foo3bar17h0123E` -> `foo::bar`, with Rust's `$LT$`-style escapes undone. */
function demangle(n) {
  if (!n.startsWith('_ZN')) return n;
  const parts = []; let i = 3;
  while (i < n.length && n[i] !== 'E') {
    let len = 0; while (n[i] >= '0' && n[i] <= '9') len = len * 10 + Number(n[i++]);
    if (len === 0) break;
    parts.push(n.slice(i, i + len)); i += len;
  }
  if (parts.length > 1 && /^h[0-9a-f]{16}$/.test(parts[parts.length - 1])) parts.pop();
  const esc = { LT: '<', GT: '>', RF: '&', BP: '*', C: ',', u20: ' ', u27: "'", u5b: '[', u5d: ']', u7b: '{', u7d: '}', u3b: ';', u2b: '+', u22: '"' };
  return parts.join('::').replace(/\$([A-Za-z0-9]+)\$/g, (m, k) => esc[k] ?? m).replace(/\.\./g, '::');
}

/** The crate a function belongs to (see the header). */
function crateOf(n) {
  if (!n) return '(unnamed)';
  if (/^(__wbg|__wbindgen|__externref)/.test(n)) return '(wasm-bindgen glue)';
  // The body of a split point (src/components/later.rs), renamed by wasm-split-cli.
  if (n.startsWith('__wasm_split_')) return '(split point)';
  const d = demangle(n).replace(/\[[0-9a-f]{16}\]/g, '');
  const m = /^[<&*\s]*(?:mut\s+|const\s+|dyn\s+)*([A-Za-z_][A-Za-z0-9_]*)(::)?/.exec(d);
  if (!m) return '(other)';
  if (m[2]) return m[1];
  // A type without a path: a generic parameter (`<T as tachys::...>`: the trait's crate)
  // or a primitive (`<char>::...`, `<str as core::...>`: core).
  const trait = /^<[^<>]* as ([A-Za-z_][A-Za-z0-9_]*)::/.exec(d);
  return trait ? trait[1] : 'core';
}

if (crates.length === 0) {
  const by = new Map();
  bodySizes.forEach((s, i) => {
    const c = crateOf(names.get(i + importedFuncs));
    const e = by.get(c) || { bytes: 0, funcs: 0 }; e.bytes += s; e.funcs++; by.set(c, e);
  });
  console.log(`${file}: ${total} B of code in ${bodySizes.length} functions, ${dataBytes} B of data (strings, tables)`);
  console.log(`${'crate'.padEnd(28)} ${'code B'.padStart(9)} ${'share'.padStart(6)} ${'funcs'.padStart(6)}`);
  for (const [c, e] of [...by.entries()].sort((a, b) => b[1].bytes - a[1].bytes)) {
    if (e.bytes < 0.002 * total) continue;
    console.log(`${c.padEnd(28)} ${String(e.bytes).padStart(9)} ${(100 * e.bytes / total).toFixed(1).padStart(5)}% ${String(e.funcs).padStart(6)}`);
  }
  const small = [...by.values()].filter((e) => e.bytes < 0.002 * total).reduce((a, e) => a + e.bytes, 0);
  console.log(`${'(crates under 0.2% each)'.padEnd(28)} ${String(small).padStart(9)} ${(100 * small / total).toFixed(1).padStart(5)}%`);
  process.exit(0);
}
for (const c of crates) {
  const needle = c.replace(/-/g, '_');
  let bytes = 0; let funcs = 0;
  bodySizes.forEach((s, i) => {
    const n = names.get(i + importedFuncs) || '';
    if (n.includes(needle)) { bytes += s; funcs++; }
  });
  console.log(`${c}: ${bytes} B of ${total} B of code in ${funcs} functions (${(100 * bytes / total).toFixed(1)}%)`);
}
