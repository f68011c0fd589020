//! Runs the [`Validator`] on its own thread. The reader records validation events in a
//! compact batch (one string arena, no allocation per event) and hands full batches over
//! a bounded channel; emptied batches come back to be reused.
//!
//! Why: schema validation is about a quarter of the reader's work. On the reader's thread
//! it lengthens the one serial path of a check; on its own thread it overlaps with parsing.
//! The events and their order are exactly those the reader would have passed directly, so
//! the errors are the same.

use super::{Attr, Ns, SchemaError, Validator};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread::JoinHandle;

/// A string in the batch's arena.
#[derive(Clone, Copy)]
struct Span(u32, u32);

#[derive(Clone, Copy)]
enum NsCode {
    Cpf,
    Xsi,
    None,
    Other(Span),
}

enum Op {
    Declaration {
        version: Option<Span>,
        line: u64,
        column: u64,
    },
    Start {
        ns: NsCode,
        local: Span,
        qname: Span,
        /// Range in `Batch::attrs`.
        attrs: (u32, u32),
        line: u64,
        column: u64,
    },
    Text(Span),
    End {
        line: u64,
        column: u64,
    },
}

struct AttrOp {
    ns: NsCode,
    local: Span,
    value: Span,
}

#[derive(Default)]
struct Batch {
    ops: Vec<Op>,
    attrs: Vec<AttrOp>,
    arena: String,
}

/// Hand a batch over once it holds this many events or bytes.
const BATCH_OPS: usize = 4096;
const BATCH_BYTES: usize = 256 * 1024;

impl Batch {
    fn push_str(&mut self, s: &str) -> Span {
        let start = self.arena.len();
        self.arena.push_str(s);
        Span(start as u32, self.arena.len() as u32)
    }

    fn str(&self, s: Span) -> &str {
        &self.arena[s.0 as usize..s.1 as usize]
    }

    fn ns_code(&mut self, ns: Ns) -> NsCode {
        match ns {
            Ns::Cpf => NsCode::Cpf,
            Ns::Xsi => NsCode::Xsi,
            Ns::None => NsCode::None,
            Ns::Other(uri) => NsCode::Other(self.push_str(uri)),
        }
    }

    fn ns(&self, code: NsCode) -> Ns<'_> {
        match code {
            NsCode::Cpf => Ns::Cpf,
            NsCode::Xsi => Ns::Xsi,
            NsCode::None => Ns::None,
            NsCode::Other(s) => Ns::Other(self.str(s)),
        }
    }

    fn is_full(&self) -> bool {
        self.ops.len() >= BATCH_OPS || self.arena.len() >= BATCH_BYTES
    }

    fn clear(&mut self) {
        self.ops.clear();
        self.attrs.clear();
        self.arena.clear();
    }

    /// Passes the recorded events to the validator, in order.
    fn replay(&self, v: &mut Validator) {
        let mut attrs: Vec<Attr> = Vec::new();
        for op in &self.ops {
            match *op {
                Op::Declaration {
                    version,
                    line,
                    column,
                } => v.declaration(version.map(|s| self.str(s)), line, column),
                Op::Start {
                    ns,
                    local,
                    qname,
                    attrs: (from, to),
                    line,
                    column,
                } => {
                    attrs.clear();
                    attrs.extend(self.attrs[from as usize..to as usize].iter().map(|a| Attr {
                        ns: self.ns(a.ns),
                        local: self.str(a.local),
                        value: self.str(a.value),
                    }));
                    v.start(
                        self.ns(ns),
                        self.str(local),
                        self.str(qname),
                        &attrs,
                        line,
                        column,
                    );
                }
                Op::Text(s) => v.text(self.str(s)),
                Op::End { line, column } => v.end(line, column),
            }
        }
    }
}

enum Worker {
    Thread {
        to_worker: SyncSender<Batch>,
        spare: Receiver<Batch>,
        handle: JoinHandle<Validator>,
    },
    /// No thread could be started: batches are replayed on the caller's thread.
    Inline(Validator),
}

/// The [`Validator`]'s push API, with the work done on another thread.
pub struct ValidatorPipe {
    batch: Batch,
    worker: Option<Worker>,
}

impl Default for ValidatorPipe {
    fn default() -> Self {
        ValidatorPipe::spawn()
    }
}

impl ValidatorPipe {
    /// Starts the validation thread (or validates inline if no thread can be started).
    pub fn spawn() -> ValidatorPipe {
        let (to_worker, from_reader) = sync_channel::<Batch>(4);
        let (give_back, spare) = sync_channel::<Batch>(8);
        let spawned = std::thread::Builder::new()
            .name("accroche-schema".into())
            .spawn(move || {
                let mut v = Validator::new();
                for mut batch in from_reader {
                    batch.replay(&mut v);
                    batch.clear();
                    let _ = give_back.try_send(batch);
                }
                v
            });
        let worker = match spawned {
            Ok(handle) => Worker::Thread {
                to_worker,
                spare,
                handle,
            },
            Err(_) => Worker::Inline(Validator::new()),
        };
        ValidatorPipe {
            batch: Batch::default(),
            worker: Some(worker),
        }
    }

