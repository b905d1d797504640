//! The string table: every distinct string of the schema stored once, and
//! records holding `u32` ids into it.
//!
//! The build step keeps plain `String`s in its model ([`crate::schema`]);
//! the `with` wrappers here ([`Interned`], [`InternedOpt`], [`InternedList`])
//! turn them into ids while rkyv serializes the schema, and the two last
//! fields of [`Schema`] ([`StrLists`], then
//! [`Strings`]) write the tables those ids point into. One pass, one
//! interner per thread: the serializer visits the fields in declaration
//! order, so every string has its id by the time the tables are written,
//! and ids are given in first-seen order (the same schema gives the same
//! bytes). Lists of strings are interned as whole lists: identical lists
//! (a middleware chain shared by many routes) are stored once, in a pool
//! where each list is its length followed by its ids, so that a record
//! holds one `u32` per list (a [`StrList`]: the list's position in the
//! pool; 0 is the empty list, the pool's first entry).
//!
//! The runtime resolves an id with [`ArchivedSchema::str`] and friends,
//! which are bounds-checked (an id out of range reads as `""`, never a
//! panic); `Registry::from_bytes` rejects such an id before any query runs.
//!
//! ```
//! use conduit_format::schema::{Resource, Schema};
//! let schema = Schema {
//!     version: "1.0.0".into(),
//!     resources: vec![Resource { name: "Post".into(), table: "posts".into(), ..Default::default() }],
//!     ..Default::default()
//! };
//! let bytes = conduit_format::strings::to_bytes(&schema).unwrap();
//! let archived = rkyv::access::<conduit_format::schema::ArchivedSchema, rkyv::rancor::Error>(&bytes).unwrap();
//! assert_eq!(archived.str(archived.resources[0].name), "Post");
//! assert_eq!(archived.str(archived.version), "1.0.0");
//! ```

use crate::schema::{ArchivedSchema, Schema};
use rkyv::rancor::{Fallible, Source};
use rkyv::ser::{Allocator, Writer};
use rkyv::vec::{ArchivedVec, VecResolver};
use rkyv::with::{ArchiveWith, SerializeWith};
use rkyv::{Archive, Archived, Place, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;

/// The id of a string in [`Schema::strings`](crate::schema::Schema::strings).
#[derive(Archive, Serialize, Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[rkyv(derive(Clone, Copy, Debug, PartialEq, Eq))]
pub struct StrId(pub u32);

impl StrId {
    /// Marks an absent optional string ([`InternedOpt`]).
    pub const NONE: StrId = StrId(u32::MAX);
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

/// The string table as archived: every string, one after the other, in
/// one text; string `i` is `text[offsets[i]..offsets[i + 1]]` (`offsets`
/// starts with 0 and ends with the text's length). Four bytes a string
/// beside its own bytes.
#[derive(Archive, Serialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct StrTable {
    /// Every string, in id order.
    pub text: String,
    /// Where each string starts, then the text's length.
    pub offsets: Vec<u32>,
}

/// Stands for the pool of interned string lists, like [`Strings`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StrLists;

/// The interner of the schema being serialized on this thread.
struct Interner {
    ids: HashMap<String, u32>,
    /// The table being built.
    table: StrTable,
    lists: HashMap<Vec<u32>, u32>,
    /// Each list's length, then its ids; starts with the empty list.
    pool: Vec<u32>,
}

impl Default for Interner {
    fn default() -> Self {
        Interner {
            ids: HashMap::new(),
            table: StrTable {
                text: String::new(),
                offsets: vec![0],
            },
            lists: HashMap::new(),
            pool: vec![0],
        }
    }
}

impl Interner {
    fn intern(&mut self, s: &str) -> Result<StrId, TooMany> {
        if let Some(&id) = self.ids.get(s) {
            return Ok(StrId(id));
        }
        let id = u32::try_from(self.table.offsets.len() - 1)
            .ok()
            .filter(|&id| id != StrId::NONE.0)
            .ok_or(TooMany)?;
        let end = u32::try_from(self.table.text.len() + s.len()).map_err(|_| TooMany)?;
        self.ids.insert(s.to_owned(), id);
        self.table.text.push_str(s);
        self.table.offsets.push(end);
        Ok(StrId(id))
    }

    fn intern_list(&mut self, list: &[String]) -> Result<StrList, TooMany> {
        if list.is_empty() {
            return Ok(StrList::EMPTY);
        }
        let ids = list
            .iter()
            .map(|s| self.intern(s).map(|id| id.0))
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(&at) = self.lists.get(&ids) {
            return Ok(StrList(at));
        }
        let at = u32::try_from(self.pool.len()).map_err(|_| TooMany)?;
        self.pool
            .push(u32::try_from(ids.len()).map_err(|_| TooMany)?);
        self.pool.extend_from_slice(&ids);
        self.lists.insert(ids, at);
        Ok(StrList(at))
    }
}

thread_local! {
    static INTERNER: RefCell<Interner> = RefCell::default();
}

/// More than `u32::MAX - 1` distinct strings, or more than 4 GiB of them.
#[derive(Debug)]
struct TooMany;

impl std::fmt::Display for TooMany {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("too many distinct strings for 32-bit string ids")
    }
}

impl std::error::Error for TooMany {}

fn with_interner<T>(f: impl FnOnce(&mut Interner) -> Result<T, TooMany>) -> Result<T, TooMany> {
    INTERNER.with(|i| f(&mut i.borrow_mut()))
}

/// Serializes `schema` with a fresh interner: what the build step writes.
/// (`rkyv::to_bytes` gives the same bytes on a thread that has not been
/// interrupted in the middle of a serialization.)
///
/// # Errors
/// When rkyv cannot serialize the schema.
pub fn to_bytes(schema: &Schema) -> Result<rkyv::util::AlignedVec, rkyv::rancor::BoxedError> {
    INTERNER.with(|i| *i.borrow_mut() = Interner::default());
    let bytes = rkyv::to_bytes::<rkyv::rancor::BoxedError>(schema);
    INTERNER.with(|i| *i.borrow_mut() = Interner::default());
    bytes
}

/// Interns a `String` field: archived as its [`StrId`].
pub struct Interned;

impl ArchiveWith<String> for Interned {
    type Archived = ArchivedStrId;
    type Resolver = StrId;

    fn resolve_with(_: &String, id: StrId, out: Place<ArchivedStrId>) {
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
        let table = INTERNER.with(|i| std::mem::take(&mut *i.borrow_mut()).table);
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
            std::mem::replace(&mut i.pool, vec![0])
        });
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

    /// The string at index `id` of the table (a pooled id, see
    /// [`list`](Self::list)); `""` when out of range.
    #[inline]
    pub fn str_at(&self, id: u32) -> &str {
        let (offsets, i) = (&self.strings.offsets, id as usize);
        match (offsets.get(i), offsets.get(i.wrapping_add(1))) {
            (Some(start), Some(end)) => self
                .strings
                .text
                .get(start.to_native() as usize..end.to_native() as usize)
                .unwrap_or(""),
            _ => "",
        }
    }

    /// How many strings the table holds.
    #[inline]
    pub fn str_count(&self) -> usize {
        self.strings.offsets.len().saturating_sub(1)
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
        (id.get() as usize) < self.str_count()
    }
}
