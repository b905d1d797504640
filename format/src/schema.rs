//! The compiled schema: plain structs filled by the build step, archived with
//! rkyv into the blob, and read in their `Archived*` form by the runtime.
//!
//! Every collection is already in its final order (resources by name, records
//! in declaration order), so the runtime never sorts or filters.
//!
//! Strings are stored once, in the schema's string table: records hold
//! their ids ([`crate::strings`]).
//!
//! ```
//! use conduit_format::schema::{Schema, Resource};
//! let schema = Schema { version: "1.0.0".into(), resources: vec![Resource::default()], ..Default::default() };
//! let bytes = conduit_format::strings::to_bytes(&schema).unwrap();
//! let archived = rkyv::access::<conduit_format::schema::ArchivedSchema, rkyv::rancor::Error>(&bytes).unwrap();
//! assert_eq!(archived.str(archived.version), "1.0.0");
//! ```

use crate::kinds::{ActionKind, HookKind, Method, Operation, ReferentialAction, RelationKind};
use crate::strings::{
    Interned, InternedList, InternedOpt, StrListPool, StrLists, StringTable, Strings,
};
use crate::tables::{Graph, Group, METHODS, Pattern, Routes, TypeGroup};
use rkyv::niche::option_box::{ArchivedOptionBox, OptionBoxResolver};
use rkyv::rancor::{Fallible, Source};
use rkyv::ser::Writer;
use rkyv::traits::ArchivePointee;
use rkyv::with::{ArchiveWith, SerializeWith, Skip};
use rkyv::{Archive, Place, Serialize};

/// The whole schema of one crate.
#[derive(Archive, Serialize, Clone, Debug, Default, PartialEq)]
pub struct Schema {
    /// The schema version (the crate's version unless the build script sets one).
    #[rkyv(with = Interned)]
    pub version: String,
    /// A hash of every input the build step read.
    pub source_hash: u64,
    /// Source files, referenced by index from every [`Location`].
    pub files: Vec<String>,
    /// Every resource, sorted by name.
    pub resources: Vec<Resource>,
    /// Routes, their indexes and the matcher.
    pub routes: Routes,
    /// Discovered patterns, by frequency (most first), then name.
    pub patterns: Vec<Pattern>,
    /// Pattern indexes by category: one group per category, in
    /// [`PatternCategory::ALL`](crate::PatternCategory::ALL) order (empty
    /// groups included), or none at all.
    pub patterns_by_category: Vec<Group>,
    /// The dependency graph.
    pub graph: Graph,
    /// Fields grouped by normalized type, sorted by type.
    pub fields_by_type: Vec<TypeGroup>,
    /// The mount prefix of every route (`/api`), or empty
    /// (`conduit_build::Builder::path_prefix`).
    #[rkyv(with = Interned)]
    pub path_prefix: String,
    /// The pool of interned string lists (written when the schema is
    /// serialized; see [`crate::strings`]). Must come after every record.
    #[rkyv(with = StrListPool)]
    pub str_lists: StrLists,
    /// The table of every distinct string (written when the schema is
    /// serialized). Must be the last field.
    #[rkyv(with = StringTable)]
    pub strings: Strings,
}

/// Where a record was declared: an index into [`Schema::files`], 1-based line
/// and 1-based column.
///
/// Archived in 8 bytes ([`ArchivedLocation`]): a blob names at most 65,535
/// files (serializing a location with a larger file index fails), and a
/// column past 65,535 is stored as 65,535.
///
/// ```
/// use conduit_format::schema::{Location, Resource, Schema};
/// let at = Location { file: 3, line: 70_000, column: 70_000 };
/// let packed = at.packed().unwrap();
/// assert_eq!((packed.file, packed.line, packed.column), (3, 70_000, u16::MAX));
/// let far = Location { file: 70_000, ..at };
/// assert!(far.packed().is_none());
/// let schema = Schema {
///     resources: vec![Resource { location: far, ..Default::default() }],
///     ..Default::default()
/// };
/// let err = conduit_format::strings::to_bytes(&schema).unwrap_err();
/// assert!(err.to_string().contains("at most 65,535 source files"), "{err}");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Location {
    /// Index into [`Schema::files`].
    pub file: u32,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

