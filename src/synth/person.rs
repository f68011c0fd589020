//! A holder's true civil-status identity, drawn with realistic frequencies.

use super::data::{tables, Tables};
use super::rng::Rng;
use super::text::upper_plain;

/// How the institution writes names. Surnames are always upper case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `Léa`, `LEFÈVRE`: first names in mixed case with accents.
    Natural,
    /// `LEA`, `LEFEVRE`: everything upper case, accents stripped (APOGEE-era exports).
    Upper,
}

/// One identity, as deposited or as in the civil-status register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub nom: String,
    pub usage: Option<String>,
    pub p1: String,
    pub p2: Option<String>,
    pub p3: Option<String>,
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
    pub sex: char,
    /// `codeInsee` (commune, or `99` + country); `None` selects the postal-code branch.
    pub code_insee: Option<String>,
    /// `codePostal` in the postal-code branch; `None` there means `xsi:nil`.
    pub code_postal: Option<String>,
    pub libelle_commune: Option<String>,
    pub code_pays: Option<String>,
    pub libelle_pays: Option<String>,
    /// The real INSEE code of the birth place (register column), whatever is deposited.
    pub place_insee: String,
    pub abroad: bool,
    pub style: Style,
}

pub fn style_first(name: &str, style: Style) -> String {
    match style {
        Style::Natural => name.to_string(),
        Style::Upper => upper_plain(name),
    }
}

pub fn style_surname(name: &str, style: Style) -> String {
    match style {
        Style::Natural => name.to_uppercase(),
        Style::Upper => upper_plain(name),
    }
}

pub fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn birth_year(rng: &mut Rng) -> u16 {
    let r = rng.unit();
    let (lo, hi) = if r < 0.80 {
        (1995, 2004)
    } else if r < 0.92 {
        (1985, 1994)
    } else if r < 0.97 {
        (1970, 1984)
    } else if r < 0.99 {
        (1950, 1969)
    } else {
        (2005, 2006)
    };
    rng.range(lo, hi) as u16
}

/// Draws a first name of this sex, different from those in `avoid`.
pub fn draw_first(rng: &mut Rng, t: &Tables, sex: char, other: bool, avoid: &[&str]) -> String {
    let table = match (sex, other) {
        ('F', false) => &t.first_f,
        ('F', true) => &t.other_f,
        (_, false) => &t.first_m,
        (_, true) => &t.other_m,
    };
    let keys: Vec<String> = avoid.iter().map(|a| upper_plain(a)).collect();
    loop {
        let idx = table.sample(rng);
        if !keys.contains(&t.first_key[idx]) {
            return t.first_name(idx).name.to_string();
        }
    }
}

pub fn draw_surname(rng: &mut Rng, t: &Tables, avoid: &str) -> String {
    loop {
        let name = t.surnames[t.surname_w.sample(rng)];
        if name != avoid {
            return name.to_string();
        }
    }
}

/// Sets a French birth place from commune `idx`.
pub fn set_french_place(id: &mut Identity, t: &Tables, idx: usize, label: bool) {
    let c = &t.communes[idx];
    id.abroad = false;
    id.place_insee = c.insee.to_string();
    id.code_insee = Some(c.insee.to_string());
    id.code_postal = None;
    id.libelle_commune = label.then(|| c.label.to_string());
    id.code_pays = None;
    id.libelle_pays = None;
}

pub fn set_foreign_place(id: &mut Identity, rng: &mut Rng, t: &Tables) {
    let c = &t.countries[t.country_w.sample(rng)];
    let insee = format!("99{}", c.code3);
    id.abroad = true;
    id.place_insee = insee.clone();
    id.code_insee = Some(insee);
    id.code_postal = None;
    id.libelle_commune = rng.chance(0.85).then(|| rng.pick(&c.cities).to_string());
    id.code_pays = Some(c.code3.to_string());
    id.libelle_pays = rng.chance(0.9).then(|| c.label.to_string());
}

/// Redraws the first names for `sex`, keeping the number of first names.
pub fn redraw_first_names(id: &mut Identity, rng: &mut Rng, t: &Tables, sex: char) {
    id.sex = sex;
    let p1 = draw_first(rng, t, sex, false, &[]);
    id.p2 = id
        .p2
        .as_ref()
        .map(|_| style_first(&draw_first(rng, t, sex, true, &[&p1]), id.style));
    id.p3 = id.p3.as_ref().map(|_| {
        let p2 = id.p2.clone().unwrap_or_default();
        style_first(&draw_first(rng, t, sex, true, &[&p1, &p2]), id.style)
    });
    id.p1 = style_first(&p1, id.style);
}

