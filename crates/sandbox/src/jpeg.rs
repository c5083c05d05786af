//! Checking and decoding uploaded JPEGs, hostile input first.
//!
//! Order: the bytes must look like a JPEG (SOI marker, and the EOI marker
//! that ends the image as the last bytes: a truncated file is refused even by
//! a lenient decoder, and nothing can ride along after the image to be stored);
//! the dimensions are read from the header alone and checked against the
//! contract's limits before anything is decoded (a header claiming
//! 30000x30000 never allocates); then the decoder runs with an allocation
//! limit as a second guard, and at most one decode per core at a time (a
//! burst of uploads waits for a slot instead of holding a decoded picture each).

use std::io::Cursor;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, OnceLock};

use image::{ImageFormat, ImageReader, Limits};
use kyc_contract::limits;

/// Why an upload is not an acceptable JPEG (each is a 400 `invalid_image`).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum JpegError {
    /// Not base64.
    #[error("content is not valid base64")]
    Base64,
    /// PNG bytes.
    #[error("content is not a JPEG (it is a PNG)")]
    Png,
    /// Anything else that is not a JPEG.
    #[error("content is not a JPEG")]
    NotJpeg,
    /// Bytes after the end-of-image marker (padding, a second image, anything).
    #[error("the JPEG has {0} bytes after its end-of-image marker: send the image alone")]
    TrailingBytes(usize),
    /// Truncated or corrupt.
    #[error("the JPEG could not be decoded (truncated or corrupt)")]
    Undecodable,
    /// Below the minimum size (the picture's width and height, then the minimum's).
    #[error("the image is {0}x{1}: too small, it must be at least {2}x{3} (either orientation)")]
    TooSmall(u32, u32, u32, u32),
    /// Above the maximum size (the picture's width and height, then the maximum's).
    #[error("the image is {0}x{1}: too large, it must be at most {2}x{3} (either orientation)")]
    TooLarge(u32, u32, u32, u32),
}

/// The sizes a picture may have, by its long and its short side (either orientation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sides {
    pub min_long: u32,
    pub min_short: u32,
    pub max_long: u32,
    pub max_short: u32,
}

impl Sides {
    /// An uploaded image: the contract's limits (640x480 to 3840x2160).
    pub const UPLOAD: Sides = Sides {
        min_long: limits::MIN_LONG,
        min_short: limits::MIN_SHORT,
        max_long: limits::MAX_LONG,
        max_short: limits::MAX_SHORT,
    };

    /// A liveness frame: every side within the contract's liveness frame sides.
    pub const LIVENESS_FRAME: Sides = Sides {
        min_long: kyc_contract::LIVENESS_FRAME_MIN_SIDE,
        min_short: kyc_contract::LIVENESS_FRAME_MIN_SIDE,
        max_long: kyc_contract::LIVENESS_FRAME_MAX_SIDE,
        max_short: kyc_contract::LIVENESS_FRAME_MAX_SIDE,
    };

    /// Checks `w` x `h` by its long and short side.
    pub fn check(&self, w: u32, h: u32) -> Result<(), JpegError> {
        let (long, short) = (w.max(h), w.min(h));
        if long < self.min_long || short < self.min_short {
            Err(JpegError::TooSmall(w, h, self.min_long, self.min_short))
        } else if long > self.max_long || short > self.max_short {
            Err(JpegError::TooLarge(w, h, self.max_long, self.max_short))
        } else {
            Ok(())
        }
    }
}

/// Decodes base64 content (standard alphabet, padding optional; a `data:` URL prefix is accepted).
pub fn decode_base64(content: &str) -> Result<Vec<u8>, JpegError> {
    use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
    use base64::engine::DecodePaddingMode;
    use base64::Engine;
    const LENIENT: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    let s = content.trim();
    let s = match s.strip_prefix("data:") {
        Some(rest) => rest.split_once(',').map(|(_, b)| b).ok_or(JpegError::Base64)?,
        None => s,
    };
    let bytes = LENIENT.decode(s).map_err(|_| JpegError::Base64)?;
    if bytes.is_empty() {
        return Err(JpegError::NotJpeg);
    }
    Ok(bytes)
}