/// The archived layout of a [`Location`] (what [`ArchivedLocation`] holds).
#[derive(Archive, Serialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[rkyv(archived = ArchivedLocation, derive(Clone, Copy, Debug, PartialEq, Eq))]
pub struct PackedLocation {
    /// 1-based line.
    pub line: u32,
    /// Index into [`Schema::files`].
    pub file: u16,
    /// 1-based column, at most 65,535.
    pub column: u16,
}

/// Archives an `Option<ReferentialAction>` in one byte: 0 for `None`, else
/// one more than the action's position in `ReferentialAction::ALL` (the
/// runtime refuses other values).
///
/// ```
/// use conduit_format::{ReferentialAction, RelationKind};
/// use conduit_format::schema::{Relationship, Resource, Schema};
/// let rel = Relationship {
///     name: "author".into(),
///     target: "User".into(),
///     foreign_key: None,
///     through: None,
///     kind: RelationKind::BelongsTo,
///     on_delete: Some(ReferentialAction::SetNull),
///     on_update: None,
///     location: Default::default(),
/// };
/// let schema = Schema { resources: vec![Resource { relationships: vec![rel], ..Resource::default() }], ..Schema::default() };
/// let bytes = conduit_format::strings::to_bytes(&schema).unwrap();
/// let archived = rkyv::access::<conduit_format::schema::ArchivedSchema, rkyv::rancor::Error>(&bytes).unwrap();
/// let rel = &archived.resources[0].relationships[0];
/// assert_eq!(rel.on_delete.get(), Some(ReferentialAction::SetNull));
/// assert_eq!(rel.on_update.get(), None);
/// assert_eq!(std::mem::size_of_val(&rel.on_delete), 1);
/// ```
pub struct OptAction;

/// An archived `Option<ReferentialAction>` (see [`OptAction`]).
#[derive(Archive, Serialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[rkyv(archived = ArchivedOptAction, derive(Clone, Copy, Debug))]
pub struct PackedOptAction(pub u8);

impl ArchivedOptAction {
    /// The action, if there is one (and `None` for a value no action has).
    #[inline]
    pub fn get(self) -> Option<ReferentialAction> {
        ReferentialAction::ALL
            .get(usize::from(self.0).checked_sub(1)?)
            .copied()
    }

    /// Whether the byte is `None` or an action.
    #[inline]
    pub fn is_valid(self) -> bool {
        usize::from(self.0) <= ReferentialAction::ALL.len()
    }
}

impl ArchiveWith<Option<ReferentialAction>> for OptAction {
    type Archived = ArchivedOptAction;
    type Resolver = ();

    fn resolve_with(field: &Option<ReferentialAction>, (): (), out: Place<ArchivedOptAction>) {
        let byte = field.map_or(0, |a| {
            ReferentialAction::ALL
                .iter()
                .position(|&b| b == a)
                .map_or(0, |k| k as u8 + 1)
        });
        PackedOptAction(byte).resolve(PackedOptActionResolver(()), out);
    }
}

impl<S: Fallible + ?Sized> SerializeWith<Option<ReferentialAction>, S> for OptAction {
    fn serialize_with(_: &Option<ReferentialAction>, _: &mut S) -> Result<(), S::Error> {
        Ok(())
    }
}

/// Archives an `Option<Location>` in the 8 bytes of a location: line 0
/// (no line is) stands for `None`.
///
/// ```
/// use conduit_format::HookKind;
/// use conduit_format::schema::{Hook, Location, Resource, Schema};
/// let at = Location { file: 0, line: 40, column: 1 };
/// let hook = |source_location| Hook {
///     kind: HookKind::BeforeCreate,
///     transaction: false,
///     is_async: false,
///     function: "stamp".into(),
///     source: None,
///     source_location,
///     calls: Vec::new(),
///     location: at,
/// };
/// let hooks = vec![hook(Some(at)), hook(None)];
/// let schema = Schema { resources: vec![Resource { hooks, ..Resource::default() }], ..Schema::default() };
/// let bytes = conduit_format::strings::to_bytes(&schema).unwrap();
/// let archived = rkyv::access::<conduit_format::schema::ArchivedSchema, rkyv::rancor::Error>(&bytes).unwrap();
/// let hooks = &archived.resources[0].hooks;
/// assert_eq!(hooks[0].source_location.get().map(|l| l.line.to_native()), Some(40));
/// assert!(hooks[1].source_location.get().is_none());
/// assert_eq!(std::mem::size_of_val(&hooks[0].source_location), 8);
/// ```
pub struct OptLocation;

