//! Live frames for the quality checks, taken from the camera preview.
//!
//! The main thread reads no pixels where it can help it: it hands the analysis worker the
//! video's current frame unread, a `VideoFrame` (Chromium 94, Safari 16.4, Firefox 130: a
//! reference to the decoded frame, no copy) or else an `ImageBitmap` of it
//! (`createImageBitmap`), and the worker crops, scales and reads it on its `OffscreenCanvas`.
//! Where the worker has no `OffscreenCanvas` (Safari before 16.4) the page samples the frame
//! itself, as before: one canvas `drawImage` at the analysis size and `getImageData`.

use std::cell::OnceCell;

use kyc_contract::ImageType;
use kyc_quality::guide::{capture_crop, Rect};
use kyc_quality::{Kind, LumaImage};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::analyser::close_video_frame;
use super::canvas::{canvas_err, draw, new_canvas, read_luma, release_canvas, Source};
use super::capture::ImageError;

/// One live frame, ready for the analyser.
pub enum Frame {
    /// The whole video frame, not read: a `VideoFrame` or an `ImageBitmap` of `width` x
    /// `height`. The worker crops it (`capture_crop`) and draws the crop at the analysis size.
    Unread {
        /// The `VideoFrame` or `ImageBitmap`.
        video_frame: JsValue,
        /// Its width.
        width: u32,
        /// Its height.
        height: u32,
        /// The size its crop is analysed at.
        analysis_size: (u32, u32),
    },
    /// The crop read on the main thread, at the analysis size (browsers without
    /// `OffscreenCanvas`).
    Luma(LumaImage),
}

impl Frame {
    /// The size the frame is analysed at (the report's coordinates are in it).
    pub fn size(&self) -> (u32, u32) {
        match self {
            Frame::Unread { analysis_size, .. } => *analysis_size,
            Frame::Luma(luma) => (luma.width, luma.height),
        }
    }

    /// Frees a frame that will not be analysed now (a camera's pool of frames is small, and
    /// an unread frame holds one until it is closed).
    pub fn release(self) {
        if let Frame::Unread { video_frame, .. } = self {
            close_video_frame(&video_frame);
        }
    }
}

/// How the page hands frames over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Way {
    VideoFrame,
    Bitmap,
    Sample,
}

/// Takes live frames for the quality checks.
pub struct FrameSampler {
    /// The canvas of main-thread sampling, made on first use (never, where frames go to the
    /// worker unread).
    canvas: OnceCell<Option<(web_sys::HtmlCanvasElement, web_sys::CanvasRenderingContext2d)>>,
    way: Way,
}

impl FrameSampler {
    /// A sampler; it finds out once how frames can go to the worker.
    pub fn new() -> Self {
        let global = js_sys::global();
        let has = |name: &str| js_sys::Reflect::has(&global, &name.into()).unwrap_or(false);
        let way = match () {
            _ if !has("OffscreenCanvas") => Way::Sample,
            _ if has("VideoFrame") => Way::VideoFrame,
            _ if has("createImageBitmap") => Way::Bitmap,
            _ => Way::Sample,
        };
        Self {
            canvas: OnceCell::new(),
            way,
        }
    }

    /// The video's current frame for the analysis of `kind` (the guide region plus 6% for
    /// documents, the crop the service analyses; the whole frame for the selfie; at the
    /// analysis size, within 640x360 or 360x640 for a portrait region).
    pub async fn sample(
        &self,
        video: &web_sys::HtmlVideoElement,
        kind: ImageType,
    ) -> Result<Frame, ImageError> {
        let (_, w, h) = region_of(video, kind)?;
        let video_frame = match self.way {
            Way::Sample => return self.sample_luma(video, kind).map(Frame::Luma),
            Way::VideoFrame => {
                let class = js_sys::Reflect::get(&js_sys::global(), &"VideoFrame".into())
                    .map_err(canvas_err)?
                    .dyn_into::<js_sys::Function>()
                    .map_err(|_| ImageError::Canvas("no VideoFrame".to_owned()))?;
                js_sys::Reflect::construct(&class, &js_sys::Array::of1(video)).map_err(canvas_err)?
            }
            Way::Bitmap => {
                let window = web_sys::window().ok_or_else(|| ImageError::Canvas("no window".to_owned()))?;
                let promise = window
                    .create_image_bitmap_with_html_video_element(video)
                    .map_err(canvas_err)?;
                JsFuture::from(promise).await.map_err(canvas_err)?
            }
        };
        Ok(Frame::Unread {
            video_frame,
            width: video.video_width(),
            height: video.video_height(),
            analysis_size: (w, h),
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
