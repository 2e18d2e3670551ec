//! The command line: clap structs for the global options and every command, with the help
//! texts and their examples.

use std::time::Duration;

use alicloud_ecs::model::{
    Architecture, BootMode, DiskImageFormat, ExportImageFormat, LicenseType, OsType, TaskAction,
    TaskStatus, Timestamp,
};
use alicloud_ecs_emulator::Fault;
use clap::builder::PossibleValuesParser;
use clap::parser::ValueSource;
use clap::{ArgAction, Args, FromArgMatches, Parser, Subcommand, ValueEnum};

pub(crate) use self::parse::parse_duration;
use self::parse::parse_time;
pub(crate) use alicloud_ecs_emulator::cli::ServeArgs;

mod parse;

const EXAMPLES: &str = "\
Examples:
  # Try it without an account: the built-in emulator holds the documented example task
  alicloud-ecs --emulator task describe t-23ym6mvro

  # Export an image to OSS and watch the task until it ends
  alicloud-ecs --region cn-hangzhou image export --image-id m-23f8tcp8y --oss-bucket my-bucket --wait

  # The running tasks of a region, as JSON for scripts
  alicloud-ecs --region cn-hangzhou --output json task list --status Processing --all

  # Any ECS operation by name, with its parameters as the aliyun CLI takes them
  alicloud-ecs --region cn-hangzhou DescribeInstances --PageSize 50 --Tag.1.Key env
  alicloud-ecs --emulator DescribeTasks --all-pages --output table --columns TaskId,TaskStatus
  alicloud-ecs DescribeTaskAttribute --help
  alicloud-ecs list-actions --group tasks

Exit codes:
  0  success
  1  the service answered with an error, or the request failed
  2  usage or configuration error (bad option, no region, no credentials)
  3  a wait timed out
  4  the task ended Failed or was cancelled";

const TASK_EXAMPLES: &str = "\
Examples:
  alicloud-ecs task describe t-23ym6mvro
  alicloud-ecs task list --action ExportImage --since 2024-05-01T00:00Z --all
  alicloud-ecs task wait t-bp67acfmxazb4p --timeout 2h
  alicloud-ecs task cancel t-bp67acfmxazb4p";

const IMAGE_EXAMPLES: &str = "\
Examples:
  alicloud-ecs image export --image-id m-23f8tcp8y --oss-bucket my-bucket --format qcow2 --wait
  alicloud-ecs image import --oss-bucket my-bucket --oss-object disks/web.qcow2 \\
      --os-type linux --platform Ubuntu --architecture x86_64 --image-name web-2024 --wait";

const EMULATOR_EXAMPLES: &str = "\
Examples:
  alicloud-ecs emulator serve --listen 127.0.0.1:8080 --speed 10
  alicloud-ecs --endpoint http://127.0.0.1:8080 --region cn-hangzhou task list";

/// Alibaba Cloud ECS from the terminal: image tasks, and any operation by name (try it with
/// --emulator).
#[derive(Debug, Parser)]
#[command(name = "alicloud-ecs", version, after_help = EXAMPLES)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: GlobalArgs,
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Options every command accepts.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Global options")]
pub(crate) struct GlobalArgs {
    /// Region, e.g. cn-hangzhou [default: ALIBABA_CLOUD_REGION_ID or the profile's]
    #[arg(long, global = true, value_name = "REGION")]
    pub(crate) region: Option<String>,
    /// Profile of ~/.aliyun/config.json for credentials and region
    #[arg(long, global = true, value_name = "NAME")]
    pub(crate) profile: Option<String>,
    /// Endpoint to call instead of the region's [default: ALIBABA_CLOUD_ENDPOINT]
    #[arg(long, global = true, value_name = "URL")]
    pub(crate) endpoint: Option<String>,
    /// Accept an http:// --endpoint that is not loopback (requests and tokens travel
    /// unencrypted)
    #[arg(long, global = true)]
    pub(crate) allow_insecure_http: bool,
    /// Response format to ask the service for
    #[arg(long, global = true, value_name = "FORMAT", value_enum, default_value_t = WireFormat::Json)]
    pub(crate) wire_format: WireFormat,
    /// How to print results [default: table on a terminal, json otherwise]
    #[arg(long, global = true, value_name = "MODE", value_enum)]
    pub(crate) output: Option<OutputMode>,
    /// Signature scheme of the requests
    #[arg(long, global = true, value_name = "VERSION", value_enum, default_value_t = Signature::V3)]
    pub(crate) signature: Signature,
    /// Log to stderr: -v info, -vv debug (each call), -vvv trace
    #[arg(short, long, global = true, action = ArgAction::Count)]
    pub(crate) verbose: u8,
    /// Use a built-in emulator holding the documented example task
    #[arg(long, global = true)]
    pub(crate) emulator: bool,
    /// Task time of --emulator in multiples of real time (an export takes 32 s at 1)
    /// [default: 20]
    #[arg(long, global = true, value_name = "N")]
    pub(crate) emulator_speed: Option<f64>,
    /// Fault to inject into --emulator (repeatable; see `emulator serve --help`)
    #[arg(long = "emulator-fault", global = true, value_name = "SPEC")]
    pub(crate) emulator_faults: Vec<Fault>,
}

