use super::*;
use crate::model::{Field, Record};
use proptest::prelude::*;

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn cp1252(s: &str) -> Vec<u8> {
    let (b, _, bad) = WINDOWS_1252.encode(s);
    assert!(!bad);
    b.into_owned()
}

fn all(path: &Path, profile: Option<&str>) -> Vec<Record> {
    open(path, profile)
        .unwrap_or_else(|e| panic!("{e}"))
        .map(|r| r.unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

fn t(r: &Record, f: Field) -> Option<&str> {
    r.text(f)
}

fn is_nil(r: &Record, f: Field) -> bool {
    r.get(f).is_some_and(|v| v.nil)
}

/// Opens, then returns the first error met (open or rows).
fn first_error(path: &Path, profile: Option<&str>) -> InputError {
    match open(path, profile) {
        Err(e) => e,
        Ok(rd) => rd
            .filter_map(Result::err)
            .next()
            .expect("an error was expected"),
    }
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

const APOGEE_HEAD: &str = "COD_ETU;LIB_NOM_PAT_IND;LIB_NOM_USU_IND;LIB_PR1_IND;LIB_PR2_IND;TEM_PR_USAGE;LIB_PR_ETA_CIV;COD_SEX_ETU;COD_SEX_ETA_CIV;DATE_NAI_IND;TEM_DATE_NAI_REL;COD_TYP_DEP_PAY_NAI;COD_DEP_PAY_NAI;COD_COM_NAI_ETU;LIB_VIL_NAI_ETU";

#[test]
fn apogee_sample_file() {
    let path = sample("apogee.csv");
    let rd = open(&path, None).unwrap();
    assert_eq!(rd.profile_name(), "apogee");
    assert_eq!(rd.encoding_name(), "windows-1252");
    assert_eq!(rd.separator(), b';');
    let recs: Vec<Record> = rd.map(Result::unwrap).collect();
    assert_eq!(recs.len(), 6);
    let lines: Vec<u64> = recs.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![2, 3, 4, 5, 6, 7], "CRLF lines");

    let r = &recs[0];
    assert_eq!((r.index, r.line, r.id.as_str()), (0, 2, "21000001"));
    assert_eq!(r.format, SourceFormat::Csv);
    assert_eq!(t(r, Field::NomNaissance), Some("LEFÈVRE"));
    assert_eq!(t(r, Field::Prenom1), Some("Hélène"));
    assert_eq!(t(r, Field::Prenom2), Some("Marie"));
    assert!(r.get(Field::Prenom3).is_none());
    assert!(is_nil(r, Field::NomUsage));
    assert_eq!(t(r, Field::AnneeNaissance), Some("2001"));
    assert_eq!(t(r, Field::MoisNaissance), Some("4"));
    assert_eq!(t(r, Field::JourNaissance), Some("3"));
    assert_eq!(t(r, Field::Sexe), Some("F"));
    assert_eq!(t(r, Field::CodeInsee), Some("75056"));
    assert!(r.get(Field::CodePaysNaissance).is_none());
    assert_eq!(t(r, Field::LibelleCommuneNaissance), Some("PARIS"));
    assert!(r.notes.is_empty());
    let loc = &r.get(Field::NomNaissance).unwrap().loc;
    assert_eq!(
        (loc.line, loc.column, &loc.element, &loc.content),
        (2, 0, &None, &None)
    );

    assert_eq!(t(&recs[1], Field::NomUsage), Some("DURAND"));

    // TEM_PR_USAGE = 'O': civil status wins, and the note names no one.
    let r = &recs[2];
    assert_eq!(t(r, Field::Prenom1), Some("Alexandra"));
    assert_eq!(t(r, Field::Sexe), Some("F"));
    assert_eq!(t(r, Field::Prenom2), Some("Noël"));
    let i001: Vec<_> = r.notes.iter().filter(|n| n.code == "I001").collect();
    assert_eq!(i001.len(), 2, "first name and sex");
    assert_eq!(i001[0].field, Some(Field::Prenom1));
    assert_eq!(i001[1].field, Some(Field::Sexe));
    for n in &i001 {
        assert!(!n.detail.contains("Alex"), "{}", n.detail);
        assert!(n.detail.contains("TEM_PR_USAGE"), "{}", n.detail);
    }

    // Born abroad, estimated birth date.
    let r = &recs[3];
    assert_eq!(t(r, Field::CodeInsee), Some("99341"));
    assert_eq!(t(r, Field::CodePaysNaissance), Some("341"));
    assert_eq!(t(r, Field::LibelleCommuneNaissance), Some("DAKAR"));
    assert!(r.notes.iter().any(|n| n.code == "I002"));
    assert!(!r.notes.iter().any(|n| n.code == "I003"));

    // Empty COD_COM_NAI_ETU: absent, noted for a later rule.
    let r = &recs[4];
    assert!(r.get(Field::CodeInsee).is_none());
    assert_eq!(
        t(r, Field::LibelleCommuneNaissance),
        Some("ST RÉMY DE PROVENCE")
    );
    let n = r.notes.iter().find(|n| n.code == "I003").unwrap();
    assert_eq!(n.field, Some(Field::CodeInsee));
    assert!(n.detail.contains("013"), "{}", n.detail);

    // Unknown day and month, Œ in Windows-1252.
    let r = &recs[5];
    assert_eq!(t(r, Field::NomNaissance), Some("BŒUF"));
    assert_eq!(t(r, Field::Prenom3), Some("Françoise"));
    assert_eq!(t(r, Field::AnneeNaissance), Some("1997"));
    assert!(is_nil(r, Field::MoisNaissance));
    assert!(is_nil(r, Field::JourNaissance));
    assert_eq!(t(r, Field::CodeInsee), Some("99109"));
}

#[test]
fn apogee_profile_applies_when_named() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{APOGEE_HEAD}\n1;DUPONT;;Lea;;N;;2;;1/2/2000 00:00:00;;D;075;;PARIS\n");
    let p = write(&dir, "a.csv", text.as_bytes());
    let rd = open(&p, Some("apogee")).unwrap();
    // Plain ASCII start: the profile's encoding is assumed.
    assert_eq!(rd.encoding_name(), "windows-1252");
    let recs: Vec<Record> = rd.map(Result::unwrap).collect();
    assert_eq!(t(&recs[0], Field::Sexe), Some("F"));
    assert_eq!(t(&recs[0], Field::MoisNaissance), Some("2"));
    assert_eq!(t(&recs[0], Field::JourNaissance), Some("1"));
}

#[test]
fn usage_flag_without_civil_first_name_keeps_usage_and_notes_it() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{APOGEE_HEAD}\n1;DUPONT;;Sam;;O;;M;;01/02/2000;;D;075;75056;PARIS\n");
    let p = write(&dir, "a.csv", text.as_bytes());
    let r = &all(&p, None)[0];
    assert_eq!(t(r, Field::Prenom1), Some("Sam"));
    assert_eq!(t(r, Field::Sexe), Some("M"));
    let n = r.notes.iter().find(|n| n.code == "I001").unwrap();
    assert!(n.detail.contains("vide"), "{}", n.detail);
    assert!(!n.detail.contains("Sam"));
}

