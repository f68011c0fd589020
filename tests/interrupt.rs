//! A `fix` interrupted midway: the input is untouched and the target never appears.
//! SIGINT and SIGTERM remove the temporary file and exit with status 130; SIGKILL cannot be
//! caught and may leave a `.accroche-*.tmp` beside the target (documented in SECURITY.md).
//!
//! The deposit has 20,000 holders by default (a debug build is slow); set
//! `ACCROCHE_INTERRUPT_HOLDERS=200000` and `ACCROCHE_BIN=target/release/accroche` for the
//! full-size run.
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".accroche-") && n.ends_with(".tmp"))
        .collect()
}

fn bin() -> Command {
    match std::env::var_os("ACCROCHE_BIN") {
        Some(p) => Command::new(p),
        None => Command::new(env!("CARGO_BIN_EXE_accroche")),
    }
}

fn start_fix(dir: &Path) -> Child {
    bin()
        .current_dir(dir)
        .args([
            "-q",
            "fix",
            "depot.xml",
            "-o",
            "corrige.xml",
            "--unsafe-fixes",
        ])
        .args(["--allow-invalid"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn signal(child: &Child, sig: &str) {
    let ok = Command::new("kill")
        .args(["-s", sig, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
}

/// When to send the signal: after a fixed delay, or once the temporary output exists.
#[derive(Debug, Clone, Copy)]
enum When {
    After(Duration),
    TempExists(Duration),
}

fn wait_then(dir: &Path, child: &mut Child, when: When) -> bool {
    let deadline = Instant::now() + Duration::from_secs(120);
    match when {
        When::After(d) => std::thread::sleep(d),
        When::TempExists(extra) => loop {
            if !temp_files(dir).is_empty() {
                std::thread::sleep(extra);
                break;
            }
            if child.try_wait().unwrap().is_some() || Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(2));
        },
    }
    child.try_wait().unwrap().is_none()
}

#[test]
fn interrupted_fix_leaves_the_input_and_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("depot.xml");
    {
        let f = std::io::BufWriter::new(std::fs::File::create(&input).unwrap());
        let cfg = accroche::synth::SynthConfig {
            holders: std::env::var("ACCROCHE_INTERRUPT_HOLDERS")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(20_000),
            ..Default::default()
        };
        accroche::synth::generate(&cfg, f, None).unwrap();
    }
    let before = std::fs::read(&input).unwrap();
    let target = dir.path().join("corrige.xml");
    let mut interrupted = 0;
    for sig in ["INT", "TERM", "KILL"] {
        for when in [
            When::After(Duration::from_millis(300)),
            When::TempExists(Duration::from_millis(0)),
            When::TempExists(Duration::from_millis(100)),
        ] {
            let mut child = start_fix(dir.path());
            let running = wait_then(dir.path(), &mut child, when);
            if running {
                signal(&child, sig);
            }
            let out = child.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr).into_owned();
            assert!(!err.contains("panicked"), "{err}");
            if !running || out.status.success() {
                // Finished before the signal: a whole, verified output.
                eprintln!("{sig} {when:?}: finished before the signal");
                assert!(target.exists());
                std::fs::remove_file(&target).unwrap();
                continue;
            }
            interrupted += 1;
            assert!(!target.exists(), "{sig} {when:?}: the target appeared");
            match sig {
                "KILL" => {
                    use std::os::unix::process::ExitStatusExt;
                    assert_eq!(out.status.signal(), Some(9));
                    // Allowed after SIGKILL; cleaned for the next run.
                    for t in temp_files(dir.path()) {
                        std::fs::remove_file(dir.path().join(t)).unwrap();
                    }
                }
                _ => {
                    assert_eq!(out.status.code(), Some(130), "{sig} {when:?}: {err}");
                    assert!(err.contains("interrompu"), "{err}");
                    assert_eq!(
                        temp_files(dir.path()),
                        Vec::<String>::new(),
                        "{sig} {when:?}"
                    );
                }
            }
        }
    }
    assert!(interrupted >= 5, "only {interrupted} runs were interrupted");
    assert_eq!(std::fs::read(&input).unwrap(), before, "the input changed");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["depot.xml".to_string()]);
}
