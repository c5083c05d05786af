//! The card finder on varied pictures: sizes, positions, rotations, perspective, layouts,
//! backdrops (real photographs too), a hand, noise and blur. The truth is the drawn card.

use kyc_quality::guide::analysis_crop;
use kyc_quality::synth::{self, Backdrop, Layout, Placement, Scene};
use kyc_quality::{find_card, prepare, LumaImage};

mod support;
use support::{photos, Rng};

/// The analysed picture of a 1280x720 camera frame: the guide crop, prepared (570x360).
const FRAME: (u32, u32) = (1280, 720);

/// Draws `scene` in a camera frame and returns the prepared analysis crop with the truth's
/// corners mapped into it.
fn analysed(scene: &Scene, seed: u64) -> (LumaImage, [(f32, f32); 4]) {
    let r = analysis_crop(FRAME.0, FRAME.1);
    let img = synth::scene_placed_rgb(FRAME.0, FRAME.1, scene, seed).to_luma();
    let small = prepare(&img.crop(r.x, r.y, r.w, r.h).unwrap());
    let k = small.width as f32 / r.w as f32;
    let truth = scene
        .card
        .map(|p| {
            p.corners()
                .map(|(x, y)| ((x - r.x as f32) * k, (y - r.y as f32) * k))
        })
        .unwrap_or_default();
    (small, truth)
}

/// A card of `fill` of the guide's width, its center moved by `(dx, dy)` guide widths/heights.
fn placed(fill: f32, dx: f32, dy: f32, tilt: f32, keystone: f32) -> Placement {
    let g = kyc_quality::guide::card_guide(FRAME.0, FRAME.1);
    let c = (
        g.x as f32 + g.w as f32 * (0.5 + dx),
        g.y as f32 + g.h as f32 * (0.5 + dy),
    );
    Placement {
        tilt_deg: tilt,
        keystone,
        ..Placement::id1(c, g.w as f32 * fill)
    }
}

/// The largest distance of a found corner from the truth, as a share of the card's width.
fn corner_error(found: [(f32, f32); 4], truth: [(f32, f32); 4]) -> f32 {
    let w = ((truth[1].0 - truth[0].0).powi(2) + (truth[1].1 - truth[0].1).powi(2)).sqrt();
    found
        .iter()
        .zip(truth)
        .map(|(a, b)| ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt() / w)
        .fold(0.0, f32::max)
}

fn check_found(name: &str, scene: &Scene, seed: u64, tolerance: f32) {
    let (img, truth) = analysed(scene, seed);
    let card = find_card(&img).unwrap_or_else(|| panic!("{name}: no card found"));
    let e = corner_error(card.corners, truth);
    assert!(
        e <= tolerance,
        "{name}: corners off by {e:.3} of the width: {card:?} vs {truth:?}"
    );
}

fn scene(card: Placement, layout: Layout, backdrop: Backdrop) -> Scene {
    Scene {
        card: Some(card),
        layout,
        backdrop,
        hand: false,
    }
}

#[test]
fn a_card_in_the_guide_is_found_where_it_is() {
    for fill in [0.5f32, 0.6, 0.75, 0.87, 0.98, 1.0] {
        check_found(
            &format!("fill {fill}"),
            &scene(
                placed(fill, 0.0, 0.0, 0.0, 0.0),
                Layout::PortraitLeft,
                Backdrop::DarkDesk,
            ),
            1,
            0.03,
        );
    }
}

#[test]
fn moved_rotated_or_in_perspective_it_is_still_found() {
    let cases = [
        (0.6, 0.18, 0.0, 0.0, 0.0),
        (0.6, -0.18, 0.1, 0.0, 0.0),
        (0.5, 0.2, -0.2, 0.0, 0.0),
        (0.7, 0.0, 0.0, 10.0, 0.0),
        (0.7, 0.0, 0.0, -10.0, 0.0),
        (0.8, 0.0, 0.0, 5.0, 0.0),
        (0.8, 0.0, 0.0, 0.0, 0.15),
        (0.7, 0.05, 0.0, 4.0, 0.1),
    ];
    for (fill, dx, dy, tilt, key) in cases {
        check_found(
            &format!("fill {fill} at {dx},{dy} tilt {tilt} keystone {key}"),
            &scene(
                placed(fill, dx, dy, tilt, key),
                Layout::PortraitLeft,
                Backdrop::DarkDesk,
            ),
            2,
            0.04,
        );
    }
}

