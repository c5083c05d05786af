//! The partner's theme as CSS custom properties on the widget's root.
//!
//! The service validates the session's `theme`; the runtime checks each field again
//! with the same rules (`Theme::sanitize`)
//! and drops what does not pass (a theme saved in the tab, a service of another
//! version), so nothing but a color, a length, a font list or an image URL ever
//! reaches the page. Values are set through the CSSOM (`style:` directives), never
//! as a `style="..."` string, so a strict Content-Security-Policy holds.

use kyc_contract::{ColorScheme, Theme};

/// `--kyc-font`: the partner's fonts, then the system font as the fallback.
pub fn font_stack(family: &str) -> String {
    format!("{}, system-ui, sans-serif", family.trim().trim_end_matches(','))
}

/// `--kyc-on-primary`: black or white text, whichever reads better on `primary`
/// (`#rgb`, `#rrggbb` with or without alpha, or `rgb()` with integers); `None` when it
/// cannot tell. Integer math with gamma 2 (no float parsing or `powf` in the wasm).
pub fn on_primary(primary: &str) -> Option<&'static str> {
    let (r, g, b) = rgb(primary.trim())?;
    // Relative luminance, scaled to 0..=1_000_000 (weights of WCAG 2, squared channels).
    let sq = |c: u8| u64::from(c) * u64::from(c);
    let l = (2126 * sq(r) + 7152 * sq(g) + 722 * sq(b)) / (255 * 255);
    let l = l * 100; // 0..=1_000_000
                     // White wins when (1.05) / (l + 0.05) >= (l + 0.05) / 0.05, i.e. (l + 0.05)^2 <= 0.0525.
    let lp = l + 50_000;
    Some(if lp * lp <= 52_500_000_000 {
        "#ffffff"
    } else {
        "#000000"
    })
}

fn rgb(s: &str) -> Option<(u8, u8, u8)> {
    if let Some(hex) = s.strip_prefix('#') {
        let digit = |i: usize, n: usize| u8::from_str_radix(hex.get(i..i + n)?, 16).ok();
        return match hex.len() {
            3 | 4 => Some((digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17)),
            6 | 8 => Some((digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)),
            _ => None,
        };
    }
    let args = s
        .strip_prefix("rgba(")
        .or_else(|| s.strip_prefix("rgb("))?
        .strip_suffix(')')?;
    let mut parts = args
        .split([',', ' ', '/'])
        .filter(|p| !p.is_empty())
        .map(|p| p.parse::<u8>().ok());
    Some((parts.next()??, parts.next()??, parts.next()??))
}

/// The root's `data-theme`: the session's fixed scheme, or `None` to follow
/// `prefers-color-scheme`.
pub fn scheme_attr(theme: Option<&Theme>) -> Option<&'static str> {
    match theme.and_then(|t| t.color_scheme) {
        Some(ColorScheme::Dark) => Some("dark"),
        Some(ColorScheme::Light) => Some("light"),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scheme_attribute_follows_the_sanitized_theme() {
        let t = Theme {
            background_color: Some("red;}body{x:url(//evil)".into()),
            color_scheme: Some(ColorScheme::Dark),
            ..Theme::default()
        };
        let s = t.sanitize();
        assert_eq!(s.background_color, None);
        assert_eq!(scheme_attr(Some(&s)), Some("dark"));
        let light = Theme {
            color_scheme: Some(ColorScheme::Light),
            ..Theme::default()
        };
        assert_eq!(scheme_attr(Some(&light)), Some("light"));
        assert_eq!(scheme_attr(Some(&Theme::default())), None);
        assert_eq!(scheme_attr(None), None);
    }

    #[test]
    fn text_on_the_primary_color_is_the_more_readable_of_black_and_white() {
        assert_eq!(on_primary("#0a55d6"), Some("#ffffff"));
        assert_eq!(on_primary("#ffd400"), Some("#000000"));
        assert_eq!(on_primary("#fff"), Some("#000000"));
        assert_eq!(on_primary("#000000ff"), Some("#ffffff"));
        assert_eq!(on_primary("rgb(200, 30, 40)"), Some("#ffffff"));
        assert_eq!(on_primary("rgba(250 250 200 / 0.5)"), Some("#000000"));
        assert_eq!(on_primary("rgb(50%, 0%, 0%)"), None);
        assert_eq!(on_primary("hsl(10, 50%, 50%)"), None);
    }

    #[test]
    fn the_font_stack_ends_with_the_system_font() {
        assert_eq!(font_stack("Inter"), "Inter, system-ui, sans-serif");
        assert_eq!(font_stack("Open Sans, "), "Open Sans, system-ui, sans-serif");
    }
}
