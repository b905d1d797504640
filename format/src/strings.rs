//! The string table: every distinct string of the schema stored once, in
//! one text, and records holding `u32` ids into it.
//!
//! An id says where its string is: a string of fewer than 255 bytes that
//! starts in the first 16 MiB of the text has the id `len << 24 | start`
//! (a *short* id, read without a table); any other string has the id
//! `0xFF << 24 | k`, and entry `k` of [`StrTable::long`] holds its start
//! and length. Since an id is a place in the text rather than a number,
//! strings may overlap: a string that begins or ends another (`Post` in
//! `Post.show` and in `crate::models::Post`, `posts` in `/posts`) is not
//! stored again.
//!
//! The build step keeps plain `String`s in its model ([`crate::schema`]);
//! the `with` wrappers here ([`Interned`], [`InternedOpt`], [`InternedList`])
//! turn them into ids while rkyv serializes the schema, and the two last
//! fields of [`Schema`] ([`StrLists`], then [`Strings`]) write the tables
//! those ids point into. One interner per thread. [`to_bytes`] serializes
//! once: the records get provisional ids (each distinct string's
//! first-seen position); at the pool, every string has been met, so
//! [`plan`] lays them out sharing what can be shared, the pool and the
//! table are written planned, and each provisional id in the output is
//! then overwritten with its planned id (the same schema gives the same
//! bytes). Serialized without a plan (`rkyv::to_bytes`), strings are
//! appended as they are met and nothing is shared. Lists of strings are
//! interned as whole lists: identical lists (a middleware chain shared by
//! many routes) are stored once, in a pool where each list is its length
//! followed by its ids, so that a record holds one `u32` per list (a
//! [`StrList`]: the list's position in the pool; 0 is the empty list, the
//! pool's first entry).
//!
//! The runtime resolves an id with [`ArchivedSchema::str`] and friends,
//! which are bounds-checked (an id that does not resolve reads as `""`,
//! never a panic); `Registry::from_bytes` rejects such an id before any
//! query runs.
//!
//! ```
//! use conduit_format::schema::{Resource, Schema};
//! let schema = Schema {
//!     version: "1.0.0".into(),
//!     resources: vec![Resource {
//!         name: "Post".into(),
//!         rust_path: "crate::models::Post".into(),
//!         table: "posts".into(),
//!         path: "/posts".into(),
//!         ..Default::default()
//!     }],
//!     ..Default::default()
//! };
//! let bytes = conduit_format::strings::to_bytes(&schema).unwrap();
//! let archived = rkyv::access::<conduit_format::schema::ArchivedSchema, rkyv::rancor::Error>(&bytes).unwrap();
//! let post = &archived.resources[0];
//! assert_eq!(archived.str(post.name), "Post");
//! assert_eq!(archived.str(post.table), "posts");
//! assert_eq!(archived.str(archived.version), "1.0.0");
//! // `Post` ends `crate::models::Post`, `posts` ends `/posts`.
//! assert_eq!(archived.strings.text.as_str(), "1.0.0crate::models::Post/posts");
//! ```

use crate::hash::WordMap;
use crate::schema::{ArchivedSchema, Exceeded, Schema};
use rkyv::rancor::{Fallible, Source};
use rkyv::ser::{Allocator, Writer};
use rkyv::vec::{ArchivedVec, VecResolver};
use rkyv::with::{ArchiveWith, SerializeWith};
use rkyv::{Archive, Archived, Place, Serialize};
use std::cell::{Cell, RefCell};

/// The id of a string in [`Schema::strings`](crate::schema::Schema::strings)
/// (see the [module](self) for the encoding).
#[derive(Archive, Serialize, Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[rkyv(derive(Clone, Copy, Debug, PartialEq, Eq))]
pub struct StrId(pub u32);

impl StrId {
    /// Marks an absent optional string ([`InternedOpt`]); never a string's
    /// id (the long table has fewer than `0xFF_FFFF` entries).
    pub const NONE: StrId = StrId(u32::MAX);
    /// The length field of a long id.
    pub const LONG: u32 = 0xFF;
    /// The low 24 bits: a short id's start, a long id's entry.
    pub const LOW: u32 = 0xFF_FFFF;

    /// The id of a string of `len` bytes at `start`, if a short id can say
    /// so.
    ///
    /// ```
    /// use conduit_format::strings::StrId;
    /// assert_eq!(StrId::short(7, 3), Some(StrId(3 << 24 | 7)));
    /// assert_eq!(StrId::short(1 << 24, 3), None);
    /// assert_eq!(StrId::short(7, 255), None);
    /// ```
    pub fn short(start: usize, len: usize) -> Option<StrId> {
        let start = u32::try_from(start).ok().filter(|&s| s <= Self::LOW)?;
        let len = u32::try_from(len).ok().filter(|&l| l < Self::LONG)?;
        Some(StrId(len << 24 | start))
    }

