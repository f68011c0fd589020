//! Known values (DATA.md 3.8, 5.2, 6.1) and the canonical-table checks.

use super::*;
use crate::normalize::key;
use std::collections::HashSet;

fn tsv_body(t: Table) -> Vec<Vec<&'static str>> {
    t.embedded
        .split('\n')
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split('\t').collect())
        .collect()
}

#[test]
fn bands_and_decades() {
    assert_eq!(Band::from_letter('c'), Band::Common);
    assert_eq!(Band::from_letter('-'), Band::Absent);
    assert!(Band::Uncommon.is_at_least_uncommon());
    assert!(!Band::Rare.is_at_least_uncommon());
    assert_eq!(decade_index(1850), 0);
    assert_eq!(decade_index(1910), 0);
    assert_eq!(decade_index(1911), 1);
    assert_eq!(decade_index(1990), 8);
    assert_eq!(decade_index(1991), 9);
    assert_eq!(decade_index(2000), 9);
    assert_eq!(decade_index(2001), 10);
    assert_eq!(decade_index(2011), 11);
    assert_eq!(decade_index(2030), 11);
    assert_eq!(decade_label(9), "1991–2000");
    assert_eq!(Band::from_rank(21_817, SURNAME_BOUNDS), Band::Common);
    assert_eq!(Band::from_rank(21_818, SURNAME_BOUNDS), Band::Uncommon);
}

fn letters(d: &[Band; 12]) -> String {
    d.iter().map(|b| b.letter()).collect()
}

#[test]
fn known_first_names() {
    // DATA.md 3.8.
    let cases = [
        ("MARIE", Some(215), Some(1), "cccccccuv---", "cccccccccccc"),
        (
            "CAMILLE",
            Some(135),
            Some(42),
            "cccccccccccc",
            "cccccccccccc",
        ),
        (
            "DOMINIQUE",
            Some(42),
            Some(56),
            "ccccccccccuu",
            "uuuccccccurv",
        ),
        (
            "CLAUDE",
            Some(16),
            Some(179),
            "ccccccccccuu",
            "ucccccccuuvv",
        ),
        ("JEAN", Some(1), Some(2551), "cccccccccccc", "rvrruuvv----"),
        (
            "MAEL",
            Some(201),
            Some(2537),
            "------vucccc",
            "-------vvuuv",
        ),
        (
            "KEVIN",
            Some(69),
            Some(14694),
            "-----uuccccc",
            "------------",
        ),
        (
            "ANDREA",
            Some(528),
            Some(208),
            "vvv--vrruccc",
            "cccccuuucccc",
        ),
        (
            "SACHA",
            Some(168),
            Some(839),
            "-----vuccccc",
            "--------rccc",
        ),
        ("ALIX", Some(437), Some(295), "uuuuuuuucccc", "cuuuuuuccccc"),
        ("EDEN", Some(334), Some(471), "--------vucc", "--------uccc"),
        ("LEA", Some(5100), Some(43), "vvvv--------", "cccccccccccc"),
        (
            "JEAN-PIERRE",
            Some(53),
            None,
            "ccccccccccur",
            "------------",
        ),
    ];
    for (k, m, f, md, fd) in cases {
        let n = first_name(k).unwrap_or_else(|| panic!("{k} missing"));
        assert_eq!((n.m_rank, n.f_rank), (m, f), "{k}");
        assert_eq!(letters(&n.m_decades), md, "{k} m");
        assert_eq!(letters(&n.f_decades), fd, "{k} f");
    }
    let jerome = first_name("JEROME").unwrap();
    assert_eq!(jerome.display, "Jerome");
    assert_eq!(jerome.accented.as_deref(), Some("Jérôme"));
    assert_eq!(jerome.spellings.len(), 5);
    assert_eq!(first_name("LEA").unwrap().accented.as_deref(), Some("Léa"));
    assert_eq!(
        first_name("ERIC").unwrap().accented.as_deref(),
        Some("Éric")
    );
    assert_eq!(
        first_name("MAEL").unwrap().accented.as_deref(),
        Some("Maël")
    );
    assert_eq!(first_name("KEVIN").unwrap().display_for(true), "Kevin");
    assert!(is_compound_first_name("JEAN-PIERRE"));
    assert!(!is_compound_first_name("JEAN PIERRE"));
    assert!(!is_compound_first_name("JEAN"));
    assert!(first_name("Jean").is_none(), "lookups take normalised keys");
}

