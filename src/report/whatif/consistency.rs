//! Whether a `sweep.json` or `sensitivity.json` read from a file can be what
//! zopa wrote (see [`crate::summary::field`]): rates and shares on 0–1,
//! agreement counts within the trials, one result per issue of the kind the
//! issue is (a band inside its range for a continuous issue, option shares
//! adding up to 1 for a discrete one), and in a sensitivity analysis swings
//! and scores that follow from the medians and shares beside them.

use super::files::{
    InputFile, IssueEffect, IssueInfo, IssueResult, RunFile, SensitivityFile, SweepFile,
};
use crate::scenario::text::{Num, shown};
use crate::summary::field::{Checked, Field, SLACK, rate_matches};
use indexmap::IndexMap;

impl SweepFile {
    /// Checks that every number can be one `zopa sweep` wrote.
    pub fn check_consistency(&self) -> Checked {
        let root = Field::root();
        trials(&root, self.trials_per_run)?;
        check_issues(&root.key("issues"), &self.issues)?;
        for (k, point) in self.points.iter().enumerate() {
            let field = root.key("points").index(k);
            field.key("value").finite(point.value)?;
            if let Some(count) = point.agreements {
                if count > self.trials_per_run {
                    return Err(field.key("agreements").wrong(format!(
                        "counts {count} agreements in a run of {} trials",
                        self.trials_per_run
                    )));
                }
                if !rate_matches(point.agreement_rate, count, self.trials_per_run) {
                    return Err(field.key("agreement_rate").wrong(format!(
                        "is {}, but {count} agreements in {} trials make {}",
                        Num(point.agreement_rate),
                        self.trials_per_run,
                        Num(count as f64 / self.trials_per_run as f64)
                    )));
                }
            }
            let run = Run {
                agreement_rate: point.agreement_rate,
                zopa_rate: point.zopa_rate,
                issues: &point.issues,
                p_all_veto_accept: &point.p_all_veto_accept,
                mean_utility: &point.mean_utility,
            };
            let agreed = match point.agreements {
                Some(count) => Agreed::Known(count > 0),
                None => Agreed::from_rate(point.agreement_rate, self.trials_per_run),
            };
            run.check(&field, &self.issues, agreed)?;
        }
        Ok(())
    }
}

impl SensitivityFile {
    /// Checks that every number can be one `zopa sensitivity` wrote.
    pub fn check_consistency(&self) -> Checked {
        let root = Field::root();
        trials(&root, self.trials_per_run)?;
        let (low, high) = self.percentiles;
        let percentiles = root.key("percentiles");
        percentiles.index(0).share(low)?;
        percentiles.index(1).share(high)?;
        percentiles.interval([low, high], true)?;
        check_issues(&root.key("issues"), &self.issues)?;
        let baseline = &self.baseline;
        let agreed = Agreed::from_rate(baseline.agreement_rate, self.trials_per_run);
        Run::of(baseline).check(&root.key("baseline"), &self.issues, agreed)?;
        let inputs = root.key("inputs");
        for (k, input) in self.inputs.iter().enumerate() {
            self.check_input(&inputs.index(k), input)?;
            if let Some(before) = k.checked_sub(1).map(|j| &self.inputs[j])
                && input.score > before.score + SLACK
            {
                return Err(inputs.index(k).key("score").wrong(format!(
                    "is {}, above the score before it ({}): inputs are listed highest score first",
                    Num(input.score),
                    Num(before.score)
                )));
            }
        }
        let ids: Vec<&str> = self.issues.keys().map(String::as_str).collect();
        let by_issue = root.key("by_issue");
        by_issue.same_keys(self.by_issue.keys(), &ids, "the file's issues")?;
        for (id, ranked) in &self.by_issue {
            let field = by_issue.key(id);
            if ranked.len() != self.inputs.len() {
                return Err(field.wrong(format!(
                    "ranks {} inputs, but the file has {}: every input is ranked on every issue",
                    ranked.len(),
                    self.inputs.len()
                )));
            }
            for (k, path) in ranked.iter().enumerate() {
                if !self.inputs.iter().any(|input| &input.path == path) {
                    return Err(field.index(k).wrong(format!(
                        "is `{}`, which is not among the file's inputs",
                        shown(path)
                    )));
                }
                if ranked[..k].contains(path) {
                    return Err(field
                        .index(k)
                        .wrong(format!("ranks `{}` twice", shown(path))));
                }
            }
        }
        Ok(())
    }

