//! Property tests over seeded random pictures (a hand-rolled generator keeps the build light).

use kyc_quality::{
    analysis_size, brightness, document_presence, glare, prepare, sharpness, synth, LumaImage, QualityError,
};

/// xorshift64*: deterministic, good enough to draw test cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + (self.next() % (hi - lo + 1) as u64) as u32
    }
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
}

/// A random picture: one of the synthetic kinds, or noise, or random blocks.
fn picture(rng: &mut Rng) -> LumaImage {
    let (w, h) = (rng.range(8, 200), rng.range(8, 160));
    let seed = rng.next();
    match rng.range(0, 3) {
        0 => synth::document(w, h, seed),
        1 => synth::face(w, h, seed),
        2 => {
            let data = (0..w * h).map(|_| rng.next() as u8).collect();
            LumaImage::new(w, h, data).unwrap()
        }
        _ => {
            let (bw, bh) = (rng.range(1, 40) as usize, rng.range(1, 40) as usize);
            let levels: Vec<u8> = (0..64).map(|_| rng.next() as u8).collect();
            let data = (0..(w * h) as usize)
                .map(|i| levels[((i % w as usize) / bw + (i / w as usize) / bh * 7) % 64])
                .collect();
            LumaImage::new(w, h, data).unwrap()
        }
    }
}

#[test]
fn blurring_never_raises_sharpness() {
    let mut rng = Rng(0x5EED_0001);
    for case in 0..60 {
        let img = picture(&mut rng);
        let base = sharpness(&img);
        let mut prev = base;
        for sigma in [0.8f32, 1.6, 3.2] {
            let s = sharpness(&synth::gaussian_blur(&img, sigma));
            // Rounding the blurred image to 8 bits adds up to 20 * 1/12 of Laplacian variance.
            assert!(s <= prev + 2.0, "case {case}: sigma {sigma}: {s} > {prev}");
            prev = s;
        }
        assert!(prev <= base + 2.0);
    }
}

#[test]
fn uniform_images_have_no_sharpness_no_edges() {
    let mut rng = Rng(0x5EED_0002);
    for _ in 0..80 {
        let (w, h) = (rng.range(1, 300), rng.range(1, 300));
        let v = rng.next() as u8;
        let img = LumaImage::filled(w, h, v).unwrap();
        assert_eq!(sharpness(&img), 0.0);
        assert_eq!(document_presence(&img), 0.0);
        assert_eq!(brightness(&img), v as f32);
        let g = glare(&img);
        if v >= kyc_quality::thresholds::GLARE_LUMA {
            assert_eq!((g.share, g.largest_blob), (1.0, 1.0));
        } else {
            assert_eq!((g.share, g.largest_blob), (0.0, 0.0));
        }
    }
}

#[test]
fn glare_share_grows_with_the_patch_radius() {
    let mut rng = Rng(0x5EED_0003);
    for case in 0..25 {
        let img = picture(&mut rng);
        let (cx, cy) = (rng.unit() * img.width as f32, rng.unit() * img.height as f32);
        let mut prev = glare(&img);
        for r in 1..=20 {
            let g = glare(&synth::with_glare(&img, cx, cy, r as f32 * 3.0));
            assert!(
                g.share >= prev.share,
                "case {case} r {r}: share {} < {}",
                g.share,
                prev.share
            );
            assert!(g.largest_blob <= g.share + 1e-6);
            prev = g;
        }
    }
}

#[test]
fn glare_blob_is_the_largest_connected_patch() {
    // Two disjoint squares of 10x10 and 20x20 plus a diagonal chain (8-connected) of 5 pixels.
    let (w, h) = (100u32, 50u32);
    let mut data = vec![100u8; (w * h) as usize];
    let mut set = |x: u32, y: u32| data[(y * w + x) as usize] = 255;
    (0..10).for_each(|y| (0..10).for_each(|x| set(x + 2, y + 2)));
    (0..20).for_each(|y| (0..20).for_each(|x| set(x + 40, y + 10)));
    (0..5).for_each(|i| set(80 + i, 30 + i));
    let g = glare(&LumaImage::new(w, h, data).unwrap());
    let area = (w * h) as f32;
    assert_eq!(g.share, 505.0 / area);
    assert_eq!(g.largest_blob, 400.0 / area);
    // A U shape whose arms join only at the bottom row: one blob.
    let mut data = vec![0u8; 100];
    for y in 0..10 {
        data[y * 10] = 255;
        data[y * 10 + 9] = 255;
    }
    (0..10).for_each(|x| data[90 + x] = 255);
    let g = glare(&LumaImage::new(10, 10, data).unwrap());
    assert_eq!(g.largest_blob, g.share);
    // A diagonal line of single pixels is one 8-connected blob.
    let mut data = vec![0u8; 100];
    (0..10).for_each(|i| data[i * 10 + i] = 255);
    let g = glare(&LumaImage::new(10, 10, data).unwrap());
    assert_eq!(g.largest_blob, 0.1);
}