    /// What the id says: `Ok((start, len))` for a short id, `Err(k)` for
    /// entry `k` of the long table.
    ///
    /// ```
    /// use conduit_format::strings::StrId;
    /// assert_eq!(StrId(3 << 24 | 7).parts(), Ok((7, 3)));
    /// assert_eq!(StrId(0xFF << 24 | 2).parts(), Err(2));
    /// ```
    #[inline]
    pub fn parts(self) -> Result<(usize, usize), usize> {
        let (len, low) = (self.0 >> 24, (self.0 & Self::LOW) as usize);
        if len == Self::LONG {
            Err(low)
        } else {
            Ok((low, len as usize))
        }
    }
}

impl StrId {
    /// The byte range `(start, end)` of the text this id names, with
    /// `long(k)` giving long entry `k`'s `(start, len)`: the one decoding
    /// of the build step's table and the archived one.
    #[inline]
    fn span(self, long: impl FnOnce(usize) -> Option<(usize, usize)>) -> Option<(usize, usize)> {
        let (start, len) = match self.parts() {
            Ok(short) => short,
            Err(k) => long(k)?,
        };
        Some((start, start.checked_add(len)?))
    }
}

impl ArchivedStrId {
    /// The id as an index.
    #[inline]
    pub fn get(self) -> u32 {
        self.0.to_native()
    }
}

/// A list of strings: its position `p` in `Schema::str_lists`, where
/// `str_lists[p]` is the list's length and the ids follow it. `StrList(0)`
/// is the empty list (the pool's first entry is a 0).
#[derive(Archive, Serialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[rkyv(derive(Clone, Copy, Debug, PartialEq, Eq))]
pub struct StrList(pub u32);

impl StrList {
    /// The empty list.
    pub const EMPTY: StrList = StrList(0);
}

/// Stands for the string table in the build step's [`Schema`]: nothing
/// before serialization; archived, the table of every interned string
/// ([`ArchivedStrTable`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Strings;

/// Where a string without a short id is: `text[start..start + len]`.
#[derive(Archive, Serialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[rkyv(derive(Clone, Copy, Debug))]
pub struct LongStr {
    /// The first byte's position in the text.
    pub start: u32,
    /// The length in bytes.
    pub len: u32,
}

/// The string table as archived: every string somewhere in `text`, and
/// where the strings without a short id are.
#[derive(Archive, Serialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct StrTable {
    /// Every string, overlapping where one begins or ends another.
    pub text: String,
    /// The strings of 255 bytes or more, or starting past 16 MiB.
    pub long: Vec<LongStr>,
}

impl StrTable {
    /// The string an id of this table reads, if it is in range.
    #[cfg(test)]
    fn read(&self, id: StrId) -> Option<&str> {
        let (start, end) = id.span(|k| {
            let e = self.long.get(k)?;
            Some((e.start as usize, e.len as usize))
        })?;
        self.text.get(start..end)
    }

    /// The id of `len` bytes at `start`: short if it can be, else a new
    /// entry of `long`.
    fn id(&mut self, start: usize, len: usize) -> Result<StrId, Exceeded> {
        if let Some(id) = StrId::short(start, len) {
            return Ok(id);
        }
        let k = u32::try_from(self.long.len())
            .ok()
            .filter(|&k| k < StrId::LOW)
            .ok_or(TOO_MANY)?;
        self.long.push(LongStr {
            start: u32::try_from(start).map_err(|_| TOO_MANY)?,
            len: u32::try_from(len).map_err(|_| TOO_MANY)?,
        });
        Ok(StrId(StrId::LONG << 24 | k))
    }
}

/// Stands for the pool of interned string lists, like [`Strings`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StrLists;

/// The distinct strings of a schema laid out in one text: what the second
/// pass of [`to_bytes`] serializes with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// The id of each string, in the order given.
    pub ids: Vec<StrId>,
    /// The text and the long entries the ids point into.
    pub table: StrTable,
}

