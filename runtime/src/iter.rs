//! The iterators queries return: archived records mapped to views, archived
//! strings mapped to `&str`, archived operations mapped to [`Operation`].
//!
//! They walk slices of the archive in place: creating and advancing them
//! never allocates.

use crate::Operation;
use conduit_format::schema::ArchivedSchema;
use conduit_format::strings::ArchivedStrList;
use core::fmt;
use core::iter::FusedIterator;
use core::slice;
use rkyv::Archived;

pub(crate) mod sealed {
    /// Keeps [`super::View`] implementable only by this crate.
    pub trait Sealed {}
}

/// A view over one kind of archived record, such as [`FieldRef`](crate::FieldRef).
///
/// The trait is sealed: it only exists to name the item type of
/// [`Records`].
///
/// ```
/// fn names<'a, V: conduit::iter::View<'a>>(records: conduit::iter::Records<'a, V>) -> usize {
///     records.len()
/// }
/// # use conduit_testkit::REGISTRY;
/// assert_eq!(names(REGISTRY.resources()), 3);
/// ```
pub trait View<'a>: Copy + sealed::Sealed {
    /// The archived record the view reads.
    #[doc(hidden)]
    type Raw: 'a;

    /// Wraps one archived record.
    #[doc(hidden)]
    fn from_raw(schema: &'a ArchivedSchema, raw: &'a Self::Raw) -> Self;
}

/// An iterator over archived records, yielding views.
///
/// Returned by [`Registry::resources`](crate::Registry::resources),
/// [`ResourceRef::fields`](crate::ResourceRef::fields) and the other plural
/// accessors.
///
/// ```
/// # use conduit_testkit::REGISTRY;
/// let mut fields = REGISTRY.resource("Post").unwrap().fields();
/// assert_eq!(fields.next().unwrap().name(), "id");
/// assert_eq!(fields.next_back().unwrap().name(), "updated_at");
/// assert_eq!(fields.len(), 4);
/// ```
#[must_use = "iterators are lazy and do nothing unless consumed"]
pub struct Records<'a, V: View<'a>> {
    schema: &'a ArchivedSchema,
    iter: slice::Iter<'a, V::Raw>,
}

impl<'a, V: View<'a>> Records<'a, V> {
    pub(crate) fn new(schema: &'a ArchivedSchema, records: &'a [V::Raw]) -> Self {
        Records {
            schema,
            iter: records.iter(),
        }
    }
}

impl<'a, V: View<'a>> Clone for Records<'a, V> {
    fn clone(&self) -> Self {
        Records {
            schema: self.schema,
            iter: self.iter.clone(),
        }
    }
}

impl<'a, V: View<'a>> Iterator for Records<'a, V> {
    type Item = V;

    #[inline]
    fn next(&mut self) -> Option<V> {
        self.iter.next().map(|raw| V::from_raw(self.schema, raw))
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.iter.size_hint()
    }

    #[inline]
    fn nth(&mut self, n: usize) -> Option<V> {
        self.iter.nth(n).map(|raw| V::from_raw(self.schema, raw))
    }

    #[inline]
    fn count(self) -> usize {
        self.iter.len()
    }

    #[inline]
    fn last(mut self) -> Option<V> {
        self.next_back()
    }
}

impl<'a, V: View<'a>> DoubleEndedIterator for Records<'a, V> {
    #[inline]
    fn next_back(&mut self) -> Option<V> {
        self.iter
            .next_back()
            .map(|raw| V::from_raw(self.schema, raw))
    }

    #[inline]
    fn nth_back(&mut self, n: usize) -> Option<V> {
        self.iter
            .nth_back(n)
            .map(|raw| V::from_raw(self.schema, raw))
    }
}

impl<'a, V: View<'a>> ExactSizeIterator for Records<'a, V> {}

impl<'a, V: View<'a>> FusedIterator for Records<'a, V> {}

impl<'a, V: View<'a> + fmt::Debug> fmt::Debug for Records<'a, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

