//! The service's face checks over HTTP: a selfie is answered with the face codes from the same
//! analysis the widget runs (same prepared picture, same detector), a framed document front
//! without a portrait with `document_face_not_found`, and `mock_behavior.feedback` still
//! overrides.

mod common;

use common::{Server, Sess};
use kyc_contract::ImageType::{self, DocumentBack, DocumentFront, Selfie};
use kyc_quality::synth::{self, RgbImage};
use reqwest::StatusCode;
use serde_json::json;

const W: u32 = 1280;
const H: u32 = 720;

/// A `W x H` gray camera frame with `pictures` drawn at their top-left corners.
fn frame(pictures: &[(&RgbImage, u32, u32)]) -> RgbImage {
    let mut out = RgbImage {
        width: W,
        height: H,
        data: vec![118; (W * H * 3) as usize],
    };
    for (p, left, top) in pictures {
        for y in 0..p.height.min(H - top) {
            for x in 0..p.width.min(W - left) {
                let (src, dst) = (
                    ((y * p.width + x) * 3) as usize,
                    (((top + y) * W + left + x) * 3) as usize,
                );
                out.data[dst..dst + 3].copy_from_slice(&p.data[src..src + 3]);
            }
        }
    }
    out
}

/// The cat of `../shared/testdata/faces`, scaled to the frame's height.
fn cat() -> RgbImage {
    let bytes = include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/testdata/faces/no-face-cat.png"
    ));
    let img = image::load_from_memory(bytes).unwrap().to_rgb8();
    let img = image::imageops::resize(
        &img,
        img.width() * H / img.height(),
        H,
        image::imageops::FilterType::Triangle,
    );
    RgbImage {
        width: img.width(),
        height: img.height(),
        data: img.into_raw(),
    }
}

/// A document front whose photo block is painted over.
fn front_without_portrait() -> RgbImage {
    let mut card = synth::document_rgb(W, H, 1);
    // The card is 88% of the frame from 6% in; its photo block is 5..31% of its width,
    // 22..86% of its height.
    let (cw, ch) = (0.88 * W as f32, 0.88 * H as f32);
    let (x0, x1) = (
        (0.06 * W as f32 + 0.04 * cw) as u32,
        (0.06 * W as f32 + 0.32 * cw) as u32,
    );
    let (y0, y1) = (
        (0.06 * H as f32 + 0.21 * ch) as u32,
        (0.06 * H as f32 + 0.87 * ch) as u32,
    );
    for y in y0..y1 {
        for x in x0..x1 {
            let i = ((y * W + x) * 3) as usize;
            card.data[i..i + 3].copy_from_slice(&[168, 178, 192]);
        }
    }
    card
}

fn jpeg(img: &RgbImage) -> Vec<u8> {
    kyc_sandbox::analysis::encode_jpeg(
        img.width,
        img.height,
        &img.data,
        image::ExtendedColorType::Rgb8,
        90,
    )
}

/// What the widget's device check says of `img` as a selfie: the same functions on the
/// picture prepared to the analysis size.
fn device_says(img: &RgbImage) -> &'static str {
    let faces = kyc_quality::Cascade::parse(kyc_sandbox::analysis::FACE_MODEL).unwrap();
    let prepared = kyc_quality::prepare(&img.to_luma());
    let a = kyc_quality::assess_unframed(&prepared, kyc_quality::Kind::Selfie);
    kyc_quality::selfie_feedback(&a, &kyc_quality::check_face(&faces, &prepared)).as_str()
}

async fn answer(srv: &Server, s: &Sess, t: ImageType, img: &RgbImage) -> String {
    let mut body = common::image_body(t, &jpeg(img), None);
    if t != Selfie {
        // Framed as the widget frames a card: the guide 6% of its size in from each side.
        let m = 0.06 / 1.12;
        body["image"]["capture_margins"] = json!({"top": m, "bottom": m, "left": m, "right": m});
    }
    let (st, v) = srv.upload_body(s, body).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    v["feedback"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn selfies_get_the_face_codes_the_device_gives() {
    let srv = Server::start().await;
    let s = srv
        .session(json!({"required_images": ["selfie"], "max_attempts": 20}))
        .await;
    let half = synth::face_rgb(W / 2, H, 4);
    let small = synth::face_rgb(W / 3, H / 3, 5);
    let cases = [
        ("a cat", frame(&[(&cat(), 200, 0)]), "face_not_found"),
        ("an empty wall", frame(&[]), "face_not_found"),
        (
            "two people",
            frame(&[(&half, 0, 0), (&half, W / 2, 0)]),
            "multi_face",
        ),
        ("far away", frame(&[(&small, W / 3, H / 3)]), "face_too_small"),
        (
            "beside the oval",
            frame(&[(&half, W / 2, 0)]),
            "face_close_to_border",
        ),
        ("in the oval", synth::face_rgb(W, H, 6), "ok"),
    ];
    for (name, img, want) in cases {
        assert_eq!(device_says(&img), want, "device, {name}");
        assert_eq!(answer(&srv, &s, Selfie, &img).await, want, "service, {name}");
    }
}

#[tokio::test]
async fn a_front_without_a_portrait_is_refused_and_a_back_needs_none() {
    let srv = Server::start().await;
    let s = srv
        .session(json!({"required_images": ["document_front", "document_back"]}))
        .await;
    let bare = front_without_portrait();
    assert_eq!(
        answer(&srv, &s, DocumentFront, &bare).await,
        "document_face_not_found"
    );
    assert_eq!(answer(&srv, &s, DocumentBack, &bare).await, "ok");
    let front = synth::document_rgb(W, H, 1);
    assert_eq!(answer(&srv, &s, DocumentFront, &front).await, "ok");
    // Of unknown framing (a file, no margins) the card may be any size: no portrait check.
    let s = srv.session(json!({"required_images": ["document_front"]})).await;
    let (st, v) = srv.upload(&s, DocumentFront, &jpeg(&bare), None).await;
    assert_eq!((st, v["feedback"].as_str()), (StatusCode::OK, Some("ok")), "{v}");
}

#[tokio::test]
async fn mocked_feedback_still_overrides_the_faces() {
    let srv = Server::start().await;
    let s = srv
        .session(json!({"required_images": ["selfie"], "mock_behavior": {"feedback": ["ok"]}}))
        .await;
    assert_eq!(answer(&srv, &s, Selfie, &frame(&[(&cat(), 200, 0)])).await, "ok");
}
