//! Bad input: exit 2, a French message naming the file (and line, column, element when
//! known), never a panic.
mod common;
use common::*;
use std::io::Write;

fn check_bytes(name: &str, bytes: &[u8]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join(name);
    std::fs::File::create(&p).unwrap().write_all(bytes).unwrap();
    let o = run(&["check", p.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
    (o.status.code(), err)
}

const OK_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<cpf:flux xmlns:cpf="urn:cdc:cpf:pc5:schema:1.0.0">
  <cpf:idFlux>x</cpf:idFlux>
"#;

#[test]
fn missing_file() {
    let o = run(&["check", "/nonexistent/depot.xml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("/nonexistent/depot.xml: fichier introuvable"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn directory_given() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("dossier"), "{}", stderr(&o));
}

#[test]
fn truncated_xml_names_line_and_element() {
    let text = std::fs::read_to_string(sample("depot-exemple.xml")).unwrap();
    let cut = &text[..text.len() / 2];
    let (code, err) = check_bytes("tronque.xml", cut.as_bytes());
    assert_eq!(code, Some(2));
    assert!(err.contains("tronque.xml:"), "{err}");
    assert!(
        err.contains("fin de fichier inattendue")
            || err.contains("non fermée")
            || err.contains("mal formé"),
        "{err}"
    );
}

#[test]
fn wrong_namespace() {
    let (code, err) = check_bytes(
        "ns.xml",
        br#"<?xml version="1.0"?><cpf:flux xmlns:cpf="urn:cdc:cpf:pc5:schema:0.0.7"/>"#,
    );
    assert_eq!(code, Some(2));
    assert!(err.contains("espace de noms"), "{err}");
    assert!(err.contains("ns.xml:1:"), "{err}");
}

#[test]
fn wrong_root() {
    let (code, err) = check_bytes("root.xml", b"<?xml version=\"1.0\"?>\n<rapport/>");
    assert_eq!(code, Some(2));
    assert!(err.contains("root.xml:2:1"), "{err}");
    assert!(err.contains("élément racine inattendu"), "{err}");
}

#[test]
fn not_xml_at_all() {
    let (code, err) = check_bytes("garbage.xml", &[0x00, 0x9f, 0x92, 0x96, 0xff, 0x00]);
    assert_eq!(code, Some(2));
    assert!(err.contains("garbage.xml"), "{err}");
}

#[test]
fn empty_file() {
    let (code, err) = check_bytes("vide.xml", b"");
    assert_eq!(code, Some(2));
    assert!(err.contains("fichier vide"), "{err}");
}

#[test]
fn dtd_and_entities_refused() {
    let bomb = br#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<cpf:flux xmlns:cpf="urn:cdc:cpf:pc5:schema:1.0.0">&lol2;</cpf:flux>"#;
    let (code, err) = check_bytes("bomb.xml", bomb);
    assert_eq!(code, Some(2));
    assert!(err.contains("DOCTYPE"), "{err}");
    let xxe = br#"<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd"><x/>"#;
    assert_eq!(check_bytes("xxe.xml", xxe).0, Some(2));
}

#[test]
fn latin1_bytes_in_a_utf8_file() {
    let mut bytes = OK_HEAD.as_bytes().to_vec();
    bytes.extend_from_slice(
        b"  <cpf:emetteur><cpf:idClient>L\xe9a</cpf:idClient></cpf:emetteur>\n</cpf:flux>\n",
    );
    let (code, err) = check_bytes("latin1.xml", &bytes);
    assert_eq!(code, Some(2));
    assert!(err.contains("UTF-8"), "{err}");
    assert!(err.contains("latin1.xml:4:"), "{err}");
}

#[test]
fn duplicate_id_technique() {
    let text = std::fs::read_to_string(sample("depot-exemple.xml")).unwrap();
    let dup = text.replace("2025-LIC-000002", "2025-LIC-000001");
    let (code, err) = check_bytes("doublon.xml", dup.as_bytes());
    assert_eq!(code, Some(2));
    assert!(err.contains("idTechnique en double"), "{err}");
}

#[test]
fn deep_nesting_is_bounded() {
    let mut s = String::from(r#"<cpf:flux xmlns:cpf="urn:cdc:cpf:pc5:schema:1.0.0">"#);
    for _ in 0..10_000 {
        s.push_str("<a>");
    }
    let (code, err) = check_bytes("profond.xml", s.as_bytes());
    assert_eq!(code, Some(2));
    assert!(err.contains("imbrication"), "{err}");
}

#[test]
fn utf16_refused() {
    let (code, err) = check_bytes("utf16.xml", b"\xFF\xFE<\x00?\x00x\x00");
    assert_eq!(code, Some(2));
    assert!(err.contains("UTF-16"), "{err}");
}
