//! Reading the crate's files on worker threads, then putting their scans
//! together in the order one thread would have read them.
//!
//! Each file is parsed on its own ([`FileScan`]: what it holds, the files
//! its `mod` items name). Workers take files from a shared queue and add the
//! files they discover. The merge then walks the module tree depth first
//! from the roots, as a single-threaded scan does, so the result does not
//! depend on which thread read what: a file is placed where its first `mod`
//! item is met, and its structs go between the parent's structs before and
//! after that item. A file a worker read as another module than the one the
//! walk reaches it by (two `mod` items naming one file) is read again, on
//! the merging thread, as the walk's module.

use crate::error::Error;
use crate::scan::{FileScan, Scan, Visit};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Condvar, Mutex, PoisonError};

/// More threads than this parse no faster (the merge and the allocator
/// take over), and a build script shares the machine with rustc.
const MAX_THREADS: usize = 8;

/// What the workers read, by file.
type Found = HashMap<PathBuf, (Visit, Result<FileScan, Error>)>;

/// Scans the files `roots` name and every file their `mod` items reach,
/// reading them with `visit` (on worker threads where there is more than
/// one CPU), and merges the scans in depth-first module order.
pub(crate) fn gather(
    roots: Vec<Visit>,
    visit: impl Fn(&Visit) -> Result<FileScan, Error> + Sync,
) -> Result<Scan, Error> {
    let threads = conduit_codegen::analyze::parallelism().min(MAX_THREADS);
    gather_on(threads, roots, visit)
}

fn gather_on(
    threads: usize,
    roots: Vec<Visit>,
    visit: impl Fn(&Visit) -> Result<FileScan, Error> + Sync,
) -> Result<Scan, Error> {
    let found = if threads > 1 {
        read_all(&roots, &visit, threads)
    } else {
        Found::new()
    };
    let mut merge = Merge {
        out: Scan::default(),
        seen: HashSet::new(),
        found,
        visit: &visit,
    };
    for root in roots {
        merge.place(root)?;
    }
    Ok(merge.out)
}

/// The workers' shared state.
struct Queue {
    todo: std::collections::VecDeque<Visit>,
    /// Files being read now.
    busy: usize,
    /// Every file ever queued.
    queued: HashSet<PathBuf>,
    found: Found,
}

/// Reads every file reachable from `roots` on `threads` threads (this one
/// included).
fn read_all(
    roots: &[Visit],
    visit: &(impl Fn(&Visit) -> Result<FileScan, Error> + Sync),
    threads: usize,
) -> Found {
    let mut queue = Queue {
        todo: Default::default(),
        busy: 0,
        queued: HashSet::new(),
        found: Found::new(),
    };
    for r in roots {
        if queue.queued.insert(r.path.clone()) {
            queue.todo.push_back(r.clone());
        }
    }
    let state = Mutex::new(queue);
    let wake = Condvar::new();
    let work = || worker(&state, &wake, visit);
    std::thread::scope(|s| {
        for i in 1..threads {
            // A thread that cannot start leaves its share to the others.
            let _ = std::thread::Builder::new()
                .name(format!("conduit-scan-{i}"))
                .spawn_scoped(s, work);
        }
        work();
    });
    state
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner)
        .found
}

/// Counts a file as read, even when reading it panicked (so that the other
/// workers stop waiting, and the panic reaches the build script).
struct Done<'a> {
    state: &'a Mutex<Queue>,
    wake: &'a Condvar,
}

impl Drop for Done<'_> {
    fn drop(&mut self) {
        let mut q = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        q.busy -= 1;
        self.wake.notify_all();
    }
}

