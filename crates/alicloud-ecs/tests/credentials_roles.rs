//! Credentials that take HTTP calls: STS `AssumeRole` for role profiles (checked against the
//! V1 verifier), the ECS metadata service (IMDSv2 token, IMDSv1 fallback), and the INI file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod credentials_support;

use std::time::{Duration, SystemTime};

use alicloud_ecs::credentials::{
    Credentials, EcsRamRoleProvider, IniFileProvider, ProfileProvider,
};
use alicloud_signer::VerifiableRequest;
use credentials_support::{
    CONFIG, IMDS, NO_IMDS, ROLE_PATH, STS, TokenMode, World, chain, load, query_pairs,
};

#[tokio::test]
async fn ram_role_arn_profile_sends_a_signed_assume_role() {
    let world = World::new();
    world.write(".aliyun/config.json", CONFIG);
    let (ctx, clock) = world.context(&[("ALIBABA_CLOUD_PROFILE", "role")]);
    let chain = chain();
    let creds = load(&chain, &ctx).await.unwrap();
    assert_eq!(creds.access_key_id(), "STS.assumed");
    assert_eq!(creds.security_token(), Some("assumed-token"));
    let expiry = SystemTime::UNIX_EPOCH + Duration::from_secs(1_704_070_800);
    assert_eq!(creds.expiry(), Some(expiry));

    let request = world.last_request();
    assert_eq!(request.method(), "POST");
    assert!(request.body().is_empty());
    let query = query_pairs(&request);
    let pairs: Vec<(&str, &str)> = query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let param = |name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
    assert_eq!(
        param("RoleArn"),
        Some("acs:ram::123456789012:role/deployer")
    );
    assert_eq!(param("RoleSessionName"), Some("deploy"));
    assert_eq!(param("DurationSeconds"), Some("900"));
    assert_eq!(param("Format"), Some("JSON"));
    assert_eq!(param("Policy"), Some("{\"Version\":\"1\"}"));
    assert_eq!(param("ExternalId"), Some("ext-1"));
    assert_eq!(param("Timestamp"), Some("2024-01-01T00:00:00Z"));
    let incoming = VerifiableRequest::new("POST", "sts.test", "/").with_query(&pairs);
    let verified = alicloud_signer::verify(&incoming, |id| {
        (id == "LTAI-source").then(|| Credentials::new("LTAI-source", "source-secret"))
    })
    .unwrap();
    assert_eq!(verified.action.as_deref(), Some("AssumeRole"));
    assert_eq!(verified.api_version.as_deref(), Some("2015-04-01"));
    assert_eq!(verified.security_token, None);

    // Cached until three minutes before expiry, then refreshed.
    clock.advance(Duration::from_secs(3600 - 181));
    load(&chain, &ctx).await.unwrap();
    assert_eq!(world.requests().len(), 1);
    clock.advance(Duration::from_secs(1));
    load(&chain, &ctx).await.unwrap();
    assert_eq!(world.requests().len(), 2);
}

#[tokio::test]
async fn chainable_role_signs_with_the_source_profile_token() {
    let world = World::new();
    world.write(".aliyun/config.json", CONFIG);
    let (ctx, _) = world.context(&[]);
    let provider = ProfileProvider::new()
        .with_profile_name("chained")
        .with_sts_endpoint(STS);
    assert_eq!(
        load(&provider, &ctx).await.unwrap().access_key_id(),
        "STS.assumed"
    );
    let request = world.last_request();
    let query = query_pairs(&request);
    let pairs: Vec<(&str, &str)> = query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let incoming = VerifiableRequest::new("POST", "sts.test", "/").with_query(&pairs);
    let verified = alicloud_signer::verify(&incoming, |id| {
        (id == "STS.temp").then(|| Credentials::new("STS.temp", "temp-secret"))
    })
    .unwrap();
    assert_eq!(verified.security_token.as_deref(), Some("temp-token"));
    assert!(pairs.contains(&("RoleSessionName", "alicloud-rs-1704067200")));
    assert!(pairs.contains(&("DurationSeconds", "3600")));
}

#[tokio::test]
async fn ecs_ram_role_uses_the_imds_token() {
    let world = World::new();
    world.write(".aliyun/config.json", CONFIG);
    let (ctx, _) = world.context(&[("ALIBABA_CLOUD_PROFILE", "ecs")]);
    let creds = load(&chain(), &ctx).await.unwrap();
    assert_eq!(creds.access_key_id(), "STS.ecs");
    let requests = world.requests.lock().unwrap();
    assert_eq!(requests.len(), 2, "the role name is configured");
    assert_eq!(requests[0].method(), "PUT");
    assert_eq!(
        requests[0].headers()["x-aliyun-ecs-metadata-token-ttl-seconds"],
        "21600"
    );
    assert_eq!(
        requests[1].headers()["x-aliyun-ecs-metadata-token"],
        "imds-token-1"
    );
    assert_eq!(
        requests[1].uri().path(),
        "/latest/meta-data/ram/security-credentials/EcsRole"
    );
}

#[tokio::test]
async fn ecs_ram_role_names_are_one_encoded_path_segment() {
    let world = World::new();
    let (ctx, _) = world.context(&[]);
    let provider = EcsRamRoleProvider::builder()
        .endpoint(IMDS)
        .role_name("my role/../x?y#z%")
        .build();
    // The fake service knows no such role (404), but the request must be well formed.
    let err = load(&provider, &ctx).await.unwrap_err();
    assert!(err.to_string().contains("HTTP 404"), "{err}");
    let request = world.last_request();
    assert_eq!(
        request.uri().path(),
        "/latest/meta-data/ram/security-credentials/my%20role%2F..%2Fx%3Fy%23z%25"
    );
    assert_eq!(request.uri().query(), None);
}

