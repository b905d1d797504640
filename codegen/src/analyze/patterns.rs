//! Pattern extraction, with the reference's rules: an identical middleware
//! chain (order matters) used by at least [`THRESHOLD`] (resource, operation)
//! pairs is a pattern; hooks, validations and relationships recurring as
//! often are patterns too. Ids are content hashes; ties break by name.

use crate::naming::snake_case;
use conduit_format::hash::{Fnv64, WordMap};
use conduit_format::schema::{Hook, Relationship, Resource, Schema};
use conduit_format::tables::{Group, Pattern};
use conduit_format::{HookKind, Operation, PatternCategory, RelationKind};
use std::collections::BTreeMap;
use std::hash::Hash;

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

/// A pattern candidate that occurs often enough, as [`pattern`] turns it
/// into a [`Pattern`].
#[derive(Default)]
struct Candidate {
    name: String,
    category: &'static str,
    /// How many times it occurs.
    frequency: u32,
    description: String,
    template: String,
    /// The first [`MAX_EXAMPLES`] occurrences, `Resource.place`.
    examples: Vec<String>,
    /// The middleware chain of a middleware pattern; empty otherwise.
    chain: Vec<String>,
}

/// One candidate while counting: what it is (`source`, from its first
/// occurrence), how often it occurs, and its first examples as `(resource,
/// place)` pairs. Most candidates occur once (a resource's own hook, a
/// relationship to one target), so nothing is written or allocated for
/// them; [`kept`] makes a [`Candidate`] of those that occur often enough.
struct Tally<'a, S> {
    source: S,
    frequency: u32,
    examples: [(&'a str, &'a str); MAX_EXAMPLES],
}

/// Counts an occurrence of the candidate `key`; `source` describes it the
/// first time, and `example` names the occurrence.
fn tally<'a, K: Hash + Eq, S>(
    found: &mut WordMap<K, Tally<'a, S>>,
    key: K,
    source: impl FnOnce() -> S,
    example: (&'a str, &'a str),
) {
    found
        .entry(key)
        .or_insert_with(|| Tally {
            source: source(),
            frequency: 0,
            examples: [("", ""); MAX_EXAMPLES],
        })
        .occurs(example);
}

impl<'a, S> Tally<'a, S> {
    fn occurs(&mut self, example: (&'a str, &'a str)) {
        if let Some(slot) = self.examples.get_mut(self.frequency as usize) {
            *slot = example;
        }
        self.frequency += 1;
    }
}

