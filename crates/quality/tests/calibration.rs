//! The calibration fixture set at the analysis size: prints the table of the README
//! (`cargo test -p kyc-quality --test calibration -- --nocapture`) and asserts the verdicts.

use kyc_quality::{
    assess, prepare, synth, Assessment, Kind, LumaImage, Reason, ANALYSIS_HEIGHT, ANALYSIS_WIDTH,
};

const W: u32 = ANALYSIS_WIDTH;
const H: u32 = ANALYSIS_HEIGHT;
const SEEDS: [u64; 3] = [1, 2, 3];

fn row(name: &str, a: &Assessment) {
    let m = &a.metrics;
    let doc = m.document.map_or("-".to_string(), |d| format!("{d:.2}"));
    let verdict = a.reason.map_or("Good", |r| r.as_str());
    println!(
        "| {name:<28} | {:>9.1} | {:>6.1} | {:>7.4} | {:>7.4} | {doc:>5} | {verdict:<18} |",
        m.sharpness, m.brightness, m.glare.share, m.glare.largest_blob
    );
}

fn header(title: &str) {
    println!("\n{title}");
    println!("| fixture                      | sharpness | bright | glare   | blob    | doc   | verdict            |");
    println!("|------------------------------|-----------|--------|---------|---------|-------|--------------------|");
}

fn check(name: &str, img: &LumaImage, kind: Kind) -> Assessment {
    let a = assess(img, kind);
    row(name, &a);
    a
}

#[test]
fn documents_at_analysis_size() {
    header("Documents at 640x360 (seeds 1..3)");
    for seed in SEEDS {
        let doc = synth::document(W, H, seed);
        let a = check(&format!("sharp s{seed}"), &doc, Kind::Document);
        assert_eq!(a.reason, None, "sharp document seed {seed}");
        for sigma in [0.5f32, 1.0, 1.5, 2.0, 3.0, 4.0] {
            let a = check(
                &format!("blur σ={sigma} s{seed}"),
                &synth::gaussian_blur(&doc, sigma),
                Kind::Document,
            );
            if sigma >= 2.0 {
                assert_eq!(a.reason, Some(Reason::Blur), "sigma {sigma} seed {seed}");
            }
            if sigma <= 0.5 {
                assert_eq!(a.reason, None, "sigma {sigma} seed {seed}");
            }
        }
        for noise in [1.0f32, 2.0, 3.0] {
            let noisy = |img: &LumaImage| synth::add_noise(img, noise, seed);
            let a = check(&format!("noise {noise} s{seed}"), &noisy(&doc), Kind::Document);
            assert_eq!(a.reason, None);
            // Known limit (README): noise adds about 20 noise² of Laplacian variance, so from
            // noise 2 on a blurred frame passes.
            let a = check(
                &format!("blur σ=2 + noise {noise} s{seed}"),
                &noisy(&synth::gaussian_blur(&doc, 2.0)),
                Kind::Document,
            );
            if noise <= 1.0 {
                assert_eq!(a.reason, Some(Reason::Blur));
            }
        }
        for radius in [5.0f32, 10.0, 15.0, 20.0, 30.0, 45.0, 60.0] {
            let img = synth::with_glare(&doc, W as f32 * 0.62, H as f32 * 0.45, radius);
            let a = check(&format!("glare r={radius} s{seed}"), &img, Kind::Document);
            if radius >= 20.0 {
                assert_eq!(a.reason, Some(Reason::Glare), "radius {radius} seed {seed}");
            }
            if radius <= 10.0 {
                assert_eq!(a.reason, None, "radius {radius} seed {seed}");
            }
        }
        for factor in [0.8f32, 0.6, 0.45, 0.3, 0.2] {
            let a = check(
                &format!("darken ×{factor} s{seed}"),
                &synth::darken(&doc, factor),
                Kind::Document,
            );
            if factor <= 0.3 {
                assert_eq!(a.reason, Some(Reason::TooDark), "factor {factor} seed {seed}");
            }
        }
        for factor in [1.3f32, 1.7] {
            // Overexposure clips the card to white: a glare, whatever the mean.
            let a = check(
                &format!("exposure ×{factor} s{seed}"),
                &synth::darken(&doc, factor),
                Kind::Document,
            );
            assert_eq!(a.reason, Some(Reason::Glare), "factor {factor} seed {seed}");
        }
        for contrast in [0.6f32, 0.4, 0.25, 0.15] {
            let img = synth::wash_out(&doc, contrast);
            let a = check(&format!("washed out ×{contrast} s{seed}"), &img, Kind::Document);
            if contrast <= 0.25 {
                assert_eq!(
                    a.reason,
                    Some(Reason::TooBright),
                    "contrast {contrast} seed {seed}"
                );
            }
        }
        for (sx, sy) in [
            (0.1f32, 0.0f32),
            (0.25, 0.05),
            (0.55, 0.1),
            (0.0, 0.6),
            (1.0, 1.0),
        ] {
            let img = synth::off_frame(W, H, seed, sx, sy);
            let a = check(&format!("off-frame {sx},{sy} s{seed}"), &img, Kind::Document);
            if sx >= 0.5 || sy >= 0.5 {
                assert_eq!(
                    a.reason,
                    Some(Reason::DocumentNotFound),
                    "shift {sx},{sy} seed {seed}"
                );
            }
        }
    }
}

