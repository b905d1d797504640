//! The explorer page in headless Chromium (Debian's `chromium`): after its
//! script has run, the DOM has every blog resource and route and the route
//! filter works; a screenshot is written to
//! `CARGO_TARGET_TMPDIR/explorer.png`. Without Chromium the test is skipped
//! with a reason, except under `CONDUIT_CI=1`, where it fails.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";

/// Chromium, or `None` (skip) outside CI; panics in CI.
fn chromium() -> Option<&'static str> {
    if Path::new(CHROMIUM).is_file() {
        return Some(CHROMIUM);
    }
    assert!(
        std::env::var("CONDUIT_CI").as_deref() != Ok("1"),
        "CONDUIT_CI=1 but {CHROMIUM} is missing (apt-get install -y chromium)"
    );
    eprintln!("skipped: {CHROMIUM} is missing (apt-get install -y chromium)");
    None
}

/// Runs headless Chromium on `url` with `extra` flags; its stdout. Killed
/// after 60 s.
fn run(exe: &str, extra: &[String], url: &str) -> String {
    let profile = tempdir();
    let mut child = Command::new(exe)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let start = Instant::now();
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut s);
        s
    });
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 60 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = std::fs::remove_dir_all(&profile);
    reader.join().unwrap()
}

fn tempdir() -> PathBuf {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("chromium-profile-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Serves the blog's explorer on a loopback port in a background runtime;
/// the page's URL. The runtime ends with the test process.
fn serve() -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let app = axum::Router::new().nest(
                "/_conduit",
                conduit_axum::router(&blog::REGISTRY, conduit_axum::Options::new()),
            );
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            let _ = axum::serve(listener, app).await;
        });
    });
    let addr = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    format!("http://{addr}/_conduit")
}

#[test]
fn the_explorer_renders_every_resource_and_route() {
    let Some(exe) = chromium() else { return };
    let url = serve();
    let dom = run(
        exe,
        &["--dump-dom".into(), "--virtual-time-budget=3000".into()],
        &url,
    );
    assert!(dom.contains("conduit explorer"), "no page: {dom:.400}");
    for r in blog::REGISTRY.resources() {
        assert!(
            dom.contains(&format!("id=\"resource-{}\"", r.name())),
            "resource {} missing",
            r.name()
        );
        for f in r.fields() {
            assert!(
                dom.contains(&format!(">{}</td>", f.name())),
                "{}.{} missing",
                r.name(),
                f.name()
            );
        }
    }
    for route in blog::REGISTRY.routes() {
        let row = format!(
            "data-route=\"{} {}\"",
            route.method().as_str(),
            route.path()
        );
        assert!(dom.contains(&row), "route {row} missing");
    }
    let n = blog::REGISTRY.routes().len();
    // The script ran: it counted the rows.
    assert!(
        dom.contains(&format!("{n} of {n} routes")),
        "the filter script did not run"
    );
    assert!(dom.contains("<svg") && dom.contains("class=\"node resource\""));

    // The filter, primed from the URL: only the publish route stays.
    let filtered = run(
        exe,
        &["--dump-dom".into(), "--virtual-time-budget=3000".into()],
        &format!("{url}#filter=publish"),
    );
    assert!(
        filtered.contains(&format!("1 of {n} routes")),
        "filter did not apply"
    );
    let visible = filtered
        .split("<tr data-search=")
        .skip(1)
        .filter(|row| !row.split('>').next().unwrap_or("").contains("hidden"))
        .count();
    assert_eq!(visible, 1);
}

#[test]
fn the_explorer_screenshot_is_written() {
    let Some(exe) = chromium() else { return };
    let url = serve();
    let png = Path::new(env!("CARGO_TARGET_TMPDIR")).join("explorer.png");
    let _ = std::fs::remove_file(&png);
    run(
        exe,
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=1280,3000".into(),
            "--virtual-time-budget=3000".into(),
        ],
        &url,
    );
    let bytes = std::fs::read(&png).expect("chromium wrote the screenshot");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    assert!(bytes.len() > 20_000, "a blank page? {} bytes", bytes.len());
    println!("screenshot: {}", png.display());
}
