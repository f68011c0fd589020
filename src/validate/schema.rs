//! The CDC deposit schema (XSD 1.1.2) as static tables, written from `FORMAT.md` §2.
//!
//! Every element definition is a `static`; content models refer to their children by
//! reference, so the validator never allocates to look an element up.

/// Namespace of every element of the deposit (`elementFormDefault="qualified"`).
pub const CPF_NS: &str = "urn:cdc:cpf:pc5:schema:1.0.0";
/// XML Schema instance namespace (`xsi:nil`).
pub const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// A simple (text-only) type.
#[derive(Debug, Clone, Copy)]
pub enum Simple {
    /// `xsd:string` with length bounds in characters (`min == max`: the `length` facet).
    Str { min: u32, max: u32 },
    /// `xsd:string` enumeration (whitespace preserved: exact match).
    Enum(&'static [&'static str]),
    /// `xsd:int` with inclusive bounds.
    Int { min: i64, max: i64 },
    /// `xsd:boolean`.
    Bool,
    /// `xsd:date` restricted by the `DATE` pattern (years 1900–2099, no time zone).
    Date,
    /// `xsd:dateTime` restricted by the `horodatage` pattern (mandatory numeric offset).
    DateTime,
}

/// Content model of an element.
#[derive(Debug, Clone, Copy)]
pub enum Content {
    Simple(Simple),
    /// `xsd:all`: each child at most once, in any order.
    All(&'static [Child]),
    /// Exactly one of the options (a `choice`, or a `sequence` of one element).
    Choice(&'static [&'static Elem]),
    /// `sequence` of an unbounded `choice` of one element, at least `min` times.
    List {
        item: &'static Elem,
        min: u32,
    },
}

/// An element declaration.
#[derive(Debug)]
pub struct Elem {
    pub name: &'static str,
    pub nillable: bool,
    pub content: Content,
}

/// A child of an `xsd:all` group.
#[derive(Debug)]
pub struct Child {
    pub elem: &'static Elem,
    pub required: bool,
}

const fn s(name: &'static str, min: u32, max: u32) -> Elem {
    Elem {
        name,
        nillable: false,
        content: Content::Simple(Simple::Str { min, max }),
    }
}

const fn simple(name: &'static str, t: Simple) -> Elem {
    Elem {
        name,
        nillable: false,
        content: Content::Simple(t),
    }
}

const fn nil(mut e: Elem) -> Elem {
    e.nillable = true;
    e
}

const fn req(elem: &'static Elem) -> Child {
    Child {
        elem,
        required: true,
    }
}

const fn opt(elem: &'static Elem) -> Child {
    Child {
        elem,
        required: false,
    }
}

const fn all(name: &'static str, children: &'static [Child]) -> Elem {
    Elem {
        name,
        nillable: false,
        content: Content::All(children),
    }
}

// ---- flux ----------------------------------------------------------------------------

pub static FLUX: Elem = all("flux", &[req(&ID_FLUX), req(&HORODATAGE), req(&EMETTEUR)]);
static ID_FLUX: Elem = s("idFlux", 1, 50);
static HORODATAGE: Elem = simple("horodatage", Simple::DateTime);
static EMETTEUR: Elem = all("emetteur", &[req(&ID_CLIENT), req(&CERTIFICATEURS)]);
static ID_CLIENT: Elem = s("idClient", 8, 8);
static CERTIFICATEURS: Elem = all("certificateurs", &[req(&CERTIFICATEUR)]);
static CERTIFICATEUR: Elem = all(
    "certificateur",
    &[req(&ID_CLIENT), req(&ID_CONTRAT), req(&CERTIFICATIONS)],
);
static ID_CONTRAT: Elem = s("idContrat", 1, 20);
static CERTIFICATIONS: Elem = Elem {
    name: "certifications",
    nillable: false,
    content: Content::List {
        item: &CERTIFICATION,
        min: 1,
    },
};

// ---- certification ---------------------------------------------------------------------

