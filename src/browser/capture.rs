//! From a camera frame or a chosen file to a JPEG inside the contract's limits, and the
//! small luma frames the live quality checks read.
//!
//! The pipeline: full-resolution source → (documents from the camera) crop to the guide plus
//! 6% of the guide's size on each side → scale down with [`limits::fit`] (never up; below
//! 640x480 is [`ImageError::TooSmall`]) → `canvas.toBlob("image/jpeg", q)`, lowering `q`
//! from 0.92 towards 0.5 until the size target is met, then shrinking by 0.85 while the
//! image stays within the limits.

use kyc_contract::{limits, CaptureMargins, ImageType};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::js_error_text;

/// ID-1 card aspect ratio (85.6 mm x 53.98 mm).
pub const ID1_ASPECT: f64 = 85.6 / 53.98;
/// The card guide's largest share of the frame width and of the frame height.
pub const DOCUMENT_GUIDE_FILL: f64 = 0.8;
/// The selfie oval's height as a share of the frame height.
pub const SELFIE_GUIDE_HEIGHT: f64 = 0.6;
/// The selfie oval's width / height.
pub const SELFIE_GUIDE_ASPECT: f64 = 0.75;
/// The margin kept around the document guide on each side, as a share of the guide's size.
pub const CROP_MARGIN: f64 = 0.06;
/// Live analysis frames fit in this size (landscape; portrait frames fit in 360x640).
pub const ANALYSIS_MAX: (u32, u32) = (640, 360);
/// JPEG qualities tried in turn at the full size.
pub const QUALITY_STEPS: [f64; 7] = [0.92, 0.85, 0.78, 0.71, 0.64, 0.57, 0.5];
/// JPEG qualities tried at each reduced size.
pub const REDUCED_QUALITY_STEPS: [f64; 2] = [0.7, 0.5];
/// The factor applied to both sides when the lowest quality is still too large.
pub const SHRINK_FACTOR: f64 = 0.85;

/// The on-screen guide, as fractions (0..1) of the frame's width and height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GuideRect {
    /// Left edge / frame width.
    pub x: f64,
    /// Top edge / frame height.
    pub y: f64,
    /// Width / frame width.
    pub w: f64,
    /// Height / frame height.
    pub h: f64,
}

/// Where the on-screen guide sits in a frame of `frame_w` x `frame_h` (pure; used by the
/// overlay and by the crop). Document: centered ID-1 card, 80% of the frame width, shrunk so
/// that its height is at most 80% of the frame height. Selfie: centered portrait oval box,
/// 60% of the frame height tall and 3/4 as wide (at most 90% of the frame width).
pub fn guide_rect(kind: ImageType, frame_w: u32, frame_h: u32) -> GuideRect {
    let (fw, fh) = (frame_w.max(1) as f64, frame_h.max(1) as f64);
    let (w, h) = if kind.is_document() {
        let mut w = fw * DOCUMENT_GUIDE_FILL;
        let mut h = w / ID1_ASPECT;
        if h > fh * DOCUMENT_GUIDE_FILL {
            h = fh * DOCUMENT_GUIDE_FILL;
            w = h * ID1_ASPECT;
        }
        (w, h)
    } else {
        let mut h = fh * SELFIE_GUIDE_HEIGHT;
        let mut w = h * SELFIE_GUIDE_ASPECT;
        if w > fw * 0.9 {
            w = fw * 0.9;
            h = w / SELFIE_GUIDE_ASPECT;
        }
        (w, h)
    };
    GuideRect {
        x: (fw - w) / 2.0 / fw,
        y: (fh - h) / 2.0 / fh,
        w: w / fw,
        h: h / fh,
    }
}

/// A rectangle in pixels of a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PixelRect {
    /// Left.
    pub x: u32,
    /// Top.
    pub y: u32,
    /// Width.
    pub w: u32,
    /// Height.
    pub h: u32,
}

