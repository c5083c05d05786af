//! The liveness step over HTTP, on frames made from the real photographs of
//! `../shared/testdata/faces`: a zoom on the astronaut's face (crops around it shrinking over
//! five frames, each scaled to 640x480, with a little noise so that no two are the same)
//! passes; the same frame again, a zoom out, the cat, two portraits, a face that jumps and bad
//! timing each fail with their reason; hostile input is refused and changes nothing; a retry
//! never counts twice; the session waits for the step and completes once it is final; the
//! result shows the step and the faces of the accepted pictures.

mod common;

use common::{b64, contains, database_bytes, image_body, png, sample, Server, Sess};
use kyc_contract::ImageType::{DocumentFront, Selfie};
use kyc_contract::{LivenessChallenge, LivenessState, LivenessStatus, LIVENESS_TRIES};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const W: u32 = 640;
const H: u32 = 480;
/// The wall behind the photographs.
const WALL: u8 = 120;
/// Where the face is in `astronaut.png` (512x512): its center and the side of the detector's
/// box, as the quality crate's tests measured it.
const ASTRONAUT_FACE: ((f32, f32), f32) = ((222.0, 118.0), 105.0);
/// The face's sides in the frames of a zoom, in pixels of the 480-pixel height.
const ZOOM: [f32; 5] = [110.0, 130.0, 150.0, 170.0, 190.0];
/// The frames' times of a try, in milliseconds.
const TIMES: [u32; 5] = [0, 300, 600, 900, 1200];

type Photo = image::RgbImage;

fn photo(bytes: &[u8]) -> Photo {
    image::load_from_memory(bytes).unwrap().to_rgb8()
}

fn astronaut() -> &'static Photo {
    static P: std::sync::OnceLock<Photo> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        photo(include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/testdata/faces/astronaut.png"
        )))
    })
}

fn cat() -> &'static Photo {
    static P: std::sync::OnceLock<Photo> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        photo(include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/testdata/faces/no-face-cat.png"
        )))
    })
}

/// A `w x h` picture of wall.
fn wall(w: u32, h: u32) -> Photo {
    Photo::from_pixel(w, h, image::Rgb([WALL; 3]))
}

/// Draws `p` into `frame` scaled by `scale` (frame pixels per photo pixel) so that its point
/// `anchor` lands at `at` (a camera's scaling: triangle filter). Only the part of the photo
/// that lands in the frame is scaled.
fn paste(frame: &mut Photo, p: &Photo, anchor: (f32, f32), at: (f32, f32), scale: f32) {
    let (fw, fh) = (frame.width() as f32, frame.height() as f32);
    let left = (anchor.0 - at.0 / scale).floor().max(0.0);
    let top = (anchor.1 - at.1 / scale).floor().max(0.0);
    let right = (anchor.0 + (fw - at.0) / scale).ceil().min(p.width() as f32);
    let bottom = (anchor.1 + (fh - at.1) / scale).ceil().min(p.height() as f32);
    if right <= left || bottom <= top {
        return;
    }
    let part = image::imageops::crop_imm(
        p,
        left as u32,
        top as u32,
        (right - left) as u32,
        (bottom - top) as u32,
    )
    .to_image();
    let (w, h) = (
        ((right - left) * scale).round() as u32,
        ((bottom - top) * scale).round() as u32,
    );
    let scaled = image::imageops::resize(&part, w, h, image::imageops::FilterType::Triangle);
    let x = (at.0 - (anchor.0 - left) * scale).round() as i64;
    let y = (at.1 - (anchor.1 - top) * scale).round() as i64;
    image::imageops::replace(frame, &scaled, x, y);
}

/// Adds a camera's noise of up to +-3 levels, different for each `seed`, and encodes a JPEG.
fn noisy_jpeg(frame: Photo, seed: u64) -> Vec<u8> {
    let (w, h) = frame.dimensions();
    let mut data = frame.into_raw();
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    for px in data.iter_mut() {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        *px = px.saturating_add_signed(((state >> 33) % 7) as i8 - 3);
    }
    kyc_sandbox::analysis::encode_jpeg(w, h, &data, image::ExtendedColorType::Rgb8, 90)
}