static CERTIFICATION: Elem = all(
    "certification",
    &[
        req(&TYPE),
        req(&CODE),
        opt(&NATURE_DEPOSANT),
        req(&PASSAGE_CERTIFICATIONS),
    ],
);
static TYPE: Elem = s("type", 1, 255);
static CODE: Elem = s("code", 1, 100);
static NATURE_DEPOSANT: Elem = simple(
    "natureDeposant",
    Simple::Enum(&["CERTIFICATEUR", "TIERS_CONFIANCE"]),
);
static PASSAGE_CERTIFICATIONS: Elem = Elem {
    name: "passageCertifications",
    nillable: false,
    content: Content::List {
        item: &PASSAGE_CERTIFICATION,
        min: 1,
    },
};

// ---- passageCertification ----------------------------------------------------------------

static PASSAGE_CERTIFICATION: Elem = all(
    "passageCertification",
    &[
        req(&ID_TECHNIQUE),
        opt(&URL_PREUVE),
        opt(&LIBELLE_OPTION),
        req(&OBTENTION_CERTIFICATION),
        req(&DONNEE_CERTIFIEE),
        opt(&DATE_DEBUT_EXAMEN),
        opt(&DATE_FIN_EXAMEN),
        opt(&MODALITE_PASSAGE_EXAMEN),
        opt(&CODE_POSTAL_CENTRE_EXAMEN),
        req(&DATE_DEBUT_VALIDITE),
        req(&DATE_FIN_VALIDITE),
        req(&PRESENCE_NIVEAU_LANGUE_EURO),
        opt(&NIVEAU_LANGUE_EUROPEEN),
        req(&PRESENCE_NIVEAU_NUMERIQUE_EURO),
        opt(&NIVEAU_NUMERIQUE_EUROPEEN),
        req(&SCORING),
        req(&MENTION_VALIDEE),
        req(&MODALITES_INSCRIPTION),
        req(&IDENTIFICATION_TITULAIRE),
        opt(&VERBATIM),
    ],
);
static ID_TECHNIQUE: Elem = s("idTechnique", 1, 255);
static URL_PREUVE: Elem = s("urlPreuve", 1, 255);
static LIBELLE_OPTION: Elem = s("libelleOption", 1, 255);
static OBTENTION_CERTIFICATION: Elem = simple(
    "obtentionCertification",
    Simple::Enum(&["PAR_ADMISSION", "PAR_SCORING"]),
);
static DONNEE_CERTIFIEE: Elem = simple("donneeCertifiee", Simple::Bool);
static DATE_DEBUT_EXAMEN: Elem = simple("dateDebutExamen", Simple::Date);
static DATE_FIN_EXAMEN: Elem = simple("dateFinExamen", Simple::Date);
static MODALITE_PASSAGE_EXAMEN: Elem = simple(
    "modalitePassageExamen",
    Simple::Enum(&["A_DISTANCE", "EN_PRESENTIEL", "MIXTE"]),
);
static CODE_POSTAL_CENTRE_EXAMEN: Elem = s("codePostalCentreExamen", 1, 9);
static DATE_DEBUT_VALIDITE: Elem = simple("dateDebutValidite", Simple::Date);
static DATE_FIN_VALIDITE: Elem = nil(simple("dateFinValidite", Simple::Date));
static PRESENCE_NIVEAU_LANGUE_EURO: Elem = simple("presenceNiveauLangueEuro", Simple::Bool);
static NIVEAU_LANGUE_EUROPEEN: Elem = simple(
    "niveauLangueEuropeen",
    Simple::Enum(&["A1", "A2", "B1", "B2", "C1", "C2", "INSUFFISANT"]),
);
static PRESENCE_NIVEAU_NUMERIQUE_EURO: Elem = simple("presenceNiveauNumeriqueEuro", Simple::Bool);
static NIVEAU_NUMERIQUE_EUROPEEN: Elem = all(
    "niveauNumeriqueEuropeen",
    &[opt(&SCORE_GENERAL), opt(&RESULTATS)],
);
static SCORE_GENERAL: Elem = simple("scoreGeneral", Simple::Int { min: 1, max: 1000 });
static RESULTATS: Elem = Elem {
    name: "resultats",
    nillable: false,
    content: Content::List {
        item: &RESULTAT,
        min: 0,
    },
};
static RESULTAT: Elem = all(
    "resultat",
    &[
        opt(&NIVEAU),
        opt(&DOMAINE_COMPETENCE_ID),
        opt(&COMPETENCE_ID),
    ],
);
static NIVEAU: Elem = simple("niveau", Simple::Int { min: 1, max: 8 });
static DOMAINE_COMPETENCE_ID: Elem = s("domaineCompetenceId", 1, 1);
static COMPETENCE_ID: Elem = s("competenceId", 1, 1);
static SCORING: Elem = nil(s("scoring", 1, 255));
static MENTION_VALIDEE: Elem = nil(simple(
    "mentionValidee",
    Simple::Enum(&[
        "SANS_MENTION",
        "MENTION_ASSEZ_BIEN",
        "MENTION_BIEN",
        "MENTION_TRES_BIEN",
        "MENTION_TRES_BIEN_AVEC_FELICITATIONS_DU_JURY",
    ]),
));
static VERBATIM: Elem = s("verbatim", 1, 255);

