//! `accroche convert` (and `fix` on a CSV export): the real binary on the sample exports.

mod common;

use common::{run, sample, stderr, stdout, xmllint_valid};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const STAMP: &str = "2025-07-01T10:15:00+02:00";

fn config() -> String {
    sample("accroche.toml").display().to_string()
}

fn passages(xml: &str) -> usize {
    xml.matches("<cpf:passageCertification>").count()
}

/// Lines of the export reported as excluded on stderr.
fn excluded_lines(err: &str, file: &str) -> Vec<u64> {
    err.lines()
        .filter(|l| l.contains(" exclue : "))
        .filter_map(|l| {
            let rest = &l[l.find(file)? + file.len() + 1..];
            rest.split(':').next()?.parse().ok()
        })
        .collect()
}

fn convert(input: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let cfg = config();
    let mut args = vec![
        "convert",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--config",
        &cfg,
        "--force",
    ];
    args.extend_from_slice(extra);
    run(&args)
}

fn assert_valid(out: &Path) {
    let o = run(&["validate", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_ne!(xmllint_valid(out), Some(false), "xmllint refuses {out:?}");
}

/// (sample, data rows, lines that may be excluded for a missing place of birth)
const SAMPLES: [(&str, usize, &[u64]); 3] = [
    ("apogee.csv", 6, &[6]),
    ("talend.csv", 4, &[]),
    ("pegase.csv", 3, &[4]),
];

#[test]
fn samples_convert_to_valid_deposits() {
    let dir = tempfile::tempdir().unwrap();
    for (name, rows, may_exclude) in SAMPLES {
        let out = dir.path().join(name.replace(".csv", ".xml"));
        let o = convert(&sample(name), &out, &["--horodatage", STAMP]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(0), "{name}: {err}");
        assert_valid(&out);
        let xml = std::fs::read_to_string(&out).unwrap();
        let excluded = excluded_lines(&err, name);
        for l in &excluded {
            assert!(may_exclude.contains(l), "{name}: line {l} excluded: {err}");
        }
        // One passage per accepted row.
        assert_eq!(passages(&xml), rows - excluded.len(), "{name}: {err}");
        assert!(err.contains(&format!("{} ligne(s) exclue(s)", excluded.len())));
        assert!(xml.contains(&format!("<cpf:horodatage>{STAMP}</cpf:horodatage>")));
    }
}

#[test]
fn apogee_details() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("apogee.xml");
    let o = convert(&sample("apogee.csv"), &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let xml = std::fs::read_to_string(&out).unwrap();
    let passage = |id: &str| -> String {
        let start = xml
            .find(&format!("<cpf:idTechnique>{id}</cpf:idTechnique>"))
            .unwrap_or_else(|| panic!("{id} missing"));
        let end = start + xml[start..].find("</cpf:passageCertification>").unwrap();
        xml[start..end].to_string()
    };
    // TEM_PR_USAGE = 'O': civil-status first name and sex, not the usage ones.
    let garnier = passage("RNCP35001-21000003");
    assert!(garnier.contains("<cpf:prenom1>Alexandra</cpf:prenom1>"));
    assert!(garnier.contains("<cpf:sexe>F</cpf:sexe>"));
    assert!(!garnier.contains("Alex<"));
    // Windows-1252 decoded; no usage name → nil; usage name kept otherwise.
    let lefevre = passage("RNCP35001-21000001");
    assert!(lefevre.contains("<cpf:nomNaissance>LEFÈVRE</cpf:nomNaissance>"));
    assert!(lefevre.contains("<cpf:nomUsage xsi:nil=\"true\"/>"));
    assert!(passage("RNCP35001-21000002").contains("<cpf:nomUsage>DURAND</cpf:nomUsage>"));
    // Born abroad: 99xxx and the country code; born in France: no country code.
    let diop = passage("RNCP35001-21000004");
    assert!(diop.contains("<cpf:codeInsee>99341</cpf:codeInsee>"));
    assert!(diop.contains("<cpf:codePaysNaissance>341</cpf:codePaysNaissance>"));
    assert!(!lefevre.contains("codePaysNaissance"));
    // Unknown day and month (00/00/1997) → nil.
    let boeuf = passage("RNCP35001-21000006");
    assert!(boeuf.contains("<cpf:moisNaissance xsi:nil=\"true\"/>"));
    assert!(boeuf.contains("<cpf:jourNaissance xsi:nil=\"true\"/>"));
    assert!(boeuf.contains("<cpf:codePaysNaissance>109</cpf:codePaysNaissance>"));
    // Envelope from the configuration, canonical order.
    let order = [
        "<cpf:idFlux>",
        "<cpf:horodatage>",
        "<cpf:emetteur>",
        "<cpf:idClient>12ABC345",
        "<cpf:idContrat>MCFCER000123",
        "<cpf:type>RNCP",
        "<cpf:code>RNCP35001",
        "<cpf:natureDeposant>CERTIFICATEUR",
    ];
    let mut at = 0;
    for tag in order {
        at += xml[at..]
            .find(tag)
            .unwrap_or_else(|| panic!("{tag} out of order"));
    }
    let p_order = [
        "<cpf:idTechnique>",
        "<cpf:obtentionCertification>PAR_ADMISSION",
        "<cpf:donneeCertifiee>true",
        "<cpf:dateDebutValidite>2025-06-27",
        "<cpf:dateFinValidite xsi:nil",
        "<cpf:presenceNiveauLangueEuro>false",
        "<cpf:presenceNiveauNumeriqueEuro>false",
        "<cpf:scoring xsi:nil",
        "<cpf:mentionValidee xsi:nil",
        "<cpf:modaliteAcces>FORMATION_INITIALE_HORS_APPRENTISSAGE",
        "<cpf:nomNaissance>",
        "<cpf:nomUsage",
        "<cpf:prenom1>",
        "<cpf:prenom2>",
        "<cpf:anneeNaissance>",
        "<cpf:moisNaissance>",
        "<cpf:jourNaissance>",
        "<cpf:sexe>",
        "<cpf:codeInsee>",
        "<cpf:libelleCommuneNaissance>",
    ];
    let mut at = 0;
    for tag in p_order {
        at += lefevre[at..]
            .find(tag)
            .unwrap_or_else(|| panic!("{tag} out of order"));
    }
    // The row with no INSEE code (town ST RÉMY DE PROVENCE, département 13) gets its
    // code from the commune table through P010's safe fix instead of being excluded.
    let err = stderr(&o);
    assert!(err.contains("0 ligne(s) exclue(s)"), "{err}");
    assert!(
        xml.contains("<cpf:codeInsee>13100</cpf:codeInsee>"),
        "{xml}"
    );
}

#[test]
fn reruns_are_identical() {
    let dir = tempfile::tempdir().unwrap();
    for (name, _, _) in SAMPLES {
        let a = dir.path().join("a.xml");
        let b = dir.path().join("b.xml");
        assert!(convert(&sample(name), &a, &["--horodatage", STAMP])
            .status
            .success());
        assert!(convert(&sample(name), &b, &["--horodatage", STAMP])
            .status
            .success());
        assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
        // Without a fixed stamp, only the horodatage line may differ.
        assert!(convert(&sample(name), &b, &[]).status.success());
        let strip = |p: &PathBuf| -> Vec<String> {
            std::fs::read_to_string(p)
                .unwrap()
                .lines()
                .filter(|l| !l.contains("<cpf:horodatage>"))
                .map(str::to_string)
                .collect()
        };
        assert_eq!(strip(&a), strip(&b), "{name}");
        let stamp = std::fs::read_to_string(&b).unwrap();
        assert!(stamp.contains("+00:00</cpf:horodatage>"));
    }
}

#[test]
fn fix_on_csv_is_convert() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("convert.xml");
    let b = dir.path().join("fix.xml");
    let cfg = config();
    let input = sample("apogee.csv");
    let input = input.to_str().unwrap();
    assert!(convert(Path::new(input), &a, &["--horodatage", STAMP])
        .status
        .success());
    let o = run(&[
        "fix",
        input,
        "-o",
        b.to_str().unwrap(),
        "--config",
        &cfg,
        "--horodatage",
        STAMP,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    // --diff: the edits row by row, nothing written.
    // No configuration needed to see the edits.
    let o = run(&["fix", input, "--diff", "--unsafe-fixes"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("21000004 (ligne 5)\n"), "{out}");
    assert!(out.contains("21000005 (ligne 6)"), "{out}");
    assert!(out.contains("P010"), "{out}");
    assert!(out.contains("D003"), "{out}");
    // The unsafe fix is applied when asked: day and month become nil.
    let c = dir.path().join("unsafe.xml");
    assert!(convert(Path::new(input), &c, &["--unsafe-fixes"])
        .status
        .success());
    let xml = std::fs::read_to_string(&c).unwrap();
    let diop = &xml[xml.find("RNCP35001-21000004").unwrap()..];
    let diop = &diop[..diop.find("</cpf:passageCertification>").unwrap()];
    assert!(diop.contains("<cpf:moisNaissance xsi:nil=\"true\"/>"));
    assert_valid(&c);
}

const BAD: &str = "\
idTechnique;nomNaissance;nomUsage;prenom1;prenom2;anneeNaissance;moisNaissance;jourNaissance;sexe;codeInsee;codePostal;libelleCommuneNaissance;type;code;dateDebutValidite
E1;MARTIN;;Léa;;2001;3;14;F;69123;;LYON;RNCP;RNCP35001;2025-06-27
E2;DURAND;;Paul;;2000;1;2;X;75056;;PARIS;RNCP;RNCP35001;2025-06-27
E3;PETIT;;;;1999;5;6;M;75056;;PARIS;RNCP;RNCP35001;2025-06-27
E4;ROUX;;Anne;;1998;13;1;F;75056;;PARIS;RNCP;RNCP35001;2025-06-27
E5;BLANC;;Marc;1997;5;6;M;75056;;PARIS;RNCP;RNCP35001;2025-06-27
E1;MARTIN;;Léa;;2001;3;14;F;69123;;LYON;RNCP;RNCP35001;2025-06-27
E6;FAURE & FILS <SA>;;Lou;;2002;;;F;;13001;MARSEILLE;;35001;2025-06-28
E7;LEROY;;Tom;;2003;4;5;M;59350;;LILLE;RS;RS5432;2025-06-27
";

#[test]
fn refused_rows_are_excluded_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("export.csv");
    std::fs::write(&input, BAD).unwrap();
    let out = dir.path().join("depot.xml");
    let list = dir.path().join("exclues.csv");
    let o = convert(
        &input,
        &out,
        &[
            "--profile",
            "geode-talend",
            "--exclusions",
            list.to_str().unwrap(),
        ],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert_valid(&out);
    assert_eq!(
        excluded_lines(&err, "export.csv"),
        vec![3, 4, 5, 6, 7],
        "{err}"
    );
    assert!(err.contains(":3: E2 exclue"), "{err}");
    assert!(err.contains(":4: E3 exclue : prénom absent"), "{err}");
    assert!(err.contains(":7: E1 exclue : idTechnique"), "{err}");
    let xml = std::fs::read_to_string(&out).unwrap();
    assert_eq!(passages(&xml), 3);
    // Values escaped; a bare number gets its register's prefix; postal-code branch.
    assert!(xml.contains("<cpf:nomNaissance>FAURE &amp; FILS &lt;SA&gt;</cpf:nomNaissance>"));
    assert!(xml.contains("<cpf:idTechnique>RNCP35001-E6</cpf:idTechnique>"));
    assert!(xml.contains("<cpf:codePostal>13001</cpf:codePostal>"));
    // Certifications sorted by (type, code).
    assert!(xml.find("<cpf:code>RNCP35001</cpf:code>") < xml.find("<cpf:code>RS5432</cpf:code>"));
    let csv = std::fs::read_to_string(&list).unwrap();
    assert_eq!(csv.lines().count(), 6, "{csv}");
    assert!(csv.contains("4;E3;"), "{csv}");
}

#[test]
fn bad_configuration_or_command_line_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("depot.xml");
    let cfg = dir.path().join("bad.toml");
    std::fs::write(&cfg, "[emetteur]\nidClient = \"123\"\n").unwrap();
    let input = sample("apogee.csv");
    let o = run(&[
        "convert",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--config",
        cfg.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("emetteur.idClient"), "{}", stderr(&o));
    assert!(!out.exists());
    // Flags override the file.
    let o = run(&[
        "convert",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--config",
        cfg.to_str().unwrap(),
        "--emetteur",
        "99XYZ999",
        "--contrat",
        "C1",
        "--code",
        "RS1710",
        "--date-obtention",
        "2025-01-31",
        "--id-flux",
        "flux-1",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let xml = std::fs::read_to_string(&out).unwrap();
    assert!(xml.contains("<cpf:idFlux>flux-1</cpf:idFlux>"));
    assert!(xml.contains("<cpf:type>RS</cpf:type>"));
    assert!(xml.contains("<cpf:idTechnique>RS1710-21000001</cpf:idTechnique>"));
    // An existing output needs --force; a bad horodatage is refused.
    let o = run(&[
        "convert",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--config",
        &config(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let other = dir.path().join("other.xml");
    let o = run(&[
        "convert",
        input.to_str().unwrap(),
        "-o",
        other.to_str().unwrap(),
        "--config",
        &config(),
        "--horodatage",
        "2025-07-01T10:15:00Z",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!other.exists());
    // A deposit is not an export.
    let o = run(&[
        "convert",
        sample("depot-exemple.xml").to_str().unwrap(),
        "-o",
        other.to_str().unwrap(),
        "--config",
        &config(),
    ]);
    assert_eq!(o.status.code(), Some(2));
}

fn by_rule(path: &Path) -> (BTreeMap<String, u64>, Vec<(String, String)>) {
    let o = run(&["check", path.to_str().unwrap(), "--format", "json"]);
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let counts = doc["summary"]["by_rule"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
        .collect();
    let findings = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["record"].as_str().unwrap().to_string(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (counts, findings)
}

/// Checking the export and checking its conversion (without fixes) find the same things,
/// except on the excluded rows, which are not in the deposit.
#[test]
fn check_agrees_on_export_and_deposit() {
    let dir = tempfile::tempdir().unwrap();
    for (name, _, _) in SAMPLES {
        let out = dir.path().join("depot.xml");
        let o = convert(&sample(name), &out, &["--no-fix"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let err = stderr(&o);
        let excluded: Vec<String> = err
            .lines()
            .filter(|l| l.contains(" exclue : "))
            .filter_map(|l| l.split(": ").nth(2)?.split(' ').next().map(str::to_string))
            .collect();
        let (_, csv_findings) = by_rule(&sample(name));
        let mut expected: BTreeMap<String, u64> = BTreeMap::new();
        for (record, rule) in csv_findings {
            if !excluded.contains(&record) {
                *expected.entry(rule).or_default() += 1;
            }
        }
        let (got, _) = by_rule(&out);
        assert_eq!(got, expected, "{name}");
    }
}
