//! Hyphen anomalies: those that need no name table (H001–H003) and those that weigh the
//! INSEE tables (H004–H006).
pub mod dangling;
pub mod double_name;
pub mod doubled;
pub mod extra;
pub mod missing;
pub mod space_around;
