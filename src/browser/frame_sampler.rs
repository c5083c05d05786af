//! Live frames for the quality checks, sampled from the camera preview.

use kyc_contract::ImageType;
use kyc_quality::guide::capture_crop;
use kyc_quality::Kind;

use super::canvas::{draw, new_canvas, read_luma, release_canvas, Source};
use super::capture::ImageError;

/// Samples live frames for the quality checks: one reused canvas at analysis size.
pub struct FrameSampler {
    canvas: web_sys::HtmlCanvasElement,
    ctx: web_sys::CanvasRenderingContext2d,
}

impl FrameSampler {
    /// A sampler with its own canvas (created once, resized as needed).
    pub fn new() -> Result<Self, ImageError> {
        let (canvas, ctx) = new_canvas(kyc_quality::ANALYSIS_WIDTH, kyc_quality::ANALYSIS_HEIGHT, true)?;
        Ok(Self { canvas, ctx })
    }

    /// The video's current frame as a luma image at analysis size (within 640x360, or 360x640
    /// for a portrait region): the guide region plus 6% for documents (the crop the service
    /// analyses), the whole frame for the selfie.
    pub fn sample(
        &self,
        video: &web_sys::HtmlVideoElement,
        kind: ImageType,
    ) -> Result<kyc_quality::LumaImage, ImageError> {
        let (vw, vh) = (video.video_width(), video.video_height());
        if vw == 0 || vh == 0 {
            return Err(ImageError::Canvas("the video has no frame yet".to_owned()));
        }
        let (region, _) = capture_crop(Kind::of(kind), vw, vh);
        let (w, h) = kyc_quality::analysis_size(region.w, region.h);
        if self.canvas.width() != w || self.canvas.height() != h {
            self.canvas.set_width(w);
            self.canvas.set_height(h);
        }
        draw(&self.ctx, &Source::Video(video), region, w, h)?;
        read_luma(&self.ctx, w, h)
    }
}

impl Drop for FrameSampler {
    fn drop(&mut self) {
        release_canvas(&self.canvas);
    }
}
