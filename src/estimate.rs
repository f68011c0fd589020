//! Rejection-rate estimate: each holder gets a probability of rejection from its findings
//! and the base rate of holders with no finding (`rules/estimate.toml`).

use crate::finding::{Applicability, Finding};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The CDC's threshold: a certifier must stay under 10 % rejections.
pub const THRESHOLD: f64 = 0.10;

#[derive(Debug, Clone, Copy, Deserialize)]
pub struct Prob {
    pub p: f64,
    pub low: f64,
    pub high: f64,
}

#[derive(Debug, Clone, Deserialize)]
struct RuleProb {
    p: f64,
    low: f64,
    high: f64,
}

#[derive(Debug, Clone, Deserialize)]
struct File {
    base: Prob,
    rules: BTreeMap<String, RuleProb>,
}

/// Probabilities per rule code.
#[derive(Debug, Clone)]
pub struct Model {
    pub base: Prob,
    pub rules: BTreeMap<String, Prob>,
}

impl Model {
    pub fn builtin() -> Model {
        Model::parse(include_str!("../rules/estimate.toml")).expect("rules/estimate.toml is valid")
    }

    pub fn parse(text: &str) -> Result<Model, String> {
        let f: File = toml::from_str(text).map_err(|e| e.to_string())?;
        let rules = f
            .rules
            .into_iter()
            .map(|(k, v)| {
                (
                    k,
                    Prob {
                        p: v.p,
                        low: v.low,
                        high: v.high,
                    },
                )
            })
            .collect();
        Ok(Model {
            base: f.base,
            rules,
        })
    }

    fn rule(&self, code: &str) -> Option<Prob> {
        self.rules.get(code).copied()
    }

    /// Central probability of rejection of a holder on whom these rules fired.
    pub fn probability(&self, rules: &[&str]) -> f64 {
        let mut ok = 1.0 - self.base.p;
        let mut seen: Vec<&str> = Vec::new();
        for r in rules {
            if seen.contains(r) {
                continue;
            }
            seen.push(r);
            if let Some(p) = self.rule(r) {
                ok *= 1.0 - p.p;
            }
        }
        1.0 - ok
    }

    /// Probability of rejection of one holder (central, low, high), counting only the
    /// findings `keep` retains.
    fn holder(&self, findings: &[Finding], keep: impl Fn(&Finding) -> bool) -> (f64, f64, f64) {
        let mut ok = (1.0 - self.base.p, 1.0 - self.base.low, 1.0 - self.base.high);
        let mut seen: Vec<&str> = Vec::new();
        for f in findings.iter().filter(|f| keep(f)) {
            if seen.contains(&f.rule) {
                continue;
            }
            seen.push(f.rule);
            if let Some(p) = self.rule(f.rule) {
                ok.0 *= 1.0 - p.p;
                ok.1 *= 1.0 - p.low;
                ok.2 *= 1.0 - p.high;
            }
        }
        (1.0 - ok.0, 1.0 - ok.1, 1.0 - ok.2)
    }
}

/// The rule whose findings say nothing when the export copies the birth name into the
/// usage name (N005: usage name equal to the birth name).
pub const USAGE_NAME_RULE: &str = "N005";

/// Sums of holders' probabilities.
#[derive(Debug, Clone, Default)]
struct Sums {
    sum: f64,
    sum_low: f64,
    sum_high: f64,
    var: f64,
    after_sum: f64,
    after_var: f64,
}

/// One holder's probabilities (central, low, high, after the safe fixes), counting only the
/// findings `keep` retains.
fn holder_share(model: &Model, findings: &[Finding], keep: impl Fn(&Finding) -> bool) -> [f64; 4] {
    let (p, lo, hi) = model.holder(findings, &keep);
    // After the safe fixes, findings that carry a safe fix are gone.
    let (pa, _, _) = model.holder(findings, |f| {
        keep(f) && f.fix.as_ref().map(|x| x.applicability) != Some(Applicability::Safe)
    });
    [p, lo, hi, pa]
}

