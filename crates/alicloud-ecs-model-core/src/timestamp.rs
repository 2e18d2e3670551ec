//! [`Timestamp`]: an ISO 8601 UTC time as Alibaba writes it, printed back the way it was read.
//!
//! Responses use minute precision (`2015-11-23T02:13Z`) although the documentation promises
//! seconds; request filters such as `StartTime` want seconds (`2020-11-23T15:10:00Z`). A
//! `Timestamp` accepts `YYYY-MM-DDThh:mm`, `…:ss` and `…:ss.fff` (any number of fraction
//! digits up to nine) followed by `Z` or a `±hh:mm` offset, converts to
//! [`time::OffsetDateTime`], and displays in exactly the form it was parsed from. Timestamps
//! made from an `OffsetDateTime` display with seconds, in UTC.

use std::fmt;
use std::str::FromStr;

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// How many time fields the text carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Precision {
    Minutes,
    Seconds,
    /// Seconds plus this many fraction digits (1–9).
    Fraction(u8),
}

/// An ISO 8601 time in Alibaba's forms: `YYYY-MM-DDThh:mm`, `…:ss` or `…:ss.fff` (up to nine
/// fraction digits), then `Z` or a `±hh:mm` offset; it displays the way it was read.
///
/// A response time that no known layout reads is kept as its raw text ([`Timestamp::as_raw`])
/// rather than failing the whole response.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Timestamp {
    /// The text as received, when it could not be read as a time.
    raw: Option<Box<str>>,
    value: OffsetDateTime,
    precision: Precision,
    /// Written as `Z` rather than `+00:00`.
    zulu: bool,
    /// Written as `-00:00` (RFC 3339's "offset unknown").
    minus_zero: bool,
}

/// Why a text is not a [`Timestamp`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TimestampError {
    input: String,
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid timestamp {:?}: expected YYYY-MM-DDThh:mm[:ss[.fff]]Z",
            self.input
        )
    }
}

impl std::error::Error for TimestampError {}

impl Timestamp {
    /// Parse one of the accepted forms (see [`Timestamp`]).
    pub fn parse(text: &str) -> Result<Self, TimestampError> {
        parse(text.as_bytes()).ok_or_else(|| TimestampError {
            input: text.chars().take(64).collect(),
        })
    }

    /// A timestamp holding text that is not a readable time; it displays as that text.
    pub fn raw(text: &str) -> Self {
        Self {
            raw: Some(text.into()),
            ..Self::from(OffsetDateTime::UNIX_EPOCH)
        }
    }

    /// The raw text, when the value could not be read as a time.
    pub fn as_raw(&self) -> Option<&str> {
        self.raw.as_deref()
    }

    /// The instant, with the offset it was written with; `None` for a raw text.
    pub fn to_offset_date_time(&self) -> Option<OffsetDateTime> {
        self.raw.is_none().then_some(self.value)
    }

    /// The same instant, written with seconds precision in UTC (`YYYY-MM-DDThh:mm:ssZ`), the
    /// form request parameters such as `StartTime` expect.
    pub fn with_seconds(self) -> Self {
        if self.raw.is_some() {
            return self;
        }
        Self::from(self.value)
    }
}

impl From<OffsetDateTime> for Timestamp {
    /// Seconds precision, in UTC when the UTC time has a four-digit year (otherwise the
    /// offset is kept, so the text still reads back).
    fn from(value: OffsetDateTime) -> Self {
        let value = value.replace_nanosecond(0).unwrap_or(value);
        let utc = value
            .checked_to_offset(UtcOffset::UTC)
            .filter(|v| (0..=9999).contains(&v.year()));
        Self {
            raw: None,
            value: utc.unwrap_or(value),
            precision: Precision::Seconds,
            zulu: utc.is_some(),
            minus_zero: false,
        }
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(raw) = &self.raw {
            return f.write_str(raw);
        }
        let v = self.value;
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}",
            v.year(),
            u8::from(v.month()),
            v.day(),
            v.hour(),
            v.minute()
        )?;
        match self.precision {
            Precision::Minutes => {}
            Precision::Seconds => write!(f, ":{:02}", v.second())?,
            Precision::Fraction(digits) => {
                let nanos = format!("{:09}", v.nanosecond());
                let digits = usize::from(digits).min(nanos.len());
                write!(f, ":{:02}.{}", v.second(), &nanos[..digits])?;
            }
        }
        if self.zulu {
            f.write_str("Z")
        } else if self.minus_zero {
            f.write_str("-00:00")
        } else {
            let (h, m, _) = v.offset().as_hms();
            let sign = if h < 0 || m < 0 { '-' } else { '+' };
            write!(f, "{sign}{:02}:{:02}", h.unsigned_abs(), m.unsigned_abs())
        }
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

fn small(b: &[u8]) -> Option<u8> {
    digits(b).and_then(|v| u8::try_from(v).ok())
}

