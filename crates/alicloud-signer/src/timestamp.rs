//! The `YYYY-MM-DDThh:mm:ssZ` UTC timestamps of V1 `Timestamp` and V3 `x-acs-date`: formatting
//! for the signer, strict parsing for the verifier.

use std::fmt;

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// Why a timestamp could not be formatted or parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimestampError {
    /// The year is outside `0000..=9999` and cannot be written in the four-digit format.
    OutOfRange,
    /// The text is not exactly `YYYY-MM-DDThh:mm:ssZ` or names an impossible date or time.
    Format,
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OutOfRange => f.write_str("timestamp year is outside 0000..=9999"),
            Self::Format => f.write_str("timestamp is not of the form YYYY-MM-DDThh:mm:ssZ"),
        }
    }
}

impl std::error::Error for TimestampError {}

/// Formats `time` in UTC as `YYYY-MM-DDThh:mm:ssZ`, dropping any fraction of a second.
///
/// ```
/// use alicloud_signer::format_timestamp;
/// use time::macros::datetime;
/// let t = datetime!(2024-05-01 10:00:00.75 +02:00);
/// assert_eq!(format_timestamp(t).unwrap(), "2024-05-01T08:00:00Z");
/// ```
pub fn format_timestamp(time: OffsetDateTime) -> Result<String, TimestampError> {
    let mut out = String::with_capacity(20);
    write_timestamp(&mut out, time)?;
    Ok(out)
}

/// Appends the formatted timestamp to `out` (see [`format_timestamp`]).
pub(crate) fn write_timestamp(
    out: &mut String,
    time: OffsetDateTime,
) -> Result<(), TimestampError> {
    let utc = time.to_offset(UtcOffset::UTC);
    let year = u32::try_from(utc.year()).map_err(|_| TimestampError::OutOfRange)?;
    if year > 9999 {
        return Err(TimestampError::OutOfRange);
    }
    let fields = [
        (year, 4, '-'),
        (u32::from(u8::from(utc.month())), 2, '-'),
        (u32::from(utc.day()), 2, 'T'),
        (u32::from(utc.hour()), 2, ':'),
        (u32::from(utc.minute()), 2, ':'),
        (u32::from(utc.second()), 2, 'Z'),
    ];
    for (value, width, separator) in fields {
        for place in (0..width).rev() {
            let digit = value / 10u32.pow(place) % 10;
            out.push(char::from(b'0' + digit as u8));
        }
        out.push(separator);
    }
    Ok(())
}

/// Parses a strict `YYYY-MM-DDThh:mm:ssZ` UTC timestamp (no fraction, no other offset).
///
/// ```
/// use alicloud_signer::parse_timestamp;
/// let t = parse_timestamp("2024-05-01T08:00:00Z").unwrap();
/// assert_eq!(t.unix_timestamp(), 1_714_550_400);
/// assert!(parse_timestamp("2024-05-01 08:00:00").is_err());
/// ```
pub fn parse_timestamp(text: &str) -> Result<OffsetDateTime, TimestampError> {
    let bytes = text.as_bytes();
    if bytes.len() != 20 {
        return Err(TimestampError::Format);
    }
    for (index, expected) in [
        (4, b'-'),
        (7, b'-'),
        (10, b'T'),
        (13, b':'),
        (16, b':'),
        (19, b'Z'),
    ] {
        if bytes.get(index) != Some(&expected) {
            return Err(TimestampError::Format);
        }
    }
    let number = |start: usize, len: usize| -> Result<u16, TimestampError> {
        let digits = bytes
            .get(start..start + len)
            .ok_or(TimestampError::Format)?;
        digits.iter().try_fold(0u16, |acc, &d| {
            if d.is_ascii_digit() {
                Ok(acc * 10 + u16::from(d - b'0'))
            } else {
                Err(TimestampError::Format)
            }
        })
    };
    let small = |start: usize| -> Result<u8, TimestampError> {
        u8::try_from(number(start, 2)?).map_err(|_| TimestampError::Format)
    };
    let month = Month::try_from(small(5)?).map_err(|_| TimestampError::Format)?;
    let date = Date::from_calendar_date(i32::from(number(0, 4)?), month, small(8)?)
        .map_err(|_| TimestampError::Format)?;
    let time =
        Time::from_hms(small(11)?, small(14)?, small(17)?).map_err(|_| TimestampError::Format)?;
    Ok(PrimitiveDateTime::new(date, time).assume_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn formats_and_parses() {
        let cases = [
            (datetime!(2016-02-23 12:46:24 UTC), "2016-02-23T12:46:24Z"),
            (datetime!(0001-01-01 00:00:00 UTC), "0001-01-01T00:00:00Z"),
            (datetime!(9999-12-31 23:59:59 UTC), "9999-12-31T23:59:59Z"),
            (
                datetime!(2024-03-01 01:02:03 +08:00),
                "2024-02-29T17:02:03Z",
            ),
        ];
        for (time, text) in cases {
            assert_eq!(format_timestamp(time).unwrap(), text);
            assert_eq!(parse_timestamp(text).unwrap(), time);
        }
    }

    #[test]
    fn rejects_out_of_range_years() {
        let early = datetime!(-0001-01-01 00:00:00 UTC);
        assert_eq!(format_timestamp(early), Err(TimestampError::OutOfRange));
    }

    #[test]
    fn rejects_malformed_text() {
        for bad in [
            "",
            "2024-05-01T08:00:00",
            "2024-05-01T08:00:00.000Z",
            "2024-05-01T08:00:00+00:00",
            "2024-13-01T08:00:00Z",
            "2023-02-29T08:00:00Z",
            "2024-05-01T24:00:00Z",
            "2024-05-01T08:00:60Z",
            "2024-05-01t08:00:00Z",
            "2024-05-0xT08:00:00Z",
            "+024-05-01T08:00:00Z",
            "２０２4-05-01T08:00Z",
        ] {
            assert_eq!(parse_timestamp(bad), Err(TimestampError::Format), "{bad}");
        }
    }
}
