//! Two computations side by side: the one way the build step runs work on a
//! second thread (the string plan here, the analyses and checks in
//! `conduit-codegen` and `conduit-build`, which decide whether to).

/// `a()` here and `b()` on a scoped thread beside it; where no thread can
/// start, `b()` runs here after `a`. A panic in `b` resumes here. `b` is
/// `Fn` so that it is still at hand when the spawn fails.
///
/// ```
/// let data = [1, 2, 3];
/// let (len, sum) = conduit_format::threads::both(|| data.len(), || data.iter().sum::<i32>());
/// assert_eq!((len, sum), (3, 6));
/// ```
pub fn both<A, B: Send>(a: impl FnOnce() -> A, b: impl Fn() -> B + Sync) -> (A, B) {
    std::thread::scope(|s| {
        let side = std::thread::Builder::new()
            .name("conduit-side".into())
            .spawn_scoped(s, &b);
        let a = a();
        let b = match side {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => b(),
        };
        (a, b)
    })
}