/// An iterator over archived strings, yielding `&str`.
///
/// Returned by [`FieldRef::tags`](crate::FieldRef::tags),
/// [`ResourceRef::middleware`](crate::ResourceRef::middleware),
/// [`HookRef::calls`](crate::HookRef::calls) and other lists of names.
///
/// ```
/// use conduit::Operation;
/// # use conduit_testkit::REGISTRY;
/// let chain = REGISTRY.resource("Post").unwrap().middleware(Operation::Create);
/// assert_eq!(chain.collect::<Vec<_>>(), ["auth", "rate_limit(5/hour)"]);
/// ```
#[derive(Clone)]
#[must_use = "iterators are lazy and do nothing unless consumed"]
pub struct Strs<'a> {
    schema: &'a ArchivedSchema,
    iter: slice::Iter<'a, Archived<u32>>,
}

impl<'a> Strs<'a> {
    pub(crate) fn new(schema: &'a ArchivedSchema, list: &'a ArchivedStrList) -> Self {
        Strs {
            schema,
            iter: schema.list(*list).iter(),
        }
    }

    pub(crate) fn empty(schema: &'a ArchivedSchema) -> Self {
        Strs {
            schema,
            iter: [].iter(),
        }
    }
}

impl<'a> Iterator for Strs<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        self.iter
            .next()
            .map(|id| self.schema.str_at(id.to_native()))
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.iter.size_hint()
    }

    #[inline]
    fn nth(&mut self, n: usize) -> Option<&'a str> {
        self.iter
            .nth(n)
            .map(|id| self.schema.str_at(id.to_native()))
    }

    #[inline]
    fn count(self) -> usize {
        self.iter.len()
    }

    #[inline]
    fn last(mut self) -> Option<&'a str> {
        self.next_back()
    }
}

impl<'a> DoubleEndedIterator for Strs<'a> {
    #[inline]
    fn next_back(&mut self) -> Option<&'a str> {
        self.iter
            .next_back()
            .map(|id| self.schema.str_at(id.to_native()))
    }

    #[inline]
    fn nth_back(&mut self, n: usize) -> Option<&'a str> {
        self.iter
            .nth_back(n)
            .map(|id| self.schema.str_at(id.to_native()))
    }
}

impl ExactSizeIterator for Strs<'_> {}

impl FusedIterator for Strs<'_> {}

impl fmt::Debug for Strs<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

/// An iterator over archived operations, yielding [`Operation`]s.
///
/// Returned by [`ResourceRef::operations`](crate::ResourceRef::operations)
/// and [`ConstraintRef::operations`](crate::ConstraintRef::operations).
///
/// ```
/// use conduit::Operation;
/// # use conduit_testkit::REGISTRY;
/// let ops = REGISTRY.resource("Comment").unwrap().operations();
/// assert_eq!(ops.collect::<Vec<_>>(), [Operation::List, Operation::Create]);
/// ```
#[derive(Clone)]
#[must_use = "iterators are lazy and do nothing unless consumed"]
pub struct Operations<'a> {
    iter: slice::Iter<'a, rkyv::Archived<Operation>>,
}

impl<'a> Operations<'a> {
    pub(crate) fn new(operations: &'a [rkyv::Archived<Operation>]) -> Self {
        Operations {
            iter: operations.iter(),
        }
    }
}

impl Iterator for Operations<'_> {
    type Item = Operation;

    #[inline]
    fn next(&mut self) -> Option<Operation> {
        self.iter.next().map(Operation::from)
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.iter.size_hint()
    }

    #[inline]
    fn nth(&mut self, n: usize) -> Option<Operation> {
        self.iter.nth(n).map(Operation::from)
    }

    #[inline]
    fn count(self) -> usize {
        self.iter.len()
    }

    #[inline]
    fn last(mut self) -> Option<Operation> {
        self.next_back()
    }
}