/// The part of a `frame_w` x `frame_h` frame that becomes the image: for documents the guide
/// plus [`CROP_MARGIN`] of the guide's size on each side, clamped to the frame, with the
/// guide's margins inside that region (in region pixels: the contract's `capture_margins`, the
/// area to process); for the selfie the whole frame and no margins.
pub fn crop_region(kind: ImageType, frame_w: u32, frame_h: u32) -> (PixelRect, Option<CaptureMargins>) {
    if !kind.is_document() || frame_w == 0 || frame_h == 0 {
        return (
            PixelRect {
                x: 0,
                y: 0,
                w: frame_w,
                h: frame_h,
            },
            None,
        );
    }
    let g = guide_rect(kind, frame_w, frame_h);
    let (fw, fh) = (frame_w as f64, frame_h as f64);
    let (gx, gy, gw, gh) = (g.x * fw, g.y * fh, g.w * fw, g.h * fh);
    let (mx, my) = (gw * CROP_MARGIN, gh * CROP_MARGIN);
    let x0 = (gx - mx).max(0.0).round() as u32;
    let y0 = (gy - my).max(0.0).round() as u32;
    let x1 = ((gx + gw + mx).round() as u32).min(frame_w);
    let y1 = ((gy + gh + my).round() as u32).min(frame_h);
    let rect = PixelRect {
        x: x0,
        y: y0,
        w: x1.saturating_sub(x0).max(1),
        h: y1.saturating_sub(y0).max(1),
    };
    let margins = CaptureMargins {
        left: (gx - x0 as f64).max(0.0),
        right: (x1 as f64 - (gx + gw)).max(0.0),
        top: (gy - y0 as f64).max(0.0),
        bottom: (y1 as f64 - (gy + gh)).max(0.0),
    };
    (rect, Some(margins))
}

/// Margins measured in `region` pixels, in pixels of the `out_w` x `out_h` image made from it.
pub fn scale_margins(m: CaptureMargins, region: PixelRect, out_w: u32, out_h: u32) -> CaptureMargins {
    let sx = f64::from(out_w) / f64::from(region.w.max(1));
    let sy = f64::from(out_h) / f64::from(region.h.max(1));
    let round = |v: f64| (v * 10.0).round() / 10.0;
    CaptureMargins {
        left: round(m.left * sx),
        right: round(m.right * sx),
        top: round(m.top * sy),
        bottom: round(m.bottom * sy),
    }
}

/// The output size for a source region: [`limits::fit`], or [`ImageError::TooSmall`].
pub fn output_size(w: u32, h: u32) -> Result<(u32, u32), ImageError> {
    limits::fit(w, h).ok_or(ImageError::TooSmall { width: w, height: h })
}

/// The next smaller size ([`SHRINK_FACTOR`] on both sides) if it is still within the limits.
pub fn shrink(w: u32, h: u32) -> Option<(u32, u32)> {
    let (nw, nh) = (
        (w as f64 * SHRINK_FACTOR).floor() as u32,
        (h as f64 * SHRINK_FACTOR).floor() as u32,
    );
    limits::check(nw, nh).ok().map(|_| (nw, nh))
}

/// The size a live analysis frame of a `w` x `h` region gets: within 640x360 (360x640 for a
/// portrait region), aspect kept, never upscaled, at least 1x1.
pub fn analysis_size(w: u32, h: u32) -> (u32, u32) {
    let (max_w, max_h) = if w >= h {
        ANALYSIS_MAX
    } else {
        (ANALYSIS_MAX.1, ANALYSIS_MAX.0)
    };
    let scale = f64::min(
        1.0,
        f64::min(max_w as f64 / w.max(1) as f64, max_h as f64 / h.max(1) as f64),
    );
    (
        ((w as f64 * scale).round() as u32).max(1),
        ((h as f64 * scale).round() as u32).max(1),
    )
}

