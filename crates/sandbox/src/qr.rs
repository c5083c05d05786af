//! QR codes of session links: SVG for the API, Unicode half blocks for the terminal.

use qrcode::render::{svg, unicode};
use qrcode::{EcLevel, QrCode};

fn code(text: &str) -> QrCode {
    QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .or_else(|_| QrCode::with_error_correction_level(text.as_bytes(), EcLevel::L))
        .expect("a session link fits in a QR code")
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
}
