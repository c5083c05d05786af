//! Finding the card: where its four edges are in a frame, how big it is and how it is turned.
//!
//! 1. Edges: for every pixel the 4-pixel steps `|I(x+2) − I(x−2)|` (across a vertical edge)
//!    and `|I(y+2) − I(y−2)|` (across a horizontal one); a pixel is a vertical-edge pixel when
//!    its horizontal step is at least [`EDGE_MIN_STEP`](crate::thresholds::EDGE_MIN_STEP), the
//!    larger of the two, and a local maximum across the edge (so each edge is one pixel thin);
//!    likewise for horizontal edges.
//! 2. Lines: a Hough vote of the vertical-edge pixels for near-vertical lines and of the
//!    horizontal-edge pixels for near-horizontal lines, tilted up to [`MAX_TILT_DEG`] either
//!    way in steps of 1 degree, in bins of 2 pixels. The strongest [`CANDIDATES`] distinct lines
//!    of each family are kept.
//! 3. Quadrilaterals: every pair of near-vertical lines with every pair of near-horizontal
//!    ones makes four corners. A card is such a quadrilateral whose corners lie inside the
//!    frame, whose shape is card-like (width / height within [`ASPECT_RANGE`], each the longer
//!    of two opposite sides so that perspective does not shorten the card, opposite sides
//!    within [`SIDE_RATIO_MAX`] of each other, at least [`MIN_WIDTH`] of the frame wide) and
//!    whose four sides are seen as edges along at least [`SIDE_COVER_MIN`] of their middle
//!    part each, and [`DOCUMENT_MIN`](crate::thresholds::DOCUMENT_MIN) on average, and end at
//!    its corners (no side's edge runs on past a corner, [`RUN_ON_MAX`]: a card cut by the
//!    frame's border, with its inner boxes and text lines, is not a smaller card). Of those,
//!    the card is the one whose outline is seen best: the most side samples seen as edges, less
//!    twice those not seen (so the outline encloses the card's inner boxes and text lines, and
//!    a side stretched past the card's corner onto the background loses).
//!    A side is seen where an edge pixel of its direction lies within 2 pixels of it, all of the
//!    same polarity (the card lighter, or darker, than what is around it along the whole side):
//!    the random edges of a textured background have mixed polarities.
//!
//! Any frame without such a closed, straight, card-shaped outline has no card: a bare desk, a
//! photograph of a room, a face.

use crate::thresholds;
use crate::LumaImage;

/// Largest tilt of a card edge from the frame's axes that the finder looks for, in degrees.
pub const MAX_TILT_DEG: i32 = 12;
/// Distinct lines kept per family (near-vertical, near-horizontal).
pub const CANDIDATES: usize = 12;
/// Card width / height range (ID-1 is 1.586, a passport data page about 1.42, both measured on
/// the longer opposite sides, see [`Card::width`]; the slanted sides of a card in perspective
/// move it a little; a card cut by the frame's border with a straight edge printed on it makes
/// a shorter shape).
pub const ASPECT_RANGE: (f32, f32) = (1.38, 1.9);
/// Largest ratio of the lengths of opposite sides (a card tilted towards the camera).
pub const SIDE_RATIO_MAX: f32 = 1.4;
/// Smallest card width as a share of the frame width.
pub const MIN_WIDTH: f32 = 0.25;
/// A side whose edge runs on past a corner (over 4-16% of its length beyond it) on at least
/// this share of the way is part of something larger than the quadrilateral.
pub const RUN_ON_MAX: f32 = 0.6;
/// Smallest share of each side (its middle 80%) seen as an edge.
pub const SIDE_COVER_MIN: f32 = 0.5;

/// A card found in a frame, in pixels of that frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Card {
    /// The corners: top-left, top-right, bottom-right, bottom-left.
    pub corners: [(f32, f32); 4],
    /// The mean share of the four sides seen as edges (0..1).
    pub cover: f32,
}

fn dist(a: (f32, f32), b: (f32, f32)) -> f32 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
}

impl Card {
    /// The longer of the top and bottom sides: in perspective, the side nearer the camera,
    /// shown at the card's scale (the farther one is foreshortened), and as wide as the card's
    /// picture must be.
    pub fn width(&self) -> f32 {
        let c = self.corners;
        dist(c[0], c[1]).max(dist(c[3], c[2]))
    }

