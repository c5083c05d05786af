//! Face detection with a pico cascade: a cascade of trees of pixel-intensity comparisons
//! (N. Markus et al., "Object Detection with Pixel Intensity Comparisons Organized in Decision
//! Trees", arXiv:1305.4537), run as a multi-scale sliding window over the luma frame, at a few
//! in-plane angles, then the overlapping hits clustered into faces.
//!
//! The model is data, given at run time ([`Cascade::parse`]), so the widget can fetch it only
//! when a face is needed while the service embeds it. The trained frontal-face model is
//! `models/facefinder` (MIT, see `models/README.md`).
//!
//! ## The file format (little-endian)
//!
//! | bytes | what |
//! |---|---|
//! | 4 | `i32` version, 3 |
//! | 4 | four `i8`: the range of the comparison offsets (not needed to run it) |
//! | 4 | `i32` tree depth `d` (1..=[`MAX_DEPTH`]) |
//! | 4 | `i32` number of trees `n` (1..=[`MAX_TREES`]) |
//! | `n` × (4 (2^d − 1) + 4 · 2^d + 4) | per tree: its 2^d − 1 inner nodes in breadth-first order, each four `i8` `r1 c1 r2 c2` (two points, in 1/256 of the window's side from its center); its 2^d leaf values (`f32`); the running score's threshold after it (`f32`) |
//!
//! A window of side `s` centered at `(r, c)` is a face when, tree after tree, the running sum
//! of leaf values stays above each tree's threshold; at a node, the walk goes right when
//! `pixel(r1, c1) <= pixel(r2, c2)`. The score is the final sum minus the last threshold.

use crate::LumaImage;

/// The deepest tree [`Cascade::parse`] accepts.
pub const MAX_DEPTH: u32 = 12;
/// The most trees [`Cascade::parse`] accepts.
pub const MAX_TREES: u32 = 10_000;
/// The only format version known.
const VERSION: i32 = 3;
/// Header bytes before the first tree.
const HEADER: usize = 16;

/// Why model bytes are not a cascade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CascadeError {
    /// Fewer bytes than the header.
    TooShort(usize),
    /// A version other than 3.
    Version(i32),
    /// A tree depth outside 1..=[`MAX_DEPTH`].
    Depth(i32),
    /// A number of trees outside 1..=[`MAX_TREES`].
    Trees(i32),
    /// The length does not match the header's depth and number of trees.
    Length {
        /// Bytes the header calls for.
        expected: usize,
        /// Bytes given.
        actual: usize,
    },
    /// A leaf value or threshold is not a finite number.
    NotFinite,
}

impl std::fmt::Display for CascadeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CascadeError::TooShort(n) => write!(f, "face model: {n} bytes, shorter than its header"),
            CascadeError::Version(v) => write!(f, "face model: version {v}, expected {VERSION}"),
            CascadeError::Depth(d) => write!(f, "face model: tree depth {d} outside 1..={MAX_DEPTH}"),
            CascadeError::Trees(n) => write!(f, "face model: {n} trees, outside 1..={MAX_TREES}"),
            CascadeError::Length { expected, actual } => {
                write!(f, "face model: {actual} bytes, its header calls for {expected}")
            }
            CascadeError::NotFinite => write!(f, "face model: a value is not a finite number"),
        }
    }
}

impl std::error::Error for CascadeError {}

/// The comparison points of every node, turned by one angle.
#[derive(Debug, Clone)]
struct Pattern {
    /// The angle, degrees (positive: the face's top turned towards the frame's right).
    degrees: f32,
    /// Per tree, 2^depth entries (entry 0 unused): `r1 c1 r2 c2` in 1/256 of the window side.
    nodes: Vec<[i16; 4]>,
    /// The largest `|offset|` of any point, in 1/256 of the window side.
    reach: i32,
}