/// Lays out `strings` (distinct, in the order they should appear): a string
/// that begins or ends another is read inside it, and the others are
/// written one after the other, in the order given.
///
/// ```
/// use conduit_format::strings::plan;
/// let strings = ["Post.show", "crate::models::Post", "Post", "show", "/posts", "posts"];
/// let plan = plan(&strings).unwrap();
/// assert_eq!(plan.table.text, "Post.showcrate::models::Post/posts");
/// let at = |i: usize| plan.ids[i].0 & 0xFF_FFFF;
/// assert_eq!(at(2), 0, "`Post` inside `Post.show`, the first that begins with it");
/// assert_eq!(at(3), 5, "`show`");
/// assert_eq!(at(5), 29, "`posts`");
/// ```
///
/// # Errors
/// When the strings need more than `0xFF_FFFE` long entries, or more than
/// 4 GiB of text.
pub fn plan(strings: &[&str]) -> Result<Plan, impl std::error::Error + use<>> {
    plan_on(strings, 1)
}

/// [`plan`] on up to `threads` threads (the two sorts side by side when
/// there are two): the same plan.
fn plan_on(strings: &[&str], threads: usize) -> Result<Plan, Exceeded> {
    let n = strings.len();
    let (begins, ends) = if threads > 1 {
        crate::threads::both(|| beginning(strings), || ending(strings))
    } else {
        (beginning(strings), ending(strings))
    };
    // `inside[i]`: the string `i` is read in, and at which offset of it.
    let inside: Vec<Option<(usize, usize)>> =
        begins.into_iter().zip(ends).map(|(b, e)| b.or(e)).collect();
    // The others are written in the given order; a contained string's
    // start follows its chain of containers (each longer than the last, so
    // the chain ends), each start found once.
    let mut table = StrTable::default();
    let mut start: Vec<Option<usize>> = vec![None; n];
    for (i, s) in strings.iter().enumerate() {
        if inside[i].is_none() {
            start[i] = Some(table.text.len());
            table.text.push_str(s);
        }
    }
    if u32::try_from(table.text.len()).is_err() {
        return Err(TOO_MANY);
    }
    let mut chain = Vec::new();
    for i in 0..n {
        let mut at = i;
        while let (None, Some((outer, _))) = (start[at], inside[at]) {
            chain.push(at);
            at = outer;
        }
        while let Some(inner) = chain.pop() {
            if let Some((outer, within)) = inside[inner] {
                start[inner] = start[outer].map(|b| b + within);
            }
        }
    }
    let ids = strings
        .iter()
        .zip(&start)
        .map(|(s, b)| table.id(b.unwrap_or(0), s.len()))
        .collect::<Result<_, _>>()?;
    Ok(Plan { ids, table })
}

/// For each string, one it begins, if any: in byte order, the strings
/// beginning with `a` follow `a` at once, the nearest first. (Strings are
/// distinct, so the order is unique.)
fn beginning(strings: &[&str]) -> Vec<Option<(usize, usize)>> {
    let mut order: Vec<(&str, usize)> = strings.iter().copied().zip(0..).collect();
    order.sort_unstable();
    let mut begins = vec![None; strings.len()];
    for w in order.windows(2) {
        if w[1].0.starts_with(w[0].0) {
            begins[w[0].1] = Some((w[1].1, 0));
        }
    }
    begins
}

/// For each string, one it ends, if any, and at which offset: the same as
/// [`beginning`], in the order of the reversed bytes.
fn ending(strings: &[&str]) -> Vec<Option<(usize, usize)>> {
    // Every string reversed, one after the other in one buffer (one
    // allocation, not one per string).
    let mut buffer: Vec<u8> = Vec::with_capacity(strings.iter().map(|s| s.len()).sum());
    let mut ends: Vec<usize> = Vec::with_capacity(strings.len());
    for s in strings {
        buffer.extend(s.bytes().rev());
        ends.push(buffer.len());
    }
    let mut order: Vec<(&[u8], usize)> = ends
        .iter()
        .zip(strings)
        .map(|(&end, s)| &buffer[end - s.len()..end])
        .zip(0..)
        .collect();
    order.sort_unstable();
    let mut within = vec![None; strings.len()];
    for w in order.windows(2) {
        let ((a, i), (b, j)) = (w[0], w[1]);
        if b.starts_with(a) {
            within[i] = Some((j, b.len() - a.len()));
        }
    }
    within
}