    /// Same as [`Validator::declaration`].
    pub fn declaration(&mut self, version: Option<&str>, line: u64, column: u64) {
        let version = version.map(|v| self.batch.push_str(v));
        self.batch.ops.push(Op::Declaration {
            version,
            line,
            column,
        });
        self.maybe_flush();
    }

    /// Same as [`Validator::start`].
    pub fn start(
        &mut self,
        ns: Ns,
        local: &str,
        qname: &str,
        attrs: &[Attr],
        line: u64,
        column: u64,
    ) {
        let b = &mut self.batch;
        let ns = b.ns_code(ns);
        let qname_span = b.push_str(qname);
        // The local name is nearly always the qualified name's tail (the reader passes a
        // slice of it: no need to compare bytes): store it once.
        let is_tail = local.as_ptr() as usize + local.len()
            == qname.as_ptr() as usize + qname.len()
            && local.len() <= qname.len();
        let local = if is_tail || qname.ends_with(local) {
            Span(qname_span.1 - local.len() as u32, qname_span.1)
        } else {
            b.push_str(local)
        };
        let qname = qname_span;
        let from = b.attrs.len() as u32;
        for a in attrs {
            let ns = b.ns_code(a.ns);
            let local = b.push_str(a.local);
            let value = b.push_str(a.value);
            b.attrs.push(AttrOp { ns, local, value });
        }
        let to = b.attrs.len() as u32;
        b.ops.push(Op::Start {
            ns,
            local,
            qname,
            attrs: (from, to),
            line,
            column,
        });
        self.maybe_flush();
    }

    /// Same as [`Validator::text`].
    pub fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let s = self.batch.push_str(text);
        self.batch.ops.push(Op::Text(s));
        self.maybe_flush();
    }

    /// Same as [`Validator::end`].
    pub fn end(&mut self, line: u64, column: u64) {
        self.batch.ops.push(Op::End { line, column });
        self.maybe_flush();
    }

    fn maybe_flush(&mut self) {
        if self.batch.is_full() {
            self.flush();
        }
    }

    fn flush(&mut self) {
        match self.worker.as_mut() {
            Some(Worker::Thread {
                to_worker, spare, ..
            }) => {
                let next = spare.try_recv().unwrap_or_default();
                let full = std::mem::replace(&mut self.batch, next);
                // A send fails only if the thread is gone (it panicked): `finish` reports it.
                let _ = to_worker.send(full);
            }
            Some(Worker::Inline(v)) => {
                self.batch.replay(v);
                self.batch.clear();
            }
            None => {}
        }
    }

    /// Waits for the validation to end; returns the kept errors and the number of errors.
    pub fn finish(mut self) -> (Vec<SchemaError>, usize) {
        self.flush();
        let validator = match self.worker.take() {
            Some(Worker::Thread {
                to_worker, handle, ..
            }) => {
                drop(to_worker);
                match handle.join() {
                    Ok(v) => v,
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            Some(Worker::Inline(v)) => v,
            None => Validator::new(),
        };
        let count = validator.error_count();
        (validator.finish(), count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    enum Ev {
        Start(&'static str, u64),
        Text(&'static str),
        End(u64),
    }

    /// Feeds the same events to a validator and to a pipe: same errors, same count.
    fn same_outcome(events: &[Ev]) -> bool {
        let mut direct = Validator::new();
        let mut pipe = ValidatorPipe::spawn();
        let attrs = [Attr {
            ns: Ns::Xsi,
            local: "nil",
            value: "true",
        }];
        for e in events {
            match *e {
                Ev::Start(local, line) => {
                    let q = format!("cpf:{local}");
                    let a: &[Attr] = if local == "inconnu" { &attrs } else { &[] };
                    direct.start(Ns::Cpf, local, &q, a, line, 1);
                    pipe.start(Ns::Cpf, local, &q, a, line, 1);
                }
                Ev::Text(t) => {
                    direct.text(t);
                    pipe.text(t);
                }
                Ev::End(line) => {
                    direct.end(line, 1);
                    pipe.end(line, 1);
                }
            }
        }
        let count = direct.error_count();
        let errors = direct.finish();
        let (p_errors, p_count) = pipe.finish();
        assert!(count > 0, "the events must produce errors");
        errors == p_errors && count == p_count
    }

    #[test]
    fn same_errors_as_the_validator_across_many_batches() {
        let mut events = vec![
            Ev::Start("flux", 1),
            Ev::Start("idFlux", 2),
            Ev::Text("x"),
            Ev::End(2),
        ];
        // Far more events than one batch holds, each an error (unknown element).
        for i in 0..(3 * BATCH_OPS as u64) {
            events.push(Ev::Start("inconnu", 3 + i));
            events.push(Ev::Text("valeur"));
            events.push(Ev::End(3 + i));
        }
        events.push(Ev::End(10_000_000));
        assert!(same_outcome(&events));
    }
}
