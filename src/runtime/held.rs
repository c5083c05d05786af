//! The picture just taken: shown on the preview (an object URL) and held for the upload
//! until the service acknowledges it; the URL is revoked when replaced or when the owner
//! is gone.
//!
//! From its first try until the flow lets it go ([`crate::flow::Effect::ForgetHeldPicture`]),
//! the picture being sent is also kept in the device's store (IndexedDB,
//! [`picture_store`]), so that after a reload the flow can send it again with the same
//! `image_id`. Not before: a picture on the preview is not the customer's choice yet.
//! Where the store cannot be used (some private modes) the picture is held in memory only,
//! and a reload asks for it again.

use kyc_contract::ImageType;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ImageMeta;
use crate::browser::capture;
use crate::browser::picture_store::{self, StoredPicture};

/// The held picture and its preview.
#[derive(Clone, Copy)]
pub struct UseHeldPicture {
    /// Object URL of the picture on the preview.
    pub preview_url: RwSignal<Option<String>>,
    /// The picture taken, or after a reload the pictures found in the device's store.
    held: StoredValue<Vec<(ImageMeta, Vec<u8>)>, LocalStorage>,
}

/// Nothing held yet; the preview URL is revoked with the current owner.
pub fn use_held_picture() -> UseHeldPicture {
    let preview_url = RwSignal::new(None::<String>);
    on_cleanup(move || {
        if let Some(url) = preview_url.try_get_untracked().flatten() {
            capture::revoke_object_url(&url);
        }
    });
    UseHeldPicture {
        preview_url,
        held: StoredValue::new_local(Vec::new()),
    }
}

impl UseHeldPicture {
    /// Holds `jpeg` (replacing what is held) and shows it on the preview.
    pub fn hold(self, meta: ImageMeta, jpeg: Vec<u8>) {
        let url = capture::object_url(&jpeg).ok();
        if let Some(old) = self.preview_url.try_get_untracked().flatten() {
            capture::revoke_object_url(&old);
        }
        self.preview_url.try_set(url);
        self.held.try_set_value(vec![(meta, jpeg)]);
    }

    /// A copy of the picture held for `image` with `image_id`, if there is one.
    pub fn get(self, image: ImageType, image_id: &str) -> Option<(ImageMeta, Vec<u8>)> {
        self.held
            .try_with_value(|h| {
                h.iter()
                    .find(|(meta, _)| meta.image_id == image_id && meta.image_type == image)
                    .cloned()
            })
            .flatten()
    }

    /// After a reload: holds the pictures of `session_id` that the device's store kept
    /// (none where it cannot be used) and says which they are (type and id).
    pub async fn restore(self, session_id: &str) -> Vec<(ImageType, String)> {
        let found = picture_store::pictures(session_id).await.unwrap_or_default();
        let ids = found
            .iter()
            .map(|(image, p)| (*image, p.image_id.clone()))
            .collect();
        self.held.try_set_value(
            found
                .into_iter()
                .map(|(image_type, p)| {
                    let meta = ImageMeta {
                        image_type,
                        image_id: p.image_id,
                        capture_margins: p.capture_margins,
                    };
                    (meta, p.jpeg)
                })
                .collect(),
        );
        ids
    }

    /// The picture `image` is no longer needed (the service has it, or it will not be
    /// sent): released from memory and from the device's store.
    pub fn forget(self, session_id: &str, image: ImageType) {
        self.held
            .try_update_value(|h| h.retain(|(meta, _)| meta.image_type != image));
        let session_id = session_id.to_owned();
        spawn_local(async move {
            let _ = picture_store::remove(&session_id, &[image]).await;
        });
    }
}

/// Keeps the picture being sent in the device's store for `session_id` (done once it is
/// committed; without a usable store it stays in memory only).
pub async fn keep(session_id: &str, meta: &ImageMeta, jpeg: &[u8]) {
    let picture = StoredPicture {
        image_id: meta.image_id.clone(),
        capture_margins: meta.capture_margins,
        jpeg: jpeg.to_vec(),
    };
    let _ = picture_store::put(session_id, meta.image_type, &picture).await;
}

/// Removes the pictures every other session left in the device's store (a tab closed in
/// the middle of an upload leaves its picture behind; it goes when the widget next runs).
pub fn forget_other_sessions(session_id: &str) {
    let session_id = session_id.to_owned();
    spawn_local(async move {
        let _ = picture_store::remove_other_sessions(&session_id).await;
    });
}

/// Removes every picture of `session_id` from the device's store (the session is over).
pub fn forget_session(session_id: &str) {
    let session_id = session_id.to_owned();
    spawn_local(async move {
        let _ = picture_store::remove(&session_id, &ImageType::ALL).await;
    });
}
