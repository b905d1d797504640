//! Pattern extraction, with the reference's rules: an identical middleware
//! chain (order matters) used by at least [`THRESHOLD`] (resource, operation)
//! pairs is a pattern; hooks, validations and relationships recurring as
//! often are patterns too. Ids are content hashes; ties break by name.

use crate::naming::snake_case;
use conduit_format::hash::Fnv64;
use conduit_format::schema::{Resource, Schema};
use conduit_format::tables::{Group, Pattern};
use conduit_format::{Operation, PatternCategory};
use std::collections::BTreeMap;

/// How many occurrences make a pattern.
pub const THRESHOLD: usize = 3;
/// How many examples a pattern keeps.
pub const MAX_EXAMPLES: usize = 5;

/// The pattern name of one middleware: `auth` → `authenticated`, …
fn middleware_word(m: &str) -> String {
    let base = m.split('(').next().unwrap_or(m).trim();
    match base {
        "auth" => "authenticated".into(),
        "cache" => "cached".into(),
        "rate_limit" => "rate_limited".into(),
        "cors" => "cors_enabled".into(),
        "log" => "logged".into(),
        other => other.to_owned(),
    }
}

fn middleware_category(chain: &[String]) -> PatternCategory {
    let has = |name: &str| {
        chain
            .iter()
            .any(|m| m.split('(').next().unwrap_or(m).trim() == name)
    };
    if has("auth") {
        PatternCategory::Authentication
    } else if has("cache") {
        PatternCategory::Caching
    } else if has("rate_limit") {
        PatternCategory::RateLimiting
    } else if has("cors") {
        PatternCategory::Cors
    } else {
        PatternCategory::General
    }
}

/// Occurrences of one candidate: how many, and the first examples in
/// schema order.
#[derive(Default)]
struct Candidate {
    name: String,
    category: &'static str,
    /// How many times it occurs.
    frequency: u32,
    /// The first [`MAX_EXAMPLES`] occurrences.
    description: String,
    template: String,
    examples: Vec<String>,
    /// The middleware chain of a middleware pattern; empty otherwise.
    chain: Vec<String>,
}

impl Candidate {
    /// Counts one more occurrence; `example` names it, and is only written
    /// for the first [`MAX_EXAMPLES`].
    fn occurs(&mut self, example: impl FnOnce() -> String) {
        self.frequency += 1;
        if self.examples.len() < MAX_EXAMPLES {
            self.examples.push(example());
        }
    }
}

/// Counts an occurrence of the candidate of `template` in `found`, made by
/// `new` the first time (the template is only copied then); `example`
/// names the occurrence.
fn occurs(
    found: &mut BTreeMap<String, Candidate>,
    template: &str,
    new: impl FnOnce() -> Candidate,
    example: impl FnOnce() -> String,
) {
    match found.get_mut(template) {
        Some(c) => c.occurs(example),
        None => {
            let mut c = new();
            c.occurs(example);
            found.insert(template.to_owned(), c);
        }
    }
}

fn pattern(c: Candidate) -> Pattern {
    let frequency = c.frequency;
    let id = Fnv64::new()
        .str(c.category)
        .str(&c.name)
        .str(&c.template)
        .finish();
    Pattern {
        id: format!("p-{id:016x}"),
        name: c.name,
        category: c.category.to_owned(),
        description: c.description,
        template: c.template,
        examples: c.examples,
        frequency,
        confidence: (frequency as f32 / 10.0).min(1.0),
    }
}

/// Every operation of `r` with its middleware chain: the REST operations
/// (`create`), then the actions (`favorite`), then the custom routes
/// (`publish` of `Post.publish`), each once however often it is nested.
pub fn operation_chains(r: &Resource) -> impl Iterator<Item = (&str, &[String])> {
    let rest = Operation::ALL.iter().filter_map(|op| {
        r.middleware
            .iter()
            .find(|m| m.operation == *op && !m.chain.is_empty())
            .map(|m| (op.as_str(), m.chain.as_slice()))
    });
    let actions = r
        .api
        .actions
        .iter()
        .map(|a| (a.name.as_str(), a.middleware.as_slice()));
    let custom = r.custom_routes.iter().map(|c| {
        let place = c.handler.rsplit('.').next().unwrap_or(&c.handler);
        (place, c.middleware.as_slice())
    });
    rest.chain(actions).chain(custom)
}

