//! The live camera of the capture steps: opened on demand, one at a time, released when
//! stopped, reopened, or when the owner is gone (a camera that finishes opening after that
//! is stopped at once). A camera opened before its screen exists (on consent, see
//! `crate::flow`) is kept as it is and shown when the screen's video mounts
//! ([`UseCamera::attach`]): one `getUserMedia` for both.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::lifetime::{use_task_slot, TaskSlot};
use crate::browser::camera::{Camera, CameraProblem, Facing, VideoElement};

/// The camera and its state.
#[derive(Clone, Copy)]
pub struct UseCamera {
    /// Bumped each time a stream is ready to attach.
    pub ready: RwSignal<u32>,
    camera: StoredValue<Option<Camera>, LocalStorage>,
    label: StoredValue<Option<String>, LocalStorage>,
    opening: TaskSlot,
}

/// A camera (closed) that is released with the current owner.
pub fn use_camera() -> UseCamera {
    let camera = StoredValue::new_local(None::<Camera>);
    on_cleanup(move || {
        camera.try_update_value(release);
    });
    UseCamera {
        ready: RwSignal::new(0),
        camera,
        label: StoredValue::new_local(None),
        opening: use_task_slot(),
    }
}

fn release(camera: &mut Option<Camera>) {
    if let Some(cam) = camera.take() {
        cam.stop();
    }
}

impl UseCamera {
    /// Opens the camera facing `facing` (closing the one open, and ending an opening still
    /// under way); `on_failed` hears why it could not be opened.
    pub fn open(self, facing: Facing, on_failed: impl FnOnce(CameraProblem) + 'static) {
        let abort = self.opening.restart();
        self.camera.try_update_value(release);
        spawn_local(async move {
            let result = Camera::open(facing).await;
            if abort.is_aborted() {
                // Stopped, reopened or gone while the camera opened.
                if let Ok(cam) = result {
                    cam.stop();
                }
                return;
            }
            match result {
                Ok(cam) => {
                    self.label.try_set_value(cam.label());
                    self.camera.try_set_value(Some(cam));
                    self.ready.try_update(|n| *n += 1);
                }
                Err(problem) => on_failed(problem),
            }
        });
    }

    /// Stops every track (and an opening under way).
    pub fn stop(self) {
        self.opening.stop();
        self.camera.try_update_value(release);
    }

    /// True while a camera is open.
    pub fn is_open(self) -> bool {
        self.camera.try_with_value(Option::is_some).unwrap_or(false)
    }

    /// The open (or last opened) camera's label, for the device info of uploads.
    pub fn label(self) -> Option<String> {
        self.label.try_get_value().flatten()
    }

    /// Shows the open camera (if any) in `video`.
    pub fn attach(self, video: &VideoElement) -> Result<(), CameraProblem> {
        self.camera
            .try_with_value(|c| c.as_ref().map(|cam| cam.attach(video)))
            .flatten()
            .unwrap_or(Ok(()))
    }
}
