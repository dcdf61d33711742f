//! Many randomized trials in parallel, summarised as a [`Tally`].
//!
//! Trial `k` draws every uncertain number of the scenario from a random stream
//! that depends only on `(seed, k)`, solves the drawn world with the model, and
//! is recorded. Trials run in fixed-size chunks on rayon's pool, each worker
//! folding chunks into its own tally; tallies hold only integers, so summing them
//! in any order gives the same result whatever the number of threads. Memory is
//! bounded by a tally per worker, not by the number of trials. When per-trial
//! records are wanted (trials.csv), chunks run in batches handed over in order,
//! each batch holding a bounded amount of records. Nothing here touches files
//! or the terminal: progress, cancellation and per-trial records go through
//! [`Controls`].

use crate::model::{self, Model, Workspace};
use crate::scenario::Scenario;
use crate::summary::{ReferenceProposal, Tally, TrialResult};
use crate::world::World;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// The per-trial stream lives in the leaf [`crate::rng`] (models take it too);
/// it is named here as well because this is where trials are made.
pub use crate::rng::trial_rng;

/// Trials per chunk: the unit of parallel work and of cancellation.
pub const CHUNK: u64 = 1024;
/// The most chunks per batch of a run with per-trial records.
const BATCH_CHUNKS: u64 = 64;
/// The most bytes of per-trial records a batch holds (unless one chunk's
/// take more): a trial's record holds a number per issue and per actor, so
/// 20,000 actors make 164 MB a chunk.
pub const BATCH_RECORD_BYTES: u64 = 256 << 20;

/// One trial as written to `trials.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct TrialRecord {
    pub trial: u64,
    /// Internal outcome (see [`World`]), `None` for no agreement.
    pub outcome: Option<Vec<f64>>,
    /// Each actor's utility (its reservation without agreement).
    pub utilities: Vec<f64>,
}

/// Receives per-trial records; an error (e.g. a full disk) stops the run.
pub type RecordSink<'a> = dyn FnMut(&[TrialRecord]) -> Result<(), String> + 'a;

/// Hooks for the caller: all optional.
#[derive(Default)]
pub struct Controls<'a> {
    /// Set to stop the run early (e.g. on Ctrl-C).
    pub cancel: Option<&'a AtomicBool>,
    /// Called after each batch with the number of trials done.
    pub progress: Option<&'a (dyn Fn(u64) + Sync)>,
    /// Receives per-trial records in trial order, batch by batch.
    pub records: Option<&'a mut RecordSink<'a>>,
    /// Runs every trial on the calling thread, for a caller that already
    /// runs its jobs in parallel (the backtest's cases): a run spread over
    /// the pool from inside a parallel task lets the waiting thread start
    /// other tasks, so every case was in flight at once, each with its
    /// tally (20 cases of 20,000 actors: 4 GB).
    pub on_this_thread: bool,
}

/// Why a run stopped early.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RunError {
    /// `Controls::cancel` was set.
    #[error("interrupted")]
    Interrupted,
    /// The record sink failed (e.g. a full disk).
    #[error("could not write trial records: {0}")]
    Records(String),
}

/// Runs `trials` trials of `scenario` under `model` with `seed`, on the current
/// rayon pool.
pub fn run(
    scenario: &Scenario,
    model: &dyn Model,
    trials: u64,
    seed: u64,
    controls: Controls,
) -> Result<Tally, RunError> {
    run_range(scenario, model, 0..trials, seed, controls)
}

/// Runs the trials numbered `trials` (e.g. `33_333..66_666`, a shard of a
/// larger run) of `scenario` under `model` with `seed`. Each trial draws from
/// its own stream `(seed, trial)`, so the tallies of ranges that cover
/// `0..n` once, merged, are exactly the tally of [`run`] with `n` trials.
/// Progress counts trials done within the range.
pub fn run_range(
    scenario: &Scenario,
    model: &dyn Model,
    trials: std::ops::Range<u64>,
    seed: u64,
    controls: Controls,
) -> Result<Tally, RunError> {
    let job = Job::new(scenario, model, trials, seed);
    match controls.records {
        None if controls.on_this_thread => job.here(controls.cancel, controls.progress),
        None => job.unordered(controls.cancel, controls.progress),
        Some(sink) => job.in_trial_order(controls.cancel, controls.progress, sink),
    }
}

/// The tally of no trials of `scenario`: the shape (issues, point masses,
/// actors, proposals, zone pairs) every tally of its runs has.
pub fn empty_tally(scenario: &Scenario) -> Tally {
    Tally::new(
        &World::nominal(scenario),
        scenario.proposals.len(),
        &crate::summary::zone_pairs(scenario).pairs,
    )
}