#[test]
fn nir_column_gives_only_the_birth_month_note() {
    let dir = tempfile::tempdir().unwrap();
    let head = format!("{APOGEE_HEAD};COD_NNI_ETU");
    let text = format!(
        "{head}\n1;DUPONT;;Lea;;N;;F;;11/03/2001;;D;075;75056;PARIS;2 01 03 75 056 123\n\
         2;DURAND;;Paul;;N;;M;;11/03/2001;;D;075;75056;PARIS;1013375056123\n\
         3;MARTIN;;Ines;;N;;F;;11/03/2001;;D;075;75056;PARIS;70103\n\
         4;PETIT;;Jade;;N;;F;;11/03/2001;;D;075;75056;PARIS;\n"
    );
    let p = write(&dir, "a.csv", text.as_bytes());
    let recs = all(&p, None);
    let month = |r: &Record| {
        r.notes
            .iter()
            .find(|n| n.code == notes::NIR_BIRTH_MONTH)
            .map(|n| n.detail.clone())
    };
    assert_eq!(month(&recs[0]).as_deref(), Some("3"));
    // Month 33 (unknown month), temporary number, empty cell: no note.
    assert_eq!(month(&recs[1]), None);
    assert_eq!(month(&recs[2]), None);
    assert_eq!(month(&recs[3]), None);
    // The NIR itself is kept nowhere.
    for r in &recs {
        assert!(
            r.notes.iter().all(|n| !n.detail.contains("75")),
            "{:?}",
            r.notes
        );
    }
}

