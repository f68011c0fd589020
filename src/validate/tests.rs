//! Unit tests per constraint family, on variants of the FORMAT.md §6 sample.

use super::*;

const SAMPLE: &str = include_str!("../../tests/schema/valid/01_format_sample.xml");

fn errs(doc: &str) -> Vec<SchemaError> {
    validate_bytes(doc.as_bytes()).expect("well-formed")
}

/// Replaces the first occurrence of `from` in the sample and validates.
fn with(from: &str, to: &str) -> Vec<SchemaError> {
    assert!(SAMPLE.contains(from), "{from:?} not in sample");
    errs(&SAMPLE.replacen(from, to, 1))
}

fn codes(e: &[SchemaError]) -> Vec<&'static str> {
    e.iter().map(|e| e.code).collect()
}

fn one(from: &str, to: &str, code: &str, element: &str) -> SchemaError {
    let e = with(from, to);
    assert_eq!(codes(&e), [code], "{from:?} -> {to:?}: {e:#?}");
    assert_eq!(e[0].element, element);
    e.into_iter().next().unwrap()
}

#[test]
fn sample_is_valid() {
    assert!(errs(SAMPLE).is_empty());
}

#[test]
fn unknown_elements_and_attributes() {
    let e = one(
        "<cpf:sexe>F</cpf:sexe>",
        "<cpf:sexe>F</cpf:sexe><cpf:titre>x</cpf:titre>",
        "cvc-complex-type.2.4.a",
        "cpf:titre",
    );
    assert!(e.message_fr.starts_with(
        "cvc-complex-type.2.4.a : Contenu non valide trouvé à partir de l'élément 'cpf:titre'"
    ));
    // Unknown element with children: the subtree is skipped, one error only.
    one(
        "<cpf:emetteur>",
        "<cpf:emetteur><coucou><a/>text</coucou>",
        "cvc-complex-type.2.4.a",
        "coucou",
    );
    // Wrong spelling of voieAccessVAE.
    one(
        "</cpf:modaliteAcces>",
        "</cpf:modaliteAcces><cpf:voieAccesVAE>VAE_CLASSIQUE</cpf:voieAccesVAE>",
        "cvc-complex-type.2.4.a",
        "cpf:voieAccesVAE",
    );
    one(
        "<cpf:emetteur>",
        "<cpf:emetteur foo=\"1\">",
        "cvc-complex-type.3.2.2",
        "cpf:emetteur",
    );
    one(
        "<cpf:sexe>",
        "<cpf:sexe lang=\"fr\">",
        "cvc-type.3.1.1",
        "cpf:sexe",
    );
    // xsi:schemaLocation is allowed.
    assert!(with(
        "<cpf:emetteur>",
        "<cpf:emetteur xsi:schemaLocation=\"urn:x y.xsd\">"
    )
    .is_empty());
}

#[test]
fn all_groups_cardinalities() {
    // Duplicate child.
    let e = one(
        "<cpf:sexe>F</cpf:sexe>",
        "<cpf:sexe>F</cpf:sexe><cpf:sexe>F</cpf:sexe>",
        "cvc-complex-type.2.4.a",
        "cpf:sexe",
    );
    assert_eq!(e.line, 39);
    // Missing required child: reported on the parent start tag.
    let e = one(
        "<cpf:sexe>F</cpf:sexe>",
        "",
        "cvc-complex-type.2.4.b",
        "cpf:titulaire",
    );
    assert_eq!((e.line, e.column), (31, 19));
    assert!(e
        .message_fr
        .contains("\"urn:cdc:cpf:pc5:schema:1.0.0\":sexe"));
    // Order is free.
    assert!(with(
        "<cpf:idFlux>0b6f2c1e-5a7d-4e0a-9c1b-3f2d8e7a6b51</cpf:idFlux>\n  <cpf:horodatage>2025-07-01T10:15:00+02:00</cpf:horodatage>",
        "<cpf:horodatage>2025-07-01T10:15:00+02:00</cpf:horodatage><cpf:idFlux>x</cpf:idFlux>"
    )
    .is_empty());
    // modalitesInscription cannot be empty.
    one(
        "<cpf:modaliteAcces>FORMATION_INITIALE_HORS_APPRENTISSAGE</cpf:modaliteAcces>",
        "",
        "cvc-complex-type.2.4.b",
        "cpf:modalitesInscription",
    );
    // Second certificateur.
    one(
        "</cpf:certificateur>",
        "</cpf:certificateur><cpf:certificateur/>",
        "cvc-complex-type.2.4.d",
        "cpf:certificateur",
    );
}