    /// The longer of the left and right sides (see [`Card::width`]).
    pub fn height(&self) -> f32 {
        let c = self.corners;
        dist(c[0], c[3]).max(dist(c[1], c[2]))
    }

    /// The mean of the four corners.
    pub fn center(&self) -> (f32, f32) {
        let c = self.corners;
        (
            (c[0].0 + c[1].0 + c[2].0 + c[3].0) / 4.0,
            (c[0].1 + c[1].1 + c[2].1 + c[3].1) / 4.0,
        )
    }

    /// The mean angle of the top and bottom sides from the horizontal, in degrees (positive:
    /// turned clockwise on screen).
    pub fn tilt_degrees(&self) -> f32 {
        let c = self.corners;
        let a = |p: (f32, f32), q: (f32, f32)| (q.1 - p.1).atan2(q.0 - p.0);
        ((a(c[0], c[1]) + a(c[3], c[2])) / 2.0).to_degrees()
    }

    /// The smallest axis-aligned box around the corners: `(left, top, right, bottom)`.
    pub fn bounds(&self) -> (f32, f32, f32, f32) {
        let c = self.corners;
        let xs = [c[0].0, c[1].0, c[2].0, c[3].0];
        let ys = [c[0].1, c[1].1, c[2].1, c[3].1];
        let min = |v: [f32; 4]| v.iter().copied().fold(f32::INFINITY, f32::min);
        let max = |v: [f32; 4]| v.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        (min(xs), min(ys), max(xs), max(ys))
    }
}

const NONE: u8 = 0;
/// The families of edge pixels; `+ RISING` marks a step up (to the right, or downwards).
const VERTICAL: u8 = 1;
const HORIZONTAL: u8 = 2;
const RISING: u8 = 4;

/// The thin edge map of step 1 of the module docs.
fn edge_map(img: &LumaImage) -> Vec<u8> {
    let (w, h) = (img.width as usize, img.height as usize);
    let mut gx = vec![0u8; w * h];
    let mut gy = vec![0u8; w * h];
    let d = &img.data;
    for y in 2..h.saturating_sub(2) {
        for x in 2..w - 2 {
            let i = y * w + x;
            gx[i] = d[i + 2].abs_diff(d[i - 2]);
            gy[i] = d[i + 2 * w].abs_diff(d[i - 2 * w]);
        }
    }
    let rising = |i: usize, step: usize| if d[i + step] > d[i - step] { RISING } else { NONE };
    let t = thresholds::EDGE_MIN_STEP;
    let mut map = vec![NONE; w * h];
    // A local maximum over ±2 pixels across the edge (the 4-pixel step has a plateau).
    let peak = |g: &[u8], i: usize, step: usize| {
        let v = g[i];
        v >= g[i - step] && v >= g[i - 2 * step] && v > g[i + step] && v > g[i + 2 * step]
    };
    for y in 4..h.saturating_sub(4) {
        for x in 4..w - 4 {
            let i = y * w + x;
            let (sx, sy) = (gx[i], gy[i]);
            if sx >= t && sx >= sy && peak(&gx, i, 1) {
                map[i] = VERTICAL | rising(i, 2);
            } else if sy >= t && sy > sx && peak(&gy, i, w) {
                map[i] = HORIZONTAL | rising(i, 2 * w);
            }
        }
    }
    map
}

/// A line of one family: for near-vertical lines `x = offset + slope * (y - h/2)`, for
/// near-horizontal ones `y = offset + slope * (x - w/2)`.
#[derive(Debug, Clone, Copy)]
struct Line {
    offset: f32,
    slope: f32,
    votes: u32,
}

const BIN: f32 = 2.0;

