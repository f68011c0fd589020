//! `set_rules_dir`: a bad table is refused with its line; a good one replaces the embedded
//! table and other tables keep their embedded version. (Own test binary: the setting is
//! process-wide.)

use accroche::reference;

#[test]
fn rules_dir_override() {
    let dir = tempfile::tempdir().unwrap();
    let geo = dir.path().join("geo");
    std::fs::create_dir_all(&geo).unwrap();

    std::fs::write(
        geo.join("countries.tsv"),
        "code\tstatus\tlabels\tname\n99999\tnope\tX\tX\n",
    )
    .unwrap();
    let err = reference::set_rules_dir(dir.path()).unwrap_err();
    assert!(err.to_string().contains("countries.tsv:2"), "{err}");

    std::fs::write(
        geo.join("countries.tsv"),
        "code\tstatus\tlabels\tname\n99999\tcurrent\tUTOPIE\tUTOPIE\n",
    )
    .unwrap();
    reference::set_rules_dir(dir.path()).unwrap();
    assert_eq!(reference::country("99999").unwrap().name, "UTOPIE");
    assert!(reference::country("99132").is_none());
    assert_eq!(reference::surname_rank("MARTIN"), Some(1));
    assert!(reference::set_rules_dir(dir.path()).is_err());
}