/// A random, internally consistent identity.
pub fn draw_identity(rng: &mut Rng) -> Identity {
    let t = tables();
    let style = if rng.chance(0.6) {
        Style::Natural
    } else {
        Style::Upper
    };
    let year = birth_year(rng);
    let female = rng.chance(0.55);
    let sex = if female { 'F' } else { 'M' };
    let p1 = draw_first(rng, t, sex, false, &[]);
    let p2 = rng
        .chance(0.6)
        .then(|| draw_first(rng, t, sex, true, &[&p1]));
    let p3 = match &p2 {
        Some(p2) if rng.chance(1.0 / 3.0) => Some(draw_first(rng, t, sex, true, &[&p1, p2])),
        _ => None,
    };
    let mut nom = draw_surname(rng, t, "");
    // Double names: `--` for the 2005–2011 births it was issued to, a hyphen otherwise.
    if rng.chance(0.025) {
        let second = draw_surname(rng, t, &nom);
        let sep = if year >= 2005 || rng.chance(0.05) {
            "--"
        } else {
            "-"
        };
        nom = format!("{nom}{sep}{second}");
    }
    let married = if female {
        // Older women more often use a married name.
        if year < 1990 {
            0.45
        } else {
            0.10
        }
    } else {
        0.005
    };
    let usage = rng
        .chance(married)
        .then(|| style_surname(&draw_surname(rng, t, &nom), style));
    let month = rng.range(1, 12) as u8;
    let day = rng.range(1, u32::from(days_in_month(year, month))) as u8;
    let mut id = Identity {
        nom: style_surname(&nom, style),
        usage,
        p1: style_first(&p1, style),
        p2: p2.map(|p| style_first(&p, style)),
        p3: p3.map(|p| style_first(&p, style)),
        year,
        month: Some(month),
        day: Some(day),
        sex,
        code_insee: None,
        code_postal: None,
        libelle_commune: None,
        code_pays: None,
        libelle_pays: None,
        place_insee: String::new(),
        abroad: false,
        style,
    };
    if rng.chance(0.15) {
        set_foreign_place(&mut id, rng, t);
        // Unknown day and month for a few people born abroad.
        if rng.chance(0.02) {
            id.month = None;
            id.day = None;
        }
    } else {
        let idx = t.commune_w.sample(rng);
        set_french_place(&mut id, t, idx, rng.chance(0.9));
        // A few producers give the birth place by postal code (nil when unknown).
        if rng.chance(0.02) {
            id.code_insee = None;
            id.code_postal = rng.chance(0.9).then(|| t.communes[idx].postal.to_string());
        }
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identities_are_plausible() {
        let mut rng = Rng::new(3);
        let (mut p2, mut abroad, mut married_f, mut women) = (0, 0, 0, 0);
        let n = 20_000;
        for _ in 0..n {
            let id = draw_identity(&mut rng);
            assert!((1950..=2006).contains(&id.year));
            if let (Some(m), Some(d)) = (id.month, id.day) {
                assert!(d <= days_in_month(id.year, m));
            }
            assert_ne!(Some(&id.p1), id.p2.as_ref());
            p2 += usize::from(id.p2.is_some());
            abroad += usize::from(id.abroad);
            if id.sex == 'F' {
                women += 1;
                married_f += usize::from(id.usage.is_some());
            }
            if id.abroad {
                let code = id.code_insee.as_deref().unwrap();
                assert!(code.starts_with("99"));
                assert_eq!(&code[2..], id.code_pays.as_deref().unwrap());
            } else {
                assert!(id.code_pays.is_none());
            }
        }
        let share = |k: usize, of: usize| k as f64 / of as f64;
        assert!((0.57..0.63).contains(&share(p2, n)), "prenom2 {p2}");
        assert!((0.13..0.17).contains(&share(abroad, n)), "abroad {abroad}");
        assert!(
            (0.10..0.20).contains(&share(married_f, women)),
            "married {married_f}"
        );
    }
}