/// The strongest distinct lines of one family (step 2). `along` is the length of the lines'
/// axis (the frame height for near-vertical lines), `across` the other side.
fn lines(map: &[u8], w: usize, h: usize, kind: u8) -> Vec<Line> {
    let (along, across) = if kind == VERTICAL { (h, w) } else { (w, h) };
    let slopes: Vec<f32> = (-MAX_TILT_DEG..=MAX_TILT_DEG)
        .map(|d| (d as f32).to_radians().tan())
        .collect();
    // Offsets may run a little outside the frame for tilted lines.
    let pad = (along as f32 * slopes[slopes.len() - 1] / 2.0).ceil() as usize + 2;
    let bins = (across + 2 * pad) / BIN as usize + 1;
    let mut acc = vec![0u32; slopes.len() * bins];
    let mid = along as f32 / 2.0;
    for y in 0..h {
        for x in 0..w {
            if map[y * w + x] & !RISING != kind {
                continue;
            }
            let (a, c) = if kind == VERTICAL {
                (y as f32, x as f32)
            } else {
                (x as f32, y as f32)
            };
            for (k, s) in slopes.iter().enumerate() {
                let off = c - s * (a - mid) + pad as f32;
                let b = (off / BIN).round() as usize;
                if b < bins {
                    acc[k * bins + b] += 1;
                }
            }
        }
    }
    let min_votes = (along.min(across) as f32 * 0.12).max(8.0) as u32;
    let mut peaks: Vec<Line> = Vec::new();
    for k in 0..slopes.len() {
        for b in 0..bins {
            let v = acc[k * bins + b];
            if v < min_votes {
                continue;
            }
            let neighbour_higher = (k.saturating_sub(1)..=(k + 1).min(slopes.len() - 1)).any(|k2| {
                (b.saturating_sub(1)..=(b + 1).min(bins - 1)).any(|b2| {
                    let v2 = acc[k2 * bins + b2];
                    v2 > v || (v2 == v && (k2, b2) < (k, b))
                })
            });
            if !neighbour_higher {
                peaks.push(Line {
                    offset: b as f32 * BIN - pad as f32,
                    slope: slopes[k],
                    votes: v,
                });
            }
        }
    }
    peaks.sort_by_key(|p| std::cmp::Reverse(p.votes));
    let mut kept: Vec<Line> = Vec::new();
    for p in peaks {
        // The same line if it stays within 6 pixels of a kept one along the whole frame.
        let same = kept.iter().any(|q| {
            let d0 = (p.offset - p.slope * mid) - (q.offset - q.slope * mid);
            let d1 = (p.offset + p.slope * mid) - (q.offset + q.slope * mid);
            d0.abs() <= 6.0 && d1.abs() <= 6.0
        });
        if !same {
            kept.push(p);
            if kept.len() == CANDIDATES {
                break;
            }
        }
    }
    kept
}

/// Where a near-vertical line `v` crosses a near-horizontal line `hl`.
fn cross(v: &Line, hl: &Line, w: usize, h: usize) -> Option<(f32, f32)> {
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let den = 1.0 - v.slope * hl.slope;
    if den.abs() < 1e-3 {
        return None;
    }
    let x = (v.offset + v.slope * (hl.offset - cy) - v.slope * hl.slope * cx) / den;
    let y = hl.offset + hl.slope * (x - cx);
    Some((x, y))
}

/// Samples of the line through `p` and `q` from `t0` to `t1` (0 at `p`, 1 at `q`), every 2
/// pixels: how many have an edge pixel of `kind` within 2 pixels across the line, of each
/// polarity (falling, rising), and how many samples there are.
#[allow(clippy::too_many_arguments)]
fn seen(
    map: &[u8],
    w: usize,
    h: usize,
    p: (f32, f32),
    q: (f32, f32),
    (t0, t1): (f32, f32),
    kind: u8,
) -> ([usize; 2], usize) {
    let len = dist(p, q) * (t1 - t0);
    let n = (len / 2.0).max(4.0) as usize;
    let mut hits = [0usize; 2];
    for i in 0..n {
        let t = t0 + (t1 - t0) * (i as f32 + 0.5) / n as f32;
        let (x, y) = (p.0 + (q.0 - p.0) * t, p.1 + (q.1 - p.1) * t);
        let (xi, yi) = (x.round() as i64, y.round() as i64);
        for (polarity, count) in [NONE, RISING].into_iter().zip(hits.iter_mut()) {
            let hit = (-2..=2).any(|d| {
                let (xx, yy) = if kind == VERTICAL {
                    (xi + d, yi)
                } else {
                    (xi, yi + d)
                };
                xx >= 0
                    && yy >= 0
                    && (xx as usize) < w
                    && (yy as usize) < h
                    && map[yy as usize * w + xx as usize] == kind | polarity
            });
            *count += usize::from(hit);
        }
    }
    (hits, n)
}

