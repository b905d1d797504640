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
use crate::tables::{ArchivedRouteMatcher, METHODS, NONE, RouteMatcher};
use rkyv::rend::u32_le;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A state with at most this many static transitions compares them in
/// order; one with more finds them through its hash table.
pub const LINEAR_EDGES: usize = 8;

/// Segments longer than this are compared in full after their words.
const WORDS_COVER: usize = 16;

pub mod layout {
    //! Where things are in [`RouteMatcher::words`]: the one definition the
    //! build, the lookup and the validation share.
    //!
    //! A state is identified by the index of its first word. Its [`HEAD`]
    //! words are its number of static transitions ([`EDGES`]); its hash
    //! table's size minus one, or 0 when its transitions are few and compared
    //! in order ([`MASK`]); the state after a non-empty segment that is none of
    //! the static ones, taken by a `:param` or a catch-all ([`OTHER`]); the
    //! state after an empty segment or a trailing `/`, which only a catch-all
    //! takes ([`EMPTY`]); and from [`ROUTES`], the route a request ending in
    //! the state matches for each method in [`Method::ALL`] order. A missing
    //! state or route is [`NONE`].
    //!
    //! Its static transitions follow, [`EDGE`] words each: the segment's first
    //! and last words ([`FIRST`], [`LAST`]: eight bytes each, low half first,
    //! overlapping for short segments, as the lookup reads them), its length in
    //! bytes ([`LEN`]), the state it leads to ([`NEXT`]) and, for a segment
    //! longer than 16 bytes, where its text starts in [`RouteMatcher::long`]
    //! ([`LONG`], 0 otherwise). A segment may join several with `/` where the
    //! build folded states that only pass requests on (`api/articles`). When
    //! [`MASK`] is 0 the transitions are sorted by segment and compared in
    //! order; otherwise they are a hash table of `MASK + 1` slots ([`EDGES`]
    //! counts the slots), each transition at the slot of its hash or after it
    //! (linear probing), an empty slot all zeros (no segment is empty).
    //!
    //! ```
    //! use conduit_format::{Method, matcher::{self, layout}};
    //! let m = matcher::build(&[("/a", Method::Get)]).unwrap();
    //! assert_eq!(m.words[layout::EDGES], 1);
    //! let a = layout::HEAD; // the start state's one transition
    //! assert_eq!(m.words[a + layout::LEN], 1);
    //! let next = m.words[a + layout::NEXT] as usize;
    //! assert_eq!(m.words[next + layout::ROUTES + Method::Get.index()], 0);
    //! ```
    //!
    //! [`NONE`]: crate::tables::NONE
    //! [`Method::ALL`]: crate::Method::ALL
    //! [`RouteMatcher::words`]: crate::tables::RouteMatcher::words
    //! [`RouteMatcher::long`]: crate::tables::RouteMatcher::long

    use crate::tables::METHODS;

    /// A state's number of static transitions (of hash slots, when hashed).
    pub const EDGES: usize = 0;
    /// A state's hash table size minus one, or 0.
    pub const MASK: usize = 1;
    /// A state's successor on a segment no static transition takes.
    pub const OTHER: usize = 2;
    /// A state's successor on an empty segment or a trailing `/`.
    pub const EMPTY: usize = 3;
    /// A state's first route (one per method).
    pub const ROUTES: usize = 4;
    /// The words of a state before its transitions.
    pub const HEAD: usize = ROUTES + METHODS;

    /// A transition's first word (two `u32`s).
    pub const FIRST: usize = 0;
    /// A transition's last word (two `u32`s).
    pub const LAST: usize = 2;
    /// A transition's segment length.
    pub const LEN: usize = 4;
    /// The state a transition leads to.
    pub const NEXT: usize = 5;
    /// Where a long segment's text starts in `RouteMatcher::long`.
    pub const LONG: usize = 6;
    /// The words of a transition.
    pub const EDGE: usize = 7;
}

