//! P004: a `99xxx` code or a `codePaysNaissance` that is no INSEE country code: unknown
//! number, ISO alpha-3 code (`SEN`) or country name.
use super::{country_by_any_label, country_by_iso, country_code, french_code};
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::lang::Lang;
use crate::model::{Field, Record, SourceFormat};
use crate::reference::{self, Country};
use crate::rules::{finding, Ctx, FixAvailability, Rule, RuleDoc, RuleMeta};

pub struct UnknownCountry;
pub static RULE: UnknownCountry = UnknownCountry;

static META: RuleMeta = RuleMeta {
    code: "P004",
    name: "unknown-country-code",
    severity: Severity::Warning,
    fix: FixAvailability::Sometimes,
    summary_fr: "Code pays de naissance qui n'est pas un code pays INSEE",
    summary_en: "Birth country code that is no INSEE country code",
    doc_fr: RuleDoc {
        what: "Le code 99xxx de codeInsee n'est le code d'aucun pays ou territoire de la liste INSEE, ou codePaysNaissance n'est pas un code INSEE : code ISO à trois lettres (« SEN »), nom du pays (« SENEGAL »), numéro inconnu. 99100 (France) est traité par X007.",
        why: "Pour une naissance à l'étranger, le lieu est comparé au niveau du pays au dernier niveau du rapprochement ; un code inconnu ne peut pas correspondre. Le dictionnaire de la CDC demande les 3 derniers chiffres du code INSEE 99xxx.",
        example: "codePaysNaissance « SEN » → « 341 » (Sénégal, 99341)",
        fix_safety: "Non sûre : le code INSEE est proposé quand le code ISO ou le nom désigne un seul pays et ne contredit pas codeInsee (pour un export CSV sans code INSEE, codeInsee 99xxx est aussi ajouté). Aucune correction pour un numéro inconnu, sauf si libellePaysNaissance désigne un seul pays (proposition non sûre). Quand codeInsee donne déjà le même pays et que le code a 3 caractères, X007 propose la même correction et cette règle se tait.",
    },
    doc_en: RuleDoc {
        what: "The 99xxx code in codeInsee is no country or territory of INSEE's list, or codePaysNaissance is not an INSEE code: three-letter ISO code (\"SEN\"), country name (\"SENEGAL\"), unknown number. 99100 (France) is X007's.",
        why: "For a birth abroad the place is compared at country level at the last matching level; an unknown code cannot match. The CDC dictionary asks for the last 3 digits of the 99xxx INSEE code.",
        example: "codePaysNaissance \"SEN\" → \"341\" (Senegal, 99341)",
        fix_safety: "Unsafe: the INSEE code is offered when the ISO code or name names a single country and does not contradict codeInsee (for a CSV export without INSEE code, codeInsee 99xxx is added too). No fix for an unknown number, unless libellePaysNaissance names a single country (unsafe suggestion). When codeInsee already gives the same country and the code has 3 characters, X007 offers the same fix and this rule stays silent.",
    },
    preview: false,
};

fn suffix(c: &Country) -> &str {
    &c.code[2..]
}

fn name_of(c: &Country) -> String {
    format!("{} ({})", c.name, c.code)
}

impl Rule for UnknownCountry {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        let lang = ctx.lang;
        let insee99 = country_code(record);
        if insee99 == Some("99100") {
            return; // X007
        }
        let label_country = || {
            record
                .text(Field::LibellePaysNaissance)
                .and_then(country_by_any_label)
        };
        let country_field = record.text(Field::CodePaysNaissance);

        // An unknown 99xxx code.
        if let Some(code) = insee99 {
            if reference::country(code).is_none() {
                let fix = label_country().map(|c| {
                    let mut edits = vec![Edit::replace(Field::CodeInsee, code, c.code.clone())];
                    if country_field == Some(&code[2..]) {
                        edits.push(Edit::replace(
                            Field::CodePaysNaissance,
                            &code[2..],
                            suffix(c),
                        ));
                    }
                    Fix::unsafe_(edits)
                });
                let message = match (lang, label_country()) {
                    (Lang::Fr, Some(c)) => format!(
                        "{} n'est le code d'aucun pays INSEE ; le libellé du pays désigne {}",
                        lang.quote(code),
                        name_of(c)
                    ),
                    (Lang::En, Some(c)) => format!(
                        "{} is no INSEE country code; the country label names {}",
                        lang.quote(code),
                        name_of(c)
                    ),
                    (Lang::Fr, None) => format!(
                        "{} n'est le code d'aucun pays ou territoire INSEE",
                        lang.quote(code)
                    ),
                    (Lang::En, None) => {
                        format!("{} is no INSEE country or territory code", lang.quote(code))
                    }
                };
                out.push(finding(
                    &META,
                    Some(Field::CodeInsee),
                    Some(code),
                    message,
                    fix,
                ));
                return;
            }
        }

        let Some(cp) = country_field else {
            return;
        };
        if cp.len() == 3 && cp.bytes().all(|b| b.is_ascii_digit()) {
            // With a 99xxx code, a different number is X007's; "100" is France (X007).
            if insee99.is_some() || cp == "100" || french_code(record).is_some() {
                return;
            }
            if reference::country(&format!("99{cp}")).is_some() {
                return;
            }
            let fix = label_country().map(|c| {
                Fix::unsafe_(vec![Edit::replace(Field::CodePaysNaissance, cp, suffix(c))])
            });
            out.push(finding(
                &META,
                Some(Field::CodePaysNaissance),
                Some(cp),
                match lang {
                    Lang::Fr => format!(
                        "{} n'est le code d'aucun pays INSEE (99{cp} inconnu)",
                        lang.quote(cp)
                    ),
                    Lang::En => format!(
                        "{} is no INSEE country code (99{cp} unknown)",
                        lang.quote(cp)
                    ),
                },
                fix,
            ));
            return;
        }

