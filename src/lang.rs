//! Report language. Messages shown to users are French by default.

use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    /// Picks the text for this language.
    pub fn pick<'a>(self, fr: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }

    /// Quotes a value the way the language does.
    pub fn quote(self, value: &str) -> String {
        match self {
            Lang::Fr => format!("« {value} »"),
            Lang::En => format!("“{value}”"),
        }
    }
}
