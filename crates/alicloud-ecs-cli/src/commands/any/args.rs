//! The words after an action: its parameters in the `aliyun` CLI's syntax (`--Name value`,
//! `--Name=value`, `--Tag.1.Key env`) and this command's own options (`--all-pages`,
//! `--wait-for`, `--query`, …).
//!
//! A name the operation takes is always a parameter; otherwise the names of the options below
//! are options, and anything else is a parameter (which the spec check then reports as
//! unknown, with the closest valid name).

use std::fmt;
use std::time::Duration;

use alicloud_ecs::model::spec::OperationSpec;

use super::query::Path;
use crate::cli::parse_duration;

/// How long `--wait-for` polls when `--timeout` is not given.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);

/// What the words after an action ask for. Its `Debug` shows the parameters' names only:
/// their values may be passwords.
#[derive(Clone, PartialEq)]
pub(crate) struct AnyArgs {
    /// The request's parameters, flat, in the order given.
    pub(crate) params: Vec<(String, String)>,
    /// `--help`: print the operation's parameters instead.
    pub(crate) help: bool,
    /// `--all-pages`.
    pub(crate) all_pages: bool,
    /// `--dry-run`.
    pub(crate) dry_run: bool,
    /// `--wait-for PATH=VALUE`.
    pub(crate) wait_for: Option<WaitFor>,
    /// `--timeout` of `--wait-for`.
    pub(crate) timeout: Duration,
    /// `--interval` of `--wait-for`.
    pub(crate) interval: Option<Duration>,
    /// `--query PATH`.
    pub(crate) query: Option<Path>,
    /// `--columns A,B`.
    pub(crate) columns: Vec<Path>,
    /// Global options given after the action, with their values, as written.
    pub(crate) globals: Vec<String>,
}

impl fmt::Debug for AnyArgs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.params.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("AnyArgs")
            .field("params", &names)
            .field("help", &self.help)
            .field("all_pages", &self.all_pages)
            .field("dry_run", &self.dry_run)
            .field("wait_for", &self.wait_for)
            .field("timeout", &self.timeout)
            .field("interval", &self.interval)
            .field("query", &self.query)
            .field("columns", &self.columns)
            .field("globals", &self.globals)
            .finish()
    }
}

/// A `--wait-for` condition: the first value at `path` equals `value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WaitFor {
    /// Where to look in the response.
    pub(crate) path: Path,
    /// The value waited for, compared as text.
    pub(crate) value: String,
}

/// This command's options after an action: (name, takes a value).
pub(crate) const OPTIONS: [(&str, bool); 8] = [
    ("all-pages", false),
    ("dry-run", false),
    ("wait-for", true),
    ("timeout", true),
    ("interval", true),
    ("query", true),
    ("columns", true),
    ("help", false),
];

/// Read the words after the action of `op`. `global` tells the long global options apart:
/// `Some(takes a value)` for one of them; they are kept as written for clap to read.
pub(crate) fn parse(
    op: &OperationSpec,
    words: &[String],
    global: impl Fn(&str) -> Option<bool>,
) -> Result<AnyArgs, String> {
    let mut args = AnyArgs {
        params: Vec::new(),
        help: false,
        all_pages: false,
        dry_run: false,
        wait_for: None,
        timeout: DEFAULT_TIMEOUT,
        interval: None,
        query: None,
        columns: Vec::new(),
        globals: Vec::new(),
    };
    let mut words = words.iter();
    while let Some(word) = words.next() {
        if word == "-h" {
            args.help = true;
            continue;
        }
        let Some(option) = word.strip_prefix("--").filter(|o| !o.is_empty()) else {
            return Err(format!(
                "unexpected argument {word:?}: parameters are given as --Name value"
            ));
        };
        let (name, inline) = match option.split_once('=') {
            Some((name, value)) => (name, Some(value.to_owned())),
            None => (option, None),
        };
        if op.param(name).is_none()
            && let Some(takes_value) = global(name)
        {
            args.globals.push(word.clone());
            if takes_value && inline.is_none() {
                args.globals.extend(words.next().cloned());
            }
            continue;
        }
        let is_param = op.param(name).is_some()
            || name.contains('.')
            || !OPTIONS.iter().any(|(o, _)| *o == name);
        let takes_value = is_param || OPTIONS.iter().any(|(o, v)| *o == name && *v);
        let value = match (takes_value, inline) {
            (true, Some(value)) => value,
            (true, None) => match words.next() {
                Some(value) if !value.starts_with("--") => value.clone(),
                _ => {
                    return Err(format!(
                        "--{name} needs a value (--{name} VALUE or --{name}=VALUE)"
                    ));
                }
            },
            (false, Some(_)) => return Err(format!("--{name} takes no value")),
            (false, None) => String::new(),
        };
        if is_param {
            if args.params.iter().any(|(n, _)| n == name) {
                return Err(format!("--{name} is given twice"));
            }
            args.params.push((name.to_owned(), value));
            continue;
        }
        match name {
            "all-pages" => args.all_pages = true,
            "dry-run" => args.dry_run = true,
            "help" => args.help = true,
            "wait-for" => args.wait_for = Some(wait_for(&value)?),
            "timeout" => args.timeout = duration(name, &value)?,
            "interval" => args.interval = Some(duration(name, &value)?),
            "query" => args.query = Some(Path::parse(&value)?),
            _ => {
                args.columns = value
                    .split(',')
                    .map(Path::parse)
                    .collect::<Result<_, _>>()?;
            }
        }
    }
    Ok(args)
}

