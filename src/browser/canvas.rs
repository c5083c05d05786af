//! The canvas work of the capture pipeline: decoding pictures, drawing a region of a frame
//! scaled, reading luma back, and encoding JPEG.

use kyc_quality::guide::Rect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::capture::{revoke_object_url, ImageError};
use super::js_error_text;

/// A source of pixels the canvas can draw.
pub(super) enum Source<'a> {
    Video(&'a web_sys::HtmlVideoElement),
    Bitmap(&'a web_sys::ImageBitmap),
    Image(&'a web_sys::HtmlImageElement),
}

pub(super) fn canvas_err(e: JsValue) -> ImageError {
    ImageError::Canvas(js_error_text(&e))
}

/// A fresh canvas of `w` x `h` and its 2D context.
pub(super) fn new_canvas(
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
pub(super) fn release_canvas(canvas: &web_sys::HtmlCanvasElement) {
    canvas.set_width(0);
    canvas.set_height(0);
}

/// Draws `region` of `source` scaled onto the whole canvas of `w` x `h`.
pub(super) fn draw(
    ctx: &web_sys::CanvasRenderingContext2d,
    source: &Source<'_>,
    region: Rect,
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
pub(super) async fn to_jpeg_blob(
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

pub(super) async fn blob_bytes(blob: &web_sys::Blob) -> Result<Vec<u8>, ImageError> {
    let buffer = JsFuture::from(blob.array_buffer())
        .await
        .map_err(|e| ImageError::Encode(js_error_text(&e)))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// A decoded picture, released by [`Decoded::release`].
pub(super) enum Decoded {
    Bitmap(web_sys::ImageBitmap),
    /// Browsers without `createImageBitmap` (Safari before 15): an `<img>` on a blob URL.
    Image(web_sys::HtmlImageElement, String),
}

impl Decoded {
    pub(super) fn size(&self) -> (u32, u32) {
        match self {
            Decoded::Bitmap(b) => (b.width(), b.height()),
            Decoded::Image(i, _) => (i.natural_width(), i.natural_height()),
        }
    }

    pub(super) fn source(&self) -> Source<'_> {
        match self {
            Decoded::Bitmap(b) => Source::Bitmap(b),
            Decoded::Image(i, _) => Source::Image(i),
        }
    }

    pub(super) fn release(self) {
        match self {
            Decoded::Bitmap(b) => b.close(),
            Decoded::Image(_, url) => revoke_object_url(&url),
        }
    }
}

/// Decodes a picture. `createImageBitmap` applies the EXIF orientation (`imageOrientation`
/// `"from-image"` is the default), as does an `<img>` (CSS `image-orientation: from-image`).
pub(super) async fn decode_blob(blob: &web_sys::Blob) -> Result<Decoded, ImageError> {
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

pub(super) fn read_luma(
    ctx: &web_sys::CanvasRenderingContext2d,
    w: u32,
    h: u32,
) -> Result<kyc_quality::LumaImage, ImageError> {
    let data = ctx
        .get_image_data(0.0, 0.0, w as f64, h as f64)
        .map_err(canvas_err)?;
    kyc_quality::LumaImage::from_rgba(&data.data(), w, h).map_err(|e| ImageError::Canvas(format!("{e:?}")))
}

pub(super) fn jpeg_blob(jpeg: &[u8]) -> Result<web_sys::Blob, ImageError> {
    let array = js_sys::Uint8Array::from(jpeg);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/jpeg");
    web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(canvas_err)
}
