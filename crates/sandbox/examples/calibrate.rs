//! The calibration table of `crates/quality/README.md`: for each class of generated camera
//! frames, how often the verdict is right on the device and in the service, whether they agree,
//! the false rejects of good pictures and the false accepts of bad ones.
//!
//! ```text
//! cargo run -p kyc-sandbox --release --example calibrate [samples per class]
//! ```
//!
//! - Device: the live check that decides the auto-capture. The camera frame's analysis crop
//!   (`kyc_quality::guide::analysis_crop`), prepared, `assess`ed, and the card's fit in the
//!   guide (`guide::fit`): good only when both are.
//! - Service: what the widget uploads (the capture crop, JPEG quality 92, with its
//!   `capture_margins`), decoded and measured by the service's own `analysis::assess`.
//!
//! Good classes vary the card's size (from the camera's `min_fill` to filling the guide), place
//! (within 8% of the guide's center), tilt (up to 5 degrees), perspective (up to 0.1), seed,
//! and sensor noise (σ = 2 levels), the whole card inside the analysed crop; the bad ones add
//! graded blur (σ in camera pixels) or a specular patch (radius in camera pixels) to good
//! pictures. Negatives have no card.

use kyc_contract::{Feedback, ImageType};
use kyc_quality::guide::{analysis_crop, capture_crop, card_guide, fit, min_fill, Fit};
use kyc_quality::synth::{self, Backdrop, Layout, Placement, RgbImage, Scene};
use kyc_quality::{assess, prepare, Kind, LumaImage};
use kyc_sandbox::analysis;

const CAMERA: (u32, u32) = (1280, 720);

/// A tiny deterministic generator (xorshift), uniform in 0..1.
struct Rng(u64);
impl Rng {
    fn unit(&mut self) -> f32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 40) as f32 / (1u64 << 24) as f32
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Want {
    Good,
    Bad,
    /// Mild spoiling below the calibrated cut-offs (blur σ=2 at 1280x720 is σ≈1.1 at the
    /// analysis size, still readable; a patch of radius 20 is under the glare blob limit):
    /// either verdict is fine; the share accepted is shown, outside the rates.
    Either,
}

#[derive(Clone, Copy)]
enum Spoil {
    None,
    Blur(f32),
    Glare(f32),
    NoCard,
}

struct Class<'a> {
    name: String,
    layout: Layout,
    backdrop: Backdrop<'a>,
    hand: bool,
    aspect: f32,
    spoil: Spoil,
}

fn photos() -> Vec<RgbImage> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/testdata/faces");
    [
        "astronaut.png",
        "cameraman.png",
        "no-face-cat.png",
        "no-face-coffee.png",
    ]
    .iter()
    .filter_map(|f| image::open(dir.join(f)).ok())
    .map(|img| {
        let rgb = img.into_rgb8();
        RgbImage {
            width: rgb.width(),
            height: rgb.height(),
            data: rgb.into_raw(),
        }
    })
    .collect()
}