/// A parsed face cascade, with its comparison points prepared at each angle it is run at
/// ([`ANGLES`]).
#[derive(Debug, Clone)]
pub struct Cascade {
    depth: u32,
    trees: usize,
    /// Per tree, 2^depth leaf values.
    leaves: Vec<f32>,
    /// Per tree, the threshold of the running score.
    thresholds: Vec<f32>,
    patterns: Vec<Pattern>,
}

/// The in-plane angles, in degrees, the cascade is run at. The frontal model finds faces
/// turned up to about 15 degrees at 0; a face turned further is found at ±30 and reported
/// with that angle (a cheap stand-in for measuring the roll: enough to say "hold your head
/// straight").
pub const ANGLES: [f32; 3] = [0.0, -30.0, 30.0];

/// The four bytes at `at` (the caller checked the length).
fn word(b: &[u8], at: usize) -> [u8; 4] {
    [b[at], b[at + 1], b[at + 2], b[at + 3]]
}

impl Cascade {
    /// Reads a cascade in pico's format (see the module docs). Any byte string is safe to give:
    /// a bad one is an error, never a panic.
    pub fn parse(bytes: &[u8]) -> Result<Cascade, CascadeError> {
        if bytes.len() < HEADER {
            return Err(CascadeError::TooShort(bytes.len()));
        }
        let version = i32::from_le_bytes(word(bytes, 0));
        if version != VERSION {
            return Err(CascadeError::Version(version));
        }
        let depth = i32::from_le_bytes(word(bytes, 8));
        if !(1..=MAX_DEPTH as i32).contains(&depth) {
            return Err(CascadeError::Depth(depth));
        }
        let trees = i32::from_le_bytes(word(bytes, 12));
        if !(1..=MAX_TREES as i32).contains(&trees) {
            return Err(CascadeError::Trees(trees));
        }
        let (depth, trees) = (depth as u32, trees as usize);
        let leaves_per_tree = 1usize << depth;
        let tree_bytes = 4 * (leaves_per_tree - 1) + 4 * leaves_per_tree + 4;
        let expected = HEADER + trees * tree_bytes;
        if bytes.len() != expected {
            return Err(CascadeError::Length {
                expected,
                actual: bytes.len(),
            });
        }
        let mut nodes = Vec::with_capacity(trees * leaves_per_tree);
        let mut leaves = Vec::with_capacity(trees * leaves_per_tree);
        let mut thresholds = Vec::with_capacity(trees);
        for t in 0..trees {
            let mut at = HEADER + t * tree_bytes;
            nodes.push([0i8; 4]);
            for _ in 1..leaves_per_tree {
                let n = &bytes[at..at + 4];
                nodes.push([n[0] as i8, n[1] as i8, n[2] as i8, n[3] as i8]);
                at += 4;
            }
            for _ in 0..leaves_per_tree {
                leaves.push(f32::from_le_bytes(word(bytes, at)));
                at += 4;
            }
            thresholds.push(f32::from_le_bytes(word(bytes, at)));
        }
        if !leaves.iter().chain(&thresholds).all(|v| v.is_finite()) {
            return Err(CascadeError::NotFinite);
        }
        let patterns = ANGLES.iter().map(|&a| Pattern::turned(&nodes, a)).collect();
        Ok(Cascade {
            depth,
            trees,
            leaves,
            thresholds,
            patterns,
        })
    }

    /// The score of the window of side `s` centered at `(r, c)` with `pattern`, or `None` when
    /// the cascade rejects it. `near` holds the pixel offsets of the first trees' points at this
    /// side ([`Pattern::offsets`]); the rest are computed here. The caller keeps the window's
    /// reach inside the image.
    fn classify(
        &self,
        pattern: &Pattern,
        near: &[[isize; 2]],
        img: &LumaImage,
        r: i32,
        c: i32,
        s: i32,
    ) -> Option<f32> {
        let w = img.width as isize;
        let px = &img.data;
        let base = r as isize * w + c as isize;
        let leaves = 1usize << self.depth;
        let mut score = 0.0f32;
        for t in 0..self.trees {
            let first = t * leaves;
            let mut idx = 1usize;
            if first < near.len() {
                for _ in 0..self.depth {
                    let [a, b] = near[first + idx];
                    idx = 2 * idx + usize::from(px[(base + a) as usize] <= px[(base + b) as usize]);
                }
            } else {
                let nodes = &pattern.nodes[first..first + leaves];
                for _ in 0..self.depth {
                    let [a, b] = offsets(nodes[idx], s, w);
                    idx = 2 * idx + usize::from(px[(base + a) as usize] <= px[(base + b) as usize]);
                }
            }
            score += self.leaves[first + idx - leaves];
            if score <= self.thresholds[t] {
                return None;
            }
        }
        Some(score - self.thresholds[self.trees - 1])
    }
}

