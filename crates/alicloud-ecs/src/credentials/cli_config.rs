//! The aliyun CLI's `~/.aliyun/config.json`: the fields this crate reads, loading with clear
//! errors, and profile selection.

use std::path::PathBuf;

use serde::Deserialize;

use super::util::{describe_json_error, display_path, is_true};
use super::{CredentialsError, Env};

const SOURCE: &str = "cli profile";
const PROFILE_VARS: [&str; 3] = [
    "ALIBABA_CLOUD_PROFILE",
    "ALIBABACLOUD_PROFILE",
    "ALICLOUD_PROFILE",
];

/// A failure of a configured CLI profile.
pub(crate) fn failed(message: String) -> CredentialsError {
    CredentialsError::provider_error(SOURCE, message)
}

/// `~/.aliyun/config.json` (the fields this crate uses; everything else is ignored).
#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct ConfigFile {
    current: Option<String>,
    profiles: Vec<Profile>,
}

impl ConfigFile {
    /// The profile called `name`.
    pub(crate) fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles
            .iter()
            .find(|profile| profile.name.as_deref() == Some(name))
    }
}

/// One profile; deliberately without `Debug`, it holds secrets.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct Profile {
    name: Option<String>,
    pub(crate) mode: Option<String>,
    pub(crate) access_key_id: Option<String>,
    pub(crate) access_key_secret: Option<String>,
    pub(crate) sts_token: Option<String>,
    pub(crate) sts_region: Option<String>,
    pub(crate) sts_endpoint: Option<String>,
    pub(crate) ram_role_name: Option<String>,
    pub(crate) ram_role_arn: Option<String>,
    pub(crate) ram_session_name: Option<String>,
    pub(crate) external_id: Option<String>,
    pub(crate) source_profile: Option<String>,
    pub(crate) expired_seconds: Option<u32>,
    pub(crate) policy: Option<String>,
    pub(crate) enable_vpc: Option<bool>,
    region_id: Option<String>,
}

/// A non-empty string field.
pub(crate) fn field(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|value| !value.is_empty())
}

/// Reads and parses the file (`path`, else `~/.aliyun/config.json`); returns it with the path
/// as shown in messages.
pub(crate) fn load(
    env: &Env,
    path: Option<PathBuf>,
) -> Result<(ConfigFile, String), CredentialsError> {
    let path = match path {
        Some(path) => path,
        None => env
            .home()
            .ok_or_else(|| CredentialsError::not_found("the home directory is unknown"))?
            .join(".aliyun")
            .join("config.json"),
    };
    let shown = display_path(&path, env);
    let text = match std::fs::read(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Err(CredentialsError::not_found(format!("{shown} not found")));
        }
        Err(err) => return Err(failed(format!("cannot read {shown}: {err}")).with_source(err)),
    };
    let config = serde_json::from_slice(&text).map_err(|err| {
        failed(format!(
            "invalid JSON in {shown}: {}",
            describe_json_error(&err)
        ))
    })?;
    Ok((config, shown))
}

/// The explicit name, else the profile variables, else `current`, else `default`.
pub(crate) fn select_profile(env: &Env, explicit: Option<&str>, config: &ConfigFile) -> String {
    explicit
        .map(str::to_owned)
        .or_else(|| env.first_of(&PROFILE_VARS).map(|(_, name)| name))
        .or_else(|| field(&config.current).map(str::to_owned))
        .unwrap_or_else(|| "default".to_owned())
}

/// The `region_id` of the selected profile, for [`region_from_env`](super::region_from_env).
pub(crate) fn region_from_config(env: &Env, explicit: Option<&str>) -> Option<String> {
    if is_true(env, "ALIBABA_CLOUD_CLI_PROFILE_DISABLED") {
        return None;
    }
    let (config, _) = load(env, None).ok()?;
    let name = select_profile(env, explicit, &config);
    let profile = config.profile(&name)?;
    field(&profile.region_id).map(str::to_owned)
}