/// An archived `Option<Location>` (see [`OptLocation`]).
#[derive(Archive, Serialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[rkyv(archived = ArchivedOptLocation, derive(Clone, Copy, Debug))]
pub struct PackedOptLocation(pub PackedLocation);

impl ArchivedOptLocation {
    /// The location, if there is one.
    #[inline]
    pub fn get(&self) -> Option<&ArchivedLocation> {
        (self.0.line.to_native() != 0).then_some(&self.0)
    }
}

impl ArchiveWith<Option<Location>> for OptLocation {
    type Archived = ArchivedOptLocation;
    type Resolver = PackedLocation;

    fn resolve_with(_: &Option<Location>, packed: PackedLocation, out: Place<ArchivedOptLocation>) {
        let resolver = PackedLocationResolver {
            line: (),
            file: (),
            column: (),
        };
        PackedOptLocation(packed).resolve(PackedOptLocationResolver(resolver), out);
    }
}

impl<S: Fallible + ?Sized> SerializeWith<Option<Location>, S> for OptLocation
where
    S::Error: Source,
{
    fn serialize_with(field: &Option<Location>, _: &mut S) -> Result<PackedLocation, S::Error> {
        match field {
            // A real location has a line; line 0 would read as `None`.
            Some(at) if at.line > 0 => at.packed().ok_or_else(|| S::Error::new(TOO_MANY_FILES)),
            _ => Ok(PackedLocation::default()),
        }
    }
}

impl Location {
    /// The archived layout; `None` for a file index past `u16::MAX`.
    pub fn packed(&self) -> Option<PackedLocation> {
        Some(PackedLocation {
            line: self.line,
            file: u16::try_from(self.file).ok()?,
            column: u16::try_from(self.column).unwrap_or(u16::MAX),
        })
    }
}

impl Archive for Location {
    type Archived = ArchivedLocation;
    /// The packed form, computed (and checked) by `serialize`.
    type Resolver = PackedLocation;

    fn resolve(&self, packed: PackedLocation, out: Place<ArchivedLocation>) {
        let resolver = PackedLocationResolver {
            line: (),
            file: (),
            column: (),
        };
        packed.resolve(resolver, out);
    }
}

impl<S: Fallible + ?Sized> Serialize<S> for Location
where
    S::Error: Source,
{
    fn serialize(&self, _: &mut S) -> Result<Self::Resolver, S::Error> {
        self.packed().ok_or_else(|| S::Error::new(TOO_MANY_FILES))
    }
}

