//! `accroche`: checks and repairs the identity data of graduates before a French certifier
//! deposits it with the Caisse des Dépôts (CDC).

// Input errors are rare and carry file, line, column, field and two messages; boxing them
// everywhere would cost more readability than the copy costs time.
#![allow(clippy::result_large_err)]

pub mod calibrate;
pub mod cdc_report;
pub mod cli;
pub mod convert;
pub mod decisions;
pub mod dupes;
pub mod engine;
pub mod error;
pub mod estimate;
pub mod explain;
pub mod finding;
pub mod input;
pub mod lang;
pub mod matching;
pub mod model;
pub mod namecmd;
pub mod normalize;
pub mod output;
pub mod progress;
pub mod reference;
pub mod refile;
pub mod report;
pub mod rules;
pub mod source;
pub mod synth;
pub mod validate;
pub mod xml;
