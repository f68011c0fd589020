//! Writing outputs safely: never over an input, never half-written. Data goes to a private
//! temporary file in the target folder, then is renamed into place.

use crate::error::InputError;
use std::io::Write;
use std::path::{Path, PathBuf};

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

/// A file being written: a temporary file beside the target, renamed by [`Pending::commit`].
/// Dropped without commit, it is removed.
pub struct Pending {
    target: PathBuf,
    file: tempfile::NamedTempFile,
}

impl Pending {
    pub fn create(target: &Path, force: bool) -> Result<Pending, InputError> {
        if is_special(target) {
            // Renaming over a device would replace it with a regular file.
            return Err(InputError::new(
                target,
                "la sortie doit être un fichier ordinaire (pas un périphérique ni un tube)",
                "the output must be a regular file (not a device or a pipe)",
            ));
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
        // tempfile creates the file with mode 0600: personal data stays private.
        let file = tempfile::Builder::new()
            .prefix(".accroche-")
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(|e| write_error(target, &e))?;
        Ok(Pending {
            target: target.to_path_buf(),
            file,
        })
    }

    pub fn writer(&mut self) -> &mut std::fs::File {
        self.file.as_file_mut()
    }

    pub fn temp_path(&self) -> &Path {
        self.file.path()
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Flushes to disk and renames into place.
    pub fn commit(mut self) -> Result<(), InputError> {
        let target = self.target.clone();
        self.file
            .as_file_mut()
            .flush()
            .map_err(|e| write_error(&target, &e))?;
        self.file
            .as_file()
            .sync_all()
            .map_err(|e| write_error(&target, &e))?;
        self.file
            .persist(&target)
            .map_err(|e| write_error(&target, &e.error))?;
        Ok(())
    }
}

pub fn write_error(path: &Path, e: &std::io::Error) -> InputError {
    InputError::new(
        path,
        format!("écriture impossible : {e}"),
        format!("cannot write: {e}"),
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
