//! IndexedDB: the pictures being sent, kept on the device so that a reload in the middle of
//! an upload can send them again.
//!
//! One database (`kyc-widget`) with one object store (`held`); a record per session and
//! picture, keyed `"{session id}/{image type}"`, holding what the upload needs: `id` (the
//! `image_id`), `jpeg` (the bytes) and `margins` (`[top, bottom, left, right]`, absent for a
//! chosen file). Every call opens the database, waits for its transaction to commit and
//! closes it: a picture is written once per upload, so nothing is worth keeping open.
//! Where IndexedDB cannot be used (some private modes, blocked storage) every call fails
//! with [`StorageError::Unavailable`] and the caller keeps the picture in memory only.

use js_sys::{Array, Float64Array, Object, Promise, Reflect, Uint8Array};
use kyc_contract::{CaptureMargins, ImageType};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbRequest, IdbTransaction, IdbTransactionMode};

use super::storage::StorageError;
use super::{js_error_name, js_error_text};

const DATABASE: &str = "kyc-widget";
const STORE: &str = "held";

/// A picture kept for its upload.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPicture {
    /// The id every try of its upload carries.
    pub image_id: String,
    /// The contract's `capture_margins`, when cropped from a camera frame.
    pub capture_margins: Option<CaptureMargins>,
    /// The JPEG bytes.
    pub jpeg: Vec<u8>,
}

fn key(session_id: &str, image: ImageType) -> JsValue {
    JsValue::from(format!("{session_id}/{}", image.as_str()))
}

fn error(err: JsValue) -> StorageError {
    match js_error_name(&err).as_deref() {
        Some("QuotaExceededError") => StorageError::QuotaExceeded,
        Some("SecurityError" | "InvalidStateError") => StorageError::Unavailable,
        _ => StorageError::Other(js_error_text(&err)),
    }
}

/// The result of `request` once it succeeds (its `error` when it fails).
async fn finished(request: &IdbRequest) -> Result<JsValue, StorageError> {
    let done = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    match JsFuture::from(done).await {
        Ok(_) => request.result().map_err(error),
        Err(e) => Err(error(request.error().ok().flatten().map_or(e, JsValue::from))),
    }
}

/// Waits until `tx` has committed.
async fn committed(tx: &IdbTransaction) -> Result<(), StorageError> {
    let done = Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onerror(Some(&reject));
        tx.set_onabort(Some(&reject));
    });
    match JsFuture::from(done).await {
        Ok(_) => Ok(()),
        Err(e) => Err(error(tx.error().map_or(e, JsValue::from))),
    }
}

/// Opens the database (creating its store the first time).
async fn open() -> Result<IdbDatabase, StorageError> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or(StorageError::Unavailable)?;
    let request = factory.open_with_u32(DATABASE, 1).map_err(error)?;
    let upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(|event: web_sys::Event| {
        let db = event
            .target()
            .and_then(|t| t.dyn_into::<IdbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|db| db.dyn_into::<IdbDatabase>().ok());
        if let Some(db) = db {
            let _ = db.create_object_store(STORE);
        }
    });
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let db = finished(&request).await;
    request.set_onupgradeneeded(None);
    db?.dyn_into::<IdbDatabase>()
        .map_err(|_| StorageError::Unavailable)
}

/// Runs `work` on the store in one transaction and waits for it to commit.
async fn with_store<T>(
    mode: IdbTransactionMode,
    work: impl AsyncFnOnce(&IdbObjectStore) -> Result<T, StorageError>,
) -> Result<T, StorageError> {
    let db = open().await?;
    let result = async {
        let tx = db.transaction_with_str_and_mode(STORE, mode).map_err(error)?;
        let store = tx.object_store(STORE).map_err(error)?;
        let value = work(&store).await?;
        committed(&tx).await?;
        Ok(value)
    }
    .await;
    db.close();
    result
}

/// Keeps `picture` as the `image` of `session_id` (replacing the one kept), once committed.
pub async fn put(session_id: &str, image: ImageType, picture: &StoredPicture) -> Result<(), StorageError> {
    let record = Object::new();
    let set =
        |name: &str, value: &JsValue| Reflect::set(&record, &JsValue::from_str(name), value).map_err(error);
    set("id", &JsValue::from_str(&picture.image_id))?;
    set("jpeg", &Uint8Array::from(picture.jpeg.as_slice()))?;
    if let Some(m) = picture.capture_margins {
        set(
            "margins",
            &Float64Array::from([m.top, m.bottom, m.left, m.right].as_slice()),
        )?;
    }
    with_store(IdbTransactionMode::Readwrite, async |store| {
        store
            .put_with_key(&record, &key(session_id, image))
            .map_err(error)?;
        Ok(())
    })
    .await
}

/// The record as a picture; `None` when it is not one.
fn picture(record: &JsValue) -> Option<StoredPicture> {
    let field = |name: &str| Reflect::get(record, &JsValue::from_str(name)).ok();
    let image_id = field("id")?.as_string()?;
    let jpeg = field("jpeg")?.dyn_into::<Uint8Array>().ok()?.to_vec();
    let capture_margins = match field("margins")?.dyn_into::<Float64Array>() {
        Ok(m) => match m.to_vec()[..] {
            [top, bottom, left, right] => Some(CaptureMargins {
                top,
                bottom,
                left,
                right,
            }),
            _ => return None,
        },
        Err(_) => None,
    };
    Some(StoredPicture {
        image_id,
        capture_margins,
        jpeg,
    })
}

/// Every picture kept for `session_id`, in capture order.
pub async fn pictures(session_id: &str) -> Result<Vec<(ImageType, StoredPicture)>, StorageError> {
    with_store(IdbTransactionMode::Readonly, async |store| {
        let mut requests = Vec::new();
        for image in ImageType::ALL {
            requests.push((image, store.get(&key(session_id, image)).map_err(error)?));
        }
        let mut found = Vec::new();
        for (image, request) in requests {
            if let Some(p) = picture(&finished(&request).await?) {
                found.push((image, p));
            }
        }
        Ok(found)
    })
    .await
}

/// Removes the `images` of `session_id` (those not kept are no error).
pub async fn remove(session_id: &str, images: &[ImageType]) -> Result<(), StorageError> {
    with_store(IdbTransactionMode::Readwrite, async |store| {
        for &image in images {
            store.delete(&key(session_id, image)).map_err(error)?;
        }
        Ok(())
    })
    .await
}

/// Removes every picture kept for another session than `session_id` (a tab closed in the
/// middle of an upload leaves its picture behind: it goes when the widget next runs).
pub async fn remove_other_sessions(session_id: &str) -> Result<(), StorageError> {
    let own = format!("{session_id}/");
    with_store(IdbTransactionMode::Readwrite, async |store| {
        let keys = finished(&store.get_all_keys().map_err(error)?).await?;
        for k in Array::from(&keys).iter() {
            if !k.as_string().is_some_and(|k| k.starts_with(&own)) {
                store.delete(&k).map_err(error)?;
            }
        }
        Ok(())
    })
    .await
}