/// A limit of the archived layout that a schema exceeds: what serializing
/// it fails with (the message says which limit).
#[derive(Debug)]
pub(crate) struct Exceeded(pub(crate) &'static str);

impl std::fmt::Display for Exceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for Exceeded {}

/// More than 65,535 source files.
const TOO_MANY_FILES: Exceeded = Exceeded("a blob names at most 65,535 source files");

/// Route positions past `u32::MAX`.
const TOO_MANY_ROUTES: Exceeded = Exceeded("too many routes for 32-bit route positions");

/// One resource (a struct deriving `Resource`).
#[derive(Archive, Serialize, Clone, Debug, Default, PartialEq)]
pub struct Resource {
    /// The resource name (the struct name unless renamed).
    #[rkyv(with = Interned)]
    pub name: String,
    /// The struct's path from the crate root, e.g. `crate::models::Post`.
    #[rkyv(with = Interned)]
    pub rust_path: String,
    /// The table name.
    #[rkyv(with = Interned)]
    pub table: String,
    /// The REST path, e.g. `/posts`.
    #[rkyv(with = Interned)]
    pub path: String,
    /// The struct's doc comment.
    #[rkyv(with = Interned)]
    pub docs: String,
    /// Where the struct is declared.
    pub location: Location,
    /// Fields, in declaration order (skipped fields are absent).
    pub fields: Vec<Field>,
    /// Relationships, in declaration order.
    pub relationships: Vec<Relationship>,
    /// Lifecycle hooks, in declaration order.
    pub hooks: Vec<Hook>,
    /// One record per validation attribute, in declaration order.
    pub validations: Vec<Validation>,
    /// Resource-level constraints.
    pub constraints: Vec<Constraint>,
    /// Middleware chains, one per operation that has one.
    pub middleware: Vec<Middleware>,
    /// The REST operations the resource exposes.
    pub operations: Vec<Operation>,
    /// The parent resource of nested routes, if any.
    #[rkyv(with = InternedOpt)]
    pub nested_under: Option<String>,
    /// Named query scopes.
    pub scopes: Vec<Scope>,
    /// Computed (virtual) fields.
    pub computed: Vec<Computed>,
    /// Routes declared with `#[route(...)]`.
    pub custom_routes: Vec<CustomRoute>,
    /// How the REST routes are shaped: member parameter, singular, nesting,
    /// list query parameters, actions. Archived out of line, and not at all
    /// when it is the default (most resources): see [`OutOfLine`].
    #[rkyv(with = OutOfLine)]
    pub api: ApiShape,
    /// The fingerprint the derive checks its own view of the struct against
    /// (written into the generated source, not archived).
    #[rkyv(with = Skip)]
    pub fingerprint: u64,
    /// Where this resource's routes are.
    pub routes: RouteSpan,
}

/// Where a resource's routes are: `Routes::all[start..start + len]`, and
/// grouped by method in `Routes::by_resource_method` over the same range:
/// method `m` (its position in `Method::ALL`) has the entries from
/// `start + ends[m - 1]` (`start` for the first) to `start + ends[m]`.
///
/// Archived in 32 bytes ([`ArchivedRouteSpan`]): eight absolute bounds,
/// method `m`'s routes between bounds `m` and `m + 1` (two loads and one
/// range check a query).
///
/// ```
/// use conduit_format::schema::{Resource, RouteSpan, Schema};
/// let routes = RouteSpan { start: 7, ends: [2, 3, 3, 3, 4, 4, 4] };
/// assert_eq!(routes.len(), 4);
/// let schema = Schema { resources: vec![Resource { routes, ..Resource::default() }], ..Schema::default() };
/// let bytes = conduit_format::strings::to_bytes(&schema).unwrap();
/// let archived = rkyv::access::<conduit_format::schema::ArchivedSchema, rkyv::rancor::Error>(&bytes).unwrap();
/// let span = &archived.resources[0].routes;
/// assert_eq!((span.start(), span.len()), (7, 4));
/// assert_eq!(span.method(0), Some((7, 9)));
/// assert_eq!(span.method(1), Some((9, 10)));
/// assert_eq!(span.method(7), None);
/// let huge = RouteSpan { start: u32::MAX, ends: [1; 7] };
/// let schema = Schema { resources: vec![Resource { routes: huge, ..Resource::default() }], ..Schema::default() };
/// let err = conduit_format::strings::to_bytes(&schema).unwrap_err();
/// assert!(err.to_string().contains("32-bit route positions"), "{err}");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RouteSpan {
    /// The first route's position in `Routes::all` (and in
    /// `Routes::by_resource_method`).
    pub start: u32,
    /// Per method, how many of the resource's routes have that method or
    /// one before it in `Method::ALL`.
    pub ends: [u32; METHODS],
}

impl RouteSpan {
    /// The number of routes.
    pub fn len(&self) -> u32 {
        self.ends[METHODS - 1]
    }

    /// Whether the resource has no route.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The archived layout of a [`RouteSpan`].
#[derive(Archive, Serialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[rkyv(archived = ArchivedRouteSpan, derive(Debug))]
pub struct PackedRouteSpan {
    /// [`RouteSpan::start`], then `start + ends[m]` for each method.
    pub bounds: [u32; METHODS + 1],
}

impl ArchivedRouteSpan {
    /// The first route's position.
    #[inline]
    pub fn start(&self) -> usize {
        self.bounds[0].to_native() as usize
    }

