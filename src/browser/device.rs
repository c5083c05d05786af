//! What the widget tells the service about the device (browser, OS, type, camera).

use wasm_bindgen::JsValue;

/// Browser, OS and device type read from a user-agent string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserAgent {
    /// `Chrome`, `Safari`, `Firefox`, `Edge`, `Samsung Internet`, `Opera`.
    pub browser: Option<String>,
    /// The browser's version (`124.0.6367.82`).
    pub browser_version: Option<String>,
    /// `Android`, `iOS`, `Windows`, `macOS`, `ChromeOS`, `Linux`.
    pub os: Option<String>,
    /// The OS version (`14`, `17.4`, `10.15.7`).
    pub os_version: Option<String>,
    /// A phone or tablet.
    pub mobile: bool,
    /// The device model when the user agent gives it (`Pixel 7`, `iPhone`).
    pub model: Option<String>,
    /// The manufacturer when it is certain (`Apple`).
    pub manufacturer: Option<String>,
}

/// The version that follows `marker` (`"Chrome/"`) in `ua`: digits and dots.
fn version_after(ua: &str, marker: &str) -> Option<String> {
    let start = ua.find(marker)? + marker.len();
    let v: String = ua[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let v = v.trim_end_matches('.').to_owned();
    (!v.is_empty()).then_some(v)
}

/// Like [`version_after`], reading `_` as `.` (`iPhone OS 17_4_1`).
fn underscore_version_after(ua: &str, marker: &str) -> Option<String> {
    let start = ua.find(marker)? + marker.len();
    let v: String = ua[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == '_')
        .map(|c| if c == '_' { '.' } else { c })
        .collect();
    let v = v.trim_end_matches('.').to_owned();
    (!v.is_empty()).then_some(v)
}

/// Parses the usual user-agent shapes (simple substring rules, no regex).
pub fn parse_user_agent(ua: &str) -> UserAgent {
    let mut out = UserAgent::default();
    let browsers: [(&str, &str); 10] = [
        ("EdgA/", "Edge"),
        ("EdgiOS/", "Edge"),
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("SamsungBrowser/", "Samsung Internet"),
        ("CriOS/", "Chrome"),
        ("FxiOS/", "Firefox"),
        ("Firefox/", "Firefox"),
        ("HeadlessChrome/", "Chrome Headless"),
        ("Chrome/", "Chrome"),
    ];
    if let Some((marker, name)) = browsers.iter().find(|(m, _)| ua.contains(m)) {
        out.browser = Some((*name).to_owned());
        out.browser_version = version_after(ua, marker);
    } else if ua.contains("Safari/") || ua.contains("AppleWebKit/") {
        out.browser = Some("Safari".to_owned());
        out.browser_version = version_after(ua, "Version/");
    }

    if ua.contains("iPhone") || ua.contains("iPad") || ua.contains("iPod") {
        out.os = Some("iOS".to_owned());
        out.os_version = underscore_version_after(ua, "OS ");
        out.mobile = true;
        out.manufacturer = Some("Apple".to_owned());
        out.model = ["iPhone", "iPad", "iPod"]
            .iter()
            .find(|m| ua.contains(*m))
            .map(|m| (*m).to_owned());
    } else if ua.contains("Android") {
        out.os = Some("Android".to_owned());
        out.os_version = version_after(ua, "Android ");
        out.mobile = true;
        // "Linux; Android 14; Pixel 7 Build/..." or the reduced "Android 10; K".
        if let Some(start) = ua.find("Android") {
            let rest = &ua[start..];
            let end = rest.find(')').unwrap_or(rest.len());
            let model = rest[..end]
                .split(';')
                .nth(1)
                .map(|m| m.split(" Build/").next().unwrap_or(m).trim().to_owned())
                .filter(|m| !m.is_empty() && m != "K" && m != "wv");
            out.model = model;
        }
    } else if ua.contains("Windows") {
        out.os = Some("Windows".to_owned());
        out.os_version = version_after(ua, "Windows NT ");
    } else if ua.contains("CrOS") {
        out.os = Some("ChromeOS".to_owned());
    } else if ua.contains("Mac OS X") || ua.contains("Macintosh") {
        out.os = Some("macOS".to_owned());
        out.os_version = underscore_version_after(ua, "Mac OS X ");
    } else if ua.contains("Linux") {
        out.os = Some("Linux".to_owned());
    }
    if ua.contains("Mobi") {
        out.mobile = true;
    }
    out
}

fn user_agent() -> Option<(String, bool)> {
    let navigator = web_sys::window()?.navigator();
    let ua = navigator.user_agent().ok()?;
    // iPadOS presents itself as a Mac; a touch screen tells them apart.
    let touch_mac = ua.contains("Macintosh") && navigator.max_touch_points() > 1;
    Some((ua, touch_mac))
}

/// Browser, OS and platform from the user agent, type `mobile` or `desktop`, and the
/// camera's label as `used_camera` (the device list needs a permission and an await, so it
/// stays empty).
pub fn device_info(camera_label: Option<String>) -> kyc_contract::DeviceInfo {
    let (ua, touch_mac) = user_agent().unwrap_or_default();
    let mut parsed = parse_user_agent(&ua);
    if touch_mac {
        parsed.os = Some("iOS".to_owned());
        parsed.os_version = None;
        parsed.mobile = true;
        parsed.model = Some("iPad".to_owned());
        parsed.manufacturer = Some("Apple".to_owned());
    }
    let label = camera_label.filter(|l| !l.trim().is_empty());
    kyc_contract::DeviceInfo {
        model: parsed.model,
        device_type: Some(if parsed.mobile { "mobile" } else { "desktop" }.to_owned()),
        manufacturer: parsed.manufacturer,
        os: parsed.os,
        os_version: parsed.os_version,
        browser: parsed.browser,
        browser_version: parsed.browser_version,
        used_camera: label.map(|l| kyc_contract::CameraInfo { label: Some(l) }),
        cameras: Vec::new(),
    }
}

/// True in a secure context (https or localhost), where browsers offer the camera.
pub fn is_secure_context() -> bool {
    web_sys::window().map(|w| w.is_secure_context()).unwrap_or(false)
}

/// True when `navigator.mediaDevices.getUserMedia` exists (it is missing in insecure
/// contexts and in old or locked-down browsers).
pub fn has_camera_api() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let devices = js_sys::Reflect::get(&window.navigator(), &JsValue::from_str("mediaDevices"))
        .unwrap_or(JsValue::UNDEFINED);
    if devices.is_undefined() || devices.is_null() {
        return false;
    }
    js_sys::Reflect::get(&devices, &JsValue::from_str("getUserMedia"))
        .map(|f| f.is_function())
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn android_chrome() {
        let ua = "Mozilla/5.0 (Linux; Android 14; Pixel 7 Build/UQ1A.240205.004) AppleWebKit/537.36 \
                  (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36";
        let p = parse_user_agent(ua);
        assert_eq!(p.browser.as_deref(), Some("Chrome"));
        assert_eq!(p.browser_version.as_deref(), Some("124.0.6367.82"));
        assert_eq!(p.os.as_deref(), Some("Android"));
        assert_eq!(p.os_version.as_deref(), Some("14"));
        assert_eq!(p.model.as_deref(), Some("Pixel 7"));
        assert!(p.mobile);
    }

    #[test]
    fn reduced_android_ua_has_no_model() {
        let ua = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) \
                  Chrome/125.0.0.0 Mobile Safari/537.36";
        let p = parse_user_agent(ua);
        assert_eq!(p.model, None);
        assert_eq!(p.os_version.as_deref(), Some("10"));
    }

    #[test]
    fn iphone_safari() {
        let ua = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 \
                  (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1";
        let p = parse_user_agent(ua);
        assert_eq!(p.browser.as_deref(), Some("Safari"));
        assert_eq!(p.browser_version.as_deref(), Some("17.4.1"));
        assert_eq!(p.os.as_deref(), Some("iOS"));
        assert_eq!(p.os_version.as_deref(), Some("17.4.1"));
        assert_eq!(p.manufacturer.as_deref(), Some("Apple"));
        assert!(p.mobile);
    }

    #[test]
    fn iphone_chrome_and_samsung() {
        let ua = "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 \
                  (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1";
        let p = parse_user_agent(ua);
        assert_eq!(p.browser.as_deref(), Some("Chrome"));
        assert_eq!(p.os_version.as_deref(), Some("16.6"));
        let ua = "Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) \
                  SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36";
        let p = parse_user_agent(ua);
        assert_eq!(p.browser.as_deref(), Some("Samsung Internet"));
        assert_eq!(p.browser_version.as_deref(), Some("23.0"));
        assert_eq!(p.model.as_deref(), Some("SM-S911B"));
    }

    #[test]
    fn desktops() {
        let ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) \
                  Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.67";
        let p = parse_user_agent(ua);
        assert_eq!(p.browser.as_deref(), Some("Edge"));
        assert_eq!(p.browser_version.as_deref(), Some("124.0.2478.67"));
        assert_eq!(p.os.as_deref(), Some("Windows"));
        assert_eq!(p.os_version.as_deref(), Some("10.0"));
        assert!(!p.mobile);
        let ua = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) \
                  Version/17.4 Safari/605.1.15";
        let p = parse_user_agent(ua);
        assert_eq!(p.browser.as_deref(), Some("Safari"));
        assert_eq!(p.os.as_deref(), Some("macOS"));
        assert_eq!(p.os_version.as_deref(), Some("10.15.7"));
        let ua = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0";
        let p = parse_user_agent(ua);
        assert_eq!(p.browser.as_deref(), Some("Firefox"));
        assert_eq!(p.os.as_deref(), Some("Linux"));
        assert!(!p.mobile);
        let p = parse_user_agent("");
        assert_eq!(p, UserAgent::default());
    }
}
