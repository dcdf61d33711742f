//! The scenario file as written: serde structs that mirror the RON text one to one.
//!
//! These types only parse. They keep user data loose where a precise message is
//! better given later (a number that may be a distribution, a map whose keys must
//! be issue ids) and leave every range and cross-reference check to `validate`,
//! which knows where in the file each value sits.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::fmt;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "Scenario")]
pub struct RawScenario {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub issues: Vec<RawIssue>,
    pub actors: Vec<RawActor>,
    #[serde(default)]
    pub proposals: Vec<RawProposal>,
    #[serde(default)]
    pub model: Option<RawModel>,
    #[serde(default)]
    pub trials: Option<u64>,
    #[serde(default)]
    pub seed: Option<u64>,
    #[serde(default)]
    pub charts: Option<RawCharts>,
}

/// What the charts show: `charts: (pairs: [("a", "b")], utilities: ("x", "y"))`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename = "Charts")]
pub struct RawCharts {
    /// Pairs of continuous issues, each drawn as an outcome-zone chart.
    #[serde(default)]
    pub pairs: Option<Vec<(String, String)>>,
    /// The two actors whose utilities the utility chart plots.
    #[serde(default)]
    pub utilities: Option<(String, String)>,
}

/// One issue: continuous (`min`/`max`) or discrete (`options`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "Issue")]
pub struct RawIssue {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub options: Option<Vec<String>>,
    #[serde(default)]
    pub low: Option<String>,
    #[serde(default)]
    pub high: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
}

/// One actor and its stances.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "Actor")]
pub struct RawActor {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    pub power: RawNumber,
    pub reservation: RawNumber,
    #[serde(default)]
    pub patience: Option<RawNumber>,
    #[serde(default)]
    pub veto: Option<bool>,
    /// Own concession exponent for time-dependent alternating offers.
    #[serde(default)]
    pub concession: Option<f64>,
    pub stances: OrderedMap<RawStance>,
}

/// An actor's stance on one issue.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "Stance")]
pub struct RawStance {
    #[serde(default)]
    pub position: Option<RawPosition>,
    #[serde(default)]
    pub values: Option<OrderedMap<f64>>,
    pub salience: RawNumber,
    #[serde(default)]
    pub shape: Option<Shape>,
    #[serde(default)]
    pub red_line: Option<RawRedLine>,
}

/// How utility falls with distance on a continuous issue.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
pub enum Shape {
    /// `v = 1 − δ`: every step away costs the same.
    #[default]
    Linear,
    /// `v = 1 − δ²`: small deviations are cheap, large ones costly.
    Quadratic,
}

/// Outside this an outcome is unacceptable: an interval, or a set of allowed options.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "RedLine")]
pub struct RawRedLine {
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub allowed: Option<Vec<String>>,
}

/// A reference proposal to evaluate.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "Proposal")]
pub struct RawProposal {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    pub values: OrderedMap<RawPosition>,
}

/// The scenario's default model.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub enum RawModel {
    Compromise,
    DiscreteCompromise {
        #[serde(default)]
        threshold: Option<f64>,
    },
    Nash,
    KalaiSmorodinsky,
    AlternatingOffers {
        #[serde(default)]
        proposer: Option<RawProposer>,
        #[serde(default)]
        behaviour: Option<RawBehaviour>,
        #[serde(default)]
        breakdown: Option<f64>,
        #[serde(default)]
        max_rounds: Option<u32>,
        #[serde(default)]
        first: Option<String>,
    },
    ExpectedUtility {
        #[serde(default)]
        rounds: Option<u32>,
        #[serde(default)]
        rules: Option<RawEuRules>,
    },
}

/// Which reading of the expected utility model to play.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
pub enum RawEuRules {
    Paper,
    Jmckib,
    Masad,
}

/// Who proposes in alternating offers.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
pub enum RawProposer {
    Rotating,
    Random,
}

/// How alternating-offers actors behave.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub enum RawBehaviour {
    Equilibrium,
    TimeDependent { e: f64 },
    Faratin { e: f64 },
}

/// A number, or a distribution written as `Name(param: value, ..)`.
///
/// ron hands a named struct to `deserialize_any` as a plain map and drops the
/// name, so the name is recovered from the text by `locate` during validation.
#[derive(Clone, Debug, PartialEq)]
pub enum RawNumber {
    Number(f64),
    /// A distribution's parameters; `name` is known when built in code, and
    /// recovered from the text (by `locate`) when parsed.
    Params {
        name: Option<String>,
        params: Vec<(String, f64)>,
    },
}

/// A number, a distribution, or an option name (for discrete issues).
#[derive(Clone, Debug, PartialEq)]
pub enum RawPosition {
    Number(RawNumber),
    Option(String),
}

/// A RON map kept in file order, duplicates included, so validation can name them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OrderedMap<T>(pub Vec<(String, T)>);

struct NumberVisitor {
    allow_text: bool,
}

/// Either a number or a distribution or (if allowed) a string.
enum AnyValue {
    Number(RawNumber),
    Text(String),
}

impl<'de> Visitor<'de> for NumberVisitor {
    type Value = AnyValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.allow_text {
            f.write_str("a number, a distribution such as Uniform(min: 0.2, max: 0.4), or an option name in quotes")
        } else {
            f.write_str("a number or a distribution such as Uniform(min: 0.2, max: 0.4)")
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<AnyValue, E> {
        Ok(AnyValue::Number(RawNumber::Number(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<AnyValue, E> {
        Ok(AnyValue::Number(RawNumber::Number(v as f64)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<AnyValue, E> {
        Ok(AnyValue::Number(RawNumber::Number(v as f64)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<AnyValue, E> {
        if self.allow_text {
            Ok(AnyValue::Text(v.to_string()))
        } else {
            Err(E::invalid_type(de::Unexpected::Str(v), &self))
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AnyValue, A::Error> {
        let mut params = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value: f64 = map.next_value()?;
            params.push((key, value));
        }
        Ok(AnyValue::Number(RawNumber::Params { name: None, params }))
    }
}

impl<'de> Deserialize<'de> for RawNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match deserializer.deserialize_any(NumberVisitor { allow_text: false })? {
            AnyValue::Number(number) => Ok(number),
            AnyValue::Text(_) => Err(de::Error::custom("expected a number")),
        }
    }
}

impl<'de> Deserialize<'de> for RawPosition {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match deserializer.deserialize_any(NumberVisitor { allow_text: true })? {
            AnyValue::Number(number) => Ok(RawPosition::Number(number)),
            AnyValue::Text(text) => Ok(RawPosition::Option(text)),
        }
    }
}

struct OrderedMapVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for OrderedMapVisitor<T> {
    type Value = OrderedMap<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map such as { \"issue_id\": ... }")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OrderedMap<T>, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            entries.push((key, map.next_value()?));
        }
        Ok(OrderedMap(entries))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OrderedMap<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(OrderedMapVisitor(std::marker::PhantomData))
    }
}
