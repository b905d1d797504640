//! `cargo run -p blog -- serve [ADDR]`: the blog's registry over HTTP, with
//! `conduit-axum` nested at `/_conduit` (explorer page at `/_conduit/`).

use blog::REGISTRY;

/// The address when none is given: loopback only.
const DEFAULT_ADDR: &str = "127.0.0.1:3000";

/// Serves until interrupted (Ctrl-C); an error if the address is taken or
/// not an address.
pub fn run(addr: Option<&str>) -> Result<(), String> {
    let addr = addr.unwrap_or(DEFAULT_ADDR);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    runtime.block_on(async {
        let app = axum::Router::new().nest(
            "/_conduit",
            conduit_axum::router(&REGISTRY, conduit_axum::Options::new()),
        );
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        let local = listener.local_addr().map_err(|e| e.to_string())?;
        println!("blog registry: http://{local}/_conduit/ (Ctrl-C stops)");
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| format!("server error: {e}"))
    })
}