/// The astronaut's face of side `size` with its center at `at`.
fn astronaut_frame(at: (f32, f32), size: f32, seed: u64) -> Vec<u8> {
    let mut frame = wall(W, H);
    let (anchor, side) = ASTRONAUT_FACE;
    paste(&mut frame, astronaut(), anchor, at, size / side);
    noisy_jpeg(frame, seed)
}

/// A zoom on the face, its side taking each of `sizes` in turn, centered at `x` in frame `i`.
fn zoom(sizes: &[f32], x: impl Fn(usize) -> f32) -> Vec<Vec<u8>> {
    sizes
        .iter()
        .enumerate()
        .map(|(i, &s)| astronaut_frame((x(i), H as f32 * 0.45), s, i as u64))
        .collect()
}

fn centered(_: usize) -> f32 {
    W as f32 / 2.0
}

/// The zoom in on the centered face ([`ZOOM`]), made once.
fn zoom_in() -> Vec<Vec<u8>> {
    static Z: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    Z.get_or_init(|| zoom(&ZOOM, centered)).clone()
}

/// The zoom out ([`ZOOM`] backwards), made once.
fn zoom_out() -> Vec<Vec<u8>> {
    static Z: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    Z.get_or_init(|| {
        let mut sizes = ZOOM;
        sizes.reverse();
        zoom(&sizes, centered)
    })
    .clone()
}

/// One frame of the face, five times.
fn still() -> Vec<Vec<u8>> {
    vec![zoom(&[150.0], centered).remove(0); 5]
}

/// A try's body: `frames` at `times`.
fn try_body(attempt_id: &str, frames: &[Vec<u8>], times: &[u32]) -> Value {
    let frames: Vec<Value> = frames
        .iter()
        .zip(times)
        .map(|(f, t)| json!({"content": b64(f), "t_ms": t}))
        .collect();
    json!({"attempt_id": attempt_id, "frames": frames, "device_info": {"type": "mobile", "os": "Android"}})
}

async fn send(srv: &Server, s: &Sess, body: Value) -> (StatusCode, Value) {
    srv.call(
        Method::POST,
        &srv.api(&s.sid, "/liveness"),
        Some(&s.token),
        Some(body),
    )
    .await
}

/// A started session with consent that asks for `images` and a liveness step.
async fn lively(srv: &Server, images: &[&str]) -> Sess {
    srv.session(
        json!({"required_images": images, "liveness": {"challenge": "approach"},
                       "max_attempts": 20}),
    )
    .await
}

/// The step as the status shows it.
async fn step(srv: &Server, s: &Sess) -> Value {
    srv.status(s).await["liveness"].clone()
}