fn parse(b: &[u8]) -> Option<Timestamp> {
    // YYYY-MM-DDThh:mm
    if b.len() < 17 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') {
        return None;
    }
    if b[13] != b':' {
        return None;
    }
    let year = i32::try_from(digits(&b[0..4])?).ok()?;
    let month = Month::try_from(small(&b[5..7])?).ok()?;
    let date = Date::from_calendar_date(year, month, small(&b[8..10])?).ok()?;
    let (hour, minute) = (small(&b[11..13])?, small(&b[14..16])?);
    let mut rest = &b[16..];
    let (mut second, mut nanos, mut precision) = (0, 0, Precision::Minutes);
    if let [b':', s1, s2, tail @ ..] = rest {
        second = small(&[*s1, *s2])?;
        precision = Precision::Seconds;
        rest = tail;
        if let [b'.', tail @ ..] = rest {
            let n = tail.iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 || n > 9 {
                return None;
            }
            nanos = digits(&tail[..n])? * 10u32.pow(9 - u32::try_from(n).ok()?);
            precision = Precision::Fraction(u8::try_from(n).ok()?);
            rest = &tail[n..];
        }
    }
    let mut minus_zero = false;
    let (offset, zulu) = match rest {
        [b'Z' | b'z'] => (UtcOffset::UTC, true),
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let (h, m) = (small(&[*h1, *h2])?, small(&[*m1, *m2])?);
            let (h, m) = (i8::try_from(h).ok()?, i8::try_from(m).ok()?);
            minus_zero = *sign == b'-' && h == 0 && m == 0;
            let (h, m) = if *sign == b'-' { (-h, -m) } else { (h, m) };
            (UtcOffset::from_hms(h, m, 0).ok()?, false)
        }
        _ => return None,
    };
    let time = Time::from_hms_nano(hour, minute, second, nanos).ok()?;
    Some(Timestamp {
        raw: None,
        value: PrimitiveDateTime::new(date, time).assume_offset(offset),
        precision,
        zulu,
        minus_zero,
    })
}

#[cfg(test)]
mod tests {
    use super::Timestamp;

    #[test]
    fn prints_back_every_accepted_form() {
        for s in [
            "2015-11-23T02:19Z",
            "2015-11-23T02:19:07Z",
            "2015-11-23T02:19:07.5Z",
            "2015-11-23T02:19:07.123456789Z",
            "2015-11-23T10:19:07+08:00",
            "2015-11-23T00:19-02:30",
            "2015-11-23T02:19-00:00",
            "2015-11-23T02:19+00:00",
        ] {
            assert_eq!(Timestamp::parse(s).unwrap().to_string(), s);
        }
    }

    #[test]
    fn converts_to_offset_date_time() {
        let t = Timestamp::parse("2015-11-23T02:19Z").unwrap();
        assert_eq!(
            t.to_offset_date_time().map(|d| d.unix_timestamp()),
            Some(1_448_245_140)
        );
        let local = Timestamp::parse("2015-11-23T10:19+08:00").unwrap();
        assert_eq!(local.to_offset_date_time(), t.to_offset_date_time());
        assert_eq!(local.with_seconds().to_string(), "2015-11-23T02:19:00Z");
    }

    #[test]
    fn extreme_instants_never_panic_and_still_read_back() {
        for s in ["9999-12-31T23:59-01:00", "0000-01-01T00:00+01:00"] {
            let t = Timestamp::parse(s).unwrap().with_seconds();
            let again = Timestamp::parse(&t.to_string()).unwrap();
            assert_eq!(again.to_offset_date_time(), t.to_offset_date_time(), "{s}");
        }
    }

    #[test]
    fn raw_text_is_kept_as_it_came() {
        let t = Timestamp::raw("yesterday");
        assert_eq!(t.as_raw(), Some("yesterday"));
        assert_eq!(t.to_string(), "yesterday");
        assert_eq!(t.to_offset_date_time(), None);
        assert_eq!(t.clone().with_seconds(), t);
        assert_ne!(t, Timestamp::raw("tomorrow"));
        let readable = Timestamp::parse("2015-11-23T02:19Z").unwrap();
        assert_eq!(readable.as_raw(), None);
        assert_ne!(Timestamp::raw("2015-11-23T02:19Z"), readable);
    }

    #[test]
    fn rejects_other_text() {
        for s in [
            "",
            "yesterday",
            "2015-11-23",
            "2015-11-23T02:19",
            "2015-13-23T02:19Z",
            "2015-02-30T02:19Z",
            "2015-11-23T25:19Z",
            "2015-11-23T02:19:61Z",
            "2015-11-23T02:19:07.Z",
            "2015-11-23T02:19:07.1234567891Z",
            "2015-11-23T02:19Zjunk",
            "2015-11-23T02:19+8:00",
            "２015-11-23T02:19Z",
        ] {
            assert!(Timestamp::parse(s).is_err(), "{s:?} parsed");
        }
    }
}
