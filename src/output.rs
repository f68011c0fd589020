//! Writing outputs safely: never over an input, never half-written. Data goes to a private
//! temporary file in the target folder, then is renamed into place.

use crate::error::InputError;
use std::io::Write;
use std::path::{Path, PathBuf};

/// An anonymous temporary file for data too big to keep in memory (findings, edits, a
/// report being assembled): created with mode 0600 in the temporary folder (`TMPDIR`), and
/// unlinked at once (`O_TMPFILE` on Linux), so that nothing is left behind whatever happens
/// to the process, even a `kill -9`.
pub fn anonymous_temp() -> std::io::Result<std::fs::File> {
    tempfile::tempfile()
}

/// Refuses an output path that is one of the inputs (same file once resolved).
pub fn check_not_input(output: &Path, inputs: &[PathBuf]) -> Result<(), InputError> {
    let out_abs = std::fs::canonicalize(output).ok();
    for input in inputs {
        let same = match (&out_abs, std::fs::canonicalize(input).ok()) {
            (Some(a), Some(b)) => *a == b,
            _ => output == input,
        };
        if same {
            return Err(InputError::new(
                output,
                "le fichier de sortie est le fichier d'entrée : accroche n'écrase jamais une entrée",
                "the output file is the input file: accroche never overwrites an input",
            ));
        }
    }
    Ok(())
}

/// Temporary files being written, removed by the signal handler on Ctrl-C or SIGTERM.
static PENDING: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn registry() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    PENDING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Temporary files currently registered (tests).
pub fn pending_paths() -> Vec<PathBuf> {
    registry().clone()
}

/// Removes the temporary files of unfinished outputs. Called on an interruption; holds the
/// registry lock so that a [`Pending::commit`] in progress finishes first (the target is then
/// whole) or does not start.
pub fn remove_pending() {
    let mut list = registry();
    for p in list.drain(..) {
        let _ = std::fs::remove_file(&p);
    }
    // Keep the lock: the process is about to exit, and no commit may start now.
    std::mem::forget(list);
}

/// Installs the Ctrl-C / SIGTERM / SIGHUP handler: unfinished outputs are removed and the
/// process exits with status 130. A SIGKILL cannot be caught: it may leave a
/// `.accroche-*.tmp` file beside the target, never a partial target.
pub fn install_signal_handler() {
    let _ = ctrlc::set_handler(|| {
        remove_pending();
        eprintln!("accroche: interrompu : sorties inachevées supprimées / interrupted: unfinished outputs removed");
        std::process::exit(130);
    });
}

/// A file being written: a temporary file beside the target, renamed by [`Pending::commit`].
/// Dropped without commit, it is removed.
pub struct Pending {
    target: PathBuf,
    file: Option<tempfile::NamedTempFile>,
    temp: PathBuf,
}

impl Pending {
    pub fn create(target: &Path, force: bool) -> Result<Pending, InputError> {
        if let Ok(meta) = std::fs::metadata(target) {
            if !meta.is_file() {
                return Err(InputError::new(
                    target,
                    "la sortie n'est pas un fichier ordinaire (dossier ou périphérique) : donnez le chemin d'un fichier",
                    "the output is not a regular file (folder or device): give the path of a file",
                ));
            }
        }
        if target.exists() && !force {
            return Err(InputError::new(
                target,
                "le fichier de sortie existe déjà (ajoutez --force pour le remplacer)",
                "the output file already exists (add --force to replace it)",
            ));
        }
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !dir.is_dir() {
            return Err(InputError::new(
                target,
                format!("le dossier de sortie {} n'existe pas", dir.display()),
                format!("the output folder {} does not exist", dir.display()),
            ));
        }
        // Registered before it exists, so that an interruption right after creation still
        // finds it.
        let mut list = registry();
        // tempfile creates the file with mode 0600: personal data stays private.
        let file = tempfile::Builder::new()
            .prefix(".accroche-")
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(|e| write_error(target, &e))?;
        let temp = file.path().to_path_buf();
        list.push(temp.clone());
        drop(list);
        Ok(Pending {
            target: target.to_path_buf(),
            file: Some(file),
            temp,
        })
    }

    pub fn writer(&mut self) -> &mut std::fs::File {
        self.file
            .as_mut()
            .expect("a pending file exists until commit")
            .as_file_mut()
    }

