//! Keys from `--keys-file FILE` and `$ALICLOUD_EMULATOR_KEYS`, so secrets need not be on the
//! command line (which `ps` shows to every user).
//!
//! Both hold entries in the syntax of the key flags: `ID:SECRET` or `access-key=ID:SECRET`
//! (as `--access-key`), and `sts-key=ID:SECRET:TOKEN` (as `--sts-key`); a leading `--` and a
//! space instead of `=` are accepted too, so a line can be copied from a command line. The file
//! has one entry per line, with blank lines and `#` comments; the variable separates entries
//! with newlines or commas. Errors name the entry by its number, never by its text.

use std::fmt;
use std::path::{Path, PathBuf};

/// An AccessKey pair, or an STS key with its token.
pub(crate) type AccessKey = (String, String);
/// An STS key: ID, secret, token.
pub(crate) type StsKey = (String, String, String);

/// The environment variable that may hold keys.
pub const KEYS_ENV: &str = "ALICLOUD_EMULATOR_KEYS";

/// Where keys were read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// A `--keys-file`.
    File(PathBuf),
    /// `$ALICLOUD_EMULATOR_KEYS`.
    Environment,
}

impl fmt::Display for KeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::File(path) => write!(f, "keys file {}", path.display()),
            Self::Environment => write!(f, "${KEYS_ENV}"),
        }
    }
}

/// Why keys could not be read. Its text never contains a key's secret or token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KeysError {
    /// The keys file could not be read.
    #[error("cannot read {source_name}: {error}")]
    Read {
        /// Where.
        source_name: KeySource,
        /// The operating system's error.
        error: std::io::Error,
    },
    /// `$ALICLOUD_EMULATOR_KEYS` is not valid UTF-8.
    #[error("${KEYS_ENV} is not valid UTF-8")]
    NotUnicode,
    /// An entry is malformed.
    #[error("{source_name}, entry {entry}: {expected}")]
    Entry {
        /// Where.
        source_name: KeySource,
        /// The entry's number (its line in a file), from 1.
        entry: usize,
        /// What was expected.
        expected: &'static str,
    },
}

/// Parse `ID:SECRET` (the secret may contain `:`).
pub(crate) fn parse_key(text: &str) -> Result<AccessKey, String> {
    match text.split_once(':') {
        Some((id, secret)) if !id.is_empty() && !secret.is_empty() => {
            Ok((id.to_owned(), secret.to_owned()))
        }
        _ => Err("expected ID:SECRET".to_owned()),
    }
}

/// Parse `ID:SECRET:TOKEN` (the token may contain `:`).
pub(crate) fn parse_sts_key(text: &str) -> Result<StsKey, String> {
    let mut parts = text.splitn(3, ':');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(id), Some(secret), Some(token))
            if !id.is_empty() && !secret.is_empty() && !token.is_empty() =>
        {
            Ok((id.to_owned(), secret.to_owned(), token.to_owned()))
        }
        _ => Err("expected ID:SECRET:TOKEN".to_owned()),
    }
}

/// The value after `flag=` or `flag `, if `entry` starts with that flag.
fn after_flag<'a>(entry: &'a str, flag: &str) -> Option<&'a str> {
    let rest = entry.strip_prefix(flag)?;
    rest.strip_prefix('=')
        .or_else(|| rest.starts_with([' ', '\t']).then(|| rest.trim_start()))
}

/// The keys in `text`, entries split at `separators`.
pub(crate) fn parse_entries(
    text: &str,
    separators: &[char],
    source: &KeySource,
) -> Result<(Vec<AccessKey>, Vec<StsKey>), KeysError> {
    let (mut access, mut sts) = (Vec::new(), Vec::new());
    for (index, entry) in text.split(separators).enumerate() {
        let entry = entry.trim();
        if entry.is_empty() || entry.starts_with('#') {
            continue;
        }
        let bare = entry.strip_prefix("--").unwrap_or(entry);
        let parsed = if let Some(value) = after_flag(bare, "sts-key") {
            parse_sts_key(value).map(|key| sts.push(key))
        } else if let Some(value) = after_flag(bare, "access-key") {
            parse_key(value).map(|key| access.push(key))
        } else {
            parse_key(entry).map(|key| access.push(key))
        };
        parsed.map_err(|_| KeysError::Entry {
            source_name: source.clone(),
            entry: index + 1,
            expected: "expected ID:SECRET, access-key=ID:SECRET or sts-key=ID:SECRET:TOKEN",
        })?;
    }
    Ok((access, sts))
}

