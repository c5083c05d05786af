//! Component tests in headless Chromium: mount a screen (or the whole App) on a
//! fresh element, let the reactive system run, then read the DOM.
#![cfg(target_arch = "wasm32")]

use kyc_contract::{Feedback, ImageType, SessionStatus};
use kyc_widget::components::{
    CaptureScreen, ConsentScreen, FinalScreen, LinkErrorScreen, NoticeMessage, UploadingScreen,
};
use kyc_widget::flow::{LinkErrorKind, Notice};
use kyc_widget::i18n::{Lang, Msg};
use kyc_widget::runtime::session::SID_KEY;
use kyc_widget::runtime::Runtime;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod support;
use support::{by_testid, host, settle};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn without_a_link_the_app_shows_the_broken_link_screen() {
    let _ = web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .map(|s| s.remove_item(SID_KEY));
    let root = host();
    let _handle = leptos::mount::mount_to(root.clone(), kyc_widget::App);
    settle().await;
    let screen = by_testid(&root, "screen-link-error").expect("the link error screen");
    assert_eq!(screen.get_attribute("data-kind").as_deref(), Some("broken"));
    let text = screen.text_content().unwrap_or_default();
    assert!(text.contains(Lang::En.text(Msg::LinkBrokenTitle)), "{text}");
    assert!(by_testid(&root, "live-region").is_some());
}

#[wasm_bindgen_test]
async fn the_consent_screen_renders_its_button_and_reports_the_click() {
    let root = host();
    let clicked = RwSignal::new(0);
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <ConsentScreen
                missing=vec![ImageType::DocumentFront, ImageType::Selfie]
                sending=false
                failed=false
                on_accept=move |_| clicked.update(|n| *n += 1)
            />
        }
    });
    settle().await;
    assert!(by_testid(&root, "screen-consent").is_some());
    let button = by_testid(&root, "consent-accept").expect("the consent button");
    assert_eq!(
        button.text_content().as_deref(),
        Some(Lang::En.text(Msg::ConsentAccept))
    );
    button.unchecked_into::<web_sys::HtmlElement>().click();
    settle().await;
    assert_eq!(clicked.get_untracked(), 1);
}

#[wasm_bindgen_test]
async fn feedback_is_shown_as_text_never_as_html() {
    let root = host();
    let notice = Notice::Feedback {
        code: Feedback::Glare,
        custom: Some("<b>x</b>".into()),
    };
    let _handle = leptos::mount::mount_to(root.clone(), move || view! { <NoticeMessage notice=notice/> });
    settle().await;
    let msg = by_testid(&root, "feedback-message").expect("the feedback message");
    assert_eq!(msg.get_attribute("data-code").as_deref(), Some("glare"));
    let text = msg.text_content().unwrap_or_default();
    assert!(text.contains("Tilt the card away from the light"), "{text}");
    assert!(
        text.contains("<b>x</b>"),
        "custom feedback appears literally: {text}"
    );
    assert!(
        msg.query_selector("b").ok().flatten().is_none(),
        "no markup was injected"
    );
}

#[wasm_bindgen_test]
async fn the_capture_step_has_camera_shutter_and_upload_fallback() {
    let root = host();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(Runtime::new(false));
        view! { <CaptureScreen image=ImageType::Selfie notice=Some(Notice::Recapture) use_camera=true/> }
    });
    settle().await;
    let screen = by_testid(&root, "screen-capture").expect("the capture screen");
    assert_eq!(screen.get_attribute("data-image-type").as_deref(), Some("selfie"));
    assert!(by_testid(&root, "camera-video").is_some());
    assert!(by_testid(&root, "shutter").is_some());
    assert!(by_testid(&root, "recapture-message").is_some());
    assert!(by_testid(&root, "quality-hint").is_some());
    let input = by_testid(&root, "upload-input").expect("the file input");
    assert_eq!(input.get_attribute("type").as_deref(), Some("file"));
    assert_eq!(input.get_attribute("accept").as_deref(), Some("image/*"));
    assert_eq!(input.get_attribute("capture").as_deref(), Some("user"));
}

#[wasm_bindgen_test]
async fn the_upload_path_has_no_video_but_keeps_the_file_input() {
    let root = host();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(Runtime::new(false));
        view! { <CaptureScreen image=ImageType::DocumentBack notice=None use_camera=false/> }
    });
    settle().await;
    assert!(by_testid(&root, "camera-video").is_none());
    let input = by_testid(&root, "upload-input").expect("the file input");
    assert_eq!(input.get_attribute("capture").as_deref(), Some("environment"));
}