#[test]
fn usage_flag_with_same_civil_sex_notes_only_the_first_name() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        format!("{APOGEE_HEAD}\n1;DUPONT;;Sam;;O;Samuel;H;M;01/02/2000;;D;075;75056;PARIS\n");
    let p = write(&dir, "a.csv", text.as_bytes());
    let r = &all(&p, None)[0];
    assert_eq!(t(r, Field::Prenom1), Some("Samuel"));
    assert_eq!(t(r, Field::Sexe), Some("M"));
    let codes: Vec<_> = r.notes.iter().map(|n| (n.code, n.field)).collect();
    assert_eq!(codes, vec![("I001", Some(Field::Prenom1))]);
}

#[test]
fn error_directory_and_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let e = first_error(dir.path(), None);
    assert_eq!(e.path, dir.path());
    assert!(e.message_en.contains("directory"), "{e}");
    let e = first_error(&dir.path().join("absent.csv"), None);
    assert!(e.message_fr.contains("introuvable"), "{e}");
}

#[test]
fn talend_sample_with_bom_and_commas() {
    let rd = open(&sample("talend.csv"), None).unwrap();
    assert_eq!(rd.profile_name(), "geode-talend");
    assert_eq!(rd.encoding_name(), "UTF-8");
    assert_eq!(rd.separator(), b',');
    assert_eq!(rd.headers()[0], "idTechnique");
    let recs: Vec<Record> = rd.map(Result::unwrap).collect();
    assert_eq!(recs.len(), 4);
    let r = &recs[0];
    assert_eq!(r.id, "T-0001");
    assert_eq!(t(r, Field::JourNaissance), Some("4"));
    assert_eq!(r.certification.kind, "RNCP");
    assert_eq!(r.certification.code, "RNCP35001");
    assert_eq!(r.award_date.as_deref(), Some("2024-07-01"));
    assert!(r.get(Field::CodePostal).is_none());
    let r = &recs[1];
    assert!(is_nil(r, Field::MoisNaissance) && is_nil(r, Field::JourNaissance));
    assert_eq!(t(r, Field::CodePostal), Some("13001"));
    assert!(r.get(Field::CodeInsee).is_none());
    assert!(r.notes.is_empty());
    let r = &recs[2];
    assert_eq!(t(r, Field::CodeInsee), Some("99341"));
    assert_eq!(t(r, Field::CodePaysNaissance), Some("341"));
    assert_eq!(t(r, Field::LibellePaysNaissance), Some("SÉNÉGAL"));
    assert_eq!(t(&recs[3], Field::Prenom1), Some("Jean-Pierre"));
    assert_eq!(recs[3].award_date.as_deref(), Some("2024-06-15"));
}

#[test]
fn pegase_sample() {
    let rd = open(&sample("pegase.csv"), None).unwrap();
    assert_eq!(rd.profile_name(), "pegase");
    let recs: Vec<Record> = rd.map(Result::unwrap).collect();
    assert_eq!(recs.len(), 3);
    let r = &recs[0];
    assert_eq!(r.id, "P000101");
    assert_eq!(t(r, Field::CodeInsee), Some("31555"));
    assert!(r.get(Field::CodePaysNaissance).is_none(), "100 = France");
    assert_eq!(t(r, Field::MoisNaissance), Some("5"));
    let r = &recs[1];
    assert_eq!(t(r, Field::CodeInsee), Some("99243"));
    assert_eq!(t(r, Field::CodePaysNaissance), Some("243"));
    assert_eq!(t(r, Field::LibelleCommuneNaissance), Some("HANOÏ"));
    assert_eq!(t(r, Field::NomUsage), Some("PETIT"));
    assert!(recs[2].notes.iter().any(|n| n.code == "I003"));
}

