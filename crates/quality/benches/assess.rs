//! `cargo bench -p kyc-quality -- --warm-up-time 1 --measurement-time 3`
//!
//! Times `assess` on a 640x360 synthetic document (and on a selfie), each metric alone, and
//! `prepare` of a 1920x1080 frame, so the per-frame cost of live guidance is known.

use criterion::{criterion_group, criterion_main, Criterion};
use kyc_quality::{assess, brightness, document_presence, glare, prepare, sharpness, synth, Kind};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let doc = synth::document(640, 360, 1);
    let face = synth::face(640, 360, 1);
    let glared = synth::with_glare(&doc, 400.0, 160.0, 40.0);
    let full_hd = synth::document(1920, 1080, 1);
    let rgba: Vec<u8> = synth::document_rgb(640, 360, 1)
        .data
        .chunks_exact(3)
        .flat_map(|p| [p[0], p[1], p[2], 255])
        .collect();

    c.bench_function("assess document 640x360", |b| {
        b.iter(|| assess(black_box(&doc), Kind::Document))
    });
    c.bench_function("assess document with glare 640x360", |b| {
        b.iter(|| assess(black_box(&glared), Kind::Document))
    });
    c.bench_function("assess selfie 640x360", |b| {
        b.iter(|| assess(black_box(&face), Kind::Selfie))
    });
    c.bench_function("sharpness 640x360", |b| b.iter(|| sharpness(black_box(&doc))));
    c.bench_function("brightness 640x360", |b| b.iter(|| brightness(black_box(&doc))));
    c.bench_function("glare 640x360", |b| b.iter(|| glare(black_box(&glared))));
    c.bench_function("document_presence 640x360", |b| {
        b.iter(|| document_presence(black_box(&doc)))
    });
    c.bench_function("from_rgba 640x360", |b| {
        b.iter(|| kyc_quality::LumaImage::from_rgba(black_box(&rgba), 640, 360).unwrap())
    });
    c.bench_function("prepare 1920x1080", |b| b.iter(|| prepare(black_box(&full_hd))));
}

criterion_group!(benches, bench);
criterion_main!(benches);
