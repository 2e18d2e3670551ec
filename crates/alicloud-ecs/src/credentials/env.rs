//! [`Env`] (where variables and files are read from), the [`EnvironmentProvider`], and
//! [`region_from_env`].

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use super::{Credentials, CredentialsContext, CredentialsError, CredentialsFuture};
use super::{ProvideCredentials, cli_config};

/// Where providers read environment variables and the home directory from.
///
/// [`Env::process`] reads the real process environment; [`Env::from_vars`] reads only the given
/// variables, which lets tests describe an environment without changing the process's. Empty
/// values count as unset. `Debug` lists variable names only, never values.
///
/// ```
/// use alicloud_ecs::credentials::Env;
///
/// let env = Env::from_vars([("ALIBABA_CLOUD_PROFILE", "dev"), ("EMPTY", ""), ("HOME", "/home/me")]);
/// assert_eq!(env.var("ALIBABA_CLOUD_PROFILE").as_deref(), Some("dev"));
/// assert_eq!(env.var("EMPTY"), None);
/// assert_eq!(env.home(), Some("/home/me".into()));
/// ```
#[derive(Clone)]
pub struct Env {
    vars: Option<Arc<BTreeMap<String, String>>>,
    home: Option<PathBuf>,
}

impl Env {
    /// The process environment, with the home directory from `HOME` (or `USERPROFILE`).
    pub fn process() -> Self {
        let home = ["HOME", "USERPROFILE"]
            .into_iter()
            .find_map(|name| std::env::var_os(name).filter(|value| !value.is_empty()))
            .map(PathBuf::from);
        Self { vars: None, home }
    }

    /// Only the given variables; the home directory is the `HOME` (or `USERPROFILE`) entry, if
    /// present.
    pub fn from_vars<I, K, V>(vars: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let vars: BTreeMap<String, String> = vars
            .into_iter()
            .map(|(name, value)| (name.into(), value.into()))
            .collect();
        let home = ["HOME", "USERPROFILE"]
            .into_iter()
            .find_map(|name| vars.get(name).filter(|value| !value.is_empty()))
            .map(PathBuf::from);
        Self {
            vars: Some(Arc::new(vars)),
            home,
        }
    }

    /// Uses `dir` as the home directory.
    #[must_use]
    pub fn with_home(mut self, dir: impl Into<PathBuf>) -> Self {
        self.home = Some(dir.into());
        self
    }

    /// The value of variable `name`; `None` if it is unset, empty or not valid Unicode.
    pub fn var(&self, name: &str) -> Option<String> {
        let value = match &self.vars {
            Some(vars) => vars.get(name).cloned(),
            None => std::env::var(name).ok(),
        };
        value.filter(|value| !value.is_empty())
    }

    /// The home directory, if known.
    pub fn home(&self) -> Option<PathBuf> {
        self.home.clone()
    }

    /// The value of the first of `names` that is set, with its name.
    pub(crate) fn first_of<'n>(&self, names: &[&'n str]) -> Option<(&'n str, String)> {
        names
            .iter()
            .find_map(|name| self.var(name).map(|value| (*name, value)))
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("Env");
        match &self.vars {
            Some(vars) => out.field("vars", &vars.keys().collect::<Vec<_>>()),
            None => out.field("vars", &"process"),
        };
        out.field("home", &self.home).finish()
    }
}

/// The access key variables, newest names first: ID, secret and token of each family.
const FAMILIES: [[&str; 3]; 3] = [
    [
        "ALIBABA_CLOUD_ACCESS_KEY_ID",
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
        "ALIBABA_CLOUD_SECURITY_TOKEN",
    ],
    [
        "ALIBABACLOUD_ACCESS_KEY_ID",
        "ALIBABACLOUD_ACCESS_KEY_SECRET",
        "ALIBABACLOUD_SECURITY_TOKEN",
    ],
    [
        "ALICLOUD_ACCESS_KEY_ID",
        "ALICLOUD_ACCESS_KEY_SECRET",
        "ALICLOUD_SECURITY_TOKEN",
    ],
];

/// The region variables, in the order the aliyun CLI reads them.
const REGION_VARS: [&str; 4] = [
    "ALIBABA_CLOUD_REGION_ID",
    "ALIBABACLOUD_REGION_ID",
    "ALICLOUD_REGION_ID",
    "REGION_ID",
];

/// Credentials from environment variables.
///
/// Reads `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and the optional
/// `ALIBABA_CLOUD_SECURITY_TOKEN` (STS credentials). When `ALIBABA_CLOUD_ACCESS_KEY_ID` is
/// unset, the aliyun CLI's older names `ALIBABACLOUD_*` and then `ALICLOUD_*` are used; the
/// secret and token always come from the same family as the ID.
#[derive(Clone, Copy, Debug, Default)]
pub struct EnvironmentProvider;

impl EnvironmentProvider {
    /// The environment provider.
    pub fn new() -> Self {
        Self
    }

    fn load(env: &Env) -> Result<Credentials, CredentialsError> {
        let Some([id_var, secret_var, token_var]) = FAMILIES
            .into_iter()
            .find(|[id_var, _, _]| env.var(id_var).is_some())
        else {
            return Err(CredentialsError::not_found(format!(
                "{} is not set",
                FAMILIES[0][0]
            )));
        };
        let (Some(id), Some(secret)) = (env.var(id_var), env.var(secret_var)) else {
            return Err(CredentialsError::provider_error(
                "environment",
                format!("{id_var} is set but {secret_var} is not"),
            ));
        };
        let creds = Credentials::new(id, secret);
        Ok(match env.var(token_var) {
            Some(token) => creds.with_security_token(token),
            None => creds,
        })
    }
}

