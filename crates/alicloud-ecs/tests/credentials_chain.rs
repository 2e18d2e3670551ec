//! The default credentials chain end to end: source order, profile selection, errors that
//! list every source without secrets, and the remembered source.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod credentials_support;

use std::path::Path;
use std::time::Duration;

use alicloud_ecs::credentials::{
    AssumeRoleProvider, CachedProvider, Credentials, DefaultCredentialsChain, EcsRamRoleProvider,
    Env, EnvironmentProvider, IniFileProvider, OidcProvider, ProfileProvider, UriProvider,
};
use credentials_support::{CONFIG, NO_IMDS, TokenMode, World, chain, load};

#[tokio::test]
async fn environment_wins_over_the_profile() {
    let world = World::new();
    world.write(".aliyun/config.json", CONFIG);
    let (ctx, _) = world.context(&[
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-env"),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret"),
    ]);
    let creds = load(&chain(), &ctx).await.unwrap();
    assert_eq!(creds.access_key_id(), "LTAI-env");
    assert!(world.requests().is_empty());
}

#[tokio::test]
async fn profile_selection_current_env_and_builder() {
    let world = World::new();
    world.write(".aliyun/config.json", CONFIG);
    let (ctx, _) = world.context(&[]);
    assert_eq!(
        load(&chain(), &ctx).await.unwrap().access_key_id(),
        "LTAI-work"
    );

    let (ctx, _) = world.context(&[("ALIBABA_CLOUD_PROFILE", "temp")]);
    let creds = load(&chain(), &ctx).await.unwrap();
    assert_eq!(creds.access_key_id(), "STS.temp");
    assert_eq!(creds.security_token(), Some("temp-token"));

    let explicit = DefaultCredentialsChain::builder()
        .profile_name("work")
        .build();
    assert_eq!(
        load(&explicit, &ctx).await.unwrap().access_key_id(),
        "LTAI-work"
    );
    assert_eq!(
        alicloud_ecs::credentials::region_from_env(ctx.env(), Some("work")).as_deref(),
        Some("cn-hangzhou")
    );
}

#[tokio::test]
async fn malformed_files_name_the_file() {
    let world = World::new();
    world.write(".aliyun/config.json", "{\"profiles\": [");
    world.write(
        ".alibabacloud/credentials",
        "[default]\naccess_key_secret\n",
    );
    let (ctx, _) = world.context(&[NO_IMDS]);
    let err = load(&chain(), &ctx).await.unwrap_err();
    assert!(!err.is_not_found());
    let reasons: Vec<&str> = err
        .attempts()
        .iter()
        .map(|(_, reason)| reason.as_str())
        .collect();
    assert!(
        reasons[2].starts_with("invalid JSON in ~/.aliyun/config.json: EOF while parsing"),
        "{reasons:?}"
    );
    assert_eq!(
        reasons[3],
        "~/.alibabacloud/credentials: line 2: expected `key = value` or `[section]`"
    );
}

#[tokio::test]
async fn no_source_lists_every_attempt() {
    let world = World::new();
    let (ctx, _) = world.context(&[
        ("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true"),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "lonely-secret"),
        NO_IMDS,
    ]);
    let err = load(&chain(), &ctx).await.unwrap_err();
    assert!(err.is_not_found());
    let sources: Vec<&str> = err
        .attempts()
        .iter()
        .map(|(source, _)| source.as_str())
        .collect();
    assert_eq!(
        sources,
        [
            "environment",
            "oidc",
            "cli profile",
            "credentials file",
            "ecs ram role",
            "credentials uri"
        ]
    );
    assert_eq!(
        err.to_string(),
        "no credentials found; tried: \
         environment: ALIBABA_CLOUD_ACCESS_KEY_ID is not set; \
         oidc: ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE are not all set; \
         cli profile: disabled by ALIBABA_CLOUD_CLI_PROFILE_DISABLED; \
         credentials file: ~/.alibabacloud/credentials or ~/.alibabacloud/credentials.ini not found; \
         ecs ram role: disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED; \
         credentials uri: ALIBABA_CLOUD_CREDENTIALS_URI is not set"
    );
    assert!(world.requests().is_empty());
}