/// Looks at the bytes only: a JPEG's start marker, and its end marker as the last bytes.
pub fn sniff(bytes: &[u8]) -> Result<(), JpegError> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Err(JpegError::Png);
    }
    if !bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Err(JpegError::NotJpeg);
    }
    match image_end(bytes)? {
        end if end == bytes.len() => Ok(()),
        end => Err(JpegError::TrailingBytes(bytes.len() - end)),
    }
}

/// The offset just past the EOI marker that ends the image: walks the marker
/// segments after SOI, and after each SOS the entropy-coded data, which runs
/// to the next marker that is neither a stuffed `FF 00` nor a restart marker.
fn image_end(bytes: &[u8]) -> Result<usize, JpegError> {
    let byte = |i: usize| bytes.get(i).copied().ok_or(JpegError::Undecodable);
    let mut i = 2; // after SOI
    loop {
        if byte(i)? != 0xFF {
            return Err(JpegError::Undecodable);
        }
        while byte(i)? == 0xFF {
            i += 1;
        }
        let marker = byte(i)?;
        i += 1;
        match marker {
            0xD9 => return Ok(i),
            0x01 | 0xD0..=0xD7 => continue, // no length
            _ => {}
        }
        let len = u16::from_be_bytes([byte(i)?, byte(i + 1)?]) as usize;
        if len < 2 || i + len > bytes.len() {
            return Err(JpegError::Undecodable);
        }
        i += len;
        if marker == 0xDA {
            loop {
                let ff = bytes[i..]
                    .iter()
                    .position(|&b| b == 0xFF)
                    .ok_or(JpegError::Undecodable)?;
                i += ff;
                match byte(i + 1)? {
                    0x00 | 0xD0..=0xD7 => i += 2,
                    0xFF => i += 1, // fill bytes before a marker
                    _ => break,
                }
            }
        }
    }
}

/// Width and height from the frame header (SOFn), walking the marker
/// segments without decoding anything.
pub fn dimensions(bytes: &[u8]) -> Result<(u32, u32), JpegError> {
    let mut i = 2; // after SOI
    loop {
        // Markers may be preceded by any number of 0xFF fill bytes.
        if *bytes.get(i).ok_or(JpegError::Undecodable)? != 0xFF {
            return Err(JpegError::Undecodable);
        }
        while bytes.get(i) == Some(&0xFF) {
            i += 1;
        }
        let marker = *bytes.get(i).ok_or(JpegError::Undecodable)?;
        i += 1;
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            continue; // no length
        }
        if marker == 0xD9 || marker == 0xDA {
            return Err(JpegError::Undecodable); // EOI or SOS before any frame header
        }
        let len = u16::from_be_bytes([
            *bytes.get(i).ok_or(JpegError::Undecodable)?,
            *bytes.get(i + 1).ok_or(JpegError::Undecodable)?,
        ]) as usize;
        if len < 2 {
            return Err(JpegError::Undecodable);
        }
        let is_sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_sof {
            let seg = bytes.get(i + 2..i + len).ok_or(JpegError::Undecodable)?;
            if seg.len() < 5 {
                return Err(JpegError::Undecodable);
            }
            let h = u16::from_be_bytes([seg[1], seg[2]]) as u32;
            let w = u16::from_be_bytes([seg[3], seg[4]]) as u32;
            if w == 0 || h == 0 {
                return Err(JpegError::Undecodable);
            }
            return Ok((w, h));
        }
        i += len;
    }
}

/// Checks everything and decodes an uploaded image to 8-bit luma: `(width, height, pixels)`.
pub fn decode_luma(bytes: &[u8]) -> Result<(u32, u32, Vec<u8>), JpegError> {
    decode_luma_within(bytes, Sides::UPLOAD)
}

/// Checks everything, the size against `sides`, and decodes to 8-bit luma.
pub fn decode_luma_within(bytes: &[u8], sides: Sides) -> Result<(u32, u32, Vec<u8>), JpegError> {
    sniff(bytes)?;
    let (w, h) = dimensions(bytes)?;
    sides.check(w, h)?;
    let _slot = DecodeSlot::acquire();
    let mut reader = ImageReader::with_format(Cursor::new(bytes), ImageFormat::Jpeg);
    let mut lim = Limits::default();
    lim.max_image_width = Some(limits::MAX_LONG);
    lim.max_image_height = Some(limits::MAX_LONG);
    // 3840x2160 RGB plus the decoder's working memory.
    lim.max_alloc = Some(64 * 1024 * 1024);
    reader.limits(lim);
    let img = reader.decode().map_err(|_| JpegError::Undecodable)?;
    let luma = img.into_luma8();
    let (w, h) = luma.dimensions();
    Ok((w, h, luma.into_raw()))
}