impl GlobalArgs {
    /// The options with nothing given.
    #[cfg(test)]
    fn default_for_tests() -> Self {
        let command = Self::augment_args(clap::Command::new("alicloud-ecs").no_binary_name(true));
        let none: [&str; 0] = [];
        let matches = command.get_matches_from(none);
        Self::from_arg_matches(&matches).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Options that contradict each other. Checked here rather than by clap, whose
    /// `requires`/`conflicts_with` do not see global options given at another level.
    pub(crate) fn contradiction(&self) -> Option<&'static str> {
        if self.emulator {
            if self.endpoint.is_some() {
                return Some("--endpoint cannot be used with --emulator, which has its own");
            }
            if self.profile.is_some() {
                return Some("--profile cannot be used with --emulator, which has its own key");
            }
        } else if self.emulator_speed.is_some() || !self.emulator_faults.is_empty() {
            return Some("--emulator-speed and --emulator-fault need --emulator");
        }
        None
    }

    /// These options with the global options of `words` on top: those given after an action
    /// (`alicloud-ecs DescribeTasks --output table`), which clap leaves to the action.
    pub(crate) fn overlay(&self, words: &[String]) -> Result<Self, String> {
        let command = Self::augment_args(clap::Command::new("alicloud-ecs").no_binary_name(true));
        let error = |e: clap::Error| {
            let text = e.to_string();
            let first = text.lines().next().unwrap_or_default();
            first.trim_start_matches("error: ").to_owned()
        };
        let matches = command.try_get_matches_from(words).map_err(error)?;
        let later = Self::from_arg_matches(&matches).map_err(error)?;
        let given = |id: &str| matches.value_source(id) == Some(ValueSource::CommandLine);
        let mut out = self.clone();
        macro_rules! take {
            ($($field:ident),*) => {$(
                if given(stringify!($field)) {
                    out.$field = later.$field.clone();
                }
            )*};
        }
        take!(
            region,
            profile,
            endpoint,
            allow_insecure_http,
            wire_format,
            output,
            signature,
            verbose,
            emulator,
            emulator_speed,
            emulator_faults
        );
        Ok(out)
    }
}

/// The response format on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum WireFormat {
    Json,
    Xml,
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OutputMode {
    Table,
    Json,
}

/// The signature scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Signature {
    V3,
    V1,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Describe, list, cancel and wait for tasks
    #[command(subcommand, after_help = TASK_EXAMPLES)]
    Task(TaskCommand),
    /// Export an image to OSS or import one from OSS (each starts a task)
    #[command(subcommand, after_help = IMAGE_EXAMPLES)]
    Image(ImageCommand),
    /// List the regions and their endpoints
    Regions,
    /// Run the local ECS task emulator
    #[command(subcommand, after_help = EMULATOR_EXAMPLES)]
    Emulator(EmulatorCommand),
    /// List the ECS operations that can be called by name, by group
    ListActions {
        /// Only the operations of this group (e.g. tasks, instances)
        #[arg(long, value_name = "GROUP")]
        group: Option<String>,
    },
    /// Print a shell completion script
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Any ECS operation by name: `ACTION [--Name value]…` (see `ACTION --help`)
    #[command(external_subcommand)]
    Any(Vec<String>),
}

