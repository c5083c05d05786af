//! The partner's look for the widget: its validation and sanitizing.

use serde::{Deserialize, Serialize};

/// Light or dark appearance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ColorScheme {
    /// Light backgrounds.
    Light,
    /// Dark backgrounds.
    Dark,
}

/// The partner's look for the widget (validated by the service, see [`Theme::validate`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Theme {
    /// Buttons and accents, a CSS color (`#0a5cff`, `rgb(...)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_color: Option<String>,
    /// Page background, a CSS color.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub background_color: Option<String>,
    /// Body text, a CSS color.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_color: Option<String>,
    /// Corner radius in CSS pixels (0..=32).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corner_radius: Option<u32>,
    /// A font family name (letters, digits, spaces, hyphens and commas).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub font_family: Option<String>,
    /// The partner's logo: an `https:` URL or a `data:image/...` URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    /// Fix light or dark; unset follows `prefers-color-scheme`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color_scheme: Option<ColorScheme>,
}

/// Largest `corner_radius`, in CSS pixels.
const MAX_CORNER_RADIUS: u32 = 32;

impl Theme {
    /// Checks every field so that nothing can inject markup, CSS or script.
    /// The error names the offending field.
    pub fn validate(&self) -> Result<(), String> {
        for (name, value) in [
            ("primary_color", &self.primary_color),
            ("background_color", &self.background_color),
            ("text_color", &self.text_color),
        ] {
            if value.as_deref().is_some_and(|v| !is_css_color(v)) {
                return Err(format!(
                    "theme.{name} must be a color like #0a5cff or rgb(10, 92, 255)"
                ));
            }
        }
        if self.corner_radius.is_some_and(|r| !is_corner_radius(r)) {
            return Err(format!(
                "theme.corner_radius must be between 0 and {MAX_CORNER_RADIUS}"
            ));
        }
        if self.font_family.as_deref().is_some_and(|f| !is_font_family(f)) {
            return Err("theme.font_family may hold only letters, digits, spaces, hyphens and commas".into());
        }
        if self.logo_url.as_deref().is_some_and(|u| !is_logo_url(u)) {
            return Err("theme.logo_url must be an https URL or a data:image URL".into());
        }
        Ok(())
    }

    /// The fields that pass [`Theme::validate`]'s checks; the others are dropped
    /// (for a theme that did not come straight from a validating service: one
    /// saved in the browser, or from a service of another version).
    pub fn sanitize(&self) -> Theme {
        let color = |c: &Option<String>| c.clone().filter(|c| is_css_color(c));
        Theme {
            primary_color: color(&self.primary_color),
            background_color: color(&self.background_color),
            text_color: color(&self.text_color),
            corner_radius: self.corner_radius.filter(|r| is_corner_radius(*r)),
            font_family: self.font_family.clone().filter(|f| is_font_family(f)),
            logo_url: self.logo_url.clone().filter(|u| is_logo_url(u)),
            color_scheme: self.color_scheme,
        }
    }
}

fn is_corner_radius(r: u32) -> bool {
    r <= MAX_CORNER_RADIUS
}

/// Font family names: letters, digits, spaces, hyphens and commas, not blank,
/// at most 100 bytes.
fn is_font_family(f: &str) -> bool {
    !f.trim().is_empty()
        && f.len() <= 100
        && f.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | ','))
}

/// `#rgb`, `#rrggbb`, `#rrggbbaa`, or `rgb()/rgba()/hsl()/hsla()` with numbers only.
fn is_css_color(s: &str) -> bool {
    let s = s.trim();
    if let Some(hex) = s.strip_prefix('#') {
        return matches!(hex.len(), 3 | 4 | 6 | 8) && hex.chars().all(|c| c.is_ascii_hexdigit());
    }
    for f in ["rgb(", "rgba(", "hsl(", "hsla("] {
        if let Some(rest) = s.strip_prefix(f) {
            if let Some(args) = rest.strip_suffix(')') {
                return !args.is_empty()
                    && args.len() <= 40
                    && args
                        .chars()
                        .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' ' | '%' | '/'));
            }
        }
    }
    false
}

/// An `https:` URL or a base64 `data:image/(png|jpeg|webp|gif)` URL, with nothing that
/// could leave an attribute (quotes, angle brackets, spaces, control characters).
fn is_logo_url(s: &str) -> bool {
    if s.len() > 200_000
        || s.chars()
            .any(|c| c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '\\' | ' '))
    {
        return false;
    }
    if let Some(rest) = s.strip_prefix("https://") {
        return !rest.is_empty() && !rest.starts_with('/');
    }
    [
        "data:image/png;base64,",
        "data:image/jpeg;base64,",
        "data:image/webp;base64,",
        "data:image/gif;base64,",
    ]
    .iter()
    .any(|p| s.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_keeps_valid_fields_and_drops_the_rest() {
        let t = Theme {
            primary_color: Some("#0a5cff".into()),
            background_color: Some("red;}body{x:url(//evil)".into()),
            text_color: Some("rgb(10, 20, 30)".into()),
            corner_radius: Some(99),
            font_family: Some("Inter\";x".into()),
            logo_url: Some("javascript:alert(1)".into()),
            color_scheme: Some(ColorScheme::Dark),
        };
        let s = t.sanitize();
        assert_eq!(s.primary_color.as_deref(), Some("#0a5cff"));
        assert_eq!(s.background_color, None);
        assert_eq!(s.text_color.as_deref(), Some("rgb(10, 20, 30)"));
        assert_eq!(s.corner_radius, None);
        assert_eq!(s.font_family, None);
        assert_eq!(s.logo_url, None);
        assert_eq!(s.color_scheme, Some(ColorScheme::Dark));
        let ok = Theme {
            corner_radius: Some(4),
            font_family: Some("Open Sans, sans-serif".into()),
            logo_url: Some("https://partner.example/logo.png".into()),
            ..Theme::default()
        };
        assert_eq!(ok.sanitize(), ok);
    }

    #[test]
    fn what_validate_refuses_sanitize_drops() {
        let refused = [
            Theme {
                primary_color: Some("expression(alert(1))".into()),
                ..Theme::default()
            },
            Theme {
                corner_radius: Some(MAX_CORNER_RADIUS + 1),
                ..Theme::default()
            },
            Theme {
                font_family: Some("   ".into()),
                ..Theme::default()
            },
            Theme {
                font_family: Some("x".repeat(101)),
                ..Theme::default()
            },
            Theme {
                logo_url: Some("https:///x".into()),
                ..Theme::default()
            },
        ];
        for t in refused {
            assert!(t.validate().is_err(), "{t:?} should be refused");
            assert_eq!(t.sanitize(), Theme::default(), "{t:?} should be dropped");
        }
        let accepted = Theme {
            primary_color: Some("#fff".into()),
            background_color: Some("rgba(0, 0, 0, 0.5)".into()),
            text_color: Some("hsl(0, 0%, 10%)".into()),
            corner_radius: Some(MAX_CORNER_RADIUS),
            font_family: Some("Inter".into()),
            logo_url: Some("data:image/webp;base64,AAAA".into()),
            color_scheme: Some(ColorScheme::Light),
        };
        assert_eq!(accepted.validate(), Ok(()));
        assert_eq!(accepted.sanitize(), accepted);
    }
}
