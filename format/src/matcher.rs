//! The route matcher, built by the build step and run by the runtime: one
//! definition of how route patterns become a [`RouteMatcher`] and how a
//! request path is matched against it.
//!
//! The patterns form a trie over segments (static, `:param`, final
//! `*rest`). Matching a request on that trie needs backtracking: a static
//! child is tried first, then the parameter child, then a catch-all, and a
//! failure deep down returns to the next alternative. The build step
//! removes the backtracking ahead of time (a subset construction): a state
//! of the matcher is the *ordered list* of trie nodes a request prefix can
//! still be at, in the order the backtracking walk would try them, so the
//! first of them with a route for the method is the walk's answer. At run
//! time a request is read once, segment by segment; each segment is one
//! transition (a static segment is found by its length and two words, by a
//! per-state hash table when a state has many), and the end of the path is
//! one table read. Nothing is allocated, and a query string or fragment
//! ends the path where it starts.
//!
//! ```
//! use conduit_format::{Method, matcher};
//! let routes = [("/posts/:id", Method::Get), ("/posts/new", Method::Get), ("/files/*rest", Method::Get)];
//! let built = matcher::build(&routes).unwrap();
//! let bytes = rkyv::to_bytes::<rkyv::rancor::Error>(&built).unwrap();
//! let m = rkyv::access::<conduit_format::tables::ArchivedRouteMatcher, rkyv::rancor::Error>(&bytes).unwrap();
//! let get = Method::Get.index();
//! assert_eq!(matcher::find(m, get, "/posts/new"), Some((1, 10)));
//! assert_eq!(matcher::find(m, get, "/posts/42?draft"), Some((0, 9)));
//! assert_eq!(matcher::find(m, get, "/files/a/b.txt"), Some((2, 14)));
//! assert_eq!(matcher::find(m, get, "/posts"), None);
//! assert_eq!(matcher::find(m, Method::Post.index(), "/posts/42"), None);
//! ```

use crate::kinds::Method;
use crate::phash::{SEED, short_hash, short_words};
use crate::tables::{ArchivedMatchEdge, ArchivedMatchState, ArchivedRouteMatcher, METHODS};
use crate::tables::{MatchEdge, MatchState};
use crate::tables::{NONE, RouteMatcher};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A state with at most this many static transitions compares them in
/// order; one with more finds them through its hash table.
pub const LINEAR_EDGES: usize = 8;

/// Segments longer than this are compared in full after their words.
const WORDS_COVER: usize = 16;

/// The two words a segment is compared by (its first and last eight bytes,
/// overlapping for short segments; see [`MatchEdge`]).
#[inline(always)]
fn words(segment: &[u8]) -> (u64, u64) {
    short_words(segment)
}

/// The slot of `segment` (read as `w`) in a table with `mask`.
#[inline(always)]
fn slot_of(w: (u64, u64), len: usize, mask: u32) -> usize {
    (short_hash(w, len, SEED) as usize) & mask as usize
}

/// The route patterns were too irregular for the matcher: removing the
/// backtracking would take more than [`limit`](Self::limit) states.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TooManyStates {
    /// The number of routes (a prefix of those given to [`build`]) that
    /// still fit; the next one is the first that does not.
    pub fitting: usize,
    /// The most states a matcher of these routes may have.
    pub limit: usize,
}

/// One position of the backtracking walk: at a trie node, or inside a
/// catch-all (which takes whatever follows).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Item {
    Node(u32),
    CatchAll(u32),
}

/// A trie node, while building.
#[derive(Default)]
struct TrieNode {
    statics: BTreeMap<String, u32>,
    param: Option<u32>,
    catch_all: Option<u32>,
    routes: [u32; METHODS],
}

