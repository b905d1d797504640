//! `conduit mcp` driven by the official MCP Python SDK (`tests/mcp_client.py`)
//! and `conduit serve` over loopback, both on the compiled blog example
//! (built like `tests/cli.rs` does, into `CARGO_TARGET_TMPDIR/cli-blog`).
//!
//! Without python3 or its `mcp` package the MCP test is skipped with a
//! reason, except under `CONDUIT_CI=1`, where it fails.

#[path = "common/examples.rs"]
#[allow(dead_code)] // each test file uses its own part
mod examples;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The debug build of the blog.
fn blog() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| examples::example("blog"))
}

fn in_ci() -> bool {
    std::env::var("CONDUIT_CI").as_deref() == Ok("1")
}

/// python3 with the `mcp` package, or why not.
fn python_with_mcp() -> Result<&'static str, String> {
    let probe = Command::new("python3")
        .args(["-c", "import mcp"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output();
    match probe {
        Err(e) => Err(format!("python3 is missing ({e})")),
        Ok(out) if !out.status.success() => Err(format!(
            "python3 has no `mcp` package (pip install mcp): {}",
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()
                .unwrap_or("")
        )),
        Ok(_) => Ok("python3"),
    }
}

#[test]
fn the_python_sdk_gets_correct_answers_from_conduit_mcp() {
    let python = match python_with_mcp() {
        Ok(p) => p,
        Err(why) if in_ci() => panic!("CONDUIT_CI=1: {why}"),
        Err(why) => {
            eprintln!("skipped: {why}");
            return;
        }
    };
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mcp_client.py");
    let out = Command::new(python)
        .arg(&script)
        .arg(env!("CARGO_BIN_EXE_conduit"))
        .arg(blog())
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the MCP client failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
    println!("{}", stdout.trim());
}

/// `GET path` over a fresh connection; status line and body.
fn http_get(addr: &str, path: &str, token: Option<&str>) -> (String, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\n{auth}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    s.read_to_string(&mut text).unwrap();
    let status = text.lines().next().unwrap_or("").to_owned();
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

/// Kills the server when the test ends, passed or not.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn conduit_serve_answers_over_loopback_with_a_token() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_conduit"))
        .arg("serve")
        .arg(blog())
        .args(["--addr", "127.0.0.1:0", "--token", "t0k"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("conduit serve starts");
    let stdout = child.stdout.take().unwrap();
    let server = Server(child);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("conduit serve prints its address");
    assert!(
        line.contains("4 resources") && line.contains("bearer token required"),
        "{line}"
    );
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap()
        .to_owned();

    let started = Instant::now();
    let (status, body) = http_get(&addr, "/resources", None);
    assert!(status.contains(" 401 "), "{status}");
    assert!(body.contains("\"error\""), "{body}");
    let (status, body) = http_get(&addr, "/resources/Post", Some("t0k"));
    assert!(status.contains(" 200 "), "{status}");
    assert!(body.contains("\"name\":\"Post\""), "{body:.200}");
    let (status, body) = http_get(&addr, "/match?method=GET&path=/posts/42", Some("t0k"));
    assert!(
        status.contains(" 200 ") && body.contains("\"handler\":\"Post.show\""),
        "{status} {body:.300}"
    );
    let (status, body) = http_get(&addr, "/", Some("t0k"));
    assert!(
        status.contains(" 200 ") && body.contains("conduit explorer"),
        "{status}"
    );
    assert!(started.elapsed() < Duration::from_secs(30));
    drop(server);
}

#[test]
fn the_blog_serves_its_own_explorer() {
    let mut child = Command::new(blog())
        .args(["serve", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("the blog starts");
    let stdout = child.stdout.take().unwrap();
    let server = Server(child);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the blog prints its address");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap()
        .to_owned();
    let (status, body) = http_get(&addr, "/_conduit", None);
    assert!(
        status.contains(" 200 ") && body.contains("id=\"resource-Tag\""),
        "{status}"
    );
    let (status, _) = http_get(&addr, "/_conduit/resources/Tag", None);
    assert!(status.contains(" 200 "), "{status}");
    drop(server);
}

#[test]
fn conduit_serve_refuses_an_address_it_cannot_use() {
    let out = Command::new(env!("CARGO_BIN_EXE_conduit"))
        .arg("serve")
        .arg(blog())
        .args(["--addr", "not-an-address"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot listen on `not-an-address`"), "{err}");
}
