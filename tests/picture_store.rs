//! The device's store of pictures being sent (IndexedDB) in headless Chromium: what it
//! keeps, per session and picture; what it removes; and that without IndexedDB (as in some
//! private modes) every call fails as unavailable instead of throwing.
#![cfg(target_arch = "wasm32")]

use js_sys::{Object, Reflect};
use kyc_contract::{CaptureMargins, ImageType};
use kyc_widget::browser::picture_store::{self, StoredPicture};
use kyc_widget::browser::storage::StorageError;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn picture(id: &str, margins: Option<CaptureMargins>, len: usize) -> StoredPicture {
    StoredPicture {
        image_id: id.to_owned(),
        capture_margins: margins,
        jpeg: (0..len).map(|i| (i * 7 % 256) as u8).collect(),
    }
}

const MARGINS: CaptureMargins = CaptureMargins {
    top: 0.1,
    bottom: 0.2,
    left: 12.0,
    right: 0.0,
};

#[wasm_bindgen_test]
async fn pictures_are_kept_per_session_and_type_until_removed() {
    let front = picture("f-1", Some(MARGINS), 400_000);
    let selfie = picture("s-1", None, 1_000);
    picture_store::put("store-a", ImageType::DocumentFront, &front)
        .await
        .expect("put");
    picture_store::put("store-a", ImageType::Selfie, &selfie)
        .await
        .expect("put");
    picture_store::put("store-b", ImageType::DocumentFront, &picture("f-b", None, 10))
        .await
        .expect("put");
    assert_eq!(
        picture_store::pictures("store-a").await.expect("read"),
        vec![
            (ImageType::DocumentFront, front.clone()),
            (ImageType::Selfie, selfie)
        ],
        "bytes, id and margins as kept, in capture order"
    );
    // The same picture again replaces it.
    let retaken = picture("f-2", None, 5);
    picture_store::put("store-a", ImageType::DocumentFront, &retaken)
        .await
        .expect("put");
    picture_store::remove("store-a", &[ImageType::Selfie, ImageType::DocumentBack])
        .await
        .expect("remove");
    assert_eq!(
        picture_store::pictures("store-a").await.expect("read"),
        vec![(ImageType::DocumentFront, retaken)]
    );
    assert_eq!(
        picture_store::pictures("store-b").await.expect("read").len(),
        1,
        "another session's are its own"
    );
    assert_eq!(picture_store::pictures("store-none").await.expect("read"), vec![]);
}

#[wasm_bindgen_test]
async fn other_sessions_pictures_are_removed_and_the_own_kept() {
    for sid in ["own", "other-1", "other-2", "own-but-longer"] {
        picture_store::put(sid, ImageType::DocumentBack, &picture(sid, None, 3))
            .await
            .expect("put");
    }
    picture_store::remove_other_sessions("own").await.expect("sweep");
    assert_eq!(picture_store::pictures("own").await.expect("read").len(), 1);
    for sid in ["other-1", "other-2", "own-but-longer", "store-a", "store-b"] {
        assert_eq!(picture_store::pictures(sid).await.expect("read"), vec![], "{sid}");
    }
    picture_store::remove("own", &ImageType::ALL)
        .await
        .expect("remove");
    assert_eq!(picture_store::pictures("own").await.expect("read"), vec![]);
}

#[wasm_bindgen_test]
async fn without_indexeddb_every_call_fails_as_unavailable() {
    let window: JsValue = web_sys::window().expect("a window").into();
    let name = JsValue::from_str("indexedDB");
    let original = Object::get_own_property_descriptor(&Object::from(window.clone()), &name);
    let none = Object::new();
    Reflect::set(&none, &JsValue::from_str("value"), &JsValue::UNDEFINED).expect("descriptor");
    Reflect::set(&none, &JsValue::from_str("configurable"), &JsValue::TRUE).expect("descriptor");
    Object::define_property(&Object::from(window.clone()), &name, &none);
    let put = picture_store::put("gone", ImageType::Selfie, &picture("x", None, 3)).await;
    let read = picture_store::pictures("gone").await;
    let remove = picture_store::remove("gone", &ImageType::ALL).await;
    // Put IndexedDB back before asserting (the other tests of this page need it).
    if original.is_undefined() {
        Reflect::delete_property(&Object::from(window), &name).expect("restore");
    } else {
        Object::define_property(&Object::from(window), &name, &Object::from(original));
    }
    assert_eq!(put, Err(StorageError::Unavailable));
    assert_eq!(read, Err(StorageError::Unavailable));
    assert_eq!(remove, Err(StorageError::Unavailable));
}