#[tokio::test]
async fn a_zoom_on_a_real_face_passes_and_the_result_shows_it() {
    let srv = Server::start().await;
    let c = srv
        .create(json!({"required_images": ["document_front", "selfie"], "liveness": {}}))
        .await;
    let (s, started) = srv.start_session(&c.session_id, &c.start_token).await;
    let pending = LivenessState {
        status: LivenessStatus::Pending,
        challenge: LivenessChallenge::Approach,
        tries_left: LIVENESS_TRIES,
    };
    assert_eq!(started.liveness, Some(pending));
    srv.consent(&s).await;
    assert_eq!(step(&srv, &s).await, serde_json::to_value(pending).unwrap());
    // The pictures first: the front framed as the widget frames it, so that its portrait is
    // looked for; every image in, the session still waits for the step.
    let mut front = image_body(DocumentFront, sample(DocumentFront), Some("front"));
    let m = 0.06 / 1.12;
    front["image"]["capture_margins"] = json!({"top": m, "bottom": m, "left": m, "right": m});
    let (st, v) = srv.upload_body(&s, front).await;
    assert_eq!((st, &v["feedback"]), (StatusCode::OK, &json!("ok")), "{v}");
    let v = srv.upload_ok(&s, Selfie).await;
    assert_eq!(
        (&v["complete"], &v["missing_images"]),
        (&json!(false), &json!([]))
    );
    let status = srv.status(&s).await;
    assert_eq!(status["status"], "capturing", "{status}");

    let (st, v) = send(&srv, &s, try_body("zoom", &zoom_in(), &TIMES)).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["status"], "passed", "{v}");
    assert_eq!((&v["frames"], &v["complete"]), (&json!(5), &json!(true)), "{v}");
    assert_eq!(v["tries_left"], LIVENESS_TRIES - 1);
    assert!(v["reason"].is_null(), "{v}");
    let score = v["score"].as_f64().unwrap();
    assert!(score > 0.5 && score <= 1.0, "{v}");

    // Processing takes no time here: the session is complete.
    assert_eq!(srv.status(&s).await["status"], "complete");
    let r = srv.result(&s.sid).await;
    let l = &r["liveness"];
    assert_eq!(
        (&l["status"], &l["challenge"], &l["tries"], &l["frames"]),
        (&json!("passed"), &json!("approach"), &json!(1), &json!(5)),
        "{l}"
    );
    assert_eq!(l["score"].as_f64(), Some(score));
    assert!(l["checked_at"].is_string());
    let sizes: Vec<f64> = l["faces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["size"].as_f64().unwrap())
        .collect();
    assert_eq!(sizes.len(), 5);
    assert!(sizes.windows(2).all(|w| w[1] > w[0]), "{sizes:?}");
    // The first face is about 110 of 480 pixels high, the last about 190.
    assert!((sizes[0] - 110.0 / 480.0).abs() < 0.05, "{sizes:?}");
    assert!((sizes[4] - 190.0 / 480.0).abs() < 0.06, "{sizes:?}");
    for f in l["faces"].as_array().unwrap() {
        assert!((f["x"].as_f64().unwrap() - 0.5).abs() < 0.05, "{f}");
    }
    // The faces of the accepted pictures, in shares of each picture.
    let steps = r["steps"].as_array().unwrap();
    let faces = |t: &str| {
        steps.iter().find(|x| x["step"] == t).unwrap()["faces"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    let selfie = faces("selfie");
    assert_eq!(selfie.len(), 1, "{selfie:?}");
    let f = &selfie[0];
    for k in ["x", "y", "size"] {
        let v = f[k].as_f64().unwrap();
        assert!(v > 0.1 && v < 0.9, "{k}: {f}");
    }
    let front = faces("document_front");
    assert!(!front.is_empty(), "the front's portrait");
    // The portrait is on the card's left, small beside the picture.
    assert!(front[0]["x"].as_f64().unwrap() < 0.5, "{front:?}");
    assert!(front[0]["size"].as_f64().unwrap() < 0.6, "{front:?}");
    srv.stop().await;
}

#[tokio::test]
async fn each_rule_fails_its_case_built_from_real_photographs() {
    let srv = Server::start().await;
    let cat_frames: Vec<Vec<u8>> = (0..5)
        .map(|i| {
            let c = cat();
            let mut frame = wall(W, H);
            let scale = H as f32 / c.height() as f32 * (1.0 + 0.1 * i as f32);
            let anchor = (c.width() as f32 / 2.0, c.height() as f32 / 2.0);
            paste(&mut frame, c, anchor, (W as f32 / 2.0, H as f32 / 2.0), scale);
            noisy_jpeg(frame, i)
        })
        .collect();
    // Each portrait in its half of the frame.
    let two: Vec<Vec<u8>> = (0..5)
        .map(|i| {
            let mut frame = wall(W, H);
            let (anchor, side) = ASTRONAUT_FACE;
            let size = 110.0 + 10.0 * i as f32;
            for left in [0, W / 2] {
                let mut half = wall(W / 2, H);
                paste(
                    &mut half,
                    astronaut(),
                    anchor,
                    (W as f32 / 4.0, H as f32 * 0.45),
                    size / side,
                );
                image::imageops::replace(&mut frame, &half, i64::from(left), 0);
            }
            noisy_jpeg(frame, i as u64)
        })
        .collect();
    let jump = zoom(&ZOOM, |i| if i < 3 { W as f32 / 2.0 } else { 140.0 });
    let cases = [
        ("the same frame five times", still(), TIMES, "identical"),
        ("a zoom out", zoom_out(), TIMES, "not_approaching"),
        ("the cat", cat_frames, TIMES, "no_face"),
        ("two portraits side by side", two, TIMES, "multiple_faces"),
        (
            "a face that jumps across the frame",
            jump,
            TIMES,
            "different_faces",
        ),
        (
            "a zoom in 400 ms",
            zoom_in(),
            [0, 100, 200, 300, 400],
            "bad_timing",
        ),
        (
            "a zoom whose times go back",
            zoom_in(),
            [0, 300, 600, 500, 1200],
            "bad_timing",
        ),
    ];
    for (name, frames, times, reason) in cases {
        let s = lively(&srv, &["selfie"]).await;
        let (st, v) = send(&srv, &s, try_body("t1", &frames, &times)).await;
        assert_eq!(st, StatusCode::OK, "{name}: {v}");
        assert_eq!(v["reason"], reason, "{name}: {v}");
        assert_eq!(
            (&v["status"], &v["tries_left"], &v["complete"]),
            (&json!("pending"), &json!(LIVENESS_TRIES - 1), &json!(false)),
            "{name}: {v}"
        );
        assert_eq!(step(&srv, &s).await["status"], "pending", "{name}");
    }
    srv.stop().await;
}

#[tokio::test]
async fn hostile_tries_are_refused_and_change_nothing() {
    let srv = Server::start().await;
    let s = lively(&srv, &["selfie"]).await;
    let good = zoom_in();
    let with_frame = |i: usize, content: Value| {
        let mut b = try_body("h", &good, &TIMES);
        b["frames"][i]["content"] = content;
        b
    };
    let tiny = common::flat_jpeg(200, 150, 100);
    let huge = common::jpeg_claiming(2000, 1000);
    let nine: Vec<Vec<u8>> = (0..9).map(|i| good[i % 5].clone()).collect();
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "bad base64",
            with_frame(2, json!("!!not base64!!")),
            "invalid_image",
        ),
        (
            "a PNG",
            with_frame(0, json!(b64(&png(640, 480)))),
            "invalid_image",
        ),
        (
            "a frame too small",
            with_frame(4, json!(b64(&tiny))),
            "invalid_image",
        ),
        (
            "a frame too large",
            with_frame(1, json!(b64(&huge))),
            "invalid_image",
        ),
        (
            "nine frames",
            try_body("h", &nine, &[0, 1, 2, 3, 4, 5, 6, 7, 8].map(|t| t * 150)),
            "invalid_request",
        ),
        ("two frames", try_body("h", &good[..2], &TIMES), "invalid_request"),
        (
            "declined with frames",
            {
                let mut b = try_body("h", &good, &TIMES);
                b["declined"] = json!(true);
                b
            },
            "invalid_request",
        ),
        ("no attempt_id", json!({"frames": []}), "invalid_request"),
        (
            "an empty attempt_id",
            json!({"attempt_id": "", "declined": true}),
            "invalid_request",
        ),
    ];
    for (name, body, code) in cases {
        let (st, v) = send(&srv, &s, body).await;
        assert_eq!(
            (st, v["error"].as_str()),
            (StatusCode::BAD_REQUEST, Some(code)),
            "{name}: {v}"
        );
        assert!(v["message"].is_string(), "{name}");
    }
    // A message names the frame.
    let (_, v) = send(&srv, &s, with_frame(0, json!(b64(&png(640, 480))))).await;
    assert!(v["message"].as_str().unwrap().contains("frame 0"), "{v}");
    // An oversized body: 413 before it is read.
    let big = json!({"attempt_id": "h", "frames": [{"content": "A".repeat(6 << 20), "t_ms": 0}]});
    let (st, v) = send(&srv, &s, big).await;
    assert_eq!(
        (st, v["error"].as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, Some("payload_too_large"))
    );
    // Credentials and sessions.
    let declined = json!({"attempt_id": "h", "declined": true});
    let (st, _) = srv
        .call(
            Method::POST,
            &srv.api(&s.sid, "/liveness"),
            Some("wrong"),
            Some(declined.clone()),
        )
        .await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    let other = lively(&srv, &["selfie"]).await;
    let (st, _) = srv
        .call(
            Method::POST,
            &srv.api(&s.sid, "/liveness"),
            Some(&other.token),
            Some(declined.clone()),
        )
        .await;
    assert_eq!(st, StatusCode::UNAUTHORIZED, "another session's token");
    let (st, _) = srv
        .call(
            Method::POST,
            &srv.api("nosuch", "/liveness"),
            Some(&s.token),
            Some(declined.clone()),
        )
        .await;
    assert_eq!(st, StatusCode::UNAUTHORIZED, "a token names its session");
    let plain = srv.session(json!({"required_images": ["selfie"]})).await;
    let (st, v) = send(&srv, &plain, declined.clone()).await;
    assert_eq!(
        (st, v["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_request")),
        "{v}"
    );
    assert!(srv.status(&plain).await.get("liveness").is_none());
    // Nothing was counted or recorded.
    assert_eq!(
        step(&srv, &s).await,
        json!({"status": "pending", "challenge": "approach", "tries_left": LIVENESS_TRIES})
    );
    let r = srv.result(&s.sid).await;
    assert_eq!(
        (&r["liveness"]["tries"], &r["liveness"]["frames"]),
        (&json!(0), &json!(0))
    );
    assert!(r["liveness"].get("score").is_none(), "{r}");
    srv.stop().await;
}