/// Trees whose point offsets are prepared per window side: most windows are rejected within
/// them, so the inner loop reads two precomputed offsets per node.
const PREPARED_TREES: usize = 48;

/// The pixel offsets from a window's center of a node's two points, at window side `s` in an
/// image `w` pixels wide. `(r * 256 + d * s) >> 8 == r + ((d * s) >> 8)`, so this is exactly
/// the point the format defines.
fn offsets(node: [i16; 4], s: i32, w: isize) -> [isize; 2] {
    let at = |dr: i16, dc: i16| ((dr as i32 * s) >> 8) as isize * w + ((dc as i32 * s) >> 8) as isize;
    [at(node[0], node[1]), at(node[2], node[3])]
}

impl Pattern {
    /// [`offsets`] of the nodes of the first [`PREPARED_TREES`] trees.
    fn offsets(&self, depth: u32, s: i32, w: isize) -> Vec<[isize; 2]> {
        let n = (PREPARED_TREES << depth).min(self.nodes.len());
        self.nodes[..n].iter().map(|&node| offsets(node, s, w)).collect()
    }

    /// The node points of `nodes` turned by `degrees` about the window's center.
    fn turned(nodes: &[[i8; 4]], degrees: f32) -> Pattern {
        let (sin, cos) = degrees.to_radians().sin_cos();
        // Rows grow downwards: turning the face's top towards the right moves a point above the
        // center (dr < 0) to the right (dc > 0).
        let turn = |dr: i8, dc: i8| {
            let (dr, dc) = (dr as f32, dc as f32);
            (
                (dr * cos + dc * sin).round() as i16,
                (dc * cos - dr * sin).round() as i16,
            )
        };
        let nodes: Vec<[i16; 4]> = nodes
            .iter()
            .map(|&[r1, c1, r2, c2]| {
                let (a, b) = turn(r1, c1);
                let (c, d) = turn(r2, c2);
                [a, b, c, d]
            })
            .collect();
        let reach = nodes
            .iter()
            .flat_map(|n| n.iter().map(|v| (*v as i32).abs()))
            .max()
            .unwrap_or(0)
            + 1;
        Pattern {
            degrees,
            nodes,
            reach,
        }
    }
}

/// A face found in a frame, in that frame's pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Face {
    /// Center, column.
    pub x: f32,
    /// Center, row.
    pub y: f32,
    /// Side of the square box around the face (about brow to chin).
    pub size: f32,
    /// How sure: the summed scores of the windows clustered into this face.
    pub score: f32,
    /// In-plane angle of the face, degrees: the score-weighted mean of the angles of its
    /// windows ([`ANGLES`]); positive when its top leans towards the frame's right.
    pub degrees: f32,
}

/// The sliding window's parameters, in pixels of the analysed frame.
pub mod scan {
    /// The smallest window side tried, in pixels: smaller windows see too few pixels.
    pub const MIN_SIZE: f32 = 24.0;
    /// The smallest window side tried as a share of the frame's short side: a face smaller than
    /// this is far too small for a selfie or a document's portrait anyway, and the small windows
    /// are most of the cost (their number grows with the inverse square of the side).
    pub const MIN_SHARE: f32 = 0.1;
    /// Each window size is this much larger than the one before.
    pub const SCALE_STEP: f32 = 1.1;
    /// The window moves by this share of its side.
    pub const SHIFT: f32 = 0.1;
    /// Windows overlapping more than this (intersection over union) are the same face.
    pub const CLUSTER_IOU: f32 = 0.2;
}