/// The trie of `routes`; node 0 is the root. The first route of a shape
/// and method wins the slot (the build step rejects the others).
fn trie(routes: &[(&str, Method)]) -> Vec<TrieNode> {
    let fresh = || TrieNode {
        routes: [NONE; METHODS],
        ..TrieNode::default()
    };
    let mut nodes = vec![fresh()];
    for (i, &(path, method)) in routes.iter().enumerate() {
        let mut at = 0;
        for seg in path.split('/').filter(|s| !s.is_empty()) {
            let next = nodes.len() as u32;
            let node = &mut nodes[at];
            let slot = if seg.starts_with(':') {
                &mut node.param
            } else if seg.starts_with('*') {
                &mut node.catch_all
            } else {
                match node.statics.get(seg) {
                    Some(&n) => {
                        at = n as usize;
                        continue;
                    }
                    None => {
                        node.statics.insert(seg.to_owned(), next);
                        at = next as usize;
                        nodes.push(fresh());
                        continue;
                    }
                }
            };
            at = *slot.get_or_insert(next) as usize;
            if at == next as usize {
                nodes.push(fresh());
            }
        }
        let slot = &mut nodes[at].routes[method.index()];
        if *slot == NONE {
            *slot = i as u32;
        }
    }
    nodes
}

/// What a segment is, for a transition.
#[derive(Clone, Copy)]
enum Label<'a> {
    Static(&'a str),
    Other,
    Empty,
}

/// The positions after reading one segment `label` from `items`, in the
/// backtracking walk's order, each kept at its first place.
fn step(trie: &[TrieNode], items: &[Item], label: Label) -> Vec<Item> {
    let mut out = Vec::new();
    let mut push = |i: Item| {
        if !out.contains(&i) {
            out.push(i);
        }
    };
    for &item in items {
        let n = match item {
            Item::CatchAll(_) => {
                push(item);
                continue;
            }
            Item::Node(n) => &trie[n as usize],
        };
        if let Label::Static(s) = label
            && let Some(&c) = n.statics.get(s)
        {
            push(Item::Node(c));
        }
        if let (Label::Static(_) | Label::Other, Some(p)) = (label, n.param) {
            push(Item::Node(p));
        }
        if let Some(c) = n.catch_all {
            push(Item::CatchAll(c));
        }
    }
    out
}

/// The route a request ending at `items` matches for each method: that of
/// the first position with one.
fn routes_at(trie: &[TrieNode], items: &[Item]) -> [u32; METHODS] {
    let mut routes = [NONE; METHODS];
    for &item in items {
        let (Item::Node(n) | Item::CatchAll(n)) = item;
        for (slot, &r) in routes.iter_mut().zip(&trie[n as usize].routes) {
            if *slot == NONE {
                *slot = r;
            }
        }
    }
    routes
}

/// The most states a matcher of a trie with `nodes` nodes may have.
fn state_limit(nodes: usize) -> usize {
    4 * nodes + 4096
}

/// Builds the matcher of `routes` (`(pattern, method)`; a match answers
/// the route's index). Patterns are written `/posts/:id/comments`, with a
/// final `*rest` for a catch-all. Deterministic: the same routes give the
/// same matcher.
///
/// Fails when the patterns overlap so irregularly (static segments beside
/// parameters at many depths, each leading elsewhere) that the matcher
/// would grow past its limit; [`TooManyStates::fitting`] says where.
///
/// ```
/// use conduit_format::{Method, matcher};
/// let m = matcher::build(&[("/posts", Method::Get), ("/posts/:id", Method::Get)]).unwrap();
/// assert_eq!(m.states.len(), 3);
/// ```
pub fn build(routes: &[(&str, Method)]) -> Result<RouteMatcher, TooManyStates> {
    let full = trie(routes);
    let limit = state_limit(full.len());
    if let Some(m) = build_within(&full, limit) {
        return Ok(m);
    }
    // The first route that does not fit: the longest prefix that does.
    let (mut fits, mut fails) = (0, routes.len());
    while fails - fits > 1 {
        let mid = fits + (fails - fits) / 2;
        match build_within(&trie(&routes[..mid]), limit) {
            Some(_) => fits = mid,
            None => fails = mid,
        }
    }
    Err(TooManyStates {
        fitting: fits,
        limit,
    })
}