/// The candidates of one kind occurring at least [`THRESHOLD`] times, in
/// template order; `candidate` describes one from its source.
fn kept<K, S>(
    found: WordMap<K, Tally<'_, S>>,
    candidate: impl Fn(S) -> Candidate,
) -> impl Iterator<Item = Candidate> {
    let mut kept: Vec<Candidate> = found
        .into_values()
        .filter(|t| t.frequency as usize >= THRESHOLD)
        .map(|t| {
            let seen = (t.frequency as usize).min(MAX_EXAMPLES);
            let examples = t.examples[..seen]
                .iter()
                .map(|(resource, place)| format!("{resource}.{place}"))
                .collect();
            Candidate {
                frequency: t.frequency,
                examples,
                ..candidate(t.source)
            }
        })
        .collect();
    kept.sort_by(|a, b| a.template.cmp(&b.template));
    kept.into_iter()
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
    // Counted by kind (middleware chains, hooks, validations,
    // relationships), each keyed by what makes its template; the candidates
    // are kept in that order, then by template.
    let mut chains: WordMap<String, Tally<&[String]>> = WordMap::default();
    let mut hooks: WordMap<(HookKind, &str), Tally<&Hook>> = WordMap::default();
    let mut validations: WordMap<&str, Tally<&str>> = WordMap::default();
    let mut relationships: WordMap<(RelationKind, &str), Tally<&Relationship>> = WordMap::default();
    // A chain's template is written here; the map copies it once.
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
            let example = (r.name.as_str(), place);
            match chains.get_mut(key.as_str()) {
                Some(t) => t.occurs(example),
                None => tally(&mut chains, key.clone(), || chain, example),
            }
        }
        for h in &r.hooks {
            let example = (r.name.as_str(), h.kind.as_str());
            tally(&mut hooks, (h.kind, h.function.as_str()), || h, example);
        }
        for v in &r.validations {
            let example = (r.name.as_str(), v.field.as_str());
            tally(
                &mut validations,
                v.kind.as_str(),
                || v.kind.as_str(),
                example,
            );
        }
        for rel in &r.relationships {
            let example = (r.name.as_str(), rel.name.as_str());
            tally(
                &mut relationships,
                (rel.kind, rel.target.as_str()),
                || rel,
                example,
            );
        }
    }
    let chains = kept(chains, |chain| {
        let template = format!("[{}]", chain.join(", "));
        Candidate {
            name: chain_name(chain, false),
            category: middleware_category(chain).as_str(),
            description: format!(
                "operations running the middleware chain {}",
                chain.join(" → ")
            ),
            template,
            chain: chain.to_vec(),
            ..Candidate::default()
        }
    });
    let hooks = kept(hooks, |h| {
        let last = h.function.rsplit("::").next().unwrap_or(&h.function);
        Candidate {
            name: format!("{}_{}", h.kind.as_str(), last),
            category: PatternCategory::Hook.as_str(),
            description: format!(
                "resources running `{}` {}",
                h.function,
                h.kind.as_str().replace('_', " ")
            ),
            template: format!("{} = {}", h.kind.as_str(), h.function),
            ..Candidate::default()
        }
    });
    let validations = kept(validations, |kind| Candidate {
        name: format!("{kind}_validation"),
        category: PatternCategory::Validation.as_str(),
        description: format!("fields validated with `{kind}`"),
        template: format!("@{kind}"),
        ..Candidate::default()
    });
    let relationships = kept(relationships, |rel| Candidate {
        name: format!("{}_{}", rel.kind.as_str(), snake_case(&rel.target)),
        category: PatternCategory::Relationship.as_str(),
        description: format!(
            "resources with a `{}` relationship to `{}`",
            rel.kind.as_str(),
            rel.target
        ),
        template: format!("{} {}", rel.kind.as_str(), rel.target),
        ..Candidate::default()
    });
    let mut kept: Vec<Candidate> = chains
        .chain(hooks)
        .chain(validations)
        .chain(relationships)
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
    fn hooks_validations_and_relationships_recurring_are_patterns_with_their_first_examples() {
        use conduit_format::schema::{Hook, Relationship, Validation};
        let hook = |function: &str| Hook {
            kind: HookKind::BeforeCreate,
            transaction: false,
            is_async: false,
            function: function.into(),
            source: None,
            source_location: None,
            calls: Vec::new(),
            location: Default::default(),
        };
        let belongs_to = |target: &str| Relationship {
            name: snake_case(target),
            target: target.into(),
            foreign_key: None,
            through: None,
            kind: RelationKind::BelongsTo,
            on_delete: None,
            on_update: None,
            location: Default::default(),
        };
        let resources = (0..7)
            .map(|i| Resource {
                name: format!("R{i}"),
                // `stamp` on all seven, a hook of its own on each.
                hooks: vec![hook("crate::hooks::stamp"), hook(&format!("own{i}"))],
                validations: (i < 3)
                    .then(|| Validation {
                        field: format!("f{i}"),
                        kind: "email".into(),
                        ..Default::default()
                    })
                    .into_iter()
                    .collect(),
                // Three to `User` and four to `Post`, one to `Tag`.
                relationships: [
                    Some(belongs_to(if i < 3 { "User" } else { "Post" })),
                    (i == 0).then(|| belongs_to("Tag")),
                ]
                .into_iter()
                .flatten()
                .collect(),
                ..Default::default()
            })
            .collect();
        let (patterns, _) = compute(&Schema {
            resources,
            ..Default::default()
        });
        let got: Vec<(&str, u32, &str, Vec<&str>)> = patterns
            .iter()
            .map(|p| {
                let examples = p.examples.iter().map(String::as_str).collect();
                (p.name.as_str(), p.frequency, p.template.as_str(), examples)
            })
            .collect();
        let first = |n: usize, place: &str| -> Vec<String> {
            (0..n).map(|i| format!("R{i}.{place}")).collect()
        };
        let stamp = first(MAX_EXAMPLES, "before_create");
        let email: Vec<String> = (0..3).map(|i| format!("R{i}.f{i}")).collect();
        let post: Vec<String> = (3..7).map(|i| format!("R{i}.post")).collect();
        let user = first(3, "user");
        fn strs(v: &[String]) -> Vec<&str> {
            v.iter().map(String::as_str).collect()
        }
        assert_eq!(
            got,
            [
                (
                    "before_create_stamp",
                    7,
                    "before_create = crate::hooks::stamp",
                    strs(&stamp)
                ),
                ("belongs_to_post", 4, "belongs_to Post", strs(&post)),
                ("belongs_to_user", 3, "belongs_to User", strs(&user)),
                ("email_validation", 3, "@email", strs(&email)),
            ]
        );
        assert_eq!(
            patterns[0].description,
            "resources running `crate::hooks::stamp` before create"
        );
        assert_eq!(patterns[1].category, "relationship");
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
