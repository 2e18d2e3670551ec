//! [`ProfileProvider`]: credentials from a profile of the aliyun CLI's `~/.aliyun/config.json`
//! (modes `AK`, `StsToken`, `RamRoleArn`, `EcsRamRole`, `ChainableRamRoleArn`).

use std::path::PathBuf;

use super::cli_config::{ConfigFile, Profile, failed, field, load, select_profile};
use super::util::LazyProvider;
use super::{
    AssumeRoleProvider, Credentials, CredentialsContext, CredentialsError, CredentialsFuture,
    EcsRamRoleProvider, Env, ProvideCredentials, SharedCredentialsProvider,
};

/// How many `source_profile` links a `ChainableRamRoleArn` profile may follow.
const MAX_CHAIN_DEPTH: usize = 8;

/// Credentials from a profile of `~/.aliyun/config.json`, the aliyun CLI's configuration.
///
/// The profile is the one named with [`with_profile_name`](Self::with_profile_name) (like the
/// CLI's `--profile`), else `ALIBABA_CLOUD_PROFILE` (or `ALIBABACLOUD_PROFILE`,
/// `ALICLOUD_PROFILE`), else the file's `current`, else `default`. Supported modes:
///
/// | mode | fields used |
/// |---|---|
/// | `AK` | `access_key_id`, `access_key_secret` |
/// | `StsToken` | the above and `sts_token` |
/// | `RamRoleArn` | the above (token optional), `ram_role_arn`, `ram_session_name`, `expired_seconds`, `policy`, `external_id`, `sts_region`, `enable_vpc`, `sts_endpoint` |
/// | `EcsRamRole` | `ram_role_name` (discovered when empty) |
/// | `ChainableRamRoleArn` | `source_profile` (any supported profile) and the role fields above |
///
/// The file is read on the first call that succeeds; the resulting provider (with its cache, for
/// roles) is kept for later calls.
#[derive(Debug, Default)]
pub struct ProfileProvider {
    path: Option<PathBuf>,
    profile_name: Option<String>,
    sts_endpoint: Option<String>,
    imds_endpoint: Option<String>,
    resolved: LazyProvider,
}

impl ProfileProvider {
    /// A provider reading `~/.aliyun/config.json`, selecting the profile from the environment.
    pub fn new() -> Self {
        Self::default()
    }

    /// Uses the profile `name`, whatever the environment and `current` say.
    #[must_use]
    pub fn with_profile_name(mut self, name: impl Into<String>) -> Self {
        self.profile_name = Some(name.into());
        self
    }