/// The JPEG size target of an image type.
pub fn target_bytes(kind: ImageType) -> usize {
    if kind.is_document() {
        limits::DOCUMENT_TARGET_BYTES
    } else {
        limits::SELFIE_TARGET_BYTES
    }
}

/// A captured picture, ready to upload.
#[derive(Debug, Clone, PartialEq)]
pub struct CapturedImage {
    /// The JPEG bytes.
    pub jpeg: Vec<u8>,
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
    /// For a document cropped from a camera frame: the pixels of the frame removed on each
    /// side (sent as `capture_margins`). `None` for selfies and files.
    pub margins: Option<CaptureMargins>,
}

/// Why a picture could not be produced.
#[derive(Debug, Clone, PartialEq)]
pub enum ImageError {
    /// The picture (after the crop) is below 640x480.
    TooSmall {
        /// Its width.
        width: u32,
        /// Its height.
        height: u32,
    },
    /// The file is not a picture the browser can decode.
    NotAnImage,
    /// Drawing failed (no frame yet, no canvas), with the reason.
    Canvas(String),
    /// JPEG encoding failed, with the reason.
    Encode(String),
}

/// What the flow needs to know of an [`ImageError`] (`crate::flow::Event::CaptureFailed`):
/// plain data, one message each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageProblem {
    /// Below the contract's 640x480.
    TooSmall,
    /// The chosen file is not a picture.
    NotAnImage,
    /// The browser failed to draw or encode it.
    Failed,
}

impl ImageError {
    /// The problem the customer is told about.
    pub fn problem(&self) -> ImageProblem {
        match self {
            ImageError::TooSmall { .. } => ImageProblem::TooSmall,
            ImageError::NotAnImage => ImageProblem::NotAnImage,
            ImageError::Canvas(_) | ImageError::Encode(_) => ImageProblem::Failed,
        }
    }
}

/// A source of pixels the canvas can draw.
enum Source<'a> {
    Video(&'a web_sys::HtmlVideoElement),
    Bitmap(&'a web_sys::ImageBitmap),
    Image(&'a web_sys::HtmlImageElement),
}

fn canvas_err(e: JsValue) -> ImageError {
    ImageError::Canvas(js_error_text(&e))
}

/// A fresh canvas of `w` x `h` and its 2D context.
fn new_canvas(
    w: u32,
    h: u32,
    read_often: bool,
) -> Result<(web_sys::HtmlCanvasElement, web_sys::CanvasRenderingContext2d), ImageError> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| ImageError::Canvas("no document".to_owned()))?;
    let canvas = document
        .create_element("canvas")
        .map_err(canvas_err)?
        .dyn_into::<web_sys::HtmlCanvasElement>()
        .map_err(|_| ImageError::Canvas("not a canvas".to_owned()))?;
    canvas.set_width(w);
    canvas.set_height(h);
    let options = js_sys::Object::new();
    js_sys::Reflect::set(
        &options,
        &"willReadFrequently".into(),
        &JsValue::from_bool(read_often),
    )
    .map_err(canvas_err)?;
    js_sys::Reflect::set(&options, &"alpha".into(), &JsValue::FALSE).map_err(canvas_err)?;
    let ctx = canvas
        .get_context_with_context_options("2d", &options)
        .map_err(canvas_err)?
        .ok_or_else(|| ImageError::Canvas("no 2d context".to_owned()))?
        .dyn_into::<web_sys::CanvasRenderingContext2d>()
        .map_err(|_| ImageError::Canvas("not a 2d context".to_owned()))?;
    Ok((canvas, ctx))
}

/// Frees a canvas's pixels now rather than at garbage collection (iOS Safari caps the total
/// canvas memory of a page, and a full-resolution canvas holds 8 to 33 MB).
fn release_canvas(canvas: &web_sys::HtmlCanvasElement) {
    canvas.set_width(0);
    canvas.set_height(0);
}

