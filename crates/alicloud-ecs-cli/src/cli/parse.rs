//! The value parsers of the command line: times, durations and emulator keys.

use std::time::Duration;

use alicloud_ecs::model::Timestamp;

/// `YYYY-MM-DDThh:mm[:ss]Z` (or with an offset), sent with seconds in UTC.
pub(super) fn parse_time(text: &str) -> Result<Timestamp, String> {
    Timestamp::parse(text)
        .map(Timestamp::with_seconds)
        .map_err(|e| e.to_string())
}

/// `500ms`, `90s`, `30m`, `2h`, or a bare number of seconds.
pub(crate) fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let scale = match unit.trim() {
        "ms" => 0.001,
        "" | "s" => 1.0,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        other => return Err(format!("unknown unit {other:?}: use ms, s, m or h")),
    };
    let value: f64 = number
        .parse()
        .map_err(|_| format!("expected a duration such as 90s, 30m or 2h, got {text:?}"))?;
    Duration::try_from_secs_f64(value * scale).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse_duration("2h"), Ok(Duration::from_secs(7200)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("5d").is_err());
        assert!(parse_duration("").is_err());
    }

    #[test]
    fn times_are_sent_with_seconds_in_utc() {
        assert_eq!(
            parse_time("2024-05-01T08:00Z").map(|t| t.to_string()),
            Ok("2024-05-01T08:00:00Z".to_owned())
        );
        assert_eq!(
            parse_time("2024-05-01T16:00:30+08:00").map(|t| t.to_string()),
            Ok("2024-05-01T08:00:30Z".to_owned())
        );
        assert!(parse_time("yesterday").is_err());
    }
}
