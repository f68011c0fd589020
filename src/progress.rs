//! Progress bar on standard error for long runs: shown only when standard error is a
//! terminal and `--quiet` is not given, so pipelines and redirected logs stay clean.

use crate::lang::Lang;
use crate::model::Record;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::Path;

/// Records between two updates of the bar (updates are cheap, but not free).
const EVERY: u64 = 256;

/// Progress through one input, counted in bytes read (the end of the last field seen).
pub struct Progress {
    bar: Option<ProgressBar>,
    seen: u64,
    pos: u64,
}

impl Progress {
    /// A bar for `path` when standard error is a terminal and not `quiet`; else nothing.
    pub fn new(path: &Path, quiet: bool, lang: Lang) -> Progress {
        let visible = !quiet && std::io::stderr().is_terminal();
        Progress::with_visibility(path, visible, lang)
    }

    pub fn with_visibility(path: &Path, visible: bool, lang: Lang) -> Progress {
        let bar = visible.then(|| {
            let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
            let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
            let template = match lang {
                Lang::Fr => "{prefix} [{wide_bar}] {percent} % {msg} ({eta} restantes)",
                Lang::En => "{prefix} [{wide_bar}] {percent}% {msg} ({eta} left)",
            };
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style.progress_chars("=> "));
            }
            // The file name only: a long path would wrap the bar on a narrow terminal.
            let name = path.file_name().unwrap_or(path.as_os_str());
            bar.set_prefix(name.to_string_lossy().into_owned());
            bar
        });
        Progress {
            bar,
            seen: 0,
            pos: 0,
        }
    }

    pub fn is_visible(&self) -> bool {
        self.bar.is_some()
    }

    /// Records one more record read.
    pub fn record(&mut self, record: &Record, lang: Lang) {
        let Some(bar) = &self.bar else { return };
        self.seen += 1;
        let end = record
            .fields
            .iter()
            .flatten()
            .filter_map(|v| v.loc.element.as_ref().map(|r| r.end))
            .max()
            .unwrap_or(0);
        self.pos = self.pos.max(end);
        if self.seen % EVERY == 0 {
            if self.pos == 0 && bar.length().is_some() {
                // No byte offsets (CSV export): count holders instead.
                bar.unset_length();
                if let Ok(style) = ProgressStyle::with_template("{prefix} {spinner} {msg}") {
                    bar.set_style(style);
                }
            }
            bar.set_position(self.pos);
            bar.set_message(format!(
                "{} {}",
                self.seen,
                lang.pick("titulaires", "holders")
            ));
        }
    }

    /// Removes the bar, leaving the terminal as it was for the summary line.
    pub fn finish(self) {}
}

impl Drop for Progress {
    /// Also on an input error, so that the error message starts on a clean line.
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_progress_does_nothing() {
        let mut p = Progress::with_visibility(Path::new("x.xml"), false, Lang::Fr);
        assert!(!p.is_visible());
        p.record(&Record::default(), Lang::Fr);
        assert_eq!(p.seen, 0);
        p.finish();
    }
}