/// Draws `region` of `source` scaled onto the whole canvas of `w` x `h`.
fn draw(
    ctx: &web_sys::CanvasRenderingContext2d,
    source: &Source<'_>,
    region: PixelRect,
    w: u32,
    h: u32,
) -> Result<(), ImageError> {
    let (sx, sy, sw, sh) = (region.x as f64, region.y as f64, region.w as f64, region.h as f64);
    let (dw, dh) = (w as f64, h as f64);
    // Resizing a canvas resets its context's state: set the smoothing before every draw.
    ctx.set_image_smoothing_enabled(true);
    let _ = js_sys::Reflect::set(ctx, &"imageSmoothingQuality".into(), &"high".into());
    match source {
        Source::Video(v) => ctx.draw_image_with_html_video_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
            v, sx, sy, sw, sh, 0.0, 0.0, dw, dh,
        ),
        Source::Bitmap(b) => ctx.draw_image_with_image_bitmap_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
            b, sx, sy, sw, sh, 0.0, 0.0, dw, dh,
        ),
        Source::Image(i) => ctx.draw_image_with_html_image_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
            i, sx, sy, sw, sh, 0.0, 0.0, dw, dh,
        ),
    }
    .map_err(canvas_err)
}

/// `canvas.toBlob(cb, "image/jpeg", quality)` as a future.
async fn to_jpeg_blob(
    canvas: &web_sys::HtmlCanvasElement,
    quality: f64,
) -> Result<web_sys::Blob, ImageError> {
    let mut thrown: Option<JsValue> = None;
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Err(e) =
            canvas.to_blob_with_type_and_encoder_options(&resolve, "image/jpeg", &JsValue::from_f64(quality))
        {
            thrown = Some(e);
            let _ = resolve.call1(&JsValue::UNDEFINED, &JsValue::NULL);
        }
    });
    let value = JsFuture::from(promise)
        .await
        .map_err(|e| ImageError::Encode(js_error_text(&e)))?;
    if let Some(e) = thrown {
        return Err(ImageError::Encode(js_error_text(&e)));
    }
    value
        .dyn_into::<web_sys::Blob>()
        .map_err(|_| ImageError::Encode("toBlob gave no blob".to_owned()))
}

