fn main() {
    // The RealWorld spec serves everything below `/api`.
    conduit_build::Builder::new()
        .scan("src")
        .path_prefix("/api")
        .build()
        .unwrap_or_else(|e| e.exit());
}
