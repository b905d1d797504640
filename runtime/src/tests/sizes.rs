//! Answers are small by value: views at most 16 bytes and `Copy`, `Deps` and
//! `RouteMatch` at most 64.

use crate::*;
use core::mem::size_of;

fn view<T: Copy>() -> usize {
    size_of::<T>()
}

#[test]
fn views_are_copy_and_at_most_16_bytes() {
    let sizes = [
        ("ResourceRef", view::<ResourceRef<'static>>()),
        ("FieldRef", view::<FieldRef<'static>>()),
        ("RelationshipRef", view::<RelationshipRef<'static>>()),
        ("HookRef", view::<HookRef<'static>>()),
        ("ValidationRef", view::<ValidationRef<'static>>()),
        ("ConstraintRef", view::<ConstraintRef<'static>>()),
        ("ScopeRef", view::<ScopeRef<'static>>()),
        ("ComputedRef", view::<ComputedRef<'static>>()),
        ("RouteRef", view::<RouteRef<'static>>()),
        ("PatternRef", view::<PatternRef<'static>>()),
        ("NodeRef", view::<NodeRef<'static>>()),
        ("EdgeRef", view::<EdgeRef<'static>>()),
        ("Cycle", view::<Cycle<'static>>()),
        ("Location", view::<Location<'static>>()),
    ];
    eprintln!("{sizes:?}");
    let too_big: Vec<_> = sizes.iter().filter(|(_, n)| *n > 16).collect();
    assert!(too_big.is_empty(), "views over 16 bytes: {too_big:?}");
}

#[test]
fn deps_and_route_match_are_at_most_64_bytes() {
    eprintln!(
        "Deps {} RouteMatch {}",
        size_of::<Deps<'static>>(),
        size_of::<RouteMatch<'static, 'static>>()
    );
    assert!(
        size_of::<Deps<'static>>() <= 64,
        "{}",
        size_of::<Deps<'static>>()
    );
    assert!(
        size_of::<RouteMatch<'static, 'static>>() <= 64,
        "{}",
        size_of::<RouteMatch<'static, 'static>>()
    );
    assert!(size_of::<DepQuery>() <= 16);
}