async fn blob_bytes(blob: &web_sys::Blob) -> Result<Vec<u8>, ImageError> {
    let buffer = JsFuture::from(blob.array_buffer())
        .await
        .map_err(|e| ImageError::Encode(js_error_text(&e)))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Crops, scales and encodes `source` (of `src_w` x `src_h`) as described in the module docs.
async fn encode(
    source: Source<'_>,
    src_w: u32,
    src_h: u32,
    kind: ImageType,
    crop: bool,
) -> Result<CapturedImage, ImageError> {
    if src_w == 0 || src_h == 0 {
        return Err(ImageError::Canvas("the source has no pixels yet".to_owned()));
    }
    let (region, margins) = if crop {
        crop_region(kind, src_w, src_h)
    } else {
        (
            PixelRect {
                x: 0,
                y: 0,
                w: src_w,
                h: src_h,
            },
            None,
        )
    };
    let (w, h) = output_size(region.w, region.h)?;
    let target = target_bytes(kind);
    let (canvas, ctx) = new_canvas(w, h, false)?;
    let result = encode_on(&canvas, &ctx, &source, region, (w, h), target).await;
    release_canvas(&canvas);
    let (blob, width, height) = result?;
    let jpeg = blob_bytes(&blob).await?;
    Ok(CapturedImage {
        jpeg,
        width,
        height,
        margins: margins.map(|m| scale_margins(m, region, width, height)),
    })
}

/// Draws `region` at `size` and encodes it, lowering the quality and then the size until the
/// JPEG is at most `target` bytes (or the smallest allowed size at the lowest quality).
async fn encode_on(
    canvas: &web_sys::HtmlCanvasElement,
    ctx: &web_sys::CanvasRenderingContext2d,
    source: &Source<'_>,
    region: PixelRect,
    size: (u32, u32),
    target: usize,
) -> Result<(web_sys::Blob, u32, u32), ImageError> {
    let (mut w, mut h) = size;
    draw(ctx, source, region, w, h)?;
    let mut smallest: Option<(web_sys::Blob, u32, u32)> = None;
    let mut steps: &[f64] = &QUALITY_STEPS;
    loop {
        for &q in steps {
            let blob = to_jpeg_blob(canvas, q).await?;
            let fits = blob.size() <= target as f64;
            smallest = Some((blob, w, h));
            if fits {
                break;
            }
        }
        let fits = smallest
            .as_ref()
            .is_some_and(|(b, _, _)| b.size() <= target as f64);
        if fits {
            break;
        }
        match shrink(w, h) {
            Some((nw, nh)) => {
                (w, h) = (nw, nh);
                canvas.set_width(w);
                canvas.set_height(h);
                draw(ctx, source, region, w, h)?;
                steps = &REDUCED_QUALITY_STEPS;
            }
            // The smallest allowed size at the lowest quality: send it as it is (the target
            // is a goal; the contract's hard limit is the 10 MB body).
            None => break,
        }
    }
    smallest.ok_or_else(|| ImageError::Encode("nothing encoded".to_owned()))
}

/// Captures the video's current frame at full resolution (`videoWidth` x `videoHeight`).
/// Documents are cropped to the guide plus 6% on each side (the removed pixels are reported
/// in `margins`); selfies keep the whole frame. Then scaled to fit the contract's limits
/// (never up; below 640x480 → [`ImageError::TooSmall`]) and encoded by the browser as JPEG,
/// lowering the quality until ≤ `DOCUMENT_TARGET_BYTES` / `SELFIE_TARGET_BYTES`.
pub async fn capture_from_video(
    video: &web_sys::HtmlVideoElement,
    kind: ImageType,
) -> Result<CapturedImage, ImageError> {
    encode(
        Source::Video(video),
        video.video_width(),
        video.video_height(),
        kind,
        true,
    )
    .await
}

/// A decoded picture, released by [`Decoded::release`].
enum Decoded {
    Bitmap(web_sys::ImageBitmap),
    /// Browsers without `createImageBitmap` (Safari before 15): an `<img>` on a blob URL.
    Image(web_sys::HtmlImageElement, String),
}

impl Decoded {
    fn size(&self) -> (u32, u32) {
        match self {
            Decoded::Bitmap(b) => (b.width(), b.height()),
            Decoded::Image(i, _) => (i.natural_width(), i.natural_height()),
        }
    }

    fn source(&self) -> Source<'_> {
        match self {
            Decoded::Bitmap(b) => Source::Bitmap(b),
            Decoded::Image(i, _) => Source::Image(i),
        }
    }

    fn release(self) {
        match self {
            Decoded::Bitmap(b) => b.close(),
            Decoded::Image(_, url) => revoke_object_url(&url),
        }
    }
}

/// Decodes a picture. `createImageBitmap` applies the EXIF orientation (`imageOrientation`
/// `"from-image"` is the default), as does an `<img>` (CSS `image-orientation: from-image`).
async fn decode_blob(blob: &web_sys::Blob) -> Result<Decoded, ImageError> {
    let window = web_sys::window().ok_or_else(|| ImageError::Canvas("no window".to_owned()))?;
    let has_bitmap =
        js_sys::Reflect::get(&window, &"createImageBitmap".into()).is_ok_and(|f| f.is_function());
    if has_bitmap {
        let promise = window
            .create_image_bitmap_with_blob(blob)
            .map_err(|_| ImageError::NotAnImage)?;
        let bitmap = JsFuture::from(promise)
            .await
            .map_err(|_| ImageError::NotAnImage)?
            .dyn_into::<web_sys::ImageBitmap>()
            .map_err(|_| ImageError::NotAnImage)?;
        return Ok(Decoded::Bitmap(bitmap));
    }
    let image = web_sys::HtmlImageElement::new().map_err(canvas_err)?;
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(canvas_err)?;
    image.set_src(&url);
    match JsFuture::from(image.decode()).await {
        Ok(_) => Ok(Decoded::Image(image, url)),
        Err(_) => {
            revoke_object_url(&url);
            Err(ImageError::NotAnImage)
        }
    }
}

