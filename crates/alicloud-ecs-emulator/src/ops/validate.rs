//! Input rules of `ImportImage` and `ExportImage`, from the API reference, each failing with the
//! documented error code.

use alicloud_ecs_model::codes;

use crate::respond::ApiError;

/// `ImageName`: 2–128 characters, starting with a letter (or CJK character), only letters,
/// digits, `.`, `:`, `_` and `-`, not starting with `aliyun` or `acs:`, no `http(s)://`.
pub(crate) fn image_name(name: &str) -> Result<(), ApiError> {
    let count = name.chars().count();
    let lower = name.to_ascii_lowercase();
    let valid = (2..=128).contains(&count)
        && name.chars().next().is_some_and(char::is_alphabetic)
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | ':' | '_' | '-'))
        && !lower.starts_with("aliyun")
        && !lower.starts_with("acs:")
        && !lower.contains("http://")
        && !lower.contains("https://");
    if valid {
        Ok(())
    } else {
        Err(ApiError::new(
            400,
            codes::INVALID_IMAGE_NAME_MALFORMED,
            "The specified Image name is wrongly formed.",
        ))
    }
}

/// `Description`: 2–256 characters, not starting with `http://` or `https://`.
pub(crate) fn description(text: &str) -> Result<(), ApiError> {
    let lower = text.to_ascii_lowercase();
    if (2..=256).contains(&text.chars().count())
        && !lower.starts_with("http://")
        && !lower.starts_with("https://")
    {
        Ok(())
    } else {
        Err(ApiError::new(
            400,
            codes::INVALID_DESCRIPTION_MALFORMED,
            "The specified Image description is wrongly formed.",
        ))
    }
}

/// Check `value` is one of `allowed` (ignoring letter case), else fail with `error`.
pub(crate) fn one_of(
    value: &str,
    allowed: &[&str],
    error: fn() -> ApiError,
) -> Result<(), ApiError> {
    if allowed.iter().any(|a| a.eq_ignore_ascii_case(value)) {
        Ok(())
    } else {
        Err(error())
    }
}

/// `InvalidArchitecture.Malformed`.
pub(crate) fn bad_architecture() -> ApiError {
    ApiError::new(
        400,
        codes::INVALID_ARCHITECTURE_MALFORMED,
        "The specified Architecture is wrongly formed.",
    )
}

/// `InvalidOSType.Malformed`.
pub(crate) fn bad_os_type() -> ApiError {
    ApiError::new(
        400,
        codes::INVALID_OS_TYPE_MALFORMED,
        "The specified OSType is wrongly formed.",
    )
}

/// `InvalidBootMode.Malformed`.
pub(crate) fn bad_boot_mode() -> ApiError {
    ApiError::new(
        400,
        codes::INVALID_BOOT_MODE_MALFORMED,
        "The specified parameter \"BootMode\" is malformed.",
    )
}

/// `InvalidParameter.DetectionStrategy`.
pub(crate) fn bad_detection_strategy() -> ApiError {
    ApiError::new(
        400,
        codes::INVALID_PARAMETER_DETECTION_STRATEGY,
        "The specified parameter DetectionStrategy is invalid.",
    )
}

/// `InvalidImageFormat.Malformed`.
pub(crate) fn bad_image_format() -> ApiError {
    ApiError::new(
        400,
        codes::INVALID_IMAGE_FORMAT_MALFORMED,
        "The specified Image Format is wrongly formed.",
    )
}

/// `OSSPrefix`: 1–30 ASCII letters and digits.
pub(crate) fn oss_prefix(prefix: &str) -> Result<(), ApiError> {
    if (1..=30).contains(&prefix.len()) && prefix.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(())
    } else {
        Err(ApiError::new(
            400,
            codes::INVALID_OSS_PREFIX_MALFORMED,
            "The specified OSSPrefix format is wrongly formed.",
        ))
    }
}

/// `ClientToken`: at most 64 ASCII characters.
pub(crate) fn client_token(token: &str) -> Result<(), ApiError> {
    if token.len() <= 64 && token.is_ascii() {
        Ok(())
    } else {
        Err(ApiError::invalid("ClientToken"))
    }
}

/// `IdempotentParameterMismatch`: a `ClientToken` reused for a different request.
pub(crate) fn token_mismatch() -> ApiError {
    ApiError::new(
        400,
        codes::IDEMPOTENT_PARAMETER_MISMATCH,
        "The request uses the same client token as a previous, but non-identical request.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_names() {
        for ok in ["ImageTestName", "镜像-1", "a.b:c_d-e", "ab"] {
            assert!(image_name(ok).is_ok(), "{ok}");
        }
        let long = "a".repeat(129);
        for bad in [
            "a",
            "1abc",
            "aliyunimg",
            "acs:img",
            "img 1*",
            "ahttp://x",
            &long,
        ] {
            assert!(image_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn descriptions_prefixes_and_tokens() {
        assert!(description("A test image").is_ok());
        assert!(description("x").is_err());
        assert!(description("https://example.com").is_err());
        assert!(oss_prefix("MYOSSPRE").is_ok());
        assert!(oss_prefix("bad_prefix").is_err());
        assert!(oss_prefix(&"a".repeat(31)).is_err());
        assert!(client_token("123e4567-e89b-12d3-a456-426655440000").is_ok());
        assert!(client_token(&"a".repeat(65)).is_err());
        assert!(one_of("qcow2", &["RAW", "QCOW2"], bad_image_format).is_ok());
        assert_eq!(
            one_of("ISO", &["RAW"], bad_image_format).unwrap_err().code,
            "InvalidImageFormat.Malformed"
        );
    }
}