#[test]
fn darkening_lowers_brightness() {
    let mut rng = Rng(0x5EED_0004);
    for case in 0..60 {
        let img = picture(&mut rng);
        let b = brightness(&img);
        let f = 0.1 + 0.85 * rng.unit();
        let d = brightness(&synth::darken(&img, f));
        assert!(d <= b, "case {case}");
        assert!((d - b * f).abs() <= 0.5 + 1e-3, "case {case}: {d} vs {}", b * f);
        if b >= 2.0 {
            assert!(d < b, "case {case}");
        }
    }
}

#[test]
fn downscale_of_a_uniform_image_is_uniform_and_fits() {
    let mut rng = Rng(0x5EED_0005);
    for _ in 0..80 {
        let (w, h) = (rng.range(1, 2000), rng.range(1, 2000));
        let v = rng.next() as u8;
        let (mw, mh) = (rng.range(1, 700), rng.range(1, 700));
        let img = LumaImage::filled(w, h, v).unwrap();
        let small = img.downscale_to_fit(mw, mh);
        assert!(small.width <= w && small.height <= h, "never upscales");
        assert!(small.width <= mw && small.height <= mh, "fits");
        assert!(small.width >= 1 && small.height >= 1);
        assert!(small.data.iter().all(|&p| p == v));
        assert_eq!(small.data.len(), (small.width * small.height) as usize);
    }
}

#[test]
fn downscale_keeps_the_mean_and_the_aspect() {
    let mut rng = Rng(0x5EED_0006);
    for case in 0..40 {
        let img = picture(&mut rng);
        // Integer factors: every output pixel averages a full k x k box, so the mean is kept up
        // to the rounding of each output pixel.
        let k = rng.range(2, 4);
        let (w, h) = (img.width / k * k, img.height / k * k);
        if w >= k && h >= k {
            let exact = img.crop(0, 0, w, h).unwrap();
            let small = exact.downscale_to_fit(w / k, h / k);
            assert_eq!((small.width, small.height), (w / k, h / k));
            let diff = (brightness(&small) - brightness(&exact)).abs();
            assert!(diff <= 0.5, "case {case}: {diff}");
        }
        // Any factor: integer-bounded boxes of unequal size weigh pixels slightly unequally.
        let small = img.downscale_to_fit(img.width / 2 + 1, img.height / 2 + 1);
        assert!((brightness(&small) - brightness(&img)).abs() < 6.0, "case {case}");
        let (a0, a1) = (
            img.width as f32 / img.height as f32,
            small.width as f32 / small.height as f32,
        );
        assert!((a0 - a1).abs() / a0 < 0.2, "case {case}: {a0} vs {a1}");
    }
}

#[test]
fn prepare_fits_both_orientations() {
    for (w, h, ew, eh) in [
        (1920, 1080, 640, 360),
        (1080, 1920, 360, 640),
        (1280, 720, 640, 360),
        (4000, 3000, 480, 360),
        (3000, 4000, 360, 480),
        (640, 480, 480, 360),
        (500, 300, 500, 300),
        (1000, 1000, 360, 360),
    ] {
        let p = prepare(&LumaImage::filled(w, h, 9).unwrap());
        assert_eq!((p.width, p.height), (ew, eh), "{w}x{h}");
        assert_eq!(analysis_size(w, h), (ew, eh), "{w}x{h}");
    }
    // The live frames' size is the prepared size, odd crops included.
    for (w, h) in [(1023, 646), (1023, 645), (646, 1023), (641, 361), (7, 5)] {
        let p = prepare(&LumaImage::filled(w, h, 9).unwrap());
        assert_eq!(analysis_size(w, h), (p.width, p.height), "{w}x{h}");
    }
    assert_eq!(analysis_size(1023, 645), (571, 360));
    assert_eq!(analysis_size(320, 240), (320, 240));
    assert_eq!(analysis_size(0, 0), (1, 1));
}