#[test]
fn excel_template_serial_dates_and_nill() {
    let dir = tempfile::tempdir().unwrap();
    let text = "ID Technique;Nom de naissance;Nom d'usage;Prénom 1;Année de naissance;Mois de naissance;Jour de naissance;Sexe;Code Insee Commune Naissance;Code Postal Commune Naissance;Type;Code;Date de début de validité\n\
                X1;MARTIN;NILL;Paul;2001;NILL;NILL;H;NILL;75011;RNCP;RNCP1;45000\n\
                X2;PETIT;;Julie;1999;03;07;F;69123;NILL;RNCP;RNCP1;15/03/2023\n";
    let p = write(&dir, "x.csv", text.as_bytes());
    let rd = open(&p, None).unwrap();
    assert_eq!(rd.profile_name(), "excel-template");
    let recs: Vec<Record> = rd.map(Result::unwrap).collect();
    let r = &recs[0];
    assert!(is_nil(r, Field::NomUsage));
    assert!(is_nil(r, Field::MoisNaissance));
    assert_eq!(t(r, Field::Sexe), Some("M"));
    assert_eq!(t(r, Field::CodePostal), Some("75011"));
    assert!(r.get(Field::CodeInsee).is_none());
    assert_eq!(r.award_date.as_deref(), Some("2023-03-15"));
    let r = &recs[1];
    assert_eq!(t(r, Field::MoisNaissance), Some("3"));
    assert_eq!(t(r, Field::JourNaissance), Some("7"));
    assert_eq!(t(r, Field::CodeInsee), Some("69123"));
    assert!(r.get(Field::CodePostal).is_none());
    assert_eq!(r.award_date.as_deref(), Some("2023-03-15"));
}

#[test]
fn generic_profile_tab_separator_and_row_key_fallback() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Nom\tPrénom\tSexe\tDate de naissance\tCommune de naissance\n\
                DURAND\tLéa\tfemme\t05.06.2001\tNANTES\n";
    let p = write(&dir, "g.tsv", text.as_bytes());
    let rd = open(&p, None).unwrap();
    assert_eq!(rd.profile_name(), "generic");
    assert_eq!(rd.separator(), b'\t');
    let recs: Vec<Record> = rd.map(Result::unwrap).collect();
    assert_eq!(recs[0].id, "ligne 2");
    assert_eq!(t(&recs[0], Field::Sexe), Some("F"));
    assert_eq!(t(&recs[0], Field::MoisNaissance), Some("6"));
    assert!(is_nil(&recs[0], Field::NomUsage));
}

#[test]
fn pipe_separator_and_quoted_multiline_cells_keep_physical_lines() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Nom|Prénom|Sexe|Date de naissance|Commune de naissance\n\
                DURAND|Léa|F|05/06/2001|\"NANTES\nCEDEX\"\n\
                \n\
                MARTIN|Paul|M|01/01/2000|LYON\n\
                ||||\n\
                PETIT|Zoé|F|02/02/2002|LILLE\n";
    let p = write(&dir, "g.csv", text.as_bytes());
    let rd = open(&p, None).unwrap();
    assert_eq!(rd.separator(), b'|');
    let recs: Vec<Record> = rd.map(Result::unwrap).collect();
    let lines: Vec<(usize, u64)> = recs.iter().map(|r| (r.index, r.line)).collect();
    assert_eq!(lines, vec![(0, 2), (1, 5), (2, 7)]);
    assert_eq!(recs[1].id, "ligne 5");
}

#[test]
fn crlf_multiline_header_and_cells() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Nom;\"Prénom\r\n(état civil)\";Prénom;Sexe;Date de naissance\r\n\
                A;x;B;M;01/01/2000\r\n\
                C;\"y\r\nz\";D;F;02/02/2000\r\n\
                \r\n\
                E;w;F;M;03/03/2000";
    let p = write(&dir, "c.csv", text.as_bytes());
    let rd = open(&p, None).unwrap();
    assert_eq!(rd.headers()[1], "Prénom\r\n(état civil)");
    let lines: Vec<u64> = rd.map(|r| r.unwrap().line).collect();
    assert_eq!(lines, vec![3, 4, 7]);
}

#[test]
fn old_mac_line_endings() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Nom;Prénom;Sexe;Date de naissance\rA;B;M;01/01/2000\r\rC;\"x\ry\";F;02/02/2000\rE;F;M;03/03/2000\r";
    let p = write(&dir, "mac.csv", text.as_bytes());
    let lines: Vec<u64> = open(&p, None).unwrap().map(|r| r.unwrap().line).collect();
    assert_eq!(lines, vec![2, 4, 6]);
}

