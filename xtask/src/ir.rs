//! The generator's model of a spec: operations, fields, structs and enums with their Rust
//! names, built from an api-docs file (ours or an official one) plus the optional overlay.

use std::collections::BTreeMap;

use crate::ir_fields::{OpBuilder, dedupe_idents};
use crate::json::Json;
use crate::naming::snake;

/// Everything the emitters need.
#[derive(Debug)]
pub(crate) struct Api {
    pub(crate) version: String,
    pub(crate) ops: Vec<Op>,
    /// Shared open enums by type name.
    pub(crate) enums: BTreeMap<String, EnumDef>,
    pub(crate) codes: Vec<CodeDef>,
    pub(crate) throttling_codes: Vec<String>,
    pub(crate) transient_codes: Vec<String>,
    pub(crate) waiters: Vec<Waiter>,
    /// Groups by feature name.
    pub(crate) groups: BTreeMap<String, Group>,
    /// The spec with the overlay's corrections applied.
    pub(crate) corrected: Json,
}

/// How a paged operation pages: by page number or by token.
#[derive(Debug, Clone)]
pub(crate) enum Paginator {
    /// `PageNumber`/`PageSize` with a `TotalCount` in the response.
    Numbered {
        page_number: String,
        page_size: String,
        total_count: Option<String>,
        items: String,
    },
    /// `NextToken`/`MaxResults`.
    Token {
        next_token: String,
        /// Absent where the operation takes no page size.
        max_results: Option<String>,
        /// Where the response holds the next token, when not under the request's name.
        output_token: Option<String>,
        items: String,
    },
}

/// An API group (keyed by its cargo feature): its English name.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    pub(crate) name: String,
}

/// A waiter from the overlay: poll `operation` until `field` takes a success or failure value.
#[derive(Debug)]
pub(crate) struct Waiter {
    pub(crate) name: String,
    pub(crate) operation: String,
    /// The request parameter naming the resource, and how it is written.
    pub(crate) id_param: Option<String>,
    pub(crate) id_encoding: String,
    /// Parameters every poll sends, e.g. a status filter that also lists failed images.
    pub(crate) extra_params: Vec<(String, String)>,
    pub(crate) field: String,
    pub(crate) success: Vec<String>,
    pub(crate) failure: Vec<String>,
    pub(crate) interval_seconds: u64,
}

