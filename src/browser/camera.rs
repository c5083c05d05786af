//! The live camera: `getUserMedia` with forgiving constraints, typed errors, tracks released.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::js_error_name;

/// Which camera to prefer. A preference only: a device with one camera still works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facing {
    /// The front camera (selfie).
    User,
    /// The rear camera (documents).
    Environment,
}

impl Facing {
    /// The `facingMode` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Facing::User => "user",
            Facing::Environment => "environment",
        }
    }

    /// The camera that suits an image type: rear for documents, front for the selfie.
    pub fn for_image(kind: kyc_contract::ImageType) -> Self {
        if kind.is_document() {
            Facing::Environment
        } else {
            Facing::User
        }
    }
}

/// Why the camera could not be opened; each has its own screen. Plain data: the flow
/// (`crate::flow::Event::CameraFailed`) takes it as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CameraProblem {
    /// The user or a policy refused the camera.
    PermissionDenied,
    /// There is no camera (or none that can deliver video).
    NotFound,
    /// The camera is busy (another app or tab) or failed to start.
    InUse,
    /// The page is not served over https, so the browser hides the camera.
    InsecureContext,
    /// The browser has no camera API.
    Unsupported,
    /// Anything else.
    Other,
}

impl CameraProblem {
    /// Every kind.
    pub const ALL: [CameraProblem; 6] = [
        CameraProblem::PermissionDenied,
        CameraProblem::NotFound,
        CameraProblem::InUse,
        CameraProblem::InsecureContext,
        CameraProblem::Unsupported,
        CameraProblem::Other,
    ];

    /// The `data-kind` of the camera problem screen.
    pub fn as_str(self) -> &'static str {
        match self {
            CameraProblem::PermissionDenied => "permission_denied",
            CameraProblem::NotFound => "not_found",
            CameraProblem::InUse => "in_use",
            CameraProblem::InsecureContext => "insecure_context",
            CameraProblem::Unsupported => "unsupported",
            CameraProblem::Other => "other",
        }
    }
}

/// The ideal width asked for: 1920, never with a height (Safari rejects width and height together).
pub const IDEAL_WIDTH: u32 = 1920;

/// Maps a `getUserMedia` rejection's `name` to a [`CameraProblem`] (the `OverconstrainedError`
/// fallback is handled before this; one here means even `{video: true}` could not be met).
pub fn map_error_name(name: &str) -> CameraProblem {
    match name {
        "NotAllowedError" | "SecurityError" | "PermissionDeniedError" => CameraProblem::PermissionDenied,
        "NotFoundError" | "DevicesNotFoundError" | "OverconstrainedError" | "ConstraintNotSatisfiedError" => {
            CameraProblem::NotFound
        }
        "NotReadableError" | "TrackStartError" | "AbortError" | "SourceUnavailableError" => {
            CameraProblem::InUse
        }
        "TypeError" | "NotSupportedError" => CameraProblem::Unsupported,
        _ => CameraProblem::Other,
    }
}

fn map_js_error(err: &JsValue) -> CameraProblem {
    map_error_name(&js_error_name(err).unwrap_or_default())
}

/// `{video: {facingMode: {ideal}, width: {ideal: 1920}}, audio: false}`.
fn preferred_constraints(facing: Facing) -> Result<web_sys::MediaStreamConstraints, JsValue> {
    let ideal = |v: JsValue| -> Result<JsValue, JsValue> {
        let o = js_sys::Object::new();
        js_sys::Reflect::set(&o, &JsValue::from_str("ideal"), &v)?;
        Ok(o.into())
    };
    let video = js_sys::Object::new();
    js_sys::Reflect::set(
        &video,
        &JsValue::from_str("facingMode"),
        &ideal(facing.as_str().into())?,
    )?;
    js_sys::Reflect::set(&video, &JsValue::from_str("width"), &ideal(IDEAL_WIDTH.into())?)?;
    let c = web_sys::MediaStreamConstraints::new();
    c.set_video(&video);
    c.set_audio(&JsValue::FALSE);
    Ok(c)
}

/// `{video: true, audio: false}`.
fn loose_constraints() -> web_sys::MediaStreamConstraints {
    let c = web_sys::MediaStreamConstraints::new();
    c.set_video(&JsValue::TRUE);
    c.set_audio(&JsValue::FALSE);
    c
}

async fn get_user_media(
    devices: &web_sys::MediaDevices,
    constraints: &web_sys::MediaStreamConstraints,
) -> Result<web_sys::MediaStream, JsValue> {
    let promise = devices.get_user_media_with_constraints(constraints)?;
    let stream = JsFuture::from(promise).await?;
    stream.dyn_into::<web_sys::MediaStream>()
}

/// The `<video>` element a camera is shown in (what a Leptos `NodeRef<html::Video>` holds).
pub type VideoElement = web_sys::HtmlVideoElement;

/// An open camera: owns the `MediaStream`, whose tracks are stopped by [`Camera::stop`] and on drop.
#[derive(Debug)]
pub struct Camera {
    stream: web_sys::MediaStream,
}