/// How many decodes may run at once: one per core.
pub fn decode_slots() -> usize {
    static SLOTS: OnceLock<usize> = OnceLock::new();
    *SLOTS.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// The most decodes that ever ran at once in this process.
pub fn peak_concurrent_decodes() -> usize {
    PEAK.load(Ordering::Relaxed)
}

static RUNNING: Mutex<usize> = Mutex::new(0);
static FREED: Condvar = Condvar::new();
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// One of the [`decode_slots`], held while a picture is decoded (the caller's
/// thread is a blocking one, so waiting here blocks no request but its own).
struct DecodeSlot;

impl DecodeSlot {
    fn acquire() -> DecodeSlot {
        let mut running = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
        while *running >= decode_slots() {
            running = FREED.wait(running).unwrap_or_else(|e| e.into_inner());
        }
        *running += 1;
        PEAK.fetch_max(*running, Ordering::Relaxed);
        DecodeSlot
    }
}

impl Drop for DecodeSlot {
    fn drop(&mut self) {
        *RUNNING.lock().unwrap_or_else(|e| e.into_inner()) -= 1;
        FREED.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nrest"), Err(JpegError::Png));
        assert_eq!(sniff(b"hello world"), Err(JpegError::NotJpeg));
        assert_eq!(
            sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 1, 2]),
            Err(JpegError::Undecodable)
        );
        // SOI, APP0 (4 bytes), EOI.
        let bare = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xD9];
        assert_eq!(sniff(&bare), Ok(()));
        assert_eq!(
            sniff(&[&bare[..], &[0, 0]].concat()),
            Err(JpegError::TrailingBytes(2))
        );
        // An EOI at the very end does not hide what lies between the image's end and it.
        assert_eq!(
            sniff(&[&bare[..], &[0, 0, 0xFF, 0xD9]].concat()),
            Err(JpegError::TrailingBytes(4))
        );
    }

    #[test]
    fn the_end_is_found_past_stuffed_bytes_restarts_and_fill() {
        // SOI, SOS (header of 4 bytes), entropy data with FF00 and RST0, fill bytes, EOI.
        let b = [
            0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x04, 0x01, 0x02, 0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF,
            0xFF, 0xD9,
        ];
        assert_eq!(image_end(&b), Ok(b.len()));
        assert_eq!(image_end(&b[..b.len() - 1]), Err(JpegError::Undecodable));
    }

    #[test]
    fn dimensions_from_a_crafted_header() {
        // SOI, APP0 (short), SOF0 claiming 30000x30000, EOI.
        let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00];
        b.extend_from_slice(&[
            0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x75, 0x30, 0x75, 0x30, 0x01, 0x01, 0x11, 0x00,
        ]);
        b.extend_from_slice(&[0xFF, 0xD9]);
        assert_eq!(dimensions(&b), Ok((30000, 30000)));
        assert_eq!(
            decode_luma(&b),
            Err(JpegError::TooLarge(30000, 30000, 3840, 2160))
        );
        assert_eq!(
            decode_luma_within(&b, Sides::LIVENESS_FRAME),
            Err(JpegError::TooLarge(30000, 30000, 1920, 1920))
        );
        assert_eq!(dimensions(&[0xFF, 0xD8, 0xFF]), Err(JpegError::Undecodable));
    }

    #[test]
    fn base64_forms() {
        assert_eq!(decode_base64("aGk="), Ok(b"hi".to_vec()));
        assert_eq!(decode_base64("aGk"), Ok(b"hi".to_vec()));
        assert_eq!(decode_base64("data:image/jpeg;base64,aGk="), Ok(b"hi".to_vec()));
        assert_eq!(decode_base64("!!!"), Err(JpegError::Base64));
        assert_eq!(decode_base64(""), Err(JpegError::NotJpeg));
    }
}
