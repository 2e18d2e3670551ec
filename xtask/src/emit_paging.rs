//! Renders what the model says about paging and lookup: the `Paginated` impl of every paged
//! operation (paths from the overlay resolved against the response's structures, so a wrong
//! path fails codegen) and the sorted `OPERATIONS` table behind `registry::operation`.

use std::fmt::Write as _;

use crate::emit_types::rust_ty;
use crate::ir::{Api, Field, Op, Paginator, Ty};
use crate::naming::pascal;

/// The `OPERATIONS` table, sorted by action name, each entry behind its group's feature.
pub(crate) fn registry_table(api: &Api, registry: &str) -> String {
    let mut ops: Vec<&Op> = api.ops.iter().collect();
    ops.sort_by(|a, b| a.name.cmp(&b.name));
    let mut out = format!(
        "\n/// Every operation of this build, sorted by action name.\npub(crate) static OPERATIONS: &[{registry}::OperationEntry] = &[\n",
    );
    for op in ops {
        let _ = writeln!(
            out,
            "#[cfg(feature = {f:?})]\n{registry}::OperationEntry::of::<{m}::{n}Request>({f:?}),",
            f = op.feature,
            m = op.module,
            n = pascal(&op.name)
        );
    }
    out.push_str("];\n");
    out
}

/// A field reached by a dotted path of wire names, with the Rust expression chain to it.
struct Resolved<'a> {
    /// `(struct field idents before the last, last field)`.
    parents: Vec<&'a str>,
    last: &'a Field,
}

fn resolve<'a>(op: &'a Op, fields: &'a [Field], path: &str) -> Result<Resolved<'a>, String> {
    let mut fields = fields;
    let mut parents = Vec::new();
    let segments: Vec<&str> = path.split('.').collect();
    for (i, seg) in segments.iter().enumerate() {
        let field = fields
            .iter()
            .find(|f| f.wire == *seg)
            .ok_or_else(|| format!("{}: paginator path `{path}`: no field `{seg}`", op.name))?;
        if i + 1 == segments.len() {
            return Ok(Resolved {
                parents,
                last: field,
            });
        }
        let Ty::Struct(name) = &field.ty else {
            return Err(format!(
                "{}: paginator path `{path}`: `{seg}` is not a structure",
                op.name
            ));
        };
        parents.push(field.ident.as_str());
        fields = &op
            .structs
            .iter()
            .find(|s| &s.name == name)
            .ok_or_else(|| format!("{}: structure {name} not found", op.name))?
            .fields;
    }
    Err(format!("{}: empty paginator path", op.name))
}

/// The field's value as an expression: `page.x` at the top, or `page.a.as_ref().and_then(|v|
/// v.x…)` below optional structures. `map` turns the field into the wanted `Option`:
/// `{v}` stands for the field, e.g. `{v}.map(i64::from)`.
fn access(r: &Resolved<'_>, map: &str) -> String {
    let Some((first, rest)) = r.parents.split_first() else {
        return map.replace("{v}", &format!("page.{}", r.last.ident));
    };
    let mut expr = format!("page.{first}.as_ref()");
    for ident in rest {
        let _ = write!(expr, ".and_then(|v| v.{ident}.as_ref())");
    }
    let inner = map.replace("{v}", &format!("v.{}", r.last.ident));
    format!("{expr}.and_then(|v| {inner})")
}

/// An `Option<i64>` expression for a numeric (or numeric text) response field.
fn number(r: &Resolved<'_>) -> Result<String, String> {
    Ok(match r.last.ty {
        Ty::I32 | Ty::I64 => access(r, "{v}.map(i64::from)"),
        Ty::Str => access(r, "{v}.as_deref().and_then(|s| s.parse().ok())"),
        ref other => return Err(format!("`{}` is not a number: {other:?}", r.last.wire)),
    })
}

fn request_field<'a>(op: &'a Op, wire: &str) -> Result<&'a Field, String> {
    op.request
        .iter()
        .find(|f| f.wire == wire)
        .ok_or_else(|| format!("{}: paged by `{wire}`, which is not a parameter", op.name))
}

/// `fn get(&self)` / `fn set(&mut self, v)` for an integer request parameter.
fn int_param(out: &mut String, get: &str, set: &str, field: &Field) -> Result<(), String> {
    let id = &field.ident;
    let (read, write) = match field.ty {
        Ty::I32 => (
            "self.{id}.map(i64::from)",
            "Some(alicloud_ecs_model::paging::clamp_i32(value))",
        ),
        Ty::I64 => ("self.{id}", "Some(value)"),
        Ty::Str => (
            "self.{id}.as_deref().and_then(|s| s.parse().ok())",
            "Some(value.to_string())",
        ),
        ref other => return Err(format!("`{}` is not a number: {other:?}", field.wire)),
    };
    let read = read.replace("{id}", id);
    let _ = writeln!(out, "fn {get}(&self) -> Option<i64> {{ {read} }}");
    let _ = writeln!(
        out,
        "fn {set}(&mut self, value: i64) {{ self.{id} = {write}; }}"
    );
    Ok(())
}

