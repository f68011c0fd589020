//! Lookup cost of the reference tables and of the normalisation key
//! (figures in docs/reference-data.md). `cargo bench --bench reference`.

use accroche::normalize;
use accroche::reference;
use criterion::{black_box, criterion_group, criterion_main, Criterion};

fn lookups(c: &mut Criterion) {
    reference::load_all();
    let mut g = c.benchmark_group("lookup");
    g.bench_function("first_name hit", |b| {
        b.iter(|| reference::first_name(black_box("JEAN-PIERRE")))
    });
    g.bench_function("first_name miss", |b| {
        b.iter(|| reference::first_name(black_box("ZZYZX")))
    });
    g.bench_function("surname_rank hit", |b| {
        b.iter(|| reference::surname_rank(black_box("LE GALL")))
    });
    g.bench_function("surname_band miss", |b| {
        b.iter(|| reference::surname_band(black_box("ZZYZX")))
    });
    g.bench_function("commune", |b| {
        b.iter(|| reference::commune(black_box("2A004")))
    });
    g.bench_function("communes_named", |b| {
        b.iter(|| reference::communes_named(black_box("93"), black_box("ST DENIS")))
    });
    g.bench_function("country", |b| {
        b.iter(|| reference::country(black_box("99132")))
    });
    g.bench_function("key+first_name (ASCII)", |b| {
        b.iter(|| reference::first_name(&normalize::key(black_box("Jean-Pierre"))))
    });
    g.finish();

    let mut g = c.benchmark_group("normalize");
    g.bench_function("key ASCII", |b| {
        b.iter(|| normalize::key(black_box("Jean-Pierre")))
    });
    g.bench_function("key accented", |b| {
        b.iter(|| normalize::key(black_box("Jérôme-Stéphane")))
    });
    g.bench_function("squash", |b| {
        b.iter(|| normalize::squash(black_box("N'Diaye")))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_millis(300))
        .measurement_time(std::time::Duration::from_secs(1));
    targets = lookups
}
criterion_main!(benches);
