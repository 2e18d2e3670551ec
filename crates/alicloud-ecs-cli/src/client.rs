//! Building the [`Client`] from the global options: either an in-process emulator
//! (`--emulator`) with its default key, or `--endpoint`/`--region`/`--profile` with the
//! default credentials chain, the way the `aliyun` CLI finds its settings.

use alicloud_ecs::credentials::{DefaultCredentialsChain, Env, region_from_env};
use alicloud_ecs::{Client, ClientBuilder, Format, SignatureVersion};
use alicloud_ecs_emulator::{Emulator, EmulatorHandle, FaultConfig};

use crate::cli::{GlobalArgs, Signature, WireFormat};
use crate::failure::Failure;

/// The region of `--emulator` when none is given: the one holding the example task.
const EMULATOR_REGION: &str = "cn-hangzhou";

/// Task time of `--emulator` when `--emulator-speed` is not given: an export (32 s of task
/// time) ends in under two seconds.
const EMULATOR_SPEED: f64 = 20.0;

const NO_REGION: &str = "no region: pass --region (e.g. --region cn-hangzhou), set \
     ALIBABA_CLOUD_REGION_ID, or set region_id in the ~/.aliyun/config.json profile";

/// A client, and the emulator it talks to when `--emulator` is on.
#[derive(Debug)]
pub(crate) struct Session {
    /// The client.
    pub(crate) client: Client,
    /// The in-process emulator, kept alive as long as the session.
    emulator: Option<EmulatorHandle>,
}

impl Session {
    /// Whether the client talks to the in-process emulator.
    pub(crate) fn is_emulated(&self) -> bool {
        self.emulator.is_some()
    }

    /// Stop the in-process emulator, if any.
    pub(crate) async fn close(self) {
        if let Some(emulator) = self.emulator {
            emulator.shutdown().await;
        }
    }
}

/// Make the client the options describe.
pub(crate) async fn connect(args: &GlobalArgs) -> Result<Session, Failure> {
    connect_with(args, |builder| builder).await
}

/// The region requests go to when they do not name one: `--region`, else the environment's
/// or the profile's, else (with `--emulator`) the emulator's.
pub(crate) fn default_region(args: &GlobalArgs) -> Option<String> {
    if let Some(region) = &args.region {
        return Some(region.clone());
    }
    if args.emulator {
        return Some(EMULATOR_REGION.to_owned());
    }
    region_from_env(&Env::process(), args.profile.as_deref())
}

/// Make the client the options describe, with `configure` applied to its builder first
/// (`--dry-run` swaps the transport).
pub(crate) async fn connect_with(
    args: &GlobalArgs,
    configure: impl FnOnce(ClientBuilder) -> ClientBuilder,
) -> Result<Session, Failure> {
    if let Some(contradiction) = args.contradiction() {
        return Err(Failure::Config(contradiction.to_owned()));
    }
    let builder = configure(Client::builder())
        .format(match args.wire_format {
            WireFormat::Json => Format::Json,
            WireFormat::Xml => Format::Xml,
        })
        .signature_version(match args.signature {
            Signature::V3 => SignatureVersion::V3,
            Signature::V1 => SignatureVersion::V1,
        })
        .user_agent_suffix(concat!("alicloud-ecs-cli/", env!("CARGO_PKG_VERSION")))
        .allow_insecure_http(args.allow_insecure_http);
    if args.emulator {
        return emulated(args, builder).await;
    }
    let env = Env::process();
    let mut builder = builder
        .env(env.clone())
        .credentials_provider(match &args.profile {
            Some(profile) => DefaultCredentialsChain::builder()
                .profile_name(profile)
                .build(),
            None => DefaultCredentialsChain::new(),
        });
    let region = args
        .region
        .clone()
        .or_else(|| region_from_env(&env, args.profile.as_deref()));
    let Some(region) = region else {
        return Err(Failure::Config(NO_REGION.to_owned()));
    };
    builder = builder.region(region);
    if let Some(endpoint) = args
        .endpoint
        .clone()
        .or_else(|| env.var("ALIBABA_CLOUD_ENDPOINT"))
    {
        builder = builder.endpoint(endpoint);
    }
    Ok(Session {
        client: builder.build()?,
        emulator: None,
    })
}

/// Start an emulator on a free loopback port and point the client at it.
async fn emulated(args: &GlobalArgs, builder: ClientBuilder) -> Result<Session, Failure> {
    let speed = args.emulator_speed.unwrap_or(EMULATOR_SPEED);
    let emulator = Emulator::builder()
        .speed(speed)
        .faults(
            args.emulator_faults
                .iter()
                .cloned()
                .collect::<FaultConfig>(),
        )
        .start()
        .await?;
    tracing::info!(target: "alicloud_ecs_cli", endpoint = %emulator.endpoint(), speed, "emulator started");
    let client = builder
        .endpoint(emulator.endpoint())
        .region(args.region.as_deref().unwrap_or(EMULATOR_REGION))
        .credentials(emulator.default_credentials())
        .build()?;
    Ok(Session {
        client,
        emulator: Some(emulator),
    })
}
