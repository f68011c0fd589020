//! Accents and ligatures: not discriminating for the CDC, shown for information.
pub mod usual_spelling;