#[test]
fn list_wrappers() {
    let start = SAMPLE.find("<cpf:passageCertifications>").unwrap();
    let end = SAMPLE.find("</cpf:passageCertifications>").unwrap();
    let doc = format!(
        "{}<cpf:passageCertifications>{}",
        &SAMPLE[..start],
        &SAMPLE[end..]
    );
    let e = errs(&doc);
    assert_eq!(codes(&e), ["cvc-complex-type.2.4.b"]);
    assert_eq!(e[0].element, "cpf:passageCertifications");
    one(
        "<cpf:passageCertification>",
        "<cpf:passage/><cpf:passageCertification>",
        "cvc-complex-type.2.4.a",
        "cpf:passage",
    );
    // Empty DigComp block and empty resultats are valid.
    assert!(with(
        "<cpf:scoring xsi:nil=\"true\"/>",
        "<cpf:scoring xsi:nil=\"true\"/><cpf:niveauNumeriqueEuropeen><cpf:resultats/></cpf:niveauNumeriqueEuropeen>"
    )
    .is_empty());
}

#[test]
fn exclusive_choices() {
    one(
        "</cpf:codeInseeNaissance>",
        "</cpf:codeInseeNaissance><cpf:codePostalNaissance><cpf:codePostal>69001</cpf:codePostal></cpf:codePostalNaissance>",
        "cvc-complex-type.2.4.d",
        "cpf:codePostalNaissance",
    );
    one(
        "<cpf:codeInseeNaissance>\n                        <cpf:codeInsee>69123</cpf:codeInsee>\n                      </cpf:codeInseeNaissance>",
        "",
        "cvc-complex-type.2.4.b",
        "cpf:codeCommuneNaissance",
    );
    one(
        "<cpf:titulaire>",
        "<cpf:dossierFormation><cpf:idDossier>1</cpf:idDossier><cpf:nomTitulaire>A</cpf:nomTitulaire><cpf:prenom1Titulaire>B</cpf:prenom1Titulaire></cpf:dossierFormation><cpf:titulaire>",
        "cvc-complex-type.2.4.d",
        "cpf:titulaire",
    );
    one(
        "<cpf:codeInsee>69123</cpf:codeInsee>",
        "<cpf:codeInsee>69123</cpf:codeInsee><cpf:codeInsee>69123</cpf:codeInsee>",
        "cvc-complex-type.2.4.d",
        "cpf:codeInsee",
    );
}

#[test]
fn string_lengths_in_characters() {
    let long = "é".repeat(60);
    assert!(with(
        "<cpf:nomNaissance>MARTIN<",
        &format!("<cpf:nomNaissance>{long}<")
    )
    .is_empty());
    let e = one(
        "<cpf:nomNaissance>MARTIN<",
        &format!("<cpf:nomNaissance>{long}é<"),
        "cvc-maxLength-valid",
        "cpf:nomNaissance",
    );
    assert!(e.message_fr.contains("'61'"));
    one(
        "<cpf:idClient>12ABC345<",
        "<cpf:idClient>1234567<",
        "cvc-length-valid",
        "cpf:idClient",
    );
    one(
        "<cpf:prenom2>Marie</cpf:prenom2>",
        "<cpf:prenom2/>",
        "cvc-minLength-valid",
        "cpf:prenom2",
    );
    // Whitespace is preserved and counts.
    assert!(with("<cpf:prenom2>Marie<", "<cpf:prenom2> <").is_empty());
    one(
        "<cpf:codeInsee>69123<",
        "<cpf:codeInsee> 69123<",
        "cvc-length-valid",
        "cpf:codeInsee",
    );
}

#[test]
fn enumerations() {
    let e = one(
        "<cpf:sexe>F<",
        "<cpf:sexe>H<",
        "cvc-enumeration-valid",
        "cpf:sexe",
    );
    assert_eq!(
        e.message_fr,
        "cvc-enumeration-valid : La valeur 'H' n'est pas un facet valide par rapport à l'énumération '[M, F]'. Il doit s'agir d'une valeur provenant de l'énumération."
    );
    assert_eq!((e.line, e.column), (39, 21));
    one(
        "<cpf:sexe>F<",
        "<cpf:sexe>F <",
        "cvc-enumeration-valid",
        "cpf:sexe",
    );
    one(
        "<cpf:natureDeposant>CERTIFICATEUR<",
        "<cpf:natureDeposant>TIERS_DE_CONFIANCE<",
        "cvc-enumeration-valid",
        "cpf:natureDeposant",
    );
}

