//! The contract types against the reference spec and themselves.

use kyc_contract::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::fmt::Debug;

const SPEC: &str = include_str!("../spec/verification-api.openapi.yml");

fn spec() -> Value {
    let yaml: serde_yaml::Value = serde_yaml::from_str(SPEC).expect("the reference spec is YAML");
    serde_json::to_value(yaml).expect("the spec converts to JSON")
}

fn schema<'a>(spec: &'a Value, name: &str) -> &'a Value {
    &spec["components"]["schemas"][name]
}

/// Builds an example object from a schema: each property's `example`, or for
/// references and `allOf`, the referenced schema's example; enums give their first value.
fn example(spec: &Value, s: &Value) -> Option<Value> {
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next()?;
        return example(spec, schema(spec, name));
    }
    if let Some(all) = s.get("allOf").and_then(Value::as_array) {
        return all.iter().find_map(|x| example(spec, x));
    }
    if let Some(e) = s.get("example") {
        // The spec writes some booleans as strings ('false').
        return Some(match (s.get("type").and_then(Value::as_str), e) {
            (Some("boolean"), Value::String(b)) => Value::Bool(b == "true"),
            _ => e.clone(),
        });
    }
    if let Some(first) = s.get("enum").and_then(Value::as_array).and_then(|e| e.first()) {
        return Some(first.clone());
    }
    match s.get("type").and_then(Value::as_str) {
        Some("object") | None if s.get("properties").is_some() => {
            let mut obj = Map::new();
            for (k, v) in s["properties"].as_object()? {
                if let Some(x) = example(spec, v) {
                    obj.insert(k.clone(), x);
                }
            }
            Some(Value::Object(obj))
        }
        Some("array") => Some(Value::Array(example(spec, &s["items"]).into_iter().collect())),
        Some("string") => Some(Value::String("x".into())),
        Some("boolean") => Some(Value::Bool(false)),
        Some("number") | Some("integer") => Some(json!(1)),
        _ => None,
    }
}

fn spec_example<T: DeserializeOwned>(spec: &Value, name: &str) -> (Value, T) {
    let v = example(spec, schema(spec, name)).unwrap_or_else(|| panic!("no example for {name}"));
    let t = serde_json::from_value(v.clone())
        .unwrap_or_else(|e| panic!("{name} example {v} does not parse: {e}"));
    (v, t)
}

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(value: &T) {
    let json = serde_json::to_string(value).expect("serializes");
    let back: T = serde_json::from_str(&json).expect("parses back");
    assert_eq!(&back, value, "round trip of {json}");
}

#[test]
fn the_feedback_codes_are_the_specs_24_in_order() {
    let spec = spec();
    let codes: Vec<String> = schema(&spec, "AddImagesResponse")["properties"]["feedback"]["enum"]
        .as_array()
        .expect("feedback enum")
        .iter()
        .map(|v| v.as_str().expect("string").to_owned())
        .collect();
    assert_eq!(codes.len(), 24);
    let ours: Vec<&str> = Feedback::ALL.iter().map(|f| f.as_str()).collect();
    assert_eq!(codes, ours);
    for f in Feedback::ALL {
        assert_eq!(serde_json::to_value(f).expect("serializes"), json!(f.as_str()));
        assert_eq!(Feedback::parse(f.as_str()), Some(f));
    }
}

#[test]
fn the_specs_image_types_and_statuses_are_ours() {
    let spec = spec();
    let types = &schema(&spec, "ImageDto")["properties"]["image_type"]["enum"];
    let ours: Vec<Value> = ImageType::ALL.iter().map(|t| json!(t.as_str())).collect();
    assert_eq!(types.as_array().expect("enum"), &ours);
    for s in schema(&spec, "DeprecatedSessionResult")["properties"]["status"]["enum"]
        .as_array()
        .expect("enum")
    {
        let s = s.as_str().expect("string");
        assert!(
            SessionStatus::parse(s).is_some(),
            "{s} is not one of our statuses"
        );
    }
}

