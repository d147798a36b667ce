//! Writing output files so that nothing is ever half-written.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::error::CliError;

/// Refuses an output path that is one of the files the command reads (`inputs`, which may
/// not exist): writing there would replace the input, say the answer sheets, with results.
/// Compared as files (device and inode on Unix), so another spelling of the same path, a
/// symbolic link or a hard link is caught too.
pub fn refuse_to_replace<'p>(
    output: &Path,
    inputs: impl IntoIterator<Item = &'p Path>,
) -> Result<(), CliError> {
    match inputs.into_iter().find(|i| same_file(output, i)) {
        Some(input) => Err(CliError::Input(format!(
            "{}：这是本次要读取的文件（{}），写入结果会覆盖它；请换一个输出文件",
            output.display(),
            input.display()
        ))),
        None => Ok(()),
    }
}

/// Whether both paths exist and are the same file.
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
    }
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, flushed to disk,
/// then renamed over `path`. On any failure the temporary file is removed and `path` is
/// untouched. An existing path that is not a regular file (a device, a pipe) is written in
/// place.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Like [`write_atomic`], for output produced piece by piece (large results are streamed,
/// never built as one string).
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), CliError> {
    // A device or a pipe (`-o /dev/null`, `-o /dev/stdout`) is written in place: renaming a
    // file over it would replace the device itself (as root, for every process on the machine).
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return (|| {
            let mut w =
                std::io::BufWriter::new(std::fs::OpenOptions::new().write(true).open(path)?);
            fill(&mut w)?;
            w.flush()
        })()
        .map_err(|e| CliError::io(path, e));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    unfinished().push((tmp.clone(), path.to_owned()));
    let written = (|| {
        let mut w = std::io::BufWriter::new(EarlyWriteback::new(File::create(&tmp)?));
        fill(&mut w)?;
        let f = w
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?
            .file;
        f.sync_all()
    })();
    // Renamed under the lock, so an interruption either removes the temporary file first or
    // finds the write done.
    let mut pending = unfinished();
    pending.retain(|(t, _)| *t != tmp);
    written
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            CliError::io(path, e)
        })
}

/// The temporary files being written and the file each will replace.
static UNFINISHED: Mutex<Vec<(PathBuf, PathBuf)>> = Mutex::new(Vec::new());

fn unfinished() -> MutexGuard<'static, Vec<(PathBuf, PathBuf)>> {
    UNFINISHED.lock().unwrap_or_else(PoisonError::into_inner)
}

/// For Ctrl-C, just before the process exits: removes the temporary files of the writes in
/// progress (a results file of ten million rows is hundreds of MB) and returns the files
/// they were to replace, which stay as they were. The list stays locked, so a write that
/// finishes meanwhile waits for the exit rather than renaming.
pub fn abandon_unfinished() -> Vec<PathBuf> {
    let pending = unfinished();
    let abandoned = remove_temporary(&pending);
    std::mem::forget(pending);
    abandoned
}

/// Removes each temporary file of `pending`; returns the targets of those it removed.
fn remove_temporary(pending: &[(PathBuf, PathBuf)]) -> Vec<PathBuf> {
    pending
        .iter()
        .filter(|(tmp, _)| std::fs::remove_file(tmp).is_ok())
        .map(|(_, target)| target.clone())
        .collect()
}

/// How much is written before the kernel is asked to start writing it to disk.
const WRITEBACK_STEP: u64 = 8 << 20;

/// A file that asks the kernel to start writing each [`WRITEBACK_STEP`] to disk as soon as it
/// is written, so the `fsync` that ends [`write_atomic_with`] waits only for the last step
/// rather than the whole file: a million contest results (73 MB) waited about 35 ms there.
struct EarlyWriteback {
    file: File,
    written: u64,
    started: u64,
}

impl EarlyWriteback {
    fn new(file: File) -> Self {
        Self {
            file,
            written: 0,
            started: 0,
        }
    }
}

impl Write for EarlyWriteback {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        if self.written - self.started >= WRITEBACK_STEP {
            start_writeback(&self.file, self.started, self.written - self.started);
            self.started = self.written;
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Starts writing `len` bytes of `file` from `from` to disk, without waiting for them.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn start_writeback(file: &File, from: u64, len: u64) {
    use std::os::fd::AsRawFd;
    let (Ok(from), Ok(len)) = (i64::try_from(from), i64::try_from(len)) else {
        return;
    };
    // SAFETY: `sync_file_range` takes a descriptor `file` keeps open for the whole call and
    // three integers; it touches no memory of ours. Its result is ignored: if it fails, the
    // final `fsync` writes everything, as it would without this call.
    unsafe {
        libc::sync_file_range(file.as_raw_fd(), from, len, libc::SYNC_FILE_RANGE_WRITE);
    }
}

/// Elsewhere the final `fsync` writes everything.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn start_writeback(_file: &File, _from: u64, _len: u64) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_of_several_writeback_steps_is_written_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        std::fs::write(&path, "old").unwrap();
        // Uneven pieces, so steps end inside writes, and a last step shorter than the rest.
        let bytes: Vec<u8> = (0..(2 * WRITEBACK_STEP + 12_345))
            .map(|i| (i % 251) as u8)
            .collect();
        write_atomic_with(&path, |w| {
            bytes.chunks(1_000_003).try_for_each(|c| w.write_all(c))
        })
        .unwrap();
        assert!(std::fs::read(&path).unwrap() == bytes);
        // Only the file itself is left in the folder.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_write_in_progress_is_listed_for_an_interruption_to_remove() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("results.csv");
        std::fs::write(&path, "old").unwrap();
        let mut seen = Vec::new();
        write_atomic_with(&path, |w| {
            w.write_all(b"new")?;
            w.flush()?;
            // What Ctrl-C would remove now (without keeping the list locked).
            let pending: Vec<_> = unfinished()
                .iter()
                .filter(|(_, target)| *target == path)
                .cloned()
                .collect();
            seen = remove_temporary(&pending);
            Ok(())
        })
        .unwrap_err();
        // The temporary file was removed, so the rename failed and the old file stayed.
        assert_eq!(seen, std::slice::from_ref(&path));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        // A finished write is no longer listed.
        write_atomic(&path, b"done").unwrap();
        assert!(!unfinished().iter().any(|(_, target)| *target == path));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "done");
    }
}
