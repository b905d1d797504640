//! The matcher against the backtracking walk over the trie it is built
//! from, on fixed cases and on random route sets.

use super::*;

/// The backtracking walk the matcher replaces: the static child first,
/// then the parameter child, then a catch-all (the rest of the path, at
/// least one character).
fn walk(trie: &[TrieNode], n: usize, rest: &str, method: usize) -> Option<u32> {
    let node = &trie[n];
    if rest.is_empty() {
        let id = node.routes[method];
        return (id != NONE).then_some(id);
    }
    let (segment, tail) = rest.split_once('/').unwrap_or((rest, ""));
    let only_a_catch_all = segment.is_empty() || (tail.is_empty() && rest.ends_with('/'));
    if !only_a_catch_all {
        if let Some(&c) = node.statics.get(segment)
            && let Some(found) = walk(trie, c as usize, tail, method)
        {
            return Some(found);
        }
        if let Some(p) = node.param
            && let Some(found) = walk(trie, p as usize, tail, method)
        {
            return Some(found);
        }
    }
    let id = trie[node.catch_all? as usize].routes[method];
    (id != NONE).then_some(id)
}

fn reference(routes: &[(&str, Method)], method: usize, path: &str) -> Option<(u32, usize)> {
    let end = path.find(['?', '#']).unwrap_or(path.len());
    let rest = path[..end].strip_prefix('/')?;
    walk(&trie(routes), 0, rest, method).map(|r| (r, end))
}

fn archived(m: &RouteMatcher) -> rkyv::util::AlignedVec {
    rkyv::to_bytes::<rkyv::rancor::Error>(m).unwrap()
}

fn access(bytes: &[u8]) -> &ArchivedRouteMatcher {
    rkyv::access::<ArchivedRouteMatcher, rkyv::rancor::Error>(bytes).unwrap()
}

/// Checks every path and method against the reference; the number of hits.
fn check(routes: &[(&str, Method)], paths: &[&str]) -> usize {
    let bytes = archived(&build(routes).unwrap());
    let m = access(&bytes);
    assert_eq!(crate::matcher::check(m, routes.len()), Ok(()), "{routes:?}");
    let mut hits = 0;
    for p in paths {
        for method in 0..METHODS {
            let found = find(m, method, p);
            assert_eq!(
                found,
                reference(routes, method, p),
                "{p:?} method {method} in {routes:?}"
            );
            hits += usize::from(found.is_some());
        }
    }
    hits
}

/// The segments of the start state's static transitions.
fn start_texts(m: &RouteMatcher) -> Vec<String> {
    let bytes = archived(m);
    let m = access(&bytes);
    let w = m.words.as_slice();
    let n = w[layout::EDGES].to_native() as usize;
    w[layout::HEAD..layout::HEAD + n * layout::EDGE]
        .chunks_exact(layout::EDGE)
        .map(|e| String::from_utf8(edge_text(m, e).unwrap()).unwrap())
        .collect()
}

const G: Method = Method::Get;
const P: Method = Method::Post;

#[test]
fn statics_beat_parameters_beat_catch_alls_with_backtracking() {
    let routes = [
        ("/a/:x", G),
        ("/a/new/:p/z", G),
        ("/a/:id/b/:w", G),
        ("/a/new", P),
        ("/files/*rest", G),
        ("/files/readme", G),
        ("/:any/b", G),
        ("/", G),
    ];
    let bytes = archived(&build(&routes).unwrap());
    let m = access(&bytes);
    let get = G.index();
    assert_eq!(find(m, get, "/a/new"), Some((0, 6)));
    assert_eq!(find(m, P.index(), "/a/new"), Some((3, 6)));
    assert_eq!(find(m, get, "/a/new/b/q"), Some((2, 10)));
    assert_eq!(find(m, get, "/a/new/b/z"), Some((1, 10)));
    assert_eq!(find(m, get, "/files/readme"), Some((5, 13)));
    assert_eq!(find(m, get, "/files/readme/x"), Some((4, 15)));
    assert_eq!(find(m, get, "/files/"), None);
    assert_eq!(find(m, get, "/files//"), Some((4, 8)));
    assert_eq!(find(m, get, "/a/b"), Some((0, 4)));
    assert_eq!(find(m, get, "/q/b#frag"), Some((6, 4)));
    assert_eq!(find(m, get, "/"), Some((7, 1)));
    assert_eq!(find(m, get, "/?q=1"), Some((7, 1)));
    for miss in ["", "a", "/a", "/a/", "/a//", "//", "/zz", "/a/new/b"] {
        assert_eq!(find(m, get, miss), None, "{miss:?}");
    }
    check(
        &routes,
        &[
            "/a/new/b/q?x",
            "/files/readme/",
            "/a/b/",
            "/x//b",
            "/files/a?b#c",
        ],
    );
}

#[test]
fn long_segments_are_compared_in_full() {
    // Same length, same first and last eight bytes.
    let routes = [("/abcdefgh-1-stuvwxyz", G), ("/abcdefgh-2-stuvwxyz", G)];
    let paths = [
        "/abcdefgh-1-stuvwxyz",
        "/abcdefgh-2-stuvwxyz",
        "/abcdefgh-3-stuvwxyz",
    ];
    assert_eq!(check(&routes, &paths), 2);
    let bytes = archived(&build(&routes).unwrap());
    assert_eq!(find(access(&bytes), G.index(), paths[1]), Some((1, 20)));
    // The same through a hash table, among more segments of that shape.
    let names: Vec<String> = (0..12)
        .map(|i| format!("/abcdefgh-{i:x}-stuvwxyz"))
        .collect();
    let routes: Vec<(&str, Method)> = names.iter().map(|n| (n.as_str(), G)).collect();
    let more: Vec<String> = (0..16)
        .map(|i| format!("/abcdefgh-{i:x}-stuvwxyz"))
        .collect();
    let more: Vec<&str> = more.iter().map(String::as_str).collect();
    assert_eq!(check(&routes, &more), 12);
}