    /// Reads this file instead of `~/.aliyun/config.json`.
    #[must_use]
    pub fn with_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Sends STS requests of `RamRoleArn` profiles to this endpoint (a host or a URL).
    #[must_use]
    pub fn with_sts_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.sts_endpoint = Some(endpoint.into());
        self
    }

    /// Sends metadata requests of `EcsRamRole` profiles to this base URL.
    #[must_use]
    pub fn with_imds_endpoint(mut self, url: impl Into<String>) -> Self {
        self.imds_endpoint = Some(url.into());
        self
    }

    fn build(&self, env: &Env) -> Result<SharedCredentialsProvider, CredentialsError> {
        let (config, shown) = load(env, self.path.clone())?;
        let name = select_profile(env, self.profile_name.as_deref(), &config);
        tracing::debug!(profile = %name, file = %shown, "using aliyun CLI profile");
        self.provider_for(&config, &name, &shown, 0)
    }

    fn provider_for(
        &self,
        config: &ConfigFile,
        name: &str,
        shown: &str,
        depth: usize,
    ) -> Result<SharedCredentialsProvider, CredentialsError> {
        let profile = config
            .profile(name)
            .ok_or_else(|| failed(format!("profile {name:?} not found in {shown}")))?;
        let view = View {
            profile,
            name,
            mode: field(&profile.mode).unwrap_or_default(),
            shown,
        };
        let provider = match view.mode.to_ascii_lowercase().as_str() {
            "ak" => Credentials::new(
                view.need(&profile.access_key_id, "access_key_id")?,
                view.need(&profile.access_key_secret, "access_key_secret")?,
            )
            .into(),
            "ststoken" => {
                view.need(&profile.sts_token, "sts_token")?;
                view.access_key()?.into()
            }
            "ramrolearn" => self.assume_role(&view, view.access_key()?)?,
            "chainableramrolearn" => {
                let source_name = view.need(&profile.source_profile, "source_profile")?;
                if depth >= MAX_CHAIN_DEPTH {
                    return Err(failed(format!(
                        "profile {name:?}: the source_profile chain is longer than \
                         {MAX_CHAIN_DEPTH} links or loops"
                    )));
                }
                let source = self.provider_for(config, source_name, shown, depth + 1)?;
                self.assume_role(&view, source)?
            }
            "ecsramrole" => {
                let mut builder = EcsRamRoleProvider::builder();
                if let Some(role) = field(&profile.ram_role_name) {
                    builder = builder.role_name(role);
                }
                if let Some(endpoint) = &self.imds_endpoint {
                    builder = builder.endpoint(endpoint.clone());
                }
                SharedCredentialsProvider::new(builder.build())
            }
            "" => return Err(failed(format!("profile {name:?} has no mode in {shown}"))),
            _ => {
                return Err(failed(format!(
                    "profile {name:?} has mode {:?}, which is not supported \
                     (supported: AK, StsToken, RamRoleArn, EcsRamRole, ChainableRamRoleArn)",
                    view.mode
                )));
            }
        };
        Ok(provider)
    }

    fn assume_role(
        &self,
        view: &View<'_>,
        source: impl ProvideCredentials + 'static,
    ) -> Result<SharedCredentialsProvider, CredentialsError> {
        let profile = view.profile;
        let role_arn = view.need(&profile.ram_role_arn, "ram_role_arn")?;
        let mut builder = AssumeRoleProvider::builder(role_arn, source);
        if let Some(session) = field(&profile.ram_session_name) {
            builder = builder.role_session_name(session);
        }
        if let Some(seconds) = profile.expired_seconds.filter(|seconds| *seconds > 0) {
            builder = builder.duration_seconds(seconds);
        }
        if let Some(policy) = field(&profile.policy) {
            builder = builder.policy(policy);
        }
        if let Some(external_id) = field(&profile.external_id) {
            builder = builder.external_id(external_id);
        }
        if let Some(region) = field(&profile.sts_region) {
            builder = builder.sts_region(region);
        }
        if let Some(vpc) = profile.enable_vpc {
            builder = builder.enable_vpc(vpc);
        }
        let profile_endpoint = field(&profile.sts_endpoint);
        if let Some(endpoint) = self.sts_endpoint.as_deref().or(profile_endpoint) {
            builder = builder.endpoint(endpoint);
        }
        Ok(SharedCredentialsProvider::new(builder.build()?))
    }
}

/// A profile being turned into a provider, with what its error messages mention.
struct View<'p> {
    profile: &'p Profile,
    name: &'p str,
    mode: &'p str,
    shown: &'p str,
}

