//! Deposit-wide check: an `idTechnique` must be unique (the CDC keys passages by it).

use crate::error::InputError;
use crate::model::{Record, SourceFormat};
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::path::Path;

/// Remembers a 64-bit hash of each idTechnique with its line (not the id itself: constant
/// size per holder). A hash collision is confirmed only by a second, independent hash.
#[derive(Default)]
pub struct DuplicateIds {
    seen: HashMap<(u64, u64), u64>,
}

fn hashes(id: &str) -> (u64, u64) {
    let a = std::hash::BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default();
    let mut h1 = a.build_hasher();
    h1.write(id.as_bytes());
    let mut h2 = a.build_hasher();
    h2.write(b"accroche:");
    h2.write(id.as_bytes());
    (h1.finish(), h2.finish())
}

impl DuplicateIds {
    pub fn check(&mut self, path: &Path, record: &Record) -> Result<(), InputError> {
        if record.format != SourceFormat::Xml {
            return Ok(());
        }
        if let Some(first) = self.seen.insert(hashes(&record.id), record.line) {
            return Err(InputError::new(
                path,
                format!("idTechnique en double : déjà utilisé ligne {first} ; chaque passage doit avoir un idTechnique unique"),
                format!("duplicate idTechnique: already used at line {first}; each passage needs a unique idTechnique"),
            )
            .at(record.line, None)
            .field("idTechnique"));
        }
        Ok(())
    }
}
