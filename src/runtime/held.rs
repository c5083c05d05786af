//! The picture just taken: shown on the preview (an object URL) and held for the upload
//! until the service acknowledges it; the URL is revoked when replaced or when the owner
//! is gone.

use kyc_contract::ImageType;
use leptos::prelude::*;

use crate::api::ImageMeta;
use crate::browser::capture;

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

    /// A copy of the picture held for `image` with `image_id`, if that is the one held.
    pub fn get(self, image: ImageType, image_id: &str) -> Option<(ImageMeta, Vec<u8>)> {
        self.held
            .try_with_value(|h| {
                h.as_ref()
                    .filter(|(meta, _)| meta.image_id == image_id && meta.image_type == image)
                    .cloned()
            })
            .flatten()
    }

    /// The service has the picture `image_id`: it is no longer held.
    pub fn acknowledge(self, image_id: &str) {
        self.held.try_update_value(|h| {
            if h.as_ref().is_some_and(|(meta, _)| meta.image_id == image_id) {
                *h = None;
            }
        });
    }
}
