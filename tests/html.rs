//! The HTML report: self-contained, escaped, and (when chromium is installed) rendered
//! without error by a real browser.
mod common;
use common::*;
use std::path::Path;
use std::process::Command;

fn html(sample_name: &str, lang: &str) -> String {
    let o = run(&[
        "--lang",
        lang,
        "check",
        sample(sample_name).to_str().unwrap(),
        "--format",
        "html",
    ]);
    assert!(
        o.status.code() == Some(1) || o.status.code() == Some(0),
        "{}",
        stderr(&o)
    );
    stdout(&o)
}

/// The JSON data block, and the page without it.
fn split_data(page: &str) -> (&str, String) {
    let open = r#"<script type="application/json" id="donnees">"#;
    let a = page.find(open).expect("data block") + open.len();
    let b = a + page[a..].find("</script>").expect("end of data block");
    (&page[a..b], format!("{}{}", &page[..a], &page[b..]))
}

#[test]
fn injected_markup_stays_text() {
    let page = html("injection.xml", "fr");
    let lower = page.to_lowercase();
    // Exactly two script elements: the data block and the page's own code.
    assert_eq!(lower.matches("<script").count(), 2, "{page}");
    assert_eq!(lower.matches("</script").count(), 2, "{page}");
    let (data, rest) = split_data(&page);
    for raw in [
        "alert(",
        "<img",
        "onerror",
        "onload",
        "<svg onload",
        "<b>anne",
        "<!--",
    ] {
        assert!(
            !rest.to_lowercase().contains(raw),
            "raw {raw:?} outside the data block"
        );
    }
    for c in ['<', '>', '&', '\u{2028}'] {
        assert!(!data.contains(c), "unescaped {c:?} in the data block");
    }
    // The values survive the escaping exactly.
    let v: serde_json::Value = serde_json::from_str(data).expect("data block is JSON");
    let values: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f[5].as_str())
        .collect();
    for expected in [
        "<script>alert(1)</script>",
        "</script><script>alert(2)</script>",
        "O\"BRIEN & FILS",
        "DUPONT</script><img src=x onerror=alert(4)>",
        "Zoé\u{2028}",
    ] {
        assert!(values.contains(&expected), "{expected:?} not in {values:?}");
    }
}