    fn check_input(&self, field: &Field, input: &InputFile) -> Checked {
        field.key("low").finite(input.low)?;
        field.key("high").finite(input.high)?;
        if input.low > input.high {
            return Err(field.key("high").wrong(format!(
                "is {}, below `low` ({}): the input's {} percentile cannot lie below its {}",
                Num(input.high),
                Num(input.low),
                Num(self.percentiles.1 * 100.0),
                Num(self.percentiles.0 * 100.0)
            )));
        }
        let ends = [
            ("agreement_rate", input.agreement_rate),
            ("zopa_rate", input.zopa_rate),
        ];
        for (key, (at_low, at_high)) in ends {
            field.key(key).index(0).share(at_low)?;
            field.key(key).index(1).share(at_high)?;
        }
        let ids: Vec<&str> = self.issues.keys().map(String::as_str).collect();
        let issues = field.key("issues");
        issues.same_keys(input.issues.keys(), &ids, "the file's issues")?;
        let mut score = input.agreement_swing();
        for ((id, effect), info) in input.issues.iter().zip(self.issues.values()) {
            let rates = input.agreement_rate;
            let field = issues.key(id);
            let trials = self.trials_per_run;
            let (low, high) = (effect.low.as_ref(), effect.high.as_ref());
            check_result(
                &field.key("low"),
                info,
                low,
                Agreed::from_rate(rates.0, trials),
            )?;
            check_result(
                &field.key("high"),
                info,
                high,
                Agreed::from_rate(rates.1, trials),
            )?;
            if let Some(normalised) = check_swing(&field, info, effect, rates)? {
                score = score.max(normalised);
            }
        }
        let field = field.key("score");
        field.finite(input.score)?;
        if (input.score - score).abs() > SLACK {
            return Err(field.wrong(format!(
                "is {}, but the input's largest normalised swing (or its agreement-rate swing) \
                 is {}",
                Num(input.score),
                Num(score)
            )));
        }
        Ok(())
    }
}

/// The swing and normalised swing of one input on one issue, checked against
/// the two ends' results; returns the normalised swing.
fn check_swing(
    field: &Field,
    info: &IssueInfo,
    effect: &IssueEffect,
    rates: (f64, f64),
) -> Result<Option<f64>, crate::summary::field::Inconsistency> {
    let expected = match (&effect.low, &effect.high, info.range) {
        (
            Some(IssueResult::Band { p50: low, .. }),
            Some(IssueResult::Band { p50: high, .. }),
            Some([min, max]),
        ) => {
            let swing = (high - low).abs();
            let slack = SLACK * low.abs().max(high.abs()).max(1.0);
            Some((swing, swing / (max - min), slack))
        }
        (
            Some(IssueResult::Options { shares: low, .. }),
            Some(IssueResult::Options { shares: high, .. }),
            None,
        ) if rates.0 > 0.0 && rates.1 > 0.0 => {
            let moved = 0.5
                * low
                    .values()
                    .zip(high.values())
                    .map(|(a, b)| (a - b).abs())
                    .sum::<f64>();
            Some((moved, moved, SLACK * low.len() as f64))
        }
        _ => None,
    };
    match (expected, effect.swing, effect.normalised_swing) {
        (None, None, None) => Ok(None),
        (Some((swing, normalised, slack)), Some(found), Some(found_normalised)) => {
            field.key("swing").finite(found)?;
            field.key("normalised_swing").finite(found_normalised)?;
            if (found - swing).abs() > slack {
                return Err(field.key("swing").wrong(format!(
                    "is {}, but the results at the two ends give {}",
                    Num(found),
                    Num(swing)
                )));
            }
            if (found_normalised - normalised).abs() > SLACK {
                return Err(field.key("normalised_swing").wrong(format!(
                    "is {}, but the swing over the issue's range gives {}",
                    Num(found_normalised),
                    Num(normalised)
                )));
            }
            Ok(Some(found_normalised))
        }
        (Some(_), _, _) => Err(field.wrong(
            "lacks a swing, though both ends have agreements: `swing` and `normalised_swing` \
             are numbers",
        )),
        (None, _, _) => Err(field.wrong(
            "has a swing, though one end has no agreements to measure it from: `swing` and \
             `normalised_swing` are null",
        )),
    }
}

/// One run's results as both files hold them.
struct Run<'a> {
    agreement_rate: f64,
    zopa_rate: f64,
    issues: &'a IndexMap<String, Option<IssueResult>>,
    p_all_veto_accept: &'a IndexMap<String, f64>,
    mean_utility: &'a IndexMap<String, f64>,
}

