//! A QR code drawn as one SVG path (black modules on white, whatever the theme),
//! so it is made in the widget with no image renderer and no markup strings.

use leptos::prelude::*;
use qrcodegen::{QrCode, QrCodeEcc};

/// Light modules around the code, as the QR specification asks.
const QUIET_ZONE: usize = 4;

/// The code of `text` as `(side, d)`: the side of the square in modules (quiet zone
/// included) and an SVG path that fills every dark module, one rectangle per run of
/// dark modules in a row. `None` when the text does not fit in a QR code.
pub fn qr_path(text: &str) -> Option<(usize, String)> {
    // Byte mode, medium error correction, raised when it fits in the same version.
    let code = QrCode::encode_binary(text.as_bytes(), QrCodeEcc::Medium).ok()?;
    let width = usize::try_from(code.size()).ok()?;
    let dark = |x: usize, y: usize| code.get_module(x as i32, y as i32);
    let mut d = String::with_capacity(width * width);
    for y in 0..width {
        let mut x = 0;
        while x < width {
            if dark(x, y) {
                let start = x;
                while x < width && dark(x, y) {
                    x += 1;
                }
                let run = x - start;
                d.push_str(&format!(
                    "M{} {}h{run}v1h-{run}z",
                    start + QUIET_ZONE,
                    y + QUIET_ZONE
                ));
            } else {
                x += 1;
            }
        }
    }
    Some((width + 2 * QUIET_ZONE, d))
}

/// `text` as a QR code (`role="img"` with `label` as its accessible name); nothing
/// when it does not fit.
#[component]
pub fn QrCodeSvg(
    /// What the code holds.
    #[prop(into)]
    text: String,
    /// The accessible name of the picture.
    label: &'static str,
) -> impl IntoView {
    qr_path(&text).map(|(side, d)| {
        view! {
            <svg
                xmlns="http://www.w3.org/2000/svg"
                class="kyc-qr"
                data-testid="handoff-qr"
                role="img"
                aria-label=label
                viewBox=format!("0 0 {side} {side}")
                shape-rendering="crispEdges"
            >
                <rect width=side.to_string() height=side.to_string() fill="#ffffff"></rect>
                <path d=d fill="#000000"></path>
            </svg>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_gives_a_square_with_a_quiet_zone_and_dark_runs() {
        let (side, d) = qr_path("http://127.0.0.1:8080/#sid=ses_abc&t=0123456789abcdef").expect("a QR code");
        // Version 3..=6 for a link of this length, plus 4 modules each side.
        assert!((29 + 8..=41 + 8).contains(&side), "{side}");
        assert!(d.starts_with("M4 4h7v1h-7z"), "the top-left finder: {}", &d[..20]);
        assert!(d.matches('M').count() > 50);
    }

    #[test]
    fn too_much_text_gives_nothing() {
        assert!(qr_path(&"x".repeat(5000)).is_none());
    }
}