/// The pattern name of a chain: `[auth, cache(300)]` is
/// `authenticated_cached_handler`; `qualified` keeps each middleware's
/// arguments (`authenticated_optional_handler` for `[auth(optional)]`).
fn chain_name(chain: &[String], qualified: bool) -> String {
    let words: Vec<String> = chain
        .iter()
        .map(|m| {
            let word = middleware_word(m);
            let args: String = m
                .split_once('(')
                .map(|(_, a)| a.trim_end_matches(')'))
                .unwrap_or("")
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_lowercase()
                    } else {
                        '_'
                    }
                })
                .collect();
            let args = args.trim_matches('_');
            if qualified && !args.is_empty() {
                format!("{word}_{args}")
            } else {
                word
            }
        })
        .collect();
    format!("{}_handler", words.join("_"))
}

/// Makes pattern names unique, deterministically: when two middleware
/// patterns would share a name (`[auth]` and `[auth(optional)]` are both
/// `authenticated_handler`), each whose chain has arguments takes the
/// qualified name (`authenticated_optional_handler`); names still shared
/// get `_2`, `_3`… in template order.
fn unique_names(kept: &mut [Candidate]) {
    // How many candidates have each name, as names change.
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for c in kept.iter() {
        *count.entry(c.name.clone()).or_default() += 1;
    }
    for c in kept.iter_mut() {
        let shared = count.get(&c.name).is_some_and(|&n| n > 1);
        if shared && c.chain.iter().any(|m| m.contains('(')) {
            let qualified = chain_name(&c.chain, true);
            if let Some(n) = count.get_mut(&c.name) {
                *n -= 1;
            }
            *count.entry(qualified.clone()).or_default() += 1;
            c.name = qualified;
        }
    }
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for c in kept.iter_mut() {
        let n = seen.entry(c.name.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            c.name = format!("{}_{n}", c.name);
        }
    }
}

/// Fills `schema.patterns` and `schema.patterns_by_category`.
pub fn build(schema: &mut Schema) {
    (schema.patterns, schema.patterns_by_category) = compute(schema);
}

/// The patterns of `schema`, and their indexes by category (one group per
/// [`PatternCategory::ALL`] entry), as [`build`] stores them.
pub fn compute(schema: &Schema) -> (Vec<Pattern>, Vec<Group>) {
    use std::fmt::Write as _;
    // By kind (middleware chains, hooks, validations, relationships), then
    // template: the order candidates are kept in.
    let mut found: [BTreeMap<String, Candidate>; 4] = Default::default();
    let [chains, hooks, validations, relationships] = &mut found;
    // Each occurrence's template is written here; a candidate copies it once.
    let mut key = String::new();
    for r in &schema.resources {
        for (place, chain) in operation_chains(r) {
            if chain.is_empty() {
                continue;
            }
            key.clear();
            key.push('[');
            for (i, m) in chain.iter().enumerate() {
                key.push_str(if i == 0 { "" } else { ", " });
                key.push_str(m);
            }
            key.push(']');
            occurs(
                chains,
                &key,
                || Candidate {
                    name: chain_name(chain, false),
                    category: middleware_category(chain).as_str(),
                    description: format!(
                        "operations running the middleware chain {}",
                        chain.join(" → ")
                    ),
                    template: key.clone(),
                    chain: chain.to_vec(),
                    ..Candidate::default()
                },
                || format!("{}.{place}", r.name),
            );
        }
        for h in &r.hooks {
            key.clear();
            let _ = write!(key, "{} = {}", h.kind.as_str(), h.function);
            let last = h.function.rsplit("::").next().unwrap_or(&h.function);
            occurs(
                hooks,
                &key,
                || Candidate {
                    name: format!("{}_{}", h.kind.as_str(), last),
                    category: PatternCategory::Hook.as_str(),
                    description: format!(
                        "resources running `{}` {}",
                        h.function,
                        h.kind.as_str().replace('_', " ")
                    ),
                    template: key.clone(),
                    ..Candidate::default()
                },
                || format!("{}.{}", r.name, h.kind.as_str()),
            );
        }
        for v in &r.validations {
            occurs(
                validations,
                &v.kind,
                || Candidate {
                    name: format!("{}_validation", v.kind),
                    category: PatternCategory::Validation.as_str(),
                    description: format!("fields validated with `{}`", v.kind),
                    template: format!("@{}", v.kind),
                    ..Candidate::default()
                },
                || format!("{}.{}", r.name, v.field),
            );
        }
        for rel in &r.relationships {
            key.clear();
            let _ = write!(key, "{} {}", rel.kind.as_str(), rel.target);
            occurs(
                relationships,
                &key,
                || Candidate {
                    name: format!("{}_{}", rel.kind.as_str(), snake_case(&rel.target)),
                    category: PatternCategory::Relationship.as_str(),
                    description: format!(
                        "resources with a `{}` relationship to `{}`",
                        rel.kind.as_str(),
                        rel.target
                    ),
                    template: key.clone(),
                    ..Candidate::default()
                },
                || format!("{}.{}", r.name, rel.name),
            );
        }
    }
    let mut kept: Vec<Candidate> = found
        .into_iter()
        .flat_map(BTreeMap::into_values)
        .filter(|c| c.frequency as usize >= THRESHOLD)
        .collect();
    unique_names(&mut kept);
    let mut patterns: Vec<Pattern> = kept.into_iter().map(pattern).collect();
    patterns.sort_by(|a, b| {
        b.frequency
            .cmp(&a.frequency)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.template.cmp(&b.template))
    });
    let mut by_category: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for (i, p) in patterns.iter().enumerate() {
        by_category.entry(&p.category).or_default().push(i as u32);
    }
    // One group per category, in `PatternCategory::ALL` order: the runtime
    // indexes it by the category, without comparing a string.
    let by_category = PatternCategory::ALL
        .iter()
        .map(|c| Group {
            key: c.as_str().to_owned(),
            items: by_category.remove(c.as_str()).unwrap_or_default(),
        })
        .collect();
    (patterns, by_category)
}

