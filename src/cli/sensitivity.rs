//! `zopa sensitivity FILE`: every uncertain input fixed at its 10th and 90th
//! percentile in turn; `sensitivity.json`, `tornado.svg` and `tornado.png` written atomically, the ranking printed.

use super::error::{CliError, emit};
use super::output::{OutputFolder, ResultSet};
use super::session::{
    BOTH, CommonArgs, Progress, Session, refused, run_hooks, slow_allowed, start,
};
use super::shard::{Shard, Source};
use std::path::PathBuf;
use std::time::Instant;
use zopa::ModelKind;
use zopa::cost::Cost;
use zopa::report::charts::{self, registry::TornadoChart};
use zopa::report::whatif::{SensitivityFile, sensitivity_text, to_json};
use zopa::scenario::Scenario;
use zopa::shard::exact::StatsRecord;
use zopa::shard::file::{InputRuns, SensitivityWork};
use zopa::shard::{ShardKind, ShardSpec, Work};
use zopa::whatif::sensitivity::{
    SensitivityResult, effect, input_runs, inputs as sensitivity_inputs,
};
use zopa::whatif::simulate;

/// Inputs listed in the overall ranking on the terminal (the JSON has them all).
const TOP: usize = 12;
/// Inputs listed per issue on the terminal.
const PER_ISSUE: usize = 3;

/// Rank the uncertain inputs by how much they move each issue.
///
/// Each uncertain input is fixed at its 10th and then its 90th percentile,
/// everything else still uncertain, with the same seed for every run.
#[derive(Debug, clap::Args)]
pub struct SensitivityArgs {
    /// Scenario file (RON).
    pub file: PathBuf,
    #[command(flatten)]
    pub common: CommonArgs,
    /// Run only shard K of N (K from 0 to N-1): the K-th of N equal blocks
    /// of the analysis (the baseline, then each uncertain input with its two
    /// runs), written as shard-sensitivity.json for `zopa merge`; default
    /// folder: output/<file name>-sensitivity-shards/K-of-N/.
    #[arg(long, value_name = "K/N", value_parser = ShardSpec::parse, allow_hyphen_values = true)]
    pub shard: Option<ShardSpec>,
}