        // An ISO alpha-3 code or a country name.
        let iso = country_by_iso(cp);
        let Some(c) = iso.or_else(|| country_by_any_label(cp)) else {
            return;
        };
        let what = match (iso.is_some(), lang) {
            (true, Lang::Fr) => "code ISO",
            (true, Lang::En) => "ISO code",
            (false, Lang::Fr) => "nom de pays",
            (false, Lang::En) => "country name",
        };
        let (message, fix) = match insee99 {
            // Same country, 3 characters: X007 already offers the same replacement.
            Some(code) if code == c.code && cp.chars().count() == 3 => return,
            Some(code) if code != c.code => {
                let other = reference::country(code).map_or_else(|| code.to_string(), name_of);
                (
                    match lang {
                        Lang::Fr => format!(
                            "{} est un {what} ({}), qui contredit codeInsee {other}",
                            lang.quote(cp),
                            name_of(c)
                        ),
                        Lang::En => format!(
                            "{} is an {what} ({}), which contradicts codeInsee {other}",
                            lang.quote(cp),
                            name_of(c)
                        ),
                    },
                    None,
                )
            }
            // A French commune code: X007 says the country code must go.
            None if french_code(record).is_some() => return,
            _ => {
                let mut edits = vec![Edit::replace(Field::CodePaysNaissance, cp, suffix(c))];
                if insee99.is_none()
                    && record.get(Field::CodeInsee).is_none()
                    && record.format == SourceFormat::Csv
                {
                    edits.push(Edit {
                        field: Field::CodeInsee,
                        from: None,
                        to: Some(c.code.clone()),
                    });
                }
                (
                    match lang {
                        Lang::Fr => format!(
                            "{} est un {what}, pas un code INSEE : {} a le code {}",
                            lang.quote(cp),
                            c.name,
                            suffix(c)
                        ),
                        Lang::En => format!(
                            "{} is an {what}, not an INSEE code: {} has code {}",
                            lang.quote(cp),
                            c.name,
                            suffix(c)
                        ),
                    },
                    Some(Fix::unsafe_(edits)),
                )
            }
        };
        out.push(finding(
            &META,
            Some(Field::CodePaysNaissance),
            Some(cp),
            message,
            fix,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Applicability;
    use crate::rules::test_support::{check, holder};

    #[test]
    fn known_countries_pass() {
        assert!(check(
            &RULE,
            &holder(&[
                (Field::CodeInsee, "99341"),
                (Field::CodePaysNaissance, "341")
            ])
        )
        .is_empty());
        assert!(check(&RULE, &holder(&[(Field::CodeInsee, "99100")])).is_empty());
        assert!(check(&RULE, &holder(&[])).is_empty());
    }

    #[test]
    fn unknown_99_code() {
        let f = check(
            &RULE,
            &holder(&[
                (Field::CodeInsee, "99999"),
                (Field::CodePaysNaissance, "999"),
            ]),
        );
        assert_eq!(f.len(), 1);
        assert!(f[0].fix.is_none());
        let f = check(
            &RULE,
            &holder(&[
                (Field::CodeInsee, "99999"),
                (Field::CodePaysNaissance, "999"),
                (Field::LibellePaysNaissance, "Sénégal"),
            ]),
        );
        let fix = f[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, Applicability::Unsafe);
        assert_eq!(fix.edits[0].to.as_deref(), Some("99341"));
        assert_eq!(fix.edits[1].to.as_deref(), Some("341"));
    }

    #[test]
    fn iso_and_names_in_country_code() {
        // Same country as codeInsee with 3 characters: X007's.
        assert!(check(
            &RULE,
            &holder(&[
                (Field::CodeInsee, "99341"),
                (Field::CodePaysNaissance, "SEN")
            ])
        )
        .is_empty());
        // A name: X006 has no fix for it, this rule has.
        let f = check(
            &RULE,
            &holder(&[
                (Field::CodeInsee, "99341"),
                (Field::CodePaysNaissance, "SENEGAL"),
            ]),
        );
        assert_eq!(
            f[0].fix.as_ref().unwrap().edits[0].to.as_deref(),
            Some("341")
        );
        // Contradiction: reported, no fix.
        let f = check(
            &RULE,
            &holder(&[
                (Field::CodeInsee, "99109"),
                (Field::CodePaysNaissance, "SEN"),
            ]),
        );
        assert!(f[0].fix.is_none());
        assert!(f[0].message.contains("ALLEMAGNE"), "{}", f[0].message);
        // CSV export without INSEE code: both fields.
        let mut r = crate::rules::test_support::record(&[(Field::CodePaysNaissance, "SEN")]);
        r.format = SourceFormat::Csv;
        let f = check(&RULE, &r);
        let edits = &f[0].fix.as_ref().unwrap().edits;
        assert_eq!(edits.len(), 2);
        assert_eq!(edits[1].to.as_deref(), Some("99341"));
        // Unknown letters: nothing to say.
        assert!(check(
            &RULE,
            &holder(&[
                (Field::CodeInsee, "99341"),
                (Field::CodePaysNaissance, "XYZ")
            ])
        )
        .is_empty());
    }
}
