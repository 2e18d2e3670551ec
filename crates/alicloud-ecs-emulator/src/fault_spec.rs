//! The text form of a [`Fault`], as the `--fault` flag and `POST /_emulator/faults` take it:
//! `KIND[,key=value…]`.

use std::fmt;
use std::str::FromStr;

use crate::faults::{Fault, FaultKind};

/// Why a fault description was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseFaultError(pub(crate) String);

impl fmt::Display for ParseFaultError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid fault: {}", self.0)
    }
}

impl std::error::Error for ParseFaultError {}

impl FromStr for Fault {
    type Err = ParseFaultError;

    /// `KIND[,key=value…]`: kinds `throttle`, `unavailable`, `latency` (needs `ms=`), `drop`,
    /// `fail-task` (`code=`, `message=`, `at=`); keys `action=`, `every=`, `ratio=`, `times=`.
    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        let err = |m: String| ParseFaultError(m);
        let mut parts = spec.split(',').map(str::trim);
        let kind = parts.next().unwrap_or_default();
        let mut options = Vec::new();
        for part in parts {
            let (key, value) = part
                .split_once('=')
                .ok_or_else(|| err(format!("expected key=value, got {part:?}")))?;
            options.push((key, value));
        }
        let take = |key: &str| options.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
        let number = |key: &str| -> Result<Option<u64>, ParseFaultError> {
            take(key)
                .map(|v| {
                    v.parse()
                        .map_err(|_| err(format!("{key}={v} is not a number")))
                })
                .transpose()
        };
        let kind = match kind {
            "throttle" => FaultKind::Throttle,
            "unavailable" | "503" => FaultKind::Unavailable,
            "drop" => FaultKind::Drop,
            "latency" => FaultKind::Latency {
                ms: number("ms")?.ok_or_else(|| err("latency needs ms=N".to_owned()))?,
            },
            "fail-task" | "fail_task" => FaultKind::FailTask {
                code: take("code").map(str::to_owned),
                message: take("message").map(str::to_owned),
                at_percent: number("at")?.map(|p| u8::try_from(p).unwrap_or(u8::MAX)),
            },
            other => return Err(err(format!("unknown fault kind {other:?}"))),
        };
        let known = [
            "action", "every", "ratio", "times", "ms", "code", "message", "at",
        ];
        if let Some((key, _)) = options.iter().find(|(k, _)| !known.contains(k)) {
            return Err(err(format!("unknown option {key:?}")));
        }
        let fault = Self {
            kind,
            action: take("action").map(str::to_owned),
            every: number("every")?,
            ratio: take("ratio")
                .map(|v| {
                    v.parse()
                        .map_err(|_| err(format!("ratio={v} is not a number")))
                })
                .transpose()?,
            times: number("times")?,
        };
        fault.validate()?;
        Ok(fault)
    }
}
