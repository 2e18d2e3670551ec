//! AccessKey credentials (optionally STS), whose `Debug` and `Display` never reveal the secret
//! or the security token.

use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::SystemTime;

use ring::hmac;

use crate::mac::{HmacSha1, HmacSm3};

const REDACTED: &str = "** redacted **";

/// An AccessKey pair, optionally with an STS security token and an expiry.
///
/// `Debug` and `Display` show the AccessKey ID only; the secret and the token are redacted.
///
/// ```
/// use alicloud_signer::Credentials;
/// let creds = Credentials::new("STS.testid", "testsecret").with_security_token("CAIS-token");
/// let shown = format!("{creds:?} {creds}");
/// assert!(shown.contains("STS.testid"));
/// assert!(!shown.contains("testsecret") && !shown.contains("CAIS-token"));
/// ```
#[derive(Clone)]
pub struct Credentials(Arc<Inner>);

/// The fields, shared by clones: a provider hands out a clone on every attempt, and the
/// derived HMAC keys are shared with it.
#[derive(Clone)]
struct Inner {
    access_key_id: String,
    access_key_secret: String,
    security_token: Option<String>,
    expiry: Option<SystemTime>,
    keys: HmacKeys,
}

/// The HMAC keys of every signature algorithm, derived from the secret on first use and then
/// reused by every signature made with these credentials (and their clones).
#[derive(Clone, Default)]
struct HmacKeys {
    v1: OnceLock<HmacSha1>,
    v3: OnceLock<hmac::Key>,
    sm3: OnceLock<HmacSm3>,
}

impl Credentials {
    /// Long-term (or STS) AccessKey credentials without a token or expiry.
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Self(Arc::new(Inner {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: None,
            expiry: None,
            keys: HmacKeys::default(),
        }))
    }

    /// Adds an STS security token, sent as `SecurityToken` (V1) or `x-acs-security-token` (V3).
    #[must_use]
    pub fn with_security_token(mut self, security_token: impl Into<String>) -> Self {
        Arc::make_mut(&mut self.0).security_token = Some(security_token.into());
        self
    }

    /// Records when these credentials stop being valid (informational; signing ignores it).
    #[must_use]
    pub fn with_expiry(mut self, expiry: SystemTime) -> Self {
        Arc::make_mut(&mut self.0).expiry = Some(expiry);
        self
    }

    /// The AccessKey ID (STS IDs start with `STS.`).
    pub fn access_key_id(&self) -> &str {
        &self.0.access_key_id
    }

    /// The AccessKey secret. Handle with care: never log it.
    pub fn access_key_secret(&self) -> &str {
        &self.0.access_key_secret
    }

    /// The STS security token, if any.
    pub fn security_token(&self) -> Option<&str> {
        self.0.security_token.as_deref()
    }

    /// When these credentials expire, if known.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.0.expiry
    }

    /// Whether the credentials have an expiry at or before `now`.
    pub fn is_expired_at(&self, now: SystemTime) -> bool {
        self.0.expiry.is_some_and(|expiry| expiry <= now)
    }

    /// The V1 key: HMAC-SHA1 keyed with `secret + "&"`.
    pub(crate) fn v1_key(&self) -> &HmacSha1 {
        self.0.keys.v1.get_or_init(|| {
            let mut key = Vec::with_capacity(self.0.access_key_secret.len() + 1);
            key.extend_from_slice(self.0.access_key_secret.as_bytes());
            key.push(b'&');
            HmacSha1::new(&key)
        })
    }

    /// The V3 key: HMAC-SHA256 keyed with the raw secret.
    pub(crate) fn v3_key(&self) -> &hmac::Key {
        self.0
            .keys
            .v3
            .get_or_init(|| hmac::Key::new(hmac::HMAC_SHA256, self.0.access_key_secret.as_bytes()))
    }

    /// The `ACS3-HMAC-SM3` key: HMAC-SM3 keyed with the raw secret.
    pub(crate) fn sm3_key(&self) -> &HmacSm3 {
        self.0
            .keys
            .sm3
            .get_or_init(|| HmacSm3::new(self.0.access_key_secret.as_bytes()))
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.0.access_key_id)
            .field("access_key_secret", &REDACTED)
            .field(
                "security_token",
                &self.0.security_token.as_ref().map(|_| REDACTED),
            )
            .field("expiry", &self.0.expiry)
            .finish()
    }
}

impl fmt::Display for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.access_key_id)?;
        if self.0.security_token.is_some() {
            f.write_str(" (with security token)")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    const SECRET: &str = "sEcReT-VALUE-123";
    const TOKEN: &str = "CAIS-token-VALUE-456";

    fn assert_hidden(text: &str) {
        assert!(!text.contains(SECRET), "secret leaked: {text}");
        assert!(!text.contains(TOKEN), "token leaked: {text}");
    }

    #[test]
    fn debug_and_display_redact_secret_and_token() {
        let plain = Credentials::new("LTAI-id", SECRET);
        let sts = plain.clone().with_security_token(TOKEN);
        for creds in [&plain, &sts] {
            for text in [
                format!("{creds:?}"),
                format!("{creds:#?}"),
                format!("{creds}"),
                format!("{:?}", Some(creds)),
            ] {
                assert_hidden(&text);
                assert!(text.contains("LTAI-id"));
            }
        }
        assert!(format!("{sts:?}").contains("security_token: Some(\"** redacted **\")"));
        assert!(format!("{plain:?}").contains("security_token: None"));
        assert_eq!(sts.to_string(), "LTAI-id (with security token)");
    }

    #[test]
    fn accessors_and_expiry() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        let creds = Credentials::new("id", SECRET)
            .with_security_token(TOKEN)
            .with_expiry(now);
        assert_eq!(creds.access_key_id(), "id");
        assert_eq!(creds.access_key_secret(), SECRET);
        assert_eq!(creds.security_token(), Some(TOKEN));
        assert_eq!(creds.expiry(), Some(now));
        assert!(creds.is_expired_at(now));
        assert!(!creds.is_expired_at(now - Duration::from_secs(1)));
        assert!(!Credentials::new("id", SECRET).is_expired_at(now));
    }

    #[test]
    fn hmac_keys_follow_each_version() {
        // RFC 4231 test case 2 (key "Jefe") for V3; V1 appends "&" to the secret.
        let creds = Credentials::new("id", "Jefe");
        let tag = hmac::sign(creds.v3_key(), b"what do ya want for nothing?");
        let expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
        let mut hex = String::new();
        crate::digest::hex_into(&mut hex, tag.as_ref());
        assert_eq!(hex, expected);
        let v1 = hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, b"Jefe&");
        let tag = creds.clone().v1_key().sign(b"x");
        assert_eq!(tag.as_ref(), hmac::sign(&v1, b"x").as_ref());
        assert_eq!(creds.sm3_key().sign(b"x"), HmacSm3::new(b"Jefe").sign(b"x"));
    }

    #[test]
    fn debug_redacts_after_every_key_is_derived() {
        let creds = Credentials::new("LTAI-id", SECRET).with_security_token(TOKEN);
        let _ = (creds.v1_key(), creds.v3_key(), creds.sm3_key());
        for text in [
            format!("{creds:?}"),
            format!("{:?}", creds.clone()),
            format!("{creds}"),
        ] {
            assert_hidden(&text);
        }
    }

    #[test]
    fn is_send_sync() {
        fn check<T: Send + Sync + Clone>() {}
        check::<Credentials>();
    }
}
