//! Reading files: what every layer that touches the disk shares (the source files a scan
//! analyses, configuration, baselines, reports).

/// The rest of an open file of `size` bytes (it may have changed since: read to its end).
///
/// `read_to_end` on a `File` asks the system for its size and position again before reading,
/// two more system calls per file on every file of a scan; the size is known here, so the file
/// is read straight into a buffer of that size (plus one byte, to see the end in one call).
pub fn read_all(file: &mut std::fs::File, size: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = vec![0u8; usize::try_from(size).unwrap_or(0).saturating_add(1)];
    let mut filled = 0;
    loop {
        if filled == bytes.len() {
            // It grew since its size was read.
            bytes.resize(filled.saturating_mul(2).max(8192), 0);
        }
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    bytes.truncate(filled);
    Ok(bytes)
}

pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}
