//! Component tests in headless Chromium for the cross-device handoff screens and
//! the theme on the widget's root.
#![cfg(target_arch = "wasm32")]

use kyc_contract::{ColorScheme, ImageType, SessionStatus, Theme};
use kyc_widget::components::{FinalScreen, HandoffScreen, Widget};
use kyc_widget::i18n::{Lang, Msg};
use kyc_widget::runtime::Runtime;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod support;
use support::{by_testid, host, settle};

wasm_bindgen_test_configure!(run_in_browser);

const LINK: &str = "http://127.0.0.1:8080/#sid=ses_1&t=abcdef0123456789";

#[wasm_bindgen_test]
async fn the_handoff_screen_shows_the_qr_code_the_link_and_the_progress() {
    let root = host();
    let uploads = RwSignal::new(0);
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <HandoffScreen
                link=Some(LINK.to_owned())
                failed=false
                progress=vec![(ImageType::DocumentFront, true), (ImageType::Selfie, false)]
                on_retry=|_| {}
                on_upload=move |_| uploads.update(|n| *n += 1)
            />
        }
    });
    settle().await;
    let qr = by_testid(&root, "handoff-qr").expect("the QR code");
    assert_eq!(qr.namespace_uri().as_deref(), Some("http://www.w3.org/2000/svg"));
    let path = qr.query_selector("path").ok().flatten().expect("one path");
    let d = path.get_attribute("d").unwrap_or_default();
    assert!(d.starts_with("M4 4h7v1h-7z"), "the finder pattern: {d:.40}");
    let (side, expected) = kyc_widget::components::qr_path(LINK).expect("fits");
    assert_eq!(d, expected);
    assert_eq!(qr.get_attribute("viewBox"), Some(format!("0 0 {side} {side}")));
    let input: web_sys::HtmlInputElement = by_testid(&root, "handoff-link").expect("link").unchecked_into();
    assert_eq!(input.value(), LINK);
    assert!(by_testid(&root, "handoff-copy").is_some());
    let done = |t: &str| {
        root.query_selector(&format!(
            "[data-testid=\"handoff-progress\"] li[data-image-type=\"{t}\"]"
        ))
        .ok()
        .flatten()
        .and_then(|e| e.get_attribute("data-done"))
    };
    assert_eq!(done("document_front").as_deref(), Some("true"));
    assert_eq!(done("selfie").as_deref(), Some("false"));
    assert_eq!(done("document_back"), None);
    by_testid(&root, "use-upload-instead")
        .expect("the upload alternative")
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    settle().await;
    assert_eq!(uploads.get_untracked(), 1);
}

#[wasm_bindgen_test]
async fn a_failed_handoff_offers_a_retry() {
    let root = host();
    let retries = RwSignal::new(0);
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <HandoffScreen
                link=None
                failed=true
                progress=vec![(ImageType::DocumentFront, false)]
                on_retry=move |_| retries.update(|n| *n += 1)
                on_upload=|_| {}
            />
        }
    });
    settle().await;
    assert!(by_testid(&root, "handoff-qr").is_none());
    let error = by_testid(&root, "handoff-error").expect("the error");
    assert_eq!(
        error.text_content().as_deref(),
        Some(Lang::En.text(Msg::HandoffFailed))
    );
    by_testid(&root, "handoff-retry")
        .expect("retry")
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    settle().await;
    assert_eq!(retries.get_untracked(), 1);
}

#[wasm_bindgen_test]
async fn the_phones_final_screen_sends_the_customer_back_to_the_computer() {
    let root = host();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <FinalScreen
                status=SessionStatus::Complete
                redirect_url=None
                in_iframe=false
                handoff=true
                on_redirect_now=|_| {}
            />
        }
    });
    settle().await;
    let back = by_testid(&root, "handoff-return").expect("the return message");
    assert_eq!(
        back.text_content().as_deref(),
        Some(Lang::En.text(Msg::HandoffReturn))
    );
    assert!(by_testid(&root, "redirect-countdown").is_none());
}

#[wasm_bindgen_test]
async fn the_theme_sets_custom_properties_and_the_fixed_scheme_on_the_root() {
    let root = host();
    let rt = Runtime::new(false);
    let hostile = Theme {
        primary_color: Some("#ffd400".into()),
        background_color: Some("red;}body{display:none".into()),
        corner_radius: Some(6),
        logo_url: Some("https://partner.example/logo.png".into()),
        color_scheme: Some(ColorScheme::Dark),
        ..Theme::default()
    };
    rt.theme.set(Some(hostile.sanitize()));
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(rt);
        view! { <Widget/> }
    });
    settle().await;
    let el: web_sys::HtmlElement = root
        .query_selector(".kyc-root")
        .ok()
        .flatten()
        .expect("the root")
        .unchecked_into();
    assert_eq!(el.get_attribute("data-theme").as_deref(), Some("dark"));
    let style = el.style();
    assert_eq!(
        style.get_property_value("--kyc-primary").ok().as_deref(),
        Some("#ffd400")
    );
    assert_eq!(
        style.get_property_value("--kyc-on-primary").ok().as_deref(),
        Some("#000000")
    );
    assert_eq!(
        style.get_property_value("--kyc-radius").ok().as_deref(),
        Some("6px")
    );
    assert_eq!(
        style.get_property_value("--kyc-bg").ok().as_deref(),
        Some(""),
        "dropped"
    );
    let logo = el
        .query_selector("header img[data-testid=\"partner-logo\"]")
        .ok()
        .flatten()
        .expect("the logo in the header");
    assert_eq!(logo.get_attribute("alt").as_deref(), Some(""));
}