/// The interner of the schema being serialized on this thread.
struct Interner {
    /// While [`to_bytes`] serializes: the distinct strings in first-seen
    /// order; a string's position is its provisional id until the table is
    /// planned.
    seen: FirstSeen,
    /// While [`to_bytes`] serializes: where each provisional id was
    /// written in the output, and the id.
    patches: Vec<(usize, u32)>,
    /// Once planned (the pool is serialized): the planned id of each
    /// provisional one.
    planned: Option<Vec<StrId>>,
    /// Without a plan: the ids given so far (strings are appended).
    ids: WordMap<String, StrId>,
    /// The table being built (without a plan) or planned.
    table: StrTable,
    lists: WordMap<Vec<u32>, u32>,
    /// Each list's length, then its ids; starts with the empty list.
    pool: Vec<u32>,
    /// How many threads planning may use.
    threads: usize,
}

impl Default for Interner {
    fn default() -> Self {
        Interner {
            seen: FirstSeen::default(),
            patches: Vec::new(),
            planned: None,
            ids: WordMap::default(),
            table: StrTable::default(),
            lists: WordMap::default(),
            pool: vec![0],
            threads: 1,
        }
    }
}

impl Interner {
    fn intern(&mut self, s: &str) -> Result<StrId, Exceeded> {
        if planning() {
            if self.planned.is_some() {
                return Err(LATE);
            }
            return self.seen.position(s).map(StrId);
        }
        if let Some(&id) = self.ids.get(s) {
            return Ok(id);
        }
        // Not planned (serialized without a plan): appended.
        let start = self.table.text.len();
        u32::try_from(start + s.len()).map_err(|_| TOO_MANY)?;
        self.table.text.push_str(s);
        let id = self.table.id(start, s.len())?;
        self.ids.insert(s.to_owned(), id);
        Ok(id)
    }

    fn intern_list(&mut self, list: &[String]) -> Result<StrList, Exceeded> {
        if list.is_empty() {
            return Ok(StrList::EMPTY);
        }
        // Provisional ids are as distinct as planned ones: the same lists
        // are shared either way.
        let ids = list
            .iter()
            .map(|s| self.intern(s).map(|id| id.0))
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(&at) = self.lists.get(&ids) {
            return Ok(StrList(at));
        }
        let at = u32::try_from(self.pool.len()).map_err(|_| TOO_MANY)?;
        self.pool
            .push(u32::try_from(ids.len()).map_err(|_| TOO_MANY)?);
        self.pool.extend_from_slice(&ids);
        self.lists.insert(ids, at);
        Ok(StrList(at))
    }

    /// Lays out every string met so far ([`plan`]): the table the ids will
    /// point into, and the planned id of each provisional one.
    fn plan(&mut self) -> Result<(), Exceeded> {
        let strings = self.seen.strings();
        let planned = plan_on(&strings, self.threads)?;
        self.planned = Some(planned.ids);
        self.table = planned.table;
        Ok(())
    }

    /// The planned id of provisional id `k`.
    fn planned(&self, k: u32) -> Result<StrId, Exceeded> {
        let planned = self.planned.as_ref().ok_or(LATE)?;
        planned.get(k as usize).copied().ok_or(LATE)
    }

    /// Notes that provisional id `id` was written at `pos` of the output.
    fn written(&mut self, pos: usize, id: StrId) {
        if planning() && id != StrId::NONE {
            self.patches.push((pos, id.0));
        }
    }
}

/// The distinct strings met while planning, in first-seen order, kept one
/// after the other in one text (not a `String` each: rich10000 has 179,241,
/// and allocating and freeing them was a tenth of its serialisation) and
/// found again by their hash.
#[derive(Default)]
struct FirstSeen {
    text: String,
    /// Each string's start and length in `text`, by position.
    spans: Vec<(usize, usize)>,
    /// A string's position, by its hash.
    by_hash: WordMap<u64, u32>,
    /// Strings whose hash an earlier string has (none in practice), by
    /// text.
    collided: WordMap<String, u32>,
}

impl FirstSeen {
    /// The position of `s`, given the next one if it is new.
    fn position(&mut self, s: &str) -> Result<u32, Exceeded> {
        use std::collections::hash_map::Entry;
        let FirstSeen {
            text,
            spans,
            by_hash,
            collided,
        } = self;
        fn push(
            text: &mut String,
            spans: &mut Vec<(usize, usize)>,
            s: &str,
        ) -> Result<u32, Exceeded> {
            let k = u32::try_from(spans.len())
                .ok()
                .filter(|&k| k != StrId::NONE.0)
                .ok_or(TOO_MANY)?;
            spans.push((text.len(), s.len()));
            text.push_str(s);
            Ok(k)
        }
        match by_hash.entry(crate::phash::hash(s.as_bytes(), 0)) {
            Entry::Vacant(place) => Ok(*place.insert(push(text, spans, s)?)),
            Entry::Occupied(first) => {
                let k = *first.get();
                let at = spans.get(k as usize);
                if at.and_then(|&(start, len)| text.get(start..start + len)) == Some(s) {
                    return Ok(k);
                }
                if let Some(&k) = collided.get(s) {
                    return Ok(k);
                }
                let k = push(text, spans, s)?;
                collided.insert(s.to_owned(), k);
                Ok(k)
            }
        }
    }

