//! Hyphen anomalies that need no name table.
pub mod dangling;
pub mod doubled;
pub mod space_around;
