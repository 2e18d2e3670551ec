//! File-based signature test vectors: every folder under `test-vectors/v1` and `test-vectors/v3`
//! describes one request (`request.json`) and its expected intermediates, checked bit for bit;
//! each signed request is then verified by the verifier.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout,
    missing_docs
)]

use std::fs;
use std::path::{Path, PathBuf};

use alicloud_signer::encode::parse_query;
use alicloud_signer::{
    Credentials, SignableRequest, SignatureVersion, SignedHeaderPolicy, SigningParams, V3Algorithm,
    VerifiableRequest, Verified, detect_version, parse_timestamp, sign, sign_v1, sign_v3, verify,
};
use serde_json::Value;

const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/test-vectors");
const SHARED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/reference/signature-test-vectors.json"
);

fn case_dirs(version: &str) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(Path::new(VECTORS).join(version))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no {version} vectors");
    dirs
}

fn read(dir: &Path, file: &str) -> String {
    fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{}/{file}: {e}", dir.display()))
}

/// A request loaded from `request.json`, owning everything the borrowed API types point into.
struct Case {
    name: String,
    json: Value,
    query: Vec<(String, String)>,
    form: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    credentials: Credentials,
}

fn owned_pairs(value: &Value) -> Vec<(String, String)> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| {
            let s = |i: usize| pair[i].as_str().unwrap().to_owned();
            (s(0), s(1))
        })
        .collect()
}

fn borrowed(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
    pairs
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect()
}

impl Case {
    fn load(dir: &Path) -> Self {
        let json: Value = serde_json::from_str(&read(dir, "request.json")).unwrap();
        let mut credentials = Credentials::new(
            json["access_key_id"].as_str().unwrap(),
            json["access_key_secret"].as_str().unwrap(),
        );
        if let Some(token) = json["security_token"].as_str() {
            credentials = credentials.with_security_token(token);
        }
        Self {
            name: dir.file_name().unwrap().to_string_lossy().into_owned(),
            query: owned_pairs(&json["query"]),
            form: owned_pairs(&json["form"]),
            headers: owned_pairs(&json["headers"]),
            credentials,
            json,
        }
    }

    fn str(&self, key: &str) -> &str {
        self.json[key].as_str().unwrap()
    }

    /// The V3 algorithm: `algorithm` in `request.json`, `ACS3-HMAC-SHA256` when absent.
    fn algorithm(&self) -> V3Algorithm {
        self.json["algorithm"]
            .as_str()
            .map_or(V3Algorithm::HmacSha256, |name| {
                V3Algorithm::from_name(name).unwrap()
            })
    }

    fn params(&self) -> SigningParams<'_> {
        let policy = match self.str("header_policy") {
            "all" => SignedHeaderPolicy::All,
            _ => SignedHeaderPolicy::Standard,
        };
        SigningParams::new(
            &self.credentials,
            parse_timestamp(self.str("time")).unwrap(),
            self.str("nonce"),
        )
        .with_header_policy(policy)
        .with_algorithm(self.algorithm())
    }

    fn lookup(&self) -> impl Fn(&str) -> Option<Credentials> + '_ {
        |id| (id == self.credentials.access_key_id()).then(|| self.credentials.clone())
    }

    fn check_verified(&self, verified: &Verified, version: SignatureVersion) {
        assert_eq!(verified.version, version, "{}", self.name);
        let algorithm = (version == SignatureVersion::V3).then(|| self.algorithm());
        assert_eq!(verified.algorithm, algorithm, "{}", self.name);
        assert_eq!(verified.access_key_id, self.str("access_key_id"));
        assert_eq!(
            verified.security_token.as_deref(),
            self.json["security_token"].as_str()
        );
        assert_eq!(
            verified.timestamp,
            parse_timestamp(self.str("time")).unwrap()
        );
        assert_eq!(verified.nonce, self.str("nonce"));
        assert_eq!(verified.action.as_deref(), Some(self.str("action")));
        assert_eq!(verified.api_version.as_deref(), Some(self.str("version")));
    }
}

/// Builds the `SignableRequest` of a case (a macro, as the borrowed slices must outlive it).
macro_rules! signable {
    ($case:expr, $query:expr, $form:expr, $headers:expr) => {
        SignableRequest::new(
            $case.str("method"),
            $case.str("host"),
            $case.str("action"),
            $case.str("version"),
        )
        .with_path($case.str("path"))
        .with_query(&$query)
        .with_form(&$form)
        .with_headers(&$headers)
        .with_body($case.str("body").as_bytes())
    };
}

#[test]
fn v1_vectors() {
    for dir in case_dirs("v1") {
        let case = Case::load(&dir);
        assert_eq!(case.str("signature_version"), "V1");
        let (query, form, headers) = (
            borrowed(&case.query),
            borrowed(&case.form),
            borrowed(&case.headers),
        );
        let request = signable!(case, query, form, headers);
        let out = sign_v1(&request, &case.params()).unwrap();
        let name = &case.name;
        assert_eq!(
            out.canonical_query(),
            read(&dir, "canonical-query.txt"),
            "{name}"
        );
        assert_eq!(
            out.string_to_sign(),
            read(&dir, "string-to-sign.txt"),
            "{name}"
        );
        assert_eq!(out.signature(), read(&dir, "signature.txt"), "{name}");
        assert_eq!(out.signed_query(), read(&dir, "signed-query.txt"), "{name}");
        let generic = sign(SignatureVersion::V1, &request, &case.params()).unwrap();
        assert_eq!(generic.query_string(), out.signed_query());
        assert_eq!(generic.headers().len(), 0);

        let mut wire = vec![out.signed_query().to_owned()];
        if dir.join("wire-query.txt").exists() {
            wire.push(read(&dir, "wire-query.txt"));
        }
        for query_string in wire {
            let received = parse_query(&query_string).unwrap();
            let received = borrowed(&received);
            let incoming = VerifiableRequest::new(case.str("method"), case.str("host"), "/")
                .with_query(&received)
                .with_form(&form)
                .with_body(case.str("body").as_bytes());
            assert_eq!(detect_version(&incoming), Some(SignatureVersion::V1));
            let verified =
                verify(&incoming, case.lookup()).unwrap_or_else(|e| panic!("{name}: {e}"));
            case.check_verified(&verified, SignatureVersion::V1);
        }
    }
}