/// How a side from `p` to `q` is seen: the samples of its middle 80% seen as an edge of its
/// more frequent polarity and the number of samples; `None` when under [`SIDE_COVER_MIN`] or
/// when that edge runs on past either corner (then the corner is not a corner: the side
/// belongs to something larger).
fn side(map: &[u8], w: usize, h: usize, p: (f32, f32), q: (f32, f32), kind: u8) -> Option<(usize, usize)> {
    let (hits, n) = seen(map, w, h, p, q, (0.1, 0.9), kind);
    let k = usize::from(hits[1] > hits[0]);
    if (hits[k] as f32) < SIDE_COVER_MIN * n as f32 {
        return None;
    }
    let runs_on = [(-0.16, -0.04), (1.04, 1.16)].into_iter().any(|range| {
        let (more, m) = seen(map, w, h, p, q, range, kind);
        more[k] as f32 >= RUN_ON_MAX * m as f32
    });
    (!runs_on).then_some((hits[k], n))
}

/// The card in `img`, if any (see the module docs). Works at any size; the cut-offs were
/// chosen at the analysis size (see [`prepare`](crate::prepare)).
pub fn find_card(img: &LumaImage) -> Option<Card> {
    let (w, h) = (img.width as usize, img.height as usize);
    if w < 16 || h < 16 {
        return None;
    }
    let map = edge_map(img);
    let vs = lines(&map, w, h, VERTICAL);
    let hs = lines(&map, w, h, HORIZONTAL);
    let inside = |p: (f32, f32)| p.0 >= 0.0 && p.1 >= 0.0 && p.0 <= w as f32 && p.1 <= h as f32;
    let mut found: Vec<(f32, Card)> = Vec::new();
    for (i, l) in vs.iter().enumerate() {
        for r in &vs[i + 1..] {
            let (l, r) = if l.offset <= r.offset { (l, r) } else { (r, l) };
            if r.offset - l.offset < MIN_WIDTH * w as f32 {
                continue;
            }
            for (j, t) in hs.iter().enumerate() {
                for b in &hs[j + 1..] {
                    let (t, b) = if t.offset <= b.offset { (t, b) } else { (b, t) };
                    let corners = match (
                        cross(l, t, w, h),
                        cross(r, t, w, h),
                        cross(r, b, w, h),
                        cross(l, b, w, h),
                    ) {
                        (Some(a), Some(b), Some(c), Some(d)) => [a, b, c, d],
                        _ => continue,
                    };
                    if !corners.iter().all(|&p| inside(p)) {
                        continue;
                    }
                    let card = Card { corners, cover: 0.0 };
                    let (cw, ch) = (card.width(), card.height());
                    let c = corners;
                    let ratio = |a: f32, b: f32| a.max(b) / a.min(b).max(1.0);
                    if cw < MIN_WIDTH * w as f32
                        || !(ASPECT_RANGE.0..=ASPECT_RANGE.1).contains(&(cw / ch.max(1.0)))
                        || ratio(dist(c[0], c[1]), dist(c[3], c[2])) > SIDE_RATIO_MAX
                        || ratio(dist(c[0], c[3]), dist(c[1], c[2])) > SIDE_RATIO_MAX
                    {
                        continue;
                    }
                    // Side by side, stopping at the first one not seen.
                    let mut covers = [(0, 0); 4];
                    let sides = [
                        (0, 1, HORIZONTAL),
                        (1, 2, VERTICAL),
                        (3, 2, HORIZONTAL),
                        (0, 3, VERTICAL),
                    ];
                    let all_seen = sides.iter().zip(covers.iter_mut()).all(|(&(a, b, kind), cover)| {
                        side(&map, w, h, c[a], c[b], kind).map(|s| *cover = s).is_some()
                    });
                    let share = |(hit, n): (usize, usize)| hit as f32 / n as f32;
                    let mean = covers.iter().map(|&c| share(c)).sum::<f32>() / 4.0;
                    if all_seen && mean >= thresholds::DOCUMENT_MIN {
                        let score: f32 = covers
                            .iter()
                            .map(|&(hit, n)| hit as f32 - 2.0 * (n - hit) as f32)
                            .sum();
                        found.push((score, Card { corners, cover: mean }));
                    }
                }
            }
        }
    }
    found
        .into_iter()
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
