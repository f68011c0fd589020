//! Reader of the CDC processing report ("accusé de traitement", FORMAT.md section 4), in
//! both forms: the passage report (`PassagesKO`/`PassagesOK`) and the schema-error report
//! (`erreurs/erreur`). Elements are matched on local names, namespaces are ignored,
//! `idDemande` or `idTraitement` are accepted, empty or missing lists are tolerated, and
//! `messageErreur` is kept verbatim (entities decoded, line breaks kept).

use crate::error::{io_error, InputError};
use crate::lang::Lang;
use quick_xml::events::Event;
use quick_xml::Reader;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// A rejected passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub id: String,
    pub message: String,
    pub class: MessageClass,
    /// Line of the `passage` element in the report.
    pub line: u64,
}

/// One stage-1 (schema or parse) error.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SchemaError {
    pub kind: String,
    pub message: String,
    pub line: Option<u64>,
    pub column: Option<u64>,
}

/// A processing report.
#[derive(Debug, Clone, Default)]
pub struct CdcReport {
    pub path: PathBuf,
    pub file_name: Option<String>,
    pub id_flux: Option<String>,
    pub id_traitement: Option<String>,
    pub id_demande: Option<String>,
    pub rejected: Vec<Rejected>,
    pub accepted: Vec<String>,
    pub schema_errors: Vec<SchemaError>,
}

impl CdcReport {
    /// Stage 1 failed: the whole file was refused.
    pub fn is_schema_report(&self) -> bool {
        !self.schema_errors.is_empty()
    }

    /// Rejected passages that really need to be sent again ("existe déjà en base" means the
    /// passage is already stored: it counts as accepted).
    pub fn to_resend(&self) -> impl Iterator<Item = &Rejected> {
        self.rejected.iter().filter(|r| r.class.needs_resend())
    }
}

/// The kind of a rejection message, from the matching funnel (FORMAT.md 4.3 and 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MessageClass {
    /// Step A: birth name, first name, sex, year.
    Mandatory,
    /// Step B: day and month of birth.
    DayMonth,
    /// Step C: place of birth and other optional data.
    Reconciliation,
    /// Several holders still match.
    SeveralHolders,
    /// The level that uses first names 2 and 3.
    FirstNames23,
    /// Older generic wording: no level given.
    NoMatch,
    /// Already stored: counts as accepted.
    AlreadyInBase,
    /// Certification unknown or of the wrong type.
    CertificationKo,
    /// End date before start date.
    DateInversion,
    Other,
}

impl MessageClass {
    pub const ALL: [MessageClass; 10] = [
        MessageClass::Mandatory,
        MessageClass::DayMonth,
        MessageClass::Reconciliation,
        MessageClass::SeveralHolders,
        MessageClass::FirstNames23,
        MessageClass::NoMatch,
        MessageClass::AlreadyInBase,
        MessageClass::CertificationKo,
        MessageClass::DateInversion,
        MessageClass::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            MessageClass::Mandatory => "mandatory",
            MessageClass::DayMonth => "day-month",
            MessageClass::Reconciliation => "reconciliation",
            MessageClass::SeveralHolders => "several-holders",
            MessageClass::FirstNames23 => "first-names-2-3",
            MessageClass::NoMatch => "no-match",
            MessageClass::AlreadyInBase => "already-in-base",
            MessageClass::CertificationKo => "certification-ko",
            MessageClass::DateInversion => "date-inversion",
            MessageClass::Other => "other",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (MessageClass::Mandatory, Lang::Fr) => "critères obligatoires (étape A)",
            (MessageClass::Mandatory, Lang::En) => "mandatory criteria (step A)",
            (MessageClass::DayMonth, Lang::Fr) => "jour et mois de naissance (étape B)",
            (MessageClass::DayMonth, Lang::En) => "day and month of birth (step B)",
            (MessageClass::Reconciliation, Lang::Fr) => "critères de réconciliation (étape C)",
            (MessageClass::Reconciliation, Lang::En) => "reconciliation criteria (step C)",
            (MessageClass::SeveralHolders, Lang::Fr) => "plusieurs titulaires",
            (MessageClass::SeveralHolders, Lang::En) => "several holders",
            (MessageClass::FirstNames23, Lang::Fr) => "prénoms 2 et 3",
            (MessageClass::FirstNames23, Lang::En) => "first names 2 and 3",
            (MessageClass::NoMatch, Lang::Fr) => "aucun titulaire (ancien libellé)",
            (MessageClass::NoMatch, Lang::En) => "no holder (old wording)",
            (MessageClass::AlreadyInBase, Lang::Fr) => "existe déjà en base",
            (MessageClass::AlreadyInBase, Lang::En) => "already in base",
            (MessageClass::CertificationKo, Lang::Fr) => "certification KO",
            (MessageClass::CertificationKo, Lang::En) => "certification KO",
            (MessageClass::DateInversion, Lang::Fr) => "dates inversées",
            (MessageClass::DateInversion, Lang::En) => "dates inverted",
            (MessageClass::Other, Lang::Fr) => "autre",
            (MessageClass::Other, Lang::En) => "other",
        }
    }

    /// Whether the passage must be deposited again.
    pub fn needs_resend(self) -> bool {
        self != MessageClass::AlreadyInBase
    }

    /// Whether the message comes from identity matching (rules can explain it).
    pub fn is_identity(self) -> bool {
        matches!(
            self,
            MessageClass::Mandatory
                | MessageClass::DayMonth
                | MessageClass::Reconciliation
                | MessageClass::SeveralHolders
                | MessageClass::FirstNames23
                | MessageClass::NoMatch
        )
    }
}

