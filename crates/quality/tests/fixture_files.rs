//! The files the end-to-end tests feed Chromium's fake camera: the frame read back from the Y4M
//! the way a browser shows it, cropped like the widget, is judged like the original.

mod y4m;

use kyc_quality::{assess, guide, prepare, synth, Kind, LumaImage, Reason};

/// The one frame of a one-frame Y4M, as the browser shows it.
fn y4m_luma(bytes: &[u8]) -> LumaImage {
    let mut frames = y4m::frames(bytes);
    assert_eq!(frames.len(), 1);
    frames.remove(0)
}

fn widget_view(frame: &LumaImage) -> LumaImage {
    let r = guide::analysis_crop(frame.width, frame.height);
    prepare(&frame.crop(r.x, r.y, r.w, r.h).unwrap())
}

#[test]
fn y4m_document_frames_are_judged_like_the_originals() {
    let frame = synth::guide_frame_rgb(1280, 720, 7);
    let y4m = frame.to_y4m();
    assert!(y4m.starts_with(b"YUV4MPEG2 W1280 H720 F30:1 Ip A1:1 C420jpeg\nFRAME\n"));
    let luma = y4m_luma(&y4m);
    // Limited range round trip: within 1 level of the BT.601 luma.
    let direct = frame.to_luma();
    assert!(luma
        .data
        .iter()
        .zip(&direct.data)
        .all(|(&a, &b)| (a as i16 - b as i16).abs() <= 1));
    let a = assess(&widget_view(&luma), Kind::Document);
    assert!(a.is_good(), "{a:?}");

    let blurred = synth::gaussian_blur_rgb(&frame, 720.0 / 120.0);
    let a = assess(&widget_view(&y4m_luma(&blurred.to_y4m())), Kind::Document);
    assert_eq!(a.reason, Some(Reason::Blur), "{a:?}");
    assert_eq!(a.feedback(Kind::Document), kyc_contract::Feedback::Blur);

    let face = synth::face_rgb(1280, 720, 7);
    let a = assess(&prepare(&y4m_luma(&face.to_y4m())), Kind::Selfie);
    assert!(a.is_good(), "{a:?}");
}

#[test]
fn guide_geometry_at_common_sizes() {
    let g = guide::card_guide(1280, 720);
    assert_eq!((g.x, g.y, g.w, g.h), (183, 72, 913, 576));
    let c = guide::analysis_crop(1280, 720);
    assert_eq!((c.x, c.y, c.w, c.h), (128, 37, 1023, 646));
    let g = guide::card_guide(720, 1280);
    assert_eq!((g.w, g.h), (576, 363));
    // Always inside the frame.
    for (w, h) in [
        (640, 480),
        (1920, 1080),
        (1080, 1920),
        (100, 1000),
        (1000, 100),
        (33, 33),
    ] {
        let c = guide::analysis_crop(w, h);
        assert!(c.x + c.w <= w && c.y + c.h <= h && c.w > 0 && c.h > 0, "{w}x{h}");
    }
}

#[test]
fn ppm_is_binary_p6() {
    let img = synth::document_rgb(40, 30, 1);
    let ppm = img.to_ppm();
    assert!(ppm.starts_with(b"P6\n40 30\n255\n"));
    assert_eq!(ppm.len(), "P6\n40 30\n255\n".len() + 40 * 30 * 3);
    assert_eq!(&ppm[ppm.len() - 3600..], &img.data[..]);
}
