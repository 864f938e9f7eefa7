//! `fix` on arbitrary bytes as a charter (issue 23): safe and unsafe fixes
//! never break a file that parsed, a second `fix` changes nothing, the line
//! ending and BOM are kept, and no more errors are left than there were
//! (see `charterlint::fuzzing::fix::check_fix`).
#![no_main]

use charterlint::fuzzing::fix::check_fix;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    check_fix(data);
});
