//! `ApiClient`: the widget's calls of the contract, through one `send`.

use gloo_net::http::{Request, RequestBuilder};
use kyc_contract::{
    AddImageRequest, AddImagesResponse, CaptureMargins, ConsentRequest, ConsentResponse, DeviceInfo,
    ErrorBody, HandoffResponse, ImageDto, ImageType, LivenessFrame, LivenessRequest, LivenessResponse,
    StartRequest, StartResponse, StatusResponse,
};
use serde::de::DeserializeOwned;

use super::{base64, ApiError};
use crate::browser::abort::Abort;
use crate::browser::early_start::EarlyStart;

/// The HTTP client of one session.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiClient {
    /// The API base (`""` = same origin), without a trailing slash.
    pub base: String,
    /// The session id.
    pub session_id: String,
    /// The session-scoped access token, once started.
    pub token: Option<String>,
}

impl ApiClient {
    /// A client for `session_id` at `base`, without a token yet.
    pub fn new(base: impl Into<String>, session_id: impl Into<String>) -> ApiClient {
        ApiClient {
            base: base.into(),
            session_id: session_id.into(),
            token: None,
        }
    }

    /// The URL of `tail` under this session (`{base}/api/v1/verification/{sid}/{tail}`).
    pub fn url(&self, tail: &str) -> String {
        format!(
            "{}/api/v1/verification/{}/{}",
            self.base,
            percent_encode_segment(&self.session_id),
            tail
        )
    }

    /// `POST start` with the link's single-use token.
    pub async fn start(
        &self,
        start_token: &str,
        device_info: DeviceInfo,
        abort: Option<&Abort>,
    ) -> Result<StartResponse, ApiError> {
        let body = StartRequest {
            start_token: start_token.to_owned(),
            device_info: Some(device_info),
        };
        self.send_json(Request::post(&self.url("start")), &body, abort)
            .await
    }

    /// The answer to `POST start` that `index.html` sent early (see
    /// [`crate::browser::early_start`]) when it is a success; else this client's own
    /// [`start`](Self::start), which gets the service's answer to a used or wrong token
    /// itself, or tries again after a failed early call.
    pub async fn start_unless_started_early(
        &self,
        early: Option<EarlyStart>,
        start_token: &str,
        device_info: DeviceInfo,
        abort: Option<&Abort>,
    ) -> Result<StartResponse, ApiError> {
        if let Some(early) = early {
            if let Some(a) = early.answer().await {
                let answer = decode_answer(a.status, &a.text, a.retry_after.as_deref());
                if answer.is_ok() {
                    return answer;
                }
            }
        }
        self.start(start_token, device_info, abort).await
    }

    /// `POST consent` with `{granted: true}`.
    pub async fn consent(&self, abort: Option<&Abort>) -> Result<ConsentResponse, ApiError> {
        let req = self.authorized(Request::post(&self.url("consent")));
        self.send_json(req, &ConsentRequest { granted: true }, abort)
            .await
    }

    /// `POST images` with one JPEG.
    pub async fn upload(
        &self,
        image: &ImageMeta,
        jpeg: &[u8],
        device_info: DeviceInfo,
        abort: Option<&Abort>,
    ) -> Result<AddImagesResponse, ApiError> {
        let body = add_image_request(image, jpeg, device_info);
        let req = self.authorized(Request::post(&self.url("images")));
        self.send_json(req, &body, abort).await
    }

    /// `POST liveness` with one try (the JPEG frames and their times), or "continue without"
    /// when `frames` is empty and `declined`.
    pub async fn liveness(
        &self,
        attempt_id: &str,
        frames: &[(Vec<u8>, u32)],
        declined: bool,
        device_info: DeviceInfo,
        abort: Option<&Abort>,
    ) -> Result<LivenessResponse, ApiError> {
        let body = liveness_request(attempt_id, frames, declined, device_info);
        let req = self.authorized(Request::post(&self.url("liveness")));
        self.send_json(req, &body, abort).await
    }

    /// `GET status`.
    pub async fn status(&self, abort: Option<&Abort>) -> Result<StatusResponse, ApiError> {
        let req = self.authorized(Request::get(&self.url("status")));
        let req = req.abort_signal(abort.and_then(Abort::signal).as_ref());
        let req = req.build().map_err(|e| ApiError::Decode(e.to_string()))?;
        send(req).await
    }

    /// `POST handoff`: a fresh link for another device.
    pub async fn handoff(&self, abort: Option<&Abort>) -> Result<HandoffResponse, ApiError> {
        let req = self.authorized(Request::post(&self.url("handoff")));
        let req = req.abort_signal(abort.and_then(Abort::signal).as_ref());
        let req = req.build().map_err(|e| ApiError::Decode(e.to_string()))?;
        send(req).await
    }

    fn authorized(&self, req: RequestBuilder) -> RequestBuilder {
        match &self.token {
            Some(t) => req.header("Authorization", &format!("Bearer {t}")),
            None => req,
        }
    }

    async fn send_json<B: serde::Serialize, T: DeserializeOwned>(
        &self,
        req: RequestBuilder,
        body: &B,
        abort: Option<&Abort>,
    ) -> Result<T, ApiError> {
        let req = req.abort_signal(abort.and_then(Abort::signal).as_ref());
        let req = req.json(body).map_err(|e| ApiError::Decode(e.to_string()))?;
        send(req).await
    }
}