    pub fn temp_path(&self) -> &Path {
        &self.temp
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Flushes to disk and renames into place.
    pub fn commit(mut self) -> Result<(), InputError> {
        let target = self.target.clone();
        let mut file = self
            .file
            .take()
            .expect("a pending file exists until commit");
        let mut sync = || -> std::io::Result<()> {
            file.as_file_mut().flush()?;
            file.as_file().sync_all()
        };
        sync().map_err(|e| write_error(&target, &e))?;
        let mut list = registry();
        file.persist(&target)
            .map_err(|e| write_error(&target, &e.error))?;
        list.retain(|p| *p != self.temp);
        Ok(())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        // Remove the file (if not committed) before forgetting it.
        let mut list = registry();
        drop(self.file.take());
        list.retain(|p| *p != self.temp);
    }
}

pub fn write_error(path: &Path, e: &std::io::Error) -> InputError {
    use std::io::ErrorKind;
    let fr = match e.kind() {
        ErrorKind::StorageFull => "disque plein".to_string(),
        ErrorKind::PermissionDenied => "droits insuffisants".to_string(),
        ErrorKind::NotFound => "dossier introuvable".to_string(),
        ErrorKind::ReadOnlyFilesystem => "système de fichiers en lecture seule".to_string(),
        _ => e.to_string(),
    };
    InputError::new(
        path,
        format!("écriture impossible ({fr}) : aucun fichier partiel n'est laissé"),
        format!("cannot write ({e}): no partial file is left"),
    )
}

/// Whether `path` exists and is not a regular file (a device such as `/dev/null`, a FIFO):
/// such a target is written in place, never replaced by a rename.
pub fn is_special(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Writes bytes to `target` atomically, or to standard output when `target` is `None` or `-`.
pub fn write_all(target: Option<&Path>, bytes: &[u8], force: bool) -> Result<(), InputError> {
    match target {
        None => write_stdout(bytes),
        Some(p) if p == Path::new("-") => write_stdout(bytes),
        Some(p) if is_special(p) => {
            // A device or a pipe (`/dev/stdout`, `/dev/full`, a FIFO): written in place.
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .open(p)
                .map_err(|e| write_error(p, &e))?;
            f.write_all(bytes)
                .and_then(|_| f.flush())
                .map_err(|e| write_error(p, &e))
        }
        Some(p) => {
            let mut pending = Pending::create(p, force)?;
            pending
                .writer()
                .write_all(bytes)
                .map_err(|e| write_error(p, &e))?;
            pending.commit()
        }
    }
}

/// Standard output where a closed pipe (`| head`) silently swallows the rest.
struct Stdout {
    closed: bool,
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        match std::io::stdout().lock().write_all(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(buf.len())
            }
            Err(e) => Err(e),
            Ok(()) => Ok(buf.len()),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match std::io::stdout().lock().flush() {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            r => r,
        }
    }
}

enum Sink {
    File(Pending, std::io::BufWriter<std::fs::File>),
    Device(std::io::BufWriter<std::fs::File>),
    Stdout(std::io::BufWriter<Stdout>),
}

/// An output written as it is produced, with what [`write_all`] promises: to a file, through
/// a private temporary file renamed into place by [`Stream::finish`] (removed if the run
/// fails or is interrupted); to standard output (`None` or `-`) or a device, directly.
pub struct Stream {
    sink: Sink,
    path: PathBuf,
}

const STREAM_BUFFER: usize = 256 << 10;

impl Stream {
    pub fn open(target: Option<&Path>, force: bool) -> Result<Stream, InputError> {
        let sink = match target {
            None => Sink::Stdout(std::io::BufWriter::with_capacity(
                STREAM_BUFFER,
                Stdout { closed: false },
            )),
            Some(p) if p == Path::new("-") => Sink::Stdout(std::io::BufWriter::with_capacity(
                STREAM_BUFFER,
                Stdout { closed: false },
            )),
            Some(p) if is_special(p) => {
                let f = std::fs::OpenOptions::new()
                    .write(true)
                    .open(p)
                    .map_err(|e| write_error(p, &e))?;
                Sink::Device(std::io::BufWriter::with_capacity(STREAM_BUFFER, f))
            }
            Some(p) => {
                let mut pending = Pending::create(p, force)?;
                let f = pending
                    .writer()
                    .try_clone()
                    .map_err(|e| write_error(p, &e))?;
                Sink::File(pending, std::io::BufWriter::with_capacity(STREAM_BUFFER, f))
            }
        };
        Ok(Stream {
            sink,
            path: target.unwrap_or(Path::new("<stdout>")).to_path_buf(),
        })
    }

    /// The error to report when writing fails.
    pub fn error(&self, e: &std::io::Error) -> InputError {
        write_error(&self.path, e)
    }

    /// Flushes, and renames a file into place.
    pub fn finish(self) -> Result<(), InputError> {
        let path = self.path;
        match self.sink {
            Sink::File(pending, mut w) => {
                w.flush().map_err(|e| write_error(&path, &e))?;
                drop(w);
                pending.commit()
            }
            Sink::Device(mut w) => w.flush().map_err(|e| write_error(&path, &e)),
            Sink::Stdout(mut w) => w.flush().map_err(|e| write_error(&path, &e)),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.sink {
            Sink::File(_, w) | Sink::Device(w) => w.write(buf),
            Sink::Stdout(w) => w.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match &mut self.sink {
            Sink::File(_, w) | Sink::Device(w) => w.write_all(buf),
            Sink::Stdout(w) => w.write_all(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.sink {
            Sink::File(_, w) | Sink::Device(w) => w.flush(),
            Sink::Stdout(w) => w.flush(),
        }
    }
}

fn write_stdout(bytes: &[u8]) -> Result<(), InputError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(write_error(Path::new("<stdout>"), &e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_are_written_in_place_not_replaced() {
        let null = Path::new("/dev/null");
        if !is_special(null) {
            return;
        }
        write_all(Some(null), b"report", true).unwrap();
        assert!(is_special(null), "/dev/null was replaced");
        assert!(Pending::create(null, true).is_err());
    }
}
