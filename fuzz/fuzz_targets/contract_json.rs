//! Every request and response body of the contract, deserialized from arbitrary bytes.
//!
//! Properties: no panic; whatever deserializes re-serializes, and that JSON deserializes
//! again to the same value (numbers compared to the last bit serde_json's float parser
//! guarantees, one unit in the last place), so what one side writes the other reads.
#![no_main]

use kyc_contract as c;
use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Equal JSON values, numbers within a relative 1e-15 (serde_json's default float parsing
/// may be one unit in the last place off the shortest representation it printed).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => (x - y).abs() <= 1e-15 * x.abs().max(y.abs()),
            _ => false,
        },
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

fn round_trip<T: Serialize + DeserializeOwned>(data: &[u8]) {
    let Ok(first) = serde_json::from_slice::<T>(data) else {
        return;
    };
    let name = std::any::type_name::<T>();
    let json = serde_json::to_string(&first).unwrap_or_else(|e| panic!("{name} does not serialize: {e}"));
    let second: T =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{name} does not read back {json}: {e}"));
    let (a, b) = (serde_json::to_value(&first), serde_json::to_value(&second));
    let (Ok(a), Ok(b)) = (a, b) else {
        panic!("{name} does not serialize to a value");
    };
    assert!(same(&a, &b), "{name} changed on a round trip:\n{a}\n{b}");
}

macro_rules! each {
    ($data:expr; $($t:ty),* $(,)?) => { $( round_trip::<$t>($data); )* };
}

fuzz_target!(|data: &[u8]| {
    each!(data;
        // The widget's calls.
        c::StartRequest, c::StartResponse, c::ConsentRequest, c::ConsentResponse, c::AddImageRequest,
        c::AddImagesResponse, c::StatusResponse, c::HandoffResponse, c::ImageDto, c::DeviceInfo,
        c::CameraInfo, c::CaptureMargins,
        // The partner backend's calls.
        c::CreateSessionRequest, c::CreateSessionResponse, c::SessionResult, c::SessionImagesResponse,
        c::SessionListResponse, c::SessionSummary, c::VerificationImage, c::SessionImage, c::MockBehavior,
        c::CustomerInformation, c::Person, c::Document, c::SessionChecks, c::CheckResult,
        c::SessionDetails, c::StepResult, c::StepAttempt, c::QualityFigures,
        // The liveness step.
        c::LivenessSpec, c::LivenessChallenge, c::LivenessState, c::LivenessStatus, c::LivenessRequest,
        c::LivenessFrame, c::LivenessResponse, c::LivenessReason, c::LivenessResult, c::FaceFinding,
        // Errors, events, webhooks, theme, vocabulary.
        c::ErrorBody, c::ErrorCode, c::WidgetEvent, c::EventType, c::WebhookEvent, c::WebhookEventType,
        c::WebhookDeliveriesResponse, c::WebhookDelivery, c::DeliveryAttempt, c::DeliveryStatus,
        c::Theme, c::ColorScheme, c::ImageType, c::Feedback, c::SessionStatus, c::Recommendation,
        c::StepStatus,
    );
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = c::parse_duration_ms(text);
    }
});