    /// The number of routes (0 for bounds out of order).
    #[inline]
    pub fn len(&self) -> usize {
        (self.bounds[METHODS].to_native() as usize).saturating_sub(self.start())
    }

    /// Whether the resource has no route.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The range of `Routes::by_resource_method` holding the routes of
    /// method `m` (a position in `Method::ALL`), as `(start, end)`;
    /// `None` past the methods.
    #[inline]
    pub fn method(&self, m: usize) -> Option<(usize, usize)> {
        let begin = self.bounds.get(m)?.to_native() as usize;
        let end = self.bounds.get(m + 1)?.to_native() as usize;
        Some((begin, end))
    }

    /// The bounds, for validation.
    pub fn bounds(&self) -> impl Iterator<Item = usize> + '_ {
        self.bounds.iter().map(|e| e.to_native() as usize)
    }
}

impl Archive for RouteSpan {
    type Archived = ArchivedRouteSpan;
    /// The packed form, computed (and checked) by `serialize`.
    type Resolver = PackedRouteSpan;

    fn resolve(&self, packed: PackedRouteSpan, out: Place<ArchivedRouteSpan>) {
        let resolver = PackedRouteSpanResolver {
            bounds: [(); METHODS + 1],
        };
        packed.resolve(resolver, out);
    }
}

impl<S: Fallible + ?Sized> Serialize<S> for RouteSpan
where
    S::Error: Source,
{
    fn serialize(&self, _: &mut S) -> Result<PackedRouteSpan, S::Error> {
        let mut bounds = [self.start; METHODS + 1];
        for (bound, &end) in bounds[1..].iter_mut().zip(&self.ends) {
            *bound = self
                .start
                .checked_add(end)
                .ok_or_else(|| S::Error::new(TOO_MANY_ROUTES))?;
        }
        Ok(PackedRouteSpan { bounds })
    }
}

/// One field of a resource.
#[derive(Archive, Serialize, Clone, Debug, Default, PartialEq)]
pub struct Field {
    /// The field name (the Rust name unless renamed).
    #[rkyv(with = Interned)]
    pub name: String,
    /// The type as written in Rust, e.g. `Option<String>`.
    #[rkyv(with = Interned)]
    pub rust_type: String,
    /// The normalized type, e.g. `string`, `uuid`, `array<int>`.
    #[rkyv(with = Interned)]
    pub ty: String,
    /// Nullable, primary, unique, indexed, set automatically.
    pub flags: FieldFlags,
    /// `#[field(default = ...)]`, as source text (`false`, `3`, `"pending"`).
    #[rkyv(with = InternedOpt)]
    pub default_value: Option<String>,
    /// The reference's constraint strings: `primary`, `min(5)`, `default(3)`…
    #[rkyv(with = InternedList)]
    pub constraints: Vec<String>,
    /// The field's doc comment.
    #[rkyv(with = Interned)]
    pub docs: String,
    /// `#[field(tags = [...])]`
    #[rkyv(with = InternedList)]
    pub tags: Vec<String>,
    /// Where the field is declared.
    pub location: Location,
}

/// The yes/no properties of a [`Field`], archived in one byte
/// ([`ArchivedFieldFlags`]).
///
/// ```
/// use conduit_format::schema::{Field, FieldFlags, Resource, Schema};
/// let flags = FieldFlags { primary: true, auto: true, ..FieldFlags::default() };
/// let field = Field { name: "id".into(), flags, ..Field::default() };
/// let schema = Schema { resources: vec![Resource { fields: vec![field], ..Resource::default() }], ..Schema::default() };
/// let bytes = conduit_format::strings::to_bytes(&schema).unwrap();
/// let archived = rkyv::access::<conduit_format::schema::ArchivedSchema, rkyv::rancor::Error>(&bytes).unwrap();
/// let stored = archived.resources[0].fields[0].flags;
/// assert!(stored.primary() && stored.auto() && !stored.nullable() && !stored.unique());
/// assert_eq!(std::mem::size_of_val(&stored), 1);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FieldFlags {
    /// `Option<T>` fields are nullable.
    pub nullable: bool,
    /// `#[field(primary)]`
    pub primary: bool,
    /// `#[field(unique)]`
    pub unique: bool,
    /// `#[field(index)]`
    pub index: bool,
    /// `#[field(auto)]`
    pub auto: bool,
    /// `#[field(auto_update)]`
    pub auto_update: bool,
}