/// The keys of the file at `path` (one entry per line).
pub(crate) fn from_file(path: &Path) -> Result<(Vec<AccessKey>, Vec<StsKey>), KeysError> {
    let source = KeySource::File(path.to_owned());
    let text = std::fs::read_to_string(path).map_err(|error| KeysError::Read {
        source_name: source.clone(),
        error,
    })?;
    parse_entries(&text, &['\n'], &source)
}

/// The keys of `$ALICLOUD_EMULATOR_KEYS` (entries separated by newlines or commas), if set.
pub(crate) fn from_env() -> Result<(Vec<AccessKey>, Vec<StsKey>), KeysError> {
    match std::env::var(KEYS_ENV) {
        Ok(text) => parse_entries(&text, &['\n', ','], &KeySource::Environment),
        Err(std::env::VarError::NotPresent) => Ok((Vec::new(), Vec::new())),
        Err(std::env::VarError::NotUnicode(_)) => Err(KeysError::NotUnicode),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(pairs: &[(&str, &str)]) -> Vec<AccessKey> {
        pairs
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn key_values() {
        assert_eq!(parse_key("id:se:cret"), Ok(("id".into(), "se:cret".into())));
        assert!(parse_key("id").is_err() && parse_key(":s").is_err() && parse_key("id:").is_err());
        assert_eq!(
            parse_sts_key("id:secret:tok:en"),
            Ok(("id".into(), "secret".into(), "tok:en".into()))
        );
        assert!(parse_sts_key("id:secret").is_err());
    }

    #[test]
    fn entries_in_every_accepted_form() {
        let text = "# keys for the emulator\n\
                    plain:s1\n\
                    \n\
                    access-key=flagged:s2\n\
                    --access-key dashed:s:3\n\
                    sts-key=STS.a:s4:CAIS+tok/en=\n\
                    --sts-key\tSTS.b:s5:t5\n\
                    access-key-1:s6\r\n";
        let source = KeySource::File("keys".into());
        let (access, sts) = parse_entries(text, &['\n'], &source).unwrap();
        assert_eq!(
            access,
            owned(&[
                ("plain", "s1"),
                ("flagged", "s2"),
                ("dashed", "s:3"),
                ("access-key-1", "s6")
            ])
        );
        let sts_ids: Vec<_> = sts
            .iter()
            .map(|(id, _, token)| (id.as_str(), token.as_str()))
            .collect();
        assert_eq!(sts_ids, [("STS.a", "CAIS+tok/en="), ("STS.b", "t5")]);
        let (access, sts) = parse_entries(
            "a:1, b:2,\nsts-key=c:3:4",
            &['\n', ','],
            &KeySource::Environment,
        )
        .unwrap();
        assert_eq!(access, owned(&[("a", "1"), ("b", "2")]));
        assert_eq!(sts.len(), 1);
    }

    #[test]
    fn errors_name_the_entry_but_never_its_secret() {
        let source = KeySource::File("keys.txt".into());
        for (text, entry) in [
            ("good:one\nno-colon-s3cret\n", 2),
            ("sts-key=id:s3cret\n", 1),
            ("\n\naccess-key=:s3cret", 3),
        ] {
            let err = parse_entries(text, &['\n'], &source).unwrap_err();
            let shown = format!("{err} {err:?}");
            assert!(shown.contains(&format!("entry {entry}")), "{shown}");
            assert!(shown.contains("keys.txt"), "{shown}");
            assert!(!shown.contains("s3cret"), "{shown}");
        }
        let missing = from_file(Path::new("no-such-directory/keys")).unwrap_err();
        assert!(
            missing.to_string().starts_with("cannot read keys file"),
            "{missing}"
        );
    }
}
