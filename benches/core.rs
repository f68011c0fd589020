//! Benchmarks of the hot paths: the streaming reader (with and without the schema
//! validation), the normalisation key and the rule engine per holder.
//! `cargo bench --bench core`; the whole-run comparison with xmllint is `benches/whole-run.sh`.

use accroche::engine::{Engine, Selection};
use accroche::rules::Ctx;
use accroche::synth::{generate, SynthConfig};
use accroche::xml::reader::DepositReader;
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use std::path::Path;

fn deposit(holders: u64) -> Vec<u8> {
    let cfg = SynthConfig {
        holders,
        error_rate: 0.15,
        ..SynthConfig::default()
    };
    let mut out = Vec::new();
    generate(&cfg, &mut out, None).expect("generated");
    out
}

fn reader(c: &mut Criterion) {
    let bytes = deposit(5_000);
    let mut g = c.benchmark_group("reader");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.sample_size(10);
    g.bench_function("records", |b| {
        b.iter(|| {
            let r = DepositReader::new(Path::new("bench"), &bytes[..]).unwrap();
            black_box(r.count())
        })
    });
    g.bench_function("records+schema", |b| {
        b.iter(|| {
            let mut r = DepositReader::new(Path::new("bench"), &bytes[..]).unwrap();
            let schema = r.validate_schema();
            let n = r.by_ref().count();
            let errors = schema.lock().unwrap().count;
            black_box((n, errors))
        })
    });
    g.finish();
}

fn normalize(c: &mut Criterion) {
    let mut g = c.benchmark_group("normalize");
    g.bench_function("key ascii", |b| {
        b.iter(|| accroche::normalize::key(black_box("JEAN PIERRE")))
    });
    g.bench_function("key accented", |b| {
        b.iter(|| accroche::normalize::key(black_box("Hélène-Françoise")))
    });
    g.finish();
}

fn engine(c: &mut Criterion) {
    let bytes = deposit(2_000);
    let records: Vec<_> = DepositReader::new(Path::new("bench"), &bytes[..])
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    accroche::reference::load_all();
    let engine = Engine::new(&Selection::default(), Ctx::default());
    let mut g = c.benchmark_group("engine");
    g.throughput(Throughput::Elements(records.len() as u64));
    g.sample_size(20);
    g.bench_function("check all rules", |b| {
        b.iter(|| records.iter().map(|r| engine.check(r).len()).sum::<usize>())
    });
    g.finish();
}

criterion_group!(benches, reader, normalize, engine);
criterion_main!(benches);