/// What goes with an upload's JPEG.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageMeta {
    /// Which picture.
    pub image_type: ImageType,
    /// The widget's id for it (retries reuse it).
    pub image_id: String,
    /// The guide's margins, when cropped from a camera frame.
    pub capture_margins: Option<CaptureMargins>,
}

/// The body of an upload: the JPEG as base64 with its type, id and margins.
pub fn add_image_request(image: &ImageMeta, jpeg: &[u8], device_info: DeviceInfo) -> AddImageRequest {
    AddImageRequest {
        image: ImageDto {
            format: "jpg".to_owned(),
            image_type: image.image_type,
            content: base64::encode(jpeg),
            capture_margins: image.capture_margins,
            image_id: Some(image.image_id.clone()),
        },
        device_info: Some(device_info),
    }
}

/// The body of a liveness try: each JPEG as base64 with its time, in order.
pub fn liveness_request(
    attempt_id: &str,
    frames: &[(Vec<u8>, u32)],
    declined: bool,
    device_info: DeviceInfo,
) -> LivenessRequest {
    LivenessRequest {
        attempt_id: attempt_id.to_owned(),
        frames: frames
            .iter()
            .map(|(jpeg, t_ms)| LivenessFrame {
                content: base64::encode(jpeg),
                t_ms: *t_ms,
            })
            .collect(),
        declined,
        device_info: Some(device_info),
    }
}

/// Sends `req` and maps the answer (see [`decode_answer`]).
async fn send<T: DeserializeOwned>(req: Request) -> Result<T, ApiError> {
    let resp = req.send().await.map_err(map_transport_error)?;
    let status = resp.status();
    let text = resp.text().await.map_err(map_transport_error)?;
    let retry_after = resp.headers().get("retry-after");
    decode_answer(status, &text, retry_after.as_deref())
}

/// Maps an answer: 2xx parsed as `T`, anything else to an [`ApiError`] (reading the
/// `ErrorBody` when the service sent one).
fn decode_answer<T: DeserializeOwned>(
    status: u16,
    text: &str,
    retry_after: Option<&str>,
) -> Result<T, ApiError> {
    if (200..300).contains(&status) {
        return serde_json::from_str(text).map_err(|e| ApiError::Decode(e.to_string()));
    }
    let body: Option<ErrorBody> = serde_json::from_str(text).ok();
    Err(ApiError::from_status(status, body.as_ref(), retry_after))
}

fn map_transport_error(e: gloo_net::Error) -> ApiError {
    match e {
        gloo_net::Error::JsError(js) if js.name == "AbortError" => ApiError::Aborted,
        gloo_net::Error::SerdeError(e) => ApiError::Decode(e.to_string()),
        _ => ApiError::Network,
    }
}

/// Percent-encodes a path segment (session ids are URL-safe already; this keeps odd ones harmless).
pub fn percent_encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_under_the_session() {
        let c = ApiClient::new("https://api.example", "abc-1");
        assert_eq!(
            c.url("status"),
            "https://api.example/api/v1/verification/abc-1/status"
        );
        let c = ApiClient::new("", "a/b?c");
        assert_eq!(c.url("start"), "/api/v1/verification/a%2Fb%3Fc/start");
    }

    #[test]
    fn answers_decode_by_status() {
        let ok: Result<ConsentResponse, ApiError> = decode_answer(200, r#"{"consent_granted":true}"#, None);
        assert!(ok.is_ok_and(|r| r.consent_granted));
        let garbled: Result<ConsentResponse, ApiError> = decode_answer(200, "<html>", None);
        assert!(matches!(garbled, Err(ApiError::Decode(_))));
        let used: Result<ConsentResponse, ApiError> =
            decode_answer(401, r#"{"error":"unauthorized","message":"used"}"#, None);
        assert_eq!(used, Err(ApiError::Unauthorized));
    }

    #[test]
    fn upload_bodies_carry_id_type_margins_and_base64() {
        let meta = ImageMeta {
            image_type: ImageType::DocumentFront,
            image_id: "id-1".into(),
            capture_margins: None,
        };
        let body = add_image_request(&meta, b"foo", DeviceInfo::default());
        let json = serde_json::to_value(&body).unwrap_or_default();
        assert_eq!(json["image"]["content"], "Zm9v");
        assert_eq!(json["image"]["format"], "jpg");
        assert_eq!(json["image"]["image_type"], "document_front");
        assert_eq!(json["image"]["image_id"], "id-1");
    }

    #[test]
    fn liveness_bodies_carry_the_try_id_and_each_frame_in_order() {
        let frames = vec![(b"foo".to_vec(), 0), (b"ba".to_vec(), 400)];
        let json = serde_json::to_value(liveness_request("try-1", &frames, false, DeviceInfo::default()))
            .unwrap_or_default();
        assert_eq!(json["attempt_id"], "try-1");
        assert_eq!(json["frames"][0]["content"], "Zm9v");
        assert_eq!(json["frames"][1]["content"], "YmE=");
        assert_eq!(json["frames"][1]["t_ms"], 400);
        assert!(json.get("declined").is_none());
        let declined = serde_json::to_value(liveness_request("try-2", &[], true, DeviceInfo::default()))
            .unwrap_or_default();
        assert_eq!(declined["declined"], true);
        assert_eq!(declined["frames"].as_array().map(Vec::len), Some(0));
    }
}
