//! Keeps the cargo features of the model and the facade in step with the spec's API groups:
//! the block between the two marker lines of each `Cargo.toml` is rendered from the groups,
//! written by `codegen` and compared by `codegen --check`.

use std::collections::BTreeSet;
use std::path::Path;

use crate::ir::Api;

const BEGIN: &str =
    "# @generated features begin: `cargo xtask codegen` writes this block from the API groups.";
const END: &str = "# @generated features end";

/// The crates compiling parts of the model, beside `alicloud-ecs-model` itself.
pub(crate) const MODEL_PARTS: &[&str] = &[
    "alicloud-ecs-model-core",
    "alicloud-ecs-model-ops1",
    "alicloud-ecs-model-ops2",
    "alicloud-ecs-model-ops3",
];

/// Which crate a block is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Crate {
    /// `alicloud-ecs-model`: the groups, forwarded to every part.
    Model,
    /// `alicloud-ecs-model-core`: the groups select shared shapes.
    Core,
    /// `alicloud-ecs-model-opsN`: the groups select operations and their shared shapes.
    Ops,
    /// `alicloud-ecs`: the groups, forwarded to the model.
    Facade,
}

/// The features block of `which`.
pub(crate) fn block(api: &Api, which: Crate) -> String {
    let groups: BTreeSet<&str> = api.ops.iter().map(|op| op.feature.as_str()).collect();
    let quoted: Vec<String> = groups.iter().map(|g| format!("    {g:?},")).collect();
    let mut out = format!("{BEGIN}\n");
    let full = |out: &mut String| {
        out.push_str("# Every API group.\nfull = [\n");
        out.push_str(&quoted.join("\n"));
        out.push_str("\n]\n");
    };
    match which {
        Crate::Model => {
            out.push_str("# Every API group; `default-features = false, features = [\"tasks\"]` keeps only the task operations.\ndefault = [\"full\"]\n");
            full(&mut out);
        }
        Crate::Facade => {
            out.push_str("# Every API group and the default transport; `default-features = false, features = [\"tasks\", \"default-transport\"]`\n# keeps only the task operations.\ndefault = [\"default-transport\", \"full\"]\n");
            full(&mut out);
        }
        Crate::Core | Crate::Ops => {
            out.push_str("# The API groups of alicloud-ecs-model, which turns them on.\n");
        }
    }
    for group in &groups {
        let name = api.groups.get(*group).map_or("", |g| g.name.as_str());
        let ops = api.ops.iter().filter(|op| op.feature == *group).count();
        let forwards: Vec<String> = match which {
            Crate::Model => MODEL_PARTS.iter().map(|c| format!("{c}/{group}")).collect(),
            Crate::Core => Vec::new(),
            Crate::Ops => vec![format!("alicloud-ecs-model-core/{group}")],
            Crate::Facade => vec![format!("alicloud-ecs-model/{group}")],
        };
        if matches!(which, Crate::Model | Crate::Facade) {
            out.push_str(&format!("# {name}: {ops} operations.\n"));
        }
        out.push_str(&format!("{group} = {forwards:?}\n"));
    }
    out.push_str(END);
    out
}

/// `manifest` with its features block replaced by `block`.
pub(crate) fn splice(manifest: &str, block: &str) -> Result<String, String> {
    let start = manifest
        .find(BEGIN)
        .ok_or_else(|| format!("no line `{BEGIN}`"))?;
    let end = manifest[start..]
        .find(END)
        .map(|i| start + i + END.len())
        .ok_or_else(|| format!("no line `{END}`"))?;
    Ok(format!("{}{block}{}", &manifest[..start], &manifest[end..]))
}

/// Write (or with `check`, compare) the features block of `path`. Returns a problem line
/// when checking finds drift.
pub(crate) fn sync(path: &Path, block: &str, check: bool) -> Result<Option<String>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let wanted = splice(&text, block).map_err(|e| format!("{}: {e}", path.display()))?;
    if wanted == text {
        return Ok(None);
    }
    if check {
        return Ok(Some(format!(
            "the features of {} are out of date",
            path.display()
        )));
    }
    std::fs::write(path, wanted).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    crate::report(&format!("features of {} written", path.display()));
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splices_between_markers_only() -> Result<(), String> {
        let manifest =
            format!("[features]\nkeep = []\n{BEGIN}\nold = []\n{END}\n\n[dependencies]\n");
        let spliced = splice(&manifest, &format!("{BEGIN}\nnew = []\n{END}"))?;
        assert_eq!(
            spliced,
            format!("[features]\nkeep = []\n{BEGIN}\nnew = []\n{END}\n\n[dependencies]\n")
        );
        assert!(splice("[features]\n", "x").is_err());
        Ok(())
    }
}
