//! Signature verification of arbitrary received requests never panics; requests signed with V1
//! or V3 verify as signed, and never panic the verifier after one tampering step.
#![no_main]

use alicloud_signer::encode::parse_query;
use alicloud_signer::{
    Credentials, SignableRequest, SignatureVersion, SignedHeaderPolicy, SigningParams,
    VerifiableRequest, sign, verify,
};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use time::OffsetDateTime;
use time::macros::datetime;

const ACCESS_KEY_ID: &str = "fuzz-access-key";
const SECRET: &str = "fuzz-secret";
const TOKEN: &str = "CAIS+fuzz/token=";
const TIME: OffsetDateTime = datetime!(2024-05-01 08:00:00 UTC);
const NONCE: &str = "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf";

/// Parameter and header names the verifier looks at, so inputs reach past the first check.
const KNOWN: &[&str] = &[
    "AccessKeyId",
    "Action",
    "Version",
    "Signature",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "Timestamp",
    "SecurityToken",
    "authorization",
    "host",
    "content-type",
    "x-acs-action",
    "x-acs-version",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-content-sha256",
    "x-acs-security-token",
    "x-acs-other",
];

/// A name: a well-known one or any text.
#[derive(Debug, Arbitrary)]
enum Name {
    Known(u8),
    Raw(String),
}

impl Name {
    fn as_str(&self) -> &str {
        match self {
            Self::Known(i) => KNOWN[usize::from(*i) % KNOWN.len()],
            Self::Raw(name) => name,
        }
    }
}

#[derive(Debug, Arbitrary)]
enum Method {
    Get,
    Post,
    Raw(String),
}

impl Method {
    fn as_str(&self) -> &str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Raw(method) => method,
        }
    }
}

/// A request as a server might receive it.
#[derive(Debug, Arbitrary)]
struct Received {
    method: Method,
    host: String,
    path: String,
    query: Vec<(Name, String)>,
    form: Vec<(Name, String)>,
    headers: Vec<(Name, String)>,
    body: Vec<u8>,
}

/// One change to a signed request before it is verified.
#[derive(Debug, Arbitrary)]
enum Tamper {
    DropHeader(u8),
    DuplicateHeader(u8),
    SetHeaderValue(u8, String),
    AddHeader(Name, String),
    DropParam(u8),
    SetParamValue(u8, String),
    AddParam(Name, String),
    Body(Vec<u8>),
    Method(Method),
    Host(String),
    Path(String),
}

/// A request to sign, then verify.
#[derive(Debug, Arbitrary)]
struct RoundTrip {
    v3: bool,
    sts: bool,
    all_headers: bool,
    method: Method,
    host: String,
    path: String,
    action: String,
    version: String,
    query: Vec<(String, String)>,
    form: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    tamper: Option<Tamper>,
}

#[derive(Debug, Arbitrary)]
enum Input {
    Received(Received),
    RoundTrip(RoundTrip),
}

fn credentials(sts: bool) -> Credentials {
    let credentials = Credentials::new(ACCESS_KEY_ID, SECRET);
    if sts {
        credentials.with_security_token(TOKEN)
    } else {
        credentials
    }
}