/// `PATH=VALUE`.
fn wait_for(text: &str) -> Result<WaitFor, String> {
    let (path, value) = text
        .split_once('=')
        .filter(|(path, _)| !path.trim().is_empty())
        .ok_or_else(|| {
            format!("--wait-for {text:?}: expected PATH=VALUE, e.g. TaskStatus=Finished")
        })?;
    Ok(WaitFor {
        path: Path::parse(path)?,
        value: value.to_owned(),
    })
}

fn duration(name: &str, text: &str) -> Result<Duration, String> {
    parse_duration(text).map_err(|e| format!("--{name}: {e}"))
}

#[cfg(test)]
mod tests {
    use alicloud_ecs::model::spec;

    use super::*;

    fn parse_words(action: &str, line: &str) -> Result<AnyArgs, String> {
        let op = spec::operation(action).unwrap();
        let words: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
        parse(op, &words, |n| match n {
            "region" => Some(true),
            "emulator" => Some(false),
            _ => None,
        })
    }

    fn pairs(args: &AnyArgs) -> Vec<(&str, &str)> {
        args.params
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect()
    }

    #[test]
    fn name_value_pairs_in_both_forms() {
        let args = parse_words(
            "DescribeInstances",
            "--RegionId cn-hangzhou --PageSize=50 --Tag.1.Key env --Tag.1.Value prod \
             --DryRun false --InstanceIds [\"i-1\"] --Description=a=b --PageNumber -1",
        )
        .unwrap();
        assert_eq!(
            pairs(&args),
            [
                ("RegionId", "cn-hangzhou"),
                ("PageSize", "50"),
                ("Tag.1.Key", "env"),
                ("Tag.1.Value", "prod"),
                ("DryRun", "false"),
                ("InstanceIds", "[\"i-1\"]"),
                ("Description", "a=b"),
                ("PageNumber", "-1"),
            ]
        );
        assert!(!args.help && !args.all_pages && !args.dry_run);
        assert_eq!(args.timeout, DEFAULT_TIMEOUT);
    }

    #[test]
    fn own_options_beside_parameters() {
        let args = parse_words(
            "DescribeTaskAttribute",
            "--TaskId t-1 --wait-for TaskStatus=Finished --timeout 2s --interval=100ms \
             --query OperationProgressSet.OperationProgress[0] --columns A,B.C --dry-run -h",
        )
        .unwrap();
        assert_eq!(pairs(&args), [("TaskId", "t-1")]);
        let wait = args.wait_for.unwrap();
        assert_eq!(
            (wait.path.as_str(), wait.value.as_str()),
            ("TaskStatus", "Finished")
        );
        assert_eq!(args.timeout, Duration::from_secs(2));
        assert_eq!(args.interval, Some(Duration::from_millis(100)));
        assert!(args.query.is_some() && args.dry_run && args.help);
        let columns: Vec<&str> = args.columns.iter().map(Path::as_str).collect();
        assert_eq!(columns, ["A", "B.C"]);
        assert!(
            parse_words("DescribeTasks", "--all-pages")
                .unwrap()
                .all_pages
        );
    }

    #[test]
    fn global_options_after_the_action_are_kept_for_clap() {
        let args = parse_words(
            "DescribeTasks",
            "--emulator --RegionId x --region=cn-beijing --PageSize 2 --region cn-shanghai",
        )
        .unwrap();
        assert_eq!(pairs(&args), [("RegionId", "x"), ("PageSize", "2")]);
        assert_eq!(
            args.globals,
            [
                "--emulator",
                "--region=cn-beijing",
                "--region",
                "cn-shanghai"
            ]
        );
    }

    #[test]
    fn debug_shows_no_parameter_value() {
        let args = parse_words("RunInstances", "--Password EcsV587!").unwrap();
        let shown = format!("{args:?}");
        assert!(
            shown.contains("\"Password\"") && !shown.contains("EcsV587"),
            "{shown}"
        );
    }

    #[test]
    fn unknown_names_are_parameters_for_the_check() {
        let args = parse_words("DescribeTasks", "--TaskID t-1 --regionid x").unwrap();
        assert_eq!(pairs(&args), [("TaskID", "t-1"), ("regionid", "x")]);
    }

    #[test]
    fn mistakes_say_what_to_do() {
        for (line, message) in [
            ("--TaskId", "--TaskId needs a value"),
            ("--TaskId --RegionId x", "--TaskId needs a value"),
            ("t-1", "unexpected argument \"t-1\""),
            ("--TaskId a --TaskId b", "--TaskId is given twice"),
            ("--dry-run=yes", "--dry-run takes no value"),
            ("--wait-for Finished", "expected PATH=VALUE"),
            ("--timeout soon", "--timeout: unknown unit"),
            ("--query A..B", "a field name is empty"),
            ("--", "unexpected argument \"--\""),
        ] {
            let error = parse_words("DescribeTaskAttribute", line).unwrap_err();
            assert!(error.contains(message), "{line}: {error}");
        }
    }
}
