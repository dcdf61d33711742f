//! `summary.json` read back: everything charts and reports draw from.
//!
//! The writer (`report::run`) builds the JSON by hand; this is its reader, a
//! typed view of the same names. Maps keep the order they were written in, so
//! actors keep their colours and issues their order. Fields added by later
//! versions are ignored; fields a chart needs but an older summary lacks are
//! optional, and the chart that needs them is skipped.

use indexmap::IndexMap;
use serde::Deserialize;

/// A run's summary.
#[derive(Clone, Debug, Deserialize)]
pub struct Summary {
    pub zopa_version: String,
    pub scenario: String,
    #[serde(default)]
    pub description: String,
    pub model: String,
    pub trials: u64,
    pub seed: u64,
    pub agreement_rate: f64,
    pub zopa_rate: f64,
    pub issues: IndexMap<String, IssueSummary>,
    pub actors: IndexMap<String, ActorSummary>,
    #[serde(default)]
    pub proposals: IndexMap<String, ProposalSummary>,
    #[serde(default)]
    pub zones: Vec<Zone>,
    #[serde(default)]
    pub rounds: Option<Rounds>,
    #[serde(default)]
    pub charts: Option<ChartSettings>,
    #[serde(default)]
    pub utilities: Option<Utilities>,
}

/// One issue: statistics in its own units, or option shares.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct IssueSummary {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub low: Option<String>,
    #[serde(default)]
    pub high: Option<String>,
    /// `[min, max]` of a continuous issue.
    #[serde(default)]
    pub range: Option<[f64; 2]>,
    /// Option names of a discrete issue.
    #[serde(default)]
    pub options: Option<Vec<String>>,
    /// Agreements per equal bin over the range.
    #[serde(default)]
    pub density: Option<Vec<u64>>,
    #[serde(default)]
    pub mean: Option<f64>,
    #[serde(default)]
    pub p05: Option<f64>,
    #[serde(default)]
    pub p25: Option<f64>,
    #[serde(default)]
    pub p50: Option<f64>,
    #[serde(default)]
    pub p75: Option<f64>,
    #[serde(default)]
    pub p95: Option<f64>,
    /// Share of agreements on each option (discrete issues).
    #[serde(default)]
    pub shares: Option<IndexMap<String, f64>>,
    #[serde(default)]
    pub agreements: u64,
}

impl IssueSummary {
    /// The display name, falling back to the id.
    pub fn title<'a>(&'a self, id: &'a str) -> &'a str {
        self.name.as_deref().unwrap_or(id)
    }
}

/// A position: a number in the issue's units, or an option's name.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Position {
    Number(f64),
    Option(String),
}

/// One actor.
#[derive(Clone, Debug, Deserialize)]
pub struct ActorSummary {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub veto: Option<bool>,
    #[serde(default)]
    pub power: Option<f64>,
    #[serde(default)]
    pub reservation: Option<f64>,
    #[serde(default)]
    pub ideal: IndexMap<String, Position>,
    pub mean_utility: Option<f64>,
    pub p_above_reservation: f64,
    #[serde(default)]
    pub utility: IndexMap<String, Option<f64>>,
}

impl ActorSummary {
    /// The display name, falling back to the id.
    pub fn title<'a>(&'a self, id: &'a str) -> &'a str {
        self.name.as_deref().unwrap_or(id)
    }
}

/// One reference proposal.
#[derive(Clone, Debug, Deserialize)]
pub struct ProposalSummary {
    pub p_all_veto_accept: f64,
    pub acceptance: IndexMap<String, f64>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub values: IndexMap<String, Position>,
}

/// A 2-D histogram of agreed outcomes on two continuous issues.
#[derive(Clone, Debug, Deserialize)]
pub struct Zone {
    pub x: String,
    pub y: String,
    pub x_range: Option<[f64; 2]>,
    pub y_range: Option<[f64; 2]>,
    pub bins: usize,
    /// Row-major, `y` rows of `x` cells.
    pub counts: Vec<u64>,
    /// Per level ("50", "80", "95"): cells with at least this count are inside.
    pub levels: IndexMap<String, u64>,
}

/// How long talks took (protocol models).
#[derive(Clone, Debug, Deserialize)]
pub struct Rounds {
    pub mean: f64,
    pub p50: u64,
    pub p95: u64,
    /// Share of trials ending in round k + 1.
    pub distribution: Vec<f64>,
    /// Share of trials agreeing in round k + 1.
    pub agreement_by_round: Vec<f64>,
    pub breakdown_rate: f64,
}

/// Chart settings, by id.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ChartSettings {
    #[serde(default)]
    pub pairs: Vec<(String, String)>,
    #[serde(default)]
    pub utilities: Option<(String, String)>,
}

/// The utility chart's data.
#[derive(Clone, Debug, Deserialize)]
pub struct Utilities {
    pub actors: (String, String),
    pub reservations: (f64, f64),
    /// `[u_a, u_b, agreed (0/1)]` for the first trials.
    pub cloud: Vec<(f64, f64, u8)>,
    pub frontier: Vec<(f64, f64)>,
    pub nash: Option<(f64, f64)>,
    pub kalai_smorodinsky: Option<(f64, f64)>,
    #[serde(default)]
    pub proposals: IndexMap<String, (f64, f64)>,
}

impl Summary {
    /// Parses a summary; the message says what is missing or malformed.
    pub fn parse(text: &str) -> Result<Summary, String> {
        serde_json::from_str(text).map_err(|err| {
            format!(
                "not a zopa summary.json (line {}, column {}): {err}",
                err.line(),
                err.column()
            )
        })
    }

    /// The caption every chart carries.
    pub fn caption(&self) -> String {
        format!(
            "{} · model: {} · {} trials · seed {} · zopa {}",
            self.scenario,
            self.model,
            thousands(self.trials),
            self.seed,
            self.zopa_version
        )
    }

    /// Actor index by id (for colours).
    pub fn actor_index(&self, id: &str) -> Option<usize> {
        self.actors.get_index_of(id)
    }
}

/// 1234567 → "1,234,567".
pub fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (k, digit) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// 0.98251 → "98.3%"; "0%" and "100%" only when exact, "<0.1%" and ">99.9%"
/// near the ends, so a rare rejection never reads as certain acceptance.
pub fn percent(share: f64) -> String {
    if share <= 0.0 {
        "0%".into()
    } else if share >= 1.0 {
        "100%".into()
    } else if share < 0.001 {
        "<0.1%".into()
    } else if share > 0.999 {
        ">99.9%".into()
    } else {
        format!("{:.1}%", share * 100.0)
    }
}
