//! Live frames for the quality checks, taken from the camera preview.
//!
//! Where the browser has `createImageBitmap` and `OffscreenCanvas` (Chromium, Firefox 105,
//! Safari 16.4), the main thread reads no pixels: it takes the guide's crop of the video as an
//! `ImageBitmap` (a snapshot, made by the browser), and the analysis worker draws it at the
//! analysis size and reads its luma. Elsewhere (older Safari) the page samples the frame
//! itself, as before: one canvas `drawImage` at the analysis size and `getImageData`.

use std::cell::OnceCell;

use kyc_contract::ImageType;
use kyc_quality::guide::{capture_crop, Rect};
use kyc_quality::{Kind, LumaImage};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::canvas::{canvas_err, draw, new_canvas, read_luma, release_canvas, Source};
use super::capture::ImageError;

/// One live frame, ready for the analyser.
pub enum Frame {
    /// The guide's crop of the video, not read: the worker draws it at `width` x `height`.
    Bitmap {
        /// The crop, at the video's resolution.
        bitmap: web_sys::ImageBitmap,
        /// The analysis size.
        width: u32,
        /// The analysis size.
        height: u32,
    },
    /// The crop read on the main thread, at the analysis size (browsers without
    /// `OffscreenCanvas` or `createImageBitmap`).
    Luma(LumaImage),
}

impl Frame {
    /// The size the frame is analysed at.
    pub fn size(&self) -> (u32, u32) {
        match self {
            Frame::Bitmap { width, height, .. } => (*width, *height),
            Frame::Luma(luma) => (luma.width, luma.height),
        }
    }
}

/// Takes live frames for the quality checks.
pub struct FrameSampler {
    /// The canvas of main-thread sampling, made on first use (never, where bitmaps go to the
    /// worker).
    canvas: OnceCell<Option<(web_sys::HtmlCanvasElement, web_sys::CanvasRenderingContext2d)>>,
    /// The browser can hand frames to the worker unread.
    bitmaps: bool,
}

impl FrameSampler {
    /// A sampler; it finds out once whether frames can go to the worker unread.
    pub fn new() -> Self {
        let global = js_sys::global();
        let has = |name: &str| js_sys::Reflect::has(&global, &name.into()).unwrap_or(false);
        Self {
            canvas: OnceCell::new(),
            bitmaps: has("createImageBitmap") && has("OffscreenCanvas"),
        }
    }

    /// The video's current frame for the analysis of `kind`: the guide region plus 6% for
    /// documents (the crop the service analyses), the whole frame for the selfie, at the
    /// analysis size (within 640x360, or 360x640 for a portrait region).
    pub async fn sample(
        &self,
        video: &web_sys::HtmlVideoElement,
        kind: ImageType,
    ) -> Result<Frame, ImageError> {
        if !self.bitmaps {
            return self.sample_luma(video, kind).map(Frame::Luma);
        }
        let (region, width, height) = region_of(video, kind)?;
        let window = web_sys::window().ok_or_else(|| ImageError::Canvas("no window".to_owned()))?;
        let promise = window
            .create_image_bitmap_with_html_video_element_and_a_sx_and_a_sy_and_a_sw_and_a_sh(
                video,
                region.x as i32,
                region.y as i32,
                region.w as i32,
                region.h as i32,
            )
            .map_err(canvas_err)?;
        let bitmap = JsFuture::from(promise)
            .await
            .map_err(canvas_err)?
            .dyn_into::<web_sys::ImageBitmap>()
            .map_err(|_| ImageError::Canvas("not an ImageBitmap".to_owned()))?;
        Ok(Frame::Bitmap {
            bitmap,
            width,
            height,
        })
    }

    /// The frame sampled on the main thread as luma at the analysis size (a canvas draw with
    /// high-quality smoothing, then `getImageData`): the sampling of browsers that cannot hand
    /// frames to the worker.
    pub fn sample_luma(
        &self,
        video: &web_sys::HtmlVideoElement,
        kind: ImageType,
    ) -> Result<LumaImage, ImageError> {
        let (region, w, h) = region_of(video, kind)?;
        let (canvas, ctx) = self
            .canvas
            .get_or_init(|| new_canvas(w, h, true).ok())
            .as_ref()
            .ok_or_else(|| ImageError::Canvas("no canvas".to_owned()))?;
        if canvas.width() != w || canvas.height() != h {
            canvas.set_width(w);
            canvas.set_height(h);
        }
        draw(ctx, &Source::Video(video), region, w, h)?;
        read_luma(ctx, w, h)
    }
}

impl Default for FrameSampler {
    fn default() -> Self {
        Self::new()
    }
}

/// The crop of the video's frame analysed for `kind`, and its analysis size.
fn region_of(video: &web_sys::HtmlVideoElement, kind: ImageType) -> Result<(Rect, u32, u32), ImageError> {
    let (vw, vh) = (video.video_width(), video.video_height());
    if vw == 0 || vh == 0 {
        return Err(ImageError::Canvas("the video has no frame yet".to_owned()));
    }
    let (region, _) = capture_crop(Kind::of(kind), vw, vh);
    let (w, h) = kyc_quality::analysis_size(region.w, region.h);
    Ok((region, w, h))
}

impl Drop for FrameSampler {
    fn drop(&mut self) {
        if let Some(Some((canvas, _))) = self.canvas.get() {
            release_canvas(canvas);
        }
    }
}