#[tokio::test]
async fn a_retry_gets_the_first_answer_and_counts_once() {
    let srv = Server::start().await;
    let s = lively(&srv, &["selfie"]).await;
    let body = try_body("once", &still(), &TIMES);
    let (st, first) = send(&srv, &s, body.clone()).await;
    assert_eq!(
        (st, &first["reason"]),
        (StatusCode::OK, &json!("identical")),
        "{first}"
    );
    let (st, again) = send(&srv, &s, body).await;
    assert_eq!((st, &again), (StatusCode::OK, &first));
    assert_eq!(step(&srv, &s).await["tries_left"], LIVENESS_TRIES - 1);
    // After the step is final, the earlier try still replays (not 409).
    let (st, v) = send(&srv, &s, json!({"attempt_id": "no", "declined": true})).await;
    assert_eq!((st, &v["status"]), (StatusCode::OK, &json!("declined")), "{v}");
    let (st, replayed) = send(&srv, &s, json!({"attempt_id": "once", "frames": []})).await;
    assert_eq!((st, &replayed), (StatusCode::OK, &first));
    let (st, v) = send(&srv, &s, json!({"attempt_id": "new", "declined": true})).await;
    assert_eq!(
        (st, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("already_complete")),
        "{v}"
    );
    srv.stop().await;
}

