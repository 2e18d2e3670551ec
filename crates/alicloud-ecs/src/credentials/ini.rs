//! [`IniFileProvider`]: credentials from the `~/.alibabacloud/credentials` INI file of the
//! official SDKs, with its small INI parser.

use std::path::PathBuf;

use super::util::{LazyProvider, display_path};
use super::{
    AssumeRoleProvider, Credentials, CredentialsContext, CredentialsError, CredentialsFuture,
    EcsRamRoleProvider, Env, ProvideCredentials, SharedCredentialsProvider,
};

const SOURCE: &str = "credentials file";
const PATH_VAR: &str = "ALIBABA_CLOUD_CREDENTIALS_FILE";

/// Credentials from a section of the shared credentials file.
///
/// The file is [`with_path`](Self::with_path), else `ALIBABA_CLOUD_CREDENTIALS_FILE`, else
/// `~/.alibabacloud/credentials` (the Go SDK's name) or, failing that,
/// `~/.alibabacloud/credentials.ini` (the Python SDK's). The section is
/// [`with_section`](Self::with_section), else `ALIBABA_CLOUD_PROFILE`, else `default`.
///
/// ```ini
/// [default]
/// type = access_key              # or ecs_ram_role, ram_role_arn
/// access_key_id = LTAI...
/// access_key_secret = ...
///
/// [ecs]
/// type = ecs_ram_role
/// role_name = EcsRamRoleTest     # optional: discovered when absent
///
/// [ram]
/// type = ram_role_arn
/// access_key_id = LTAI...
/// access_key_secret = ...
/// role_arn = acs:ram::123456789012:role/example
/// role_session_name = session    # optional
/// policy = {"Version":"1", ...}  # optional
/// ```
///
/// A section with `enable = false` is skipped. Lines starting with `#` or `;` are comments, as
/// are ` #`/` ;` tails of values. The file is read on the first call that succeeds and the
/// resulting provider is kept.
#[derive(Debug, Default)]
pub struct IniFileProvider {
    path: Option<PathBuf>,
    section: Option<String>,
    sts_endpoint: Option<String>,
    imds_endpoint: Option<String>,
    resolved: LazyProvider,
}

impl IniFileProvider {
    /// A provider reading the file and section named by the environment.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads this file.
    #[must_use]
    pub fn with_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Uses this section.
    #[must_use]
    pub fn with_section(mut self, section: impl Into<String>) -> Self {
        self.section = Some(section.into());
        self
    }

    /// Sends STS requests of `ram_role_arn` sections to this endpoint (a host or a URL).
    #[must_use]
    pub fn with_sts_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.sts_endpoint = Some(endpoint.into());
        self
    }

    /// Sends metadata requests of `ecs_ram_role` sections to this base URL.
    #[must_use]
    pub fn with_imds_endpoint(mut self, url: impl Into<String>) -> Self {
        self.imds_endpoint = Some(url.into());
        self
    }

    fn build(&self, env: &Env) -> Result<SharedCredentialsProvider, CredentialsError> {
        let (text, shown) = read_file(env, self.path.clone())?;
        let ini = parse(&text).map_err(|reason| failed(format!("{shown}: {reason}")))?;
        let name = self
            .section
            .clone()
            .or_else(|| env.var("ALIBABA_CLOUD_PROFILE"))
            .unwrap_or_else(|| "default".to_owned());
        let section = ini
            .iter()
            .rev()
            .find(|(section, _)| *section == name)
            .map(|(_, entries)| entries.as_slice())
            .ok_or_else(|| {
                CredentialsError::not_found(format!("no [{name}] section in {shown}"))
            })?;
        let get = |key: &str| {
            section
                .iter()
                .rev()
                .find(|(k, v)| k == key && !v.is_empty())
                .map(|(_, value)| value.as_str())
        };
        let need =
            |key: &str| get(key).ok_or_else(|| failed(format!("[{name}] in {shown} has no {key}")));
        if get("enable").is_some_and(|enable| enable.eq_ignore_ascii_case("false")) {
            return Err(CredentialsError::not_found(format!(
                "[{name}] in {shown} is disabled (enable = false)"
            )));
        }
        tracing::debug!(section = %name, file = %shown, "using the credentials file");
        let provider = match need("type")? {
            "access_key" => {
                Credentials::new(need("access_key_id")?, need("access_key_secret")?).into()
            }
            "ecs_ram_role" => {
                let mut builder = EcsRamRoleProvider::builder();
                if let Some(role) = get("role_name") {
                    builder = builder.role_name(role);
                }
                if let Some(endpoint) = &self.imds_endpoint {
                    builder = builder.endpoint(endpoint.clone());
                }
                SharedCredentialsProvider::new(builder.build())
            }
            "ram_role_arn" => {
                let source = Credentials::new(need("access_key_id")?, need("access_key_secret")?);
                let mut builder = AssumeRoleProvider::builder(need("role_arn")?, source);
                if let Some(session) = get("role_session_name") {
                    builder = builder.role_session_name(session);
                }
                if let Some(policy) = get("policy") {
                    builder = builder.policy(policy);
                }
                if let Some(endpoint) = &self.sts_endpoint {
                    builder = builder.endpoint(endpoint.clone());
                }
                SharedCredentialsProvider::new(builder.build()?)
            }
            other => {
                return Err(failed(format!(
                    "[{name}] in {shown} has type {other:?}, which is not supported \
                     (supported: access_key, ecs_ram_role, ram_role_arn)"
                )));
            }
        };
        Ok(provider)
    }
}