#[test]
fn ints() {
    assert!(with("<cpf:moisNaissance>3<", "<cpf:moisNaissance>03<").is_empty());
    assert!(with("<cpf:moisNaissance>3<", "<cpf:moisNaissance>+3<").is_empty());
    one(
        "<cpf:moisNaissance>3<",
        "<cpf:moisNaissance>13<",
        "cvc-maxInclusive-valid",
        "cpf:moisNaissance",
    );
    one(
        "<cpf:jourNaissance>14<",
        "<cpf:jourNaissance>0<",
        "cvc-minInclusive-valid",
        "cpf:jourNaissance",
    );
    one(
        "<cpf:anneeNaissance>2001<",
        "<cpf:anneeNaissance> 2001 <",
        "cvc-datatype-valid.1.2.1",
        "cpf:anneeNaissance",
    );
    one(
        "<cpf:anneeNaissance>2001<",
        "<cpf:anneeNaissance>1899<",
        "cvc-minInclusive-valid",
        "cpf:anneeNaissance",
    );
    one(
        "<cpf:moisNaissance>3</cpf:moisNaissance>",
        "<cpf:moisNaissance/>",
        "cvc-datatype-valid.1.2.1",
        "cpf:moisNaissance",
    );
}

#[test]
fn booleans() {
    assert!(with("<cpf:donneeCertifiee>true<", "<cpf:donneeCertifiee>1<").is_empty());
    assert!(with(
        "<cpf:donneeCertifiee>true<",
        "<cpf:donneeCertifiee> false <"
    )
    .is_empty());
    one(
        "<cpf:donneeCertifiee>true<",
        "<cpf:donneeCertifiee>TRUE<",
        "cvc-datatype-valid.1.2.1",
        "cpf:donneeCertifiee",
    );
    one(
        "<cpf:donneeCertifiee>true<",
        "<cpf:donneeCertifiee>OUI<",
        "cvc-datatype-valid.1.2.1",
        "cpf:donneeCertifiee",
    );
}

#[test]
fn dates_and_date_times() {
    one(
        "<cpf:dateDebutValidite>2025-06-27<",
        "<cpf:dateDebutValidite>2025-02-31<",
        "cvc-datatype-valid.1.2.1",
        "cpf:dateDebutValidite",
    );
    one(
        "<cpf:dateDebutValidite>2025-06-27<",
        "<cpf:dateDebutValidite>2025-06-27Z<",
        "cvc-pattern-valid",
        "cpf:dateDebutValidite",
    );
    one(
        "<cpf:dateDebutValidite>2025-06-27<",
        "<cpf:dateDebutValidite>27/06/2025<",
        "cvc-datatype-valid.1.2.1",
        "cpf:dateDebutValidite",
    );
    assert!(with(
        "<cpf:dateDebutValidite>2025-06-27<",
        "<cpf:dateDebutValidite> 2024-02-29 <"
    )
    .is_empty());
    one("+02:00<", "Z<", "cvc-pattern-valid", "cpf:horodatage");
    one(
        "+02:00<",
        "+2:00<",
        "cvc-datatype-valid.1.2.1",
        "cpf:horodatage",
    );
    one(
        "10:15:00+02:00<",
        "10:15:00.123+02:00<",
        "cvc-pattern-valid",
        "cpf:horodatage",
    );
    one(
        "10:15:00+02:00<",
        "10:15:00<",
        "cvc-pattern-valid",
        "cpf:horodatage",
    );
    assert!(with("10:15:00+02:00<", "10:15:00-14:00<").is_empty());
}

