// Pictures a customer would choose on the upload path: the quality crate's generated
// fixtures (the selfie: a real face in the oval), encoded as JPEG by the browser's canvas.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './harness.js';


/** A generated picture (the quality crate's fixture) as a binary PPM. */
function ppm(kind, w = 1280, h = 720) {
  const dir = path.join(tmpdir(), 'kyc-e2e-fixtures');
  mkdirSync(dir, { recursive: true });
  const out = path.join(dir, `${kind}-${w}x${h}.ppm`);
  if (!existsSync(out)) {
    const bin = path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target'), 'debug', 'examples', 'fixture');
    if (existsSync(bin)) execFileSync(bin, [kind, String(w), String(h), out]);
    else execFileSync('cargo', ['run', '-q', '-p', 'kyc-quality', '--example', 'fixture', '--', kind, String(w), String(h), out], { cwd: ROOT });
  }
  return readFileSync(out);
}

/**
 * The PPM encoded as a JPEG by the browser's canvas (what a phone's camera app would
 * save). A document is cropped to the card with a 6% border, as a scan or a cropped
 * photo is: the on-device check looks for the card's edges there.
 */
export async function jpeg(page, kind) {
  const data = ppm(kind);
  // Header: "P6\n<w> <h>\n255\n".
  const header = data.subarray(0, 32).toString('latin1').match(/^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/);
  const [w, h] = [Number(header[1]), Number(header[2])];
  const rgb = data.subarray(header[0].length).toString('base64');
  const b64 = await page.evaluate(async ({ w, h, rgb, crop }) => {
    const bytes = Uint8Array.from(atob(rgb), (c) => c.charCodeAt(0));
    const full = document.createElement('canvas');
    full.width = w; full.height = h;
    const img = full.getContext('2d').createImageData(w, h);
    for (let i = 0, j = 0; i < w * h; i += 1, j += 3) {
      img.data[i * 4] = bytes[j]; img.data[i * 4 + 1] = bytes[j + 1]; img.data[i * 4 + 2] = bytes[j + 2]; img.data[i * 4 + 3] = 255;
    }
    full.getContext('2d').putImageData(img, 0, 0);
    // The widget's card guide: an ID-1 card (1.586:1), 80% of the frame, centered.
    let [cw, ch] = [w * 0.8, (w * 0.8) / 1.586];
    if (ch > h * 0.8) { ch = h * 0.8; cw = ch * 1.586; }
    const [ow, oh] = crop ? [Math.round(cw / 0.88), Math.round(ch / 0.88)] : [w, h];
    const out = document.createElement('canvas');
    out.width = ow; out.height = oh;
    out.getContext('2d').drawImage(full, (w - ow) / 2, (h - oh) / 2, ow, oh, 0, 0, ow, oh);
    return out.toDataURL('image/jpeg', 0.92).split(',')[1];
  }, { w, h, rgb, crop: kind.includes('document') });
  return { name: `${kind}.jpg`, mimeType: 'image/jpeg', buffer: Buffer.from(b64, 'base64') };
}