/// The types of the session's webhook events, in order.
async fn events(srv: &Server, s: &Sess) -> Vec<String> {
    let key = srv.api_key.clone();
    let (st, log) = srv
        .call(Method::GET, &srv.api(&s.sid, "/webhooks"), Some(&key), None)
        .await;
    assert_eq!(st, StatusCode::OK, "{log}");
    log["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["type"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn when_every_try_fails_the_step_is_failed_and_the_session_completes() {
    let srv = Server::start().await;
    let hook = "http://127.0.0.1:9/hook";
    let s = srv
        .session(json!({"required_images": ["selfie"], "liveness": {}, "webhook_url": hook}))
        .await;
    srv.upload_ok(&s, Selfie).await;
    let out = zoom_out();
    for i in 1..=LIVENESS_TRIES {
        let (st, v) = send(&srv, &s, try_body(&format!("t{i}"), &out, &TIMES)).await;
        assert_eq!(
            (st, &v["reason"]),
            (StatusCode::OK, &json!("not_approaching")),
            "{v}"
        );
        let last = i == LIVENESS_TRIES;
        let want = if last { "failed" } else { "pending" };
        assert_eq!(
            (&v["status"], &v["complete"]),
            (&json!(want), &json!(last)),
            "{v}"
        );
        let status = srv.status(&s).await;
        assert_eq!(
            status["status"],
            if last { "complete" } else { "capturing" },
            "{status}"
        );
        if !last {
            assert_eq!(events(&srv, &s).await, Vec::<String>::new(), "not submitted yet");
        }
    }
    let r = srv.result(&s.sid).await;
    assert_eq!(r["status"], "complete");
    let l = &r["liveness"];
    assert_eq!(
        (&l["status"], &l["tries"], &l["reason"], &l["frames"]),
        (
            &json!("failed"),
            &json!(LIVENESS_TRIES),
            &json!("not_approaching"),
            &json!(5)
        ),
        "{l}"
    );
    // The session was submitted once, by the last try.
    let types = events(&srv, &s).await;
    assert_eq!(
        types.first().map(String::as_str),
        Some("session.submitted"),
        "{types:?}"
    );
    assert_eq!(
        types.iter().filter(|t| *t == "session.submitted").count(),
        1,
        "{types:?}"
    );
    srv.stop().await;
}

#[tokio::test]
async fn declining_completes_the_session_and_a_delete_erases_the_tries() {
    let srv = Server::start().await;
    let s = lively(&srv, &["selfie"]).await;
    // Declined before the picture: the session waits for the picture.
    let marker = format!("ERASE-ME-{}", kyc_sandbox::tokens::random_id("", 16));
    let body = json!({"attempt_id": "d", "declined": true, "device_info": {"os": marker}});
    let (st, v) = send(&srv, &s, body).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(
        (
            &v["status"],
            &v["reason"],
            &v["frames"],
            &v["complete"],
            &v["missing_images"]
        ),
        (
            &json!("declined"),
            &json!("declined"),
            &json!(0),
            &json!(false),
            &json!(["selfie"])
        ),
        "{v}"
    );
    assert_eq!(srv.status(&s).await["status"], "capturing");
    let v = srv.upload_ok(&s, Selfie).await;
    assert_eq!(v["complete"], true, "{v}");
    let r = srv.result(&s.sid).await;
    assert_eq!(
        (&r["status"], &r["liveness"]["status"]),
        (&json!("complete"), &json!("declined"))
    );
    assert!(contains(&database_bytes(&srv.dir), marker.as_bytes()));
    let key = srv.api_key.clone();
    let (st, _) = srv
        .call(Method::DELETE, &srv.api(&s.sid, ""), Some(&key), None)
        .await;
    assert_eq!(st, StatusCode::OK);
    assert!(!contains(&database_bytes(&srv.dir), marker.as_bytes()));
    srv.stop().await;
}

#[tokio::test]
async fn the_retention_sweep_deletes_the_tries() {
    let srv = Server::start_with(|c| c.retention_sweep = std::time::Duration::from_millis(50)).await;
    let c = srv
        .create(
            json!({"required_images": ["selfie"], "liveness": {}, "expires_in_ms": 1000,
                       "time_to_live": "1s"}),
        )
        .await;
    let (s, _) = srv.start_session(&c.session_id, &c.start_token).await;
    srv.consent(&s).await;
    let marker = format!("SWEEP-ME-{}", kyc_sandbox::tokens::random_id("", 16));
    let body = json!({"attempt_id": "d", "declined": true, "device_info": {"os": marker}});
    let (st, v) = send(&srv, &s, body).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert!(contains(&database_bytes(&srv.dir), marker.as_bytes()));
    let key = srv.api_key.clone();
    let mut gone = false;
    for _ in 0..60 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let (st, _) = srv
            .call(Method::GET, &srv.api(&s.sid, "/result"), Some(&key), None)
            .await;
        if st == StatusCode::GONE {
            gone = true;
            break;
        }
    }
    assert!(gone, "the session was not swept");
    assert!(!contains(&database_bytes(&srv.dir), marker.as_bytes()));
    srv.stop().await;
}