/// What every chunk needs to know.
struct Job<'a> {
    scenario: &'a Scenario,
    model: &'a dyn Model,
    /// The trials to run: `0..n` for a whole run, a block of it for a shard.
    trials: std::ops::Range<u64>,
    seed: u64,
    nominal: World,
    /// Reference proposals in internal units.
    proposals: Vec<ReferenceProposal>,
    /// The pairs of continuous issues that get a zone grid.
    zone_pairs: Vec<(usize, usize)>,
}

impl<'a> Job<'a> {
    fn new(
        scenario: &'a Scenario,
        model: &'a dyn Model,
        trials: std::ops::Range<u64>,
        seed: u64,
    ) -> Job<'a> {
        let nominal = World::nominal(scenario);
        let proposals = scenario
            .proposals
            .iter()
            .map(|proposal| ReferenceProposal::new(&nominal, proposal.internal(&scenario.issues)))
            .collect();
        Job {
            scenario,
            model,
            trials,
            seed,
            nominal,
            proposals,
            zone_pairs: crate::summary::zone_pairs(scenario).pairs,
        }
    }

    fn empty(&self) -> Tally {
        Tally::new(&self.nominal, self.proposals.len(), &self.zone_pairs)
    }

    /// The trials of the job.
    fn count(&self) -> u64 {
        self.trials.end.saturating_sub(self.trials.start)
    }

    /// The trials of chunk `chunk` (counted from the job's first trial).
    fn range(&self, chunk: u64) -> std::ops::Range<u64> {
        let first = self.trials.start + chunk * CHUNK;
        first..(first + CHUNK).min(self.trials.end)
    }

    /// Every chunk on the calling thread, into one tally.
    fn here(
        &self,
        cancel: Option<&AtomicBool>,
        progress: Option<&(dyn Fn(u64) + Sync)>,
    ) -> Result<Tally, RunError> {
        let mut tally = self.empty();
        let mut scratch = self.scratch();
        for chunk in 0..self.count().div_ceil(CHUNK) {
            let range = self.range(chunk);
            let end = range.end - self.trials.start;
            if !self.fill(&mut tally, &mut scratch, range, None, cancel) {
                return Err(RunError::Interrupted);
            }
            if let Some(progress) = progress {
                progress(end);
            }
        }
        Ok(tally)
    }

    /// Without per-trial records: each worker thread keeps one tally and one
    /// scratch, takes the next chunk until none is left, and the tallies are
    /// summed. Tallies are integers, so the order of merging does not matter
    /// and no worker waits for another until the end; and there are exactly as
    /// many tallies as threads (a parallel fold makes one per split of the
    /// range, several per thread at once: 16 threads kept 330 MB of tallies of
    /// a 100-issue scenario where 16 tallies take 70 MB).
    fn unordered(
        &self,
        cancel: Option<&AtomicBool>,
        progress: Option<&(dyn Fn(u64) + Sync)>,
    ) -> Result<Tally, RunError> {
        let done = AtomicU64::new(0);
        let next = AtomicU64::new(0);
        let chunks = self.count().div_ceil(CHUNK);
        let tallies = rayon::broadcast(|_| {
            let mut tally = self.empty();
            let mut scratch = self.scratch();
            loop {
                let chunk = next.fetch_add(1, Ordering::Relaxed);
                if chunk >= chunks {
                    return Ok(tally);
                }
                let range = self.range(chunk);
                let count = range.end - range.start;
                if !self.fill(&mut tally, &mut scratch, range, None, cancel) {
                    return Err(RunError::Interrupted);
                }
                let now = done.fetch_add(count, Ordering::Relaxed) + count;
                if let Some(progress) = progress {
                    progress(now);
                }
            }
        });
        let mut total = self.empty();
        for tally in tallies {
            total.merge(&tally?);
        }
        Ok(total)
    }

    /// With per-trial records, which must reach the sink in trial order:
    /// chunks run in parallel batches, and each batch's records are handed
    /// over in order. As without records, each worker thread folds its chunks
    /// into its own tally and keeps its own scratch; a batch holds at most
    /// [`BATCH_RECORD_BYTES`] of records (or one chunk's). A tally per chunk,
    /// 64 chunks to a batch, kept 64 tallies and their records alive at once:
    /// 20,000 actors at 8,192 trials went past 3 GB.
    fn in_trial_order(
        &self,
        cancel: Option<&AtomicBool>,
        progress: Option<&(dyn Fn(u64) + Sync)>,
        sink: &mut RecordSink,
    ) -> Result<Tally, RunError> {
        let cancelled = || cancel.is_some_and(|flag| flag.load(Ordering::Relaxed));
        let chunks = self.count().div_ceil(CHUNK);
        let batch = batch_chunks(self.scenario);
        let workers: Vec<Mutex<(Tally, (World, Workspace))>> = (0..rayon::current_num_threads())
            .map(|_| Mutex::new((self.empty(), self.scratch())))
            .collect();
        let mut first = 0;
        while first < chunks {
            let end = (first + batch).min(chunks);
            let batch_records: Vec<Mutex<Vec<TrialRecord>>> =
                (first..end).map(|_| Mutex::new(Vec::new())).collect();
            let next = AtomicU64::new(first);
            // Each thread of the pool runs once and locks only its own
            // worker, so no lock is ever contended.
            let finished = rayon::broadcast(|context| {
                let mut worker = locked(&workers[context.index()]);
                let (tally, scratch) = &mut *worker;
                loop {
                    let chunk = next.fetch_add(1, Ordering::Relaxed);
                    if chunk >= end {
                        return true;
                    }
                    let range = self.range(chunk);
                    let mut records = Vec::with_capacity((range.end - range.start) as usize);
                    if !self.fill(tally, scratch, range, Some(&mut records), cancel) {
                        return false;
                    }
                    *locked(&batch_records[(chunk - first) as usize]) = records;
                }
            });
            if !finished.into_iter().all(|done| done) {
                return Err(RunError::Interrupted);
            }
            for records in batch_records {
                let records = records.into_inner().unwrap_or_else(PoisonError::into_inner);
                sink(&records).map_err(RunError::Records)?;
            }
            if cancelled() {
                return Err(RunError::Interrupted);
            }
            if let Some(progress) = progress {
                progress((end * CHUNK).min(self.count()));
            }
            first = end;
        }
        let mut total = self.empty();
        for worker in workers {
            let (tally, _) = worker.into_inner().unwrap_or_else(PoisonError::into_inner);
            total.merge(&tally);
        }
        Ok(total)
    }

    /// A worker's scratch: the world it draws into and the model's workspace.
    fn scratch(&self) -> (World, Workspace) {
        (self.nominal.clone(), Workspace::default())
    }

    /// Runs the trials in `range` into `tally` (and `records`, if given);
    /// `false` if `cancel` was set before the last of them (it is read before
    /// every trial, so Ctrl-C waits for at most one trial per worker).
    fn fill(
        &self,
        tally: &mut Tally,
        (world, work): &mut (World, Workspace),
        range: std::ops::Range<u64>,
        mut records: Option<&mut Vec<TrialRecord>>,
        cancel: Option<&AtomicBool>,
    ) -> bool {
        for trial in range {
            if cancel.is_some_and(|flag| flag.load(Ordering::Relaxed)) {
                return false;
            }
            let mut rng = trial_rng(self.seed, trial);
            world.resample(self.scenario, &mut rng);
            let verdict = self.model.solve_in(world, &mut rng, work);
            let zopa = verdict.zopa.unwrap_or_else(|| model::zopa_exists(world));
            let outcome = verdict.agreed.then_some(&work.outcome[..]);
            tally.record(&TrialResult {
                trial,
                world,
                outcome,
                zopa,
                rounds: verdict.rounds,
                broke_down: verdict.broke_down,
                stopped_early: verdict.stopped_early,
                proposals: &self.proposals,
                cloud_actors: self.scenario.charts.utilities,
            });
            if let Some(records) = records.as_mut() {
                let utilities = match outcome {
                    Some(outcome) => world.utilities(outcome),
                    None => world.actors.iter().map(|actor| actor.reservation).collect(),
                };
                records.push(TrialRecord {
                    trial,
                    outcome: outcome.map(<[f64]>::to_vec),
                    utilities,
                });
            }
        }
        true
    }
}

/// The chunks of a batch of a run with per-trial records: as many as
/// [`BATCH_RECORD_BYTES`] hold (at least one, at most `BATCH_CHUNKS`).
pub fn batch_chunks(scenario: &Scenario) -> u64 {
    (BATCH_RECORD_BYTES / chunk_record_bytes(scenario)).clamp(1, BATCH_CHUNKS)
}

/// The bytes of one chunk's records: each trial's record, its outcome (a
/// number per issue) and its utilities (one per actor), each list with a
/// heap block's overhead.
fn chunk_record_bytes(scenario: &Scenario) -> u64 {
    const NUMBER: u64 = std::mem::size_of::<f64>() as u64;
    const BLOCK: u64 = 16;
    let numbers = (scenario.issues.len() + scenario.actors.len()) as u64;
    let record = std::mem::size_of::<TrialRecord>() as u64 + 2 * BLOCK + NUMBER * numbers;
    CHUNK * record
}

/// The guarded value, also after a panic elsewhere (which the run reports).
fn locked<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
