//! Hostile and broken inputs, run through the real binary: the small files of
//! `tests/corpus/` with their expectations in `tests/corpus/cases.toml`, and big or
//! environment-dependent cases generated here at test time.
//!
//! Every bad input must give exit status 2 and a French message naming the file (and line,
//! column, field when known), with no panic, no partial output and the input unchanged.
mod common;
use common::*;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

#[derive(Deserialize)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    file: String,
    status: i32,
    #[serde(default)]
    args: Vec<String>,
    #[serde(default)]
    stderr: Vec<String>,
    #[serde(default)]
    stdout: Vec<String>,
    #[serde(default)]
    hidden: Vec<String>,
    #[serde(default)]
    shown: Vec<String>,
    fix: Option<bool>,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn no_panic(o: &Output, what: &str) {
    let err = stderr(o);
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{what}: {err}"
    );
    assert!(o.status.code().is_some(), "{what}: killed by a signal");
}

/// Names in `dir` other than `keep`.
fn extra_files(dir: &Path, keep: &[&str]) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !keep.contains(&n.as_str()))
        .collect()
}

#[test]
fn corpus_cases() {
    let text = std::fs::read_to_string(corpus_dir().join("cases.toml")).unwrap();
    let cases: Cases = toml::from_str(&text).unwrap();
    assert!(cases.case.len() >= 40, "{} cases", cases.case.len());
    let mut failures = Vec::new();
    for case in &cases.case {
        if let Err(e) = run_case(case) {
            failures.push(format!("{}: {e}", case.file));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

fn run_case(case: &Case) -> Result<(), String> {
    let original = std::fs::read(corpus_dir().join(&case.file)).map_err(|e| e.to_string())?;
    let dir = tempfile::tempdir().unwrap();
    // Relative paths, so that messages name the file as the user typed it.
    std::fs::write(dir.path().join(&case.file), &original).unwrap();
    let check = |extra: &[&str]| {
        let mut cmd = bin();
        cmd.current_dir(dir.path());
        cmd.args(extra)
            .arg("check")
            .arg(&case.file)
            .args(&case.args);
        cmd.output().unwrap()
    };
    let o = check(&[]);
    no_panic(&o, &case.file);
    let (out, err) = (stdout(&o), stderr(&o));
    if o.status.code() != Some(case.status) {
        return Err(format!(
            "check exit {:?}, expected {}: {err}",
            o.status.code(),
            case.status
        ));
    }
    for s in &case.stderr {
        if !err.contains(s.as_str()) {
            return Err(format!("stderr lacks {s:?}: {err}"));
        }
    }
    for s in &case.stdout {
        if !out.contains(s.as_str()) {
            return Err(format!("stdout lacks {s:?}: {out}"));
        }
    }
    for s in &case.hidden {
        if err.contains(s.as_str()) {
            return Err(format!("stderr shows {s:?} without --show-values: {err}"));
        }
    }
    if case.status == 2 && !err.contains(&case.file) {
        return Err(format!("the message does not name the file: {err}"));
    }
    if !case.shown.is_empty() {
        let o = check(&["--show-values"]);
        let err = stderr(&o);
        for s in &case.shown {
            if !err.contains(s.as_str()) {
                return Err(format!("--show-values: stderr lacks {s:?}: {err}"));
            }
        }
    }
    let fix = case.fix.unwrap_or(case.file.ends_with(".xml")) && case.args.is_empty();
    if fix {
        let o = bin()
            .current_dir(dir.path())
            .args(["fix", &case.file, "-o", "sortie.xml"])
            .output()
            .unwrap();
        no_panic(&o, &case.file);
        let expected = if case.status == 2 { 2 } else { 0 };
        if o.status.code() != Some(expected) {
            return Err(format!(
                "fix exit {:?}, expected {expected}: {}",
                o.status.code(),
                stderr(&o)
            ));
        }
        let exists = dir.path().join("sortie.xml").exists();
        if exists != (expected == 0) {
            return Err(format!("fix: output exists = {exists}"));
        }
    }
    let extra = extra_files(dir.path(), &[&case.file, "sortie.xml"]);
    if !extra.is_empty() {
        return Err(format!("files left behind: {extra:?}"));
    }
    if std::fs::read(dir.path().join(&case.file)).unwrap() != original {
        return Err("the input changed".into());
    }
    Ok(())
}

const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<cpf:flux xmlns:cpf="urn:cdc:cpf:pc5:schema:1.0.0">
  <cpf:idFlux>"#;

/// Runs the binary under `/usr/bin/time` when available: (output, peak RSS in kB).
fn run_measured(args: &[&str]) -> (Output, Option<u64>) {
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        return (run(args), None);
    }
    let o = std::process::Command::new(time)
        .args(["-f", "RSS_KB=%M"])
        .arg(env!("CARGO_BIN_EXE_accroche"))
        .args(args)
        .output()
        .unwrap();
    let rss = stderr(&o).lines().rev().find_map(|l| {
        l.strip_prefix("RSS_KB=")
            .and_then(|v| v.trim().parse().ok())
    });
    (o, rss)
}

#[test]
fn huge_text_node_is_refused_quickly_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("enorme.xml");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&p).unwrap());
        f.write_all(HEAD.as_bytes()).unwrap();
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..100 {
            f.write_all(&chunk).unwrap();
        }
        f.write_all(b"</cpf:idFlux></cpf:flux>\n").unwrap();
    }
    for cmd in ["check", "validate"] {
        let start = Instant::now();
        let (o, rss) = run_measured(&[cmd, p.to_str().unwrap()]);
        let took = start.elapsed();
        no_panic(&o, cmd);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains("enorme.xml:3:15:"), "{err}");
        assert!(err.contains("de plus de 1048576 octets"), "{err}");
        assert!(took < Duration::from_secs(20), "{cmd} took {took:?}");
        if let Some(kb) = rss {
            eprintln!("{cmd}: 100 MB text node refused in {took:?}, peak RSS {kb} kB");
            assert!(kb < 64 * 1024, "{cmd}: peak RSS {kb} kB");
        }
    }
}