#[test]
fn known_surnames() {
    assert_eq!(surname_rank("MARTIN"), Some(1));
    assert_eq!(surname_rank("BERNARD"), Some(2));
    assert_eq!(surname_rank("THOMAS"), Some(3));
    assert_eq!(surname_rank("MARIE"), Some(56));
    assert_eq!(surname_rank("JEAN"), Some(103));
    assert_eq!(surname_rank("DA SILVA"), Some(136));
    assert_eq!(surname_rank("LE GALL"), Some(140));
    assert_eq!(surname_rank("N'DIAYE"), Some(4302));
    assert_eq!(surname_rank("KEVIN"), None);
    assert_eq!(surname_band("MARTIN"), Band::Common);
    assert_eq!(surname_band("KEVIN"), Band::Absent);
    assert_eq!(surname_total(), SURNAME_BOUNDS[3]);
}

#[test]
fn known_communes() {
    let a = commune("2A004").unwrap();
    assert_eq!((a.name.as_str(), a.kind), ("Ajaccio", CommuneKind::Com));
    let old = commune("20004").unwrap();
    assert_eq!(old.kind, CommuneKind::Old);
    assert_eq!(old.parent.as_deref(), Some("2A004"));
    assert_eq!(old.current().code, "2A004");
    assert_eq!(old.valid_on("1970-05-01"), Some(true));
    assert_eq!(old.valid_on("1990-05-01"), Some(false));
    assert_eq!(commune("75115").unwrap().kind, CommuneKind::Arm);
    assert_eq!(commune("75115").unwrap().current().code, "75056");
    assert_eq!(commune("78228").unwrap().parent.as_deref(), Some("91228"));
    let m = commune("98511").unwrap();
    assert!(m.to_verify());
    assert_eq!(m.parent.as_deref(), Some("97611"));
    // Paris 15e's postal code is also Bry-sur-Marne's code before 1968 (Seine → 94).
    let bry = commune("75015").unwrap();
    assert_eq!(
        (bry.kind, bry.name.as_str()),
        (CommuneKind::Old, "Bry-sur-Marne")
    );
    assert_eq!(bry.valid_on("2000-01-01"), Some(false));
    assert_eq!(communes_for_postal_code("75015"), ["75056", "75115"]);
    assert!(communes_for_postal_code("00000").is_empty());

    let codes = |v: Vec<&Commune>| v.iter().map(|c| c.code.clone()).collect::<Vec<_>>();
    assert_eq!(codes(communes_named("2A", "AJACCIO")), ["20004", "2A004"]);
    assert_eq!(codes(communes_named("20", "AJACCIO")), ["20004", "2A004"]);
    assert_eq!(codes(communes_named("01", &key("Arbignieu"))), ["01015"]);
    assert_eq!(
        codes(communes_named("01", &key("ABERGEMENT CLEMENCIAT (L')"))),
        ["01001"]
    );
    let st_denis = codes(communes_named("93", &key("ST DENIS")));
    assert!(st_denis.contains(&"93066".to_string()), "{st_denis:?}");
    assert_eq!(departement("2A").unwrap().name, "Corse-du-Sud");
    assert_eq!(departement("976").unwrap().zone, "drom");
    assert_eq!(departement_of("97611"), "976");
}

#[test]
fn known_countries() {
    let c = country("99115").unwrap();
    assert_eq!(c.status, CountryStatus::Historic);
    assert_eq!(c.name, "TCHECOSLOVAQUIE");
    assert!(country("99100").is_none(), "France is not a birth country");
    assert_eq!(country("99132").unwrap().labels.len(), 4);
    assert_eq!(country_by_label("JERSEY").unwrap().code, "99132");
    assert_eq!(country_by_label(&key("Saint-Siège")).unwrap().code, "99129");
    assert_eq!(country_by_label("EIRE").unwrap().code, "99136");
    assert_eq!(country("99133").unwrap().status, CountryStatus::Territory);
    assert_eq!(country("99109").unwrap().status, CountryStatus::Current);
}

#[test]
fn first_names_table_is_canonical() {
    let text = FIRST_NAMES.embedded;
    assert!(text.starts_with(
        "spelling\tkey\tm_rank\tm_band\tf_rank\tf_band\tm_decades\tf_decades\tm_share\tf_share\n"
    ));
    assert!(!text.contains('\r'));
    let rows = tsv_body(FIRST_NAMES);
    let mut prev: Option<(&str, &str)> = None;
    for r in &rows {
        assert_eq!(r.len(), 10, "{r:?}");
        assert_eq!(key(r[0]), r[1], "key of {:?}", r[0]);
        assert_eq!(
            crate::normalize::title_case(r[0]),
            r[0],
            "casing of {:?}",
            r[0]
        );
        let cur = (r[1], r[0]);
        if let Some(p) = prev {
            assert!(p < cur, "not sorted or duplicate: {p:?} then {cur:?}");
        }
        prev = Some(cur);
        // A rank and a band go together.
        assert_eq!(r[2].is_empty(), r[3] == "-", "{r:?}");
        assert_eq!(r[4].is_empty(), r[5] == "-", "{r:?}");
    }
    let m = rows.iter().filter(|r| !r[2].is_empty()).count() as u32;
    let f = rows.iter().filter(|r| !r[4].is_empty()).count() as u32;
    assert_eq!(m, names::FIRST_NAME_M_BOUNDS[3]);
    assert_eq!(f, names::FIRST_NAME_F_BOUNDS[3]);
    // Bands agree with ranks and the boundaries.
    for r in &rows {
        if let Ok(rank) = r[2].parse::<u32>() {
            let b = Band::from_rank(rank, names::FIRST_NAME_M_BOUNDS);
            assert_eq!(b.letter().to_string(), r[3], "{r:?}");
        }
    }
}

