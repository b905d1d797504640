//! The generated fixtures, each a crate with its own registry.

use conduit::Registry;

/// One generated schema: conduit's registry and the same data as the
/// reference's metadata JSON.
#[derive(Clone, Copy)]
pub struct Fixture {
    /// The shape's name (`rich50`, `chain20`, …).
    pub name: &'static str,
    /// conduit's registry, embedded in this binary.
    pub registry: &'static Registry<'static>,
    /// The registry in the reference's metadata JSON.
    pub json: &'static str,
    /// What the build step cost and produced (JSON).
    pub build_stats: &'static str,
}

macro_rules! fixture {
    ($(#[$m:meta])* $fn:ident, $krate:ident, $name:literal) => {
        $(#[$m])*
        pub fn $fn() -> Fixture {
            Fixture {
                name: $name,
                registry: &$krate::REGISTRY,
                json: $krate::REFERENCE_JSON,
                build_stats: $krate::BUILD_STATS,
            }
        }
    };
}

fixture!(
    /// The headline fixture: 50 generated resources of the richer shape.
    rich50, conduit_fixture_rich50, "rich50"
);
fixture!(
    /// The reference's `large50.json` shape (its `RegistryInit` fixture).
    large50, conduit_fixture_large50, "large50"
);
fixture!(
    /// The reference's `large100.json` shape.
    large100, conduit_fixture_large100, "large100"
);
fixture!(
    /// The reference's `api_bench.json` shape (its `Registry_*` query fixture).
    api_bench, conduit_fixture_api_bench, "api_bench"
);
fixture!(
    /// The reference's `chain10.json` shape.
    chain10, conduit_fixture_chain10, "chain10"
);
fixture!(
    /// The reference's `chain20.json` shape.
    chain20, conduit_fixture_chain20, "chain20"
);
fixture!(
    /// The reference's `chain50.json` shape.
    chain50, conduit_fixture_chain50, "chain50"
);
fixture!(
    /// The reference's `depgraph50.json` shape.
    depgraph50, conduit_fixture_depgraph50, "depgraph50"
);
fixture!(
    /// The reference's `patterns50_resources.json` shape.
    patterns50, conduit_fixture_patterns50, "patterns50"
);
#[cfg(feature = "scaling")]
fixture!(
    /// 500 generated resources of the richer shape.
    rich500, conduit_fixture_rich500, "rich500"
);
#[cfg(feature = "scaling")]
fixture!(
    /// 5,000 generated resources of the richer shape.
    rich5000, conduit_fixture_rich5000, "rich5000"
);
#[cfg(feature = "scaling")]
fixture!(
    /// 10,000 generated resources of the richer shape.
    rich10000, conduit_fixture_rich10000, "rich10000"
);

/// Every fixture built by default.
pub fn all() -> Vec<Fixture> {
    vec![
        rich50(),
        large50(),
        large100(),
        api_bench(),
        chain10(),
        chain20(),
        chain50(),
        depgraph50(),
        patterns50(),
    ]
}

/// The fixtures of the scaling runs: N = 50, and 500 / 5,000 / 10,000 with
/// the `scaling` feature.
pub fn scaling() -> Vec<Fixture> {
    #[allow(unused_mut)]
    let mut v = vec![rich50()];
    #[cfg(feature = "scaling")]
    v.extend([rich500(), rich5000(), rich10000()]);
    v
}