/// The `Paginated` impl of a paged operation, or nothing.
pub(crate) fn paginated_impl(op: &Op) -> Result<String, String> {
    let Some(paginator) = &op.paginator else {
        return Ok(String::new());
    };
    let name = pascal(&op.name);
    let (style, items_path) = match paginator {
        Paginator::Numbered { items, .. } => ("Numbered", items),
        Paginator::Token { items, .. } => ("Token", items),
    };
    let items = resolve(op, &op.response, items_path)?;
    let (Ty::List(inner) | Ty::Wrapped { inner, .. }) = &items.last.ty else {
        return Err(format!(
            "{}: paginator items `{items_path}` is not a list",
            op.name
        ));
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nimpl alicloud_ecs_model::Paginated for {name}Request {{\ntype Item = {};\nconst STYLE: alicloud_ecs_model::PageStyle = alicloud_ecs_model::PageStyle::{style};",
        rust_ty(inner)
    );
    let mut info: Vec<(&str, String)> = Vec::new();
    match paginator {
        Paginator::Numbered {
            page_number,
            page_size,
            total_count,
            ..
        } => {
            int_param(
                &mut out,
                "page_number",
                "set_page_number",
                request_field(op, page_number)?,
            )?;
            int_param(
                &mut out,
                "page_size",
                "set_page_size",
                request_field(op, page_size)?,
            )?;
            // The response may or may not echo the page number and size; a total count
            // the overlay names must exist.
            for (member, wire) in [("page_number", page_number), ("page_size", page_size)] {
                if let Ok(r) = resolve(op, &op.response, wire) {
                    info.push((member, number(&r)?));
                }
            }
            if let Some(wire) = total_count {
                info.push(("total_count", number(&resolve(op, &op.response, wire)?)?));
            }
        }
        Paginator::Token {
            next_token,
            max_results,
            output_token,
            ..
        } => {
            let token = request_field(op, next_token)?;
            if let Some(max) = max_results {
                int_param(
                    &mut out,
                    "page_size",
                    "set_page_size",
                    request_field(op, max)?,
                )?;
            } else {
                out.push_str("fn page_size(&self) -> Option<i64> { None }\nfn set_page_size(&mut self, _size: i64) {}\n");
            }
            let _ = writeln!(
                out,
                "fn set_next_token(&mut self, token: Option<String>) {{ self.{} = token; }}",
                token.ident
            );
            let r = resolve(
                op,
                &op.response,
                output_token.as_deref().unwrap_or(next_token),
            )?;
            if r.last.ty != Ty::Str {
                return Err(format!(
                    "{}: next token `{}` is not a string",
                    op.name, r.last.wire
                ));
            }
            info.push(("next_token", access(&r, "{v}.clone()")));
        }
    }
    let count = if items.parents.is_empty() {
        format!("page.{}.len()", items.last.ident)
    } else {
        let mut chain = format!("page.{}.as_ref()", items.parents[0]);
        for ident in &items.parents[1..] {
            let _ = write!(chain, ".and_then(|v| v.{ident}.as_ref())");
        }
        format!("{chain}.map_or(0, |v| v.{}.len())", items.last.ident)
    };
    info.push(("items", count));
    let member = |name: &str| {
        info.iter()
            .find(|(m, _)| *m == name)
            .map_or_else(|| "None".to_owned(), |(_, e)| e.clone())
    };
    let _ = writeln!(
        out,
        "fn page_info(page: &Self::Response) -> alicloud_ecs_model::PageInfo {{\nalicloud_ecs_model::PageInfo::new({}, {}, {}, {}, {})\n}}",
        member("page_number"),
        member("page_size"),
        member("total_count"),
        member("next_token"),
        member("items"),
    );
    // Owned access: `page.a.and_then(|v| v.b).map(|v| v.items).unwrap_or_default()`.
    let owned = match items.parents.split_first() {
        None => format!("page.{}", items.last.ident),
        Some((first, rest)) => {
            let mut expr = format!("page.{first}");
            for ident in rest {
                let _ = write!(expr, ".and_then(|v| v.{ident})");
            }
            format!("{expr}.map(|v| v.{}).unwrap_or_default()", items.last.ident)
        }
    };
    let _ = writeln!(
        out,
        "fn into_items(page: Self::Response) -> Vec<Self::Item> {{ {owned} }}\n}}"
    );
    Ok(out)
}
