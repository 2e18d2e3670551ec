//! Which structures and enums are generated once for several operations.
//!
//! A structure is shared when at least two operations define it with the same name and the
//! same fields, and every structure it refers to is shared too (checked to a fixed point); the
//! most common definition of a name wins it. Shared items live in `shapes.rs`, each behind the
//! features of the groups that use it.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Api, Field, StructDef, Ty};

/// The outcome: shared structures with their features, and the features using each enum.
#[derive(Debug, Default)]
pub(crate) struct Shared {
    pub(crate) structs: Vec<(StructDef, BTreeSet<String>)>,
    pub(crate) names: BTreeSet<String>,
    pub(crate) enum_features: BTreeMap<String, BTreeSet<String>>,
}

impl Shared {
    pub(crate) fn is_shared(&self, s: &StructDef) -> bool {
        self.names.contains(&s.name)
            && self
                .structs
                .iter()
                .any(|(d, _)| d.name == s.name && d.fields == s.fields)
    }
}

fn refs(ty: &Ty, out: &mut Vec<String>) {
    match ty {
        Ty::Struct(n) => out.push(n.clone()),
        Ty::List(inner) | Ty::Wrapped { inner, .. } => refs(inner, out),
        _ => {}
    }
}

fn enums(ty: &Ty, out: &mut Vec<String>) {
    match ty {
        Ty::Enum(n) => out.push(n.clone()),
        Ty::List(inner) | Ty::Wrapped { inner, .. } => enums(inner, out),
        _ => {}
    }
}

fn struct_refs(fields: &[Field]) -> Vec<String> {
    let mut out = Vec::new();
    for f in fields {
        refs(&f.ty, &mut out);
    }
    out
}

pub(crate) fn shared(api: &Api) -> Shared {
    // (name, fields) → (definition, operations, features)
    let mut seen: Vec<(StructDef, BTreeSet<usize>, BTreeSet<String>)> = Vec::new();
    for (i, op) in api.ops.iter().enumerate() {
        for s in &op.structs {
            match seen
                .iter_mut()
                .find(|(d, _, _)| d.name == s.name && d.fields == s.fields)
            {
                Some((_, ops, features)) => {
                    ops.insert(i);
                    features.insert(op.feature.clone());
                }
                None => seen.push((
                    s.clone(),
                    BTreeSet::from([i]),
                    BTreeSet::from([op.feature.clone()]),
                )),
            }
        }
    }
    // The most used definition of each name is the candidate for it.
    let mut best: BTreeMap<String, usize> = BTreeMap::new();
    for (idx, (d, ops, _)) in seen.iter().enumerate() {
        if ops.len() < 2 {
            continue;
        }
        let better = best
            .get(&d.name)
            .is_none_or(|&b| seen[b].1.len() < ops.len());
        if better {
            best.insert(d.name.clone(), idx);
        }
    }
    let mut chosen: BTreeSet<usize> = best.values().copied().collect();
    // Drop candidates whose referenced structures are not the shared ones in every user.
    loop {
        let before = chosen.len();
        let snapshot = chosen.clone();
        chosen.retain(|&idx| {
            let (d, ops, _) = &seen[idx];
            struct_refs(&d.fields).iter().all(|name| {
                ops.iter().all(|&op| {
                    let local = api.ops[op].structs.iter().find(|s| &s.name == name);
                    local.is_some_and(|l| {
                        snapshot
                            .iter()
                            .any(|&c| seen[c].0.name == l.name && seen[c].0.fields == l.fields)
                    })
                })
            })
        });
        if chosen.len() == before {
            break;
        }
    }
    let mut out = Shared::default();
    for idx in chosen {
        let (d, _, features) = &seen[idx];
        out.names.insert(d.name.clone());
        out.structs.push((d.clone(), features.clone()));
    }
    out.structs.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    for op in &api.ops {
        let mut used = Vec::new();
        for f in op
            .request
            .iter()
            .chain(&op.response)
            .chain(op.structs.iter().flat_map(|s| &s.fields))
        {
            enums(&f.ty, &mut used);
        }
        for e in used {
            out.enum_features
                .entry(e)
                .or_default()
                .insert(op.feature.clone());
        }
    }
    out
}