#[test]
fn line_breaks_across_transcoder_chunks() {
    // A CRLF split across the transcoder's 32 KiB output chunks is still one break.
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("Nom;Prénom;Sexe;Date de naissance\r\n");
    for i in 0..3000 {
        let pad = "X".repeat(i % 37);
        text.push_str(&format!("A{pad};B;M;01/01/2000\r\n"));
    }
    let expected: Vec<u64> = (2..3002).collect();
    let p = write(&dir, "chunks.csv", text.as_bytes());
    let lines: Vec<u64> = open(&p, None).unwrap().map(|r| r.unwrap().line).collect();
    assert_eq!(lines, expected);
}

#[test]
fn user_profile_from_path() {
    let dir = tempfile::tempdir().unwrap();
    let prof = write(
        &dir,
        "maison.toml",
        br#"name = "maison"
separator = "|"
date_formats = ["YYYYMMDD"]
[sex]
G = "M"
[columns]
key = "NUM"
nomNaissance = ["NOM_NAISS", "NOM"]
prenom1 = "PRENOM"
sexe = "S"
dateNaissance = "NE_LE"
"#,
    );
    let p = write(
        &dir,
        "m.csv",
        b"NUM|nom|PRENOM|S|NE_LE\n42|ABADIE|Yann|G|20010403\n",
    );
    let rd = open(&p, Some(prof.to_str().unwrap())).unwrap();
    assert_eq!(rd.profile_name(), "maison");
    let recs: Vec<Record> = rd.map(Result::unwrap).collect();
    assert_eq!(recs[0].id, "42");
    assert_eq!(t(&recs[0], Field::Sexe), Some("M"));
    assert_eq!(t(&recs[0], Field::JourNaissance), Some("3"));
    assert_eq!(t(&recs[0], Field::NomNaissance), Some("ABADIE"));
}

#[test]
fn reader_is_send_for_the_engine_thread() {
    fn assert_send<T: Send>() {}
    assert_send::<CsvReader>();
}

#[test]
fn separator_detection() {
    assert_eq!(detect_separator("a;b;c"), Some(b';'));
    assert_eq!(detect_separator("a,b,c;d"), Some(b','));
    assert_eq!(detect_separator("a\tb"), Some(b'\t'));
    assert_eq!(detect_separator("a|b|c"), Some(b'|'));
    assert_eq!(detect_separator("\"a;b\",c"), Some(b','));
    assert_eq!(detect_separator("a;b,c"), Some(b';'), "ties go to ';'");
    assert_eq!(detect_separator("abc"), None);
    assert_eq!(detect_separator("\n\na|b\n"), Some(b'|'));
    // "Nom, prénom" holds a comma, but only ';' is consistent on the data lines.
    assert_eq!(
        detect_separator("Nom, prénom,x;Date;Sexe\nDUPONT Jean;01/01/2000;M\nA B;02/02/2000;F\n"),
        Some(b';')
    );
}

#[test]
fn encoding_detection() {
    assert_eq!(utf8_state(b"abc"), Utf8State::Ascii);
    assert_eq!(utf8_state("é".as_bytes()), Utf8State::NonAscii);
    assert_eq!(
        utf8_state(&"é".as_bytes()[..1]),
        Utf8State::NonAscii,
        "cut inside"
    );
    assert_eq!(utf8_state(b"\xe9t\xe9"), Utf8State::Invalid);
}

fn assert_err(e: &InputError, fr: &str, en: &str, line: Option<u64>) {
    assert!(e.message_fr.contains(fr), "fr: {}", e.message_fr);
    assert!(e.message_en.contains(en), "en: {}", e.message_en);
    assert_eq!(e.line, line, "{e}");
}

#[test]
fn error_empty_file() {
    let dir = tempfile::tempdir().unwrap();
    for bytes in [&b""[..], b"\xef\xbb\xbf", b"\n\n  \r\n"] {
        let p = write(&dir, "e.csv", bytes);
        let e = first_error(&p, None);
        assert_err(&e, "fichier vide", "empty file", None);
        assert_eq!(e.path, p);
    }
}

#[test]
fn error_no_data_rows() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        &dir,
        "h.csv",
        format!("{APOGEE_HEAD}\r\n;;;;\r\n").as_bytes(),
    );
    assert_err(
        &first_error(&p, None),
        "aucune ligne de données",
        "no data rows",
        Some(1),
    );
}

