//! Property tests on stable (the fuzz targets of `fuzz/` need nightly): arbitrary bytes
//! never panic the XML reader, the CSV reader or the validator; `key` is idempotent.
use proptest::prelude::*;
use std::io::Write;

/// Bytes that look a little like a deposit, so that the reader gets past the first tag.
fn deposit_like() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop::sample::select(vec![
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
        "<cpf:flux xmlns:cpf=\"urn:cdc:cpf:pc5:schema:1.0.0\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">",
        "</cpf:flux>",
        "<cpf:passageCertification>",
        "</cpf:passageCertification>",
        "<cpf:titulaire>",
        "</cpf:titulaire>",
        "<cpf:nomNaissance>",
        "</cpf:nomNaissance>",
        "<cpf:prenom1 xsi:nil=\"true\"/>",
        "<cpf:idTechnique>",
        "</cpf:idTechnique>",
        "<!-- c -->",
        "<![CDATA[x]]>",
        "&amp;",
        "&#1;",
        "<?pi x?>",
        "<!DOCTYPE x>",
        "\u{FEFF}",
        "\r\n",
        "é",
        "\u{0}",
        "<",
        ">",
        "MARTIN",
    ]);
    prop::collection::vec(
        prop_oneof![
            pieces.prop_map(|s| s.as_bytes().to_vec()),
            prop::collection::vec(any::<u8>(), 0..8)
        ],
        0..40,
    )
    .prop_map(|v| v.concat())
}

fn csv_like() -> impl Strategy<Value = Vec<u8>> {
    let head = b"COD_ETU;COD_IND;LIB_NOM_PAT_IND;LIB_NOM_USU_IND;LIB_PR1_IND;LIB_PR2_IND;LIB_PR3_IND;TEM_PR_USAGE;LIB_PR_ETA_CIV;COD_SEX_ETU;COD_SEX_ETA_CIV;DATE_NAI_IND;TEM_DATE_NAI_REL;COD_TYP_DEP_PAY_NAI;COD_DEP_PAY_NAI;COD_COM_NAI_ETU;LIB_VIL_NAI_ETU\n".to_vec();
    let cell = prop::sample::select(vec![
        "",
        ";",
        ",",
        "\"",
        "\n",
        "\r\n",
        "M",
        "F",
        "O",
        "N",
        "03/04/2001",
        "00/00/1997",
        "31/02/2000",
        "75056",
        "99109",
        "D",
        "P",
        "Hélène",
        "\u{e9}",
        "\u{0}",
        "\u{FEFF}",
    ]);
    (
        any::<bool>(),
        prop::collection::vec(
            prop_oneof![
                cell.prop_map(|s| s.as_bytes().to_vec()),
                prop::collection::vec(any::<u8>(), 0..6)
            ],
            0..60,
        ),
    )
        .prop_map(move |(with_head, v)| {
            let mut out = if with_head { head.clone() } else { Vec::new() };
            out.extend(v.concat());
            out
        })
}

fn read_csv(bytes: &[u8]) {
    let mut f = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
    f.write_all(bytes).unwrap();
    f.flush().unwrap();
    if let Ok(reader) = accroche::input::csv::open(f.path(), None) {
        for r in reader.take(1000) {
            let _ = r;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn xml_reader_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = accroche::xml::reader::read_all(&bytes);
    }

    #[test]
    fn xml_reader_never_panics_on_deposit_like_bytes(bytes in deposit_like()) {
        let _ = accroche::xml::reader::read_all(&bytes);
    }

    #[test]
    fn validator_never_panics(bytes in deposit_like()) {
        let _ = accroche::validate::validate_bytes(&bytes);
    }

    #[test]
    fn validator_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = accroche::validate::validate_bytes(&bytes);
    }

    #[test]
    fn csv_reader_never_panics(bytes in csv_like()) {
        read_csv(&bytes);
    }

    #[test]
    fn csv_reader_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        read_csv(&bytes);
    }

    #[test]
    fn key_is_idempotent(s in "\\PC{0,40}") {
        let k = accroche::normalize::key(&s);
        prop_assert_eq!(accroche::normalize::key(&k), k);
    }

    #[test]
    fn key_is_idempotent_on_any_string(s in any::<String>()) {
        let k = accroche::normalize::key(&s);
        prop_assert_eq!(accroche::normalize::key(&k), k);
    }
}
