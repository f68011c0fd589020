//! The rule engine's rules. Each rule lives in its own small module with a stable code,
//! a severity, French and English messages and documentation, and an optional fix.

use crate::finding::{Finding, Fix, Severity};
use crate::lang::Lang;
use crate::model::{Field, Record};

/// Whether a rule can propose a fix, and how far it can be trusted at best.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    None,
    Sometimes,
    Always,
}

/// Documentation of a rule in one language, under fixed headings
/// (a test checks that none is empty).
#[derive(Debug, Clone, Copy)]
pub struct RuleDoc {
    /// What it detects.
    pub what: &'static str,
    /// Why the CDC rejects it (or why it matters).
    pub why: &'static str,
    /// Example, deposited value → fixed value.
    pub example: &'static str,
    /// When the fix is safe, unsafe or absent.
    pub fix_safety: &'static str,
}

/// Static metadata of a rule.
#[derive(Debug, Clone, Copy)]
pub struct RuleMeta {
    /// Stable code: a family letter and three digits (`W001`). Never reused.
    pub code: &'static str,
    /// Short kebab-case name of the defect (`leading-trailing-whitespace`).
    pub name: &'static str,
    pub severity: Severity,
    pub fix: FixAvailability,
    /// One-line summary in French and English.
    pub summary_fr: &'static str,
    pub summary_en: &'static str,
    pub doc_fr: RuleDoc,
    pub doc_en: RuleDoc,
    /// Preview rules run only when selected explicitly.
    pub preview: bool,
}

impl RuleMeta {
    pub fn summary(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Fr => self.summary_fr,
            Lang::En => self.summary_en,
        }
    }
    pub fn doc(&self, lang: Lang) -> &RuleDoc {
        match lang {
            Lang::Fr => &self.doc_fr,
            Lang::En => &self.doc_en,
        }
    }
}

/// What a rule may read besides the record.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ctx {
    pub lang: Lang,
}

/// A per-record rule. Rules see only the record model.
pub trait Rule: Sync + Send {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, record: &Record, ctx: &Ctx, out: &mut Vec<Finding>);
}

/// Builds a finding of this rule with its default severity.
pub fn finding(
    meta: &'static RuleMeta,
    field: Option<Field>,
    value: Option<&str>,
    message: String,
    fix: Option<Fix>,
) -> Finding {
    Finding {
        rule: meta.code,
        severity: meta.severity,
        field,
        value: value.map(str::to_string),
        message,
        fix,
        alternatives: Vec::new(),
    }
}

/// Every rule, in code order. Adding a rule = adding its module and one line here.
pub fn all() -> Vec<&'static dyn Rule> {
    let mut rules: Vec<&'static dyn Rule> = vec![];
    rules.sort_by_key(|r| r.meta().code);
    rules
}

/// Finds a rule by code (case-insensitive).
pub fn by_code(code: &str) -> Option<&'static dyn Rule> {
    all()
        .into_iter()
        .find(|r| r.meta().code.eq_ignore_ascii_case(code))
}
