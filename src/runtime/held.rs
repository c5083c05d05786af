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
    held: StoredValue<Option<(ImageMeta, Vec<u8>)>, LocalStorage>,
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
        held: StoredValue::new_local(None),
    }
}

impl UseHeldPicture {
    /// Holds `jpeg` (replacing the picture held) and shows it on the preview.
    pub fn hold(self, meta: ImageMeta, jpeg: Vec<u8>) {
        let url = capture::object_url(&jpeg).ok();
        if let Some(old) = self.preview_url.try_get_untracked().flatten() {
            capture::revoke_object_url(&old);
        }
        self.preview_url.try_set(url);
        self.held.try_set_value(Some((meta, jpeg)));
    }

    /// A copy of the picture held for `image` with `image_id`: the one in memory, else the
    /// one the device's store kept for `session_id` over a reload.
    pub async fn get(
        self,
        session_id: &str,
        image: ImageType,
        image_id: &str,
    ) -> Option<(ImageMeta, Vec<u8>)> {
        let in_memory = self
            .held
            .try_with_value(|h| {
                h.as_ref()
                    .filter(|(meta, _)| meta.image_id == image_id && meta.image_type == image)
                    .cloned()
            })
            .flatten();
        if in_memory.is_some() {
            return in_memory;
        }
        let (_, p) = picture_store::pictures(session_id)
            .await
            .ok()?
            .into_iter()
            .find(|(i, p)| *i == image && p.image_id == image_id)?;
        let meta = ImageMeta {
            image_type: image,
            image_id: p.image_id,
            capture_margins: p.capture_margins,
        };
        Some((meta, p.jpeg))
    }

    /// The picture `image` is no longer needed (the service has it, or it will not be
    /// sent): released from memory and from the device's store.
    pub fn forget(self, session_id: &str, image: ImageType) {
        self.held.try_update_value(|h| {
            if h.as_ref().is_some_and(|(meta, _)| meta.image_type == image) {
                *h = None;
            }
        });
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

/// The pictures of `session_id` kept in the device's store: type and id.
pub async fn find(session_id: &str) -> Vec<(ImageType, String)> {
    picture_store::pictures(session_id)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|(image, p)| (image, p.image_id))
        .collect()
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