/// True for a MIME type that cannot be a picture (an empty type is given the benefit of the doubt).
pub fn is_non_image_type(mime: &str) -> bool {
    let mime = mime.trim();
    !mime.is_empty() && !mime.to_ascii_lowercase().starts_with("image/")
}

/// A file the customer chose in the file input (a browser `File`).
pub type ChosenFile = web_sys::File;

/// The (first) file chosen in the `<input type="file">` whose `change` event is `ev`. The
/// input is cleared, so that choosing the same file again is a change again.
pub fn take_chosen_file(ev: &web_sys::Event) -> Option<ChosenFile> {
    let input = ev.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    let file = input.files().and_then(|f| f.get(0));
    input.set_value("");
    file
}

/// The same pipeline for a chosen file, without the crop (the whole picture, EXIF orientation
/// applied by `createImageBitmap`). A file the browser cannot decode is [`ImageError::NotAnImage`].
pub async fn capture_from_file(file: &web_sys::File, kind: ImageType) -> Result<CapturedImage, ImageError> {
    if is_non_image_type(&file.type_()) {
        return Err(ImageError::NotAnImage);
    }
    let decoded = decode_blob(file).await?;
    let (w, h) = decoded.size();
    let result = encode(decoded.source(), w, h, kind, false).await;
    decoded.release();
    result
}

/// Decodes a JPEG to a full-size luma image for the pre-upload check (pass it through
/// `kyc_quality::prepare` before `assess`, as the service does).
pub async fn jpeg_to_luma(jpeg: &[u8]) -> Result<kyc_quality::LumaImage, ImageError> {
    let blob = jpeg_blob(jpeg)?;
    let decoded = decode_blob(&blob).await?;
    let (w, h) = decoded.size();
    let result = (|| {
        if w == 0 || h == 0 {
            return Err(ImageError::NotAnImage);
        }
        let (canvas, ctx) = new_canvas(w, h, true)?;
        let luma = draw(&ctx, &decoded.source(), PixelRect { x: 0, y: 0, w, h }, w, h)
            .and_then(|_| read_luma(&ctx, w, h));
        release_canvas(&canvas);
        luma
    })();
    decoded.release();
    result
}

fn read_luma(
    ctx: &web_sys::CanvasRenderingContext2d,
    w: u32,
    h: u32,
) -> Result<kyc_quality::LumaImage, ImageError> {
    let data = ctx
        .get_image_data(0.0, 0.0, w as f64, h as f64)
        .map_err(canvas_err)?;
    kyc_quality::LumaImage::from_rgba(&data.data(), w, h).map_err(|e| ImageError::Canvas(format!("{e:?}")))
}

fn jpeg_blob(jpeg: &[u8]) -> Result<web_sys::Blob, ImageError> {
    let array = js_sys::Uint8Array::from(jpeg);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/jpeg");
    web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(canvas_err)
}

/// A `blob:` URL for the JPEG (for the preview `<img>`); revoke it with [`revoke_object_url`].
pub fn object_url(jpeg: &[u8]) -> Result<String, ImageError> {
    let blob = jpeg_blob(jpeg)?;
    web_sys::Url::create_object_url_with_blob(&blob).map_err(canvas_err)
}

/// Releases a URL made by [`object_url`].
pub fn revoke_object_url(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}

/// Samples live frames for the quality checks: one reused canvas at analysis size.
pub struct FrameSampler {
    canvas: web_sys::HtmlCanvasElement,
    ctx: web_sys::CanvasRenderingContext2d,
}