/// Folds case and the few accents the messages use, for matching.
fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'à' | 'â' => 'a',
            'ç' => 'c',
            'î' | 'ï' => 'i',
            'ô' => 'o',
            'û' | 'ù' => 'u',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect()
}

/// Classifies a `messageErreur`.
pub fn classify(message: &str) -> MessageClass {
    let m = fold(message);
    if m.contains("existe deja en base") {
        return MessageClass::AlreadyInBase;
    }
    if m.contains("plusieurs titulaires") {
        return MessageClass::SeveralHolders;
    }
    if m.contains("aucun titulaire") {
        if m.contains("prenom") {
            return MessageClass::FirstNames23;
        }
        if m.contains("jour et du mois") || m.contains("jour et mois") {
            return MessageClass::DayMonth;
        }
        if m.contains("reconciliation") {
            return MessageClass::Reconciliation;
        }
        if m.contains("criteres obligatoires") {
            return MessageClass::Mandatory;
        }
        return MessageClass::NoMatch;
    }
    if m.contains("statut de la certification")
        || (m.contains("certification") && m.contains(" est ko"))
    {
        return MessageClass::CertificationKo;
    }
    if m.contains("date de fin") && m.contains("inferieure") {
        return MessageClass::DateInversion;
    }
    MessageClass::Other
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    FileName,
    IdFlux,
    IdTraitement,
    IdDemande,
    KoId,
    KoMessage,
    OkId,
    ErrType,
    ErrMessage,
    ErrLine,
    ErrColumn,
}

/// Reads a processing report.
pub fn read(path: &Path) -> Result<CdcReport, InputError> {
    let bytes = std::fs::read(path).map_err(|e| io_error(path, &e))?;
    parse(path, &bytes)
}

