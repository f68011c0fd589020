//! The rule engine: runs the selected rules over records in parallel (rayon) while a
//! reader thread streams the input; results come back in input order, so two runs give
//! identical output whatever the thread timing.

use crate::error::InputError;
use crate::finding::{Applicability, Edit, Finding};
use crate::model::{Field, Record, Value};
use crate::rules::{self, Ctx, Rule};
use rayon::prelude::*;
use std::sync::mpsc::sync_channel;

/// Records per batch handed to rayon: big enough to amortise, small enough to stream.
const BATCH: usize = 512;

/// Which rules run: ruff-style codes or prefixes (`W`, `W001`, `ALL`).
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// Rules or families whose unsafe fixes count as safe (ruff's `extend-safe-fixes`): a
    /// certifier's own decision, e.g. S001 after checking its precision on their deposits.
    /// Display-only suggestions are never promoted.
    pub extend_safe_fixes: Vec<String>,
}

impl Selection {
    fn matches(list: &[String], code: &str) -> Option<usize> {
        list.iter()
            .filter(|s| s.eq_ignore_ascii_case("ALL") || code.starts_with(&s.to_ascii_uppercase()))
            .map(|s| {
                if s.eq_ignore_ascii_case("ALL") {
                    0
                } else {
                    s.len()
                }
            })
            .max()
    }

    /// Whether the rule runs. Preview rules run only when selected by their full code.
    pub fn enables(&self, meta: &crate::rules::RuleMeta) -> bool {
        if meta.preview {
            return self
                .select
                .iter()
                .any(|s| s.eq_ignore_ascii_case(meta.code))
                && Self::matches(&self.ignore, meta.code).is_none();
        }
        let selected = if self.select.is_empty() {
            Some(0)
        } else {
            Self::matches(&self.select, meta.code)
        };
        match (selected, Self::matches(&self.ignore, meta.code)) {
            (None, _) => false,
            (Some(_), None) => true,
            // The more specific of the two wins, as in ruff.
            (Some(s), Some(i)) => s > i,
        }
    }

    /// Whether the unsafe fixes of rule `code` count as safe.
    pub fn promotes(&self, code: &str) -> bool {
        Self::matches(&self.extend_safe_fixes, code).is_some()
    }

    /// Codes in `--select`/`--ignore`/`--extend-safe-fixes` that match no rule (typos must
    /// not pass silently).
    pub fn unknown_codes(&self) -> Vec<String> {
        let all = rules::all();
        self.select
            .iter()
            .chain(self.ignore.iter())
            .chain(self.extend_safe_fixes.iter())
            .filter(|s| {
                !s.eq_ignore_ascii_case("ALL")
                    && !all
                        .iter()
                        .any(|r| r.meta().code.starts_with(&s.to_ascii_uppercase()))
            })
            .cloned()
            .collect()
    }
}

pub struct Engine {
    rules: Vec<&'static dyn Rule>,
    /// Rules whose unsafe fixes are promoted to safe (see [`Selection::extend_safe_fixes`]).
    promoted: Vec<&'static str>,
    pub ctx: Ctx,
}

/// A record with its findings, in input order.
pub struct Checked<'a> {
    pub record: &'a Record,
    pub findings: Vec<Finding>,
}

impl Engine {
    pub fn new(selection: &Selection, ctx: Ctx) -> Engine {
        let rules: Vec<&'static dyn Rule> = rules::all()
            .into_iter()
            .filter(|r| selection.enables(r.meta()))
            .collect();
        let promoted = rules
            .iter()
            .map(|r| r.meta().code)
            .filter(|code| selection.promotes(code))
            .collect();
        Engine {
            rules,
            promoted,
            ctx,
        }
    }

    /// Starts building, on background threads, the reference tables the selected rules use
    /// (see [`rules::warm_up`]). For a run over a whole file; a library user who replaces the
    /// tables calls [`crate::reference::set_rules_dir`] first.
    pub fn warm_up(&self) {
        rules::warm_up(&self.rules);
    }

    pub fn rules(&self) -> &[&'static dyn Rule] {
        &self.rules
    }

    /// Runs every selected rule on one record. Records identified by a CPF file number
    /// (`dossierFormation`) have no civil-status identity to check.
    pub fn check(&self, record: &Record) -> Vec<Finding> {
        let mut out = Vec::new();
        if !record.is_civil_status() {
            return out;
        }
        for rule in &self.rules {
            rule.check(record, &self.ctx, &mut out);
        }
        for f in &mut out {
            f.line = f
                .field
                .and_then(|x| record.get(x))
                .map(|v| v.loc.line)
                .filter(|l| *l > 0);
            if let Some(fix) = f.fix.as_mut() {
                if fix.applicability == Applicability::Unsafe && self.promoted.contains(&f.rule) {
                    fix.applicability = Applicability::Safe;
                }
            }
        }
        out
    }

