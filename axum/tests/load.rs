//! A bounded load test over loopback: 64 keep-alive connections (one client
//! each), 50,000 requests in a release build (10,000 in a debug build, to
//! stay well under 20 s; `CONDUIT_LOAD_REQUESTS` overrides), spread over
//! three endpoints. Prints throughput and p50/p99 latency; every answer must
//! be a 200 with a body. It stops by itself (a 120 s ceiling on top).

use std::time::{Duration, Instant};

const CONNECTIONS: usize = 64;

fn requests() -> usize {
    let default = if cfg!(debug_assertions) {
        10_000
    } else {
        50_000
    };
    std::env::var("CONDUIT_LOAD_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_connections_get_every_answer() {
    let app = axum::Router::new().nest(
        "/_conduit",
        conduit_axum::router(&blog::REGISTRY, conduit_axum::Options::new()),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });

    let paths = [
        "/_conduit/resources/Post",
        "/_conduit/match?method=GET&path=/posts/42",
        "/_conduit/routes?method=POST",
    ];
    let total = requests();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..CONNECTIONS {
        let n = total / CONNECTIONS + usize::from(c < total % CONNECTIONS);
        let urls: Vec<String> = paths.iter().map(|p| format!("http://{addr}{p}")).collect();
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::builder()
                .pool_max_idle_per_host(1)
                .build()
                .unwrap();
            let mut latencies = Vec::with_capacity(n);
            let mut errors = 0usize;
            for i in 0..n {
                let t = Instant::now();
                let ok = match client.get(&urls[(c + i) % urls.len()]).send().await {
                    Ok(r) if r.status() == 200 => r.bytes().await.is_ok_and(|b| !b.is_empty()),
                    _ => false,
                };
                latencies.push(t.elapsed());
                errors += usize::from(!ok);
            }
            (latencies, errors)
        }));
    }
    let all = tokio::time::timeout(Duration::from_secs(120), async {
        let mut latencies = Vec::with_capacity(total);
        let mut errors = 0;
        for t in tasks {
            let (l, e) = t.await.unwrap();
            latencies.extend(l);
            errors += e;
        }
        (latencies, errors)
    })
    .await;
    let (mut latencies, errors) = all.expect("the load test finishes within 120 s");
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    println!(
        "load: {} requests over {CONNECTIONS} connections in {:.2} s: {:.0} req/s, p50 {:?}, p99 {:?}, max {:?}, {} errors ({} build)",
        latencies.len(),
        elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        at(0.50),
        at(0.99),
        latencies[latencies.len() - 1],
        errors,
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
    );
    assert_eq!(latencies.len(), total);
    assert_eq!(errors, 0);
}
