//! The XSD's constraints on the identity block, checked on the record model so that
//! they are reported holder by holder (the full-file validator reports them too).
pub mod birth_place_choice;
pub mod country_code;
pub mod insee_length;
pub mod integer;
pub mod label_length;
pub mod length;
pub mod missing;
pub mod sex_code;