/// Parses a processing report held in memory.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<CdcReport, InputError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let line_of = |pos: u64| -> u64 {
        // Positions are in `body` (after the BOM).
        let end = (pos as usize).min(body.len());
        memchr::memchr_iter(b'\n', &body[..end]).count() as u64 + 1
    };
    let err = |pos: u64, fr: String, en: String| {
        let line = line_of(pos);
        InputError::new(path, fr, en).at(line, None)
    };
    let mut reader = Reader::from_reader(body);
    reader.config_mut().trim_text(false);
    let mut report = CdcReport {
        path: path.to_path_buf(),
        ..CdcReport::default()
    };
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut slot: Option<(Slot, usize)> = None;
    let mut text = String::new();
    let mut ko: Option<(Option<String>, Option<String>, u64)> = None;
    let mut error: Option<SchemaError> = None;
    let mut seen_root = false;
    loop {
        let before = reader.buffer_position();
        let event = reader.read_event().map_err(|e| {
            err(
                reader.error_position(),
                format!("accusé de traitement mal formé : {e}"),
                format!("malformed processing report: {e}"),
            )
        })?;
        match event {
            Event::Start(e) => {
                let local = e.local_name().as_ref().to_vec();
                if stack.is_empty() {
                    if seen_root {
                        return Err(err(
                            before,
                            "second élément racine".into(),
                            "second root element".into(),
                        ));
                    }
                    seen_root = true;
                    if local != b"rapport" {
                        return Err(err(
                            before,
                            format!(
                                "élément racine « {} » : un accusé de traitement commence par rapport (est-ce un dépôt ?)",
                                String::from_utf8_lossy(&local)
                            ),
                            format!(
                                "root element \"{}\": a processing report starts with rapport (is this a deposit?)",
                                String::from_utf8_lossy(&local)
                            ),
                        ));
                    }
                }
                let parent = stack.last().map(Vec::as_slice).unwrap_or(b"");
                let grand = if stack.len() >= 2 {
                    stack[stack.len() - 2].as_slice()
                } else {
                    b""
                };
                let s = match (grand, parent, local.as_slice()) {
                    (_, b"rapport", b"nomFichier") => Some(Slot::FileName),
                    (_, b"rapport", b"idFlux") => Some(Slot::IdFlux),
                    (_, b"rapport", b"idTraitement") => Some(Slot::IdTraitement),
                    (_, b"rapport", b"idDemande") => Some(Slot::IdDemande),
                    (b"PassagesKO", b"passage", b"idTechnique") => Some(Slot::KoId),
                    (b"PassagesKO", b"passage", b"messageErreur") => Some(Slot::KoMessage),
                    (_, b"PassagesOK", b"idTechnique") => Some(Slot::OkId),
                    (b"erreurs", b"erreur", b"type") => Some(Slot::ErrType),
                    (b"erreurs", b"erreur", b"message") => Some(Slot::ErrMessage),
                    (b"erreurs", b"erreur", b"ligne") => Some(Slot::ErrLine),
                    (b"erreurs", b"erreur", b"colonne") => Some(Slot::ErrColumn),
                    _ => None,
                };
                if parent == b"PassagesKO" && local == b"passage" {
                    ko = Some((None, None, line_of(before)));
                }
                if parent == b"erreurs" && local == b"erreur" {
                    error = Some(SchemaError::default());
                }
                if let Some(s) = s {
                    slot = Some((s, stack.len()));
                    text.clear();
                }
                stack.push(local);
            }
            Event::Empty(e) => {
                let local = e.local_name().as_ref().to_vec();
                let parent = stack.last().map(Vec::as_slice).unwrap_or(b"");
                if stack.is_empty() {
                    let (fr, en) = if local == b"rapport" {
                        (
                            "accusé de traitement vide".into(),
                            "empty processing report".into(),
                        )
                    } else {
                        (
                            format!("élément racine « {} » : un accusé de traitement commence par rapport (est-ce un dépôt ?)", String::from_utf8_lossy(&local)),
                            format!("root element \"{}\": a processing report starts with rapport (is this a deposit?)", String::from_utf8_lossy(&local)),
                        )
                    };
                    return Err(err(before, fr, en));
                }
                if parent == b"PassagesKO" && local == b"passage" {
                    return Err(err(
                        before,
                        "passage rejeté sans idTechnique".into(),
                        "rejected passage without idTechnique".into(),
                    ));
                }
            }
            Event::Text(t) if slot.is_some() => {
                let s = t.unescape().map_err(|e| {
                    err(
                        before,
                        format!("entité invalide : {e}"),
                        format!("invalid entity: {e}"),
                    )
                })?;
                text.push_str(&s);
            }
            Event::CData(c) if slot.is_some() => {
                text.push_str(&String::from_utf8_lossy(&c));
            }
            Event::End(_) => {
                stack.pop();
                let depth = stack.len();
                if let Some((s, d)) = slot {
                    if d == depth {
                        slot = None;
                        let value = std::mem::take(&mut text);
                        let trimmed = value.trim().to_string();
                        let num = |v: &str, what: &str| -> Result<u64, InputError> {
                            v.parse::<u64>().map_err(|_| {
                                err(
                                    before,
                                    format!("{what} « {v} » n'est pas un nombre"),
                                    format!("{what} \"{v}\" is not a number"),
                                )
                            })
                        };
                        match s {
                            Slot::FileName => report.file_name = Some(trimmed),
                            Slot::IdFlux => report.id_flux = Some(trimmed),
                            Slot::IdTraitement => report.id_traitement = Some(trimmed),
                            Slot::IdDemande => report.id_demande = Some(trimmed),
                            Slot::KoId => {
                                if let Some(k) = ko.as_mut() {
                                    k.0 = Some(trimmed);
                                }
                            }
                            Slot::KoMessage => {
                                if let Some(k) = ko.as_mut() {
                                    k.1 = Some(value);
                                }
                            }
                            Slot::OkId => {
                                if !trimmed.is_empty() {
                                    report.accepted.push(trimmed);
                                }
                            }
                            Slot::ErrType => {
                                if let Some(e) = error.as_mut() {
                                    e.kind = trimmed;
                                }
                            }
                            Slot::ErrMessage => {
                                if let Some(e) = error.as_mut() {
                                    e.message = value;
                                }
                            }
                            Slot::ErrLine => {
                                if let Some(e) = error.as_mut() {
                                    e.line = (!trimmed.is_empty())
                                        .then(|| num(&trimmed, "ligne"))
                                        .transpose()?;
                                }
                            }
                            Slot::ErrColumn => {
                                if let Some(e) = error.as_mut() {
                                    e.column = (!trimmed.is_empty())
                                        .then(|| num(&trimmed, "colonne"))
                                        .transpose()?;
                                }
                            }
                        }
                    }
                }
                // Closing a passage or an error.
                let parent = stack.last().map(Vec::as_slice).unwrap_or(b"");
                if parent == b"PassagesKO" {
                    if let Some((id, message, line)) = ko.take() {
                        let id = id.filter(|s| !s.is_empty()).ok_or_else(|| {
                            InputError::new(
                                path,
                                "passage rejeté sans idTechnique",
                                "rejected passage without idTechnique",
                            )
                            .at(line, None)
                            .field("idTechnique")
                        })?;
                        let message = message.unwrap_or_default();
                        report.rejected.push(Rejected {
                            id,
                            class: classify(&message),
                            message,
                            line,
                        });
                    }
                }
                if parent == b"erreurs" {
                    if let Some(e) = error.take() {
                        report.schema_errors.push(e);
                    }
                }
            }
            Event::Eof => break,
            Event::DocType(_) => {
                return Err(err(
                    before,
                    "déclaration DOCTYPE refusée dans un accusé de traitement".into(),
                    "DOCTYPE refused in a processing report".into(),
                ))
            }
            _ => {}
        }
    }
    if !seen_root {
        return Err(InputError::new(
            path,
            "aucun élément rapport : ce n'est pas un accusé de traitement",
            "no rapport element: this is not a processing report",
        ));
    }
    if !stack.is_empty() {
        return Err(InputError::new(
            path,
            "fin de fichier inattendue (accusé de traitement tronqué ?)",
            "unexpected end of file (truncated processing report?)",
        )
        .at(line_of(body.len() as u64), None));
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> CdcReport {
        parse(Path::new("r.xml"), s.as_bytes()).unwrap()
    }

    #[test]
    fn reads_the_passage_form() {
        let r = p(r#"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<rapport xmlns:ns2="urn:cdc:cpf:pc5:rapport:schema">
    <nomFichier>depot.xml</nomFichier>
    <idFlux>abc</idFlux>
    <idTraitement>70412</idTraitement>
    <PassagesKO>
        <passage>
            <idTechnique>2</idTechnique>
            <messageErreur>Aucun titulaire ne correspond aux critères obligatoires</messageErreur>
        </passage>
        <passage>
            <messageErreur>Le passage certification avec le bcr émetteur 12ABC345 et l&apos;id technique partenaire 3 existe déjà en base
suite &amp; fin</messageErreur>
            <idTechnique>3</idTechnique>
        </passage>
    </PassagesKO>
    <PassagesOK>
        <idTechnique>1</idTechnique>
    </PassagesOK>
</rapport>"#);
        assert_eq!(r.file_name.as_deref(), Some("depot.xml"));
        assert_eq!(r.id_traitement.as_deref(), Some("70412"));
        assert_eq!(r.rejected.len(), 2);
        assert_eq!(r.rejected[0].class, MessageClass::Mandatory);
        assert_eq!(r.rejected[0].line, 7);
        assert_eq!(r.rejected[1].id, "3");
        assert!(r.rejected[1].message.contains("l'id technique"));
        assert!(r.rejected[1].message.contains("base\nsuite & fin"));
        assert_eq!(r.rejected[1].class, MessageClass::AlreadyInBase);
        assert_eq!(r.accepted, vec!["1"]);
        assert_eq!(r.to_resend().count(), 1);
    }

    #[test]
    fn tolerates_old_ids_prefixes_and_empty_lists() {
        let r = p(
            r#"<ns2:rapport xmlns:ns2="urn:x"><ns2:nomFichier>f</ns2:nomFichier><idDemande>12</idDemande><PassagesKO/><PassagesOK></PassagesOK></ns2:rapport>"#,
        );
        assert_eq!(r.id_demande.as_deref(), Some("12"));
        assert!(r.rejected.is_empty() && r.accepted.is_empty());
        let r = p("<rapport><nomFichier>f</nomFichier></rapport>");
        assert!(r.rejected.is_empty());
    }

    #[test]
    fn accepts_a_bom_and_crlf() {
        let r = parse(
            Path::new("r.xml"),
            b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\r\n<rapport>\r\n<PassagesKO>\r\n<passage><idTechnique> A </idTechnique><messageErreur>Plusieurs titulaires ont \xC3\xA9t\xC3\xA9 identifi\xC3\xA9s</messageErreur></passage>\r\n</PassagesKO></rapport>",
        )
        .unwrap();
        assert_eq!(r.rejected[0].id, "A");
        assert_eq!(r.rejected[0].line, 4);
        assert_eq!(r.rejected[0].class, MessageClass::SeveralHolders);
    }

    #[test]
    fn reads_the_schema_error_form() {
        let r = p(
            r#"<rapport><nomFichier>d.xml</nomFichier><idTraitement>1</idTraitement><erreurs><erreur><type>XSD</type><message>cvc-enumeration-valid : La valeur 'H' n'est pas un facet valide par rapport à l'énumération '[M, F]'.</message><ligne>39</ligne><colonne>42</colonne></erreur></erreurs></rapport>"#,
        );
        assert!(r.is_schema_report());
        assert_eq!(r.schema_errors[0].line, Some(39));
        assert_eq!(r.schema_errors[0].column, Some(42));
        assert_eq!(r.schema_errors[0].kind, "XSD");
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = parse(Path::new("r.xml"), b"<rapport>\n<PassagesKO>\n<passage><messageErreur>x</messageErreur></passage></PassagesKO></rapport>").unwrap_err();
        assert_eq!(e.line, Some(3));
        let e = parse(Path::new("r.xml"), b"<cpf:flux xmlns:cpf=\"u\"/>").unwrap_err();
        assert!(e.message_en.contains("deposit"), "{e:?}");
        let e = parse(
            Path::new("r.xml"),
            b"<rapport>\n<erreurs><erreur><ligne>x</ligne></erreur></erreurs></rapport>",
        )
        .unwrap_err();
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn classifies_every_documented_message() {
        let cases = [
            ("Aucun titulaire ne correspond aux critères obligatoires", MessageClass::Mandatory),
            ("Aucun titulaire ne correspond aux critères obligatoires enrichis du jour et du mois de naissance", MessageClass::DayMonth),
            ("Aucun titulaire ne correspond aux critères de reconciliation", MessageClass::Reconciliation),
            ("Plusieurs titulaires ont été identifiés", MessageClass::SeveralHolders),
            ("Aucun titulaire ne correspond aux critères enrichis des prénoms 2 et 3", MessageClass::FirstNames23),
            ("Aucun titulaire ne correspond à ces critères", MessageClass::NoMatch),
            ("Le passage certification avec le bcr émetteur 12ABC345 et l'id technique partenaire X existe déjà en base", MessageClass::AlreadyInBase),
            ("Le titulaire existe déjà en base", MessageClass::AlreadyInBase),
            ("Le statut de la certification avec le bcr émetteur 12ABC345, l'id technique partenaire X et l'index 0 est KO", MessageClass::CertificationKo),
            ("La date de fin de validité est inférieure à date de début de validité pour le passage certification avec le bcr émetteur B et l'id technique partenaire X", MessageClass::DateInversion),
            ("Erreur technique", MessageClass::Other),
        ];
        for (m, c) in cases {
            assert_eq!(classify(m), c, "{m}");
        }
    }
}