/// One camera frame of `class`, sample `i`.
fn frame(class: &Class, i: u64) -> RgbImage {
    let mut rng = Rng(0x9E37_79B9 ^ (i + 1).wrapping_mul(0x2545_F491));
    let g = card_guide(CAMERA.0, CAMERA.1);
    // From the camera's `min_fill` to the largest card of the class's shape inside the guide
    // (a passport page, taller than an ID-1 card, fills the guide's height before its width).
    let lo = min_fill(CAMERA.0, CAMERA.1) + 0.02;
    let most = (g.h as f32 * class.aspect / g.w as f32).min(1.0);
    let fill = lo + (most - lo) * rng.unit();
    // A good picture shows the whole card: a placement that would put a corner outside the
    // analysed (and uploaded) crop is drawn again.
    let crop = analysis_crop(CAMERA.0, CAMERA.1);
    let inside = |p: &Placement| {
        p.corners().iter().all(|&(x, y)| {
            x >= crop.x as f32 + 2.0
                && y >= crop.y as f32 + 2.0
                && x <= (crop.x + crop.w) as f32 - 2.0
                && y <= (crop.y + crop.h) as f32 - 2.0
        })
    };
    let card = loop {
        let (dx, dy) = ((rng.unit() - 0.5) * 0.16, (rng.unit() - 0.5) * 0.16);
        let card = Placement {
            center: (
                g.x as f32 + g.w as f32 * (0.5 + dx),
                g.y as f32 + g.h as f32 * (0.5 + dy),
            ),
            width: g.w as f32 * fill,
            aspect: class.aspect,
            tilt_deg: (rng.unit() - 0.5) * 10.0,
            keystone: if rng.unit() < 0.3 { rng.unit() * 0.1 } else { 0.0 },
        };
        if inside(&card) {
            break card;
        }
    };
    let scene = Scene {
        card: (!matches!(class.spoil, Spoil::NoCard)).then_some(card),
        layout: class.layout,
        backdrop: class.backdrop,
        hand: class.hand,
    };
    let img = synth::scene_placed_rgb(CAMERA.0, CAMERA.1, &scene, i);
    let img = match class.spoil {
        Spoil::Blur(sigma) => synth::gaussian_blur_rgb(&img, sigma),
        Spoil::Glare(r) => {
            let (x, y) = card.center;
            synth::with_glare_rgb(&img, x + (rng.unit() - 0.5) * g.w as f32 * 0.4, y, r)
        }
        Spoil::None | Spoil::NoCard => img,
    };
    // Sensor noise of σ = 2 levels, on each channel.
    let mut data = img.data;
    for (k, v) in data.iter_mut().enumerate() {
        let n = ((k as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ i) >> 59;
        *v = (*v as i32 + n as i32 / 4 - 2).clamp(0, 255) as u8;
    }
    RgbImage { data, ..img }
}

/// The device's verdict: good when `assess` and the card's fit in the guide are.
fn device(luma: &LumaImage) -> bool {
    let r = analysis_crop(CAMERA.0, CAMERA.1);
    let Ok(crop) = luma.crop(r.x, r.y, r.w, r.h) else {
        return false;
    };
    let small = prepare(&crop);
    let a = assess(&small, Kind::Document);
    let placed = a
        .metrics
        .card
        .is_some_and(|c| fit(&c, small.width, CAMERA.0, CAMERA.1) == Fit::Good);
    a.is_good() && placed
}

/// The service's verdict on what the widget uploads.
fn service(rgb: &RgbImage) -> bool {
    let (r, margins) = capture_crop(Kind::Document, CAMERA.0, CAMERA.1);
    let mut crop = Vec::with_capacity((r.w * r.h * 3) as usize);
    for y in r.y..r.y + r.h {
        let row = ((y * rgb.width + r.x) * 3) as usize;
        crop.extend_from_slice(&rgb.data[row..row + (r.w * 3) as usize]);
    }
    let jpeg = analysis::encode_jpeg(r.w, r.h, &crop, image::ExtendedColorType::Rgb8, 92);
    let Ok(decoded) = image::load_from_memory(&jpeg) else {
        return false;
    };
    let luma = decoded.into_luma8();
    let (w, h) = luma.dimensions();
    analysis::assess(w, h, luma.into_raw(), ImageType::DocumentFront, margins).feedback == Feedback::Ok
}

fn main() {
    let n: u64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(20);
    let photos = photos();
    let id1 = 85.6 / 53.98;
    let class = |name: &str, layout, backdrop, hand, aspect, spoil| Class {
        name: name.to_owned(),
        layout,
        backdrop,
        hand,
        aspect,
        spoil,
    };
    use Backdrop::*;
    use Layout::*;
    let mut classes = vec![
        class(
            "portrait left, dark desk",
            PortraitLeft,
            DarkDesk,
            false,
            id1,
            Spoil::None,
        ),
        class(
            "portrait right, light table",
            PortraitRight,
            LightTable,
            false,
            id1,
            Spoil::None,
        ),
        class(
            "portrait left, white table",
            PortraitLeft,
            WhiteTable,
            false,
            id1,
            Spoil::None,
        ),
        class(
            "plain card, light table (low contrast)",
            Plain,
            LightTable,
            false,
            id1,
            Spoil::None,
        ),
        class(
            "passport data page (1.42), dark desk",
            PortraitLeft,
            DarkDesk,
            false,
            125.0 / 88.0,
            Spoil::None,
        ),
        class(
            "held by a hand, light table",
            PortraitRight,
            LightTable,
            true,
            id1,
            Spoil::None,
        ),
    ];
    for (k, p) in photos.iter().enumerate() {
        classes.push(class(
            &format!("on photograph {k}"),
            PortraitLeft,
            Photo(p),
            false,
            id1,
            Spoil::None,
        ));
    }
    for sigma in [2.0f32, 3.0, 4.0, 6.0] {
        classes.push(class(
            &format!("blur σ={sigma}"),
            PortraitLeft,
            LightTable,
            false,
            id1,
            Spoil::Blur(sigma),
        ));
    }
    for r in [20.0f32, 30.0, 45.0, 60.0] {
        classes.push(class(
            &format!("glare r={r}"),
            PortraitLeft,
            DarkDesk,
            false,
            id1,
            Spoil::Glare(r),
        ));
    }
    for (name, b) in [
        ("no card: dark desk", DarkDesk),
        ("no card: white table", WhiteTable),
    ] {
        classes.push(class(name, PortraitLeft, b, false, id1, Spoil::NoCard));
    }
    for (k, p) in photos.iter().enumerate() {
        classes.push(class(
            &format!("no card: photograph {k}"),
            PortraitLeft,
            Photo(p),
            false,
            id1,
            Spoil::NoCard,
        ));
    }
    println!("Camera {}x{}, {n} pictures per class.\n", CAMERA.0, CAMERA.1);
    println!("| class | want | right on device | right in service | agree | false rejects | false accepts |");
    println!("|---|---|---|---|---|---|---|");
    let (mut fr, mut good_total, mut fa, mut bad_total) = ([0u64; 2], 0u64, [0u64; 2], 0u64);
    for c in &classes {
        let want = match c.spoil {
            Spoil::None => Want::Good,
            Spoil::Blur(s) if s <= 2.0 => Want::Either,
            Spoil::Glare(r) if r <= 20.0 => Want::Either,
            _ => Want::Bad,
        };
        let (mut right, mut agree) = ([0u64; 2], 0u64);
        for i in 0..n {
            let rgb = frame(c, i);
            let verdicts = [device(&rgb.to_luma()), service(&rgb)];
            agree += u64::from(verdicts[0] == verdicts[1]);
            for (k, &good) in verdicts.iter().enumerate() {
                right[k] += u64::from(good == (want == Want::Good));
            }
        }
        let pct = |v: u64| format!("{:.0}%", 100.0 * v as f64 / n as f64);
        let wrong = |k: usize| n - right[k];
        let (frs, fas) = match want {
            Want::Good => {
                good_total += n;
                fr[0] += wrong(0);
                fr[1] += wrong(1);
                (format!("{} / {}", pct(wrong(0)), pct(wrong(1))), "–".to_owned())
            }
            Want::Either => {
                let accepted = |k: usize| n - right[k];
                println!(
                    "| {} | either | – | – | {} | accepted {} / {} | |",
                    c.name,
                    pct(agree),
                    pct(accepted(0)),
                    pct(accepted(1))
                );
                continue;
            }
            Want::Bad => {
                bad_total += n;
                fa[0] += wrong(0);
                fa[1] += wrong(1);
                ("–".to_owned(), format!("{} / {}", pct(wrong(0)), pct(wrong(1))))
            }
        };
        let want = if want == Want::Good { "good" } else { "bad" };
        println!(
            "| {} | {want} | {} | {} | {} | {frs} | {fas} |",
            c.name,
            pct(right[0]),
            pct(right[1]),
            pct(agree)
        );
    }
    let pct = |v: u64, t: u64| 100.0 * v as f64 / t.max(1) as f64;
    println!(
        "\nAll good pictures ({good_total}): false rejects {:.1}% on the device, {:.1}% in the service.",
        pct(fr[0], good_total),
        pct(fr[1], good_total)
    );
    println!(
        "All bad pictures ({bad_total}; blur σ ≥ 3, glare r ≥ 30, no card): false accepts {:.1}% on the device, {:.1}% in the service.",
        pct(fa[0], bad_total),
        pct(fa[1], bad_total)
    );
    // The finder's cost per analysed frame (570x360), for the live loop's budget.
    let sample = prepare(&frame(&classes[0], 0).to_luma());
    let t = std::time::Instant::now();
    for _ in 0..20 {
        std::hint::black_box(kyc_quality::find_card(&sample));
    }
    println!(
        "find_card at {}x{}: {:.1} ms (native, release)",
        sample.width,
        sample.height,
        t.elapsed().as_secs_f64() * 50.0
    );
}
