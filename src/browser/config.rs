//! Deployment configuration read from the page.

/// The `name` of the `<meta>` element that holds the API base.
pub const API_BASE_META: &str = "kyc-api-base";

/// Trims whitespace and trailing slashes from a configured API base.
pub fn normalize_api_base(raw: &str) -> String {
    raw.trim().trim_end_matches('/').to_owned()
}

/// The API base from `<meta name="kyc-api-base" content="...">` (deployment configuration),
/// without a trailing slash. Empty or missing means the widget's own origin: `""`.
/// Never taken from the session link.
pub fn api_base() -> String {
    let selector = format!("meta[name=\"{API_BASE_META}\"]");
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(&selector).ok().flatten())
        .and_then(|el| el.get_attribute("content"))
        .map(|c| normalize_api_base(&c))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes() {
        assert_eq!(normalize_api_base(""), "");
        assert_eq!(normalize_api_base("  "), "");
        assert_eq!(normalize_api_base("/"), "");
        assert_eq!(
            normalize_api_base("https://api.example.com/"),
            "https://api.example.com"
        );
        assert_eq!(normalize_api_base(" https://x.test/kyc// "), "https://x.test/kyc");
    }
}