#[test]
fn from_rgba_and_rgb_of_gray_give_that_gray() {
    for v in 0..=255u8 {
        let rgba: Vec<u8> = (0..12).flat_map(|_| [v, v, v, 17]).collect();
        let img = LumaImage::from_rgba(&rgba, 4, 3).unwrap();
        assert!(img.data.iter().all(|&p| p == v));
        let rgb: Vec<u8> = (0..12).flat_map(|_| [v, v, v]).collect();
        assert_eq!(LumaImage::from_rgb(&rgb, 3, 4).unwrap().data, vec![v; 12]);
    }
    // BT.601 weights: pure red, green, blue.
    let px = |r, g, b| LumaImage::from_rgb(&[r, g, b], 1, 1).unwrap().data[0];
    assert_eq!((px(255, 0, 0), px(0, 255, 0), px(0, 0, 255)), (77, 149, 29));
}

#[test]
fn bad_sizes_are_rejected() {
    assert_eq!(
        LumaImage::new(0, 5, vec![]),
        Err(QualityError::EmptyImage { width: 0, height: 5 })
    );
    assert_eq!(
        LumaImage::new(3, 0, vec![]),
        Err(QualityError::EmptyImage { width: 3, height: 0 })
    );
    assert_eq!(
        LumaImage::new(3, 3, vec![0; 8]),
        Err(QualityError::BadLength {
            expected: 9,
            actual: 8
        })
    );
    assert_eq!(
        LumaImage::new(3, 3, vec![0; 10]),
        Err(QualityError::BadLength {
            expected: 9,
            actual: 10
        })
    );
    assert!(LumaImage::new(3, 3, vec![0; 9]).is_ok());
    assert!(LumaImage::from_rgba(&[0; 15], 2, 2).is_err());
    assert!(LumaImage::from_rgb(&[0; 13], 2, 2).is_err());
    assert!(LumaImage::from_rgba(&[0; 16], 2, 2).is_ok());
    assert!(LumaImage::filled(0, 1, 0).is_err());
    let err = LumaImage::new(u32::MAX, u32::MAX, vec![]).unwrap_err();
    assert!(matches!(
        err,
        QualityError::TooLarge { .. } | QualityError::BadLength { .. }
    ));
    assert!(!err.to_string().is_empty());

    let img = synth::document(64, 48, 1);
    for (x, y, w, h) in [
        (0, 0, 0, 10),
        (0, 0, 10, 0),
        (60, 0, 5, 1),
        (0, 40, 1, 9),
        (u32::MAX, 0, 2, 2),
    ] {
        let e = img.crop(x, y, w, h).unwrap_err();
        assert!(
            matches!(e, QualityError::CropOutOfBounds { .. }),
            "{x},{y},{w},{h}"
        );
        assert!(e.to_string().contains("crop"));
    }
    let c = img.crop(10, 5, 20, 30).unwrap();
    assert_eq!((c.width, c.height, c.data.len()), (20, 30, 600));
    assert_eq!(c.get(0, 0), img.get(10, 5));
    assert_eq!(c.get(19, 29), img.get(29, 34));
    assert_eq!(img.crop(0, 0, 64, 48).unwrap(), img);
}

#[test]
fn metrics_stay_in_range_on_random_pictures() {
    let mut rng = Rng(0x5EED_0007);
    for case in 0..60 {
        let img = picture(&mut rng);
        let (s, b, g, d) = (
            sharpness(&img),
            brightness(&img),
            glare(&img),
            document_presence(&img),
        );
        assert!(s.is_finite() && s >= 0.0, "case {case}");
        assert!((0.0..=255.0).contains(&b), "case {case}");
        assert!(
            (0.0..=1.0).contains(&g.share) && (0.0..=g.share).contains(&g.largest_blob),
            "case {case}"
        );
        assert!((0.0..=1.0).contains(&d), "case {case}");
        // `assess` measures in fused passes; the figures are those of the single metrics.
        let m = kyc_quality::assess(&img, kyc_quality::Kind::Document).metrics;
        assert_eq!(
            (m.sharpness, m.brightness, m.glare, m.document),
            (s, b, g, Some(d)),
            "case {case}"
        );
        let with_glare = synth::with_glare(&img, 20.0, 20.0, 15.0);
        let m = kyc_quality::assess(&with_glare, kyc_quality::Kind::Selfie).metrics;
        assert_eq!(
            (m.brightness, m.glare, m.document),
            (brightness(&with_glare), glare(&with_glare), None)
        );
    }
}

#[test]
fn synth_is_deterministic() {
    assert_eq!(synth::document(200, 120, 5), synth::document(200, 120, 5));
    assert_ne!(synth::document(200, 120, 5), synth::document(200, 120, 6));
    assert_eq!(synth::face(100, 80, 1), synth::face(100, 80, 1));
}
