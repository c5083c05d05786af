// A straightforward JavaScript implementation of the widget's quality metrics
// (crates/quality/src/metrics.rs): variance of the Laplacian, mean luma,
// near-white share with the largest 8-connected blob. (The card finder has no
// JavaScript peer: the benchmark times it on its own.) The benchmark runs it on
// the same frame as the wasm build and checks that both give the same numbers
// before comparing their speed.

export const GLARE_LUMA = 250;

export function sharpness(d, w, h) {
  if (w < 3 || h < 3) return 0;
  let sum = 0; let sumsq = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const lap = d[i - w] + d[i + w] + d[i - 1] + d[i + 1] - 4 * d[i];
      sum += lap; sumsq += lap * lap;
    }
  }
  const n = (w - 2) * (h - 2);
  const mean = sum / n;
  return Math.max(0, sumsq / n - mean * mean);
}

export function brightness(d) {
  let sum = 0;
  for (let i = 0; i < d.length; i++) sum += d[i];
  return sum / d.length;
}

export function glare(d, w, h) {
  // Label near-white pixels with a flood fill (8-connected).
  const seen = new Uint8Array(w * h);
  let total = 0; let largest = 0;
  const stack = [];
  for (let i = 0; i < w * h; i++) {
    if (d[i] < GLARE_LUMA) continue;
    total++;
    if (seen[i]) continue;
    seen[i] = 1; stack.push(i);
    let size = 0;
    while (stack.length) {
      const p = stack.pop(); size++;
      const px = p % w; const py = (p - px) / w;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const x = px + dx; const y = py + dy;
          if (x < 0 || y < 0 || x >= w || y >= h) continue;
          const q = y * w + x;
          if (!seen[q] && d[q] >= GLARE_LUMA) { seen[q] = 1; stack.push(q); }
        }
      }
    }
    if (size > largest) largest = size;
  }
  return { share: total / (w * h), largestBlob: largest / (w * h) };
}

/** The metrics both implementations measure, as `Metrics::measure` does. */
export function assess(d, w, h) {
  const g = glare(d, w, h);
  return {
    sharpness: sharpness(d, w, h),
    brightness: brightness(d),
    glareShare: g.share,
    glareBlob: g.largestBlob,
  };
}

/** RGBA (from getImageData) to luma with the same BT.601 integer weights. */
export function lumaFromRgba(rgba, out) {
  for (let i = 0, j = 0; j < out.length; i += 4, j++) {
    out[j] = (77 * rgba[i] + 150 * rgba[i + 1] + 29 * rgba[i + 2] + 128) >> 8;
  }
  return out;
}