// ---- modalitesInscription ----------------------------------------------------------------

static MODALITES_INSCRIPTION: Elem = all(
    "modalitesInscription",
    &[
        req(&MODALITE_ACCES),
        opt(&VOIE_ACCESS_VAE),
        opt(&INITIATIVE_INSCRIPTION),
        opt(&DATE_INSCRIPTION),
    ],
);
static MODALITE_ACCES: Elem = nil(simple(
    "modaliteAcces",
    Simple::Enum(&[
        "FORMATION_INITIALE_HORS_APPRENTISSAGE",
        "FORMATION_INITIALE_APPRENTISSAGE",
        "FORMATION_CONTINUE_HORS_CONTRAT_DE_PROFESSIONNALISATION",
        "FORMATION_CONTINUE_CONTRAT_DE_PROFESSIONNALISATION",
        "VAE",
        "EQUIVALENCE_DIPLOME_ETRANGER",
        "CANDIDAT_LIBRE",
    ]),
));
static VOIE_ACCESS_VAE: Elem = simple(
    "voieAccessVAE",
    Simple::Enum(&["CONGES_VAE", "VAE_CLASSIQUE"]),
);
static INITIATIVE_INSCRIPTION: Elem = simple(
    "initiativeInscription",
    Simple::Enum(&["CERTIFIE", "OF", "POLE_EMPLOI", "EMPLOYEUR", "AUTRE"]),
);
static DATE_INSCRIPTION: Elem = simple("dateInscription", Simple::Date);

// ---- identificationTitulaire -------------------------------------------------------------

static IDENTIFICATION_TITULAIRE: Elem = Elem {
    name: "identificationTitulaire",
    nillable: false,
    content: Content::Choice(&[&DOSSIER_FORMATION, &TITULAIRE]),
};
static DOSSIER_FORMATION: Elem = all(
    "dossierFormation",
    &[
        req(&ID_DOSSIER),
        req(&NOM_TITULAIRE),
        req(&PRENOM1_TITULAIRE),
    ],
);
static ID_DOSSIER: Elem = s("idDossier", 1, 13);
static NOM_TITULAIRE: Elem = s("nomTitulaire", 1, 30);
static PRENOM1_TITULAIRE: Elem = s("prenom1Titulaire", 1, 20);

