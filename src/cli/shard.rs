//! What `run`, `sweep` and `sensitivity` share when given `--shard K/N`: the
//! scenario read once with its bytes kept, the shard file made, written into
//! the output folder as its own result set (staged and switched in like any
//! other, see `cli/output`), and the line that reports it.

use super::error::{CliError, emit};
use super::output::{OutputFolder, ResultSet};
use std::path::Path;
use std::time::Instant;
use zopa::format::thousands;
use zopa::model_kind::ModelKind;
use zopa::scenario::{self, Scenario};
use zopa::shard::file::sha256_hex;
use zopa::shard::{SHARD_FORMAT, ShardFile, ShardKind, ShardSpec, Work, describe_block};
use zopa::summary::RunInfo;
use zopa::whatif::Settings;

/// A scenario file as read: its path, its text byte for byte, and the
/// scenario.
pub struct Source {
    pub file: std::path::PathBuf,
    pub text: String,
    pub scenario: Scenario,
}

impl Source {
    /// Reads and validates `file`, keeping its text (the scenario the shard
    /// file carries is the one that ran, even if the file changes later).
    pub fn read(file: &Path) -> Result<Source, CliError> {
        let bytes = scenario::read_file(file)?;
        let scenario = scenario::parse_bytes(&bytes, &file.display().to_string())?;
        // Valid UTF-8: parse_bytes has just accepted it.
        let text = String::from_utf8(bytes)
            .map_err(|err| CliError::Input(format!("{}: {err}", file.display())))?;
        Ok(Source {
            file: file.to_path_buf(),
            text,
            scenario,
        })
    }
}

/// What a shard's file says besides its work.
pub struct Shard<'a> {
    pub kind: ShardKind,
    pub spec: ShardSpec,
    /// Items the whole command splits (trials, values, units).
    pub items: u64,
    pub source: &'a Source,
    pub model: ModelKind,
    /// `--model` as given.
    pub model_option: Option<ModelKind>,
    pub trials: u64,
    pub seed: u64,
    pub threads: usize,
    /// When the shard's work started, and the load then.
    pub started: Instant,
    pub load_average: Option<f64>,
}

impl<'a> Shard<'a> {
    /// Shard `spec` of the command `kind` splitting `items` of the scenario
    /// `source`, run with `settings` on `pool`, starting now; `model_option`
    /// is `--model` as given.
    pub fn new(
        kind: ShardKind,
        spec: ShardSpec,
        items: u64,
        source: &'a Source,
        model_option: Option<ModelKind>,
        settings: &Settings,
        pool: &rayon::ThreadPool,
    ) -> Shard<'a> {
        Shard {
            kind,
            spec,
            items,
            source,
            model: settings.model,
            model_option,
            trials: settings.trials,
            seed: settings.seed,
            threads: pool.current_num_threads(),
            started: Instant::now(),
            load_average: RunInfo::current_load(),
        }
    }

    /// This shard's block of the items.
    pub fn block(&self) -> std::ops::Range<u64> {
        self.spec.block(self.items)
    }

    /// Writes the shard file with `work` into `output` (switched in whole,
    /// nothing written if interrupted first) and says so: the block and its
    /// time on standard output, the file and the next step on standard error
    /// unless `quiet`. `what` names the block for the reader (`trials 0 to
    /// 33,332 of 100,000`).
    pub fn write(
        &self,
        output: &OutputFolder,
        work: Work,
        what: &str,
        quiet: bool,
    ) -> Result<(), CliError> {
        let elapsed = self.started.elapsed().as_secs_f64();
        let block = self.block();
        let file = ShardFile {
            format_version: SHARD_FORMAT,
            kind: self.kind,
            zopa_version: env!("CARGO_PKG_VERSION").to_string(),
            shard: self.spec,
            items: self.items,
            range: [block.start, block.end],
            scenario_file: self.source.file.display().to_string(),
            scenario_sha256: sha256_hex(self.source.text.as_bytes()),
            model: self.model.cli_name().to_string(),
            model_option: self.model_option.map(|kind| kind.cli_name().to_string()),
            trials: self.trials,
            seed: self.seed,
            elapsed_seconds: (elapsed * 1000.0).round() / 1000.0,
            threads: self.threads,
            load_average: self.load_average,
            scenario_text: self.source.text.clone(),
            work,
        };
        let mut staged = output.stage(ResultSet::Shard(self.kind))?;
        staged.write(self.kind.file_name(), file.to_json().as_bytes())?;
        staged.commit()?;
        let speed = if self.kind == ShardKind::Run && elapsed > 0.0 && !block.is_empty() {
            let per_second = (block.end - block.start) as f64 / elapsed;
            format!(" ({} trials/s)", thousands(per_second.round() as u64))
        } else {
            String::new()
        };
        emit(&format!(
            "Shard {} of {} of {} ({}, seed {})\n  {what} in {:.2} s on {} thread{}{speed}\n",
            self.spec,
            self.kind.article(),
            self.source.file.display(),
            self.model.cli_name(),
            self.seed,
            elapsed,
            self.threads,
            if self.threads == 1 { "" } else { "s" },
        ))?;
        if !quiet {
            let path = output.dir().join(self.kind.file_name());
            eprintln!(
                "Wrote {}\nOnce all {} shards are done, merge them: zopa merge FOLDER... [--out DIR]",
                path.display(),
                thousands(self.spec.count)
            );
        }
        Ok(())
    }
}

/// `trials 0 to 33,332 of 100,000` (or that the block is empty).
pub fn trials_block(shard: &Shard) -> String {
    describe_block(shard.kind, &shard.block(), shard.items)
}