/// Runs the analysis, writes `sensitivity.json`, prints the ranking.
pub fn run(args: SensitivityArgs) -> Result<(), CliError> {
    let source = Source::read(&args.file)?;
    let (
        Session {
            scenario,
            dir,
            pool,
        },
        settings,
    ) = args.common.prepare(
        source.scenario.clone(),
        &args.file,
        args.shard.map(|spec| (ShardKind::Sensitivity, spec)),
    )?;
    // Counted before the folder is touched or any run is made.
    let inputs = sensitivity_inputs(&scenario).map_err(|err| CliError::whatif(err, &dir))?;
    // Unit 0 is the baseline, unit k + 1 the k-th input's two runs.
    let units = inputs.len() as u64 + 1;
    let block = args.shard.map_or(0..units, |spec| spec.block(units));
    let runs_here = 2 * (block.end - block.start) - u64::from(block.contains(&0));
    let refusal = Cost::of(&scenario, settings.model).analysis_refusal(
        runs_here,
        &format!(
            "the baseline and two for each of {} uncertain inputs{}",
            inputs.len(),
            if args.shard.is_some() {
                ", this shard's share"
            } else {
                ""
            }
        ),
        "fix some uncertain inputs at one value, or split the analysis with --shard",
        slow_allowed(),
    );
    if let Some(refusal) = refusal {
        return Err(refused(&scenario, &args.file, settings.model, refusal).into());
    }
    let output = start(&dir)?;
    let quiet = args.common.runs.quiet;
    let started = Instant::now();
    let model = args.common.model.map(ModelKind::from);
    let shard = args.shard.map(|spec| {
        Shard::new(
            ShardKind::Sensitivity,
            spec,
            units,
            &source,
            model,
            &settings,
            &pool,
        )
    });
    let block = shard.as_ref().map_or(0..units, Shard::block);
    let baseline_here = block.contains(&0);
    let here = &inputs[(block.start.max(1) - 1) as usize..(block.end.max(1) - 1) as usize];
    let runs = 2 * here.len() + usize::from(baseline_here);
    let bar = Progress::new(runs as u64, "runs", quiet);
    let progress = |done: usize, _total: usize| bar.update(done as u64);
    let hooks = run_hooks(&bar, &progress);
    let result = pool.install(|| {
        let baseline = if baseline_here {
            let stats = simulate(&scenario, &settings, &hooks)?;
            progress(1, runs);
            Some(stats)
        } else {
            None
        };
        let mut pairs = Vec::with_capacity(here.len());
        for path in here {
            pairs.push(input_runs(&scenario, path, &settings, &hooks)?);
            progress(usize::from(baseline_here) + 2 * pairs.len(), runs);
        }
        Ok((baseline, pairs))
    });
    bar.finish();
    let (baseline, pairs) = result.map_err(|err| CliError::whatif(err, &dir))?;
    if let Some(shard) = shard {
        let work = Work::Sensitivity(SensitivityWork {
            inputs: inputs.iter().map(|path| path.text.clone()).collect(),
            baseline: baseline.as_ref().map(StatsRecord::from),
            effects: here
                .iter()
                .zip(&pairs)
                .map(|(path, (at_low, at_high))| InputRuns {
                    path: path.text.clone(),
                    at_low: at_low.into(),
                    at_high: at_high.into(),
                })
                .collect(),
        });
        let what = units_block(baseline_here, &block, inputs.len());
        return shard.write(&output, work, &what, quiet);
    }
    let Some(baseline) = baseline else {
        return Err(CliError::Input("the baseline run is missing".into()));
    };
    let effects = here
        .iter()
        .zip(pairs)
        .map(|(path, (at_low, at_high))| effect(&scenario, path, at_low, at_high))
        .collect();
    let result = SensitivityResult::new(&settings, baseline, effects);
    write_sensitivity(
        &output,
        &scenario,
        &result,
        started.elapsed().as_secs_f64(),
        quiet,
    )
}

/// Writes `sensitivity.json` and the tornado chart into `output` (switched
/// in whole) and prints the ranking; `zopa merge` writes a merged analysis
/// through here too.
pub(super) fn write_sensitivity(
    output: &OutputFolder,
    scenario: &Scenario,
    result: &SensitivityResult,
    elapsed: f64,
    quiet: bool,
) -> Result<(), CliError> {
    // The chart is drawn from the file's type, as `zopa plot sensitivity.json` would.
    let file = SensitivityFile::new(scenario, result);
    let chart_files = charts::files(&TornadoChart, &file, &BOTH)?;
    let mut staged = output.stage(ResultSet::Sensitivity)?;
    staged.write("sensitivity.json", to_json(&file).as_bytes())?;
    staged.write_files(&chart_files)?;
    staged.commit()?;
    emit(&sensitivity_text(scenario, result, elapsed, TOP, PER_ISSUE))?;
    if !quiet {
        let dir = output.dir();
        eprintln!(
            "\nWrote {}, tornado.svg and tornado.png",
            dir.join("sensitivity.json").display()
        );
        if let Some(hint) = super::charts::report_hint(dir) {
            eprintln!("{hint}");
        }
    }
    Ok(())
}

/// A shard's part of the analysis as its report names it: `the baseline and
/// inputs 1 to 3 of 9`.
fn units_block(baseline: bool, block: &std::ops::Range<u64>, inputs: usize) -> String {
    let first = block.start.max(1);
    let last = block.end.max(1);
    let part = match last - first {
        0 => None,
        1 => Some(format!("input {first} of {inputs}")),
        _ => Some(format!("inputs {first} to {} of {inputs}", last - 1)),
    };
    match (baseline, part) {
        (true, Some(part)) => format!("the baseline and {part}"),
        (true, None) => "the baseline".to_string(),
        (false, Some(part)) => part,
        (false, None) => format!("nothing (more shards than the baseline and {inputs} inputs)"),
    }
}