    /// Every string, by position.
    fn strings(&self) -> Vec<&str> {
        self.spans
            .iter()
            .map(|&(start, len)| self.text.get(start..start + len).unwrap_or(""))
            .collect()
    }
}

/// A string interned after the string table was planned: the schema's
/// string pool and table must be its two last fields.
const LATE: Exceeded = Exceeded("a string was interned after the string table was planned");

/// More than `0xFF_FFFE` long strings, or more than 4 GiB of text.
const TOO_MANY: Exceeded = Exceeded("too many strings for 32-bit string ids");

thread_local! {
    static INTERNER: RefCell<Interner> = RefCell::default();
    /// Whether [`to_bytes`] is serializing on this thread: strings get
    /// provisional ids, planned when the pool is written and patched in
    /// afterwards.
    static PLANNING: Cell<bool> = const { Cell::new(false) };
}

fn planning() -> bool {
    PLANNING.with(Cell::get)
}

fn with_interner<T>(f: impl FnOnce(&mut Interner) -> Result<T, Exceeded>) -> Result<T, Exceeded> {
    INTERNER.with(|i| f(&mut i.borrow_mut()))
}

/// Ends a [`to_bytes`] on this thread, even one that fails or panics: the
/// next serialization starts from an empty interner, unplanned.
struct Planning;

impl Planning {
    fn start(threads: usize) -> Self {
        INTERNER.with(|i| {
            *i.borrow_mut() = Interner {
                threads,
                ..Interner::default()
            }
        });
        PLANNING.with(|p| p.set(true));
        Planning
    }
}

impl Drop for Planning {
    fn drop(&mut self) {
        PLANNING.with(|p| p.set(false));
        INTERNER.with(|i| *i.borrow_mut() = Interner::default());
    }
}

/// Serializes `schema` with a fresh interner: what the build step writes.
/// One pass: the records get provisional ids (each string's first-seen
/// position); when the string pool is reached, every string has been met,
/// so [`plan`] lays them out and the pool and the table are written
/// planned; then each provisional id in the output is overwritten with its
/// planned one (the same schema gives the same bytes).
///
/// # Errors
/// When rkyv cannot serialize the schema.
pub fn to_bytes(schema: &Schema) -> Result<rkyv::util::AlignedVec, rkyv::rancor::BoxedError> {
    to_bytes_on(schema, 1)
}

/// [`to_bytes`] on up to `threads` threads (the string table's two sorts
/// side by side): the same bytes.
///
/// ```
/// use conduit_format::schema::Schema;
/// use conduit_format::strings::{to_bytes, to_bytes_on};
/// let schema = Schema { version: "1.0.0".into(), ..Schema::default() };
/// assert_eq!(to_bytes_on(&schema, 2).unwrap().as_slice(), to_bytes(&schema).unwrap().as_slice());
/// ```
///
/// # Errors
/// When rkyv cannot serialize the schema.
pub fn to_bytes_on(
    schema: &Schema,
    threads: usize,
) -> Result<rkyv::util::AlignedVec, rkyv::rancor::BoxedError> {
    let planning = Planning::start(threads);
    // Room for the blob up front (about 2 KB a resource): growing the
    // buffer copies what is written so far at each doubling. Pages that
    // are not written are not touched.
    let room = schema
        .resources
        .len()
        .saturating_mul(3 << 10)
        .saturating_add(64 << 10);
    let mut bytes = rkyv::api::high::to_bytes_in::<_, rkyv::rancor::BoxedError>(
        schema,
        rkyv::util::AlignedVec::<16>::with_capacity(room),
    )?;
    let patched = INTERNER.with(|i| patch(&i.borrow(), &mut bytes));
    drop(planning);
    patched.map_err(<rkyv::rancor::BoxedError as Source>::new)?;
    Ok(bytes)
}

/// Overwrites each provisional id the serialization wrote with its planned
/// id, checking that the provisional id is where it was noted (a string
/// table archived as rkyv lays it out: little-endian words).
fn patch(interner: &Interner, bytes: &mut [u8]) -> Result<(), Exceeded> {
    for &(pos, k) in &interner.patches {
        let id = interner.planned(k)?;
        let word = pos
            .checked_add(4)
            .and_then(|end| bytes.get_mut(pos..end))
            .filter(|w| **w == k.to_le_bytes())
            .ok_or(Exceeded(
                "a provisional string id is not where it was written",
            ))?;
        word.copy_from_slice(&id.0.to_le_bytes());
    }
    Ok(())
}

