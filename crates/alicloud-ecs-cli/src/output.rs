//! Printing results: aligned tables for people, the service's responses as pretty JSON for
//! scripts. Everything goes to stdout; progress and errors go to stderr.

use std::io::{self, IsTerminal, Write};

use crate::cli::OutputMode;

/// Where and how results are printed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Output {
    mode: OutputMode,
}

impl Output {
    /// The chosen mode, else a table on a terminal and JSON when stdout is piped.
    pub(crate) fn new(chosen: Option<OutputMode>) -> Self {
        let mode = chosen.unwrap_or_else(|| {
            if io::stdout().is_terminal() {
                OutputMode::Table
            } else {
                OutputMode::Json
            }
        });
        Self { mode }
    }

    /// Whether results are printed as JSON.
    pub(crate) fn is_json(self) -> bool {
        self.mode == OutputMode::Json
    }

    /// Print `value` as JSON in JSON mode, else the table `table` makes.
    pub(crate) fn show<T: alicloud_ecs::model::Shape>(
        self,
        value: &T,
        table: impl FnOnce(&T) -> String,
    ) -> io::Result<()> {
        let text = match self.mode {
            OutputMode::Json => {
                serde_json::to_string_pretty(&alicloud_ecs::model::AsSerialize(value))
                    .map_err(io::Error::other)?
            }
            OutputMode::Table => table(value),
        };
        write_stdout(&text)
    }
}

/// Write `text` and a final newline to stdout.
pub(crate) fn write_stdout(text: &str) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(text.trim_end_matches('\n').as_bytes())?;
    stdout.write_all(b"\n")?;
    stdout.flush()
}

/// Rows of cells printed in aligned columns, two spaces apart; the last column is not padded,
/// so long or wide values at the end of a row do not push the others.
#[derive(Debug, Default)]
pub(crate) struct Table {
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with this header row.
    pub(crate) fn with_header(header: &[&str]) -> Self {
        let mut table = Self::default();
        table
            .rows
            .push(header.iter().map(|h| (*h).to_owned()).collect());
        table
    }

    /// A table of `key  value` rows.
    pub(crate) fn key_value() -> Self {
        Self::default()
    }

    /// Add a row.
    pub(crate) fn row<I, S>(&mut self, cells: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.rows.push(cells.into_iter().map(Into::into).collect());
        self
    }

    /// Add a `key  value` row.
    pub(crate) fn pair(&mut self, key: &str, value: impl Into<String>) -> &mut Self {
        self.row([key.to_owned(), value.into()])
    }

    /// The aligned text, one line per row.
    pub(crate) fn render(&self) -> String {
        let columns = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut widths = vec![0; columns];
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
        let mut out = String::new();
        for row in &self.rows {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                if i > 0 {
                    line.push_str("  ");
                }
                line.push_str(cell);
                if i + 1 < row.len() {
                    let pad = widths[i] - cell.chars().count();
                    line.extend(std::iter::repeat_n(' ', pad));
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// The value, or `-` when it is missing or empty.
pub(crate) fn or_dash(value: Option<impl ToString>) -> String {
    value
        .map(|v| v.to_string())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "-".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_aligned_and_the_last_is_not_padded() {
        let mut table = Table::with_header(&["ID", "STATUS", "NAME"]);
        table.row(["t-1", "Finished", "short"]);
        table.row(["t-22", "Processing", "华东1（杭州）"]);
        assert_eq!(
            table.render(),
            "ID    STATUS      NAME\n\
             t-1   Finished    short\n\
             t-22  Processing  华东1（杭州）\n"
        );
    }

    #[test]
    fn key_value_rows() {
        let mut table = Table::key_value();
        table
            .pair("TaskId", "t-23ym6mvro")
            .pair("Status", "Finished");
        table.pair("Note", "");
        assert_eq!(
            table.render(),
            "TaskId  t-23ym6mvro\nStatus  Finished\nNote\n"
        );
    }

    #[test]
    fn dashes_for_missing_values() {
        assert_eq!(or_dash(None::<&str>), "-");
        assert_eq!(or_dash(Some("")), "-");
        assert_eq!(or_dash(Some(3)), "3");
    }
}
