//! The string-table half of the consistency checks: every string id of
//! every record names a string of the text (its range inside it, on
//! character boundaries), every list of strings lies in the pool with
//! every id it reads resolving — so no accessor ever reads the `""` its
//! bounds check falls back to.

use conduit_format::schema::{ArchivedQueryParam, ArchivedResource, ArchivedSchema};
use conduit_format::strings::{ArchivedStrId, ArchivedStrList, StrId};

/// Counts the ids that do not resolve while the records are walked.
struct Ids<'a> {
    schema: &'a ArchivedSchema,
    bad: Option<u32>,
}

impl Ids<'_> {
    /// A required string.
    fn s(&mut self, id: ArchivedStrId) {
        if !self.schema.has_str(id) {
            self.bad.get_or_insert(id.get());
        }
    }

    /// An optional string: [`StrId::NONE`] or a string.
    fn o(&mut self, id: ArchivedStrId) {
        if id.get() != StrId::NONE.0 {
            self.s(id);
        }
    }

    /// A list of strings: a position in the pool whose length entry and
    /// ids lie in the pool, every id naming a string of the table (the ids
    /// are checked through each list that reads them: a list may start
    /// anywhere in a damaged pool).
    fn l(&mut self, list: &ArchivedStrList) {
        let (pool, at) = (&self.schema.str_lists, list.get() as usize);
        let Some(len) = pool.get(at) else {
            self.bad.get_or_insert(list.get());
            return;
        };
        let end = at as u64 + 1 + u64::from(len.to_native());
        if end > pool.len() as u64 {
            self.bad.get_or_insert(list.get());
            return;
        }
        if let Some(id) = self
            .schema
            .list(*list)
            .iter()
            .find(|id| !self.schema.resolves(id.to_native()))
        {
            self.bad.get_or_insert(id.to_native());
        }
    }

    fn query(&mut self, q: &ArchivedQueryParam) {
        self.s(q.name);
        self.s(q.rust_type);
        self.s(q.ty);
        self.o(q.default_value);
    }

    fn resource(&mut self, r: &ArchivedResource) {
        for id in [r.name, r.rust_path, r.table, r.path, r.docs] {
            self.s(id);
        }
        self.o(r.nested_under);
        for f in r.fields.iter() {
            for id in [f.name, f.rust_type, f.ty, f.docs] {
                self.s(id);
            }
            self.o(f.default_value);
            self.l(&f.constraints);
            self.l(&f.tags);
        }
        for rel in r.relationships.iter() {
            self.s(rel.name);
            self.s(rel.target);
            self.o(rel.foreign_key);
            self.o(rel.through);
        }
        for h in r.hooks.iter() {
            self.s(h.function);
            self.o(h.source);
            self.l(&h.calls);
        }
        for v in r.validations.iter() {
            self.s(v.field);
            self.s(v.kind);
            self.o(v.value);
            self.o(v.message);
        }
        for c in r.constraints.iter() {
            for id in [c.name, c.condition, c.error] {
                self.s(id);
            }
        }
        for m in r.middleware.iter() {
            self.l(&m.chain);
        }
        for s in r.scopes.iter() {
            self.s(s.name);
            self.s(s.query);
        }
        for c in r.computed.iter() {
            for id in [c.name, c.ty, c.expr] {
                self.s(id);
            }
        }
        for c in r.custom_routes.iter() {
            self.s(c.path);
            self.s(c.handler);
            self.l(&c.middleware);
        }
        let Some(api) = r.api.as_deref() else {
            return;
        };
        self.s(api.param);
        self.o(api.nested_param);
        for q in api.list_query.iter() {
            self.query(q);
        }
        for a in api.actions.iter() {
            self.s(a.name);
            self.s(a.segment);
            self.l(&a.middleware);
            for q in a.query.iter() {
                self.query(q);
            }
        }
    }
}

/// Checks every string id and string list of `schema`.
pub(super) fn check(schema: &ArchivedSchema) -> Result<(), String> {
    let mut ids = Ids { schema, bad: None };
    let table = |what: &str, ids: &mut Ids| match ids.bad.take() {
        Some(id) => Err(format!(
            "{what}: string id {id:#010x} does not name a string of the text ({} bytes)",
            schema.strings.text.len()
        )),
        None => Ok(()),
    };
    ids.s(schema.version);
    ids.s(schema.path_prefix);
    table("schema", &mut ids)?;
    for r in schema.resources.iter() {
        ids.resource(r);
    }
    table("resources", &mut ids)?;
    for r in schema.routes.all.iter() {
        for id in [r.path, r.template, r.handler] {
            ids.s(id);
        }
        ids.l(&r.middleware);
        ids.l(&r.params);
    }
    for g in schema.routes.by_path.iter() {
        ids.s(g.key);
    }
    table("routes", &mut ids)?;
    for p in schema.patterns.iter() {
        for id in [p.id, p.name, p.category, p.description, p.template] {
            ids.s(id);
        }
        ids.l(&p.examples);
    }
    for g in schema.patterns_by_category.iter() {
        ids.s(g.key);
    }
    table("patterns", &mut ids)?;
    for node in schema.graph.nodes.iter() {
        ids.s(node.name);
    }
    table("graph nodes", &mut ids)?;
    for g in schema.fields_by_type.iter() {
        ids.s(g.ty);
    }
    table("fields by type", &mut ids)
}