fn pairs<N: AsRef<str>>(list: &[(N, String)]) -> Vec<(&str, &str)> {
    list.iter().map(|(n, v)| (n.as_ref(), v.as_str())).collect()
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

fn received(input: &Received) {
    let query = pairs(&input.query);
    let form = pairs(&input.form);
    let headers = pairs(&input.headers);
    let request = VerifiableRequest::new(input.method.as_str(), &input.host, &input.path)
        .with_query(&query)
        .with_form(&form)
        .with_headers(&headers)
        .with_body(&input.body);
    let _ = verify(&request, |_| Some(credentials(false)));
}

/// The request a server receives: method, host, path, decoded query, form, headers, body.
struct Wire {
    method: String,
    host: String,
    path: String,
    query: Vec<(String, String)>,
    form: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Wire {
    fn verify(
        &self,
        creds: &Credentials,
    ) -> Result<alicloud_signer::Verified, alicloud_signer::VerifyError> {
        let query = pairs(&self.query);
        let form = pairs(&self.form);
        let headers = pairs(&self.headers);
        let request = VerifiableRequest::new(&self.method, &self.host, &self.path)
            .with_query(&query)
            .with_form(&form)
            .with_headers(&headers)
            .with_body(&self.body);
        verify(&request, |id| (id == ACCESS_KEY_ID).then(|| creds.clone()))
    }

    fn tamper(&mut self, tamper: &Tamper) {
        fn pick<T>(list: &mut [T], i: u8) -> Option<&mut T> {
            let len = list.len().max(1);
            list.get_mut(usize::from(i) % len)
        }
        match tamper {
            Tamper::DropHeader(i) => {
                if !self.headers.is_empty() {
                    self.headers.remove(usize::from(*i) % self.headers.len());
                }
            }
            Tamper::DuplicateHeader(i) => {
                if let Some(header) = pick(&mut self.headers, *i).cloned() {
                    self.headers.push(header);
                }
            }
            Tamper::SetHeaderValue(i, value) => {
                if let Some(header) = pick(&mut self.headers, *i) {
                    header.1.clone_from(value);
                }
            }
            Tamper::AddHeader(name, value) => {
                self.headers.push((name.as_str().to_owned(), value.clone()))
            }
            Tamper::DropParam(i) => {
                if !self.query.is_empty() {
                    self.query.remove(usize::from(*i) % self.query.len());
                }
            }
            Tamper::SetParamValue(i, value) => {
                if let Some(param) = pick(&mut self.query, *i) {
                    param.1.clone_from(value);
                }
            }
            Tamper::AddParam(name, value) => {
                self.query.push((name.as_str().to_owned(), value.clone()))
            }
            Tamper::Body(body) => self.body.clone_from(body),
            Tamper::Method(method) => self.method = method.as_str().to_owned(),
            Tamper::Host(host) => self.host.clone_from(host),
            Tamper::Path(path) => self.path.clone_from(path),
        }
    }
}

fn round_trip(input: &RoundTrip) {
    let creds = credentials(input.sts);
    let query = pairs(&input.query);
    let form = pairs(&input.form);
    let headers = pairs(&input.headers);
    let request = SignableRequest::new(
        input.method.as_str(),
        &input.host,
        &input.action,
        &input.version,
    )
    .with_path(&input.path)
    .with_query(&query)
    .with_form(&form)
    .with_headers(&headers)
    .with_body(&input.body);
    let policy = if input.all_headers {
        SignedHeaderPolicy::All
    } else {
        SignedHeaderPolicy::Standard
    };
    let params = SigningParams::new(&creds, TIME, NONCE).with_header_policy(policy);
    let version = if input.v3 {
        SignatureVersion::V3
    } else {
        SignatureVersion::V1
    };
    let Ok(signed) = sign(version, &request, &params) else {
        return;
    };

    let sent_query = parse_query(signed.query_string()).unwrap_or_else(|e| {
        panic!(
            "signed query {:?} does not parse: {e}",
            signed.query_string()
        )
    });
    let mut sent_headers: Vec<(String, String)> = input.headers.clone();
    sent_headers.extend(signed.headers().map(|(n, v)| (n.to_owned(), v.to_owned())));
    let mut wire = Wire {
        method: input.method.as_str().to_owned(),
        host: input.host.clone(),
        path: input.path.clone(),
        query: sent_query,
        form: input.form.clone(),
        headers: sent_headers,
        body: input.body.clone(),
    };

    let verified = wire
        .verify(&creds)
        .unwrap_or_else(|e| panic!("a {version} signature does not verify: {e}"));
    let trim = |s: &str| {
        if input.v3 {
            s.trim().to_owned()
        } else {
            s.to_owned()
        }
    };
    assert_eq!(verified.version, version);
    assert_eq!(verified.access_key_id, ACCESS_KEY_ID);
    assert_eq!(verified.timestamp, TIME);
    assert_eq!(verified.nonce, NONCE);
    assert_eq!(
        verified.security_token.as_deref(),
        input.sts.then_some(TOKEN)
    );
    assert_eq!(verified.action, Some(trim(&input.action)));
    assert_eq!(verified.api_version, Some(trim(&input.version)));

    if let Some(tamper) = &input.tamper {
        wire.tamper(tamper);
        let _ = wire.verify(&creds);
    }
}

fuzz_target!(|input: Input| {
    match &input {
        Input::Received(received_request) => received(received_request),
        Input::RoundTrip(round_trip_request) => round_trip(round_trip_request),
    }
});