impl Camera {
    /// Opens the camera: `getUserMedia` with `facingMode` ideal and `width` ideal 1920 only
    /// (never width and height: Safari), falling back to `{video: true}` on
    /// `OverconstrainedError`. Checks the secure context and the API first, so that an http
    /// page gets [`CameraProblem::InsecureContext`] rather than a confusing "unsupported".
    pub async fn open(facing: Facing) -> Result<Camera, CameraProblem> {
        let window = web_sys::window().ok_or(CameraProblem::Unsupported)?;
        if !window.is_secure_context() {
            return Err(CameraProblem::InsecureContext);
        }
        if !super::device::has_camera_api() {
            return Err(CameraProblem::Unsupported);
        }
        let devices = window
            .navigator()
            .media_devices()
            .map_err(|_| CameraProblem::Unsupported)?;
        let constraints = preferred_constraints(facing).map_err(|_| CameraProblem::Other)?;
        let stream = match get_user_media(&devices, &constraints).await {
            Ok(s) => s,
            Err(e) if js_error_name(&e).as_deref() == Some("OverconstrainedError") => {
                get_user_media(&devices, &loose_constraints())
                    .await
                    .map_err(|e| map_js_error(&e))?
            }
            Err(e) => return Err(map_js_error(&e)),
        };
        Ok(Camera { stream })
    }

    /// Shows the camera in `video`: sets `srcObject`, `muted`, `playsInline` (iOS would go
    /// full screen otherwise) and starts playback. A refused `play()` (autoplay policy, or a
    /// newer `srcObject`) is not an error here: the element keeps its stream.
    pub fn attach(&self, video: &VideoElement) -> Result<(), CameraProblem> {
        video.set_muted(true);
        video.set_autoplay(true);
        video
            .set_attribute("playsinline", "")
            .map_err(|_| CameraProblem::Other)?;
        video.set_src_object(Some(&self.stream));
        match video.play() {
            Ok(promise) => {
                // Swallow a rejection so that it does not surface as an unhandled promise.
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = JsFuture::from(promise).await;
                });
                Ok(())
            }
            Err(_) => Err(CameraProblem::Other),
        }
    }

    fn tracks(&self) -> Vec<web_sys::MediaStreamTrack> {
        self.stream
            .get_tracks()
            .iter()
            .filter_map(|t| t.dyn_into::<web_sys::MediaStreamTrack>().ok())
            .collect()
    }

    /// The video track's label (`"Back Camera"`, ...), when the browser gives one.
    pub fn label(&self) -> Option<String> {
        self.stream
            .get_video_tracks()
            .iter()
            .filter_map(|t| t.dyn_into::<web_sys::MediaStreamTrack>().ok())
            .map(|t| t.label())
            .find(|l| !l.trim().is_empty())
    }

    /// The size the camera delivers (track settings), when known.
    pub fn resolution(&self) -> Option<(u32, u32)> {
        let track = self
            .stream
            .get_video_tracks()
            .iter()
            .find_map(|t| t.dyn_into::<web_sys::MediaStreamTrack>().ok())?;
        let settings = track.get_settings();
        let w = settings.get_width()?;
        let h = settings.get_height()?;
        (w > 0 && h > 0).then_some((w as u32, h as u32))
    }

    /// Stops every track (the camera light goes off). Idempotent.
    pub fn stop(&self) {
        for track in self.tracks() {
            track.stop();
        }
    }

    /// True while a video track is live (not stopped, not ended by the system).
    pub fn is_live(&self) -> bool {
        self.tracks()
            .iter()
            .any(|t| t.kind() == "video" && t.ready_state() == web_sys::MediaStreamTrackState::Live)
    }

    /// The underlying stream (for tests and for a `<video>` not managed by [`Camera::attach`]).
    pub fn stream(&self) -> &web_sys::MediaStream {
        &self.stream
    }
}

impl Drop for Camera {
    fn drop(&mut self) {
        self.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_names() {
        assert_eq!(map_error_name("NotAllowedError"), CameraProblem::PermissionDenied);
        assert_eq!(map_error_name("SecurityError"), CameraProblem::PermissionDenied);
        assert_eq!(map_error_name("NotFoundError"), CameraProblem::NotFound);
        assert_eq!(map_error_name("OverconstrainedError"), CameraProblem::NotFound);
        assert_eq!(map_error_name("NotReadableError"), CameraProblem::InUse);
        assert_eq!(map_error_name("TrackStartError"), CameraProblem::InUse);
        assert_eq!(map_error_name("AbortError"), CameraProblem::InUse);
        assert_eq!(map_error_name("TypeError"), CameraProblem::Unsupported);
        assert_eq!(map_error_name("WeirdError"), CameraProblem::Other);
        assert_eq!(map_error_name(""), CameraProblem::Other);
    }

    #[test]
    fn facing_per_image() {
        use kyc_contract::ImageType;
        assert_eq!(Facing::for_image(ImageType::DocumentFront), Facing::Environment);
        assert_eq!(Facing::for_image(ImageType::DocumentBack), Facing::Environment);
        assert_eq!(Facing::for_image(ImageType::Selfie), Facing::User);
        assert_eq!(Facing::User.as_str(), "user");
    }
}