/// Interns a `String` field: archived as its [`StrId`].
pub struct Interned;

impl ArchiveWith<String> for Interned {
    type Archived = ArchivedStrId;
    type Resolver = StrId;

    fn resolve_with(_: &String, id: StrId, out: Place<ArchivedStrId>) {
        INTERNER.with(|i| i.borrow_mut().written(out.pos(), id));
        id.resolve(StrIdResolver(()), out);
    }
}

impl<S: Fallible + ?Sized> SerializeWith<String, S> for Interned
where
    S::Error: Source,
{
    fn serialize_with(field: &String, _: &mut S) -> Result<StrId, S::Error> {
        with_interner(|i| i.intern(field)).map_err(S::Error::new)
    }
}

/// Interns an `Option<String>` field: archived as its [`StrId`], or
/// [`StrId::NONE`].
pub struct InternedOpt;

impl ArchiveWith<Option<String>> for InternedOpt {
    type Archived = ArchivedStrId;
    type Resolver = StrId;

    fn resolve_with(_: &Option<String>, id: StrId, out: Place<ArchivedStrId>) {
        INTERNER.with(|i| i.borrow_mut().written(out.pos(), id));
        id.resolve(StrIdResolver(()), out);
    }
}

impl<S: Fallible + ?Sized> SerializeWith<Option<String>, S> for InternedOpt
where
    S::Error: Source,
{
    fn serialize_with(field: &Option<String>, _: &mut S) -> Result<StrId, S::Error> {
        match field {
            Some(s) => with_interner(|i| i.intern(s)).map_err(S::Error::new),
            None => Ok(StrId::NONE),
        }
    }
}

/// Interns a `Vec<String>` field: archived as a [`StrList`] into the pool.
pub struct InternedList;

impl ArchiveWith<Vec<String>> for InternedList {
    type Archived = ArchivedStrList;
    type Resolver = StrList;

    fn resolve_with(_: &Vec<String>, list: StrList, out: Place<ArchivedStrList>) {
        list.resolve(StrListResolver(()), out);
    }
}

impl<S: Fallible + ?Sized> SerializeWith<Vec<String>, S> for InternedList
where
    S::Error: Source,
{
    fn serialize_with(field: &Vec<String>, _: &mut S) -> Result<StrList, S::Error> {
        with_interner(|i| i.intern_list(field)).map_err(S::Error::new)
    }
}

/// Writes the table of every string interned so far (and empties the
/// interner): the last field of the schema.
pub struct StringTable;

impl ArchiveWith<Strings> for StringTable {
    type Archived = ArchivedStrTable;
    /// The table taken from the interner, and its resolver.
    type Resolver = (StrTable, StrTableResolver);

    fn resolve_with(_: &Strings, (table, resolver): Self::Resolver, out: Place<Self::Archived>) {
        table.resolve(resolver, out);
    }
}

impl<S: Fallible + Allocator + Writer + ?Sized> SerializeWith<Strings, S> for StringTable
where
    S::Error: Source,
{
    fn serialize_with(_: &Strings, s: &mut S) -> Result<Self::Resolver, S::Error> {
        // Planned by the pool before it (`to_bytes` then patches the ids
        // and empties the interner); else the strings appended so far, and
        // the interner is emptied here.
        let table = INTERNER.with(|i| {
            let mut i = i.borrow_mut();
            if planning() {
                std::mem::take(&mut i.table)
            } else {
                std::mem::take(&mut *i).table
            }
        });
        let resolver = table.serialize(s)?;
        Ok((table, resolver))
    }
}

/// Writes the pool of every string list interned so far: the field just
/// before the string table.
pub struct StrListPool;

impl ArchiveWith<StrLists> for StrListPool {
    type Archived = ArchivedVec<Archived<u32>>;
    type Resolver = (VecResolver, usize);

    fn resolve_with(_: &StrLists, (resolver, len): Self::Resolver, out: Place<Self::Archived>) {
        ArchivedVec::resolve_from_len(len, resolver, out);
    }
}