#[test]
fn page_is_self_contained_and_offline() {
    let page = html("erreurs.xml", "fr");
    assert!(page.contains(
        r#"<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;"#
    ));
    for remote in [
        "http://", "https://", "src=\"", "href=\"", "@import", "url(",
    ] {
        assert!(!page.contains(remote), "{remote} in the page");
    }
    assert!(page.contains("<svg"), "charts");
    assert!(page.contains("Taux de rejet estimé"));
    assert!(page.contains(r#"<details id="doc-C001">"#), "rule docs");
}

#[test]
fn two_runs_give_the_same_page() {
    assert_eq!(html("erreurs.xml", "fr"), html("erreurs.xml", "fr"));
}

#[test]
fn english_page() {
    let page = html("erreurs.xml", "en");
    assert!(page.contains(r#"<html lang="en">"#));
    assert!(page.contains("Estimated rejection rate"));
    assert!(page.contains("WHOLE FILE REFUSED"));
}

#[test]
fn html_refuses_several_inputs() {
    let o = run(&[
        "check",
        sample("erreurs.xml").to_str().unwrap(),
        sample("depot-exemple.xml").to_str().unwrap(),
        "--format",
        "html",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("un seul fichier"), "{}", stderr(&o));
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let o = run(&[
        "check",
        sample("erreurs.xml").to_str().unwrap(),
        "--format",
        "html",
    ]);
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "only the summary line: {err}");
    let q = run(&[
        "-q",
        "check",
        sample("erreurs.xml").to_str().unwrap(),
        "--format",
        "html",
    ]);
    assert!(stderr(&q).is_empty());
}

fn chromium() -> Option<String> {
    let name = std::env::var("ACCROCHE_CHROMIUM").unwrap_or_else(|_| "chromium".into());
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    found.then_some(name)
}

/// A deposit of `n` holders built from the first passage of `samples/depot-exemple.xml`,
/// each with a trailing space in the birth name and a leading one in the first name
/// (two findings per holder).
fn big_deposit(dir: &Path, n: usize) -> std::path::PathBuf {
    let text = std::fs::read_to_string(sample("depot-exemple.xml")).unwrap();
    let start = text.find("<cpf:passageCertification>").unwrap();
    let end =
        text.find("</cpf:passageCertification>").unwrap() + "</cpf:passageCertification>".len();
    let passage = &text[start..end];
    let id_start = passage.find("<cpf:idTechnique>").unwrap() + "<cpf:idTechnique>".len();
    let id_end = passage.find("</cpf:idTechnique>").unwrap();
    let mut body = String::with_capacity(passage.len() * n);
    for i in 0..n {
        let p = format!(
            "{}2025-BIG-{i:06}{}",
            &passage[..id_start],
            &passage[id_end..]
        );
        let p = p
            .replacen("</cpf:nomNaissance>", " </cpf:nomNaissance>", 1)
            .replacen("<cpf:prenom1>", "<cpf:prenom1> ", 1);
        body.push_str(&p);
        body.push('\n');
    }
    let last =
        text.rfind("</cpf:passageCertification>").unwrap() + "</cpf:passageCertification>".len();
    let out = dir.join("gros-depot.xml");
    std::fs::write(&out, format!("{}{}{}", &text[..start], body, &text[last..])).unwrap();
    out
}

#[test]
fn twenty_thousand_findings_stay_compact() {
    let dir = tempfile::tempdir().unwrap();
    let input = big_deposit(dir.path(), 10_000);
    let o = run(&["check", input.to_str().unwrap(), "--format", "html"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let page = stdout(&o);
    let (data, _) = split_data(&page);
    let v: serde_json::Value = serde_json::from_str(data).unwrap();
    assert_eq!(v["findings"].as_array().unwrap().len(), 20_000);
    // About 150 bytes a finding: a 20,000-finding page stays a few megabytes.
    assert!(page.len() < 20_000 * 250, "{} bytes", page.len());
    if let Some(browser) = chromium() {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/html-browser-check.sh");
        let o = Command::new("bash")
            .arg(&script)
            .arg(&input)
            .args([
                "--hash",
                "#page=100&tri=id&sens=desc",
                "--expect",
                "findings=20000",
                "--expect",
                "page=100",
                "--expect",
                "shown=20000",
            ])
            .env("ACCROCHE_BIN", env!("CARGO_BIN_EXE_accroche"))
            .env("ACCROCHE_CHROMIUM", &browser)
            .output()
            .expect("script runs");
        assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
        eprintln!("{}", stdout(&o));
    } else {
        eprintln!("browser part skipped: chromium is not installed");
    }
}

/// Runs `scripts/html-browser-check.sh` on the samples when chromium is installed.
#[test]
fn real_browser_renders_without_console_errors() {
    let Some(browser) = chromium() else {
        eprintln!("skipped: chromium is not installed (apt-get install -y chromium)");
        return;
    };
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/html-browser-check.sh");
    // The unfiltered first page shows every finding of the injection sample (fewer than a
    // page): count them from the JSON report so that new rules do not break this test.
    let json = run(&[
        "check",
        sample("injection.xml").to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let injection_shown = format!("shown={}", v["findings"].as_array().unwrap().len());
    // (sample, language, then script arguments: a view to open and what it must show)
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "injection.xml",
            "fr",
            &["--expect", injection_shown.as_str()],
        ),
        ("erreurs.xml", "en", &["--expect", "findings=22"]),
        // Filter by rule.
        (
            "erreurs.xml",
            "fr",
            &["--hash", "#regle=C001", "--expect", "shown=2"],
        ),
        // Search, and a rule's explanation opened in the dialog.
        (
            "erreurs.xml",
            "fr",
            &[
                "--hash",
                "#q=2025-lic-000001&doc=W001",
                "--expect",
                "shown=1",
                "--expect-text",
                "<dialog id=\"regle\" open=\"\"",
                "--expect-text",
                "W001 — ",
            ],
        ),
        // Sorted by holder, descending, filtered by fix kind.
        (
            "erreurs.xml",
            "fr",
            &[
                "--hash",
                "#correction=safe&tri=id&sens=desc",
                "--expect-text",
                "aria-sort=\"descending\"",
            ],
        ),
    ];
    for (name, lang, extra) in cases {
        let o = Command::new("bash")
            .arg(&script)
            .arg(sample(name))
            .args(["--lang", lang])
            .args(*extra)
            .env("ACCROCHE_BIN", env!("CARGO_BIN_EXE_accroche"))
            .env("ACCROCHE_CHROMIUM", &browser)
            .output()
            .expect("script runs");
        assert!(o.status.success(), "{name}: {}{}", stdout(&o), stderr(&o));
        assert!(stdout(&o).contains("findings:"), "{}", stdout(&o));
    }
}