#[test]
fn selfies_at_analysis_size() {
    header("Selfies at 640x360 (seeds 1..3)");
    for seed in SEEDS {
        let face = synth::face(W, H, seed);
        let a = check(&format!("face s{seed}"), &face, Kind::Selfie);
        assert_eq!(a.reason, None);
        assert_eq!(a.metrics.document, None);
        for sigma in [0.5f32, 1.0, 1.5, 2.0, 3.0, 4.0] {
            let a = check(
                &format!("face blur σ={sigma} s{seed}"),
                &synth::gaussian_blur(&face, sigma),
                Kind::Selfie,
            );
            if sigma <= 0.5 {
                assert_eq!(a.reason, None);
            }
            if sigma >= 1.0 {
                assert_eq!(a.reason, Some(Reason::Blur));
                assert_eq!(a.feedback(Kind::Selfie), kyc_contract::Feedback::BlurSelfie);
            }
        }
        let a = check(
            &format!("face glare r=40 s{seed}"),
            &synth::with_glare(&face, 320.0, 150.0, 40.0),
            Kind::Selfie,
        );
        assert_eq!(a.reason, Some(Reason::Glare));
        let a = check(
            &format!("face darken ×0.25 s{seed}"),
            &synth::darken(&face, 0.25),
            Kind::Selfie,
        );
        assert_eq!(a.reason, Some(Reason::TooDark));
    }
}

#[test]
fn full_hd_prepared() {
    header("1920x1080 documents, prepared to 640x360");
    for seed in SEEDS {
        let big = synth::document(1920, 1080, seed);
        let small = prepare(&big);
        assert_eq!((small.width, small.height), (W, H));
        let a = check(&format!("1080p sharp s{seed}"), &small, Kind::Document);
        assert_eq!(a.reason, None);
        for sigma in [1.5f32, 3.0, 6.0, 9.0] {
            let a = check(
                &format!("1080p blur σ={sigma} s{seed}"),
                &prepare(&synth::gaussian_blur(&big, sigma)),
                Kind::Document,
            );
            if sigma >= 6.0 {
                assert_eq!(a.reason, Some(Reason::Blur));
            }
        }
    }
}

/// The end-to-end geometry: a whole camera frame with the card in the on-screen guide, cropped
/// the way the widget crops it (guide plus 6% margin), prepared, assessed.
#[test]
fn camera_frames_through_the_guide_crop() {
    header("Camera frames, guide crop + 6% margin, prepared");
    for (fw, fh) in [(1280u32, 720u32), (1920, 1080), (720, 1280)] {
        let frame = synth::guide_frame_rgb(fw, fh, 7).to_luma();
        let r = kyc_quality::guide::analysis_crop(fw, fh);
        let crop = |img: &LumaImage| prepare(&img.crop(r.x, r.y, r.w, r.h).unwrap());
        let small = crop(&frame);
        let a = check(
            &format!("{fw}x{fh} → {}x{}", small.width, small.height),
            &small,
            Kind::Document,
        );
        assert_eq!(a.reason, None, "{fw}x{fh}");
        // The blurred fixture of the example: sigma = frame height / 120 pixels of the frame.
        let sigma = fw.min(fh) as f32 / 120.0;
        let a = check(
            &format!("{fw}x{fh} blur σ={sigma}"),
            &crop(&synth::gaussian_blur(&frame, sigma)),
            Kind::Document,
        );
        assert_eq!(a.reason, Some(Reason::Blur), "{fw}x{fh}");
        let empty = kyc_quality::synth::background(fw, fh, 7);
        let a = check(&format!("{fw}x{fh} no card"), &crop(&empty), Kind::Document);
        assert_eq!(a.reason, Some(Reason::DocumentNotFound), "{fw}x{fh}");
    }
    let face = synth::face(1280, 720, 7);
    let a = check("selfie 1280x720 prepared", &prepare(&face), Kind::Selfie);
    assert_eq!(a.reason, None);
}

/// The edge-step cut-off: the strongest 4-pixel step anywhere on the bare desk (what the card's
/// edges must beat) vs. the card's edge, sharp, blurred and at reduced contrast.
#[test]
fn edge_step_margins() {
    let step_max = |img: &LumaImage| {
        let (w, h) = (img.width as usize, img.height as usize);
        let px = |x: usize, y: usize| img.data[y * w + x] as i16;
        let mut m = 0i16;
        for y in 2..h - 2 {
            for x in 2..w - 2 {
                m = m
                    .max((px(x + 2, y) - px(x - 2, y)).abs())
                    .max((px(x, y + 2) - px(x, y - 2)).abs());
            }
        }
        m
    };
    println!(
        "\nStrongest 4-pixel step (EDGE_MIN_STEP = {})",
        kyc_quality::thresholds::EDGE_MIN_STEP
    );
    for seed in SEEDS {
        let desk = step_max(&synth::background(W, H, seed));
        println!("| bare desk s{seed} | {desk} |");
        assert!(desk < kyc_quality::thresholds::EDGE_MIN_STEP as i16);
    }
    let doc = synth::document(W, H, 1);
    for (name, img) in [
        ("card σ=4", synth::gaussian_blur(&doc, 4.0)),
        ("card σ=6", synth::gaussian_blur(&doc, 6.0)),
        ("card σ=8", synth::gaussian_blur(&doc, 8.0)),
        ("card contrast ×0.25", synth::wash_out(&doc, 0.25)),
        ("card contrast ×0.2", synth::wash_out(&doc, 0.2)),
    ] {
        println!(
            "| {name} | presence {:.2} |",
            kyc_quality::document_presence(&img)
        );
    }
    assert!(kyc_quality::document_presence(&synth::gaussian_blur(&doc, 4.0)) >= 0.99);
}