impl<S: Fallible + Allocator + Writer + ?Sized> SerializeWith<StrLists, S> for StrListPool
where
    S::Error: Source,
{
    fn serialize_with(_: &StrLists, s: &mut S) -> Result<Self::Resolver, S::Error> {
        let pool = INTERNER.with(|i| {
            let mut i = i.borrow_mut();
            i.lists.clear();
            let mut pool = std::mem::replace(&mut i.pool, vec![0]);
            if planning() {
                // Every string is met: the table is planned, and the
                // pool's ids are written planned.
                i.plan().map_err(S::Error::new)?;
                let mut at = 0;
                while let Some(&len) = pool.get(at) {
                    let ids = pool
                        .get_mut(at + 1..at + 1 + len as usize)
                        .ok_or_else(|| S::Error::new(LATE))?;
                    for id in ids {
                        *id = i.planned(*id).map_err(S::Error::new)?.0;
                    }
                    at += 1 + len as usize;
                }
            }
            Ok(pool)
        })?;
        Ok((ArchivedVec::serialize_from_slice(&pool, s)?, pool.len()))
    }
}

impl ArchivedStrList {
    /// The list's position in the pool.
    #[inline]
    pub fn get(self) -> u32 {
        self.0.to_native()
    }
}

impl ArchivedSchema {
    /// The string `id` names; `""` when it is out of range (a blob that
    /// `Registry::from_bytes` accepted has none).
    #[inline]
    pub fn str(&self, id: ArchivedStrId) -> &str {
        self.str_at(id.get())
    }

    /// An optional string: `None` for [`StrId::NONE`].
    #[inline]
    pub fn opt_str(&self, id: ArchivedStrId) -> Option<&str> {
        (id.get() != StrId::NONE.0).then(|| self.str(id))
    }

    /// The string a raw id names (a pooled id, see [`list`](Self::list));
    /// `""` when it does not resolve.
    #[inline]
    pub fn str_at(&self, id: u32) -> &str {
        self.str_span(id)
            .and_then(|(start, end)| self.strings.text.get(start..end))
            .unwrap_or("")
    }

    /// The byte range of the text a raw id names, if its long entry exists
    /// (whether the range lies in the text is for the caller to check).
    #[inline]
    fn str_span(&self, id: u32) -> Option<(usize, usize)> {
        StrId(id).span(|k| {
            let long = self.strings.long.get(k)?;
            Some((
                long.start.to_native() as usize,
                long.len.to_native() as usize,
            ))
        })
    }

    /// Whether a raw id names a string: its range lies in the text and
    /// starts and ends on character boundaries.
    ///
    /// ```
    /// use conduit_format::schema::{ArchivedSchema, Schema};
    /// use conduit_format::strings::StrId;
    /// let schema = Schema { version: "é1".into(), ..Schema::default() };
    /// let bytes = conduit_format::strings::to_bytes(&schema).unwrap();
    /// let archived = rkyv::access::<ArchivedSchema, rkyv::rancor::Error>(&bytes).unwrap();
    /// let short = |start, len| StrId::short(start, len).unwrap().0;
    /// assert!(archived.resolves(short(0, 3)));
    /// assert!(!archived.resolves(short(1, 2)), "starts inside `é`");
    /// assert!(!archived.resolves(short(0, 4)), "past the text");
    /// assert!(!archived.resolves(StrId::NONE.0));
    /// ```
    #[inline]
    pub fn resolves(&self, id: u32) -> bool {
        id != StrId::NONE.0
            && self
                .str_span(id)
                .is_some_and(|(start, end)| self.strings.text.get(start..end).is_some())
    }

    /// The string ids of a list of strings (resolve them with
    /// [`str_at`](Self::str_at)); empty when out of range.
    #[inline]
    pub fn list(&self, list: ArchivedStrList) -> &[Archived<u32>] {
        let at = list.get() as usize;
        let len = self.str_lists.get(at).map_or(0, |l| l.to_native() as usize);
        self.str_lists
            .get(at.saturating_add(1)..at.saturating_add(1).saturating_add(len))
            .unwrap_or(&[])
    }

    /// Whether `id` names a string of the table.
    #[inline]
    pub fn has_str(&self, id: ArchivedStrId) -> bool {
        self.resolves(id.get())
    }
}

#[cfg(test)]
mod tests {
    use super::{FirstSeen, Interner, Planning, StrId, StrTable, patch, plan};

    /// The string an id names in a planned table.
    fn read(table: &StrTable, id: StrId) -> &str {
        table.read(id).expect("the id is in the table")
    }

