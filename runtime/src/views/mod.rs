//! The views queries hand out: small `Copy` handles on archived records.
//!
//! Each view holds a reference to the archived schema (to resolve
//! [`Location`]s) and one to its record. Two views are equal when they read
//! the same record.

mod computed;
mod constraint;
mod field;
mod hook;
mod location;
mod pattern;
mod query;
mod relationship;
mod resource;
mod route;
mod scope;
mod validation;

pub use computed::ComputedRef;
pub use constraint::ConstraintRef;
pub use field::FieldRef;
pub use hook::HookRef;
pub use location::Location;
pub use pattern::PatternRef;
pub(crate) use pattern::category as pattern_category;
pub use query::QueryParamRef;
pub use relationship::RelationshipRef;
pub use resource::ResourceRef;
pub use route::RouteRef;
pub use scope::ScopeRef;
pub use validation::ValidationRef;

/// Declares a view: the struct, its `View` impl, pointer-identity equality and
/// the `location` accessor of records that store their location (a route
/// reads its location from its declaration, so it defines its own).
macro_rules! view {
    (
        $(#[$meta:meta])*
        pub struct $name:ident => $raw:ty;
        location: $(#[$loc_meta:meta])*
    ) => {
        view! {
            $(#[$meta])*
            pub struct $name => $raw;
        }

        impl<'a> $name<'a> {
            $(#[$loc_meta])*
            #[inline]
            pub fn location(self) -> crate::Location<'a> {
                crate::Location::resolve(self.schema, &self.raw.location)
            }
        }
    };
    (
        $(#[$meta:meta])*
        pub struct $name:ident => $raw:ty;
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy)]
        pub struct $name<'a> {
            schema: &'a ::conduit_format::schema::ArchivedSchema,
            raw: &'a $raw,
        }

        impl crate::iter::sealed::Sealed for $name<'_> {}

        impl<'a> crate::iter::View<'a> for $name<'a> {
            type Raw = $raw;

            #[inline]
            fn from_raw(schema: &'a ::conduit_format::schema::ArchivedSchema, raw: &'a $raw) -> Self {
                $name { schema, raw }
            }
        }

        impl PartialEq for $name<'_> {
            /// Two views are equal when they read the same archived record.
            fn eq(&self, other: &Self) -> bool {
                ::core::ptr::eq(self.raw, other.raw)
            }
        }

        impl Eq for $name<'_> {}
    };
}

use view;
