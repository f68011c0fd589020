//! `accroche`: checks and repairs the identity data of graduates before a French certifier
//! deposits it with the Caisse des Dépôts (CDC).

pub mod error;
pub mod finding;
pub mod lang;
pub mod model;
pub mod rules;
pub mod synth;
