//! The individual metrics. All work in integers over the 8-bit buffer; only the final ratios are floats.

use crate::thresholds;
use crate::LumaImage;

/// Variance of the 3x3 Laplacian (`[0 1 0; 1 -4 1; 0 1 0]`) over the interior pixels.
///
/// High for crisp detail, low for blurred or flat pictures; zero for a uniform image and for
/// images smaller than 3x3. It scales with the square of the contrast, so it is only compared
/// with [`thresholds`] after the brightness checks.
pub fn sharpness(img: &LumaImage) -> f32 {
    let (w, h) = (img.width as usize, img.height as usize);
    if w < 3 || h < 3 {
        return 0.0;
    }
    let n = ((w - 2) * (h - 2)) as f64;
    let (mut sum, mut sumsq) = (0i64, 0u64);
    // The Laplacian of a stretch of a row goes to a small stack buffer first (a clean, fully
    // vectorised 16-bit loop), then is summed and squared (16-bit multiplies, 32-bit sums).
    // Stretches of 1024 keep the squared sums inside u32 (1024 * 1020^2 < 2^32).
    const CHUNK: usize = 1024;
    let mut lap = [0i16; CHUNK];
    for y in 1..h - 1 {
        let up = &img.data[(y - 1) * w + 1..y * w - 1];
        let row = &img.data[y * w..(y + 1) * w];
        let down = &img.data[(y + 1) * w + 1..(y + 2) * w - 1];
        let (left, mid, right) = (&row[..w - 2], &row[1..w - 1], &row[2..]);
        for start in (0..w - 2).step_by(CHUNK) {
            let end = (start + CHUNK).min(w - 2);
            let lap = &mut lap[..end - start];
            let (u, d) = (&up[start..end], &down[start..end]);
            let (le, m, r) = (&left[start..end], &mid[start..end], &right[start..end]);
            for (k, l) in lap.iter_mut().enumerate() {
                *l = u[k] as i16 + d[k] as i16 + le[k] as i16 + r[k] as i16 - 4 * m[k] as i16;
            }
            let (mut s, mut q) = (0i32, 0u32);
            for &l in lap.iter() {
                s += l as i32;
                q += (l as i32 * l as i32) as u32;
            }
            sum += s as i64;
            sumsq += q as u64;
        }
    }
    let mean = sum as f64 / n;
    (sumsq as f64 / n - mean * mean).max(0.0) as f32
}

/// Mean luma, 0..255.
pub fn brightness(img: &LumaImage) -> f32 {
    let sum: u64 = img
        .data
        .chunks(1 << 16)
        .map(|c| c.iter().map(|&v| v as u32).sum::<u32>() as u64)
        .sum();
    (sum as f64 / img.data.len() as f64) as f32
}

/// Near-white (specular) pixels: how much of the image they cover and how big their largest
/// 8-connected blob is, both as shares of the image area (0..1).
///
/// A pixel is near-white when its luma is at least [`thresholds::GLARE_LUMA`].
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Glare {
    /// Share of the image area that is near-white.
    pub share: f32,
    /// Share of the image area covered by the largest connected near-white blob.
    pub largest_blob: f32,
}

/// Measures [`Glare`]. Rows without near-white pixels cost one vectorised count; blobs are found by
/// union-find over the row runs of near-white pixels, so the work and the allocation grow with the
/// number of runs, not with the image size.
pub fn glare(img: &LumaImage) -> Glare {
    light(img).1
}

/// [`brightness`] and [`glare`] in one pass over the rows (what `assess` uses).
pub(crate) fn light(img: &LumaImage) -> (f32, Glare) {
    let (w, h) = (img.width as usize, img.height as usize);
    let t = thresholds::GLARE_LUMA;
    let area = (w * h) as f32;
    let (mut sum, mut total) = (0u64, 0u64);
    let mut runs = Runs::default();
    for row in img.data.chunks_exact(w).take(h) {
        // Chunks of 255: the near-white count fits in u8 lanes (vectorises without widening),
        // the luma sum in u32.
        let (mut s, mut count) = (0u64, 0u32);
        for part in row.chunks(255) {
            s += part.iter().map(|&v| v as u32).sum::<u32>() as u64;
            count += part.iter().fold(0u8, |c, &v| c.wrapping_add((v >= t) as u8)) as u32;
        }
        sum += s;
        total += count as u64;
        runs.next_row();
        if count > 0 {
            runs.scan_row(row, t);
        }
    }
    let mean = (sum as f64 / (w * h) as f64) as f32;
    if total == 0 {
        return (mean, Glare::default());
    }
    let glare = Glare {
        share: total as f32 / area,
        largest_blob: runs.largest() as f32 / area,
    };
    (mean, glare)
}

/// Union-find over horizontal runs, 8-connected.
#[derive(Default)]
struct Runs {
    parent: Vec<u32>,
    size: Vec<u32>,
    /// Runs of the previous row: (start, end exclusive, id).
    prev: Vec<(u32, u32, u32)>,
    cur: Vec<(u32, u32, u32)>,
}

impl Runs {
    fn next_row(&mut self) {
        std::mem::swap(&mut self.prev, &mut self.cur);
        self.cur.clear();
    }

    fn scan_row(&mut self, row: &[u8], t: u8) {
        let mut x = 0;
        let w = row.len();
        let mut j = 0; // first previous-row run that may still touch
        while x < w {
            let Some(skip) = row[x..].iter().position(|&v| v >= t) else {
                break;
            };
            let start = x + skip;
            x = start + row[start..].iter().position(|&v| v < t).unwrap_or(w - start);
            let (s, e) = (start as u32, x as u32);
            let id = self.parent.len() as u32;
            self.parent.push(id);
            self.size.push(e - s);
            // 8-connectivity: a previous run [ps, pe) touches [s, e) when ps <= e and pe >= s.
            while j < self.prev.len() && self.prev[j].1 < s {
                j += 1;
            }
            let mut k = j;
            while k < self.prev.len() && self.prev[k].0 <= e {
                let other = self.prev[k].2;
                self.union(id, other);
                k += 1;
            }
            self.cur.push((s, e, id));
        }
    }

    fn find(&mut self, mut a: u32) -> u32 {
        while self.parent[a as usize] != a {
            let p = self.parent[a as usize];
            self.parent[a as usize] = self.parent[p as usize];
            a = p;
        }
        a
    }

    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        let (big, small) = if self.size[ra as usize] >= self.size[rb as usize] {
            (ra, rb)
        } else {
            (rb, ra)
        };
        self.parent[small as usize] = big;
        self.size[big as usize] += self.size[small as usize];
    }

    fn largest(&mut self) -> u32 {
        (0..self.parent.len() as u32)
            .filter(|&i| self.parent[i as usize] == i)
            .map(|i| self.size[i as usize])
            .max()
            .unwrap_or(0)
    }
}

/// 0..1 score that the frame shows a card: the [`Card::cover`](crate::Card::cover) of the card
/// [`find_card`](crate::find_card) finds (the mean share of its four sides seen as edges,
/// at least [`thresholds::DOCUMENT_MIN`]), 0 when there is none.
pub fn document_presence(img: &LumaImage) -> f32 {
    crate::find_card(img).map_or(0.0, |c| c.cover)
}