impl<'p> View<'p> {
    /// A required field, or an error naming it.
    fn need(&self, value: &'p Option<String>, what: &str) -> Result<&'p str, CredentialsError> {
        field(value).ok_or_else(|| {
            failed(format!(
                "profile {:?} (mode {}) has no {what} in {}",
                self.name, self.mode, self.shown
            ))
        })
    }

    /// The access key, with `sts_token` when present.
    fn access_key(&self) -> Result<Credentials, CredentialsError> {
        let creds = Credentials::new(
            self.need(&self.profile.access_key_id, "access_key_id")?,
            self.need(&self.profile.access_key_secret, "access_key_secret")?,
        );
        Ok(match field(&self.profile.sts_token) {
            Some(token) => creds.with_security_token(token),
            None => creds,
        })
    }
}

impl ProvideCredentials for ProfileProvider {
    fn provide_credentials<'a>(&'a self, ctx: &'a CredentialsContext) -> CredentialsFuture<'a> {
        Box::pin(async move {
            let provider = self.resolved.get_or_try_init(|| self.build(ctx.env()))?;
            provider.provide_credentials(ctx).await
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::test_support::{TempHome, block_on, context};

    fn load_profile(
        home: &TempHome,
        vars: &[(&str, &str)],
        provider: ProfileProvider,
    ) -> Result<Credentials, CredentialsError> {
        let ctx = context(home.env(vars));
        block_on(provider.provide_credentials(&ctx))
    }

    const CONFIG: &str = r#"{
        "current": "ak",
        "profiles": [
            {"name": "ak", "mode": "AK", "access_key_id": "id-ak", "access_key_secret": "secret-ak", "sts_token": ""},
            {"name": "sts", "mode": "StsToken", "access_key_id": "STS.id", "access_key_secret": "secret-sts", "sts_token": "tok"},
            {"name": "weird", "mode": "RsaKeyPair"},
            {"name": "nomode"},
            {"name": "half", "mode": "ak", "access_key_id": "id-half"},
            {"name": "loop", "mode": "ChainableRamRoleArn", "source_profile": "loop", "ram_role_arn": "arn"}
        ],
        "meta_path": ""
    }"#;

    #[test]
    fn selects_profiles_like_the_cli() {
        let home = TempHome::new();
        home.write(".aliyun/config.json", CONFIG);
        let id = |vars: &[(&str, &str)], provider| {
            load_profile(&home, vars, provider)
                .unwrap()
                .access_key_id()
                .to_owned()
        };
        assert_eq!(id(&[], ProfileProvider::new()), "id-ak");
        assert_eq!(
            id(&[("ALICLOUD_PROFILE", "sts")], ProfileProvider::new()),
            "STS.id"
        );
        assert_eq!(
            id(
                &[("ALIBABA_CLOUD_PROFILE", "ak")],
                ProfileProvider::new().with_profile_name("sts")
            ),
            "STS.id"
        );
        let sts =
            load_profile(&home, &[], ProfileProvider::new().with_profile_name("sts")).unwrap();
        assert_eq!(sts.security_token(), Some("tok"));
    }

    #[test]
    fn bad_profiles_give_clear_errors() {
        let home = TempHome::new();
        home.write(".aliyun/config.json", CONFIG);
        let err = |name: &str| {
            let provider = ProfileProvider::new().with_profile_name(name);
            load_profile(&home, &[], provider).unwrap_err().to_string()
        };
        assert_eq!(
            err("missing"),
            "cli profile: profile \"missing\" not found in ~/.aliyun/config.json"
        );
        assert!(err("weird").contains("mode \"RsaKeyPair\", which is not supported"));
        assert!(err("nomode").contains("has no mode"));
        assert_eq!(
            err("half"),
            "cli profile: profile \"half\" (mode ak) has no access_key_secret in ~/.aliyun/config.json"
        );
        assert!(err("loop").contains("loops"), "{}", err("loop"));
    }

    #[test]
    fn missing_and_malformed_files() {
        let home = TempHome::new();
        let err = load_profile(&home, &[], ProfileProvider::new()).unwrap_err();
        assert!(err.is_not_found());
        assert_eq!(err.to_string(), "~/.aliyun/config.json not found");
        home.write(
            ".aliyun/config.json",
            r#"{"profiles": [{"name": "x", "access_key_secret": 12345}]}"#,
        );
        let err = load_profile(&home, &[], ProfileProvider::new()).unwrap_err();
        assert!(!err.is_not_found());
        let text = err.to_string();
        assert!(
            text.starts_with("cli profile: invalid JSON in ~/.aliyun/config.json: "),
            "{text}"
        );
        assert!(!text.contains("12345"), "{text}");
        let other = home.write("elsewhere.json", "{");
        let err = load_profile(&home, &[], ProfileProvider::new().with_path(&other)).unwrap_err();
        assert!(err.to_string().contains("~/elsewhere.json"), "{err}");
        let no_home = context(Env::from_vars([("X", "1")]));
        let err = block_on(ProfileProvider::new().provide_credentials(&no_home)).unwrap_err();
        assert!(err.is_not_found());
    }

    #[test]
    fn resolved_provider_is_kept() {
        let home = TempHome::new();
        let path = home.write(".aliyun/config.json", CONFIG);
        let provider = ProfileProvider::new();
        assert_eq!(
            load_profile(&home, &[], provider).unwrap().access_key_id(),
            "id-ak"
        );
        let provider = ProfileProvider::new();
        let ctx = context(home.env(&[]));
        block_on(provider.provide_credentials(&ctx)).unwrap();
        std::fs::remove_file(path).unwrap();
        let again = block_on(provider.provide_credentials(&ctx)).unwrap();
        assert_eq!(again.access_key_id(), "id-ak");
        assert!(!format!("{provider:?}").contains("secret-ak"));
    }
}