#[test]
fn the_specs_examples_parse() {
    let spec = spec();
    let (v, img): (_, ImageDto) = spec_example(&spec, "ImageDto");
    assert_eq!(img.format, "jpg");
    assert_eq!(img.image_type, ImageType::DocumentFront);
    assert_eq!(img.content, v["content"].as_str().expect("content"));
    let (_, add): (_, AddImageRequest) = spec_example(&spec, "AddImageRequest");
    assert_eq!(add.image.image_type, ImageType::DocumentFront);
    let (_, resp): (_, AddImagesResponse) = spec_example(&spec, "AddImagesResponse");
    assert_eq!(resp.feedback, Feedback::Ok);
    assert!(!resp.complete);
    let (_, created): (_, CreateSessionResponse) = spec_example(&spec, "CreateSessionResponse");
    assert_eq!(created.missing_images, vec![ImageType::DocumentFront]);
    let (_, req): (_, CreateSessionRequest) = spec_example(&spec, "CreateSessionRequest");
    assert_eq!(
        req.mock_behavior.and_then(|m| m.recommendation),
        Some(Recommendation::Allow)
    );
    let (_, consent): (_, ConsentResponse) = spec_example(&spec, "GetConsentApprovalResponse");
    assert!(!consent.consent_granted);
    let (_, images): (_, SessionImagesResponse) = spec_example(&spec, "SessionImagesResponse");
    assert_eq!(images.session_images.len(), 1);
    let (_, complete): (_, CompleteSessionResult) = spec_example(&spec, "CompleteSessionResult");
    assert_eq!(complete.recommendation, Recommendation::Deny);
    assert_eq!(complete.person.given_name.as_deref(), Some("Marie"));
    let (_, incomplete): (_, IncompleteSessionResult) = spec_example(&spec, "IncompleteSessionResult");
    assert_eq!(incomplete.status, SessionStatus::Pending);
    let (_, device): (_, DeviceInfo) = spec_example(&spec, "DeviceInfoDto");
    assert_eq!(device.device_type.as_deref(), Some("x"));
    assert_eq!(device.used_camera.and_then(|c| c.label).as_deref(), Some("x"));
    assert_eq!(device.cameras.len(), 1);
    // The untagged result picks the right variant.
    let r: SessionResult =
        serde_json::from_value(example(&spec, schema(&spec, "CompleteSessionResult")).expect("ex"))
            .expect("parses");
    assert!(matches!(r, SessionResult::Complete(_)));
    let r: SessionResult =
        serde_json::from_value(json!({"session_id": "s", "status": "processing"})).expect("parses");
    assert!(matches!(r, SessionResult::Incomplete(_)));
}

#[test]
fn unknown_feedback_codes_do_not_crash_a_client() {
    let r: AddImagesResponse = serde_json::from_value(json!({
        "feedback": "hologram_missing", "complete": false, "missing_images": ["selfie"]
    }))
    .expect("an unknown code still parses");
    assert_eq!(r.feedback, Feedback::Other);
    assert_eq!(r.missing_images, vec![ImageType::Selfie]);
    let e: ErrorBody =
        serde_json::from_value(json!({"error": "brand_new_error", "message": "m"})).expect("parses");
    assert_eq!(e.error, ErrorCode::Unknown);
}

#[test]
fn closed_enums_reject_unknown_values() {
    assert!(serde_json::from_value::<ImageType>(json!("passport")).is_err());
    assert!(serde_json::from_value::<SessionStatus>(json!("done")).is_err());
    assert!(serde_json::from_value::<Recommendation>(json!("MAYBE")).is_err());
}

