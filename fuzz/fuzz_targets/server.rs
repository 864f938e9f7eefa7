//! The language server on arbitrary framed bytes (issue 23): through the
//! server's own framing and its message loop, nothing panics and every
//! request is answered exactly once (see
//! `charterlint::fuzzing::server::serve_bytes`).
#![no_main]

use charterlint::fuzzing::server::serve_bytes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    serve_bytes(data);
});