impl FrameSampler {
    /// A sampler with its own canvas (created once, resized as needed).
    pub fn new() -> Result<Self, ImageError> {
        let (canvas, ctx) = new_canvas(ANALYSIS_MAX.0, ANALYSIS_MAX.1, true)?;
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
        let (region, _) = crop_region(kind, vw, vh);
        let (w, h) = analysis_size(region.w, region.h);
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

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: ImageType = ImageType::DocumentFront;

    #[test]
    fn document_guide_is_centered_id1() {
        let g = guide_rect(DOC, 1920, 1080);
        // Width-bound would be 1536 wide → 968.6 tall > 864: height-bound instead.
        assert!((g.h - 0.8).abs() < 1e-9);
        let (w, h) = (g.w * 1920.0, g.h * 1080.0);
        assert!((w / h - ID1_ASPECT).abs() < 1e-9);
        assert!((g.x + g.w / 2.0 - 0.5).abs() < 1e-9 && (g.y + g.h / 2.0 - 0.5).abs() < 1e-9);
        // Portrait phone frame: width-bound.
        let g = guide_rect(DOC, 1080, 1920);
        assert!((g.w - 0.8).abs() < 1e-9);
        assert!(g.h * 1920.0 < 0.8 * 1920.0);
    }

    #[test]
    fn selfie_guide_is_a_portrait_oval_box() {
        let g = guide_rect(ImageType::Selfie, 1280, 720);
        assert!((g.h - 0.6).abs() < 1e-9);
        assert!((g.w * 1280.0 - 0.75 * 0.6 * 720.0).abs() < 1e-6);
        assert!((g.x + g.w / 2.0 - 0.5).abs() < 1e-9);
        // A very narrow frame: width capped at 90%.
        let g = guide_rect(ImageType::Selfie, 300, 1000);
        assert!(g.w <= 0.9 + 1e-9);
        assert!(g.x >= 0.0 && g.y >= 0.0);
    }

    #[test]
    fn document_crop_at_1280x720_matches_the_shared_geometry() {
        // kyc-quality's guide docs: guide 913x576 at (183, 72), crop 1023x645 at (128, 37).
        let (r, m) = crop_region(DOC, 1280, 720);
        let close = |a: u32, b: u32| a.abs_diff(b) <= 1;
        assert!(
            close(r.x, 128) && close(r.y, 37) && close(r.w, 1023) && close(r.h, 645),
            "{r:?}"
        );
        // The margins locate the guide (913x576 at 183, 72) inside the crop.
        let m = m.unwrap_or_default();
        let near = |a: f64, b: f64| (a - b).abs() <= 1.5;
        assert!(near(m.left, 55.0) && near(m.top, 35.0), "{m:?}");
        assert!(near(r.w as f64 - m.left - m.right, 913.0), "{m:?}");
        assert!(near(r.h as f64 - m.top - m.bottom, 576.0), "{m:?}");
    }

    #[test]
    fn document_crop_margins_add_up_and_stay_in_frame() {
        for (fw, fh) in [
            (1920, 1080),
            (1080, 1920),
            (640, 480),
            (4032, 3024),
            (3840, 2160),
            (10, 10),
        ] {
            let (r, m) = crop_region(DOC, fw, fh);
            let m = m.unwrap_or_default();
            assert!(r.x + r.w <= fw && r.y + r.h <= fh, "{fw}x{fh}: {r:?}");
            // The margins leave exactly the guide inside the crop.
            let g = guide_rect(DOC, fw, fh);
            let gw = g.w * fw as f64;
            let gh = g.h * fh as f64;
            if fw >= 100 {
                assert!(
                    (r.w as f64 - m.left - m.right - gw).abs() <= 1.0,
                    "{fw}x{fh}: {m:?}"
                );
                assert!(
                    (r.h as f64 - m.top - m.bottom - gh).abs() <= 1.0,
                    "{fw}x{fh}: {m:?}"
                );
            }
            // The crop is larger than the guide by about 12% of it on each axis.
            if fw >= 100 {
                assert!((r.w as f64 - gw * 1.12).abs() <= 2.0, "{fw}x{fh}: {r:?} vs {gw}");
            }
        }
    }

    #[test]
    fn margins_scale_with_the_output() {
        let region = PixelRect {
            x: 10,
            y: 10,
            w: 1000,
            h: 500,
        };
        let m = CaptureMargins {
            left: 50.0,
            right: 50.0,
            top: 25.0,
            bottom: 25.0,
        };
        let s = scale_margins(m, region, 500, 250);
        assert_eq!(
            s,
            CaptureMargins {
                left: 25.0,
                right: 25.0,
                top: 12.5,
                bottom: 12.5
            }
        );
    }

    #[test]
    fn margin_is_clamped_to_the_frame() {
        // A frame exactly the guide's aspect with a tiny border: the 6% margin runs out.
        let (r, m) = crop_region(DOC, 1000, 500);
        let m = m.unwrap_or_default();
        assert!(m.top >= 0.0 && m.bottom >= 0.0);
        assert!(r.y + r.h <= 500);
    }

    #[test]
    fn selfie_is_the_whole_frame() {
        let (r, m) = crop_region(ImageType::Selfie, 1280, 720);
        assert_eq!(
            r,
            PixelRect {
                x: 0,
                y: 0,
                w: 1280,
                h: 720
            }
        );
        assert_eq!(m, None);
    }

    #[test]
    fn sizes() {
        assert_eq!(output_size(1920, 1080), Ok((1920, 1080)));
        assert_eq!(output_size(4032, 3024), Ok((2880, 2160)));
        assert_eq!(
            output_size(600, 480),
            Err(ImageError::TooSmall {
                width: 600,
                height: 480
            })
        );
        // A 640x480 camera's document crop is too small.
        let (r, _) = crop_region(DOC, 640, 480);
        assert!(matches!(output_size(r.w, r.h), Err(ImageError::TooSmall { .. })));
        // A 1920x1080 camera's document crop is fine.
        let (r, _) = crop_region(DOC, 1920, 1080);
        assert!(output_size(r.w, r.h).is_ok());
    }

    #[test]
    fn shrinking_stops_at_the_minimum() {
        assert_eq!(shrink(1920, 1080), Some((1632, 918)));
        assert_eq!(shrink(700, 500), None);
        let mut size = (3840, 2160);
        let mut n = 0;
        while let Some(s) = shrink(size.0, size.1) {
            assert!(limits::check(s.0, s.1).is_ok());
            size = s;
            n += 1;
        }
        assert!(n > 3);
    }

    #[test]
    fn analysis_sizes() {
        assert_eq!(analysis_size(1920, 1080), (640, 360));
        assert_eq!(analysis_size(1080, 1920), (360, 640));
        assert_eq!(analysis_size(1023, 645), (571, 360));
        assert_eq!(analysis_size(320, 240), (320, 240));
        assert_eq!(analysis_size(0, 0), (1, 1));
    }

    #[test]
    fn quality_steps_go_down_to_about_half() {
        assert!(QUALITY_STEPS.windows(2).all(|w| w[0] > w[1]));
        assert_eq!(QUALITY_STEPS[0], 0.92);
        assert!((QUALITY_STEPS[QUALITY_STEPS.len() - 1] - 0.5).abs() < 1e-9);
        assert_eq!(target_bytes(ImageType::Selfie), limits::SELFIE_TARGET_BYTES);
        assert_eq!(target_bytes(DOC), limits::DOCUMENT_TARGET_BYTES);
    }

    #[test]
    fn mime_types() {
        assert!(is_non_image_type("text/plain"));
        assert!(is_non_image_type("application/pdf"));
        assert!(!is_non_image_type("image/jpeg"));
        assert!(!is_non_image_type("IMAGE/HEIC"));
        assert!(!is_non_image_type(""));
    }
}
