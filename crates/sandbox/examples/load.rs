//! A load run against a running sandbox: the partner's backend creates many sessions, then
//! a customer's widget goes through each (start, consent, three pictures, a status poll), as
//! many at a time as asked. Prints the rate and latencies of each kind of call.
//!
//! `scripts/load` builds the service profile, starts the sandbox, runs this and reads the
//! sandbox's peak memory: `load <base url> <api key> [sessions] [concurrency]`.
//!
//! Each session uploads one picture per image type, well within the per-session upload
//! limit, and every call is authenticated, so no rate limit is met: a 429 is a failure here.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{ensure, Context};
use base64::Engine;
use kyc_contract::{CreateSessionResponse, ImageType, StartResponse};
use serde_json::{json, Value};
use tokio::sync::mpsc;

/// The kinds of call measured, in the order a session makes them.
const CALLS: [&str; 4] = ["create", "start+consent", "upload", "status"];

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: load <base url> <api key> [sessions] [concurrency]";
    let base = args.next().context(usage)?;
    let key = args.next().context(usage)?;
    let sessions: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(300);
    let concurrency: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(16);

    // The pictures a phone uploads: a document crop of a 1280x720 frame, a 720x960 selfie.
    let b64 = |t: ImageType, w: u32, h: u32, seed: u64| {
        base64::engine::general_purpose::STANDARD.encode(kyc_sandbox::sample_jpeg(t, w, h, seed))
    };
    let pictures = Arc::new([
        (
            ImageType::DocumentFront,
            b64(ImageType::DocumentFront, 1280, 720, 1),
        ),
        (
            ImageType::DocumentBack,
            b64(ImageType::DocumentBack, 1280, 720, 2),
        ),
        (ImageType::Selfie, b64(ImageType::Selfie, 720, 960, 3)),
    ]);
    let upload_bytes: usize = pictures.iter().map(|(_, p)| p.len()).sum::<usize>() / pictures.len();

    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .timeout(Duration::from_secs(60))
        .build()?;
    let api = format!("{base}/api/v1/verification");

    // First the partner's backend creates every session, then the customers go through them.
    let create = {
        let (client, api, key) = (client.clone(), api.clone(), key.clone());
        run(sessions, concurrency, move |_, times| {
            let (client, api, key) = (client.clone(), api.clone(), key.clone());
            async move {
                let t = Instant::now();
                let created: CreateSessionResponse = call(
                    client
                        .post(&api)
                        .bearer_auth(&key)
                        .json(&json!({ "state": "load" })),
                )
                .await?;
                times.send((0, t.elapsed()))?;
                Ok(created)
            }
        })
    };
    let (created, create_times, create_wall) = create.await?;
    let created = Arc::new(created);
    let (_, times, wall) = run(sessions, concurrency, move |i, times| {
        let (client, api, pictures, created) =
            (client.clone(), api.clone(), pictures.clone(), created.clone());
        async move { customer(&client, &api, &created[i], &pictures[..], &times).await }
    })
    .await?;

    println!(
        "{sessions} sessions, {concurrency} at a time; uploads of {} KiB (base64 JSON)",
        upload_bytes / 1024
    );
    println!(
        "{:<14} {:>7} {:>9} {:>9} {:>9} {:>9}",
        "call", "count", "per s", "p50 ms", "p99 ms", "max ms"
    );
    let rows = std::iter::once((CALLS[0], create_times[0].clone(), create_wall))
        .chain(CALLS.iter().zip(times).skip(1).map(|(name, t)| (*name, t, wall)));
    for (name, mut t, wall) in rows {
        t.sort();
        let ms = |q: f64| {
            let i = ((t.len() as f64 * q).ceil() as usize).saturating_sub(1);
            t.get(i).map_or(0.0, |d| d.as_secs_f64() * 1e3)
        };
        println!(
            "{name:<14} {:>7} {:>9.1} {:>9.1} {:>9.1} {:>9.1}",
            t.len(),
            t.len() as f64 / wall.as_secs_f64(),
            ms(0.5),
            ms(0.99),
            ms(1.0)
        );
    }
    println!(
        "(per s: calls of that kind over the wall time of its phase: {:.1} s creating, {:.1} s for the customers)",
        create_wall.as_secs_f64(),
        wall.as_secs_f64()
    );
    Ok(())
}

type Times = mpsc::UnboundedSender<(usize, Duration)>;

/// Runs `job(i)` for `i` in `0..count`, `concurrency` at a time; answers the jobs' results in
/// order, the durations they reported per kind of call, and the wall time.
async fn run<T, F, Fut>(
    count: usize,
    concurrency: usize,
    job: F,
) -> anyhow::Result<(Vec<T>, [Vec<Duration>; CALLS.len()], Duration)>
where
    T: Send + 'static,
    F: Fn(usize, Times) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = anyhow::Result<T>> + Send,
{
    let (tx, mut rx) = mpsc::unbounded_channel();
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (job, tx, next) = (job.clone(), tx.clone(), next.clone());
        workers.push(tokio::spawn(async move {
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= count {
                    return anyhow::Ok(done);
                }
                done.push((i, job(i, tx.clone()).await?));
            }
        }));
    }
    drop(tx);
    let mut times: [Vec<Duration>; CALLS.len()] = Default::default();
    while let Some((call, took)) = rx.recv().await {
        times[call].push(took);
    }
    let mut results = Vec::with_capacity(count);
    for w in workers {
        results.extend(w.await??);
    }
    let wall = started.elapsed();
    results.sort_by_key(|(i, _)| *i);
    Ok((results.into_iter().map(|(_, r)| r).collect(), times, wall))
}

/// One customer's session, already created: start, consent, three uploads, a status poll.
async fn customer(
    client: &reqwest::Client,
    api: &str,
    created: &CreateSessionResponse,
    pictures: &[(ImageType, String)],
    times: &Times,
) -> anyhow::Result<()> {
    let sid = &created.session_id;
    let t = Instant::now();
    let started: StartResponse = call(
        client
            .post(format!("{api}/{sid}/start"))
            .json(&json!({ "start_token": created.start_token, "device_info": { "type": "mobile" } })),
    )
    .await?;
    let token = started.access_token;
    let _: Value = call(
        client
            .post(format!("{api}/{sid}/consent"))
            .bearer_auth(&token)
            .json(&json!({ "granted": true })),
    )
    .await?;
    times.send((1, t.elapsed()))?;

    for (image_type, content) in pictures {
        let t = Instant::now();
        let answer: Value = call(
            client
                .post(format!("{api}/{sid}/images"))
                .bearer_auth(&token)
                .json(&json!({
                    "image": { "format": "jpg", "image_type": image_type, "content": content },
                    "device_info": { "type": "mobile" },
                })),
        )
        .await?;
        times.send((2, t.elapsed()))?;
        ensure!(
            answer["feedback"] == "ok",
            "{sid}: {image_type:?} answered {answer}"
        );
    }

    let t = Instant::now();
    let status: Value = call(client.get(format!("{api}/{sid}/status")).bearer_auth(&token)).await?;
    times.send((3, t.elapsed()))?;
    ensure!(status["missing_images"] == json!([]), "{sid}: {status}");
    Ok(())
}

/// Sends a request and reads its JSON answer; anything but a 2xx is an error.
async fn call<T: serde::de::DeserializeOwned>(request: reqwest::RequestBuilder) -> anyhow::Result<T> {
    let res = request.send().await?;
    let status = res.status();
    let text = res.text().await?;
    ensure!(status.is_success(), "{status}: {text}");
    Ok(serde_json::from_str(&text)?)
}