/// The two words a segment is compared by (its first and last eight bytes,
/// overlapping for short segments; see [`layout`]).
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
/// assert_eq!(m.state_count(), 3);
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
/// states drop out), in breadth-first order, each followed by its edges
/// and hash table (see [`layout`]).
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
    // Where each state starts: the sizes of those before it.
    let mut start = Vec::with_capacity(order.len());
    let mut at = 0;
    for &s in &order {
        start.push(at as u32);
        at += layout::HEAD + slots(states[s as usize].edges.len()) * layout::EDGE;
    }
    let to = |t: u32| {
        if t == NONE {
            NONE
        } else {
            start[number[t as usize] as usize]
        }
    };
    let mut m = RouteMatcher {
        words: Vec::with_capacity(at),
        long: String::new(),
    };
    for &s in &order {
        let st = &states[s as usize];
        let n = slots(st.edges.len());
        let mask = if n > LINEAR_EDGES { n as u32 - 1 } else { 0 };
        m.words.extend([n as u32, mask, to(st.other), to(st.empty)]);
        m.words.extend(st.routes);
        let first = m.words.len();
        m.words.resize(first + n * layout::EDGE, 0);
        for (k, (text, &next)) in st.edges.iter().enumerate() {
            let (fw, lw) = words(text.as_bytes());
            let mut at = if mask == 0 {
                k
            } else {
                slot_of((fw, lw), text.len(), mask)
            };
            while m.words[first + at * layout::EDGE + layout::LEN] != 0 {
                at = (at + 1) & mask as usize;
            }
            let long = if text.len() > WORDS_COVER {
                m.long.push_str(text);
                (m.long.len() - text.len()) as u32
            } else {
                0
            };
            let e = first + at * layout::EDGE;
            m.words[e..e + layout::EDGE].copy_from_slice(&[
                fw as u32,
                (fw >> 32) as u32,
                lw as u32,
                (lw >> 32) as u32,
                text.len() as u32,
                to(next),
                long,
            ]);
        }
    }
    m
}

/// The number of transition slots of a state with `edges` static
/// transitions: as many when they are compared in order, a power of two at
/// least a third larger for a hash table (at most three quarters full:
/// its slots are whole edges, so a sparser table costs 28 bytes a slot).
fn slots(edges: usize) -> usize {
    if edges <= LINEAR_EDGES {
        edges
    } else {
        (edges + edges / 3 + 1).next_power_of_two()
    }
}