#[test]
fn every_layout_on_every_backdrop_with_a_hand() {
    let photos = photos();
    let mut backdrops = vec![Backdrop::DarkDesk, Backdrop::LightTable, Backdrop::WhiteTable];
    backdrops.extend(photos.iter().map(Backdrop::Photo));
    for (b, backdrop) in backdrops.iter().enumerate() {
        for layout in [Layout::PortraitLeft, Layout::PortraitRight, Layout::Plain] {
            for hand in [false, true] {
                let s = Scene {
                    hand,
                    ..scene(placed(0.8, 0.03, -0.02, 3.0, 0.0), layout, *backdrop)
                };
                check_found(&format!("backdrop {b} {layout:?} hand {hand}"), &s, 3, 0.04);
            }
        }
    }
}

#[test]
fn noise_and_moderate_blur_keep_the_card() {
    let s = scene(
        placed(0.7, 0.0, 0.05, 2.0, 0.0),
        Layout::PortraitLeft,
        Backdrop::LightTable,
    );
    let (img, truth) = analysed(&s, 4);
    for (name, pic) in [
        ("noise 3", synth::add_noise(&img, 3.0, 1)),
        ("noise 6", synth::add_noise(&img, 6.0, 2)),
        ("blur 1.5", synth::gaussian_blur(&img, 1.5)),
    ] {
        let card = find_card(&pic).unwrap_or_else(|| panic!("{name}: not found"));
        let e = corner_error(card.corners, truth);
        assert!(e <= 0.04, "{name}: {e}");
    }
    // Heavily blurred (the verdict is `blur`): still a card, so the hint is about blur.
    assert!(find_card(&synth::gaussian_blur(&img, 3.0)).is_some());
}

/// Property: random placements in the range (50-100% of the guide, inside the crop, tilt up to
/// 10 degrees, some perspective) on random backdrops are found within 4% of the width, all but
/// at most one in 60 (under 2%; the one known miss is a small, tilted card in a corner of the
/// coffee photograph).
#[test]
fn random_cards_in_range_are_found() {
    let photos = photos();
    let mut rng = Rng(0xCA4D);
    let mut misses = Vec::new();
    let crop = analysis_crop(FRAME.0, FRAME.1);
    let inside = |p: &Placement| {
        let m = 0.015 * crop.w as f32;
        p.corners().iter().all(|&(x, y)| {
            x >= crop.x as f32 + m
                && y >= crop.y as f32 + m
                && x <= (crop.x + crop.w) as f32 - m
                && y <= (crop.y + crop.h) as f32 - m
        })
    };
    for case in 0..60 {
        // Draw until the whole card lies inside the analysed crop.
        let (fill, dx, dy, tilt, keystone) = loop {
            let fill = 0.5 + 0.5 * rng.unit();
            let tilt = (rng.unit() - 0.5) * 20.0;
            let keystone = if rng.unit() < 0.3 { rng.unit() * 0.15 } else { 0.0 };
            let (dx, dy) = ((rng.unit() - 0.5) * 0.5, (rng.unit() - 0.5) * 0.5);
            if inside(&placed(fill, dx, dy, tilt, keystone)) {
                break (fill, dx, dy, tilt, keystone);
            }
        };
        let backdrop = match case % 5 {
            0 => Backdrop::DarkDesk,
            1 => Backdrop::LightTable,
            2 => Backdrop::WhiteTable,
            k => Backdrop::Photo(&photos[k % photos.len()]),
        };
        let layout = [Layout::PortraitLeft, Layout::PortraitRight, Layout::Plain][case % 3];
        let s = Scene {
            hand: case % 4 == 0,
            ..scene(placed(fill, dx, dy, tilt, keystone), layout, backdrop)
        };
        let (img, truth) = analysed(&s, case as u64);
        match find_card(&img) {
            Some(c) if corner_error(c.corners, truth) <= 0.04 => {}
            other => misses.push(format!("case {case}: fill {fill:.2} at {dx:.2},{dy:.2} tilt {tilt:.1} key {keystone:.2} {layout:?} -> {other:?}")),
        }
    }
    assert!(misses.len() <= 1, "{}", misses.join("\n"));
}

