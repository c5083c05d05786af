//! Running inside a partner's iframe: detection and events to the parent page.

use super::js_error_text;

/// True when the widget runs in a frame (its window is not the top window).
pub fn in_iframe() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    match window.top() {
        Ok(Some(top)) => !js_sys::Object::is(&top, &window),
        // `top` unreadable: only a frame can be in that situation.
        Ok(None) | Err(_) => true,
    }
}

/// Why an event could not be posted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmbedError {
    /// The widget is not in a frame: there is no parent to post to.
    NoParent,
    /// The event could not be turned into a message.
    Serialize(String),
    /// `postMessage` threw (for example an origin that is not a valid URL).
    Post(String),
}

/// True for an origin the widget may post to: `"*"` and empty strings are never used.
pub fn is_postable_origin(origin: &str) -> bool {
    let o = origin.trim();
    !o.is_empty() && o != "*"
}

/// Posts `event` (as a plain object `{source: "kyc-widget", type, session_id, ...}`) to
/// `window.parent` once for each allowed origin, never to `"*"`. The browser silently drops
/// the message for every origin that is not the parent's, which is the point: only a page of
/// the session's `allowed_origins` receives it. With no allowed origin nothing is posted.
///
/// Every origin is tried; the last failure (if any) is returned.
pub fn post_event(event: &kyc_contract::WidgetEvent, allowed_origins: &[String]) -> Result<(), EmbedError> {
    if !in_iframe() {
        return Err(EmbedError::NoParent);
    }
    let parent = web_sys::window()
        .and_then(|w| w.parent().ok().flatten())
        .ok_or(EmbedError::NoParent)?;
    let json = serde_json::to_string(event).map_err(|e| EmbedError::Serialize(e.to_string()))?;
    let message = js_sys::JSON::parse(&json).map_err(|e| EmbedError::Serialize(js_error_text(&e)))?;
    let mut result = Ok(());
    for origin in allowed_origins
        .iter()
        .map(|o| o.trim())
        .filter(|o| is_postable_origin(o))
    {
        if let Err(e) = parent.post_message(&message, origin) {
            result = Err(EmbedError::Post(js_error_text(&e)));
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_star() {
        assert!(!is_postable_origin("*"));
        assert!(!is_postable_origin(" * "));
        assert!(!is_postable_origin(""));
        assert!(is_postable_origin("https://partner.example"));
    }
}