#[test]
fn error_utf16() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    for u in "Nom;Prénom\n".encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    let p = write(&dir, "u.csv", &bytes);
    assert_err(&first_error(&p, None), "UTF-16", "UTF-16", None);
    let p = write(&dir, "u2.csv", &bytes[2..]);
    assert_err(&first_error(&p, None), "UTF-16", "UTF-16", Some(1));
}

#[test]
fn error_unknown_profile_and_unrecognised_header() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "a.csv", b"x;y\n1;2\n");
    let e = first_error(&p, Some("scolarix"));
    assert_err(&e, "profil inconnu « scolarix »", "unknown profile", None);
    assert!(e.message_fr.contains("apogee, pegase"), "{}", e.message_fr);
    let e = first_error(&p, None);
    assert_err(&e, "en-tête non reconnu", "unrecognised header", Some(1));
    assert!(e.message_fr.contains("generic"), "{}", e.message_fr);
    let e = first_error(&p, Some(dir.path().join("absent.toml").to_str().unwrap()));
    assert_err(&e, "introuvable", "not found", None);
    let p = write(&dir, "b.csv", b"abc\n1\n");
    assert_err(
        &first_error(&p, None),
        "aucun séparateur",
        "no separator",
        Some(1),
    );
}

#[test]
fn error_missing_required_column() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        &dir,
        "a.csv",
        b"COD_ETU;LIB_NOM_PAT_IND;COD_SEX_ETU\n1;A;M\n",
    );
    let e = first_error(&p, Some("apogee"));
    assert_err(
        &e,
        "colonnes obligatoires absentes",
        "required columns missing",
        Some(1),
    );
    assert!(
        e.message_fr.contains("prenom1 (LIB_PR1_IND)"),
        "{}",
        e.message_fr
    );
    assert_eq!(e.field.as_deref(), Some("prenom1"));
}

#[test]
fn error_ragged_row() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Nom;Prénom;Sexe;Date de naissance\nA;B;M;01/01/2000\nC;D;M\nE;F;M;01/01/2000;x\nG;H;F;01/01/2000;;\n";
    let p = write(&dir, "r.csv", text.as_bytes());
    let res: Vec<_> = open(&p, None).unwrap().collect();
    assert_eq!(res.len(), 4);
    assert!(res[0].is_ok());
    assert_err(
        res[1].as_ref().unwrap_err(),
        "3 cellules au lieu de 4",
        "3 cells instead of 4",
        Some(3),
    );
    assert_err(
        res[2].as_ref().unwrap_err(),
        "5 cellules au lieu de 4",
        "5 cells",
        Some(4),
    );
    assert!(res[3].is_ok(), "trailing empty cells are tolerated");
}

#[test]
fn error_unbalanced_quotes() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Nom;Prénom;Sexe;Date de naissance\nA;B;M;01/01/2000\n\"C;D;M;01/01/2000\nE;F;M;01/01/2000\n";
    let p = write(&dir, "q.csv", text.as_bytes());
    assert_err(
        &first_error(&p, None),
        "guillemet non fermé",
        "unbalanced quote",
        Some(3),
    );
    // In the last column, the count of cells still matches.
    let text = "Nom;Prénom;Sexe;Date de naissance\nA;B;M;01/01/2000\nC;D;M;\"01/01/2000\nE;F;M;01/01/2000\n";
    let p = write(&dir, "q2.csv", text.as_bytes());
    assert_err(
        &first_error(&p, None),
        "guillemet non fermé",
        "unbalanced quote",
        Some(3),
    );
}

#[test]
fn error_mixed_separators() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Nom;Prénom;Sexe;Date de naissance\nA;B;M;01/01/2000\nC,D,M,01/01/2000\n";
    let p = write(&dir, "m.csv", text.as_bytes());
    assert_err(
        &first_error(&p, None),
        "séparateurs mélangés",
        "mixed separators",
        Some(3),
    );
}

