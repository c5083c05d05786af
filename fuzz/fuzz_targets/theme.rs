//! The partner's theme: the contract's validation and sanitizing (`Theme::validate`,
//! `Theme::sanitize`) and the widget's use of the result (the font stack, the text color on
//! the primary color), from arbitrary fields and from arbitrary JSON.
//!
//! Properties: no panic; a sanitized theme always validates and sanitizes to itself; a theme
//! that validates is left as it is; each field is kept whole or dropped; no kept color or font
//! can leave its CSS value (no `;`, braces, quotes, angle brackets, backslash, control
//! characters, and a color's only `)` is its last character); no kept logo URL can leave its
//! attribute (no quotes, angle brackets, backslash, space or control characters).
#![no_main]

use arbitrary::Arbitrary;
use kyc_contract::{ColorScheme, Theme};
use kyc_widget::components::theme::{font_stack, on_primary};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    primary_color: Option<String>,
    background_color: Option<String>,
    text_color: Option<String>,
    corner_radius: Option<u32>,
    font_family: Option<String>,
    logo_url: Option<String>,
    dark: Option<bool>,
    json: Vec<u8>,
}

fn breaks_out(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_control() || matches!(c, ';' | '{' | '}' | '"' | '\'' | '<' | '>' | '\\'))
}

fn check(theme: &Theme) {
    let clean = theme.sanitize();
    assert_eq!(clean.validate(), Ok(()), "{clean:?}");
    assert_eq!(clean.sanitize(), clean);
    if theme.validate().is_ok() {
        assert_eq!(&clean, theme);
    }
    let kept_or_dropped = |a: &Option<String>, b: &Option<String>| b.is_none() || a == b;
    assert!(kept_or_dropped(&theme.primary_color, &clean.primary_color));
    assert!(kept_or_dropped(&theme.background_color, &clean.background_color));
    assert!(kept_or_dropped(&theme.text_color, &clean.text_color));
    assert!(kept_or_dropped(&theme.font_family, &clean.font_family));
    assert!(kept_or_dropped(&theme.logo_url, &clean.logo_url));
    assert!(clean.corner_radius.is_none() || clean.corner_radius == theme.corner_radius);
    for color in [&clean.primary_color, &clean.background_color, &clean.text_color]
        .into_iter()
        .flatten()
    {
        let color = color.trim();
        assert!(!breaks_out(color), "{color:?}");
        assert!(!color.trim_end_matches(')').contains(')'), "{color:?}");
        let _ = on_primary(color);
    }
    if let Some(font) = &clean.font_family {
        let stack = font_stack(font);
        assert!(
            !breaks_out(&stack) && !stack.contains('(') && !stack.contains(')'),
            "{stack:?}"
        );
    }
    if let Some(logo) = &clean.logo_url {
        let leaves_attribute = logo
            .chars()
            .any(|c| c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '\\' | ' '));
        assert!(!leaves_attribute, "{logo:?}");
        assert!(
            logo.starts_with("https://") || logo.starts_with("data:image/"),
            "{logo:?}"
        );
    }
}

fuzz_target!(|input: Input| {
    let theme = Theme {
        primary_color: input.primary_color,
        background_color: input.background_color,
        text_color: input.text_color,
        corner_radius: input.corner_radius,
        font_family: input.font_family,
        logo_url: input.logo_url,
        color_scheme: input
            .dark
            .map(|d| if d { ColorScheme::Dark } else { ColorScheme::Light }),
    };
    check(&theme);
    if let Some(color) = &theme.primary_color {
        let _ = on_primary(color);
    }
    if let Ok(theme) = serde_json::from_slice::<Theme>(&input.json) {
        check(&theme);
    }
});