#[test]
fn huge_comment_with_brackets_is_refused_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("commentaire.xml");
    let mut s = String::from(HEAD);
    s.push_str("x</cpf:idFlux><!--");
    s.push_str(&"<a>".repeat(3 << 20));
    s.push_str("--></cpf:flux>\n");
    std::fs::write(&p, s).unwrap();
    let (o, rss) = run_measured(&["check", p.to_str().unwrap()]);
    no_panic(&o, "comment");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("commentaire.xml:3:"), "{}", stderr(&o));
    if let Some(kb) = rss {
        assert!(kb < 64 * 1024, "peak RSS {kb} kB");
    }
}

#[test]
fn huge_csv_cell_is_refused_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cellule.csv");
    let apogee =
        String::from_utf8_lossy(&std::fs::read(sample("apogee.csv")).unwrap()).into_owned();
    let header = apogee.lines().next().unwrap();
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&p).unwrap());
        writeln!(f, "{header}").unwrap();
        writeln!(
            f,
            "21000001;100001;MARTIN;;Lea;;;N;;F;;03/04/2001;N;D;075;75056;PARIS"
        )
        .unwrap();
        f.write_all(b"21000002;100002;").unwrap();
        let chunk = vec![b'A'; 1 << 20];
        for _ in 0..100 {
            f.write_all(&chunk).unwrap();
        }
        writeln!(f, ";;Lea;;;N;;F;;03/04/2001;N;D;075;75056;PARIS").unwrap();
    }
    let start = Instant::now();
    let (o, rss) = run_measured(&["check", p.to_str().unwrap()]);
    let took = start.elapsed();
    no_panic(&o, "csv");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("cellule.csv:3: ligne de plus de 1048576 octets"),
        "{err}"
    );
    assert!(took < Duration::from_secs(20), "took {took:?}");
    if let Some(kb) = rss {
        eprintln!("check: 100 MB CSV cell refused in {took:?}, peak RSS {kb} kB");
        assert!(kb < 64 * 1024, "peak RSS {kb} kB");
    }
}

#[test]
fn hundred_thousand_levels_of_nesting() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("profond.xml");
    let mut s = String::from(HEAD);
    s.push_str("x</cpf:idFlux>\n");
    s.push_str(&"<cpf:a>".repeat(100_000));
    s.push_str(&"</cpf:a>".repeat(100_000));
    s.push_str("</cpf:flux>\n");
    std::fs::write(&p, s).unwrap();
    for cmd in ["check", "validate", "fix"] {
        let out = dir.path().join("sortie.xml");
        let mut args = vec![cmd, p.to_str().unwrap()];
        if cmd == "fix" {
            args.extend(["-o", out.to_str().unwrap()]);
        }
        let start = Instant::now();
        let (o, rss) = run_measured(&args);
        no_panic(&o, cmd);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains("profond.xml:4:"), "{err}");
        assert!(err.contains("imbrication de plus de 64 niveaux"), "{err}");
        assert!(!out.exists());
        if let Some(kb) = rss {
            eprintln!(
                "{cmd}: 100,000 levels refused in {:?}, peak RSS {kb} kB",
                start.elapsed()
            );
            assert!(kb < 64 * 1024, "{cmd}: peak RSS {kb} kB");
        }
    }
}

