//! `zopa explain FILE [--model NAME] [--seed S] [--trial K] [--chart [DIR]]`.
//!
//! With `--chart`, an alternating-offers narration also writes the
//! concession chart of the same negotiation (played again from the same
//! random stream, so chart and narration agree) with its `negotiation.json`,
//! switched into the folder whole like any result set.

use super::error::{CliError, emit};
use super::output::{Folder, OutputFolder, ResultSet, refuse_foreign};
use super::session::{admit, default_directory, slow_allowed};
use std::path::{Path, PathBuf};
use zopa::explain::{Draw, explain};
use zopa::model_kind::ModelKind;
use zopa::play::record::{Context, trace};
use zopa::report::charts::registry::ConcessionChart;
use zopa::report::charts::{self, Format};
use zopa::rng::trial_rng;
use zopa::scenario;
use zopa::world::World;

pub fn run(
    file: &Path,
    model: Option<ModelKind>,
    seed: Option<u64>,
    trial: Option<u64>,
    chart: Option<Option<PathBuf>>,
) -> Result<(), CliError> {
    let scenario = scenario::load(file)?;
    let kind = model.unwrap_or(scenario.model);
    admit(&scenario, file, &[kind])?;
    let seed = seed.unwrap_or(scenario.seed);
    // Where the chart goes, checked before anything is said.
    let chart_dir = match chart {
        None => None,
        Some(dir) => {
            let ModelKind::AlternatingOffers(_) = kind else {
                return Err(CliError::Input(format!(
                    "error: --chart draws the concession chart of alternating offers, and this \
                     explains {}\n  help: add --model alternating-offers",
                    kind.cli_name()
                )));
            };
            let dir = dir.unwrap_or_else(|| default_directory(file, scenario.model, model));
            if dir
                .extension()
                .is_some_and(|extension| extension == "svg" || extension == "png")
            {
                return Err(CliError::Input(format!(
                    "error: --chart takes a folder, and {} looks like a chart file\n  help: the \
                     chart is written as concession.svg and concession.png into the folder",
                    dir.display()
                )));
            }
            refuse_foreign(&dir, Folder::Results)?;
            Some(dir)
        }
    };
    // Trial K is drawn exactly as `zopa run` draws it; without --trial, the nominal world.
    let (world, draw, mut rng) = match trial {
        Some(trial) => {
            let mut rng = trial_rng(seed, trial);
            let world = World::sample(&scenario, &mut rng);
            (world, Draw::Trial { seed, trial }, rng)
        }
        None => (World::nominal(&scenario), Draw::Nominal, trial_rng(seed, 0)),
    };
    let chart_rng = rng.clone();
    emit(&explain(
        &scenario,
        kind,
        &world,
        &draw,
        &mut rng,
        slow_allowed(),
    ))?;
    let (Some(dir), ModelKind::AlternatingOffers(protocol)) = (chart_dir, kind) else {
        return Ok(());
    };
    let (solution, rounds) = trace(&world, &protocol, &mut chart_rng.clone());
    let played = match draw {
        Draw::Nominal => format!("zopa explain, nominal values, seed {seed}"),
        Draw::Trial { seed, trial } => format!("zopa explain, trial {trial} of seed {seed}"),
    };
    let context = Context {
        scenario: &scenario,
        world: &world,
        protocol: &protocol,
        axes: scenario.charts.utilities,
        human: None,
        played,
    };
    let negotiation = context.file(&rounds, &solution, false, None);
    let files = charts::files(&ConcessionChart, &negotiation, &[Format::Svg, Format::Png])?;
    let output = OutputFolder::open(&dir, Folder::Results)?;
    let mut staged = output.stage(ResultSet::Negotiation)?;
    staged.write_files(&files)?;
    staged.write("negotiation.json", negotiation.to_json().as_bytes())?;
    staged.commit()?;
    eprintln!(
        "Wrote concession.svg, concession.png and negotiation.json to {}",
        dir.display()
    );
    Ok(())
}