impl FieldFlags {
    /// The flags as bits, `nullable` the lowest.
    pub fn bits(self) -> u8 {
        [
            self.nullable,
            self.primary,
            self.unique,
            self.index,
            self.auto,
            self.auto_update,
        ]
        .iter()
        .rev()
        .fold(0, |bits, &on| bits << 1 | u8::from(on))
    }
}

/// The archived layout of [`FieldFlags`]: one bit each, `nullable` the
/// lowest; the two high bits are zero (the runtime refuses others).
#[derive(Archive, Serialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[rkyv(archived = ArchivedFieldFlags, derive(Clone, Copy, Debug, PartialEq, Eq))]
pub struct FieldBits(pub u8);

impl ArchivedFieldFlags {
    /// The bits a [`FieldFlags`] may set.
    pub const KNOWN: u8 = 0b11_1111;

    #[inline]
    fn bit(self, k: u8) -> bool {
        self.0 >> k & 1 == 1
    }

    /// See [`FieldFlags::nullable`].
    #[inline]
    pub fn nullable(self) -> bool {
        self.bit(0)
    }

    /// See [`FieldFlags::primary`].
    #[inline]
    pub fn primary(self) -> bool {
        self.bit(1)
    }

    /// See [`FieldFlags::unique`].
    #[inline]
    pub fn unique(self) -> bool {
        self.bit(2)
    }

    /// See [`FieldFlags::index`].
    #[inline]
    pub fn index(self) -> bool {
        self.bit(3)
    }

    /// See [`FieldFlags::auto`].
    #[inline]
    pub fn auto(self) -> bool {
        self.bit(4)
    }

    /// See [`FieldFlags::auto_update`].
    #[inline]
    pub fn auto_update(self) -> bool {
        self.bit(5)
    }

    /// All bits, for validation.
    #[inline]
    pub fn bits(self) -> u8 {
        self.0
    }
}

impl Archive for FieldFlags {
    type Archived = ArchivedFieldFlags;
    type Resolver = ();

    fn resolve(&self, (): (), out: Place<ArchivedFieldFlags>) {
        FieldBits(self.bits()).resolve(FieldBitsResolver(()), out);
    }
}

impl<S: Fallible + ?Sized> Serialize<S> for FieldFlags {
    fn serialize(&self, _: &mut S) -> Result<(), S::Error> {
        Ok(())
    }
}

/// A relationship to another resource.
#[derive(Archive, Serialize, Clone, Debug, PartialEq)]
pub struct Relationship {
    /// The relationship name (e.g. `author` for `author_id`, `comments`).
    #[rkyv(with = Interned)]
    pub name: String,
    /// The target resource's name.
    #[rkyv(with = Interned)]
    pub target: String,
    /// The foreign key column.
    #[rkyv(with = InternedOpt)]
    pub foreign_key: Option<String>,
    /// The join table of `has_many` … `through`.
    #[rkyv(with = InternedOpt)]
    pub through: Option<String>,
    /// The kind (beside the two actions: three bytes together).
    pub kind: RelationKind,
    /// `on_delete`, archived in one byte ([`OptAction`]).
    #[rkyv(with = OptAction)]
    pub on_delete: Option<ReferentialAction>,
    /// `on_update`, archived in one byte.
    #[rkyv(with = OptAction)]
    pub on_update: Option<ReferentialAction>,
    /// Where the relationship is declared.
    pub location: Location,
}