#[test]
fn over_the_cdc_size_limit_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("gros.xml");
    let mut bytes = std::fs::read(sample("depot-exemple.xml")).unwrap();
    bytes.extend(b"<!-- ");
    std::fs::write(&p, &bytes).unwrap();
    // Sparse: 201 MB on paper, nothing on disk (the padding, NUL bytes, is refused later).
    let f = std::fs::OpenOptions::new().append(true).open(&p).unwrap();
    f.set_len(201_000_000).unwrap();
    drop(f);
    let o = run(&["check", p.to_str().unwrap()]);
    no_panic(&o, "size");
    let err = stderr(&o);
    assert!(err.contains("gros.xml: AVERTISSEMENT : 201 Mo"), "{err}");
    assert!(err.contains("limite de 200 Mo"), "{err}");
}

#[test]
fn directory_as_input() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("depots.xml");
    std::fs::create_dir(&d).unwrap();
    for args in [
        vec!["check", d.to_str().unwrap()],
        vec!["validate", d.to_str().unwrap()],
        vec!["fix", d.to_str().unwrap(), "-o", "/nonexistent-dir/x.xml"],
    ] {
        let o = run(&args);
        no_panic(&o, "dir");
        assert_eq!(o.status.code(), Some(2));
        assert!(
            stderr(&o).contains("depots.xml: c'est un dossier"),
            "{}",
            stderr(&o)
        );
    }
}

fn is_root() -> bool {
    // Without libc: root can read a file with mode 000.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("probe");
    std::fs::write(&p, b"x").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::read(&p).is_ok()
}

#[test]
fn unreadable_input() {
    if is_root() {
        eprintln!("unreadable_input: skipped as root (root reads any file)");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("secret.xml");
    std::fs::copy(sample("depot-exemple.xml"), &p).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    let o = run(&["check", p.to_str().unwrap()]);
    no_panic(&o, "unreadable");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("secret.xml: lecture refusée"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn output_is_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("depot.xml");
    std::fs::copy(sample("erreurs.xml"), &p).unwrap();
    let before = std::fs::read(&p).unwrap();
    let ps = p.to_str().unwrap();
    // Also through another spelling of the same path.
    let other = format!("{}/./depot.xml", dir.path().display());
    for args in [
        vec!["check", ps, "-o", ps, "--force"],
        vec!["fix", ps, "-o", ps, "--force"],
        vec!["fix", ps, "-o", &other, "--force"],
        vec!["fix", ps, "-o", "x.xml", "--audit", ps, "--force"],
    ] {
        let o = bin().current_dir(dir.path()).args(&args).output().unwrap();
        no_panic(&o, "same");
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("n'écrase jamais une entrée"),
            "{}",
            stderr(&o)
        );
        assert_eq!(std::fs::read(&p).unwrap(), before);
    }
    assert_eq!(
        extra_files(dir.path(), &["depot.xml"]),
        Vec::<String>::new()
    );
}

#[test]
fn output_folder_missing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("absent/sortie.xml");
    for cmd in ["check", "fix"] {
        let o = run(&[
            cmd,
            sample("depot-exemple.xml").to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        no_panic(&o, cmd);
        assert_eq!(o.status.code(), Some(2));
        assert!(
            stderr(&o).contains("absent/sortie.xml: le dossier de sortie"),
            "{}",
            stderr(&o)
        );
        assert!(stderr(&o).contains("n'existe pas"), "{}", stderr(&o));
    }
}

#[test]
fn full_disk_on_dev_full() {
    if !Path::new("/dev/full").exists() {
        eprintln!("full_disk_on_dev_full: skipped, no /dev/full");
        return;
    }
    let input = sample("depot-exemple.xml");
    let o = run(&["check", input.to_str().unwrap(), "-o", "/dev/full"]);
    no_panic(&o, "dev/full");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("/dev/full: écriture impossible (disque plein)"),
        "{}",
        stderr(&o)
    );
    // fix writes through a temporary file and a rename: a device is refused, never replaced.
    let o = run(&["fix", input.to_str().unwrap(), "-o", "/dev/full", "--force"]);
    no_panic(&o, "fix dev/full");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("pas un fichier ordinaire"),
        "{}",
        stderr(&o)
    );
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata("/dev/full")
        .unwrap()
        .file_type()
        .is_char_device());
}