/// The `ACS3-HMAC-SM3` cases, captured from the official Python SDK's signer by
/// `test-vectors/sm3_vectors.py`, are present (`v3_vectors` checks them).
#[test]
fn sm3_vectors_are_present() {
    let sm3: Vec<String> = case_dirs("v3")
        .iter()
        .map(|dir| Case::load(dir))
        .filter(|case| case.algorithm() == V3Algorithm::HmacSm3)
        .map(|case| case.name)
        .collect();
    assert_eq!(sm3.len(), 3, "{sm3:?}");
}

#[test]
fn v3_vectors() {
    for dir in case_dirs("v3") {
        let case = Case::load(&dir);
        assert_eq!(case.str("signature_version"), "V3");
        let (query, form, headers) = (
            borrowed(&case.query),
            borrowed(&case.form),
            borrowed(&case.headers),
        );
        let request = signable!(case, query, form, headers);
        let out = sign_v3(&request, &case.params()).unwrap();
        let name = &case.name;
        assert_eq!(
            out.canonical_request(),
            read(&dir, "canonical-request.txt"),
            "{name}"
        );
        assert_eq!(
            out.string_to_sign(),
            read(&dir, "string-to-sign.txt"),
            "{name}"
        );
        assert_eq!(out.signature(), read(&dir, "signature.txt"), "{name}");
        assert_eq!(
            out.authorization(),
            read(&dir, "authorization.txt"),
            "{name}"
        );
        assert!(out.authorization().contains(out.signed_headers()));
        assert_eq!(out.algorithm(), case.algorithm(), "{name}");
        assert!(
            out.string_to_sign()
                .starts_with(&format!("{}\n", case.algorithm())),
            "{name}"
        );
        // The payload hash is the algorithm's: hex SHA-256 or hex SM3, sent as
        // `x-acs-content-sha256` either way.
        let payload_hash = out.canonical_request().rsplit('\n').next().unwrap();
        assert_eq!(
            out.headers().find(|(n, _)| *n == "x-acs-content-sha256"),
            Some(("x-acs-content-sha256", payload_hash)),
            "{name}"
        );
        let generic = sign(SignatureVersion::V3, &request, &case.params()).unwrap();
        assert_eq!(generic.query_string(), out.canonical_query());
        assert_eq!(generic.query_params().len(), 0);

        // What a server receives: the caller's headers, the signer's headers and Host.
        let mut received_headers = headers.clone();
        received_headers.extend(out.headers());
        received_headers.push(("Host", case.str("host")));
        let mut wire = vec![out.canonical_query().to_owned()];
        if dir.join("wire-query.txt").exists() {
            wire.push(read(&dir, "wire-query.txt"));
        }
        for query_string in wire {
            let received = parse_query(&query_string).unwrap();
            let received = borrowed(&received);
            let incoming = VerifiableRequest::new(case.str("method"), "", case.str("path"))
                .with_query(&received)
                .with_headers(&received_headers)
                .with_body(case.str("body").as_bytes());
            assert_eq!(detect_version(&incoming), Some(SignatureVersion::V3));
            let verified =
                verify(&incoming, case.lookup()).unwrap_or_else(|e| panic!("{name}: {e}"));
            case.check_verified(&verified, SignatureVersion::V3);
        }
    }
}

/// Every vector of the shared reference file has a folder here whose files agree with it (skipped
/// when the file is absent, e.g. outside the development checkout).
#[test]
fn every_reference_vector_has_a_folder() {
    let Ok(text) = fs::read_to_string(SHARED) else {
        println!("skipping: reference vectors not found at {SHARED}");
        return;
    };
    let reference: Value = serde_json::from_str(&text).unwrap();
    // Reference field → our file.
    let files = [
        ("canonicalized_query", "canonical-query.txt"),
        ("canonical_request", "canonical-request.txt"),
        ("string_to_sign", "string-to-sign.txt"),
        ("signature", "signature.txt"),
        ("authorization", "authorization.txt"),
    ];
    for version in ["v1", "v3"] {
        let ours: Vec<(String, PathBuf)> = case_dirs(version)
            .into_iter()
            .filter_map(|dir| {
                let id = Case::load(&dir).json["vector"].as_str()?.to_owned();
                Some((id, dir))
            })
            .collect();
        let vectors = reference[version].as_array().unwrap();
        assert!(!vectors.is_empty());
        for vector in vectors {
            let name = vector["name"].as_str().unwrap();
            let id = name.split(' ').next().unwrap();
            let Some((_, dir)) = ours.iter().find(|(o, _)| o == id) else {
                panic!("reference vector {name:?} has no folder under test-vectors/{version}");
            };
            for (field, file) in files {
                if let Some(expected) = vector[field].as_str() {
                    assert_eq!(read(dir, file), expected, "{name}: {file}");
                }
            }
        }
    }
}
