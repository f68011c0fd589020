//! Findings and fixes: what rules produce and what writers and reports consume.

use crate::model::Field;
use serde::Serialize;

/// How serious a finding is for the deposit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; does not cause a rejection (e.g. accents).
    Info,
    /// May cause a rejection.
    Warning,
    /// Causes a schema rejection of the whole file, or very likely a holder rejection.
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// How far a fix can be trusted, ordered as ruff orders them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown to help a human; never written to a deposit.
    DisplayOnly,
    /// Offered; applied only with `--unsafe-fixes` or a reviewer's decision.
    Unsafe,
    /// Applied by `fix` by default: a wrong change is very unlikely.
    Safe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::DisplayOnly => "display-only",
            Applicability::Unsafe => "unsafe",
            Applicability::Safe => "safe",
        }
    }
}

/// One change to one field. `None` means absent (removal or insertion).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Edit {
    pub field: Field,
    pub from: Option<String>,
    pub to: Option<String>,
}

impl Edit {
    pub fn replace(field: Field, from: &str, to: impl Into<String>) -> Edit {
        Edit {
            field,
            from: Some(from.to_string()),
            to: Some(to.into()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(edits: Vec<Edit>) -> Fix {
        Fix {
            applicability: Applicability::Safe,
            edits,
        }
    }
    pub fn unsafe_(edits: Vec<Edit>) -> Fix {
        Fix {
            applicability: Applicability::Unsafe,
            edits,
        }
    }
    pub fn display_only(edits: Vec<Edit>) -> Fix {
        Fix {
            applicability: Applicability::DisplayOnly,
            edits,
        }
    }
}

/// One problem found on one record.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Stable rule code, e.g. `W001`.
    pub rule: &'static str,
    pub severity: Severity,
    pub field: Option<Field>,
    /// Line of the field in the input, when known (set by the engine).
    pub line: Option<u64>,
    /// The value as read (personal data: reports print it, logs do not).
    pub value: Option<String>,
    /// Message in the report language.
    pub message: String,
    pub fix: Option<Fix>,
    /// Other readings a reviewer can choose from (e.g. `Jean-Pierre` or `Jean` + `Pierre`).
    pub alternatives: Vec<Fix>,
}

/// All findings of one record, with what reports need to name it.
#[derive(Debug, Clone, Default)]
pub struct RecordFindings {
    pub index: usize,
    pub id: String,
    pub line: u64,
    pub findings: Vec<Finding>,
}
