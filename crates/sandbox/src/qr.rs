//! QR codes of session links: SVG for the API, Unicode half blocks for the terminal.

use qrcode::render::{svg, unicode};
use qrcode::{EcLevel, QrCode};

/// The longest session id and token a session link carries (both are shorter).
const LINK_ID_MAX: usize = 64;

/// Whether every session link under `public_url` fits in a QR code: checked
/// when the service opens, so that drawing one never fails.
pub fn check_fits(public_url: &str) -> Result<(), String> {
    let filler = "x".repeat(LINK_ID_MAX);
    let suffix = format!("/#sid={filler}&t={filler}");
    let longest = format!("{}{suffix}", public_url.trim_end_matches('/'));
    match QrCode::with_error_correction_level(longest.as_bytes(), EcLevel::L) {
        Ok(_) => Ok(()),
        Err(_) => Err(format!(
            "a session link under this URL ({} characters) is too long for a QR code: \
             use a URL of at most about {} characters",
            public_url.len(),
            QR_MAX_BYTES.saturating_sub(suffix.len())
        )),
    }
}

/// What the largest QR code (version 40, error correction L) holds, in bytes.
const QR_MAX_BYTES: usize = 2953;

fn code(text: &str) -> QrCode {
    QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .or_else(|_| QrCode::with_error_correction_level(text.as_bytes(), EcLevel::L))
        .expect("a session link fits in a QR code: Service::open ran qr::check_fits on its base")
}
/// The link as a standalone SVG document.
pub fn svg(text: &str) -> String {
    code(text)
        .render::<svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build()
}

/// The link as lines of Unicode half blocks (light modules drawn, for dark terminals).
pub fn terminal(text: &str) -> String {
    code(text)
        .render::<unicode::Dense1x2>()
        .dark_color(unicode::Dense1x2::Light)
        .light_color(unicode::Dense1x2::Dark)
        .quiet_zone(true)
        .build()
}

#[cfg(test)]
mod tests {
    #[test]
    fn renders() {
        let s = super::svg("http://127.0.0.1:8080/#sid=a&t=b");
        assert!(s.contains("<svg"));
        assert!(super::terminal("x").lines().count() > 5);
    }

    #[test]
    fn a_base_url_is_checked_against_the_longest_link() {
        assert_eq!(super::check_fits("http://127.0.0.1:8080"), Ok(()));
        let long = format!("https://example.com/{}", "a".repeat(2800));
        let err = super::check_fits(&long).unwrap_err();
        assert!(err.contains("too long for a QR code"), "{err}");
        // The advertised maximum works, one more character does not.
        let max: usize = err
            .split("at most about ")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let at_max = format!("https://e.com/{}", "a".repeat(max - 14));
        assert_eq!(super::check_fits(&at_max), Ok(()));
        assert!(super::check_fits(&format!("{at_max}a")).is_err());
    }
}
