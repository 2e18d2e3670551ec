//! Showing a running task: an indicatif bar fed by `TaskProcess` when stderr is a terminal,
//! otherwise one plain line per change (`t-…: Processing 40%`), for logs and CI. [`Watch`]
//! does the same for `--wait-for` on any operation: a spinner with the value seen last, or
//! one line per change.

use std::io::{self, IsTerminal, Write};
use std::time::Duration;

use alicloud_ecs::TaskProgress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The display of one task's progress; see the [module docs](self).
#[derive(Debug)]
pub(crate) struct Progress {
    task_id: String,
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar on a terminal, plain lines otherwise.
    pub(crate) fn new(task_id: &str) -> Self {
        let bar = io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::with_draw_target(Some(100), ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template(
                "{prefix} [{bar:30.cyan/blue}] {pos:>3}% {msg} ({elapsed})",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
            bar.set_style(style);
            bar.set_prefix(task_id.to_owned());
            bar.set_message("waiting for the first poll");
            bar.enable_steady_tick(Duration::from_millis(250));
            bar
        });
        Self {
            task_id: task_id.to_owned(),
            bar,
        }
    }

    /// The callback for [`TaskWaiter::on_progress`](alicloud_ecs::TaskWaiter::on_progress).
    pub(crate) fn callback(&self) -> impl FnMut(&TaskProgress<'_>) + Send + 'static {
        let bar = self.bar.clone();
        let task_id = self.task_id.clone();
        let mut last: Option<(String, Option<u8>)> = None;
        move |progress| {
            let status = progress
                .response
                .task_status
                .as_ref()
                .map_or("Unknown", |s| s.as_str())
                .to_owned();
            let now = (status, progress.percent);
            if let Some(bar) = &bar {
                bar.set_position(u64::from(now.1.unwrap_or(0)));
                bar.set_message(now.0.clone());
            } else if last.as_ref() != Some(&now) {
                let _ = writeln!(io::stderr().lock(), "{}", line(&task_id, &now.0, now.1));
            }
            last = Some(now);
        }
    }

    /// Remove the bar before the result is printed.
    pub(crate) fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The display of a `--wait-for` poll: a spinner on a terminal, plain lines otherwise.
#[derive(Debug)]
pub(crate) struct Watch {
    label: String,
    bar: Option<ProgressBar>,
    last: Option<String>,
}

impl Watch {
    /// A spinner on a terminal, plain lines otherwise; `label` names what is watched.
    pub(crate) fn new(label: &str) -> Self {
        let bar = io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template("{spinner} {prefix}: {msg} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner());
            bar.set_style(style);
            bar.set_prefix(label.to_owned());
            bar.set_message("waiting for the first answer");
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Self {
            label: label.to_owned(),
            bar,
            last: None,
        }
    }

    /// Show the value seen now.
    pub(crate) fn update(&mut self, seen: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(seen.to_owned());
        } else if self.last.as_deref() != Some(seen) {
            let _ = writeln!(io::stderr().lock(), "{}: {seen}", self.label);
        }
        self.last = Some(seen.to_owned());
    }

    /// Remove the spinner before the result is printed.
    pub(crate) fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

/// `t-…: Processing 40%`, or without the percentage when the service gave none.
fn line(task_id: &str, status: &str, percent: Option<u8>) -> String {
    match percent {
        Some(p) => format!("{task_id}: {status} {p}%"),
        None => format!("{task_id}: {status}"),
    }
}

#[cfg(test)]
mod tests {
    use super::line;

    #[test]
    fn plain_lines() {
        assert_eq!(line("t-1", "Processing", Some(40)), "t-1: Processing 40%");
        assert_eq!(line("t-1", "Waiting", None), "t-1: Waiting");
    }
}
