//! A throwaway PostgreSQL cluster for tests: `initdb` in a temporary folder,
//! a server on a free loopback port (its socket in that folder too), run as
//! `nobody` when the tests run as root (PostgreSQL refuses root). Shared by
//! the tests that are running; stopped and removed when the last one lets go.
//!
//! Where the server binaries are missing, [`cluster`] says why and the test
//! skips, unless `CONDUIT_CI=1`: then it fails.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, Weak};

/// A running cluster; stopped on drop.
pub struct Cluster {
    dir: PathBuf,
    bin: PathBuf,
    port: u16,
    as_nobody: bool,
}

/// The folder of `initdb`, `pg_ctl` and `postgres`: `CONDUIT_PG_BIN` (none
/// if it has no `initdb`), else the newest `/usr/lib/postgresql/*/bin`, else
/// `PATH`.
fn bin_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("CONDUIT_PG_BIN") {
        let dir = PathBuf::from(dir);
        return dir.join("initdb").is_file().then_some(dir);
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|p| p.join("initdb").is_file())
        .collect();
    found.sort_by_key(|p| {
        let version = p.parent().and_then(|v| v.file_name());
        version.and_then(|v| v.to_str()?.parse::<u32>().ok())
    });
    if let Some(dir) = found.pop() {
        return Some(dir);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find(|p| p.join("initdb").is_file())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

impl Cluster {
    fn run(&self, tool: &str, args: &[&str]) -> Output {
        let exe = self.bin.join(tool);
        let mut cmd = if self.as_nobody {
            let mut c = Command::new("runuser");
            c.args(["-u", "nobody", "--"]).arg(exe);
            c
        } else {
            Command::new(exe)
        };
        cmd.args(args).env("LC_ALL", "C");
        cmd.output()
            .unwrap_or_else(|e| panic!("cannot run {tool}: {e}"))
    }

    fn start(bin: PathBuf) -> Cluster {
        let as_nobody = is_root();
        // A new folder per start: a cluster being stopped may still hold the last.
        static STARTS: AtomicU32 = AtomicU32::new(0);
        let n = STARTS.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("conduit-pg-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temporary folder");
        if as_nobody {
            let ok = Command::new("chown")
                .args(["nobody:", dir.to_str().unwrap()])
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "cannot give {} to nobody", dir.display());
        }
        // A free port: bind to 0, read it, let go.
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free loopback port");
        let cluster = Cluster {
            dir,
            bin,
            port,
            as_nobody,
        };
        let data = cluster.dir.join("data");
        let out = cluster.run(
            "initdb",
            &[
                "-D",
                data.to_str().unwrap(),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ],
        );
        assert!(
            out.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            cluster.dir.display()
        );
        let log = cluster.dir.join("server.log");
        let out = cluster.run(
            "pg_ctl",
            &[
                "-D",
                data.to_str().unwrap(),
                "-l",
                log.to_str().unwrap(),
                "-o",
                &options,
                "-w",
                "-t",
                "60",
                "start",
            ],
        );
        let log_text = std::fs::read_to_string(&log).unwrap_or_default();
        assert!(out.status.success(), "pg_ctl start failed: {log_text}");
        cluster
    }

    /// A URL for database `name` (created on first use, empty).
    pub fn fresh_database(&self, name: &str) -> String {
        let mut admin = postgres::Client::connect(&self.url("postgres"), postgres::NoTls)
            .expect("connect to the test cluster");
        // One statement per call: neither runs inside a transaction block.
        for sql in [
            format!("DROP DATABASE IF EXISTS \"{name}\""),
            format!("CREATE DATABASE \"{name}\""),
        ] {
            admin.batch_execute(&sql).expect("create the test database");
        }
        self.url(name)
    }

    /// `postgres://postgres@127.0.0.1:PORT/name`.
    pub fn url(&self, name: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        let _ = self.run(
            "pg_ctl",
            &[
                "-D",
                data.to_str().unwrap(),
                "-m",
                "immediate",
                "-w",
                "stop",
            ],
        );
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The shared cluster, started if none is running; `None` (with the reason
/// printed) when PostgreSQL is not installed, outside CI.
pub fn cluster() -> Option<Arc<Cluster>> {
    static SHARED: Mutex<Weak<Cluster>> = Mutex::new(Weak::new());
    let mut shared = SHARED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(running) = shared.upgrade() {
        return Some(running);
    }
    let Some(bin) = bin_dir() else {
        let why = "PostgreSQL server binaries not found (no /usr/lib/postgresql/*/bin/initdb, CONDUIT_PG_BIN or initdb on PATH)";
        assert!(
            std::env::var("CONDUIT_CI").as_deref() != Ok("1"),
            "CONDUIT_CI=1: {why}"
        );
        // Past the test harness's capture, once: a skip must be seen.
        static TOLD: std::sync::Once = std::sync::Once::new();
        TOLD.call_once(|| {
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "PostgreSQL tests skipped: {why}");
        });
        return None;
    };
    let started = Arc::new(Cluster::start(bin));
    *shared = Arc::downgrade(&started);
    Some(started)
}
