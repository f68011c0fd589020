//! Writing the deposit: canonical element order of the official sample, `cpf:` prefix,
//! 2-space indentation. Each passage is built in a reusable buffer, then written at once.

use super::person::Identity;

const SPACES: &[u8] = &[b' '; 64];

pub struct Buf {
    pub bytes: Vec<u8>,
}

fn escape_into(out: &mut Vec<u8>, text: &str) {
    if !text.bytes().any(|b| matches!(b, b'&' | b'<' | b'>')) {
        out.extend_from_slice(text.as_bytes());
        return;
    }
    for c in text.chars() {
        match c {
            '&' => out.extend_from_slice(b"&amp;"),
            '<' => out.extend_from_slice(b"&lt;"),
            '>' => out.extend_from_slice(b"&gt;"),
            _ => {
                let mut tmp = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
            }
        }
    }
}

impl Buf {
    pub fn new() -> Buf {
        Buf {
            bytes: Vec::with_capacity(8192),
        }
    }

    fn indent(&mut self, level: usize) {
        self.bytes.extend_from_slice(&SPACES[..2 * level]);
    }

    /// `<cpf:tag>`
    pub fn open(&mut self, level: usize, tag: &str) {
        self.indent(level);
        self.bytes.extend_from_slice(b"<cpf:");
        self.bytes.extend_from_slice(tag.as_bytes());
        self.bytes.extend_from_slice(b">\n");
    }

    /// `</cpf:tag>`
    pub fn close(&mut self, level: usize, tag: &str) {
        self.indent(level);
        self.bytes.extend_from_slice(b"</cpf:");
        self.bytes.extend_from_slice(tag.as_bytes());
        self.bytes.extend_from_slice(b">\n");
    }

    /// `<cpf:tag>text</cpf:tag>`
    pub fn leaf(&mut self, level: usize, tag: &str, text: &str) {
        self.indent(level);
        self.bytes.extend_from_slice(b"<cpf:");
        self.bytes.extend_from_slice(tag.as_bytes());
        self.bytes.push(b'>');
        escape_into(&mut self.bytes, text);
        self.bytes.extend_from_slice(b"</cpf:");
        self.bytes.extend_from_slice(tag.as_bytes());
        self.bytes.extend_from_slice(b">\n");
    }

    /// `<cpf:tag xsi:nil="true"/>`
    pub fn nil(&mut self, level: usize, tag: &str) {
        self.indent(level);
        self.bytes.extend_from_slice(b"<cpf:");
        self.bytes.extend_from_slice(tag.as_bytes());
        self.bytes.extend_from_slice(b" xsi:nil=\"true\"/>\n");
    }

    /// A leaf, or nothing for an absent optional element.
    pub fn opt(&mut self, level: usize, tag: &str, text: Option<&str>) {
        if let Some(text) = text {
            self.leaf(level, tag, text);
        }
    }

    /// A leaf, or `xsi:nil` for a nillable element.
    pub fn nillable(&mut self, level: usize, tag: &str, text: Option<&str>) {
        match text {
            Some(text) => self.leaf(level, tag, text),
            None => self.nil(level, tag),
        }
    }

    pub fn num(&mut self, level: usize, tag: &str, v: impl itoa_lite::Int) {
        let mut tmp = [0u8; 20];
        let s = v.fmt(&mut tmp);
        self.leaf(level, tag, s);
    }

    /// The `titulaire` block at `level`.
    pub fn titulaire(&mut self, level: usize, id: &Identity) {
        let l = level + 1;
        self.open(level, "titulaire");
        self.leaf(l, "nomNaissance", &id.nom);
        self.nillable(l, "nomUsage", id.usage.as_deref());
        self.leaf(l, "prenom1", &id.p1);
        self.opt(l, "prenom2", id.p2.as_deref());
        self.opt(l, "prenom3", id.p3.as_deref());
        self.num(l, "anneeNaissance", u64::from(id.year));
        match id.month {
            Some(m) => self.num(l, "moisNaissance", u64::from(m)),
            None => self.nil(l, "moisNaissance"),
        }
        match id.day {
            Some(d) => self.num(l, "jourNaissance", u64::from(d)),
            None => self.nil(l, "jourNaissance"),
        }
        self.leaf(l, "sexe", if id.sex == 'F' { "F" } else { "M" });
        self.open(l, "codeCommuneNaissance");
        match &id.code_insee {
            Some(code) => {
                self.open(l + 1, "codeInseeNaissance");
                self.leaf(l + 2, "codeInsee", code);
                self.close(l + 1, "codeInseeNaissance");
            }
            None => {
                self.open(l + 1, "codePostalNaissance");
                self.nillable(l + 2, "codePostal", id.code_postal.as_deref());
                self.close(l + 1, "codePostalNaissance");
            }
        }
        self.close(l, "codeCommuneNaissance");
        self.opt(l, "libelleCommuneNaissance", id.libelle_commune.as_deref());
        self.opt(l, "codePaysNaissance", id.code_pays.as_deref());
        self.opt(l, "libellePaysNaissance", id.libelle_pays.as_deref());
        self.close(level, "titulaire");
    }
}

/// Integer formatting without `fmt` machinery.
pub mod itoa_lite {
    pub trait Int {
        fn fmt(self, buf: &mut [u8; 20]) -> &str;
    }

    impl Int for u64 {
        fn fmt(self, buf: &mut [u8; 20]) -> &str {
            let mut i = buf.len();
            let mut v = self;
            loop {
                i -= 1;
                buf[i] = b'0' + (v % 10) as u8;
                v /= 10;
                if v == 0 {
                    break;
                }
            }
            std::str::from_utf8(&buf[i..]).expect("ascii digits")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaves_escape_and_indent() {
        let mut b = Buf::new();
        b.leaf(2, "nomNaissance", "A&B");
        b.nil(1, "nomUsage");
        b.num(0, "anneeNaissance", 2001u64);
        let s = String::from_utf8(b.bytes).unwrap();
        assert_eq!(
            s,
            "    <cpf:nomNaissance>A&amp;B</cpf:nomNaissance>\n  <cpf:nomUsage xsi:nil=\"true\"/>\n<cpf:anneeNaissance>2001</cpf:anneeNaissance>\n"
        );
    }
}
