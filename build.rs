//! The release build's split of the widget into two wasm modules (src/components/later.rs).
//!
//! `scripts/build-widget` sets `KYC_WASM_SPLIT=1`: for the wasm target this turns on the
//! `kyc_split` cfg (the later screens become a split point) and links the widget with its
//! relocations kept, which the splitter needs to cut the module. Every other build (tests,
//! lints, native) has neither.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(kyc_split)");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=KYC_WASM_SPLIT");
    let split = std::env::var("KYC_WASM_SPLIT").is_ok_and(|v| v == "1");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    if split && wasm {
        println!("cargo::rustc-cfg=kyc_split");
        println!("cargo::rustc-link-arg-bin=kyc-widget=--emit-relocs");
    }
}