/// The matcher of the routes of `trie`, or `None` past `limit` states.
fn build_within(trie: &[TrieNode], limit: usize) -> Option<RouteMatcher> {
    let mut ids: HashMap<Vec<Item>, u32> = HashMap::new();
    let mut queue: Vec<Vec<Item>> = Vec::new();
    let mut intern = |items: Vec<Item>, queue: &mut Vec<Vec<Item>>| -> Option<u32> {
        if items.is_empty() {
            return Some(NONE);
        }
        if let Some(&id) = ids.get(&items) {
            return Some(id);
        }
        if queue.len() >= limit {
            return None;
        }
        let id = queue.len() as u32;
        ids.insert(items.clone(), id);
        queue.push(items);
        Some(id)
    };
    intern(vec![Item::Node(0)], &mut queue)?;
    let mut states = Vec::new();
    let mut k = 0;
    while let Some(items) = queue.get(k).cloned() {
        k += 1;
        let labels: BTreeSet<&str> = items
            .iter()
            .filter_map(|i| match i {
                Item::Node(n) => Some(trie[*n as usize].statics.keys()),
                Item::CatchAll(_) => None,
            })
            .flatten()
            .map(String::as_str)
            .collect();
        let mut edges = BTreeMap::new();
        for s in labels {
            let next = intern(step(trie, &items, Label::Static(s)), &mut queue)?;
            edges.insert(s.to_owned(), next);
        }
        states.push(Draft {
            edges,
            other: intern(step(trie, &items, Label::Other), &mut queue)?,
            empty: intern(step(trie, &items, Label::Empty), &mut queue)?,
            routes: routes_at(trie, &items),
        });
    }
    fold(&mut states);
    Some(lay_out(&states))
}

/// A state before its layout: static transitions by text.
struct Draft {
    edges: BTreeMap<String, u32>,
    other: u32,
    empty: u32,
    routes: [u32; METHODS],
}

impl Draft {
    /// Whether the state only passes requests on along static segments:
    /// no route ends in it, no parameter or catch-all leaves it.
    fn only_passes_on(&self) -> bool {
        self.other == NONE && self.empty == NONE && self.routes.iter().all(|&r| r == NONE)
    }
}

/// Folds static-only states into their parents: an edge `api` to a state
/// that only passes requests on (`articles`, `users`) becomes the edges
/// `api/articles` and `api/users`, compared in place in one transition,
/// as long as the parent's edges stay few enough to be compared in order.
/// Answers do not change: a request that stops inside a folded edge, or
/// puts an empty segment or a trailing `/` there, matched nothing before
/// either (no catch-all is above a state that only passes on).
fn fold(states: &mut [Draft]) {
    for s in 0..states.len() {
        loop {
            let edges = &states[s].edges;
            if edges.len() > LINEAR_EDGES {
                break;
            }
            let foldable = edges.iter().find(|&(_, &t)| {
                let t = &states[t as usize];
                t.only_passes_on() && edges.len() - 1 + t.edges.len() <= LINEAR_EDGES
            });
            let Some((text, &t)) = foldable.map(|(k, v)| (k.clone(), v)) else {
                break;
            };
            let inner: Vec<(String, u32)> = states[t as usize]
                .edges
                .iter()
                .map(|(k, &v)| (format!("{text}/{k}"), v))
                .collect();
            let edges = &mut states[s].edges;
            edges.remove(&text);
            edges.extend(inner);
        }
    }
}

