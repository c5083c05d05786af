//! Entry point: mounts the widget.

fn main() {
    leptos::mount::mount_to_body(kyc_widget::App);
}