/// A session asking for a selfie and a liveness step whose tries `mock_behavior.liveness`
/// decides, its selfie in.
async fn forced(srv: &Server, outcome: &str) -> Sess {
    let s = srv
        .session(json!({"required_images": ["selfie"], "liveness": {},
                        "mock_behavior": {"liveness": outcome}}))
        .await;
    srv.upload_ok(&s, Selfie).await;
    s
}

#[tokio::test]
async fn a_forced_pass_answers_without_judging_the_frames_and_still_refuses_hostile_input() {
    let srv = Server::start().await;
    let s = forced(&srv, "passed").await;
    // Hostile input gets its clear error, and nothing is counted.
    let mut bad = try_body("h", &still(), &TIMES);
    bad["frames"][3]["content"] = json!("!!not base64!!");
    let (st, v) = send(&srv, &s, bad).await;
    assert_eq!(
        (st, v["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_image")),
        "{v}"
    );
    assert!(v["message"].as_str().unwrap().contains("frame 3"), "{v}");
    let (st, v) = send(&srv, &s, try_body("h", &still()[..2], &TIMES)).await;
    assert_eq!(
        (st, v["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_request")),
        "{v}"
    );
    assert_eq!(step(&srv, &s).await["tries_left"], LIVENESS_TRIES);
    // The same frame five times (the check would answer `identical`) passes, with score 1.
    let (st, v) = send(&srv, &s, try_body("p", &still(), &TIMES)).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(
        (&v["status"], &v["score"], &v["frames"], &v["complete"]),
        (&json!("passed"), &json!(1.0), &json!(5), &json!(true)),
        "{v}"
    );
    assert!(v["reason"].is_null(), "{v}");
    // Recorded like a checked try; no faces were looked for.
    let l = &srv.result(&s.sid).await["liveness"];
    assert_eq!(
        (&l["status"], &l["tries"], &l["score"], &l["frames"], &l["faces"]),
        (&json!("passed"), &json!(1), &json!(1.0), &json!(5), &json!([])),
        "{l}"
    );
    assert!(l["checked_at"].is_string(), "{l}");
    srv.stop().await;
}

