// Attributes a wasm module's code bytes to crates, from the function names in
// its `name` section: `node wasm-size.js <file.wasm> <crate> [<crate>...]`.
// Prints, per crate, the bytes of the function bodies whose (mangled) name
// mentions it, and their share of all code. Used on the widget's wasm before
// wasm-opt (which drops the names) to report what the quality checks add.
import { readFileSync } from 'node:fs';

const [file, ...crates] = process.argv.slice(2);
if (!file || crates.length === 0) { console.error('usage: node wasm-size.js <file.wasm> <crate>...'); process.exit(2); }
const buf = readFileSync(file);
let pos = 8;
function leb() {
  let result = 0; let shift = 0; let byte;
  do { byte = buf[pos++]; result += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
  return result;
}
function name() { const len = leb(); const s = buf.toString('utf8', pos, pos + len); pos += len; return s; }

let importedFuncs = 0; const bodySizes = []; const names = new Map();
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
for (const c of crates) {
  const needle = c.replace(/-/g, '_');
  let bytes = 0; let funcs = 0;
  bodySizes.forEach((s, i) => {
    const n = names.get(i + importedFuncs) || '';
    if (n.includes(needle)) { bytes += s; funcs++; }
  });
  console.log(`${c}: ${bytes} B of ${total} B of code in ${funcs} functions (${(100 * bytes / total).toFixed(1)}%)`);
}