/// The matcher's tables: the states reachable from the start (folded
/// states drop out), numbered in breadth-first order, with their edges
/// and hash tables.
fn lay_out(states: &[Draft]) -> RouteMatcher {
    let mut order = vec![0u32];
    let mut number = vec![NONE; states.len()];
    number[0] = 0;
    let mut k = 0;
    while let Some(&s) = order.get(k) {
        k += 1;
        let st = &states[s as usize];
        for t in st.edges.values().copied().chain([st.other, st.empty]) {
            if t != NONE && number[t as usize] == NONE {
                number[t as usize] = order.len() as u32;
                order.push(t);
            }
        }
    }
    let renumber = |t: u32| if t == NONE { NONE } else { number[t as usize] };
    let mut m = RouteMatcher::default();
    for &s in &order {
        let st = &states[s as usize];
        let edges: Vec<MatchEdge> = st
            .edges
            .iter()
            .map(|(text, &next)| {
                let (first, last) = words(text.as_bytes());
                MatchEdge {
                    first,
                    last,
                    len: text.len() as u32,
                    next: renumber(next),
                    segment: text.clone(),
                }
            })
            .collect();
        let (slots_start, slots_mask) = (m.slots.len() as u32, hash_table(&edges, &mut m.slots));
        m.states.push(MatchState {
            edges_start: m.edges.len() as u32,
            edges_len: edges.len() as u32,
            slots_start,
            slots_mask,
            other: renumber(st.other),
            empty: renumber(st.empty),
            routes: st.routes,
        });
        m.edges.extend(edges);
    }
    m
}

/// Appends the hash table of `edges` to `slots` when they are more than
/// [`LINEAR_EDGES`] (at most half full, linear probing), returning its
/// mask; 0 (no table) otherwise.
fn hash_table(edges: &[MatchEdge], slots: &mut Vec<u32>) -> u32 {
    if edges.len() <= LINEAR_EDGES {
        return 0;
    }
    let size = (2 * edges.len()).next_power_of_two();
    let mask = size as u32 - 1;
    let start = slots.len();
    slots.resize(start + size, NONE);
    for (i, e) in edges.iter().enumerate() {
        let mut at = slot_of((e.first, e.last), e.len as usize, mask);
        while slots[start + at] != NONE {
            at = (at + 1) & mask as usize;
        }
        slots[start + at] = i as u32;
    }
    mask
}

/// Whether `c` ends a segment: `/`, or `?`/`#` (which end the path).
#[inline(always)]
fn ends_segment(c: u8) -> bool {
    c == b'/' || c == b'?' || c == b'#'
}

/// Each byte of `x` (eight bytes of a path, little endian) that ends a
/// segment has its high bit set in the result; the lowest such bit is
/// exact (bits above it may be false positives, which no caller reads).
#[inline(always)]
fn stops(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // `/` (0x2f) and `?` (0x3f) differ in one bit: both become 0x3f.
    let slash_or_query = (x | 0x1010_1010_1010_1010) ^ 0x3f3f_3f3f_3f3f_3f3f;
    let hash = x ^ 0x2323_2323_2323_2323;
    ((slash_or_query.wrapping_sub(ONES) & !slash_or_query) | (hash.wrapping_sub(ONES) & !hash))
        & HIGH
}