#[test]
fn nillable_rules() {
    // nil on a non-nillable element.
    one(
        "<cpf:prenom2>Marie</cpf:prenom2>",
        "<cpf:prenom2 xsi:nil=\"true\"/>",
        "cvc-elt.3.1",
        "cpf:prenom2",
    );
    one(
        "<cpf:prenom2>Marie</cpf:prenom2>",
        "<cpf:prenom2 xsi:nil=\"false\">Marie</cpf:prenom2>",
        "cvc-elt.3.1",
        "cpf:prenom2",
    );
    // nil with content, even whitespace.
    one(
        "<cpf:scoring xsi:nil=\"true\"/>",
        "<cpf:scoring xsi:nil=\"true\"> </cpf:scoring>",
        "cvc-elt.3.2.1",
        "cpf:scoring",
    );
    one(
        "<cpf:scoring xsi:nil=\"true\"/>",
        "<cpf:scoring xsi:nil=\"true\">12</cpf:scoring>",
        "cvc-elt.3.2.1",
        "cpf:scoring",
    );
    // nil values.
    assert!(with(
        "<cpf:scoring xsi:nil=\"true\"/>",
        "<cpf:scoring xsi:nil=\"1\"/>"
    )
    .is_empty());
    assert!(with(
        "<cpf:scoring xsi:nil=\"true\"/>",
        "<cpf:scoring xsi:nil=\"false\">12</cpf:scoring>"
    )
    .is_empty());
    one(
        "<cpf:scoring xsi:nil=\"true\"/>",
        "<cpf:scoring xsi:nil=\"false\"/>",
        "cvc-minLength-valid",
        "cpf:scoring",
    );
    one(
        "<cpf:scoring xsi:nil=\"true\"/>",
        "<cpf:scoring xsi:nil=\"yes\"/>",
        "cvc-datatype-valid.1.2.1",
        "cpf:scoring",
    );
    // Empty nillable element without nil.
    one(
        "<cpf:scoring xsi:nil=\"true\"/>",
        "<cpf:scoring/>",
        "cvc-minLength-valid",
        "cpf:scoring",
    );
    // codePostal nil is valid.
    assert!(with(
        "<cpf:codeInseeNaissance>\n                        <cpf:codeInsee>69123</cpf:codeInsee>\n                      </cpf:codeInseeNaissance>",
        "<cpf:codePostalNaissance><cpf:codePostal xsi:nil=\"true\"/></cpf:codePostalNaissance>"
    )
    .is_empty());
}

#[test]
fn text_in_element_only_content() {
    let e = one(
        "<cpf:emetteur>",
        "<cpf:emetteur>oups",
        "cvc-complex-type.2.3",
        "cpf:emetteur",
    );
    assert_eq!(e.line, 5);
    assert!(with("<cpf:emetteur>", "<cpf:emetteur><![CDATA[  ]]>").is_empty());
    one(
        "<cpf:sexe>F</cpf:sexe>",
        "<cpf:sexe>F<b/></cpf:sexe>",
        "cvc-type.3.1.2",
        "cpf:sexe",
    );
}

#[test]
fn root_namespace_stops() {
    let doc = SAMPLE.replace(
        "urn:cdc:cpf:pc5:schema:1.0.0",
        "urn:cdc:cpf:pc5:schema:0.0.7",
    );
    let doc = doc.replace("<cpf:sexe>F<", "<cpf:sexe>H<");
    let e = errs(&doc);
    assert_eq!(codes(&e), ["cvc-elt.1.a"]);
    assert_eq!(
        e[0].message_fr,
        "cvc-elt.1.a : Déclaration de l'élément 'cpf:flux' introuvable."
    );
    assert_eq!((e[0].line, e[0].column), (2, 1));
}

#[test]
fn xml_version() {
    let e = errs(&SAMPLE.replacen("version=\"1.0\"", "version=\"1.1\"", 1));
    assert_eq!(codes(&e), ["xml-version"]);
    let e = errs(&SAMPLE.replacen("version=\"1.0\" ", "", 1));
    assert_eq!(codes(&e), ["xml-version"]);
    assert_eq!(
        e[0].message_fr,
        "La version est obligatoire dans la déclaration XML."
    );
}

#[test]
fn namespaces_prefixes_entities() {
    let doc = SAMPLE
        .replace("<cpf:", "<")
        .replace("</cpf:", "</")
        .replace("xmlns:cpf=", "xmlns=");
    assert!(errs(&doc).is_empty());
    let doc = SAMPLE
        .replace("<cpf:", "<c:")
        .replace("</cpf:", "</c:")
        .replace("xmlns:cpf=", "xmlns:c=");
    assert!(errs(&doc).is_empty());
    let e = errs(&doc.replacen("<c:sexe>F<", "<c:sexe>H<", 1));
    assert_eq!(e[0].element, "c:sexe");
    // Entities and CDATA are decoded before counting characters.
    assert!(with("<cpf:sexe>F<", "<cpf:sexe>&#70;<").is_empty());
    assert!(with("<cpf:sexe>F<", "<cpf:sexe><![CDATA[F]]><").is_empty());
    one(
        "<cpf:codePaysNaissance>341<",
        "<cpf:codePaysNaissance>3&amp;41<",
        "cvc-length-valid",
        "cpf:codePaysNaissance",
    );
    // Element in no namespace under a cpf parent.
    one(
        "<cpf:sexe>F</cpf:sexe>",
        "<cpf:sexe>F</cpf:sexe><sexe xmlns=\"\">F</sexe>",
        "cvc-complex-type.2.4.a",
        "sexe",
    );
}

