//! Rust names for wire names: `OSSBucket` → `oss_bucket` / `OssBucket`, `Tag.N.Key` parts,
//! enum values such as `Windows Server 2022` → `WindowsServer2022`.

/// Split a wire name into words: case changes, digits after letters, and any non-alphanumeric
/// character separate words; a run of capitals is one word (`OSSBucket` → `OSS`, `Bucket`).
fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        if let Some(prev) = current.chars().last() {
            let next = chars.get(i + 1).copied();
            let boundary = c.is_ascii_uppercase()
                && (prev.is_ascii_lowercase()
                    || prev.is_ascii_digit()
                    || (prev.is_ascii_uppercase() && next.is_some_and(|n| n.is_ascii_lowercase())));
            if boundary {
                words.push(std::mem::take(&mut current));
            }
        }
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// `snake_case`, made a valid identifier (keywords get `r#`, leading digits an `n`).
pub(crate) fn snake(name: &str) -> String {
    let mut s = words(name)
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_");
    if s.is_empty() {
        s.push_str("value");
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'n');
    }
    ident(s)
}

/// `PascalCase`; leading digits get a `V`.
pub(crate) fn pascal(name: &str) -> String {
    let mut s: String = words(name)
        .iter()
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => {
                    first.to_ascii_uppercase().to_string() + &chars.as_str().to_ascii_lowercase()
                }
                None => String::new(),
            }
        })
        .collect();
    if s.is_empty() {
        s.push_str("Value");
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'V');
    }
    if s == "Self" {
        s.push_str("Value");
    }
    s
}

/// `SCREAMING_SNAKE_CASE` for constants.
pub(crate) fn screaming(name: &str) -> String {
    let s = words(name)
        .iter()
        .map(|w| w.to_ascii_uppercase())
        .collect::<Vec<_>>()
        .join("_");
    if s.starts_with(|c: char| c.is_ascii_digit()) || s.is_empty() {
        format!("CODE_{s}")
    } else {
        s
    }
}

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];

fn ident(s: String) -> String {
    if matches!(s.as_str(), "self" | "super" | "crate" | "_") {
        format!("{s}_")
    } else if KEYWORDS.contains(&s.as_str()) {
        format!("r#{s}")
    } else {
        s
    }
}

/// The identifier without a raw prefix, for building other names from it.
pub(crate) fn bare(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_names() {
        assert_eq!(snake("RegionId"), "region_id");
        assert_eq!(snake("OSSBucket"), "oss_bucket");
        assert_eq!(snake("OSType"), "os_type");
        assert_eq!(snake("DiskImSize"), "disk_im_size");
        assert_eq!(snake("KMSKeyId"), "kms_key_id");
        assert_eq!(snake("IOPS"), "iops");
        assert_eq!(snake("Type"), "r#type");
        assert_eq!(
            snake("LaunchConfiguration.SystemDisk"),
            "launch_configuration_system_disk"
        );
        assert_eq!(snake("Ipv6Address"), "ipv6_address");
        assert_eq!(snake("self"), "self_");
    }

    #[test]
    fn pascal_and_screaming_names() {
        assert_eq!(pascal("OSType"), "OsType");
        assert_eq!(pascal("Windows Server 2022"), "WindowsServer2022");
        assert_eq!(pascal("zh_TW"), "ZhTw");
        assert_eq!(pascal("x86_64"), "X8664");
        assert_eq!(pascal("60"), "V60");
        assert_eq!(pascal("soldOut"), "SoldOut");
        assert_eq!(
            screaming("InvalidTaskId.NotFound"),
            "INVALID_TASK_ID_NOT_FOUND"
        );
        assert_eq!(screaming("Throttling.User"), "THROTTLING_USER");
    }
}