#[tokio::test]
async fn a_forced_failure_fails_every_try_until_the_step_is_failed() {
    let srv = Server::start().await;
    let s = forced(&srv, "failed").await;
    // A zoom the check passes fails, every try, as not approaching with score 0.
    for i in 1..=LIVENESS_TRIES {
        let (st, v) = send(&srv, &s, try_body(&format!("f{i}"), &zoom_in(), &TIMES)).await;
        assert_eq!(st, StatusCode::OK, "{v}");
        let last = i == LIVENESS_TRIES;
        assert_eq!(
            (&v["status"], &v["reason"], &v["score"], &v["complete"]),
            (
                &json!(if last { "failed" } else { "pending" }),
                &json!("not_approaching"),
                &json!(0.0),
                &json!(last)
            ),
            "{v}"
        );
        assert_eq!(v["tries_left"], LIVENESS_TRIES - i);
    }
    let r = srv.result(&s.sid).await;
    assert_eq!(r["status"], "complete", "{r}");
    let l = &r["liveness"];
    assert_eq!(
        (&l["status"], &l["reason"], &l["score"], &l["tries"]),
        (
            &json!("failed"),
            &json!("not_approaching"),
            &json!(0.0),
            &json!(LIVENESS_TRIES)
        ),
        "{l}"
    );
    // Only the two outcomes can be forced.
    for outcome in ["pending", "declined", "maybe"] {
        let (st, v) = srv
            .create_raw(json!({"required_images": ["selfie"], "liveness": {},
                               "mock_behavior": {"liveness": outcome}}))
            .await;
        assert_eq!(
            (st, v["error"].as_str()),
            (StatusCode::BAD_REQUEST, Some("invalid_request")),
            "{outcome}: {v}"
        );
    }
    srv.stop().await;
}