    /// Streams `records` through the rules: a reader thread fills batches, rayon checks
    /// them, and `sink` receives every record in input order. The first input error stops
    /// the run and is returned.
    pub fn run<I, S>(&self, records: I, mut sink: S) -> Result<(), InputError>
    where
        I: Iterator<Item = Result<Record, InputError>> + Send,
        S: FnMut(Checked<'_>) -> Result<(), InputError>,
    {
        self.run_map(records, |_, _| (), |c, ()| sink(c))
    }

    /// Like [`Engine::run`], with per-record work `map` done in parallel next to the rules
    /// (e.g. computing fixes); `sink` gets its result with the record, in input order.
    pub fn run_map<I, T, M, S>(&self, records: I, map: M, mut sink: S) -> Result<(), InputError>
    where
        I: Iterator<Item = Result<Record, InputError>> + Send,
        T: Send,
        M: Fn(&Record, &[Finding]) -> T + Sync,
        S: FnMut(Checked<'_>, T) -> Result<(), InputError>,
    {
        let (tx, rx) = sync_channel::<Result<Vec<Record>, InputError>>(4);
        // Checked batches go back to the reader's thread, which drops their records and
        // refills the emptied vector: a record's strings are freed by the thread that
        // allocated them. Freed on another thread, glibc's malloc locked the reader's arena
        // for each of them, against the reader's own allocations.
        let (spent_tx, spent_rx) = sync_channel::<Vec<Record>>(4);
        std::thread::scope(|scope| {
            scope.spawn(move || {
                let fresh = || match spent_rx.try_recv() {
                    Ok(mut spent) => {
                        spent.clear();
                        spent
                    }
                    Err(_) => Vec::with_capacity(BATCH),
                };
                let mut batch = fresh();
                for item in records {
                    match item {
                        Ok(rec) => {
                            batch.push(rec);
                            if batch.len() == BATCH {
                                let full = std::mem::replace(&mut batch, fresh());
                                if tx.send(Ok(full)).is_err() {
                                    return;
                                }
                            }
                        }
                        Err(e) => {
                            let _ = tx.send(Ok(batch));
                            let _ = tx.send(Err(e));
                            return;
                        }
                    }
                }
                let _ = tx.send(Ok(batch));
            });
            for batch in rx {
                let batch = batch?;
                // Records are large: the rules and `sink` borrow them.
                let results: Vec<(Vec<Finding>, T)> = batch
                    .par_iter()
                    .map(|record| {
                        let findings = self.check(record);
                        let extra = map(record, &findings);
                        (findings, extra)
                    })
                    .collect();
                for (record, (findings, extra)) in batch.iter().zip(results) {
                    sink(Checked { record, findings }, extra)?;
                }
                // Full only if the reader has stopped taking them back: dropped here then.
                let _ = spent_tx.try_send(batch);
            }
            Ok(())
        })
    }

    /// Applies the fixes at or above `min` to a copy of the record, checking again after
    /// each round until nothing changes (as ruff does), and returns the net edits (one per
    /// field, from the original value to the final one) with the rules that made them.
    pub fn fix(&self, record: &Record, min: Applicability) -> Vec<AppliedEdit> {
        let mut current = record.clone();
        let mut applied: Vec<AppliedEdit> = Vec::new();
        for _round in 0..8 {
            let findings = self.check(&current);
            let mut touched: Vec<Field> = Vec::new();
            let mut changed = false;
            for f in &findings {
                let Some(fix) = &f.fix else { continue };
                if fix.applicability < min || fix.applicability == Applicability::DisplayOnly {
                    continue;
                }
                // Two fixes on one field in one round: keep the first, check again next round.
                if fix.edits.iter().any(|e| touched.contains(&e.field)) {
                    continue;
                }
                // A stale fix (its `from` no longer matches) is skipped.
                if !fix.edits.iter().all(|e| edit_matches(&current, e)) {
                    continue;
                }
                for e in &fix.edits {
                    apply_edit(&mut current, e);
                    touched.push(e.field);
                    record_edit(&mut applied, record, e, f.rule, fix.applicability);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        // Drop edits whose net effect is nothing.
        applied.retain(|a| a.from != a.to);
        applied.sort_by_key(|a| a.field);
        applied
    }
}

/// A net change to one field of one record, for the rewrite and the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedEdit {
    pub field: Field,
    /// Value in the input (`None` = absent).
    pub from: Option<String>,
    /// Value written (`None` = removed).
    pub to: Option<String>,
    /// Rules that contributed, in order.
    pub rules: Vec<&'static str>,
    /// The weakest applicability among contributing fixes.
    pub applicability: Applicability,
}

fn field_text(record: &Record, field: Field) -> Option<String> {
    record.get(field).filter(|v| !v.nil).map(|v| v.text.clone())
}

fn edit_matches(record: &Record, e: &Edit) -> bool {
    field_text(record, e.field) == e.from
}

fn apply_edit(record: &mut Record, e: &Edit) {
    match &e.to {
        Some(text) => {
            let loc = record
                .get(e.field)
                .map(|v| v.loc.clone())
                .unwrap_or_default();
            record.set(
                e.field,
                Value {
                    text: text.clone(),
                    nil: false,
                    loc,
                },
            );
        }
        None => record.fields[e.field.index()] = None,
    }
}

fn record_edit(
    applied: &mut Vec<AppliedEdit>,
    original: &Record,
    e: &Edit,
    rule: &'static str,
    app: Applicability,
) {
    if let Some(a) = applied.iter_mut().find(|a| a.field == e.field) {
        a.to = e.to.clone();
        if !a.rules.contains(&rule) {
            a.rules.push(rule);
        }
        a.applicability = a.applicability.min(app);
    } else {
        applied.push(AppliedEdit {
            field: e.field,
            from: field_text(original, e.field),
            to: e.to.clone(),
            rules: vec![rule],
            applicability: app,
        });
    }
}
