//! The service's guard and decoder of uploaded JPEGs, on arbitrary bytes.
//!
//! Properties: no panic, no allocation beyond the decoder's limit (libFuzzer's `-rss_limit_mb`
//! and `-malloc_limit_mb` catch it); a decoded picture is within the contract's limits and has
//! one byte per pixel; a JPEG the sniffer accepts is refused with the exact count of any bytes
//! appended after it; base64 decoding of the same bytes as text does not panic.
#![no_main]

use kyc_contract::limits;
use kyc_sandbox::jpeg::{decode_base64, decode_luma, dimensions, sniff, JpegError};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = decode_base64(&String::from_utf8_lossy(data));
    let _ = dimensions(data);
    if let Ok((w, h, pixels)) = decode_luma(data) {
        assert!(limits::check(w, h).is_ok(), "decoded {w}x{h}");
        assert_eq!(pixels.len(), w as usize * h as usize);
        assert_eq!(dimensions(data), Ok((w, h)));
    }
    if sniff(data).is_ok() {
        let tail = data.len() % 7 + 1;
        let padded = [data, &vec![0; tail][..]].concat();
        assert_eq!(sniff(&padded), Err(JpegError::TrailingBytes(tail)));
    }
});
