//! Writes the catalogue of every language but English as `<dir>/i18n/<tag>.json`, the
//! form the widget loads (see `src/i18n/catalogue.rs`). Trunk runs it after each build
//! (`Trunk.toml`) with `<dir>` = its staging folder: `cargo run --example
//! export_catalogues -- <dir>`.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::io::Result<()> {
    use std::path::PathBuf;

    use kyc_widget::i18n::{catalogue, Lang};

    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: export_catalogues <dist folder>");
        std::process::exit(2);
    };
    let dir = dir.join("i18n");
    std::fs::create_dir_all(&dir)?;
    for lang in Lang::ALL.into_iter().filter(|&l| l != Lang::En) {
        std::fs::write(dir.join(format!("{}.json", lang.tag())), catalogue::export(lang))?;
    }
    Ok(())
}

/// The other catalogues exist natively only (`cargo test --target wasm32-unknown-unknown`
/// builds the examples too).
#[cfg(target_arch = "wasm32")]
fn main() {}