impl ProvideCredentials for EnvironmentProvider {
    fn provide_credentials<'a>(&'a self, ctx: &'a CredentialsContext) -> CredentialsFuture<'a> {
        Box::pin(std::future::ready(Self::load(ctx.env())))
    }
}

/// The default region the way the aliyun CLI finds it: `ALIBABA_CLOUD_REGION_ID`,
/// `ALIBABACLOUD_REGION_ID`, `ALICLOUD_REGION_ID`, `REGION_ID`, then the `region_id` of the
/// selected `~/.aliyun/config.json` profile (`profile_name`, else `ALIBABA_CLOUD_PROFILE` and
/// its older names, else the file's `current`; skipped with
/// `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true`). `None` if none is set or the file cannot be read.
///
/// ```
/// use alicloud_ecs::credentials::{Env, region_from_env};
/// let env = Env::from_vars([("ALICLOUD_REGION_ID", "cn-beijing")]);
/// assert_eq!(region_from_env(&env, None).as_deref(), Some("cn-beijing"));
/// ```
pub fn region_from_env(env: &Env, profile_name: Option<&str>) -> Option<String> {
    if let Some((_, region)) = env.first_of(&REGION_VARS) {
        return Some(region);
    }
    cli_config::region_from_config(env, profile_name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::test_support::{TempHome, block_on, context};

    fn load(vars: &[(&str, &str)]) -> Result<Credentials, CredentialsError> {
        let ctx = context(Env::from_vars(vars.iter().copied()));
        block_on(EnvironmentProvider::new().provide_credentials(&ctx))
    }

    #[test]
    fn reads_the_current_names_with_and_without_token() {
        let creds = load(&[
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-env"),
            ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret"),
        ])
        .unwrap();
        assert_eq!(creds.access_key_id(), "LTAI-env");
        assert_eq!(creds.access_key_secret(), "env-secret");
        assert_eq!(creds.security_token(), None);

        let sts = load(&[
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", "STS.env"),
            ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret"),
            ("ALIBABA_CLOUD_SECURITY_TOKEN", "env-token"),
        ])
        .unwrap();
        assert_eq!(sts.security_token(), Some("env-token"));
    }

    #[test]
    fn older_names_are_used_family_by_family() {
        let creds = load(&[
            ("ALICLOUD_ACCESS_KEY_ID", "old-id"),
            ("ALICLOUD_ACCESS_KEY_SECRET", "old-secret"),
            ("ALIBABACLOUD_ACCESS_KEY_ID", "mid-id"),
            ("ALIBABACLOUD_ACCESS_KEY_SECRET", "mid-secret"),
            ("ALIBABACLOUD_SECURITY_TOKEN", "mid-token"),
            ("ALIBABA_CLOUD_SECURITY_TOKEN", "unrelated-token"),
        ])
        .unwrap();
        assert_eq!(creds.access_key_id(), "mid-id");
        assert_eq!(creds.access_key_secret(), "mid-secret");
        assert_eq!(creds.security_token(), Some("mid-token"));
    }

    #[test]
    fn missing_or_half_set_variables() {
        let err = load(&[]).unwrap_err();
        assert!(err.is_not_found());
        assert_eq!(err.to_string(), "ALIBABA_CLOUD_ACCESS_KEY_ID is not set");
        let err = load(&[
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", "id"),
            ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", ""),
        ])
        .unwrap_err();
        assert!(!err.is_not_found());
        assert_eq!(
            err.to_string(),
            "environment: ALIBABA_CLOUD_ACCESS_KEY_ID is set but \
             ALIBABA_CLOUD_ACCESS_KEY_SECRET is not"
        );
    }

    #[test]
    fn env_debug_shows_names_only() {
        let env = Env::from_vars([("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "very-secret")]);
        let shown = format!("{env:?}");
        assert!(shown.contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET"));
        assert!(!shown.contains("very-secret"));
        assert!(format!("{:?}", Env::process()).contains("process"));
        let home = Env::from_vars([("USERPROFILE", "C:\\Users\\me")]).with_home("/h");
        assert_eq!(home.home(), Some(PathBuf::from("/h")));
    }

    #[test]
    fn region_precedence() {
        let home = TempHome::new();
        home.write(
            ".aliyun/config.json",
            r#"{"current":"a","profiles":[
                {"name":"a","mode":"AK","region_id":"cn-a"},
                {"name":"b","mode":"AK","region_id":"cn-b"}]}"#,
        );
        let env = |extra: &[(&str, &str)]| {
            let mut vars = vec![("HOME", home.path_str())];
            vars.extend_from_slice(extra);
            Env::from_vars(vars)
        };
        assert_eq!(region_from_env(&env(&[]), None).as_deref(), Some("cn-a"));
        assert_eq!(
            region_from_env(&env(&[("ALIBABA_CLOUD_PROFILE", "b")]), None).as_deref(),
            Some("cn-b")
        );
        assert_eq!(
            region_from_env(&env(&[("ALIBABA_CLOUD_PROFILE", "a")]), Some("b")).as_deref(),
            Some("cn-b")
        );
        let vars = [("REGION_ID", "cn-r"), ("ALICLOUD_REGION_ID", "cn-old")];
        assert_eq!(
            region_from_env(&env(&vars), None).as_deref(),
            Some("cn-old")
        );
        assert_eq!(
            region_from_env(
                &env(&[("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true")]),
                None
            ),
            None
        );
        assert_eq!(region_from_env(&Env::from_vars([("X", "y")]), None), None);
    }
}