/// A lifecycle hook.
#[derive(Archive, Serialize, Clone, Debug, PartialEq)]
pub struct Hook {
    /// When it runs.
    pub kind: HookKind,
    /// Runs inside the operation's transaction.
    pub transaction: bool,
    /// The function is `async`.
    pub is_async: bool,
    /// The function's path as written, e.g. `slugify_title`.
    #[rkyv(with = Interned)]
    pub function: String,
    /// The function's source text, when the build step could see it.
    #[rkyv(with = InternedOpt)]
    pub source: Option<String>,
    /// Where the function is defined, when the build step could see it.
    #[rkyv(with = OptLocation)]
    pub source_location: Option<Location>,
    /// The functions the hook's body calls, in first-call order.
    #[rkyv(with = InternedList)]
    pub calls: Vec<String>,
    /// Where the hook is declared.
    pub location: Location,
}

/// A validation rule on a field.
#[derive(Archive, Serialize, Clone, Debug, Default, PartialEq)]
pub struct Validation {
    /// The validated field.
    #[rkyv(with = Interned)]
    pub field: String,
    /// `min`, `max`, `pattern`, `email`, `url`, or a custom kind.
    #[rkyv(with = Interned)]
    pub kind: String,
    /// The rule's argument, as source text.
    #[rkyv(with = InternedOpt)]
    pub value: Option<String>,
    /// A custom error message.
    #[rkyv(with = InternedOpt)]
    pub message: Option<String>,
    /// Where the rule is declared.
    pub location: Location,
}

/// A resource-level constraint.
#[derive(Archive, Serialize, Clone, Debug, Default, PartialEq)]
pub struct Constraint {
    /// The constraint name.
    #[rkyv(with = Interned)]
    pub name: String,
    /// The operations it applies to.
    pub operations: Vec<Operation>,
    /// The condition, as source text.
    #[rkyv(with = Interned)]
    pub condition: String,
    /// The error reported when the condition fails.
    #[rkyv(with = Interned)]
    pub error: String,
    /// Where the constraint is declared.
    pub location: Location,
}

/// The middleware chain of one operation.
#[derive(Archive, Serialize, Clone, Debug, PartialEq)]
pub struct Middleware {
    /// The operation.
    pub operation: Operation,
    /// Middleware in the order they run, e.g. `["auth", "rate_limit(5/hour)"]`.
    #[rkyv(with = InternedList)]
    pub chain: Vec<String>,
    /// Where the chain is declared.
    pub location: Location,
}

/// A named query scope.
#[derive(Archive, Serialize, Clone, Debug, Default, PartialEq)]
pub struct Scope {
    /// The scope name.
    #[rkyv(with = Interned)]
    pub name: String,
    /// The query, as source text.
    #[rkyv(with = Interned)]
    pub query: String,
    /// Where the scope is declared.
    pub location: Location,
}

/// A computed (virtual) field.
#[derive(Archive, Serialize, Clone, Debug, Default, PartialEq)]
pub struct Computed {
    /// The field name.
    #[rkyv(with = Interned)]
    pub name: String,
    /// The normalized type.
    #[rkyv(with = Interned)]
    pub ty: String,
    /// The expression, as source text.
    #[rkyv(with = Interned)]
    pub expr: String,
    /// Where the computed field is declared.
    pub location: Location,
}

/// A route declared with `#[route(...)]`.
#[derive(Archive, Serialize, Clone, Debug, PartialEq)]
pub struct CustomRoute {
    /// The HTTP method.
    pub method: Method,
    /// The path pattern, e.g. `/posts/:id/publish`.
    #[rkyv(with = Interned)]
    pub path: String,
    /// The handler name, e.g. `Post.publish`.
    #[rkyv(with = Interned)]
    pub handler: String,
    /// Middleware in the order they run.
    #[rkyv(with = InternedList)]
    pub middleware: Vec<String>,
    /// Where the route is declared.
    pub location: Location,
}

/// Archives a record that is usually its default as a 4-byte pointer:
/// null for the default, else to the record stored out of line
/// ([`ArchivedOptionBox`]; read it with `as_deref`).
///
/// ```
/// use conduit_format::schema::{ApiShape, Resource, Schema};
/// let plain = Resource { name: "Post".into(), ..Resource::default() };
/// let singular = Resource { name: "User".into(), api: ApiShape { singular: true, ..ApiShape::default() }, ..Resource::default() };
/// let schema = Schema { resources: vec![plain, singular], ..Schema::default() };
/// let bytes = conduit_format::strings::to_bytes(&schema).unwrap();
/// let archived = rkyv::access::<conduit_format::schema::ArchivedSchema, rkyv::rancor::Error>(&bytes).unwrap();
/// assert!(archived.resources[0].api.as_deref().is_none());
/// assert!(archived.resources[1].api.as_deref().unwrap().singular);
/// assert_eq!(std::mem::size_of_val(&archived.resources[0].api), 4);
/// ```
pub struct OutOfLine;

