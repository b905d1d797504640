fn main() {
    conduit_build::Builder::new()
        .scan("src")
        .build()
        .unwrap_or_else(|e| e.exit());
}
