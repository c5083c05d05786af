//! The face detector's table in the crate's README ("Faces"): on every case of
//! `tests/face_support` (the real photographs and the cases built from them), the faces there
//! are and found, false detections, the selfie verdict against the expected one, and the time
//! of `check_face` per frame.
//!
//! `cargo run -p kyc-quality --release --example face_table`

#[path = "../tests/face_support/mod.rs"]
mod face_support;

use std::time::{Duration, Instant};

use kyc_quality::{assess, check_face, selfie_feedback, Cascade, Kind, LumaImage};

/// The fastest of `rounds` runs of `check_face` on `frame` (the unpreempted cost on a shared
/// machine) and the median.
fn time(cascade: &Cascade, frame: &LumaImage, rounds: usize) -> (Duration, Duration) {
    let mut t: Vec<Duration> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(check_face(cascade, std::hint::black_box(frame)));
            start.elapsed()
        })
        .collect();
    t.sort();
    (t[0], t[rounds / 2])
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn main() {
    let cascade = match Cascade::parse(face_support::MODEL) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    println!("| picture | size | faces | found | false | answer | expected | fastest / median ms |");
    println!("|---|---|---|---|---|---|---|---|");
    let (mut faces, mut found, mut false_found, mut right, mut n) = (0, 0, 0, 0, 0);
    let mut times = Vec::new();
    for case in face_support::cases() {
        let check = check_face(&cascade, &case.frame);
        let answer = selfie_feedback(&assess(&case.frame, Kind::Selfie), &check);
        let hits = check.faces.len().min(case.faces);
        let extra = check.faces.len() - hits;
        let (fastest, median) = time(&cascade, &case.frame, 15);
        if (case.frame.width, case.frame.height) == (640, 360) {
            times.push(fastest);
        }
        faces += case.faces;
        found += hits;
        false_found += extra;
        right += usize::from(answer == case.expected);
        n += 1;
        println!(
            "| {} | {}x{} | {} | {hits} | {extra} | `{}` | `{}` | {} / {} |",
            case.name,
            case.frame.width,
            case.frame.height,
            case.faces,
            answer.as_str(),
            case.expected.as_str(),
            ms(fastest),
            ms(median)
        );
    }
    times.sort();
    println!();
    println!(
        "Faces found: {found} of {faces} ({:.0}%); false detections: {false_found} in {n} pictures; \
         answers as expected: {right} of {n}.",
        100.0 * found as f64 / faces.max(1) as f64
    );
    println!(
        "check_face per 640x360 frame (native, release): {} ms (median of the fastest runs of {} frames).",
        ms(times[times.len() / 2]),
        times.len()
    );
}
