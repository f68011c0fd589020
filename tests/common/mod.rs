//! Helpers shared by the integration tests: run the real binary on files in `samples/`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_accroche"))
}

pub fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The CDC's XSD, for conformance checks only (never shipped): `ACCROCHE_CPF_XSD`, else
/// `../shared/reference/cpf.xsd` beside the repository.
pub fn xsd() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("ACCROCHE_CPF_XSD") {
        return Some(PathBuf::from(p));
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        root.join("../shared/reference/cpf.xsd"),
        PathBuf::from("/work/shared/reference/cpf.xsd"),
    ]
    .into_iter()
    .find(|p| p.exists())
}

/// Validates with xmllint against the XSD. `None` when xmllint or the XSD is missing
/// outside CI; inside CI (env `CI` set) their absence fails the test.
pub fn xmllint_valid(file: &Path) -> Option<bool> {
    let xsd = xsd();
    let has_xmllint = Command::new("xmllint").arg("--version").output().is_ok();
    match (xsd, has_xmllint) {
        (Some(xsd), true) => {
            let o = Command::new("xmllint")
                .args(["--noout", "--schema"])
                .arg(&xsd)
                .arg(file)
                .output()
                .expect("xmllint runs");
            Some(o.status.success())
        }
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI needs xmllint and ../shared/reference/cpf.xsd"
            );
            eprintln!("skipped: xmllint or the XSD is missing");
            None
        }
    }
}
