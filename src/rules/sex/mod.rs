//! Sex against first name, by birth decade (INSEE first-name tables).
pub mod first_name_sex;
