//! What users read: text tables and JSON, built from results, never from model
//! internals. No I/O here: callers decide where the text goes.

pub mod backtest;
pub mod charts;
pub mod compare_file;
pub mod document;
pub mod negotiation;
pub use crate::format::json;
pub mod run;
pub mod solve;
pub mod table;
pub mod whatif;
