# Shared helpers for the scripts in this folder (sourced, not run).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$ROOT/tests/e2e/node_modules/.bin:$PATH"
# Each step's line carries the time of day, so a slow step shows in CI's log.
log() { printf '\033[1m==> %s %s\033[0m\n' "$(date +%T)" "$*" >&2; }
# Run as root or through sudo.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
# The one nightly toolchain, pinned by date: the shipped release build of the widget
# (scripts/build-widget, the standard library rebuilt for size: docs/ARCHITECTURE.md, "The
# release build") and the fuzz targets (scripts/fuzz). Everything else (lints, tests, the
# wasm tests) builds with the stable toolchain of rust-toolchain.toml.
nightly_toolchain=nightly-2026-05-20
# The Cargo.toml of that toolchain's standard library sources (its rust-src component).
nightly_std_manifest() {
  echo "$(rustup run "$nightly_toolchain" rustc --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml"
}
# The wasm-bindgen version Cargo.lock resolved (the CLI must match it exactly).
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}
# True when wasm-split-cli (scripts/split-widget.mjs) is installed at its pinned version (it
# has no --version).
have_wasm_split() {
  command -v wasm-split-cli >/dev/null && cargo install --list 2>/dev/null | grep -q '^wasm_split_cli_support v0\.2\.4:'
}