impl<'a> Run<'a> {
    fn of(run: &'a RunFile) -> Run<'a> {
        Run {
            agreement_rate: run.agreement_rate,
            zopa_rate: run.zopa_rate,
            issues: &run.issues,
            p_all_veto_accept: &run.p_all_veto_accept,
            mean_utility: &run.mean_utility,
        }
    }

    fn check(&self, field: &Field, infos: &IndexMap<String, IssueInfo>, agreed: Agreed) -> Checked {
        field.key("agreement_rate").share(self.agreement_rate)?;
        field.key("zopa_rate").share(self.zopa_rate)?;
        let ids: Vec<&str> = infos.keys().map(String::as_str).collect();
        let issues = field.key("issues");
        issues.same_keys(self.issues.keys(), &ids, "the file's issues")?;
        for ((id, result), info) in self.issues.iter().zip(infos.values()) {
            check_result(&issues.key(id), info, result.as_ref(), agreed)?;
        }
        for (name, &share) in self.p_all_veto_accept {
            field.key("p_all_veto_accept").key(name).share(share)?;
        }
        for (id, &utility) in self.mean_utility {
            field.key("mean_utility").key(id).utility(utility)?;
        }
        Ok(())
    }
}

/// At least one trial per run.
fn trials(root: &Field, trials: u64) -> Checked {
    if trials == 0 {
        return Err(root
            .key("trials_per_run")
            .wrong("is 0: every run has at least one trial"));
    }
    Ok(())
}

/// Each issue is continuous (a range, low below high) or discrete (distinct options).
fn check_issues(field: &Field, issues: &IndexMap<String, IssueInfo>) -> Checked {
    for (id, info) in issues {
        let field = field.key(id);
        match (&info.range, &info.options) {
            (Some(range), None) => field.key("range").interval(*range, true)?,
            (None, Some(options)) => field.key("options").options(options)?,
            _ => {
                return Err(field.wrong(
                    "must have either a `range` (a continuous issue) or `options` (a discrete one)",
                ));
            }
        }
    }
    Ok(())
}

/// Whether a run had agreements, as far as its file tells.
#[derive(Clone, Copy)]
enum Agreed {
    /// From a count of agreements, or a rate that cannot be rounding.
    Known(bool),
    /// A rate of 0 over so many trials that it may be a rounded-off few.
    Unknown,
}

impl Agreed {
    /// From an agreement rate rounded to 9 decimals: over 10^9 trials or
    /// more, a rate of 0 may still hide an agreement.
    fn from_rate(rate: f64, trials: u64) -> Agreed {
        if rate > SLACK || trials < 1_000_000_000 {
            Agreed::Known(rate > 0.0)
        } else {
            Agreed::Unknown
        }
    }
}

/// One issue's result in a run: a band inside the range (continuous; `null`
/// exactly when there were no agreements), or a share per option adding up
/// to 1 (0 without agreements) with the modal option the most frequent.
fn check_result(
    field: &Field,
    info: &IssueInfo,
    result: Option<&IssueResult>,
    agreed: Agreed,
) -> Checked {
    let none = matches!(agreed, Agreed::Known(false));
    let agreed = matches!(agreed, Agreed::Known(true));
    match (result, info.range, &info.options) {
        (None, Some(_), None) if agreed => {
            Err(field.wrong("is null, but the run had agreements: a band (p25, p50, p75) is due"))
        }
        (None, Some(_), None) => Ok(()),
        (Some(IssueResult::Band { .. }), Some(_), None) if none => {
            Err(field.wrong("is a band, but the run had no agreements: it is null"))
        }
        (Some(IssueResult::Band { p25, p50, p75 }), Some(range), None) => {
            for (key, value) in [("p25", *p25), ("p50", *p50), ("p75", *p75)] {
                field.key(key).inside(value, range, "the issue's range")?;
            }
            field.rising(
                &[("p25", *p25), ("p50", *p50), ("p75", *p75)],
                "quantiles rise from p25 to p75",
            )
        }
        (Some(IssueResult::Options { modal, shares }), None, Some(options)) => {
            let at = field.key("shares");
            let total = at.option_shares(shares, options)?;
            let slack = SLACK * options.len() as f64;
            if agreed && (total - 1.0).abs() > slack {
                return Err(at.wrong(format!(
                    "adds up to {}, not 1: every agreement picks one option",
                    Num(total)
                )));
            }
            if none && total > slack {
                return Err(at.wrong(format!(
                    "adds up to {}, but the run had no agreements: every share is 0",
                    Num(total)
                )));
            }
            let top = shares.values().copied().fold(0.0, f64::max);
            match modal {
                Some(name) => match shares.get(name) {
                    None => Err(field.key("modal").wrong(format!(
                        "is `{}`, which is not one of the issue's options",
                        shown(name)
                    ))),
                    Some(&share) if share < top - SLACK => Err(field.key("modal").wrong(format!(
                        "is `{}` with {} of the agreements, but another option has {}",
                        shown(name),
                        Num(share),
                        Num(top)
                    ))),
                    Some(_) => Ok(()),
                },
                None if total > slack => Err(field
                    .key("modal")
                    .wrong("is null, but the options have shares: it names the most frequent")),
                None => Ok(()),
            }
        }
        (Some(_), Some(_), None) => Err(field.wrong(
            "holds option shares, but the issue is continuous: it takes a band (p25, p50, p75)",
        )),
        (Some(_), None, Some(_)) => {
            Err(field.wrong("holds a band, but the issue is discrete: it takes option shares"))
        }
        (None, None, Some(_)) => Err(field.wrong(
            "is null, but the issue is discrete: it takes option shares (0 without agreements)",
        )),
        _ => Ok(()),
    }
}