#[test]
fn well_formedness_is_err() {
    assert!(validate_bytes(b"<a><b></a>").is_err());
    assert!(validate_bytes(b"<a><!-- x -- y --></a>").is_err());
    assert!(validate_bytes(b"").is_err());
    assert!(validate_bytes(b"<x:a/>").is_err());
}

#[test]
fn errors_are_capped() {
    let mut v = Validator::new();
    v.start(Ns::Cpf, "flux", "cpf:flux", &[], 1, 1);
    for i in 0..(MAX_KEPT_ERRORS as u64 + 500) {
        v.start(Ns::None, "x", "x", &[], i + 2, 1);
        v.end(i + 2, 1);
    }
    v.end(9999, 1);
    // One 2.4.a per stray element, and no 2.4.b once the content is known to be bad.
    assert_eq!(v.error_count(), MAX_KEPT_ERRORS + 500);
    assert_eq!(v.errors().len(), MAX_KEPT_ERRORS);
}

#[test]
fn push_api_with_attrs() {
    let mut v = Validator::new();
    v.declaration(Some("1.0"), 1, 1);
    v.start(Ns::Cpf, "flux", "cpf:flux", &[], 2, 1);
    v.start(
        Ns::Cpf,
        "idFlux",
        "cpf:idFlux",
        &[Attr {
            ns: Ns::Xsi,
            local: "nil",
            value: "true",
        }],
        3,
        3,
    );
    v.end(3, 3);
    v.end(4, 1);
    let e = v.finish();
    assert_eq!(codes(&e), ["cvc-elt.3.1", "cvc-complex-type.2.4.b"]);
    assert_eq!((e[0].line, e[0].column), (3, 3));
}

#[test]
fn control_characters_are_parse_errors() {
    let doc = SAMPLE.replacen("<cpf:sexe>F<", "<cpf:sexe>F\u{1}<", 1);
    let e = validate_bytes(doc.as_bytes()).unwrap_err();
    assert!(e.starts_with("ligne 39, colonne 32"), "{e}");
    assert!(validate_bytes(SAMPLE.replace('\n', "\r\n").as_bytes())
        .unwrap()
        .is_empty());
    for i in 0..64 {
        let mut b = vec![b' '; 64];
        b[i] = 0x1f;
        assert_eq!(driver_forbidden(&b), Some(i));
    }
}

fn driver_forbidden(b: &[u8]) -> Option<usize> {
    let mut doc = b"<a>".to_vec();
    doc.extend_from_slice(b);
    doc.extend_from_slice(b"</a>");
    validate_bytes(&doc).err().map(|e| {
        let col: usize = e
            .split("colonne ")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        col - 4
    })
}

#[test]
fn declared_latin1_is_decoded() {
    let doc = SAMPLE
        .replacen("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"", 1)
        .replacen("<cpf:codeInsee>69123<", "<cpf:codeInsee>6912é<", 1);
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&doc);
    assert!(validate_bytes(&bytes).unwrap().is_empty());
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), &bytes).unwrap();
    assert!(validate_file(file.path()).unwrap().is_empty());
    // A UTF-8 BOM is skipped and does not shift columns.
    let bom = format!(
        "\u{feff}{}",
        SAMPLE.replacen("<cpf:sexe>F<", "<cpf:sexe>H<", 1)
    );
    std::fs::write(file.path(), &bom).unwrap();
    let e = validate_file(file.path()).unwrap();
    assert_eq!((e[0].line, e[0].column), (39, 21));
}

/// An unknown entity after literal line ends: the offsets in the message count from the
/// file (as the reader's do), not from the text with its line ends normalised.
#[test]
fn entity_errors_count_from_the_file() {
    let doc = SAMPLE.replacen("<cpf:prenom1>", "<cpf:prenom1>L\r\n\r\n\r\nea&foo;", 1);
    let message = validate_bytes(doc.as_bytes()).unwrap_err();
    assert!(message.contains("10..13"), "{message}");
}
