//! What users read: text tables and JSON, built from results, never from model
//! internals. No I/O here: callers decide where the text goes.

pub mod chart_inputs;
pub mod charts;
pub mod compare_file;
pub mod document;
pub mod json;
pub mod run;
pub mod solve;
pub mod summary_file;
pub mod table;
