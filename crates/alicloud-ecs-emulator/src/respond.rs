//! Response bodies in Alibaba's shapes: success bodies in JSON or XML, the error envelope
//! (`<Error>` in XML), content types, and the `RequestId` every response carries.

use std::borrow::Cow;

use alicloud_ecs_model::{ErrorResponse, Format, codes, to_json, to_xml};
use bytes::Bytes;
use http::{HeaderValue, Response, StatusCode, header};

/// The content type of JSON bodies.
pub(crate) const JSON: &str = "application/json;charset=utf-8";
/// The content type of XML bodies; the official Python SDK picks its XML error parser only on
/// exactly this value.
pub(crate) const XML: &str = "text/xml;charset=utf-8";

/// An API error: HTTP status, `Code` and `Message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) code: Cow<'static, str>,
    pub(crate) message: String,
}

impl ApiError {
    /// An error with this status, code and message.
    pub(crate) fn new(
        status: u16,
        code: impl Into<Cow<'static, str>>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
            code: code.into(),
            message: message.into(),
        }
    }

    /// `MissingParameter` (400) naming the parameter.
    pub(crate) fn missing(name: &str) -> Self {
        Self::new(
            400,
            codes::MISSING_PARAMETER,
            format!(
                "An input parameter \"{name}\" that is mandatory for processing the request is not supplied."
            ),
        )
    }

    /// `InvalidParameter` (400) naming the parameter.
    pub(crate) fn invalid(name: &str) -> Self {
        Self::new(
            400,
            codes::INVALID_PARAMETER,
            format!("The specified parameter \"{name}\" is not valid."),
        )
    }

    /// `InvalidParameter` (400) naming the parameter, with why its value does not fit
    /// appended in parentheses after the usual message.
    pub(crate) fn invalid_because(name: &str, reason: impl std::fmt::Display) -> Self {
        let mut err = Self::invalid(name);
        err.message = format!("{} ({reason})", err.message);
        err
    }

    /// `InvalidRegionId.NotFound` (400).
    pub(crate) fn region_not_found() -> Self {
        Self::new(
            400,
            codes::INVALID_REGION_ID_NOT_FOUND,
            "The specified RegionId does not exist.",
        )
    }

    /// `InvalidTaskId.NotFound` (400, as the official tables list it).
    pub(crate) fn task_not_found() -> Self {
        Self::new(
            400,
            codes::INVALID_TASK_ID_NOT_FOUND,
            "The specified \"TaskId\" is not found.",
        )
    }

    /// `DryRunOperation` (400): the request would have succeeded.
    pub(crate) fn dry_run() -> Self {
        Self::new(
            400,
            "DryRunOperation",
            "Request validation has been passed with DryRun flag set.",
        )
    }

    /// `InternalError` (500) with a reason.
    pub(crate) fn internal(reason: impl std::fmt::Display) -> Self {
        Self::new(
            500,
            codes::INTERNAL_ERROR,
            format!(
                "The request processing has failed due to some unknown error, exception or failure. ({reason})"
            ),
        )
    }
}

/// What every response of one request needs: its id, its format and the host it addressed.
#[derive(Debug, Clone)]
pub(crate) struct Ctx {
    pub(crate) request_id: String,
    pub(crate) format: Format,
    pub(crate) host: String,
}

impl Ctx {
    /// A 200 response with `value` written under the root element `root` (XML) or as the
    /// top-level object (JSON).
    pub(crate) fn ok<T: alicloud_ecs_model::Shape>(
        &self,
        root: &str,
        value: &T,
    ) -> Result<Response<Bytes>, ApiError> {
        let body = match self.format {
            Format::Xml => to_xml(value, root),
            _ => to_json(value),
        }
        .map_err(ApiError::internal)?;
        Ok(build(StatusCode::OK, self.format, &self.request_id, body))
    }

    /// A 200 response with a body already written in this context's format.
    pub(crate) fn ok_text(&self, body: String) -> Response<Bytes> {
        build(StatusCode::OK, self.format, &self.request_id, body)
    }

    /// The error envelope for `err`.
    pub(crate) fn error(&self, err: &ApiError) -> Response<Bytes> {
        let mut body = ErrorResponse::default();
        body.request_id = Some(self.request_id.clone());
        body.host_id = Some(self.host.clone());
        body.code = Some(err.code.clone().into_owned());
        body.message = Some(err.message.clone());
        body.recommend = Some(format!(
            "https://api.aliyun.com/troubleshoot?q={}&product=Ecs&requestId={}",
            err.code, self.request_id
        ));
        let text = match self.format {
            Format::Xml => to_xml(&body, "Error"),
            _ => to_json(&body),
        };
        match text {
            Ok(text) => build(err.status, self.format, &self.request_id, text),
            Err(e) => {
                let text = serde_json::json!({
                    "RequestId": self.request_id,
                    "Code": codes::INTERNAL_ERROR,
                    "Message": e.to_string(),
                })
                .to_string();
                build(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Format::Json,
                    &self.request_id,
                    text,
                )
            }
        }
    }
}

/// A response with the right content type, length and `x-acs-request-id` header.
fn build(status: StatusCode, format: Format, request_id: &str, body: String) -> Response<Bytes> {
    let content_type = match format {
        Format::Xml => XML,
        _ => JSON,
    };
    let mut response = Response::new(Bytes::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(id) = HeaderValue::from_str(request_id) {
        headers.insert("x-acs-request-id", id);
    }
    response
}

/// A JSON response of the control API.
pub(crate) fn control_json(status: StatusCode, body: &serde_json::Value) -> Response<Bytes> {
    let mut response = Response::new(Bytes::from(body.to_string()));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use alicloud_ecs_model::CancelTaskResponse;

    fn ctx(format: Format) -> Ctx {
        Ctx {
            request_id: "473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E".to_owned(),
            format,
            host: "127.0.0.1:1".to_owned(),
        }
    }

    #[test]
    fn xml_errors_use_the_error_root_and_text_xml() {
        let response = ctx(Format::Xml).error(&ApiError::task_not_found());
        assert_eq!(response.status(), 400);
        assert_eq!(response.headers()[header::CONTENT_TYPE], XML);
        let body = std::str::from_utf8(response.body()).unwrap();
        assert!(body.starts_with("<?xml"), "{body}");
        assert!(body.contains("<Error><RequestId>473469C7"), "{body}");
        assert!(
            body.contains("<Code>InvalidTaskId.NotFound</Code>"),
            "{body}"
        );
        assert!(body.contains("<HostId>127.0.0.1:1</HostId>"), "{body}");
    }

    #[test]
    fn json_success_carries_the_request_id_header() {
        let mut value = CancelTaskResponse::default();
        value.request_id = Some("R".to_owned());
        let response = ctx(Format::Json).ok("CancelTaskResponse", &value).unwrap();
        assert_eq!(response.headers()[header::CONTENT_TYPE], JSON);
        assert_eq!(
            response.headers()["x-acs-request-id"],
            "473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E"
        );
        assert_eq!(&response.body()[..], br#"{"RequestId":"R"}"#);
    }
}
