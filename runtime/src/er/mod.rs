//! [`Registry::to_mermaid`] and [`Registry::to_er_dot`]: the resources as an
//! entity-relationship diagram, in Mermaid (which GitHub renders) or
//! Graphviz DOT (feature `er`).
//!
//! One model, two renderings: an entity per resource (its fields with their
//! normalized type, `PK`/`FK`/`UK` markers and doc comments), an entity per
//! `through` join table (the two foreign keys it needs), and a line per
//! relationship, declared once even when both sides declare it
//! (`Post has_many Comment` and `Comment belongs_to Post` are one line).

mod dot;
mod mermaid;
#[cfg(test)]
mod tests;

use crate::{FieldRef, Registry, RelationKind, ResourceRef};

/// One box of the diagram.
struct Entity<'a> {
    name: String,
    docs: &'a str,
    attributes: Vec<Attribute>,
}

/// One row of an entity.
struct Attribute {
    /// The normalized type.
    ty: String,
    name: String,
    primary: bool,
    foreign: bool,
    unique: bool,
    /// The doc comment, plus `nullable` for a nullable field.
    comment: String,
}

/// How many rows of the `many` side one row of the `one` side has.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Many {
    /// `has_one`: zero or one.
    ZeroOrOne,
    /// `has_many`, `belongs_to`: zero or more.
    ZeroOrMore,
}

/// One relationship line: `one` is referenced by `many`'s `column`.
struct Link {
    one: String,
    many: String,
    column: String,
    /// The foreign key may be null: a `many` row may have no `one`.
    optional: bool,
    cardinality: Many,
}

/// The whole diagram.
struct Diagram<'a> {
    entities: Vec<Entity<'a>>,
    links: Vec<Link>,
}

/// `BlogPost` → `blog_post`: the assumed column prefix of a join table's
/// foreign key (the registry records the table, not its columns).
fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut prev_lower = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            if prev_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = false;
        } else {
            out.push(c);
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        }
    }
    out
}

fn key(resource: ResourceRef<'_>) -> Option<FieldRef<'_>> {
    resource.fields().find(|f| f.primary())
}

/// The `one`, `many` and foreign-key column a relationship declares, and
/// whether it is `has_one`; `None` for `has_many` … `through` (two links).
fn endpoints<'a>(
    owner: ResourceRef<'a>,
    kind: RelationKind,
    target: &'a str,
    foreign_key: Option<&'a str>,
) -> Option<(&'a str, &'a str, &'a str, Many)> {
    let column = foreign_key.unwrap_or_default();
    match kind {
        RelationKind::BelongsTo => Some((target, owner.name(), column, Many::ZeroOrMore)),
        RelationKind::HasMany => Some((owner.name(), target, column, Many::ZeroOrMore)),
        RelationKind::HasOne => Some((owner.name(), target, column, Many::ZeroOrOne)),
        RelationKind::HasManyThrough => None,
    }
}

impl<'a> Diagram<'a> {
    fn of(registry: &Registry<'a>) -> Self {
        let mut d = Diagram {
            entities: Vec::new(),
            links: Vec::new(),
        };
        let mut joins: Vec<Entity<'a>> = Vec::new();
        for r in registry.resources() {
            for rel in r.relationships() {
                match endpoints(r, rel.kind(), rel.target(), rel.foreign_key()) {
                    Some((one, many, column, cardinality)) => {
                        let optional = registry
                            .resource(many)
                            .and_then(|m| m.field(column))
                            .is_some_and(FieldRef::nullable);
                        d.link(one, many, column, optional, cardinality);
                    }
                    None => {
                        let Some(table) = rel.through() else { continue };
                        let target = registry.resource(rel.target());
                        for side in core::iter::once(Some(r)).chain([target]).flatten() {
                            let column = format!("{}_id", snake_case(side.name()));
                            let ty = key(side).map_or("int", |k| k.ty());
                            join_column(&mut joins, table, &column, ty);
                            d.link(side.name(), table, &column, false, Many::ZeroOrMore);
                        }
                    }
                }
            }
        }
        for r in registry.resources() {
            let attributes = r
                .fields()
                .map(|f| Attribute {
                    ty: f.ty().to_owned(),
                    name: f.name().to_owned(),
                    primary: f.primary(),
                    foreign: d
                        .links
                        .iter()
                        .any(|l| l.many == r.name() && l.column == f.name()),
                    unique: f.unique(),
                    comment: comment(f.docs(), f.nullable()),
                })
                .collect();
            d.entities.push(Entity {
                name: r.name().to_owned(),
                docs: r.docs(),
                attributes,
            });
        }
        joins.sort_by(|a, b| a.name.cmp(&b.name));
        d.entities.extend(joins);
        d
    }