impl DoubleEndedIterator for Operations<'_> {
    #[inline]
    fn next_back(&mut self) -> Option<Operation> {
        self.iter.next_back().map(Operation::from)
    }

    #[inline]
    fn nth_back(&mut self, n: usize) -> Option<Operation> {
        self.iter.nth_back(n).map(Operation::from)
    }
}

impl ExactSizeIterator for Operations<'_> {}

impl FusedIterator for Operations<'_> {}

impl fmt::Debug for Operations<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

/// An iterator over records picked by a precomputed list of indexes (the
/// route, pattern and dependency indexes), yielding views.
///
/// Returned by [`Registry::routes_by_method`](crate::Registry::routes_by_method)
/// and the other indexed queries.
///
/// Its length is exact: every index of every table is in range, because the
/// build step generates them from the tables they index and
/// [`Registry::from_bytes`](crate::Registry::from_bytes) refuses a blob with
/// an index out of range. (Were one out of range anyway, iteration would
/// end there instead of reading out of bounds.)
///
/// ```
/// use conduit::Method;
/// # use conduit_testkit::REGISTRY;
/// let gets = REGISTRY.routes_by_method(Method::Get);
/// assert!(gets.len() > 0);
/// assert!(gets.clone().all(|r| r.method() == Method::Get));
/// ```
#[must_use = "iterators are lazy and do nothing unless consumed"]
pub struct Indexed<'a, V: View<'a>> {
    schema: &'a ArchivedSchema,
    table: &'a [V::Raw],
    ids: slice::Iter<'a, rkyv::Archived<u32>>,
}

impl<'a, V: View<'a>> Indexed<'a, V> {
    pub(crate) fn new(
        schema: &'a ArchivedSchema,
        table: &'a [V::Raw],
        ids: &'a [rkyv::Archived<u32>],
    ) -> Self {
        Indexed {
            schema,
            table,
            ids: ids.iter(),
        }
    }

    pub(crate) fn empty(schema: &'a ArchivedSchema) -> Self {
        Indexed {
            schema,
            table: &[],
            ids: [].iter(),
        }
    }

    #[inline]
    fn view(&self, id: &rkyv::Archived<u32>) -> Option<V> {
        let raw = self.table.get(usize::try_from(id.to_native()).ok()?)?;
        Some(V::from_raw(self.schema, raw))
    }
}

impl<'a, V: View<'a>> Clone for Indexed<'a, V> {
    fn clone(&self) -> Self {
        Indexed {
            schema: self.schema,
            table: self.table,
            ids: self.ids.clone(),
        }
    }
}

impl<'a, V: View<'a>> Iterator for Indexed<'a, V> {
    type Item = V;

    #[inline]
    fn next(&mut self) -> Option<V> {
        let id = self.ids.next()?;
        let view = self.view(id);
        if view.is_none() {
            self.ids = [].iter(); // unreachable for a loaded registry; stays fused
        }
        view
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.ids.size_hint()
    }

    #[inline]
    fn nth(&mut self, n: usize) -> Option<V> {
        let id = self.ids.nth(n)?;
        let view = self.view(id);
        if view.is_none() {
            self.ids = [].iter();
        }
        view
    }

    #[inline]
    fn count(self) -> usize {
        self.ids.len()
    }

    #[inline]
    fn last(mut self) -> Option<V> {
        self.next_back()
    }
}

impl<'a, V: View<'a>> DoubleEndedIterator for Indexed<'a, V> {
    #[inline]
    fn next_back(&mut self) -> Option<V> {
        let id = self.ids.next_back()?;
        let view = self.view(id);
        if view.is_none() {
            self.ids = [].iter();
        }
        view
    }
}

impl<'a, V: View<'a>> ExactSizeIterator for Indexed<'a, V> {}

impl<'a, V: View<'a>> FusedIterator for Indexed<'a, V> {}

impl<'a, V: View<'a> + fmt::Debug> fmt::Debug for Indexed<'a, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}