#[derive(Debug)]
pub(crate) struct Op {
    pub(crate) name: String,
    /// The cargo feature of the operation's API group.
    pub(crate) feature: String,
    /// The operation has no response schema: its response keeps the body as raw JSON.
    pub(crate) raw_response: bool,
    /// Paginator facts from the overlay.
    pub(crate) paginator: Option<Paginator>,
    pub(crate) module: String,
    pub(crate) summary: String,
    pub(crate) idempotent: bool,
    pub(crate) client_token: Option<String>,
    pub(crate) request: Vec<Field>,
    pub(crate) response: Vec<Field>,
    /// Nested structs of this operation, in first-use order.
    pub(crate) structs: Vec<StructDef>,
    pub(crate) errors: Vec<(String, u16, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StructDef {
    pub(crate) name: String,
    pub(crate) doc: String,
    pub(crate) fields: Vec<Field>,
    pub(crate) input: bool,
    pub(crate) output: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Field {
    pub(crate) wire: String,
    pub(crate) ident: String,
    pub(crate) doc: String,
    pub(crate) ty: Ty,
    pub(crate) required: bool,
    /// Request lists written as one comma-separated value.
    pub(crate) joined: bool,
    /// The parameter style (`json`, `simple`, `repeatList`, `flat`) of a top-level parameter.
    pub(crate) style: String,
    /// At most this many list items (0: no limit).
    pub(crate) max_items: u32,
    pub(crate) aliases: Vec<String>,
    pub(crate) deprecated: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ty {
    Str,
    I32,
    I64,

    F64,
    Bool,
    Timestamp,
    Json,
    Enum(String),
    Struct(String),
    List(Box<Ty>),
    /// A response list inside a wrapper object holding `item` elements.
    Wrapped {
        item: String,
        inner: Box<Ty>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EnumDef {
    pub(crate) name: String,
    pub(crate) values: Vec<String>,
}

#[derive(Debug)]
pub(crate) struct CodeDef {
    pub(crate) code: String,
    pub(crate) status: u16,
    pub(crate) message: String,
}

/// Names no generated type may take: they would shadow what generated code refers to.
pub(crate) const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Clone",
    "Debug",
    "PartialEq",
    "Deserialize",
    "Serialize",
    "Params",
    "ParamError",
    "Timestamp",
    "Operation",
    "OperationInfo",
    "ErrorCodeInfo",
    "WriteParams",
];

pub(crate) fn build(spec: &Json, overlay: &Json) -> Result<Api, String> {
    let mut spec = spec.clone();
    crate::corrections::apply(&mut spec, overlay)?;
    let spec = &spec;
    let (groups, group_of) = crate::corrections::groups(spec, overlay);
    let version = spec
        .get("info")
        .and_then(|i| i.text("version"))
        .ok_or("spec has no info.version")?;
    let apis = spec.get("apis").ok_or("spec has no apis")?;
    let mut enums = BTreeMap::new();
    let mut ops = Vec::new();
    for (name, api) in apis.members() {
        let mut b = OpBuilder {
            op: name,
            overlay,
            enums: &mut enums,
            structs: Vec::new(),
        };
        let ov = overlay.get("operations").and_then(|o| o.get(name));
        let mut request = Vec::new();
        for param in api.get("parameters").map(Json::items).unwrap_or_default() {
            let wire = param
                .text("name")
                .ok_or_else(|| format!("{name}: parameter without name"))?;
            let schema = param.get("schema").unwrap_or(&Json::Null);
            let style = param.text("style").unwrap_or_default();
            let path = format!("{name}.{wire}");
            let mut field = b.field(&wire, schema, &path, true, "Request")?;
            field.joined = style == "simple" && matches!(field.ty, Ty::List(_));
            field.style = style.clone();
            if style == "json" {
                field.ty = Ty::Json;
            }
            request.push(field);
        }
        dedupe_idents(&mut request);
        let response_schema = api
            .get("responses")
            .and_then(|r| r.get("200"))
            .and_then(|r| r.get("schema"));
        let mut response = Vec::new();
        if let Some(schema) = response_schema {
            for (wire, prop) in schema
                .get("properties")
                .map(Json::members)
                .unwrap_or_default()
            {
                let path = format!("{name}.response.{wire}");
                response.push(b.field(wire, prop, &path, false, "Response")?);
            }
        }
        dedupe_idents(&mut response);
        let mut errors = Vec::new();
        for (status, list) in api.get("errorCodes").map(Json::members).unwrap_or_default() {
            let status: u16 = status.parse().unwrap_or(400);
            for e in list.items() {
                // Some codes carry stray white space (tabs) in the sources.
                let code = e.text("errorCode").map(|c| c.trim().to_owned());
                if let Some(code) = code.filter(|c| !c.is_empty()) {
                    errors.push((code, status, e.text("errorMessage").unwrap_or_default()));
                }
            }
        }
        let op_type = api
            .get("systemTags")
            .and_then(|t| t.text("operationType"))
            .or_else(|| api.text("operationType"))
            .unwrap_or_default();
        let idempotent = match ov.and_then(|o| o.get("idempotent")) {
            Some(Json::Bool(b)) => *b,
            _ => {
                matches!(op_type.as_str(), "get" | "read" | "list")
                    || name.starts_with("Describe")
                    || name.starts_with("List")
            }
        };
        let client_token = ov.and_then(|o| o.text("clientToken")).or_else(|| {
            request
                .iter()
                .any(|f| f.wire == "ClientToken")
                .then(|| "ClientToken".to_owned())
        });
        let structs = b.structs;
        let feature = group_of
            .get(name.as_str())
            .cloned()
            .unwrap_or_else(|| "other".to_owned());
        let raw_response = response_schema.is_none();
        let paginator = ov.and_then(|o| o.get("paginator")).and_then(|p| {
            let items = p.text("items")?;
            match (p.text("pageNumber"), p.text("nextToken")) {
                (Some(page_number), _) => Some(Paginator::Numbered {
                    page_number,
                    page_size: p.text("pageSize").unwrap_or_else(|| "PageSize".into()),
                    total_count: p.text("totalCount"),
                    items,
                }),
                (None, Some(next_token)) => Some(Paginator::Token {
                    next_token,
                    max_results: p.text("maxResults"),
                    output_token: p.text("outputToken"),
                    items,
                }),
                _ => None,
            }
        });
        ops.push(Op {
            feature,
            raw_response,
            paginator,
            module: snake(name).trim_start_matches("r#").to_owned(),
            name: name.clone(),
            summary: String::new(),
            idempotent,
            client_token,
            request,
            response,
            structs,
            errors,
        });
    }
    let mut codes: BTreeMap<String, CodeDef> = BTreeMap::new();
    for e in overlay
        .get("commonErrors")
        .map(Json::items)
        .unwrap_or_default()
    {
        if let Some(code) = e.text("code") {
            let status = e
                .text("httpStatus")
                .and_then(|s| s.parse().ok())
                .unwrap_or(400);
            let message = e.text("message").unwrap_or_default();
            codes.entry(code.clone()).or_insert(CodeDef {
                code,
                status,
                message,
            });
        }
    }
    for op in &ops {
        for (code, status, message) in &op.errors {
            codes.entry(code.clone()).or_insert_with(|| CodeDef {
                code: code.clone(),
                status: *status,
                message: message.clone(),
            });
        }
    }
    let list = |key: &str| -> Vec<String> {
        overlay
            .get("retry")
            .and_then(|r| r.get(key))
            .map(|l| l.items().iter().filter_map(Json::as_text).collect())
            .unwrap_or_default()
    };
    let texts = |v: Option<&Json>| -> Vec<String> {
        v.map(|l| l.items().iter().filter_map(Json::as_text).collect())
            .unwrap_or_default()
    };
    let waiters = overlay
        .get("waiters")
        .map(Json::members)
        .unwrap_or_default()
        .iter()
        .map(|(name, w)| Waiter {
            name: name.clone(),
            operation: w.text("operation").unwrap_or_default(),
            id_param: w.text("idParam"),
            id_encoding: w.text("idEncoding").unwrap_or_else(|| "plain".into()),
            field: w.text("field").unwrap_or_default(),
            success: texts(w.get("success")),
            failure: texts(w.get("failure")),
            extra_params: w
                .get("extraParams")
                .map(Json::members)
                .unwrap_or_default()
                .iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_text()?)))
                .collect(),
            interval_seconds: w
                .text("intervalSeconds")
                .and_then(|s| s.parse().ok())
                .unwrap_or(5),
        })
        .collect();
    Ok(Api {
        corrected: spec.clone(),
        groups,
        waiters,
        version,
        ops,
        enums,
        codes: codes.into_values().collect(),
        throttling_codes: list("throttlingCodes"),
        transient_codes: list("transientCodes"),
    })
}