    /// Adds a link unless the other side already declared it; a `has_one`
    /// side narrows the cardinality.
    fn link(&mut self, one: &str, many: &str, column: &str, optional: bool, cardinality: Many) {
        let same = |l: &&mut Link| l.one == one && l.many == many && l.column == column;
        if let Some(l) = self.links.iter_mut().find(same) {
            if cardinality == Many::ZeroOrOne {
                l.cardinality = Many::ZeroOrOne;
            }
            return;
        }
        self.links.push(Link {
            one: one.to_owned(),
            many: many.to_owned(),
            column: column.to_owned(),
            optional,
            cardinality,
        });
    }
}

/// Adds `column` to the join table `table` (created on first use).
fn join_column(joins: &mut Vec<Entity<'_>>, table: &str, column: &str, ty: &str) {
    let i = match joins.iter().position(|e| e.name == table) {
        Some(i) => i,
        None => {
            joins.push(Entity {
                name: table.to_owned(),
                docs: "",
                attributes: Vec::new(),
            });
            joins.len() - 1
        }
    };
    let Some(entity) = joins.get_mut(i) else {
        return;
    };
    if entity.attributes.iter().any(|a| a.name == column) {
        return;
    }
    entity.attributes.push(Attribute {
        ty: ty.to_owned(),
        name: column.to_owned(),
        primary: false,
        foreign: true,
        unique: false,
        comment: String::new(),
    });
}

/// An attribute's comment: its doc comment's first line, then `nullable`.
fn comment(docs: &str, nullable: bool) -> String {
    let first = docs.lines().next().unwrap_or_default().trim();
    match (first.is_empty(), nullable) {
        (true, true) => "nullable".to_owned(),
        (false, true) => format!("{first} (nullable)"),
        (_, false) => first.to_owned(),
    }
}

impl Registry<'_> {
    /// The resources as a Mermaid `erDiagram`: an entity per resource
    /// (`type name PK|FK|UK "doc"` rows), one per `through` join table, and
    /// a line per relationship with its cardinality (`||--o{` for
    /// `has_many`/`belongs_to`, `||--o|` for `has_one`, `|o` on the parent
    /// side when the foreign key is nullable), labelled with the foreign-key
    /// column. Byte-identical for the same registry.
    ///
    /// Available with the `er` feature.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let er = REGISTRY.to_mermaid();
    /// assert!(er.starts_with("erDiagram\n"));
    /// assert!(er.contains("    uuid id PK\n"));
    /// assert!(er.contains(r#"    Post ||--o{ Comment : "post_id""#));
    /// ```
    pub fn to_mermaid(&self) -> String {
        mermaid::render(&Diagram::of(self))
    }

    /// The diagram of [`to_mermaid`](Self::to_mermaid) as a Graphviz
    /// digraph: entities as tables, relationship ends as crow's feet.
    /// Byte-identical for the same registry.
    ///
    /// Available with the `er` feature.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let dot = REGISTRY.to_er_dot();
    /// assert!(dot.starts_with("digraph er {\n"));
    /// assert!(dot.contains(r#""Post" -> "Comment""#));
    /// ```
    pub fn to_er_dot(&self) -> String {
        dot::render(&Diagram::of(self))
    }
}