/// The most hits clustered (the best ones).
const MAX_HITS: usize = 4096;

/// One window the cascade accepted.
#[derive(Debug, Clone, Copy)]
struct Hit {
    r: f32,
    c: f32,
    s: f32,
    score: f32,
    degrees: f32,
}

/// Every window side from [`scan::MIN_SIZE`] up to what fits in the frame, with its hits, at
/// every angle of [`ANGLES`].
fn scan_windows(cascade: &Cascade, img: &LumaImage) -> Vec<Hit> {
    let (h, w) = (img.height as i32, img.width as i32);
    let mut hits = Vec::new();
    for pattern in &cascade.patterns {
        let mut size = scan::MIN_SIZE.max(h.min(w) as f32 * scan::MIN_SHARE);
        loop {
            let s = size as i32;
            // Half the window's reach, rounded up, plus one pixel of slack for the shifts.
            let half = (pattern.reach * s + 255) / 256 + 1;
            if 2 * half >= h.min(w) {
                break;
            }
            let step = ((size * scan::SHIFT) as i32).max(1);
            let near = pattern.offsets(cascade.depth, s, w as isize);
            let mut r = half;
            while r < h - half {
                let mut c = half;
                while c < w - half {
                    if let Some(score) = cascade.classify(pattern, &near, img, r, c, s) {
                        hits.push(Hit {
                            r: r as f32,
                            c: c as f32,
                            s: size,
                            score,
                            degrees: pattern.degrees,
                        });
                    }
                    c += step;
                }
                r += step;
            }
            size *= scan::SCALE_STEP;
        }
    }
    hits
}

/// Intersection over union of two square boxes.
fn iou(a: &Hit, b: &Hit) -> f32 {
    let overlap = |p: f32, ps: f32, q: f32, qs: f32| {
        ((p + ps / 2.0).min(q + qs / 2.0) - (p - ps / 2.0).max(q - qs / 2.0)).max(0.0)
    };
    let inter = overlap(a.r, a.s, b.r, b.s) * overlap(a.c, a.s, b.c, b.s);
    inter / (a.s * a.s + b.s * b.s - inter)
}

/// Clusters the hits: the best unclaimed hit claims every unclaimed hit overlapping it by more
/// than [`scan::CLUSTER_IOU`]; the face is their mean box, summed score and score-weighted
/// angle. Best first.
fn cluster(mut hits: Vec<Hit>) -> Vec<Face> {
    hits.sort_by(|a, b| b.score.total_cmp(&a.score));
    // Real frames give a few hundred hits; a model that accepts everything must stay cheap.
    hits.truncate(MAX_HITS);
    let mut claimed = vec![false; hits.len()];
    let mut faces = Vec::new();
    for i in 0..hits.len() {
        if claimed[i] {
            continue;
        }
        let (mut r, mut c, mut s, mut score, mut deg, mut n) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        for j in i..hits.len() {
            if !claimed[j] && iou(&hits[i], &hits[j]) > scan::CLUSTER_IOU {
                claimed[j] = true;
                let hj = hits[j];
                r += hj.r;
                c += hj.c;
                s += hj.s;
                score += hj.score;
                deg += hj.score * hj.degrees;
                n += 1.0;
            }
        }
        faces.push(Face {
            x: c / n,
            y: r / n,
            size: s / n,
            score,
            degrees: if score > 0.0 { deg / score } else { 0.0 },
        });
    }
    faces.sort_by(|a, b| b.score.total_cmp(&a.score));
    faces
}

/// Every face-like cluster in `img` (any score), best first. [`crate::check_face`] keeps the
/// ones above [`crate::thresholds::FACE_MIN_SCORE`].
pub fn detect(cascade: &Cascade, img: &LumaImage) -> Vec<Face> {
    cluster(scan_windows(cascade, img))
}