impl RouteMatcher {
    /// How many states the matcher has.
    ///
    /// ```
    /// use conduit_format::{Method, matcher};
    /// let m = matcher::build(&[("/posts", Method::Get), ("/posts/:id", Method::Get)]).unwrap();
    /// assert_eq!(m.state_count(), 3);
    /// ```
    pub fn state_count(&self) -> usize {
        let (mut s, mut count) = (0, 0);
        while s + layout::HEAD <= self.words.len() {
            s += layout::HEAD + self.words[s + layout::EDGES] as usize * layout::EDGE;
            count += 1;
        }
        count
    }
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

/// The eight bytes of `c` (eight long), little endian.
#[inline(always)]
fn load8(c: &[u8]) -> u64 {
    let mut w = [0; 8];
    w.copy_from_slice(c);
    u64::from_le_bytes(w)
}

/// The position of the first byte at or after `i` that ends a segment, or
/// `b.len()`: eight bytes at a time.
#[inline(always)]
fn segment_end(b: &[u8], i: usize) -> usize {
    let Some(rest) = b.get(i..) else {
        return b.len();
    };
    let mut chunks = rest.chunks_exact(8);
    let mut at = i;
    for chunk in chunks.by_ref() {
        let s = stops(load8(chunk));
        if s != 0 {
            return at + (s.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    let tail = chunks.remainder();
    if tail.len() < 4 {
        // A few bytes: one at a time is cheaper than a shifted word.
        return at
            + tail
                .iter()
                .position(|&c| ends_segment(c))
                .unwrap_or(tail.len());
    }
    if let Some(t) = b.len().checked_sub(8)
        && let Some(last) = b.get(t..)
    {
        // Fewer than eight bytes left: the last eight, shifted so that byte
        // `at` comes first (the zeros shifted in end no segment).
        let s = stops(load8(last) >> (8 * (at - t)));
        return if s != 0 {
            at + (s.trailing_zeros() / 8) as usize
        } else {
            b.len()
        };
    }
    let tail = chunks.remainder();
    at + tail
        .iter()
        .position(|&c| ends_segment(c))
        .unwrap_or(tail.len())
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
    if b.first() != Some(&b'/') || method >= METHODS {
        return None;
    }
    let w = m.words.as_slice();
    if b.get(1).is_none_or(|&c| ends_segment(c)) {
        return at_a_stop(w, 0, 0, method, b, 0);
    }
    let (mut state, mut i) = (0, 1);
    loop {
        // `i` starts a segment that is not empty.
        let (next, end) = transition(m, w, state, b, i)?;
        if b.get(end) != Some(&b'/') {
            return route(w, next, method, end);
        }
        if b.get(end + 1).is_none_or(|&c| ends_segment(c)) {
            return at_a_stop(w, state, next, method, b, end);
        }
        state = next;
        i = end + 1;
    }
}

/// The answer when the `/` at `slash` is followed by nothing, a query
/// string or a fragment (the path ends, or a trailing `/` makes the segment
/// before it and the `/` a catch-all's: one of `before`, the state that
/// read that segment), or by another `/` (an empty segment: only a
/// catch-all of `after` takes it). At the start, `slash` is 0 and both
/// states are the start.
#[cold]
fn at_a_stop(
    w: &[u32_le],
    before: usize,
    after: usize,
    method: usize,
    b: &[u8],
    slash: usize,
) -> Option<(u32, usize)> {
    match b.get(slash + 1) {
        Some(b'/') => rest(w, after, method, b, slash + 1),
        _ if slash == 0 => route(w, 0, method, 1),
        _ => rest(w, before, method, b, slash),
    }
}

/// Word `k` of the matcher, or `NONE` past the end (no state is there).
#[inline(always)]
fn word(w: &[u32_le], k: usize) -> u32 {
    w.get(k).map_or(NONE, |x| x.to_native())
}

/// The route of the state at `state` for `method` (below [`METHODS`]),
/// with the end of the path.
#[inline(always)]
fn route(w: &[u32_le], state: usize, method: usize, end: usize) -> Option<(u32, usize)> {
    let id = word(w, state.wrapping_add(layout::ROUTES + method));
    (id != NONE).then_some((id, end))
}

/// The route of a catch-all of the state at `state` taking the rest of the
/// path from `at` (an empty segment or a trailing `/` is there).
#[cold]
fn rest(w: &[u32_le], state: usize, method: usize, b: &[u8], at: usize) -> Option<(u32, usize)> {
    let empty = word(w, state.wrapping_add(layout::EMPTY));
    if empty == NONE {
        return None;
    }
    let end = b
        .get(at..)?
        .iter()
        .position(|&c| c == b'?' || c == b'#')
        .map_or(b.len(), |p| at + p);
    route(w, empty as usize, method, end)
}

/// The 64-bit word of transition `e` at `k` (its low half first).
#[inline(always)]
fn wide(e: &[u32_le], k: usize) -> u64 {
    u64::from(e[k].to_native()) | u64::from(e[k + 1].to_native()) << 32
}

/// Whether transition `e` (its [`layout::EDGE`] words) is `segment`, read
/// as the words `w`.
#[inline(always)]
fn is_edge(m: &ArchivedRouteMatcher, e: &[u32_le], segment: &[u8], w: (u64, u64)) -> bool {
    e[layout::LEN].to_native() as usize == segment.len()
        && (wide(e, layout::FIRST), wide(e, layout::LAST)) == w
        && (segment.len() <= WORDS_COVER || long_text(m, e) == Some(segment))
}

/// The text of a transition longer than 16 bytes.
fn long_text<'m>(m: &'m ArchivedRouteMatcher, e: &[u32_le]) -> Option<&'m [u8]> {
    let start = e[layout::LONG].to_native() as usize;
    m.long
        .as_bytes()
        .get(start..start.checked_add(e[layout::LEN].to_native() as usize)?)
}

/// The state after the non-empty segment at `i` from the state at `state`,
/// unresolved, and the segment's end; `None` when no route takes it.
#[inline(always)]
fn transition(
    m: &ArchivedRouteMatcher,
    w: &[u32_le],
    state: usize,
    b: &[u8],
    i: usize,
) -> Option<(usize, usize)> {
    let head = w.get(state..state.checked_add(layout::HEAD)?)?;
    let n = head[layout::EDGES].to_native() as usize;
    if n != 0 {
        let first = state + layout::HEAD;
        let edges = w.get(first..first.checked_add(n.checked_mul(layout::EDGE)?)?)?;
        let mask = head[layout::MASK].to_native();
        if mask == 0 {
            // Few edges: each compared in place, without finding the
            // segment's end first.
            let rest = b.get(i..)?;
            for e in edges.chunks_exact(layout::EDGE) {
                let len = e[layout::LEN].to_native() as usize;
                // The byte after the segment must end it: most edges of
                // another length fail here, before any word is read.
                if let Some(segment) = rest.get(..len)
                    && rest.get(len).is_none_or(|&c| ends_segment(c))
                    && is_edge(m, e, segment, words(segment))
                {
                    return Some((e[layout::NEXT].to_native() as usize, i + len));
                }
            }
        } else {
            let end = segment_end(b, i);
            let segment = b.get(i..end)?;
            let key = words(segment);
            let mut at = slot_of(key, segment.len(), mask);
            // At most one lap: a table built by `build` has empty slots.
            for _ in 0..=mask {
                let e = edges
                    .get(at.wrapping_mul(layout::EDGE)..)?
                    .get(..layout::EDGE)?;
                if is_edge(m, e, segment, key) {
                    return Some((e[layout::NEXT].to_native() as usize, end));
                }
                // An empty slot (length 0: no segment is empty) ends the probe.
                if e[layout::LEN].to_native() == 0 {
                    break;
                }
                at = (at + 1) & mask as usize;
            }
            let other = head[layout::OTHER].to_native();
            return (other != NONE).then_some((other as usize, end));
        }
    }
    // A parameter or a catch-all takes the segment (a state without one
    // has no catch-all for a trailing `/` either: `empty` is then `NONE`).
    let other = head[layout::OTHER].to_native();
    (other != NONE).then(|| (other as usize, segment_end(b, i)))
}

/// The text of transition `e` (its [`layout::EDGE`] words): read from its
/// words when it is at most 16 bytes long, from [`RouteMatcher::long`]
/// otherwise; `None` when its words are not those of any segment.
fn edge_text(m: &ArchivedRouteMatcher, e: &[u32_le]) -> Option<Vec<u8>> {
    let len = e[layout::LEN].to_native() as usize;
    let (first, last) = (wide(e, layout::FIRST), wide(e, layout::LAST));
    let text = if len > WORDS_COVER {
        long_text(m, e)?.to_vec()
    } else {
        let mut t = vec![0; len];
        let (f, l) = (first.to_le_bytes(), last.to_le_bytes());
        if len >= 8 {
            t[..8].copy_from_slice(&f);
            t[len - 8..].copy_from_slice(&l);
        } else if len >= 4 {
            t[..4].copy_from_slice(&f[..4]);
            t[len - 4..].copy_from_slice(&l[..4]);
        } else if len > 0 {
            (t[0], t[len / 2], t[len - 1]) = (f[0], f[1], f[2]);
            // `words` reads these three bytes; for one or two bytes they
            // overlap, so the writes above must agree: checked below.
        }
        t
    };
    (len > 0 && words(&text) == (first, last)).then_some(text)
}

/// The states of `w`, one after another: each one's first word and its
/// size; `Err` names the first that does not fit.
fn state_starts(w: &[u32_le]) -> Result<Vec<(usize, usize)>, String> {
    let mut starts = Vec::new();
    let mut s = 0;
    while s < w.len() {
        let fault = || format!("route matcher: state at word {s} is cut short");
        if w.len() - s < layout::HEAD {
            return Err(fault());
        }
        let n = w[s + layout::EDGES].to_native() as usize;
        let mask = w[s + layout::MASK].to_native() as usize;
        if mask != 0 && (n != mask + 1 || !n.is_power_of_two()) {
            return Err(format!(
                "route matcher: state at word {s} has a hash table of {n} slots for mask {mask}"
            ));
        }
        let size = n
            .checked_mul(layout::EDGE)
            .and_then(|e| e.checked_add(layout::HEAD))
            .filter(|&size| size <= w.len() - s)
            .ok_or_else(fault)?;
        starts.push((s, size));
        s += size;
    }
    Ok(starts)
}

/// Checks that `m` is a matcher [`build`] could have written: its states
/// fill its words, every state it names is one of them, every route index
/// is below `routes` (the number of routes its answers index), every hash
/// table has a power of two of slots and every transition's words are
/// those of a segment. That is what the runtime requires of a loaded blob; the message
/// names the first fault. A matcher without states (no words) matches
/// nothing.
///
/// ```
/// use conduit_format::{Method, matcher};
/// let bytes = rkyv::to_bytes::<rkyv::rancor::Error>(&matcher::build(&[("/a", Method::Get)]).unwrap()).unwrap();
/// let m = rkyv::access::<conduit_format::tables::ArchivedRouteMatcher, rkyv::rancor::Error>(&bytes).unwrap();
/// assert_eq!(matcher::check(m, 1), Ok(()));
/// assert!(matcher::check(m, 0).unwrap_err().contains("route"));
/// ```
pub fn check(m: &ArchivedRouteMatcher, routes: usize) -> Result<(), String> {
    let w = m.words.as_slice();
    let starts = state_starts(w)?;
    let is_state =
        |t: u32| t == NONE || starts.binary_search_by_key(&(t as usize), |s| s.0).is_ok();
    for &(s, size) in &starts {
        let fault = |what: &str| Err(format!("route matcher: state at word {s} {what}"));
        let state = &w[s..s + size];
        if !is_state(state[layout::OTHER].to_native())
            || !is_state(state[layout::EMPTY].to_native())
        {
            return fault("leads to a state that is not one");
        }
        let routes_out = state[layout::ROUTES..layout::HEAD]
            .iter()
            .any(|r| r.to_native() != NONE && r.to_native() as usize >= routes);
        if routes_out {
            return fault("names a route out of range");
        }
        let hashed = state[layout::MASK].to_native() != 0;
        for e in state[layout::HEAD..].chunks_exact(layout::EDGE) {
            if hashed && e.iter().all(|x| x.to_native() == 0) {
                continue; // an empty slot
            }
            if !is_state(e[layout::NEXT].to_native()) || e[layout::NEXT].to_native() == NONE {
                return fault("has a transition to a state that is not one");
            }
            if edge_text(m, e).is_none() {
                return fault("has a transition whose words are no segment's");
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
