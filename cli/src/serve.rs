//! `conduit serve BIN --addr ADDR [--token T]`: the registry of any compiled
//! binary or blob over HTTP, with `conduit-axum`'s router at the root
//! (explorer page at `/`, JSON endpoints beside it).

use conduit::Registry;
use std::io::Write;

/// Serves `registry` on `addr` until interrupted (Ctrl-C, SIGTERM); the
/// token is `token`, or else `CONDUIT_TOKEN` if set.
pub fn run(
    registry: &'static Registry<'static>,
    addr: &str,
    token: Option<String>,
) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    let mut options = conduit_axum::Options::new();
    if let Some(t) = token.or_else(|| std::env::var("CONDUIT_TOKEN").ok()) {
        options = options.token(t);
    }
    let guarded = options.requires_token();
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| format!("cannot listen on `{addr}`: {e}"))?;
        let local = listener.local_addr().map_err(|e| e.to_string())?;
        // One line on stdout, so that scripts (and tests) learn the port.
        let mut out = std::io::stdout().lock();
        let _ = writeln!(
            out,
            "conduit: serving {} resources on http://{local}/{}",
            registry.len(),
            if guarded {
                " (bearer token required)"
            } else {
                ""
            }
        );
        let _ = out.flush();
        drop(out);
        axum::serve(listener, conduit_axum::router(registry, options))
            .with_graceful_shutdown(shutdown())
            .await
            .map_err(|e| format!("server error: {e}"))
    })
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