#[test]
fn many_statics_use_a_hash_table() {
    let names: Vec<String> = (0..40).map(|i| format!("/resource{i}s/:id")).collect();
    let routes: Vec<(&str, Method)> = names.iter().map(|n| (n.as_str(), G)).collect();
    let built = build(&routes).unwrap();
    // At most three quarters full.
    assert!((built.words[layout::MASK] as usize + 1) * 3 >= 4 * 40);
    const { assert!(LINEAR_EDGES < 40) };
    let paths: Vec<String> = (0..45).map(|i| format!("/resource{i}s/7")).collect();
    let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    assert_eq!(check(&routes, &paths), 40);
}

#[test]
fn building_is_deterministic() {
    let routes = [("/a/:x", G), ("/a/b/*r", P), ("/c", G)];
    assert_eq!(build(&routes), build(&routes));
    let bytes = |m| archived(&m).to_vec();
    assert_eq!(
        bytes(build(&routes).unwrap()),
        bytes(build(&routes).unwrap())
    );
}

#[test]
fn too_irregular_patterns_are_refused_at_the_first_that_does_not_fit() {
    // Route k: parameters everywhere but a static `s` at depth k. Every
    // subset of the depths is a state: 2^14 states for 14 routes.
    let depth = 14;
    let patterns: Vec<String> = (0..depth)
        .map(|k| {
            (0..depth)
                .map(|d| {
                    if d == k {
                        "/s".to_owned()
                    } else {
                        format!("/:p{d}")
                    }
                })
                .collect()
        })
        .collect();
    let routes: Vec<(&str, Method)> = patterns.iter().map(|p| (p.as_str(), G)).collect();
    let err = build(&routes).unwrap_err();
    assert!(err.fitting < depth && err.fitting > 5, "{err:?}");
    assert!(build(&routes[..err.fitting]).is_ok());
}

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

const STATICS: [&str; 12] = [
    "a",
    "b",
    "ab",
    "new",
    "posts",
    "p0",
    "p1",
    "p2",
    "p3",
    "p4",
    "abcdefgh-1-stuvwxyz",
    "abcdefgh-2-stuvwxyz",
];

#[test]
fn random_route_sets_match_like_the_backtracking_walk() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut hits = 0;
    for _ in 0..300 {
        let mut patterns = Vec::new();
        for _ in 0..1 + rng.below(12) {
            let depth = rng.below(4);
            let mut p = String::new();
            for d in 0..depth {
                match rng.below(10) {
                    0..=5 => p += &format!("/{}", STATICS[rng.below(STATICS.len())]),
                    6..=8 => p += &format!("/:v{d}"),
                    _ => {
                        p += "/*rest";
                        break;
                    }
                }
            }
            if p.is_empty() {
                p.push('/');
            }
            patterns.push((p, Method::ALL[rng.below(3)]));
        }
        let routes: Vec<(&str, Method)> = patterns.iter().map(|(p, m)| (p.as_str(), *m)).collect();
        let mut paths = Vec::new();
        for _ in 0..60 {
            let mut p = String::new();
            for _ in 0..rng.below(5) {
                p.push('/');
                match rng.below(8) {
                    0..=4 => p += STATICS[rng.below(STATICS.len())],
                    5 => p += "zz",
                    6 => {}
                    _ => p += "q?x=/a",
                }
            }
            if rng.below(4) == 0 {
                p.push('/');
            }
            if p.is_empty() {
                p.push('/');
            }
            paths.push(p);
        }
        let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
        hits += check(&routes, &paths);
    }
    // The paths are drawn from the routes' own segments: many match.
    assert!(hits > 1000, "{hits}");
}

#[test]
fn segment_ends_are_found_at_every_offset_and_length() {
    let text = b"abcdefghijklmnopqrstuvwxyz0123456789";
    for len in 0..text.len() {
        for stop in [None, Some(b'/'), Some(b'?'), Some(b'#')] {
            for at in 0..=len {
                let mut b = text[..len].to_vec();
                if let Some(c) = stop
                    && at < len
                {
                    b[at] = c;
                }
                for from in 0..=len {
                    let expected = (from..b.len())
                        .find(|&i| ends_segment(b[i]))
                        .unwrap_or(b.len());
                    assert_eq!(
                        segment_end(&b, from),
                        expected,
                        "{:?} from {from}",
                        String::from_utf8_lossy(&b)
                    );
                }
            }
        }
    }
    // Bytes with the high bit set (UTF-8) are not stops.
    assert_eq!(segment_end("é/ü?".as_bytes(), 0), 2);
}

#[test]
fn static_only_states_fold_into_their_parent() {
    let routes = [
        ("/api/articles", G),
        ("/api/users/login", P),
        ("/api/users", P),
        ("/*rest", P),
    ];
    assert_eq!(
        start_texts(&build(&routes[..3]).unwrap()),
        ["api/articles", "api/users"]
    );
    check(
        &routes[..3],
        &[
            "/api",
            "/api/",
            "/api//articles",
            "/api/articles/",
            "/api/users/login",
            "/api/users?x",
            "/api/articlesx",
        ],
    );
    // A catch-all above keeps every state: trailing slashes are its.
    assert_eq!(start_texts(&build(&routes).unwrap()), ["api"]);
    check(
        &routes,
        &["/api/articles/", "/api/users//", "/api", "/api/x"],
    );
}