/// `task …`
#[derive(Debug, Subcommand)]
pub(crate) enum TaskCommand {
    /// Show one task: status, progress, counts, times and its operations
    Describe {
        /// The task id (t-…)
        task_id: String,
    },
    /// List the tasks of the region, newest first
    List(ListArgs),
    /// Cancel a running task
    Cancel {
        /// The task id (t-…)
        task_id: String,
    },
    /// Wait for a task to end, with a progress bar
    Wait {
        /// The task id (t-…)
        task_id: String,
        #[command(flatten)]
        poll: PollArgs,
    },
}

/// `task list` filters and paging.
#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    /// Only tasks in this status
    #[arg(long, value_name = "STATUS", value_parser = PossibleValuesParser::new(TaskStatus::VALUES))]
    pub(crate) status: Option<String>,
    /// Only tasks created by this operation
    #[arg(long, value_name = "ACTION", value_parser = PossibleValuesParser::new(TaskAction::VALUES))]
    pub(crate) action: Option<String>,
    /// Only these tasks (repeatable, or comma-separated; at most 100)
    #[arg(long = "id", value_name = "TASK_ID", value_delimiter = ',')]
    pub(crate) ids: Vec<String>,
    // The help is an attribute: as a doc comment, rustdoc would read `[:ss]` as a link.
    #[arg(
        long,
        value_name = "TIME",
        value_parser = parse_time,
        help = "Only tasks created at or after this UTC time (YYYY-MM-DDThh:mm[:ss]Z)"
    )]
    pub(crate) since: Option<Timestamp>,
    // The help is an attribute: as a doc comment, rustdoc would read `[:ss]` as a link.
    #[arg(
        long,
        value_name = "TIME",
        value_parser = parse_time,
        help = "Only tasks created at or before this UTC time (YYYY-MM-DDThh:mm[:ss]Z)"
    )]
    pub(crate) until: Option<Timestamp>,
    /// Tasks per page, 1 to 100 [default: 10, or 50 with --all]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(i32).range(1..=100))]
    pub(crate) page_size: Option<i32>,
    /// The page to show, from 1
    #[arg(long, value_name = "N", default_value_t = 1, conflicts_with = "all",
          value_parser = clap::value_parser!(i32).range(1..))]
    pub(crate) page: i32,
    /// Every page, not just one
    #[arg(long)]
    pub(crate) all: bool,
}

/// How long and how often to poll a task.
#[derive(Debug, Args)]
pub(crate) struct PollArgs {
    /// Give up after this long (e.g. 90s, 30m, 2h)
    #[arg(long, value_name = "DURATION", default_value = "1h", value_parser = parse_duration)]
    pub(crate) timeout: Duration,
    /// Poll this often [default: from 5s growing to 60s; 500ms with --emulator]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub(crate) interval: Option<Duration>,
}

/// `--wait` and its polling options, for the commands that start a task.
#[derive(Debug, Args)]
pub(crate) struct WaitArgs {
    /// Wait for the task to end, with a progress bar, and show the finished task
    #[arg(long)]
    pub(crate) wait: bool,
    #[command(flatten)]
    pub(crate) poll: PollArgs,
}

/// `image …`
#[derive(Debug, Subcommand)]
pub(crate) enum ImageCommand {
    /// Export a custom image to an OSS bucket
    Export(ExportArgs),
    /// Import a disk image file from OSS as a custom image
    Import(ImportArgs),
}

/// `image export`
#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// The image to export (m-…)
    #[arg(long, value_name = "IMAGE_ID")]
    pub(crate) image_id: String,
    /// The OSS bucket to write to, in the same region
    #[arg(long, value_name = "BUCKET")]
    pub(crate) oss_bucket: String,
    /// Prefix of the exported object's name
    #[arg(long, value_name = "PREFIX")]
    pub(crate) oss_prefix: Option<String>,
    /// File format of the exported image [service default: raw]
    #[arg(long, value_name = "FORMAT", value_parser = PossibleValuesParser::new(ExportImageFormat::VALUES))]
    pub(crate) format: Option<String>,
    /// RAM role that lets ECS write to OSS [service default: AliyunECSImageExportDefaultRole]
    #[arg(long, value_name = "ROLE")]
    pub(crate) role_name: Option<String>,
    #[command(flatten)]
    pub(crate) wait: WaitArgs,
}

