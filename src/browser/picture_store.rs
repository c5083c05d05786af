//! IndexedDB: the pictures being sent, kept on the device so that a reload in the middle of
//! an upload can send them again.
//!
//! One database (`kyc-widget`) with one object store (`held`); a record per session and
//! picture, keyed `"{session id}/{image type}"`, holding what the upload needs as an array
//! `[image_id, jpeg bytes, margins]` (`margins`: `[top, bottom, left, right]`, absent for
//! a chosen file). Every call opens the database, waits for its transaction to commit and
//! closes it: a picture is written once per upload, so nothing is worth keeping open.
//! Where IndexedDB cannot be used (some private modes, blocked storage) every call fails
//! with [`StorageError::Unavailable`] and the caller keeps the picture in memory only.

use js_sys::{Array, Float64Array, Promise, Uint8Array};
use kyc_contract::{CaptureMargins, ImageType};
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

/// Opens the database, creating its store the first time: `upgradeneeded` comes before
/// `success`, and the store is made while that event's version change is still on (the
/// continuation runs in the same microtask checkpoint).
async fn open() -> Result<IdbDatabase, StorageError> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or(StorageError::Unavailable)?;
    let request = factory.open_with_u32(DATABASE, 1).map_err(error)?;
    let first = Promise::new(&mut |resolve, reject| {
        request.set_onupgradeneeded(Some(&resolve));
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    let event = JsFuture::from(first)
        .await
        .map_err(|_| StorageError::Unavailable)?;
    let db: IdbDatabase = request.result().map_err(error)?.unchecked_into();
    if event.unchecked_ref::<web_sys::Event>().type_() == "upgradeneeded" {
        db.create_object_store(STORE).map_err(error)?;
        finished(&request).await?;
    }
    Ok(db)
}

/// The store in a transaction; the connection closes when this is dropped (after the
/// transaction, which it does not cut short).
struct Transaction {
    db: IdbDatabase,
    tx: IdbTransaction,
    store: IdbObjectStore,
}

impl Drop for Transaction {
    fn drop(&mut self) {
        self.db.close();
    }
}

impl Transaction {
    async fn begin(mode: IdbTransactionMode) -> Result<Transaction, StorageError> {
        let db = open().await?;
        let tx = db.transaction_with_str_and_mode(STORE, mode).map_err(error)?;
        let store = tx.object_store(STORE).map_err(error)?;
        Ok(Transaction { db, tx, store })
    }

    /// Waits until the transaction has committed.
    async fn commit(self) -> Result<(), StorageError> {
        let tx = &self.tx;
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
}

/// Keeps `picture` as the `image` of `session_id` (replacing the one kept), once committed.
pub async fn put(session_id: &str, image: ImageType, picture: &StoredPicture) -> Result<(), StorageError> {
    let margins = picture.capture_margins.map_or(JsValue::UNDEFINED, |m| {
        Float64Array::from([m.top, m.bottom, m.left, m.right].as_slice()).into()
    });
    let record = Array::of3(
        &JsValue::from_str(&picture.image_id),
        &Uint8Array::from(picture.jpeg.as_slice()),
        &margins,
    );
    let t = Transaction::begin(IdbTransactionMode::Readwrite).await?;
    t.store
        .put_with_key(&record, &key(session_id, image))
        .map_err(error)?;
    t.commit().await
}

/// The record (`[id, jpeg, margins?]`) as a picture; `None` when it is not one.
fn picture(record: JsValue) -> Option<StoredPicture> {
    let record = record.dyn_into::<Array>().ok()?;
    let capture_margins = match record.get(2).dyn_into::<Float64Array>().map(|m| m.to_vec()) {
        Ok(m) => match m[..] {
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
        image_id: record.get(0).as_string()?,
        capture_margins,
        jpeg: record.get(1).dyn_into::<Uint8Array>().ok()?.to_vec(),
    })
}

/// Every picture kept for `session_id`, in capture order.
pub async fn pictures(session_id: &str) -> Result<Vec<(ImageType, StoredPicture)>, StorageError> {
    let t = Transaction::begin(IdbTransactionMode::Readonly).await?;
    let mut requests = Vec::new();
    for image in ImageType::ALL {
        requests.push((image, t.store.get(&key(session_id, image)).map_err(error)?));
    }
    let mut found = Vec::new();
    for (image, request) in requests {
        if let Some(p) = picture(finished(&request).await?) {
            found.push((image, p));
        }
    }
    Ok(found)
}

/// Removes the `images` of `session_id` (those not kept are no error).
pub async fn remove(session_id: &str, images: &[ImageType]) -> Result<(), StorageError> {
    let t = Transaction::begin(IdbTransactionMode::Readwrite).await?;
    for &image in images {
        t.store.delete(&key(session_id, image)).map_err(error)?;
    }
    t.commit().await
}

/// Removes every picture kept for another session than `session_id` (a tab closed in the
/// middle of an upload leaves its picture behind: it goes when the widget next runs).
pub async fn remove_other_sessions(session_id: &str) -> Result<(), StorageError> {
    let own = format!("{session_id}/");
    let t = Transaction::begin(IdbTransactionMode::Readwrite).await?;
    let keys = finished(&t.store.get_all_keys().map_err(error)?).await?;
    for k in Array::from(&keys).iter() {
        if !k.as_string().is_some_and(|k| k.starts_with(&own)) {
            t.store.delete(&k).map_err(error)?;
        }
    }
    t.commit().await
}