#[test]
fn error_invalid_date() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{APOGEE_HEAD}\n1;DUPONT;;Lea;;N;;F;;31/13/2000;;D;075;;PARIS\n");
    let p = write(&dir, "d.csv", text.as_bytes());
    let e = first_error(&p, None);
    assert_err(&e, "date invalide", "invalid date", Some(2));
    assert_eq!(e.field.as_deref(), Some("DATE_NAI_IND"));
    // Personal data: the date is attached, not written in the message.
    assert_eq!(e.value.as_deref(), Some("31/13/2000"));
    assert!(!e.to_string().contains("31/13"), "{e}");
    assert!(e
        .render_with(crate::lang::Lang::Fr, true)
        .contains("« 31/13/2000 »"));
    let text = "idTechnique,nomNaissance,prenom1,anneeNaissance,moisNaissance,jourNaissance,sexe,nomUsage,codeInsee\nT,A,B,2000,13,1,M,,75056\n";
    let p = write(&dir, "d2.csv", text.as_bytes());
    let e = first_error(&p, None);
    assert_err(&e, "date invalide", "invalid date", Some(2));
    assert_eq!(e.field.as_deref(), Some("moisNaissance"));
}

#[test]
fn error_unknown_sex_code() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{APOGEE_HEAD}\n1;DUPONT;;Lea;;N;;F;;01/01/2000;;D;075;;PARIS\n2;DUPONT;;Lea;;N;;X;;01/01/2000;;D;075;;PARIS\n");
    let p = write(&dir, "s.csv", text.as_bytes());
    let e = first_error(&p, None);
    assert_err(&e, "code sexe inconnu", "unknown sex code", Some(3));
    assert_eq!(e.value.as_deref(), Some("X"));
    assert_eq!(e.field.as_deref(), Some("COD_SEX_ETU"));
    assert!(e.to_string().contains("s.csv:3: champ COD_SEX_ETU"), "{e}");
}

#[test]
fn error_invalid_utf8_after_the_sample() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("Nom;Prénom;Sexe;Date de naissance\n");
    let row = "DURAND;Lea;F;01/01/2000\n";
    let n = SAMPLE / row.len() + 10;
    for _ in 0..n {
        text.push_str(row);
    }
    let mut bytes = text.into_bytes();
    bytes.extend(cp1252("MARTIN;Zoé;F;01/01/2000\n"));
    let p = write(&dir, "big.csv", &bytes);
    let rd = open(&p, None).unwrap();
    assert_eq!(rd.encoding_name(), "UTF-8");
    let res: Vec<_> = rd.collect();
    assert_eq!(res.len(), n + 1);
    let e = res.last().unwrap().as_ref().unwrap_err();
    assert_err(
        e,
        "mélange des encodages",
        "mixes encodings",
        Some(n as u64 + 2),
    );
}

#[test]
fn windows_1252_is_streamed_past_the_sample() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(APOGEE_HEAD);
    text.push('\n');
    let row = "1;LEFÈVRE;;Hélène;;N;;F;;01/01/2000;;D;075;75056;PARIS\n";
    let n = SAMPLE / row.len() + 10;
    for _ in 0..n {
        text.push_str(row);
    }
    let p = write(&dir, "big.csv", &cp1252(&text));
    let rd = open(&p, None).unwrap();
    let mut count = 0;
    for r in rd {
        let r = r.unwrap();
        assert_eq!(r.text(Field::Prenom1), Some("Hélène"));
        count += 1;
    }
    assert_eq!(count, n);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let dir = tempfile::tempdir().unwrap();
        let p = write(&dir, "f.csv", &bytes);
        for prof in [None, Some("apogee"), Some("generic"), Some("excel-template")] {
            if let Ok(rd) = open(&p, prof) {
                for r in rd.take(1000) {
                    let _ = r;
                }
            }
        }
    }

    #[test]
    fn header_then_any_bytes_never_panic(tail in proptest::collection::vec(
        prop_oneof![Just(b';'), Just(b'"'), Just(b'\n'), Just(b'\r'), Just(b'/'), Just(b','), any::<u8>(), b'0'..=b'9'],
        0..400,
    )) {
        let dir = tempfile::tempdir().unwrap();
        let mut bytes = format!("{APOGEE_HEAD}\n").into_bytes();
        bytes.extend(tail);
        let p = write(&dir, "f.csv", &bytes);
        if let Ok(rd) = open(&p, None) {
            for r in rd.take(1000) {
                let _ = r;
            }
        }
    }
}