impl<T: Archive + Default + PartialEq> ArchiveWith<T> for OutOfLine
where
    T::Archived: ArchivePointee<ArchivedMetadata = ()>,
{
    type Archived = ArchivedOptionBox<T::Archived>;
    type Resolver = OptionBoxResolver;

    fn resolve_with(field: &T, resolver: OptionBoxResolver, out: Place<Self::Archived>) {
        let stored = (*field != T::default()).then_some(field);
        ArchivedOptionBox::resolve_from_option(stored, resolver, out);
    }
}

impl<T, S> SerializeWith<T, S> for OutOfLine
where
    T: Serialize<S> + Default + PartialEq,
    T::Archived: ArchivePointee<ArchivedMetadata = ()>,
    S: Fallible + Writer + ?Sized,
{
    fn serialize_with(field: &T, s: &mut S) -> Result<OptionBoxResolver, S::Error> {
        let stored = (*field != T::default()).then_some(field);
        ArchivedOptionBox::serialize_from_option(stored, s)
    }
}

/// The shape of a resource's generated routes (`#[resource(param = ..,
/// singular, nested_under(..), list_query(..))]` and `#[action(..)]`).
#[derive(Archive, Serialize, Clone, Debug, Default, PartialEq)]
pub struct ApiShape {
    /// The member routes' parameter (`slug` for `/articles/:slug`); empty
    /// means `id`.
    #[rkyv(with = Interned)]
    pub param: String,
    /// `singular`: member routes without a parameter, no `list`.
    pub singular: bool,
    /// The parent's parameter in the nested routes (`nested_under(Article,
    /// param = "slug")`); `None`: `{parent}_{parent's param}`.
    #[rkyv(with = InternedOpt)]
    pub nested_param: Option<String>,
    /// `nested_under(Parent, only)`: no top-level routes.
    pub nested_only: bool,
    /// The query parameters of `list`.
    pub list_query: Vec<QueryParam>,
    /// `#[action(...)]`s, in declaration order.
    pub actions: Vec<Action>,
}

/// A typed query-string parameter of `list` or of an action. Every query
/// parameter may be left out of a request; `default_value` is what the
/// handler uses then.
#[derive(Archive, Serialize, Clone, Debug, Default, PartialEq)]
pub struct QueryParam {
    /// The name, e.g. `limit`.
    #[rkyv(with = Interned)]
    pub name: String,
    /// The Rust type as written, e.g. `u32` or `Option<String>`.
    #[rkyv(with = Interned)]
    pub rust_type: String,
    /// The normalized type, e.g. `int`.
    #[rkyv(with = Interned)]
    pub ty: String,
    /// The default, as source text (`20`, `"new"`).
    #[rkyv(with = InternedOpt)]
    pub default_value: Option<String>,
    /// Where it is declared.
    pub location: Location,
}

/// An `#[action(METHOD, name, member|collection, ...)]` of a resource.
#[derive(Archive, Serialize, Clone, Debug, PartialEq)]
pub struct Action {
    /// The action's name: the handler is `Resource.name`.
    #[rkyv(with = Interned)]
    pub name: String,
    /// The HTTP method.
    pub method: Method,
    /// Member (`/articles/:slug/favorite`) or collection (`/articles/feed`).
    pub kind: ActionKind,
    /// The final path segment (the name unless `segment = ".."`).
    #[rkyv(with = Interned)]
    pub segment: String,
    /// Middleware in the order they run.
    #[rkyv(with = InternedList)]
    pub middleware: Vec<String>,
    /// Query parameters.
    pub query: Vec<QueryParam>,
    /// Where the action is declared.
    pub location: Location,
}
