//! Image size limits of the contract (either orientation: long side and short side).

/// Smallest allowed long side, in pixels.
pub const MIN_LONG: u32 = 640;
/// Largest allowed long side, in pixels.
pub const MAX_LONG: u32 = 3840;
/// Smallest allowed short side, in pixels.
pub const MIN_SHORT: u32 = 480;
/// Largest allowed short side, in pixels.
pub const MAX_SHORT: u32 = 2160;
/// Largest request body the images endpoint accepts (base64 JSON), in bytes.
pub const MAX_BODY_BYTES: usize = 10 * 1024 * 1024;
/// The widget's size target for an encoded document image.
pub const DOCUMENT_TARGET_BYTES: usize = 400 * 1024;
/// The widget's size target for an encoded selfie.
pub const SELFIE_TARGET_BYTES: usize = 200 * 1024;

/// Why a width and height are outside the contract's limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DimensionError {
    /// Smaller than 640x480 in either orientation.
    TooSmall,
    /// Larger than 3840x2160 in either orientation.
    TooLarge,
}

/// Checks `width` x `height` against the limits, by long and short side.
pub fn check(width: u32, height: u32) -> Result<(), DimensionError> {
    let (long, short) = if width >= height {
        (width, height)
    } else {
        (height, width)
    };
    if long < MIN_LONG || short < MIN_SHORT {
        Err(DimensionError::TooSmall)
    } else if long > MAX_LONG || short > MAX_SHORT {
        Err(DimensionError::TooLarge)
    } else {
        Ok(())
    }
}

/// The largest size within the limits with the same aspect ratio as
/// `width` x `height`, never larger than the input (no upscaling).
/// `None` when the input is below the minimum.
pub fn fit(width: u32, height: u32) -> Option<(u32, u32)> {
    if check(width, height) == Err(DimensionError::TooSmall) {
        return None;
    }
    let (long, short) = if width >= height {
        (width, height)
    } else {
        (height, width)
    };
    let scale = f64::min(
        1.0,
        f64::min(MAX_LONG as f64 / long as f64, MAX_SHORT as f64 / short as f64),
    );
    let w = ((width as f64 * scale).floor() as u32).max(1);
    let h = ((height as f64 * scale).floor() as u32).max(1);
    match check(w, h) {
        Ok(()) => Some((w, h)),
        Err(_) => None,
    }
}
