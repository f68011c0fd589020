//! The deposit (CDC XML) side: streaming reader and lossless rewriter.

pub mod reader;
pub mod rewrite;
pub mod split;
pub mod stream_fix;

/// The deposit namespace. Every element of the schema is in it (`elementFormDefault="qualified"`).
pub const CPF_NS: &[u8] = b"urn:cdc:cpf:pc5:schema:1.0.0";
/// The XML Schema instance namespace (`xsi:nil`).
pub const XSI_NS: &[u8] = b"http://www.w3.org/2001/XMLSchema-instance";
