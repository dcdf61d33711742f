//! Which bargaining model to use, and its parameters, as plain data.
//!
//! A scenario file names its model (`model: Nash`, `model: AlternatingOffers(..)`)
//! and the command line picks one by name (`--model nash`); both only need to
//! say *which* model with *which* settings. That is all this module holds: the
//! [`ModelKind`] list and the parameter structs of the models that have
//! parameters. How each model plays lives in `model/` (`impl Model for ...`).
//! Keeping the names and settings in a leaf that imports nothing of the crate
//! lets the scenario reader name models without depending on them, and the
//! models read their settings without depending on the reader.

/// The bargaining models a scenario can name, with their parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ModelKind {
    Compromise,
    Nash,
    KalaiSmorodinsky,
    AlternatingOffers(AlternatingOffers),
    /// Bueno de Mesquita's expected utility model, run for `rounds` rounds.
    ExpectedUtility {
        rounds: u32,
    },
}

impl ModelKind {
    /// The static solution concepts (no rounds, no randomness).
    pub const ALL: [ModelKind; 3] = [
        ModelKind::Compromise,
        ModelKind::Nash,
        ModelKind::KalaiSmorodinsky,
    ];

    /// The command-line and JSON name, e.g. `kalai-smorodinsky`.
    pub fn cli_name(self) -> &'static str {
        match self {
            ModelKind::Compromise => "compromise",
            ModelKind::Nash => "nash",
            ModelKind::KalaiSmorodinsky => "kalai-smorodinsky",
            ModelKind::AlternatingOffers(_) => "alternating-offers",
            ModelKind::ExpectedUtility { .. } => "expected-utility",
        }
    }

    /// Parses a command-line name (protocol models get default parameters).
    pub fn from_cli_name(name: &str) -> Option<ModelKind> {
        match name {
            "alternating-offers" => {
                Some(ModelKind::AlternatingOffers(AlternatingOffers::default()))
            }
            _ => ModelKind::ALL
                .into_iter()
                .find(|kind| kind.cli_name() == name),
        }
    }
}

/// Who proposes each round of alternating offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proposer {
    /// In turn, starting with `first`, through every actor.
    Rotating,
    /// Drawn each round with probability proportional to power.
    Random,
}

/// How actors choose offers and replies in alternating offers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Behaviour {
    /// Subgame-perfect equilibrium strategies.
    Equilibrium,
    /// Time-dependent concession with exponent `e`.
    TimeDependent { e: f64 },
}

/// The alternating-offers protocol and its parameters (the play is in
/// `model::alternating`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AlternatingOffers {
    pub proposer: Proposer,
    pub behaviour: Behaviour,
    /// Chance that a rejected round ends the talks.
    pub breakdown: f64,
    /// The deadline.
    pub max_rounds: u32,
    /// Index of the first proposer under rotation.
    pub first: usize,
}

impl AlternatingOffers {
    /// Rotating proposers from the first actor, equilibrium play, no
    /// breakdown, a 100-round deadline.
    pub const DEFAULT: AlternatingOffers = AlternatingOffers {
        proposer: Proposer::Rotating,
        behaviour: Behaviour::Equilibrium,
        breakdown: 0.0,
        max_rounds: 100,
        first: 0,
    };
}

impl Default for AlternatingOffers {
    fn default() -> Self {
        AlternatingOffers::DEFAULT
    }
}

/// Bueno de Mesquita's expected utility model and its one parameter (the
/// rounds are played in `model::expected_utility`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExpectedUtility {
    /// Rounds of challenges before the forecast is read off (K).
    pub rounds: u32,
}

impl ExpectedUtility {
    /// Ten rounds.
    pub const DEFAULT: ExpectedUtility = ExpectedUtility { rounds: 10 };
}

impl Default for ExpectedUtility {
    fn default() -> Self {
        ExpectedUtility::DEFAULT
    }
}