#[test]
fn surnames_table_is_canonical() {
    let text = SURNAMES.embedded;
    assert!(text.ends_with('\n') && !text.contains('\r'));
    let lines: Vec<&str> = text.split('\n').filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len() as u32, SURNAME_BOUNDS[3]);
    let mut seen = HashSet::new();
    for l in &lines {
        assert_eq!(key(l), *l);
        assert!(seen.insert(*l), "duplicate surname {l}");
    }
}

#[test]
fn bounds_match_sources_toml() {
    let t: toml::Table = SOURCES_TOML.parse().unwrap();
    let bands = t["bands"].as_table().unwrap();
    let get = |k: &str| -> Vec<u32> {
        bands[k]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_integer().unwrap() as u32)
            .collect()
    };
    assert_eq!(get("surnames"), SURNAME_BOUNDS);
    assert_eq!(get("first_names_m"), names::FIRST_NAME_M_BOUNDS);
    assert_eq!(get("first_names_f"), names::FIRST_NAME_F_BOUNDS);
}

#[test]
fn geo_tables_are_canonical() {
    let rows = tsv_body(COMMUNES);
    assert!(COMMUNES
        .embedded
        .starts_with("code\tname\tkind\tparent\tvalid_from\tvalid_to\taliases\n"));
    let codes: HashSet<&str> = rows.iter().map(|r| r[0]).collect();
    assert_eq!(codes.len(), rows.len(), "duplicate commune code");
    for w in rows.windows(2) {
        assert!(w[0][0] < w[1][0], "communes not sorted at {}", w[1][0]);
    }
    for r in &rows {
        assert_eq!(r.len(), 7);
        assert_eq!(r[0].len(), 5, "{r:?}");
        assert!(CommuneKind::parse(r[2]).is_some(), "{r:?}");
        assert!(!r[1].is_empty(), "{r:?}");
        if !r[3].is_empty() {
            assert!(codes.contains(r[3]), "unresolvable parent {r:?}");
        }
        let needs_parent = !matches!(r[2], "COM");
        assert_eq!(!r[3].is_empty(), needs_parent, "{r:?}");
    }
    for t in [DEPARTEMENTS, COUNTRIES, POSTAL_CODES] {
        let rows = tsv_body(t);
        for w in rows.windows(2) {
            assert!(w[0][0] < w[1][0], "{} not sorted at {}", t.path, w[1][0]);
        }
    }
    for r in tsv_body(COUNTRIES) {
        assert!(r[0].len() == 5 && r[0].starts_with("99"), "{r:?}");
    }
    for r in tsv_body(POSTAL_CODES) {
        for c in r[1].split('|') {
            assert!(codes.contains(c), "postal code {} -> unknown {c}", r[0]);
        }
    }
    // The overlay is hand-kept: every row gives a reason.
    let overlay = include_str!("../../rules/geo/countries.overlay.tsv");
    for l in overlay.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let c: Vec<&str> = l.split('\t').collect();
        assert_eq!(c.len(), 4, "{l}");
        assert!(!c[3].is_empty(), "overlay row without a reason: {l}");
        assert!(
            country(c[0]).is_some(),
            "overlay code {} not in countries.tsv",
            c[0]
        );
    }
}

#[test]
fn load_all_and_override_refused_after_load() {
    load_all();
    assert!(matches!(
        set_rules_dir(Path::new("rules")),
        Err(RulesDirError::AlreadyLoaded)
    ));
}

#[test]
fn every_commune_is_found_by_its_own_name() {
    for c in communes() {
        let found = communes_named(c.departement_code(), &key(&c.name));
        assert!(
            found.iter().any(|f| f.code == c.code),
            "{} {} not found by name",
            c.code,
            c.name
        );
    }
}

#[test]
fn every_first_name_is_consistent() {
    for n in all_first_names() {
        assert!(!n.display.is_empty() && n.spellings[0] == n.display);
        assert_eq!(n.spellings.len(), n.variants.len());
        if let Some(a) = &n.accented {
            assert!(crate::normalize::has_diacritic(a), "{a}");
        }
        assert_eq!(n.m_rank.is_some(), n.m_band != Band::Absent, "{}", n.key);
        assert_eq!(n.f_rank.is_some(), n.f_band != Band::Absent, "{}", n.key);
    }
    assert_eq!(all_first_names().count(), 29_084);
}