/// `image import`
#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// The OSS bucket holding the disk image file
    #[arg(long, value_name = "BUCKET")]
    pub(crate) oss_bucket: String,
    /// The disk image file (object name) in the bucket
    #[arg(long, value_name = "OBJECT")]
    pub(crate) oss_object: String,
    /// Format of the file [service default: detected]
    #[arg(long, value_name = "FORMAT", value_parser = PossibleValuesParser::new(DiskImageFormat::VALUES))]
    pub(crate) format: Option<String>,
    /// Size of the system disk in GiB, 1 to 2048
    #[arg(long, value_name = "GIB")]
    pub(crate) disk_size: Option<i32>,
    /// Operating system type
    #[arg(long, value_name = "OS", value_parser = PossibleValuesParser::new(OsType::VALUES))]
    pub(crate) os_type: Option<String>,
    /// Distribution or edition, e.g. Ubuntu, CentOS, "Windows Server 2022"
    #[arg(long, value_name = "PLATFORM")]
    pub(crate) platform: Option<String>,
    /// CPU architecture
    #[arg(long, value_name = "ARCH", value_parser = PossibleValuesParser::new(Architecture::VALUES))]
    pub(crate) architecture: Option<String>,
    /// Name of the new image
    #[arg(long, value_name = "NAME")]
    pub(crate) image_name: Option<String>,
    /// Description of the new image
    #[arg(long, value_name = "TEXT")]
    pub(crate) description: Option<String>,
    /// Boot mode
    #[arg(long, value_name = "MODE", value_parser = PossibleValuesParser::new(BootMode::VALUES))]
    pub(crate) boot_mode: Option<String>,
    /// License to use once instances run the image
    #[arg(long, value_name = "LICENSE", value_parser = PossibleValuesParser::new(LicenseType::VALUES))]
    pub(crate) license_type: Option<String>,
    /// RAM role that lets ECS read from OSS [service default: AliyunECSImageImportDefaultRole]
    #[arg(long, value_name = "ROLE")]
    pub(crate) role_name: Option<String>,
    /// Idempotency token: repeating the command with it starts no second import
    #[arg(long, value_name = "TOKEN")]
    pub(crate) client_token: Option<String>,
    #[command(flatten)]
    pub(crate) wait: WaitArgs,
}

/// `emulator …`
#[derive(Debug, Subcommand)]
pub(crate) enum EmulatorCommand {
    /// Serve the emulator over HTTP in the foreground until Ctrl-C
    #[command(after_help = format!("{EMULATOR_EXAMPLES}\n\n{}", alicloud_ecs_emulator::cli::SERVE_HELP))]
    Serve(ServeArgs),
}

#[cfg(test)]
mod tests {
    use clap::{Args, CommandFactory};

    use super::GlobalArgs;

    #[test]
    fn the_command_line_is_consistent() {
        super::Cli::command().debug_assert();
    }

    /// Every global option, given after an action, reaches the options the call uses: the
    /// list `overlay` copies is checked against clap's own list of `GlobalArgs`.
    #[test]
    fn overlay_takes_every_global_option() {
        let base = GlobalArgs::default_for_tests();
        let command = GlobalArgs::augment_args(clap::Command::new("alicloud-ecs"));
        let mut seen = 0;
        for arg in command.get_arguments() {
            let id = arg.get_id().as_str();
            let words: Vec<String> = match id {
                "region" => vec!["--region".into(), "eu-central-1".into()],
                "profile" => vec!["--profile".into(), "other".into()],
                "endpoint" => vec!["--endpoint".into(), "http://127.0.0.1:1".into()],
                "allow_insecure_http" => vec!["--allow-insecure-http".into()],
                "wire_format" => vec!["--wire-format".into(), "xml".into()],
                "output" => vec!["--output".into(), "table".into()],
                "signature" => vec!["--signature".into(), "v1".into()],
                "verbose" => vec!["-vv".into()],
                "emulator" => vec!["--emulator".into()],
                "emulator_speed" => vec!["--emulator-speed".into(), "3".into()],
                "emulator_faults" => vec!["--emulator-fault".into(), "throttle".into()],
                other => panic!("a new global option, {other}: add it here and to `overlay`"),
            };
            let after = base.overlay(&words).unwrap();
            assert_ne!(
                format!("{after:?}"),
                format!("{base:?}"),
                "{id} given after an action is lost"
            );
            seen += 1;
        }
        assert_eq!(seen, 11);
    }
}
