//! Writing a file the user asked for (`init`, `install-hook`): never over
//! an existing one unless `--force`.

use std::fs::{File, OpenOptions};
use std::path::Path;

/// Opens `path` to write a new file: with `force` over whatever is there,
/// otherwise only if nothing is (`create_new`: even a file that appears
/// meanwhile is not overwritten; the error is then `AlreadyExists`). On
/// Unix a file created here gets `mode`.
pub fn create(path: &Path, force: bool, mode: Option<u32>) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    #[cfg(unix)]
    if let Some(mode) = mode {
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    options.open(path)
}
