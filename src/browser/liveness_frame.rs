//! The frames of a liveness try: the video's current frame, whole, at most
//! [`LIVENESS_FRAME_WIDTH`] pixels wide (sides within the contract's limits), as JPEG.

use kyc_contract::{LIVENESS_FRAME_MAX_SIDE, LIVENESS_FRAME_MIN_SIDE};
use kyc_quality::guide::Rect;

use super::canvas::{blob_bytes, draw, new_canvas, release_canvas, to_jpeg_blob, Source};
use super::capture::ImageError;

/// The widest frame sent: the service finds the face at its analysis size (640) anyway.
pub const LIVENESS_FRAME_WIDTH: u32 = 640;
/// The JPEG quality of the frames.
const QUALITY: f64 = 0.85;

/// The size a `vw x vh` video frame is sent at: scaled to at most [`LIVENESS_FRAME_WIDTH`]
/// wide, then so that no side is below [`LIVENESS_FRAME_MIN_SIDE`] or above
/// [`LIVENESS_FRAME_MAX_SIDE`] (a very narrow frame keeps its short side), the aspect kept.
pub fn liveness_frame_size(vw: u32, vh: u32) -> (u32, u32) {
    let (w, h) = (vw.max(1) as f32, vh.max(1) as f32);
    let mut scale = (LIVENESS_FRAME_WIDTH as f32 / w).min(1.0);
    let short = w.min(h) * scale;
    if short < LIVENESS_FRAME_MIN_SIDE as f32 {
        scale = LIVENESS_FRAME_MIN_SIDE as f32 / w.min(h);
    }
    let long = w.max(h) * scale;
    if long > LIVENESS_FRAME_MAX_SIDE as f32 {
        scale = LIVENESS_FRAME_MAX_SIDE as f32 / w.max(h);
    }
    let side = |v: f32| ((v * scale).round() as u32).clamp(1, LIVENESS_FRAME_MAX_SIDE);
    (side(w), side(h))
}

/// Encodes video frames for a liveness try: one reused canvas.
pub struct FrameEncoder {
    canvas: web_sys::HtmlCanvasElement,
    ctx: web_sys::CanvasRenderingContext2d,
}

impl FrameEncoder {
    /// An encoder with its own canvas (sized per frame).
    pub fn new() -> Result<Self, ImageError> {
        let (canvas, ctx) = new_canvas(LIVENESS_FRAME_WIDTH, LIVENESS_FRAME_MIN_SIDE, false)?;
        Ok(Self { canvas, ctx })
    }

    /// The video's current frame as JPEG, at [`liveness_frame_size`].
    pub async fn encode(&self, video: &web_sys::HtmlVideoElement) -> Result<Vec<u8>, ImageError> {
        let (vw, vh) = (video.video_width(), video.video_height());
        if vw == 0 || vh == 0 {
            return Err(ImageError::Canvas("the video has no frame yet".to_owned()));
        }
        let (w, h) = liveness_frame_size(vw, vh);
        if self.canvas.width() != w || self.canvas.height() != h {
            self.canvas.set_width(w);
            self.canvas.set_height(h);
        }
        let whole = Rect {
            x: 0,
            y: 0,
            w: vw,
            h: vh,
        };
        draw(&self.ctx, &Source::Video(video), whole, w, h)?;
        let blob = to_jpeg_blob(&self.canvas, QUALITY).await?;
        blob_bytes(&blob).await
    }
}

impl Drop for FrameEncoder {
    fn drop(&mut self) {
        release_canvas(&self.canvas);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_at_most_640_wide_with_every_side_within_the_limits() {
        assert_eq!(liveness_frame_size(1280, 720), (640, 360));
        assert_eq!(liveness_frame_size(720, 1280), (640, 1138));
        assert_eq!(liveness_frame_size(640, 480), (640, 480));
        // Never scaled up, unless a side would be below the contract's smallest.
        assert_eq!(liveness_frame_size(320, 240), (320, 240));
        assert_eq!(liveness_frame_size(1920, 480), (960, 240));
        // A side above the largest is brought down.
        assert_eq!(liveness_frame_size(640, 4000), (307, 1920));
    }
}