impl Sums {
    fn add(&mut self, [p, lo, hi, pa]: [f64; 4]) {
        self.sum += p;
        self.sum_low += lo;
        self.sum_high += hi;
        self.var += p * (1.0 - p);
        self.after_sum += pa;
        self.after_var += pa * (1.0 - pa);
    }
}

/// Accumulates holders' probabilities over a run, with and without the usage-name rule
/// (whether it counts is known only at the end, see [`Estimator::finish`]).
#[derive(Debug, Clone, Default)]
pub struct Estimator {
    n: u64,
    all: Sums,
    without_usage_name: Sums,
}

/// The estimate reported.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub rate: f64,
    pub interval: (f64, f64),
    pub rate_after_fix: f64,
    pub interval_after_fix: (f64, f64),
}

impl Estimator {
    pub fn add(&mut self, model: &Model, findings: &[Finding]) {
        self.n += 1;
        let all = holder_share(model, findings, |_| true);
        self.all.add(all);
        // The two differ only for a holder with an N005 finding: computed again for those.
        let without = if findings.iter().any(|f| f.rule == USAGE_NAME_RULE) {
            holder_share(model, findings, |f| f.rule != USAGE_NAME_RULE)
        } else {
            all
        };
        self.without_usage_name.add(without);
    }

    /// The estimate; `count_usage_name` false leaves out [`USAGE_NAME_RULE`] (a deposit
    /// whose export copies birth names into usage names).
    pub fn finish(&self, count_usage_name: bool) -> Estimate {
        let s = if count_usage_name {
            &self.all
        } else {
            &self.without_usage_name
        };
        if self.n == 0 {
            return Estimate {
                rate: 0.0,
                interval: (0.0, 0.0),
                rate_after_fix: 0.0,
                interval_after_fix: (0.0, 0.0),
            };
        }
        let n = self.n as f64;
        let rate = s.sum / n;
        let sd = s.var.sqrt() / n;
        // Model uncertainty (low/high probabilities) widened by the sampling spread.
        let lo = (s.sum_low / n - 1.96 * sd).max(0.0);
        let hi = (s.sum_high / n + 1.96 * sd).min(1.0);
        let after = s.after_sum / n;
        let sd_after = s.after_var.sqrt() / n;
        let scale = if rate > 0.0 { after / rate } else { 1.0 };
        Estimate {
            rate,
            interval: (lo.min(rate), hi.max(rate)),
            rate_after_fix: after,
            interval_after_fix: (
                ((s.sum_low / n) * scale - 1.96 * sd_after)
                    .max(0.0)
                    .min(after),
                ((s.sum_high / n) * scale + 1.96 * sd_after)
                    .min(1.0)
                    .max(after),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Fix, Severity};

    fn f(rule: &'static str, safe: bool) -> Finding {
        Finding {
            rule,
            severity: Severity::Error,
            field: None,
            line: None,
            value: None,
            message: String::new(),
            fix: safe.then(|| Fix::safe(vec![])),
            alternatives: vec![],
        }
    }

    #[test]
    fn clean_deposit_is_at_base_rate() {
        let m = Model::builtin();
        let mut e = Estimator::default();
        for _ in 0..1000 {
            e.add(&m, &[]);
        }
        let est = e.finish(true);
        assert!((est.rate - m.base.p).abs() < 1e-9);
        assert!(est.interval.0 <= est.rate && est.rate <= est.interval.1);
    }

    #[test]
    fn findings_raise_the_rate_and_safe_fixes_lower_it() {
        let m = Model::builtin();
        let mut e = Estimator::default();
        for i in 0..100 {
            if i < 20 {
                e.add(&m, &[f("C001", true)]);
            } else {
                e.add(&m, &[]);
            }
        }
        let est = e.finish(true);
        assert!(est.rate > 0.15, "{est:?}");
        assert!(est.rate_after_fix < 0.05, "{est:?}");
    }

    #[test]
    fn every_rule_with_a_probability_exists() {
        let m = Model::builtin();
        for code in m.rules.keys() {
            assert!(
                crate::rules::by_code(code).is_some(),
                "{code} in estimate.toml has no rule"
            );
        }
    }
}