    #[test]
    fn provisional_ids_are_first_seen_positions_until_the_table_is_planned() {
        let planning = Planning::start(1);
        let mut i = Interner::default();
        let ids: Vec<u32> = ["Post", "crate::models::Post", "Post", "posts"]
            .iter()
            .map(|s| i.intern(s).unwrap().0)
            .collect();
        assert_eq!(ids, [0, 1, 0, 2]);
        i.plan().unwrap();
        assert_eq!(read(&i.table, i.planned(0).unwrap()), "Post");
        assert_eq!(read(&i.table, i.planned(2).unwrap()), "posts");
        assert_eq!(i.table.text, "crate::models::Postposts");
        assert!(i.planned(3).is_err(), "no fourth string");
        assert!(i.intern("late").is_err(), "interned after the plan");
        drop(planning);
        assert!(!super::planning());
    }

    #[test]
    fn first_seen_positions_survive_a_hash_collision() {
        let mut seen = FirstSeen::default();
        assert_eq!(seen.position("a").unwrap(), 0);
        assert_eq!(seen.position("bc").unwrap(), 1);
        assert_eq!(seen.position("a").unwrap(), 0);
        // `d` as if it hashed like `a`: found by its text, not given `a`'s
        // position.
        let a = crate::phash::hash(b"a", 0);
        let d = crate::phash::hash(b"d", 0);
        seen.by_hash.remove(&d);
        let first_a = seen.by_hash[&a];
        seen.by_hash.insert(d, first_a);
        assert_eq!(seen.position("d").unwrap(), 2);
        assert_eq!(seen.position("d").unwrap(), 2);
        assert_eq!(seen.position("a").unwrap(), 0);
        assert_eq!(seen.strings(), ["a", "bc", "d"]);
    }

    #[test]
    fn a_patch_checks_the_provisional_id_is_where_it_was_noted() {
        let _planning = Planning::start(1);
        let mut i = Interner::default();
        i.intern("a").unwrap();
        i.intern("b").unwrap();
        i.plan().unwrap();
        i.written(4, StrId(1));
        i.written(0, StrId::NONE); // an absent string: nothing to patch
        let mut bytes = [0, 0, 0, 0, 1, 0, 0, 0];
        patch(&i, &mut bytes).unwrap();
        assert_eq!(bytes[4..], i.planned(1).unwrap().0.to_le_bytes());
        // Patched already: the provisional id is no longer there.
        assert!(patch(&i, &mut bytes).is_err());
        i.written(6, StrId(0));
        assert!(
            patch(&i, &mut [1, 0, 0, 0, 0, 0, 0, 0]).is_err(),
            "past the end"
        );
    }

    #[test]
    fn every_planned_id_reads_its_own_string() {
        let mut strings: Vec<String> = [
            "",
            "é",
            "café",
            "Café",
            "fé",
            "crate::models::Café",
            "Café.show",
            "show",
            "→",
            "a→b",
            "→b",
            "a→",
        ]
        .map(String::from)
        .to_vec();
        strings.extend((0..300).map(|i| format!("Resource{i}")));
        strings.extend((0..300).map(|i| format!("crate::models::Resource{i}")));
        strings.extend((0..300).map(|i| format!("Resource{i}.list")));
        strings.push("x".repeat(300));
        strings.push(format!("{}!", "x".repeat(300)));
        let strings: Vec<&str> = strings.iter().map(String::as_str).collect();
        let planned = plan(&strings).unwrap();
        for (s, &id) in strings.iter().zip(&planned.ids) {
            assert_eq!(read(&planned.table, id), *s);
        }
        // Shared: each `ResourceN` is read inside `crate::models::ResourceN`
        // or `ResourceN.list`; `x` × 300 inside the one with `!`.
        assert!(!planned.table.text.contains("Resource7crate"));
        assert_eq!(planned.table.long.len(), 2);
        assert_eq!(planned.table.text.matches("xxxxx!").count(), 1);
        // The same strings give the same layout, on one thread or two.
        assert_eq!(plan(&strings).unwrap(), planned);
        assert_eq!(super::plan_on(&strings, 2).unwrap(), planned);
    }

    #[test]
    fn strings_past_sixteen_mebibytes_get_long_ids() {
        let big: Vec<String> = (0..5u8)
            .map(|i| char::from(b'a' + i).to_string().repeat(4 << 20))
            .chain(["tail".to_owned()])
            .collect();
        let big: Vec<&str> = big.iter().map(String::as_str).collect();
        let planned = plan(&big).unwrap();
        let tail = planned.ids[big.len() - 1];
        assert!(tail.parts().is_err());
        assert_eq!(read(&planned.table, tail), "tail");
        assert!(planned.table.long.len() == big.len());
    }
}