#[wasm_bindgen_test]
async fn each_capture_step_shows_its_own_number_of_the_pictures_asked_for() {
    use ImageType::{DocumentBack as Back, DocumentFront as Front, Selfie};
    // The front is in: `missing` has shrunk, the count has not.
    for (asked, missing, image, expected) in [
        (
            vec![Front, Back, Selfie],
            vec![Front, Back, Selfie],
            Front,
            "Step 1 of 3",
        ),
        (vec![Front, Back, Selfie], vec![Back, Selfie], Back, "Step 2 of 3"),
        (vec![Front, Back, Selfie], vec![Selfie], Selfie, "Step 3 of 3"),
        (vec![Front, Selfie], vec![Selfie], Selfie, "Step 2 of 2"),
    ] {
        let root = host();
        let _handle = leptos::mount::mount_to(root.clone(), move || {
            let rt = Runtime::new(false);
            rt.flow.update(|f| {
                f.asked = asked.clone();
                f.missing = missing.clone();
            });
            provide_context(rt);
            view! { <CaptureScreen image=image notice=None use_camera=false/> }
        });
        settle().await;
        let step = by_testid(&root, "step-of").expect("the step number");
        assert_eq!(step.text_content().as_deref(), Some(expected), "{image:?}");
    }
}

/// The shutter is offered once the flow hears that the video has a frame, and the attempts
/// left are shown from two down.
#[wasm_bindgen_test]
async fn the_shutter_waits_for_the_camera_and_few_attempts_are_shown() {
    let root = host();
    let rt = RwSignal::new(None::<Runtime>);
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        let runtime = Runtime::new(false);
        runtime.flow.update(|f| {
            f.step = kyc_widget::flow::Step::Capture {
                image: ImageType::DocumentFront,
                notice: None,
            };
            f.attempts_left = Some(3);
        });
        rt.set(Some(runtime));
        provide_context(runtime);
        view! { <CaptureScreen image=ImageType::DocumentFront notice=None use_camera=true/> }
    });
    settle().await;
    let shutter = by_testid(&root, "shutter").expect("the shutter");
    assert!(shutter.has_attribute("disabled"), "no frame yet");
    let attempts = by_testid(&root, "attempts-left").expect("the attempts left");
    assert!(attempts.has_attribute("hidden"), "three left: not shown");
    let runtime = rt.get_untracked().expect("the runtime");
    runtime.send(kyc_widget::flow::Event::CameraReady);
    runtime.flow.update(|f| f.attempts_left = Some(2));
    settle().await;
    assert!(!shutter.has_attribute("disabled"), "the video has a frame");
    assert!(!attempts.has_attribute("hidden"), "two left: shown");
    assert_eq!(attempts.text_content().as_deref(), Some("Tries left: 2"));
}

#[wasm_bindgen_test]
async fn link_error_screens_carry_their_kind() {
    for kind in LinkErrorKind::ALL {
        let root = host();
        let _handle = leptos::mount::mount_to(root.clone(), move || view! { <LinkErrorScreen kind=kind/> });
        settle().await;
        let screen = by_testid(&root, "screen-link-error").expect("screen");
        assert_eq!(screen.get_attribute("data-kind").as_deref(), Some(kind.as_str()));
    }
}

#[wasm_bindgen_test]
async fn the_final_screen_in_an_iframe_offers_no_redirect() {
    let root = host();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <FinalScreen
                status=SessionStatus::Complete
                redirect_url=Some("https://partner.example/cb".to_owned())
                in_iframe=true
                on_redirect_now=|_| {}
            />
        }
    });
    settle().await;
    let screen = by_testid(&root, "screen-final").expect("screen");
    assert_eq!(screen.get_attribute("data-status").as_deref(), Some("complete"));
    assert!(by_testid(&root, "redirect-now").is_none());
}

#[wasm_bindgen_test]
async fn the_final_screen_counts_down_with_a_button_to_go_now() {
    let root = host();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <FinalScreen
                status=SessionStatus::Complete
                redirect_url=Some("https://partner.example/cb".to_owned())
                in_iframe=false
                on_redirect_now=|_| {}
            />
        }
    });
    settle().await;
    assert!(by_testid(&root, "redirect-now").is_some());
    let countdown = by_testid(&root, "redirect-countdown").expect("countdown");
    assert!(countdown.text_content().unwrap_or_default().contains('5'));
}

#[wasm_bindgen_test]
async fn stalled_uploads_offer_a_retry() {
    let root = host();
    let retried = RwSignal::new(false);
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <UploadingScreen attempt=5 stalled=true on_retry=move |_| retried.set(true)/> }
    });
    settle().await;
    assert!(by_testid(&root, "upload-progress").is_none());
    by_testid(&root, "retry-upload")
        .expect("retry")
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    settle().await;
    assert!(retried.get_untracked());
}
