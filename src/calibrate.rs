//! `accroche calibrate`: per-rule observed rejection rates from a past deposit and its
//! processing report, shrunk toward the current values of `rules/estimate.toml` with a Beta
//! prior, written in the same format (usable with `check --calibration`).

use crate::cdc_report::CdcReport;
use crate::engine::Engine;
use crate::error::InputError;
use crate::estimate::{Model, Prob};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::Path;

/// Weight of the prior, in pseudo-holders: with fewer observations the current value wins.
pub const PRIOR_WEIGHT: f64 = 20.0;

/// Observed counts: holders processed and holders rejected on identity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Count {
    pub holders: u64,
    pub rejected: u64,
}

#[derive(Debug, Clone, Default)]
pub struct Observed {
    /// Holders with no finding at all.
    pub base: Count,
    pub by_rule: BTreeMap<&'static str, Count>,
    /// Holders left out: not in the report, or rejected for a reason that is not identity.
    pub skipped: u64,
    /// Every judged holder: the rules that fired and whether it was rejected (for the
    /// Brier score and the reliability table).
    pub holders: Vec<(Vec<&'static str>, bool)>,
}

/// How well a model's probabilities match what happened.
#[derive(Debug, Clone)]
pub struct Fit {
    /// Mean squared error of the predicted probability (0 is perfect).
    pub brier: f64,
    /// Predicted and observed rejection rates over all holders.
    pub predicted: f64,
    pub observed: f64,
    /// Reliability table: (bin upper bound, holders, mean predicted, observed rate).
    pub bins: Vec<(f64, u64, f64, f64)>,
}

/// Scores a model on the observed holders.
pub fn fit(model: &Model, obs: &Observed) -> Fit {
    const BOUNDS: [f64; 5] = [0.05, 0.2, 0.5, 0.8, 1.0];
    let mut bins: Vec<(f64, u64, f64, f64)> = BOUNDS.iter().map(|b| (*b, 0, 0.0, 0.0)).collect();
    let (mut se, mut sp, mut sy) = (0.0, 0.0, 0.0);
    for (rules, rejected) in &obs.holders {
        let p = model.probability(rules);
        let y = if *rejected { 1.0 } else { 0.0 };
        se += (p - y) * (p - y);
        sp += p;
        sy += y;
        let b = bins.iter_mut().find(|b| p <= b.0).expect("p <= 1");
        b.1 += 1;
        b.2 += p;
        b.3 += y;
    }
    let n = obs.holders.len().max(1) as f64;
    for b in &mut bins {
        if b.1 > 0 {
            b.2 /= b.1 as f64;
            b.3 /= b.1 as f64;
        }
    }
    Fit {
        brier: se / n,
        predicted: sp / n,
        observed: sy / n,
        bins,
    }
}

/// Counts, for every holder that the report judged on identity, which rules fired.
pub fn observe(
    report: &CdcReport,
    deposit: &Path,
    engine: &Engine,
) -> Result<Observed, InputError> {
    if report.is_schema_report() {
        return Err(InputError::new(
            &report.path,
            "accusé d'erreurs de schéma : aucun passage n'a été traité, rien à calibrer",
            "schema-error report: no passage was processed, nothing to calibrate",
        ));
    }
    // true = rejected on identity, false = accepted.
    let mut verdict: HashMap<&str, bool> = report
        .accepted
        .iter()
        .map(|id| (id.as_str(), false))
        .collect();
    for r in &report.rejected {
        if r.class.is_identity() {
            verdict.insert(r.id.as_str(), true);
        } else if !r.class.needs_resend() {
            verdict.insert(r.id.as_str(), false);
        }
    }
    let mut out = Observed::default();
    for rec in crate::xml::reader::open(deposit)? {
        let rec = rec?;
        let Some(&rejected) = verdict.get(rec.id.trim()) else {
            out.skipped += 1;
            continue;
        };
        if !rec.is_civil_status() {
            out.skipped += 1;
            continue;
        }
        let mut rules: Vec<&'static str> = engine.check(&rec).iter().map(|f| f.rule).collect();
        rules.sort();
        rules.dedup();
        out.holders.push((rules.clone(), rejected));
        let counts: Vec<&mut Count> = if rules.is_empty() {
            vec![&mut out.base]
        } else {
            let mut v = Vec::new();
            for r in &rules {
                out.by_rule.entry(r).or_default();
            }
            for (code, c) in out.by_rule.iter_mut() {
                if rules.contains(code) {
                    v.push(c);
                }
            }
            v
        };
        for c in counts {
            c.holders += 1;
            if rejected {
                c.rejected += 1;
            }
        }
    }
    Ok(out)
}

/// Beta posterior mean and a 95 % normal interval, with `prior` as the prior mean.
fn posterior(prior: f64, c: Count) -> Prob {
    let a = prior.clamp(1e-4, 1.0 - 1e-4) * PRIOR_WEIGHT + c.rejected as f64;
    let b = (1.0 - prior.clamp(1e-4, 1.0 - 1e-4)) * PRIOR_WEIGHT + (c.holders - c.rejected) as f64;
    let n = a + b;
    let p = a / n;
    let sd = (p * (1.0 - p) / (n + 1.0)).sqrt();
    Prob {
        p,
        low: (p - 1.96 * sd).max(0.0),
        high: (p + 1.96 * sd).min(1.0),
    }
}

/// The calibrated model. A rule's probability is what it adds to the base rate:
/// a holder with that rule is rejected with `1 - (1 - base)(1 - p)`.
pub fn calibrate(current: &Model, obs: &Observed) -> Model {
    let base = posterior(current.base.p, obs.base);
    let mut rules = current.rules.clone();
    for (code, c) in &obs.by_rule {
        let p0 = current.rules.get(*code).map(|p| p.p).unwrap_or(0.5);
        let q0 = 1.0 - (1.0 - base.p) * (1.0 - p0);
        let q = posterior(q0, *c);
        let back = |x: f64| (1.0 - (1.0 - x) / (1.0 - base.p)).clamp(0.0, 1.0);
        rules.insert(
            code.to_string(),
            Prob {
                p: back(q.p),
                low: back(q.low),
                high: back(q.high),
            },
        );
    }
    Model { base, rules }
}

/// Writes a model in the format of `rules/estimate.toml`, with the counts as notes.
pub fn to_toml(model: &Model, obs: &Observed, source: &str) -> String {
    let r4 = |x: f64| (x * 10_000.0).round() / 10_000.0;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Calibrated by `accroche calibrate` from {source}.\n# Beta prior toward the previous values, weight {PRIOR_WEIGHT} holders. Use with `accroche check --calibration FILE`.\n"
    );
    let _ = writeln!(
        s,
        "[base]\n# {} holder(s) without finding, {} rejected on identity\np = {:?}\nlow = {:?}\nhigh = {:?}\n\n[rules]",
        obs.base.holders,
        obs.base.rejected,
        r4(model.base.p),
        r4(model.base.low),
        r4(model.base.high)
    );
    for (code, p) in &model.rules {
        let note = match obs.by_rule.get(code.as_str()) {
            Some(c) => format!("observed: {} rejected of {}", c.rejected, c.holders),
            None => "not observed: previous value".to_string(),
        };
        let _ = writeln!(
            s,
            "{code} = {{ p = {:?}, low = {:?}, high = {:?}, note = \"{note}\" }}",
            r4(p.p),
            r4(p.low),
            r4(p.high)
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_observations_stay_near_the_prior_many_move_away() {
        let m = Model::builtin();
        let mut obs = Observed {
            base: Count {
                holders: 1000,
                rejected: 27,
            },
            ..Observed::default()
        };
        obs.by_rule.insert(
            "W001",
            Count {
                holders: 2,
                rejected: 0,
            },
        );
        let c = calibrate(&m, &obs);
        assert!((c.rules["W001"].p - m.rules["W001"].p).abs() < 0.1);
        obs.by_rule.insert(
            "W001",
            Count {
                holders: 2000,
                rejected: 60,
            },
        );
        let c = calibrate(&m, &obs);
        assert!(c.rules["W001"].p < 0.05, "{:?}", c.rules["W001"]);
        assert!(
            c.rules["W001"].low <= c.rules["W001"].p && c.rules["W001"].p <= c.rules["W001"].high
        );
        let text = to_toml(&c, &obs, "test");
        let back = Model::parse(&text).unwrap();
        assert_eq!(back.rules.len(), m.rules.len());
    }
}