/// The position of the first byte at or after `i` that ends a segment, or
/// `b.len()`: eight bytes at a time.
#[inline(always)]
fn segment_end(b: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = b.get(i..i.wrapping_add(8)) {
        let mut w = [0; 8];
        w.copy_from_slice(chunk);
        let s = stops(u64::from_le_bytes(w));
        if s != 0 {
            return i + (s.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    if i >= b.len() {
        return b.len();
    }
    if let Some(tail) = b
        .len()
        .checked_sub(8)
        .and_then(|t| b.get(t..).map(|w| (t, w)))
    {
        // Fewer than eight bytes left: the last eight, shifted so that byte
        // `i` comes first (the zeros shifted in end no segment).
        let (t, chunk) = tail;
        let mut w = [0; 8];
        w.copy_from_slice(chunk);
        let s = stops(u64::from_le_bytes(w) >> (8 * (i - t)));
        return if s != 0 {
            i + (s.trailing_zeros() / 8) as usize
        } else {
            b.len()
        };
    }
    while i < b.len() && !ends_segment(b[i]) {
        i += 1;
    }
    i
}

/// The route matching `path` for the method at `method` in [`Method::ALL`]:
/// the route's index and where the path ends (before a query string or
/// fragment). `path` must start with `/`; a path that does not, or that no
/// route matches, gives `None`.
///
/// A static segment wins over a parameter, a parameter over a catch-all
/// (which takes the rest of the path, at least one character); a request
/// with more or fewer segments than a route does not match it, nor does an
/// empty segment (`//`) or a trailing `/` unless a catch-all takes it.
///
/// A corrupted matcher (a blob that passed validation but was built by
/// hand) gives wrong answers, never a panic: every index is checked.
#[inline]
pub fn find(m: &ArchivedRouteMatcher, method: usize, path: &str) -> Option<(u32, usize)> {
    let b = path.as_bytes();
    if b.first() != Some(&b'/') {
        return None;
    }
    let states = m.states.as_slice();
    let mut state = states.first()?;
    match b.get(1) {
        None | Some(b'?' | b'#') => return route(state, method, 1),
        Some(b'/') => return rest(m, state, method, b, 1),
        Some(_) => {}
    }
    let mut i = 1;
    loop {
        // `i` starts a segment that is not empty.
        let (next, end) = transition(m, state, b, i)?;
        let after = states.get(next as usize);
        if b.get(end) != Some(&b'/') {
            return route(after?, method, end);
        }
        match b.get(end + 1) {
            // A trailing `/`: the segment and the `/` are a catch-all's.
            None | Some(b'?' | b'#') => return rest(m, state, method, b, end),
            // An empty segment: only a catch-all takes it.
            Some(b'/') => return rest(m, after?, method, b, end + 1),
            Some(_) => {}
        }
        state = after?;
        i = end + 1;
    }
}

/// The route of `state` for `method`, with the end of the path.
#[inline(always)]
fn route(state: &ArchivedMatchState, method: usize, end: usize) -> Option<(u32, usize)> {
    let id = state.routes.get(method)?.to_native();
    (id != NONE).then_some((id, end))
}

/// The route of a catch-all of `state` taking the rest of the path from
/// `at` (an empty segment or a trailing `/` is there).
#[cold]
fn rest(
    m: &ArchivedRouteMatcher,
    state: &ArchivedMatchState,
    method: usize,
    b: &[u8],
    at: usize,
) -> Option<(u32, usize)> {
    let state = m.states.get(state.empty.to_native() as usize)?;
    let end = b
        .get(at..)?
        .iter()
        .position(|&c| c == b'?' || c == b'#')
        .map_or(b.len(), |p| at + p);
    route(state, method, end)
}

/// Whether edge `e` is `segment`, read as the words `w`.
#[inline(always)]
fn is_edge(e: &ArchivedMatchEdge, segment: &[u8], w: (u64, u64)) -> bool {
    e.len.to_native() as usize == segment.len()
        && (e.first.to_native(), e.last.to_native()) == w
        && (segment.len() <= WORDS_COVER || e.segment.as_bytes() == segment)
}

/// The state after the non-empty segment at `i`, unresolved, and the
/// segment's end; `None` when no route takes it.
#[inline(always)]
fn transition(
    m: &ArchivedRouteMatcher,
    state: &ArchivedMatchState,
    b: &[u8],
    i: usize,
) -> Option<(u32, usize)> {
    let len = state.edges_len.to_native() as usize;
    let other = state.other.to_native();
    if len != 0 {
        let start = state.edges_start.to_native() as usize;
        let edges = m.edges.get(start..start.checked_add(len)?)?;
        let mask = state.slots_mask.to_native();
        if mask == 0 {
            // Few edges: each compared in place, without finding the
            // segment's end first.
            for e in edges.iter() {
                let end = i.wrapping_add(e.len.to_native() as usize);
                // The byte after the segment must end it: most edges of
                // another length fail here, before any word is read.
                if b.get(end).is_none_or(|&c| ends_segment(c))
                    && let Some(segment) = b.get(i..end)
                    && is_edge(e, segment, words(segment))
                {
                    return Some((e.next.to_native(), end));
                }
            }
        } else {
            let end = segment_end(b, i);
            let segment = b.get(i..end)?;
            let w = words(segment);
            let table = state.slots_start.to_native() as usize;
            let mut at = slot_of(w, segment.len(), mask);
            // At most one lap: a table built by `build` is half empty.
            for _ in 0..=mask {
                let e = m.slots.get(table + at)?.to_native();
                if e == NONE {
                    break;
                }
                let e = edges.get(e as usize)?;
                if is_edge(e, segment, w) {
                    return Some((e.next.to_native(), end));
                }
                at = (at + 1) & mask as usize;
            }
            return (other != NONE).then_some((other, end));
        }
    }
    // A parameter or a catch-all takes the segment (a state without one
    // has no catch-all for a trailing `/` either: `empty` is then `NONE`).
    (other != NONE).then(|| (other, segment_end(b, i)))
}

/// Checks that every index of `m` is in range (`routes` is the number of
/// routes its answers index) and that every edge's words are those of its
/// segment: what the runtime requires of a loaded blob. The message names
/// the first fault.
///
/// ```
/// use conduit_format::{Method, matcher};
/// let bytes = rkyv::to_bytes::<rkyv::rancor::Error>(&matcher::build(&[("/a", Method::Get)]).unwrap()).unwrap();
/// let m = rkyv::access::<conduit_format::tables::ArchivedRouteMatcher, rkyv::rancor::Error>(&bytes).unwrap();
/// assert_eq!(matcher::check(m, 1), Ok(()));
/// assert!(matcher::check(m, 0).unwrap_err().contains("route"));
/// ```
pub fn check(m: &ArchivedRouteMatcher, routes: usize) -> Result<(), String> {
    let (states, edges, slots) = (m.states.len(), m.edges.len(), m.slots.len());
    let state = |s: u32| s == NONE || (s as usize) < states;
    for (i, st) in m.states.iter().enumerate() {
        let fault = |what: &str| Err(format!("route matcher: state {i} {what}"));
        let (start, len) = (
            st.edges_start.to_native() as usize,
            st.edges_len.to_native() as usize,
        );
        if start.checked_add(len).is_none_or(|end| end > edges) {
            return fault("has edges out of range");
        }
        let mask = st.slots_mask.to_native();
        if mask != 0 {
            let size = mask as usize + 1;
            let table = st.slots_start.to_native() as usize;
            if !size.is_power_of_two() || table.checked_add(size).is_none_or(|end| end > slots) {
                return fault("has a hash table out of range");
            }
            if m.slots[table..table + size]
                .iter()
                .any(|e| e.to_native() != NONE && e.to_native() as usize >= len)
            {
                return fault("has a hash slot naming no edge");
            }
        }
        if !state(st.other.to_native()) || !state(st.empty.to_native()) {
            return fault("leads to a state out of range");
        }
        if st
            .routes
            .iter()
            .any(|r| r.to_native() != NONE && r.to_native() as usize >= routes)
        {
            return fault("names a route out of range");
        }
    }
    for (i, e) in m.edges.iter().enumerate() {
        let s = e.segment.as_bytes();
        if !state(e.next.to_native())
            || e.len.to_native() as usize != s.len()
            || (e.first.to_native(), e.last.to_native()) != words(s)
        {
            return Err(format!("route matcher: edge {i} does not hold"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
