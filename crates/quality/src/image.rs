//! The owned 8-bit luma image and its conversions.

use crate::QualityError;

/// An owned 8-bit luma image, row-major, `width * height` bytes, no padding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LumaImage {
    /// Width in pixels (at least 1).
    pub width: u32,
    /// Height in pixels (at least 1).
    pub height: u32,
    /// `width * height` luma values, row after row.
    pub data: Vec<u8>,
}

/// `width * height * channels` as a `usize`, or the error that explains why not.
pub(crate) fn buffer_len(width: u32, height: u32, channels: usize) -> Result<usize, QualityError> {
    if width == 0 || height == 0 {
        return Err(QualityError::EmptyImage { width, height });
    }
    (width as usize)
        .checked_mul(height as usize)
        .and_then(|n| n.checked_mul(channels))
        .ok_or(QualityError::TooLarge { width, height })
}

/// BT.601 luma in integer arithmetic: `(77 R + 150 G + 29 B + 128) >> 8`.
///
/// The weights add up to 256, so a gray pixel keeps its value exactly.
#[inline]
pub(crate) fn luma601(r: u8, g: u8, b: u8) -> u8 {
    // At most 256 * 255 + 128 = 65408: the sum fits in 16 bits, which vectorises well.
    ((77 * r as u16 + 150 * g as u16 + 29 * b as u16 + 128) >> 8) as u8
}

impl LumaImage {
    /// Wraps a buffer; fails when a side is zero or `data.len() != width * height`.
    pub fn new(width: u32, height: u32, data: Vec<u8>) -> Result<Self, QualityError> {
        let expected = buffer_len(width, height, 1)?;
        if data.len() != expected {
            return Err(QualityError::BadLength {
                expected,
                actual: data.len(),
            });
        }
        Ok(Self { width, height, data })
    }

    /// Converts RGBA bytes (as in a canvas `ImageData`, alpha ignored) with BT.601 integer luma.
    pub fn from_rgba(rgba: &[u8], width: u32, height: u32) -> Result<Self, QualityError> {
        Self::from_interleaved(rgba, width, height, 4)
    }

    /// Converts packed RGB bytes with BT.601 integer luma.
    pub fn from_rgb(rgb: &[u8], width: u32, height: u32) -> Result<Self, QualityError> {
        Self::from_interleaved(rgb, width, height, 3)
    }

    fn from_interleaved(src: &[u8], width: u32, height: u32, channels: usize) -> Result<Self, QualityError> {
        let expected = buffer_len(width, height, channels)?;
        if src.len() != expected {
            return Err(QualityError::BadLength {
                expected,
                actual: src.len(),
            });
        }
        let mut data = vec![0u8; expected / channels];
        if channels == 4 {
            let (pixels, _) = src.as_chunks::<4>();
            for (y, &[r, g, b, _]) in data.iter_mut().zip(pixels) {
                *y = luma601(r, g, b);
            }
        } else {
            let (pixels, _) = src.as_chunks::<3>();
            for (y, &[r, g, b]) in data.iter_mut().zip(pixels) {
                *y = luma601(r, g, b);
            }
        }
        Ok(Self { width, height, data })
    }

    /// A gray image of one value.
    pub fn filled(width: u32, height: u32, value: u8) -> Result<Self, QualityError> {
        let len = buffer_len(width, height, 1)?;
        Ok(Self {
            width,
            height,
            data: vec![value; len],
        })
    }

    /// The luma value at `(x, y)`. Panics when out of bounds.
    #[inline]
    pub fn get(&self, x: u32, y: u32) -> u8 {
        assert!(x < self.width && y < self.height, "pixel out of bounds");
        self.data[y as usize * self.width as usize + x as usize]
    }

    /// Row `y` as a slice. Panics when out of bounds.
    #[inline]
    pub fn row(&self, y: u32) -> &[u8] {
        let w = self.width as usize;
        &self.data[y as usize * w..(y as usize + 1) * w]
    }

    /// Scales down (never up) so that the image fits in `max_w x max_h`, keeping the aspect
    /// ratio. Each output pixel is the average of the input pixels in its (integer-bounded)
    /// source box, so a uniform image stays uniform and fine noise averages out the way a
    /// camera's scaler does. Returns a copy when the image already fits.
    pub fn downscale_to_fit(&self, max_w: u32, max_h: u32) -> LumaImage {
        let (w, h) = (self.width, self.height);
        let (nw, nh) = fit_size(w, h, max_w, max_h);
        if (nw, nh) == (w, h) {
            return self.clone();
        }
        let (w, h, nw_us) = (w as usize, h as usize, nw as usize);
        // Source column bounds of every output column.
        let xb: Vec<usize> = (0..=nw_us).map(|i| i * w / nw_us).collect();
        // Sum the source rows of one output row column-wise first (a vectorised add of whole
        // rows), then sum each output pixel's columns once.
        let mut acc = vec![0u32; w];
        let mut out = Vec::with_capacity(nw_us * nh as usize);
        for oy in 0..nh as usize {
            let y0 = oy * h / nh as usize;
            let y1 = ((oy + 1) * h / nh as usize).max(y0 + 1);
            acc.iter_mut().for_each(|a| *a = 0);
            for y in y0..y1 {
                let row = &self.data[y * w..(y + 1) * w];
                for (a, &v) in acc.iter_mut().zip(row) {
                    *a += v as u32;
                }
            }
            let rows = (y1 - y0) as u32;
            for ox in 0..nw_us {
                let sum: u32 = acc[xb[ox]..xb[ox + 1]].iter().sum();
                let n = rows * (xb[ox + 1] - xb[ox]) as u32;
                out.push(((sum + n / 2) / n) as u8);
            }
        }
        LumaImage {
            width: nw,
            height: nh,
            data: out,
        }
    }

    /// The `w x h` rectangle at `(x, y)`; fails when it is empty or not inside the image.
    pub fn crop(&self, x: u32, y: u32, w: u32, h: u32) -> Result<LumaImage, QualityError> {
        let fits = |o: u32, s: u32, lim: u32| o.checked_add(s).is_some_and(|e| e <= lim);
        if w == 0 || h == 0 || !fits(x, w, self.width) || !fits(y, h, self.height) {
            return Err(QualityError::CropOutOfBounds {
                x,
                y,
                w,
                h,
                width: self.width,
                height: self.height,
            });
        }
        let mut data = Vec::with_capacity(w as usize * h as usize);
        for row in y..y + h {
            let r = self.row(row);
            data.extend_from_slice(&r[x as usize..(x + w) as usize]);
        }
        Ok(LumaImage {
            width: w,
            height: h,
            data,
        })
    }
}

/// The size [`LumaImage::downscale_to_fit`] gives a `w x h` image (at least 1x1): scaled down
/// (never up) to fit in `max_w x max_h`, aspect kept, computed exactly in integers.
pub(crate) fn fit_size(w: u32, h: u32, max_w: u32, max_h: u32) -> (u32, u32) {
    let (max_w, max_h) = (max_w.max(1), max_h.max(1));
    if w <= max_w && h <= max_h {
        return (w.max(1), h.max(1));
    }
    // Scale = min(max_w / w, max_h / h).
    if (max_w as u64) * (h as u64) <= (max_h as u64) * (w as u64) {
        (
            max_w,
            div_round(h as u64 * max_w as u64, w as u64).clamp(1, max_h as u64) as u32,
        )
    } else {
        (
            div_round(w as u64 * max_h as u64, h as u64).clamp(1, max_w as u64) as u32,
            max_h,
        )
    }
}

fn div_round(a: u64, b: u64) -> u64 {
    (a + b / 2) / b
}