#[test]
fn every_type_round_trips() {
    let device = DeviceInfo {
        model: Some("Pixel".into()),
        device_type: Some("mobile".into()),
        os: Some("Android".into()),
        os_version: Some("15".into()),
        browser: Some("Chrome".into()),
        browser_version: Some("131".into()),
        used_camera: Some(CameraInfo {
            label: Some("camera2 0, facing back".into()),
        }),
        cameras: vec![CameraInfo {
            label: Some("front".into()),
        }],
        manufacturer: Some("Google".into()),
    };
    let theme = Theme {
        primary_color: Some("#0a5cff".into()),
        background_color: Some("rgb(255, 255, 255)".into()),
        text_color: Some("#111".into()),
        corner_radius: Some(12),
        font_family: Some("Inter, sans-serif".into()),
        logo_url: Some("https://partner.example/logo.png".into()),
        color_scheme: Some(ColorScheme::Dark),
    };
    round_trip(&CreateSessionRequest {
        callback_url: Some("https://partner.example/cb?x=1".into()),
        state: Some("s".into()),
        mock_behavior: Some(MockBehavior {
            recommendation: Some(Recommendation::Challenge),
            mock_recommendation: None,
            processing_time: Some("1m30s".into()),
            force_retry: true,
            feedback: vec![Feedback::Blur, Feedback::Ok],
            fail_uploads: 2,
            latency_ms: 100,
            liveness: Some(MockLiveness::Failed),
        }),
        customer_information: Some(CustomerInformation {
            external_user_id: Some("u1".into()),
            ..Default::default()
        }),
        required_images: Some(vec![ImageType::DocumentFront, ImageType::Selfie]),
        expires_in_ms: Some(60_000),
        allowed_origins: vec!["https://partner.example".into()],
        locale: Some("de".into()),
        theme: Some(theme.clone()),
        max_attempts: Some(3),
        webhook_url: Some("https://p.example/hook".into()),
        time_to_live: Some("30d".into()),
        liveness: Some(LivenessSpec::default()),
    });
    let forced: MockBehavior = serde_json::from_str(r#"{"liveness":"passed"}"#).unwrap();
    assert_eq!(forced.liveness, Some(MockLiveness::Passed));
    assert!(serde_json::from_str::<MockBehavior>(r#"{"liveness":"pending"}"#).is_err());
    let asked: CreateSessionRequest = serde_json::from_str(r#"{"liveness":{}}"#).unwrap();
    assert_eq!(
        asked.liveness.map(|l| l.challenge),
        Some(LivenessChallenge::Approach)
    );
    for status in [
        LivenessStatus::Pending,
        LivenessStatus::Passed,
        LivenessStatus::Failed,
        LivenessStatus::Declined,
    ] {
        assert_eq!(status.is_final(), status != LivenessStatus::Pending);
        round_trip(&LivenessResponse {
            status,
            reason: Some(LivenessReason::NotApproaching),
            score: 0.5,
            frames: 5,
            tries_left: 2,
            complete: false,
            missing_images: vec![],
        });
    }
    round_trip(&LivenessRequest {
        attempt_id: "a".into(),
        frames: vec![LivenessFrame {
            content: "AAAA".into(),
            t_ms: 40,
        }],
        declined: false,
        device_info: None,
    });
    round_trip(&CreateSessionRequest::default());
    round_trip(&CreateSessionResponse {
        session_id: "sid".into(),
        start_token: "t".into(),
        expiration: "2026-01-01T00:00:00Z".into(),
        missing_images: ImageType::ALL.to_vec(),
        session_url: "http://127.0.0.1:8080/#sid=sid&t=t".into(),
        qr_svg: "<svg/>".into(),
    });
    round_trip(&StartRequest {
        start_token: "t".into(),
        device_info: Some(device.clone()),
    });
    round_trip(&StartResponse {
        access_token: "a".into(),
        expires_at: "2026-01-01T00:00:00Z".into(),
        status: SessionStatus::Capturing,
        missing_images: vec![ImageType::DocumentBack],
        consent_required: true,
        allowed_origins: vec![],
        locale: None,
        theme: Some(theme),
        attempts_left: 5,
        handoff: true,
        liveness: Some(LivenessState {
            status: LivenessStatus::Pending,
            challenge: LivenessChallenge::Approach,
            tries_left: 3,
        }),
    });
    round_trip(&ConsentRequest { granted: true });
    round_trip(&ConsentResponse {
        consent_granted: true,
        consent_date: Some("2026-01-01T00:00:00Z".into()),
    });
    round_trip(&AddImageRequest {
        image: ImageDto {
            format: "jpg".into(),
            image_type: ImageType::Selfie,
            content: "AAAA".into(),
            capture_margins: Some(CaptureMargins {
                top: 1.0,
                bottom: 2.0,
                left: 3.0,
                right: 4.0,
            }),
            image_id: Some("id".into()),
        },
        device_info: Some(device),
    });
    for f in Feedback::ALL {
        round_trip(&AddImagesResponse {
            feedback: f,
            complete: false,
            missing_images: vec![ImageType::Selfie],
            custom_feedback: Some("<b>text</b>".into()),
            attempts_left: Some(2),
        });
    }
    for status in [
        SessionStatus::Pending,
        SessionStatus::Capturing,
        SessionStatus::Processing,
        SessionStatus::Recapture,
        SessionStatus::Complete,
        SessionStatus::Error,
        SessionStatus::Expired,
    ] {
        assert_eq!(SessionStatus::parse(status.as_str()), Some(status));
        round_trip(&StatusResponse {
            status,
            missing_images: vec![],
            expires_at: "2026-01-01T00:00:00Z".into(),
            attempts_left: 1,
            error_reason: Some("attempt_limit".into()),
            redirect_url: Some("https://partner.example/cb?sessionId=s&state=x".into()),
            liveness: None,
        });
    }
    round_trip(&HandoffResponse {
        session_url: "u".into(),
        qr_svg: "<svg/>".into(),
        expires_at: "e".into(),
    });
    round_trip(&ErrorBody {
        error: ErrorCode::AttemptLimit,
        message: "m".into(),
    });
    round_trip(&SessionListResponse {
        sessions: vec![SessionSummary {
            session_id: "s".into(),
            status: SessionStatus::Complete,
            state: Some("x".into()),
            external_user_id: Some("u".into()),
            created_at: "c".into(),
            updated_at: "u".into(),
            completed_at: Some("d".into()),
            expiration: "e".into(),
            recommendation: Some(Recommendation::Deny),
        }],
        total_count: 1,
        limit: 10,
        offset: 0,
    });
    let hook = WebhookEvent {
        id: "evt_1".into(),
        event_type: WebhookEventType::SessionCompleted,
        created_at: "c".into(),
        session_id: "s".into(),
        status: SessionStatus::Complete,
        state: None,
        external_user_id: Some("u".into()),
        image_type: None,
        feedback: None,
        attempts_left: None,
    };
    round_trip(&hook);
    assert_eq!(
        serde_json::to_value(&hook).expect("ser")["type"],
        json!("session.completed")
    );
    let mut ev = WidgetEvent::new(EventType::ImageRejected, "s");
    ev.feedback = Some(Feedback::Glare);
    ev.image_type = Some(ImageType::DocumentFront);
    round_trip(&ev);
    assert_eq!(
        serde_json::to_value(&ev).expect("ser")["type"],
        json!("image_rejected")
    );
    assert_eq!(
        serde_json::to_value(&ev).expect("ser")["source"],
        json!("kyc-widget")
    );
}

#[test]
fn theme_validation_refuses_injection() {
    assert!(Theme::default().validate().is_ok());
    let bad = [
        Theme {
            primary_color: Some("red; background: url(x)".into()),
            ..Default::default()
        },
        Theme {
            primary_color: Some("expression(alert(1))".into()),
            ..Default::default()
        },
        Theme {
            text_color: Some("#12345".into()),
            ..Default::default()
        },
        Theme {
            logo_url: Some("javascript:alert(1)".into()),
            ..Default::default()
        },
        Theme {
            logo_url: Some("http://partner.example/logo.png".into()),
            ..Default::default()
        },
        Theme {
            logo_url: Some("data:text/html;base64,PHNjcmlwdD4=".into()),
            ..Default::default()
        },
        Theme {
            logo_url: Some("https://x.example/a\"onerror=\"x".into()),
            ..Default::default()
        },
        Theme {
            font_family: Some("x</style><script>".into()),
            ..Default::default()
        },
        Theme {
            corner_radius: Some(400),
            ..Default::default()
        },
    ];
    for t in bad {
        assert!(t.validate().is_err(), "{t:?} should be refused");
    }
    let good = Theme {
        primary_color: Some("#0A5CFF".into()),
        background_color: Some("hsl(210, 20%, 98%)".into()),
        logo_url: Some("data:image/png;base64,iVBORw0KGgo=".into()),
        ..Default::default()
    };
    assert_eq!(good.validate(), Ok(()));
}

#[test]
fn image_limits_count_long_and_short_sides() {
    use kyc_contract::limits::{check, fit, DimensionError};
    assert_eq!(check(640, 480), Ok(()));
    assert_eq!(check(480, 640), Ok(()));
    assert_eq!(check(3840, 2160), Ok(()));
    assert_eq!(check(2160, 3840), Ok(()));
    assert_eq!(check(639, 480), Err(DimensionError::TooSmall));
    assert_eq!(check(1, 1), Err(DimensionError::TooSmall));
    assert_eq!(check(3841, 2160), Err(DimensionError::TooLarge));
    assert_eq!(check(30000, 30000), Err(DimensionError::TooLarge));
    assert_eq!(fit(1920, 1080), Some((1920, 1080)));
    assert_eq!(fit(4032, 3024), Some((2880, 2160)));
    assert_eq!(fit(3024, 4032), Some((2160, 2880)));
    assert_eq!(fit(320, 240), None);
    // Never upscales.
    assert_eq!(fit(700, 500), Some((700, 500)));
}

#[test]
fn start_response_handoff_defaults_to_false_and_is_left_out_when_false() {
    let json = r#"{"access_token":"a","expires_at":"2026-01-01T00:00:00Z","status":"capturing",
        "missing_images":["selfie"],"consent_required":false,"attempts_left":3}"#;
    let r: StartResponse = serde_json::from_str(json).unwrap();
    assert!(!r.handoff);
    let back = serde_json::to_value(&r).unwrap();
    assert!(back.get("handoff").is_none());
    let mut via_phone = r;
    via_phone.handoff = true;
    let v = serde_json::to_value(&via_phone).unwrap();
    assert_eq!(v["handoff"], serde_json::Value::Bool(true));
    assert_eq!(serde_json::from_value::<StartResponse>(v).unwrap(), via_phone);
}
