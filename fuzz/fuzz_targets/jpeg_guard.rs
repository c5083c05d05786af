//! The service's guard in front of the JPEG decoder, alone: the marker walk that finds the
//! image's end (`sniff`) and the frame header's dimensions (`dimensions`), and the base64 of
//! an upload. The `jpeg` target runs the same and the decoder after it, at a few hundred runs
//! a second; this one reaches millions of inputs of the hand-written parsers in minutes.
//!
//! Properties: no panic (nor overflow); a JPEG the sniffer accepts is refused with the exact
//! count of any bytes appended after it; the dimensions read from a header are never zero.
#![no_main]

use kyc_sandbox::jpeg::{decode_base64, dimensions, sniff, JpegError};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = decode_base64(text);
    }
    if let Ok((w, h)) = dimensions(data) {
        assert!(w > 0 && h > 0);
    }
    if sniff(data).is_ok() {
        let tail = data.len() % 7 + 1;
        let padded = [data, &vec![0; tail][..]].concat();
        assert_eq!(sniff(&padded), Err(JpegError::TrailingBytes(tail)));
    }
});