/// A tiny tmpfs, when `mount` works here (root in a permissive sandbox): a real full disk.
#[test]
fn full_disk_on_a_tiny_tmpfs() {
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("mnt");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=16k", "tmpfs"])
        .arg(&mnt)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !mounted {
        eprintln!("full_disk_on_a_tiny_tmpfs: skipped, cannot mount a tmpfs here");
        return;
    }
    let out = mnt.join("corrige.xml");
    let report = mnt.join("rapport.json");
    let fix = run(&[
        "fix",
        sample("erreurs.xml").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--unsafe-fixes",
    ]);
    let mut args = vec!["check", "--format", "json", "-o", report.to_str().unwrap()];
    let copies: Vec<PathBuf> = (0..4)
        .map(|i| {
            let p = dir.path().join(format!("e{i}.xml"));
            std::fs::copy(sample("erreurs.xml"), &p).unwrap();
            p
        })
        .collect();
    args.extend(copies.iter().map(|p| p.to_str().unwrap()));
    let check = run(&args);
    let left = extra_files(&mnt, &[]);
    let _ = std::process::Command::new("umount").arg(&mnt).status();
    for (o, what) in [(fix, "fix"), (check, "check")] {
        no_panic(&o, what);
        assert_eq!(o.status.code(), Some(2), "{what}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("disque plein"),
            "{what}: {}",
            stderr(&o)
        );
    }
    assert!(left.is_empty(), "left on the full disk: {left:?}");
}

#[test]
fn failed_fix_leaves_no_temporary_file() {
    // A value too long for the schema and no fix for it: fix refuses to write.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("long.xml");
    let text = std::fs::read_to_string(sample("depot-exemple.xml")).unwrap();
    let long = "A".repeat(70);
    std::fs::write(&p, text.replacen("MARTIN", &long, 1)).unwrap();
    let o = bin()
        .current_dir(dir.path())
        .args(["fix", "long.xml", "-o", "sortie.xml"])
        .output()
        .unwrap();
    no_panic(&o, "fix");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("rien n'a été écrit"), "{err}");
    // The schema message quotes the value: masked unless asked.
    assert!(!err.contains(&long), "{err}");
    assert_eq!(extra_files(dir.path(), &["long.xml"]), Vec::<String>::new());
    let o = bin()
        .current_dir(dir.path())
        .args(["--show-values", "fix", "long.xml", "-o", "sortie.xml"])
        .output()
        .unwrap();
    assert!(stderr(&o).contains(&long), "{}", stderr(&o));
}

#[test]
fn temporary_output_is_private_and_removed_when_dropped() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("sortie.xml");
    let pending = accroche::output::Pending::create(&target, false).unwrap();
    let temp = pending.temp_path().to_path_buf();
    let mode = std::fs::metadata(&temp).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "temporary file mode {mode:o}");
    assert!(temp
        .file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with(".accroche-"));
    assert!(accroche::output::pending_paths().contains(&temp));
    drop(pending);
    assert!(!temp.exists());
    assert!(!target.exists());
    assert!(!accroche::output::pending_paths().contains(&temp));
}

/// The tool opens no network connection: `strace` sees no socket, connect or sendto.
#[test]
fn no_network_access() {
    let has_strace = std::process::Command::new("strace")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_strace {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs strace (apt-get install -y strace)"
        );
        eprintln!("no_network_access: skipped, strace is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("corrige.xml");
    let input = sample("erreurs.xml");
    let csv = sample("apogee.csv");
    for args in [
        vec!["check", input.to_str().unwrap(), csv.to_str().unwrap()],
        vec![
            "fix",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--unsafe-fixes",
        ],
    ] {
        let log = dir.path().join("strace.log");
        let o = std::process::Command::new("strace")
            .args(["-f", "-e", "trace=network", "-o"])
            .arg(&log)
            .arg(env!("CARGO_BIN_EXE_accroche"))
            .args(&args)
            .output()
            .unwrap();
        if !log.exists() {
            // ptrace forbidden in this sandbox.
            assert!(std::env::var_os("CI").is_none(), "strace cannot trace here");
            eprintln!(
                "no_network_access: skipped, strace cannot trace: {}",
                stderr(&o)
            );
            return;
        }
        let trace = std::fs::read_to_string(&log).unwrap();
        for call in ["socket(", "connect(", "sendto(", "bind("] {
            assert!(
                !trace.contains(call),
                "{args:?} made a {call} call:\n{trace}"
            );
        }
        assert!(o.status.code().is_some_and(|c| c < 2), "{}", stderr(&o));
    }
}