fn worker(
    state: &Mutex<Queue>,
    wake: &Condvar,
    visit: &(impl Fn(&Visit) -> Result<FileScan, Error> + Sync),
) {
    let lock = || state.lock().unwrap_or_else(PoisonError::into_inner);
    loop {
        let next = {
            let mut q = lock();
            loop {
                if let Some(v) = q.todo.pop_front() {
                    q.busy += 1;
                    break v;
                }
                if q.busy == 0 {
                    return;
                }
                q = wake.wait(q).unwrap_or_else(PoisonError::into_inner);
            }
        };
        let done = Done { state, wake };
        let read = visit(&next);
        let mut q = lock();
        if let Ok(f) = &read {
            for c in &f.children {
                if q.queued.insert(c.visit.path.clone()) {
                    q.todo.push_back(c.visit.clone());
                }
            }
        }
        q.found.insert(next.path.clone(), (next, read));
        drop(q);
        drop(done);
    }
}

/// The depth-first walk that puts the files' scans together.
struct Merge<'a, V> {
    out: Scan,
    /// Files placed (or being placed): each is placed once, where the walk
    /// first reaches it.
    seen: HashSet<PathBuf>,
    found: Found,
    visit: &'a V,
}

impl<V: Fn(&Visit) -> Result<FileScan, Error>> Merge<'_, V> {
    fn place(&mut self, v: Visit) -> Result<(), Error> {
        if !self.seen.insert(v.path.clone()) {
            return Ok(());
        }
        let read = match self.found.remove(&v.path) {
            Some((as_read, read)) if as_read == v => read,
            _ => (self.visit)(&v),
        };
        let FileScan { scan, children, .. } = read?;
        let base = self.out.files.len();
        let out = &mut self.out;
        out.files.extend(scan.files);
        out.unparsable.extend(scan.unparsable);
        for (path, mut f) in scan.fns {
            f.file += base;
            out.fns.insert(path, f);
        }
        for (module, aliases) in scan.uses {
            out.uses.entry(module).or_default().extend(aliases);
        }
        for (module, globs) in scan.globs {
            out.globs.entry(module).or_default().extend(globs);
        }
        out.aliases.extend(scan.aliases);
        let mut structs = scan.structs.into_iter().map(|mut s| {
            s.file += base;
            s
        });
        let mut misplaced = scan.misplaced.into_iter();
        let mut missing = scan.missing.into_iter();
        let mut at = (0, 0, 0);
        for c in children {
            let out = &mut self.out;
            out.structs.extend(structs.by_ref().take(c.structs - at.0));
            out.misplaced
                .extend(misplaced.by_ref().take(c.misplaced - at.1));
            out.missing.extend(missing.by_ref().take(c.missing - at.2));
            at = (c.structs, c.misplaced, c.missing);
            self.place(c.visit)?;
        }
        self.out.structs.extend(structs);
        self.out.misplaced.extend(misplaced);
        self.out.missing.extend(missing);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::{Child, FoundStruct, SourceFile};

    fn visit(path: &str, module: &str) -> Visit {
        Visit {
            path: PathBuf::from(path),
            module: module.to_owned(),
            mod_rs: false,
        }
    }

    /// A file holding `before` structs, then `mod` items for `children`
    /// (each followed by one struct), as the module it was read as.
    fn file(v: &Visit, before: usize, children: &[(&str, &str)]) -> FileScan {
        let rel = v.path.to_string_lossy().into_owned();
        let found = |n: usize| FoundStruct {
            file: 0,
            module: format!("{}#{n}", v.module),
            def: None,
            broken: false,
        };
        let mut scan = Scan {
            files: vec![SourceFile {
                rel,
                text: String::new(),
                module: v.module.clone(),
                mod_rs: v.mod_rs,
                record: 0,
            }],
            ..Scan::default()
        };
        scan.structs.extend((0..before).map(found));
        let mut kids = Vec::new();
        for (path, sub) in children {
            kids.push(Child {
                visit: visit(path, &format!("{}::{sub}", v.module)),
                structs: scan.structs.len(),
                misplaced: 0,
                missing: 0,
            });
            scan.structs.push(found(scan.structs.len()));
        }
        FileScan {
            scan,
            children: kids,
            probes: Vec::new(),
        }
    }

    /// `lib` declares `a` (which declares `c`) and `b`; `b` declares `a`
    /// again under another module, and `c` declares itself.
    fn tree(v: &Visit) -> Result<FileScan, Error> {
        Ok(match v.path.to_str() {
            Some("lib") => file(v, 1, &[("a", "a"), ("b", "b")]),
            Some("a") => file(v, 2, &[("c", "c")]),
            Some("b") => file(v, 0, &[("a", "again")]),
            Some("c") => file(v, 1, &[("c", "me")]),
            _ => {
                return Err(Error::Io {
                    path: v.path.clone(),
                    action: "read the source file",
                    source: std::io::ErrorKind::NotFound.into(),
                });
            }
        })
    }

    fn order(scan: &Scan) -> (Vec<String>, Vec<(usize, String)>) {
        let files = scan
            .files
            .iter()
            .map(|f| format!("{} {}", f.rel, f.module))
            .collect();
        let structs = scan
            .structs
            .iter()
            .map(|s| (s.file, s.module.clone()))
            .collect();
        (files, structs)
    }

    #[test]
    fn the_merge_reads_as_one_thread_does_depth_first() {
        let one = gather_on(1, vec![visit("lib", "crate")], tree).unwrap();
        let (files, structs) = order(&one);
        assert_eq!(
            files,
            ["lib crate", "a crate::a", "c crate::a::c", "b crate::b"]
        );
        let expected = [
            (0, "crate#0"),
            (1, "crate::a#0"),
            (1, "crate::a#1"),
            (2, "crate::a::c#0"),
            (2, "crate::a::c#1"),
            (1, "crate::a#2"),
            (0, "crate#1"),
            (3, "crate::b#0"),
            (0, "crate#2"),
        ];
        let expected: Vec<(usize, String)> = expected
            .iter()
            .map(|(f, m)| (*f, (*m).to_owned()))
            .collect();
        assert_eq!(structs, expected);
        for threads in [2, 3, 8] {
            for _ in 0..50 {
                let many = gather_on(threads, vec![visit("lib", "crate")], tree).unwrap();
                assert_eq!(
                    order(&many),
                    (files.clone(), expected.clone()),
                    "{threads} threads"
                );
            }
        }
    }

    #[test]
    fn a_file_read_as_another_module_is_read_again_as_the_walk_reaches_it() {
        // `b` first: the walk reaches `a` as `crate::b::again`.
        for threads in [1, 2, 4] {
            let scan = gather_on(
                threads,
                vec![visit("b", "crate::b"), visit("lib", "crate")],
                tree,
            )
            .unwrap();
            let (files, _) = order(&scan);
            assert_eq!(
                files,
                [
                    "b crate::b",
                    "a crate::b::again",
                    "c crate::b::again::c",
                    "lib crate"
                ]
            );
        }
    }

    #[test]
    fn a_file_that_cannot_be_read_fails_the_scan_where_the_walk_meets_it() {
        let missing = |v: &Visit| match v.path.to_str() {
            Some("lib") => Ok(file(v, 0, &[("a", "a"), ("gone", "gone")])),
            _ => tree(v),
        };
        for threads in [1, 2] {
            let Err(err) = gather_on(threads, vec![visit("lib", "crate")], missing) else {
                panic!("a file that cannot be read fails the scan");
            };
            assert!(
                matches!(&err, Error::Io { path, .. } if path == Path::new("gone")),
                "{err:?}"
            );
        }
    }

    #[test]
    fn a_panic_while_reading_reaches_the_caller_and_stops_every_worker() {
        let panics = |v: &Visit| match v.path.to_str() {
            Some("c") => panic!("reading c"),
            _ => tree(v),
        };
        let caught = std::panic::catch_unwind(|| gather_on(2, vec![visit("lib", "crate")], panics));
        assert!(caught.is_err());
    }

    use std::path::Path;
}