#[cfg(test)]
mod tests {
    use super::*;
    use conduit_format::schema::{Middleware, Resource};

    fn resource(name: &str, chains: &[(Operation, &[&str])]) -> Resource {
        Resource {
            name: name.into(),
            middleware: chains
                .iter()
                .map(|(op, c)| Middleware {
                    operation: *op,
                    chain: c.iter().map(|s| s.to_string()).collect(),
                    location: Default::default(),
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn the_reference_fixture_shape_gives_the_reference_patterns() {
        // patterns50_resources.json: create/delete [auth], list [cache], update [auth, cache].
        let resources = (0..50)
            .map(|i| {
                resource(
                    &format!("Resource{i:02}"),
                    &[
                        (Operation::Create, &["auth"]),
                        (Operation::Delete, &["auth"]),
                        (Operation::List, &["cache"]),
                        (Operation::Update, &["auth", "cache"]),
                    ],
                )
            })
            .collect();
        let mut schema = Schema {
            resources,
            ..Default::default()
        };
        build(&mut schema);
        let got: Vec<(&str, u32, &str)> = schema
            .patterns
            .iter()
            .map(|p| (p.name.as_str(), p.frequency, p.category.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("authenticated_handler", 100, "authentication"),
                ("authenticated_cached_handler", 50, "authentication"),
                ("cached_handler", 50, "caching"),
            ]
        );
        assert_eq!(schema.patterns[0].examples.len(), MAX_EXAMPLES);
        assert_eq!(schema.patterns[0].confidence, 1.0);
    }

    #[test]
    fn fewer_than_three_uses_is_not_a_pattern_and_ids_are_stable() {
        let mut schema = Schema {
            resources: vec![
                resource("A", &[(Operation::Create, &["cors", "rate_limit(5/hour)"])]),
                resource("B", &[(Operation::Create, &["cors", "rate_limit(5/hour)"])]),
                resource(
                    "C",
                    &[
                        (Operation::Create, &["cors", "rate_limit(5/hour)"]),
                        (Operation::List, &["x"]),
                    ],
                ),
            ],
            ..Default::default()
        };
        build(&mut schema);
        assert_eq!(schema.patterns.len(), 1);
        let p = &schema.patterns[0];
        assert_eq!(p.name, "cors_enabled_rate_limited_handler");
        assert_eq!(p.category, "rate_limiting");
        assert_eq!(p.examples, ["A.create", "B.create", "C.create"]);
        assert!((p.confidence - 0.3).abs() < 1e-6);
        let id = p.id.clone();
        build(&mut schema);
        assert_eq!(schema.patterns[0].id, id);
    }
}
