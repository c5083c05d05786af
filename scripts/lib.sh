# Shared helpers for the scripts in this folder (sourced, not run).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$ROOT/tests/e2e/node_modules/.bin:$PATH"
log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
# Run as root or through sudo.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
# The toolchain of the shipped release build of the widget (scripts/build-widget): a nightly
# pinned by date, for the standard library rebuilt for size (docs/ARCHITECTURE.md, "The
# release build"). Everything else (lints, tests, the wasm tests) builds with the stable
# toolchain of rust-toolchain.toml.
release_toolchain=nightly-2026-05-20
# The Cargo.toml of the standard library's sources of that toolchain (its rust-src).
release_std_manifest() {
  echo "$(rustup run "$release_toolchain" rustc --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml"
}
# The wasm-bindgen version Cargo.lock resolved (the CLI must match it exactly).
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}