#[tokio::test]
async fn a_chain_without_credentials_backs_off_before_probing_again() {
    let world = World::new();
    *world.token_mode.lock().unwrap() = TokenMode::Unreachable;
    let chain = chain();
    let (ctx, clock) = world.context(&[]);
    let probes = || world.requests().len();
    for _ in 0..5 {
        assert!(load(&chain, &ctx).await.unwrap_err().is_not_found());
    }
    assert_eq!(probes(), 1, "the metadata service is asked once");
    clock.advance(Duration::from_millis(999));
    load(&chain, &ctx).await.unwrap_err();
    assert_eq!(probes(), 1);
    clock.advance(Duration::from_millis(1));
    load(&chain, &ctx).await.unwrap_err();
    assert_eq!(probes(), 2, "probed again after 1 s");
    clock.advance(Duration::from_millis(1999));
    load(&chain, &ctx).await.unwrap_err();
    assert_eq!(probes(), 2, "then after 2 s");
    // Credentials appear; they are found once the wait is over.
    world.write(".aliyun/config.json", CONFIG);
    assert!(load(&chain, &ctx).await.is_err());
    clock.advance(Duration::from_millis(1));
    assert_eq!(
        load(&chain, &ctx).await.unwrap().access_key_id(),
        "LTAI-work"
    );
    assert_eq!(probes(), 2, "the profile comes before the metadata service");
}

#[tokio::test]
async fn failed_sts_call_never_shows_secrets() {
    let world = World::new();
    world.write(".aliyun/config.json", CONFIG);
    *world.sts_body.lock().unwrap() = (
        400,
        r#"{"RequestId":"R-BAD","Code":"SignatureDoesNotMatch","Message":"Specified signature is not matched with our calculation. server string to sign is:POST&%2F&AccessKeyId%3DLTAI-source"}"#.to_owned(),
    );
    let (ctx, _) = world.context(&[
        ("ALIBABA_CLOUD_PROFILE", "role"),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-only-secret"),
        NO_IMDS,
    ]);
    let err = load(&chain(), &ctx).await.unwrap_err();
    assert!(!err.is_not_found());
    let shown = format!("{err} {err:?}");
    for secret in [
        "env-only-secret",
        "source-secret",
        "work-secret",
        "assumed-secret",
    ] {
        assert!(!shown.contains(secret), "{secret} leaked: {shown}");
    }
    assert!(shown.contains("code SignatureDoesNotMatch"), "{shown}");
    assert!(shown.contains("request id R-BAD"), "{shown}");
}

#[tokio::test]
async fn chain_keeps_the_first_source_that_worked() {
    let world = World::new();
    world.write(".aliyun/config.json", CONFIG);
    let chain = chain();
    let (ctx, _) = world.context(&[]);
    assert_eq!(
        load(&chain, &ctx).await.unwrap().access_key_id(),
        "LTAI-work"
    );
    assert!(format!("{chain:?}").contains("resolved: Some(\"cli profile\")"));
    let (with_env, _) = world.context(&[
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-env"),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret"),
    ]);
    assert_eq!(
        load(&chain, &with_env).await.unwrap().access_key_id(),
        "LTAI-work"
    );
}

#[test]
fn debug_of_every_provider_hides_secrets() {
    let source = Credentials::new("LTAI-dbg", "dbg-secret").with_security_token("dbg-token");
    let assume = AssumeRoleProvider::builder("acs:ram::1:role/r", source.clone())
        .external_id("dbg-external")
        .build()
        .unwrap();
    let shown = [
        format!("{source:?}"),
        format!("{assume:?}"),
        format!("{:?}", CachedProvider::new(source.clone())),
        format!("{:?}", EnvironmentProvider::new()),
        format!("{:?}", ProfileProvider::new().with_profile_name("p")),
        format!("{:?}", IniFileProvider::new().with_path(Path::new("x"))),
        format!("{:?}", EcsRamRoleProvider::builder().role_name("r").build()),
        format!("{:?}", OidcProvider::builder().role_arn("a").build()),
        format!("{:?}", UriProvider::with_uri("http://u")),
        format!("{:?}", DefaultCredentialsChain::new()),
        format!(
            "{:?}",
            Env::from_vars([("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "dbg-secret")])
        ),
    ];
    for text in shown {
        for secret in ["dbg-secret", "dbg-token", "dbg-external"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
}