impl ProvideCredentials for IniFileProvider {
    fn provide_credentials<'a>(&'a self, ctx: &'a CredentialsContext) -> CredentialsFuture<'a> {
        Box::pin(async move {
            let provider = self.resolved.get_or_try_init(|| self.build(ctx.env()))?;
            provider.provide_credentials(ctx).await
        })
    }
}

fn failed(message: String) -> CredentialsError {
    CredentialsError::provider_error(SOURCE, message)
}

/// Reads the file; a missing default file is "not found", a missing configured one an error.
fn read_file(env: &Env, explicit: Option<PathBuf>) -> Result<(String, String), CredentialsError> {
    let configured = explicit.or_else(|| env.var(PATH_VAR).map(PathBuf::from));
    let candidates = match &configured {
        Some(path) => vec![path.clone()],
        None => {
            let dir = env
                .home()
                .ok_or_else(|| CredentialsError::not_found("the home directory is unknown"))?
                .join(".alibabacloud");
            vec![dir.join("credentials"), dir.join("credentials.ini")]
        }
    };
    for path in &candidates {
        let shown = display_path(path, env);
        match std::fs::read_to_string(path) {
            Ok(text) => return Ok((text, shown)),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) => return Err(failed(format!("cannot read {shown}: {err}")).with_source(err)),
        }
    }
    let shown: Vec<String> = candidates
        .iter()
        .map(|path| display_path(path, env))
        .collect();
    let shown = shown.join(" or ");
    Err(match configured {
        Some(_) => failed(format!("{shown} not found")),
        None => CredentialsError::not_found(format!("{shown} not found")),
    })
}

/// Sections in file order, each with its `key = value` entries.
type Ini = Vec<(String, Vec<(String, String)>)>;

/// Parses INI text. Errors name the line but never quote it (it may hold a secret).
fn parse(text: &str) -> Result<Ini, String> {
    let mut sections: Ini = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[') {
            let name = name
                .strip_suffix(']')
                .ok_or_else(|| format!("line {}: a section header must end with `]`", index + 1))?;
            sections.push((name.trim().to_owned(), Vec::new()));
            continue;
        }
        let (key, value) = line
            .split_once('=')
            .ok_or_else(|| format!("line {}: expected `key = value` or `[section]`", index + 1))?;
        let (_, entries) = sections
            .last_mut()
            .ok_or_else(|| format!("line {}: a key outside of any [section]", index + 1))?;
        entries.push((key.trim().to_owned(), strip_comment(value).to_owned()));
    }
    Ok(sections)
}

/// The value without a ` #` or ` ;` comment tail, trimmed.
fn strip_comment(value: &str) -> &str {
    let bytes = value.as_bytes();
    let end = (1..bytes.len())
        .find(|&i| matches!(bytes[i], b'#' | b';') && bytes[i - 1].is_ascii_whitespace())
        .unwrap_or(bytes.len());
    value.get(..end).unwrap_or(value).trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sections_comments_and_values() {
        let ini = parse(
            "# top comment\n[default]\nenable = true\ntype=access_key # inline\n\n; other\n[ram]\n\
             policy = {\"Version\":\"1\",\"Statement\":[]}\nname = a#b\n",
        )
        .unwrap();
        assert_eq!(ini.len(), 2);
        assert_eq!(ini[0].0, "default");
        assert_eq!(
            ini[0].1,
            vec![
                ("enable".to_owned(), "true".to_owned()),
                ("type".to_owned(), "access_key".to_owned())
            ]
        );
        assert_eq!(ini[1].1[0].1, "{\"Version\":\"1\",\"Statement\":[]}");
        assert_eq!(ini[1].1[1].1, "a#b");
    }

    #[test]
    fn errors_name_the_line_without_quoting_it() {
        assert_eq!(
            parse("[a]\nsecret-without-equals\n").unwrap_err(),
            "line 2: expected `key = value` or `[section]`"
        );
        assert_eq!(
            parse("key = v\n").unwrap_err(),
            "line 1: a key outside of any [section]"
        );
        assert_eq!(
            parse("[open\n").unwrap_err(),
            "line 1: a section header must end with `]`"
        );
    }

    #[test]
    fn comment_tails() {
        assert_eq!(strip_comment(" value ; note"), "value");
        assert_eq!(strip_comment("v#x"), "v#x");
        assert_eq!(strip_comment(""), "");
        assert_eq!(strip_comment("# all comment"), "# all comment");
    }
}
