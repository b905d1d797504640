//! [`Codec`] for the parsed model ([`ResourceDef<Plain>`] and everything in
//! it), field by field.

use super::codec::{Codec, Reader, codec_struct, codec_vocabulary, put_str};
use conduit_codegen::ast::*;
use conduit_codegen::plain::{Name, PathText, Plain, Pos};
use conduit_format::{ActionKind, HookKind, Method, Operation, ReferentialAction, RelationKind};

codec_vocabulary!(
    ActionKind,
    HookKind,
    Method,
    Operation,
    ReferentialAction,
    RelationKind
);

impl Codec for Flag {
    fn put(&self, out: &mut Vec<u8>) {
        let i = Flag::ALL.iter().position(|(_, f)| f == self);
        out.push(i.unwrap_or_default() as u8);
    }
    fn take(r: &mut Reader) -> Option<Self> {
        Flag::ALL.get(usize::from(r.byte()?)).map(|(_, f)| *f)
    }
}

impl<T: Codec> Codec for Spanned<T, Pos> {
    fn put(&self, out: &mut Vec<u8>) {
        self.value.put(out);
        self.span.put(out);
    }
    fn take(r: &mut Reader) -> Option<Self> {
        Some(Spanned::new(T::take(r)?, Pos::take(r)?))
    }
}

impl Codec for RelationshipDef<Plain> {
    fn put(&self, out: &mut Vec<u8>) {
        let RelationshipDef {
            kind,
            target,
            name,
            foreign_key,
            through,
            on_delete,
            on_update,
            field,
            span,
            option_spans,
        } = self;
        kind.put(out);
        target.put(out);
        name.put(out);
        foreign_key.put(out);
        through.put(out);
        on_delete.put(out);
        on_update.put(out);
        field.put(out);
        span.put(out);
        option_spans.len().put(out);
        for (key, span) in option_spans {
            put_str(out, key);
            span.put(out);
        }
    }
    fn take(r: &mut Reader) -> Option<Self> {
        let mut def = RelationshipDef {
            kind: Codec::take(r)?,
            target: Codec::take(r)?,
            name: Codec::take(r)?,
            foreign_key: Codec::take(r)?,
            through: Codec::take(r)?,
            on_delete: Codec::take(r)?,
            on_update: Codec::take(r)?,
            field: Codec::take(r)?,
            span: Codec::take(r)?,
            option_spans: Vec::new(),
        };
        let len = usize::take(r)?;
        for _ in 0..len {
            // The option names are the parser's own `'static` spellings.
            let key = r.str()?;
            let key = *RELATION_OPTIONS.iter().find(|k| **k == key)?;
            def.option_spans.push((key, Pos::take(r)?));
        }
        Some(def)
    }
}

codec_struct!(Pos {
    line,
    column,
    end_line,
    end_column
});
codec_struct!(Name { text, span });
codec_struct!(PathText {
    segments,
    text,
    span
});
codec_struct!(ResourceDef<Plain> {
    ident,
    name,
    table,
    path,
    docs,
    operations,
    nested_under,
    nested_param,
    nested_only,
    param,
    singular,
    list_query,
    actions,
    middleware,
    hooks,
    fields,
    relationships,
    constraints,
    scopes,
    computed,
    routes,
});
codec_struct!(FieldDef<Plain> {
    ident,
    name,
    rust_type,
    ty,
    value_type,
    base_ty,
    nullable,
    skip,
    flags,
    default,
    validations,
    tags,
    constraints,
    docs,
    ty_override,
    span,
});
codec_struct!(ValidationDef<Plain> {
    kind,
    value,
    message,
    span
});
codec_struct!(HookDef<Plain> {
    kind,
    function,
    transaction,
    is_async,
    span
});
codec_struct!(MiddlewareDef<Plain> {
    operation,
    chain,
    span
});
codec_struct!(ConstraintDef<Plain> {
    name,
    operations,
    operation_spans,
    condition,
    error,
    span,
    name_span,
    condition_span,
});
codec_struct!(ScopeDef<Plain> {
    name,
    query,
    span,
    name_span
});
codec_struct!(ComputedDef<Plain> {
    name,
    ty,
    expr,
    span,
    name_span,
    expr_span,
});
codec_struct!(QueryParamDef<Plain> {
    name,
    rust_type,
    value_type,
    ty,
    default,
    span,
});
codec_struct!(ActionDef<Plain> {
    method,
    name,
    kind,
    segment,
    middleware,
    query,
    span,
});
codec_struct!(RouteDef<Plain> {
    method,
    path,
    handler,
    middleware,
    span,
    path_span,
    handler_span,
});
