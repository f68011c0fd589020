//! A reviewer's decisions: the CSV written by `accroche check --format csv`, with the
//! `décision` column filled in a spreadsheet. `fix --decisions` applies exactly the edits
//! of the accepted rows.

use crate::error::InputError;
use crate::finding::Edit;
use std::collections::HashMap;
use std::path::Path;

/// Accepted edits by record id, with the rule of each row.
#[derive(Debug, Default)]
pub struct Decisions {
    pub by_record: HashMap<String, Vec<(String, Edit)>>,
    pub accepted_rows: usize,
    pub rejected_rows: usize,
    pub undecided_rows: usize,
}

/// Words a reviewer may type to accept a row (case and accents ignored).
fn accepted(cell: &str) -> Option<bool> {
    let c = crate::normalize::key(cell.trim());
    match c.as_str() {
        "OUI" | "O" | "YES" | "Y" | "X" | "1" | "ACCEPTER" | "ACCEPTE" | "ACCEPT" | "OK"
        | "VRAI" | "TRUE" => Some(true),
        "NON" | "N" | "NO" | "0" | "REFUSER" | "REFUSE" | "REJECT" | "FAUX" | "FALSE" => {
            Some(false)
        }
        _ => None,
    }
}

pub fn load(path: &Path) -> Result<Decisions, InputError> {
    let (mut reader, headers) = crate::input::small_csv::open(path)?;
    let headers: Vec<String> = headers.iter().map(|h| crate::normalize::key(h)).collect();
    let col = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let (Some(id_col), Some(rule_col), Some(edits_col), Some(decision_col)) = (
        col(&["IDTECHNIQUE"]),
        col(&["REGLE", "RULE"]),
        col(&["MODIFICATIONS", "EDITS"]),
        col(&["DECISION"]),
    ) else {
        return Err(InputError::new(
            path,
            "ce n'est pas un fichier de décisions : il faut les colonnes idTechnique, règle, modifications et décision du rapport CSV d'accroche check",
            "not a decisions file: it needs the idTechnique, rule, edits and decision columns of accroche check's CSV report",
        ));
    };
    let mut out = Decisions::default();
    for (i, row) in reader.records().enumerate() {
        let line = i as u64 + 2;
        let row = row.map_err(|e| {
            InputError::new(
                path,
                format!("ligne illisible : {e}"),
                format!("unreadable row: {e}"),
            )
            .at(line, None)
        })?;
        let cell = |c: usize| row.get(c).unwrap_or("");
        match accepted(cell(decision_col)) {
            Some(true) => {}
            Some(false) => {
                out.rejected_rows += 1;
                continue;
            }
            None if cell(decision_col).trim().is_empty() => {
                out.undecided_rows += 1;
                continue;
            }
            None => {
                return Err(InputError::new(
                    path,
                    "décision non comprise : écrivez oui ou non",
                    "decision not understood: write yes or no",
                )
                .at(line, None)
                .field("décision"));
            }
        }
        let raw = cell(edits_col).trim();
        let raw = raw.strip_prefix('\'').unwrap_or(raw);
        if raw.is_empty() {
            return Err(InputError::new(
                path,
                "ligne acceptée sans correction proposée : rien à appliquer",
                "accepted row without a proposed fix: nothing to apply",
            )
            .at(line, None)
            .field("modifications"));
        }
        let edits: Vec<Edit> = serde_json::from_str(raw).map_err(|e| {
            InputError::new(
                path,
                format!("modifications illisibles ({e}) : la cellule a-t-elle été modifiée ?"),
                format!("unreadable edits ({e}): was the cell changed?"),
            )
            .at(line, None)
            .field("modifications")
        })?;
        let id = cell(id_col).trim();
        let id = id.strip_prefix('\'').unwrap_or(id).to_string();
        let rule = cell(rule_col).trim().to_string();
        out.accepted_rows += 1;
        let list = out.by_record.entry(id).or_default();
        for e in edits {
            list.push((rule.clone(), e));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert_eq!(accepted("Oui"), Some(true));
        assert_eq!(accepted(" x "), Some(true));
        assert_eq!(accepted("Refusé"), Some(false));
        assert_eq!(accepted("peut-être"), None);
    }
}