#[test]
fn no_card_is_never_found() {
    let photos = photos();
    for seed in 1..4 {
        for backdrop in [Backdrop::DarkDesk, Backdrop::LightTable, Backdrop::WhiteTable] {
            let s = Scene {
                card: None,
                layout: Layout::PortraitLeft,
                backdrop,
                hand: false,
            };
            let (img, _) = analysed(&s, seed);
            assert_eq!(find_card(&img), None, "{backdrop:?} seed {seed}");
        }
    }
    for (i, p) in photos.iter().enumerate() {
        for pic in [p.to_luma(), prepare(&p.to_luma())] {
            assert_eq!(find_card(&pic), None, "photo {i}");
            assert_eq!(
                find_card(&synth::add_noise(&pic, 4.0, 3)),
                None,
                "photo {i} noisy"
            );
        }
    }
    let face = synth::face(640, 360, 1);
    assert_eq!(find_card(&face), None);
}

#[test]
fn a_card_cut_by_the_border_is_not_found() {
    for (dx, dy) in [(0.3, 0.0), (-0.3, 0.0), (0.0, 0.3), (0.0, -0.35)] {
        let s = scene(
            placed(0.9, dx, dy, 0.0, 0.0),
            Layout::PortraitLeft,
            Backdrop::DarkDesk,
        );
        let (img, _) = analysed(&s, 5);
        assert_eq!(find_card(&img), None, "{dx},{dy}");
    }
}

/// The fixtures of the end-to-end clips: a card at 60% of the guide is to come closer, at 108%
/// to move away, at 90% sits right (a 1280x720 camera needs 74% for the service's 640x480).
#[test]
fn the_fit_of_cards_of_the_e2e_clips() {
    use kyc_quality::guide::{fit, Fit};
    for (fill, want) in [(0.6, Fit::Closer), (1.08, Fit::Further), (0.9, Fit::Good)] {
        let s = scene(
            placed(fill, 0.0, 0.0, 0.0, 0.0),
            Layout::PortraitLeft,
            Backdrop::DarkDesk,
        );
        let (img, _) = analysed(&s, 7);
        let card = find_card(&img).unwrap_or_else(|| panic!("fill {fill}: not found"));
        assert_eq!(fit(&card, img.width, FRAME.0, FRAME.1), want, "fill {fill}");
    }
}

/// In perspective the far side is foreshortened: a passport data page (1.42) tilted towards the
/// camera is still card-shaped, and its size is that of its nearer side, so a page big enough
/// for the service is not told to come closer.
#[test]
fn a_passport_page_in_perspective_keeps_its_shape_and_size() {
    use kyc_quality::guide::{fit, Fit};
    for (seed, keystone) in [(1, 0.0), (2, 0.06), (3, 0.1)] {
        let p = Placement {
            aspect: 125.0 / 88.0,
            ..placed(0.8, 0.0, 0.0, 0.0, keystone)
        };
        let s = scene(p, Layout::PortraitLeft, Backdrop::DarkDesk);
        let (img, truth) = analysed(&s, seed);
        let card = find_card(&img).unwrap_or_else(|| panic!("keystone {keystone}: not found"));
        assert!(
            corner_error(card.corners, truth) <= 0.04,
            "keystone {keystone}: {card:?}"
        );
        let nearer = truth[2].0 - truth[3].0;
        assert!(
            (card.width() / nearer - 1.0).abs() <= 0.04,
            "keystone {keystone}: {card:?}"
        );
        assert_eq!(
            fit(&card, img.width, FRAME.0, FRAME.1),
            Fit::Good,
            "keystone {keystone}"
        );
    }
}
