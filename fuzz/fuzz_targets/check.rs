//! Arbitrary bytes as a charter, as an OKR registry and as a configuration,
//! through parsing, every rule and every reporter. Nothing may panic, hang or
//! exhaust memory, and nothing from the input may reach the output unescaped.
#![no_main]

use charterlint::fuzzing::check_everything;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    check_everything(data);
});