static TITULAIRE: Elem = all(
    "titulaire",
    &[
        req(&NOM_NAISSANCE),
        req(&NOM_USAGE),
        req(&PRENOM1),
        opt(&PRENOM2),
        opt(&PRENOM3),
        req(&ANNEE_NAISSANCE),
        req(&MOIS_NAISSANCE),
        req(&JOUR_NAISSANCE),
        req(&SEXE),
        req(&CODE_COMMUNE_NAISSANCE),
        opt(&LIBELLE_COMMUNE_NAISSANCE),
        opt(&CODE_PAYS_NAISSANCE),
        opt(&LIBELLE_PAYS_NAISSANCE),
        opt(&COMMENTAIRES_MEN),
    ],
);
static NOM_NAISSANCE: Elem = s("nomNaissance", 1, 60);
static NOM_USAGE: Elem = nil(s("nomUsage", 1, 60));
static PRENOM1: Elem = s("prenom1", 1, 60);
static PRENOM2: Elem = s("prenom2", 1, 60);
static PRENOM3: Elem = s("prenom3", 1, 60);
static ANNEE_NAISSANCE: Elem = simple(
    "anneeNaissance",
    Simple::Int {
        min: 1900,
        max: 2099,
    },
);
static MOIS_NAISSANCE: Elem = nil(simple("moisNaissance", Simple::Int { min: 1, max: 12 }));
static JOUR_NAISSANCE: Elem = nil(simple("jourNaissance", Simple::Int { min: 1, max: 31 }));
static SEXE: Elem = simple("sexe", Simple::Enum(&["M", "F"]));
static CODE_COMMUNE_NAISSANCE: Elem = Elem {
    name: "codeCommuneNaissance",
    nillable: false,
    content: Content::Choice(&[&CODE_INSEE_NAISSANCE, &CODE_POSTAL_NAISSANCE]),
};
static CODE_INSEE_NAISSANCE: Elem = Elem {
    name: "codeInseeNaissance",
    nillable: false,
    content: Content::Choice(&[&CODE_INSEE]),
};
static CODE_INSEE: Elem = s("codeInsee", 5, 5);
static CODE_POSTAL_NAISSANCE: Elem = Elem {
    name: "codePostalNaissance",
    nillable: false,
    content: Content::Choice(&[&CODE_POSTAL]),
};
static CODE_POSTAL: Elem = nil(s("codePostal", 1, 9));
static LIBELLE_COMMUNE_NAISSANCE: Elem = s("libelleCommuneNaissance", 1, 60);
static CODE_PAYS_NAISSANCE: Elem = s("codePaysNaissance", 3, 3);
static LIBELLE_PAYS_NAISSANCE: Elem = s("libellePaysNaissance", 1, 60);
static COMMENTAIRES_MEN: Elem = s("commentairesMEN", 1, 250);

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(e: &'static Elem, out: &mut Vec<&'static Elem>) {
        if out.iter().any(|x| std::ptr::eq(*x, e)) {
            return;
        }
        out.push(e);
        match e.content {
            Content::Simple(_) => {}
            Content::All(children) => children.iter().for_each(|c| walk(c.elem, out)),
            Content::Choice(opts) => opts.iter().for_each(|o| walk(o, out)),
            Content::List { item, .. } => walk(item, out),
        }
    }

    #[test]
    fn exactly_eight_nillable_elements() {
        let mut v = Vec::new();
        walk(&FLUX, &mut v);
        let mut nillable: Vec<&str> = v.iter().filter(|e| e.nillable).map(|e| e.name).collect();
        nillable.sort_unstable();
        assert_eq!(
            nillable,
            [
                "codePostal",
                "dateFinValidite",
                "jourNaissance",
                "mentionValidee",
                "modaliteAcces",
                "moisNaissance",
                "nomUsage",
                "scoring"
            ]
        );
        // Nillable elements are all required where they appear and all simple.
        for e in &v {
            if let Content::All(children) = e.content {
                for c in children {
                    if c.elem.nillable {
                        assert!(c.required, "{} nillable but optional", c.elem.name);
                    }
                }
                assert!(children.len() <= 64);
            }
        }
        // 68 distinct declarations (idClient is shared by emetteur and certificateur).
        assert_eq!(v.len(), 68);
    }
}