#[tokio::test]
async fn ecs_ram_role_falls_back_to_imdsv1_unless_disabled() {
    // A refused token (HTTP 403) falls back to IMDSv1; an unanswered one means nothing is
    // there, so the provider gives up at once instead of waiting a second time.
    let world = World::new();
    *world.token_mode.lock().unwrap() = TokenMode::Unreachable;
    let (ctx, _) = world.context(&[]);
    assert!(load(&chain(), &ctx).await.is_err());
    assert_eq!(
        world.requests().len(),
        1,
        "no IMDSv1 attempt after an unreachable token endpoint"
    );

    for mode in [TokenMode::Forbidden] {
        let world = World::new();
        *world.token_mode.lock().unwrap() = mode;
        let (ctx, _) = world.context(&[]);
        let creds = load(&chain(), &ctx).await.unwrap();
        assert_eq!(creds.access_key_id(), "STS.ecs");
        let requests = world.requests.lock().unwrap();
        let paths: Vec<&str> = requests.iter().map(|r| r.uri().path()).collect();
        assert_eq!(
            paths,
            [
                "/latest/api/token",
                ROLE_PATH,
                "/latest/meta-data/ram/security-credentials/EcsRole"
            ]
        );
        assert!(
            requests
                .iter()
                .all(|r| !r.headers().contains_key("x-aliyun-ecs-metadata-token"))
        );
    }

    let world = World::new();
    *world.token_mode.lock().unwrap() = TokenMode::Forbidden;
    let (ctx, _) = world.context(&[("ALIBABA_CLOUD_IMDSV1_DISABLED", "true")]);
    let err = load(&chain(), &ctx).await.unwrap_err();
    assert!(!err.is_not_found());
    let (_, reason) = err
        .attempts()
        .iter()
        .find(|(source, _)| source == "ecs ram role")
        .unwrap();
    assert_eq!(
        reason,
        "fetching the IMDSv2 token (IMDSv1 is disabled): HTTP 403"
    );
    assert_eq!(world.requests().len(), 1);

    // Off ECS (nothing answers) the metadata source counts as not configured.
    let world = World::new();
    *world.token_mode.lock().unwrap() = TokenMode::Unreachable;
    let provider = EcsRamRoleProvider::builder()
        .endpoint("http://nowhere.test")
        .build();
    let (ctx, _) = world.context(&[]);
    assert!(load(&provider, &ctx).await.unwrap_err().is_not_found());
}

#[tokio::test]
async fn ini_file_types_and_path_override() {
    let world = World::new();
    world.write(
        ".alibabacloud/credentials",
        "[default]\nenable = true\ntype = access_key\naccess_key_id = LTAI-ini\naccess_key_secret = ini-secret\n\n\
         [ecs]\ntype = ecs_ram_role\nrole_name = EcsRole\n\n\
         [ram]\ntype = ram_role_arn\naccess_key_id = LTAI-source\naccess_key_secret = source-secret\n\
         role_arn = acs:ram::1:role/ini\nrole_session_name = ini-session\n\n\
         [off]\nenable = false\ntype = access_key\naccess_key_id = x\naccess_key_secret = y\n",
    );
    let id = |vars: &[(&str, &str)]| {
        let (ctx, _) = world.context(vars);
        async move {
            load(&chain(), &ctx)
                .await
                .map(|c| c.access_key_id().to_owned())
        }
    };
    assert_eq!(id(&[]).await.unwrap(), "LTAI-ini");
    assert_eq!(
        id(&[("ALIBABA_CLOUD_PROFILE", "ecs")]).await.unwrap(),
        "STS.ecs"
    );
    assert_eq!(
        id(&[("ALIBABA_CLOUD_PROFILE", "ram")]).await.unwrap(),
        "STS.assumed"
    );
    let query = world.last_request().uri().query().unwrap().to_owned();
    assert!(query.contains("RoleSessionName=ini-session"), "{query}");

    let err = id(&[("ALIBABA_CLOUD_PROFILE", "off"), NO_IMDS])
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("[off] in ~/.alibabacloud/credentials is disabled"),
        "{err}"
    );

    let other = world.write(
        "elsewhere/creds.ini",
        "[default]\ntype = access_key\naccess_key_id = LTAI-other\naccess_key_secret = s\n",
    );
    let path = other.to_str().unwrap();
    assert_eq!(
        id(&[("ALIBABA_CLOUD_CREDENTIALS_FILE", path)])
            .await
            .unwrap(),
        "LTAI-other"
    );
    let missing = world.home.join("absent.ini");
    let vars = [
        ("ALIBABA_CLOUD_CREDENTIALS_FILE", missing.to_str().unwrap()),
        NO_IMDS,
    ];
    let err = id(&vars).await.unwrap_err();
    assert!(
        !err.is_not_found(),
        "a configured file that is missing is an error"
    );
    let provider = IniFileProvider::new().with_path(world.home.join("absent.ini"));
    let (ctx, _) = world.context(&[]);
    assert_eq!(
        load(&provider, &ctx).await.unwrap_err().to_string(),
        "credentials file: ~/absent.ini not found"
    );
}
