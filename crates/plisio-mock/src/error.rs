//! Plisio's error answers (envelope, HTTP status, internal code) and the mock's own control errors.

use std::fmt;

use axum::http::StatusCode;
use serde_json::json;

/// The text of `401` answers and of the not-found error.
pub(crate) const RESOURCE_MISSING: &str = "The specified resource does not exist";

/// The white-label-disabled message, verbatim from Plisio's deposit page.
pub(crate) const WHITE_LABEL_DISABLED: &str = "White-label payment processing is disabled for this shop. Please enable White-label payment processing in your shop settings to activate this feature.";

/// An error answer of the Plisio API, rendered as `{"status":"error","data":{…}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ApiError {
    /// Missing or wrong `api_key`: HTTP 401, code 401.
    Unauthorized,
    /// Missing or invalid parameters: HTTP 422, code 103, `message` a JSON-encoded `{field: text}`.
    Validation(Vec<(String, String)>),
    /// Unknown coin or fiat: HTTP 422, code 105, `Unsupported currency attribute value: {"field":"value"}`.
    Unsupported { field: String, value: String },
    /// Unknown id: HTTP 404, code 111.
    NotFound,
    /// Unknown path: HTTP 404, code 111, `Page not found.`.
    PageNotFound,
    /// Balance too low for a withdrawal: HTTP 422, code 116.
    InsufficientFunds,
    /// A white-label feature on a shop without it: HTTP 400, `{message, code: 400}` without `name`.
    WhiteLabelDisabled,
    /// Fee estimate impossible (balance too low): HTTP 400, code 115, as in the withdrawal page's example.
    FeeNotEstimable,
    /// Anything but GET on an API path: HTTP 405.
    MethodNotAllowed,
    /// The inner error without `data.name`: the white-label deposit endpoints answer this way
    /// (seeds/deposits.txt shows `{message, code}` for codes 401 and 103).
    Nameless(Box<ApiError>),
}

impl ApiError {
    /// One-field validation error.
    pub(crate) fn field(field: &str, message: &str) -> Self {
        ApiError::Validation(vec![(field.to_owned(), message.to_owned())])
    }

    /// Unsupported-currency error for `field` = `value`.
    pub(crate) fn unsupported(field: &str, value: &str) -> Self {
        ApiError::Unsupported { field: field.to_owned(), value: value.to_owned() }
    }

    /// HTTP status of the answer.
    pub(crate) fn status(&self) -> StatusCode {
        match self {
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Validation(_) | ApiError::Unsupported { .. } | ApiError::InsufficientFunds => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::NotFound | ApiError::PageNotFound => StatusCode::NOT_FOUND,
            ApiError::WhiteLabelDisabled | ApiError::FeeNotEstimable => StatusCode::BAD_REQUEST,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Nameless(inner) => inner.status(),
        }
    }

    /// The complete JSON body, keys in Plisio's order (`name`, `message`, `code`).
    pub(crate) fn body(&self) -> String {
        let (name, message, code) = self.parts();
        error_body(name, &message, code)
    }

    fn parts(&self) -> (Option<&'static str>, String, u16) {
        match self {
            ApiError::Nameless(inner) => {
                let (_, message, code) = inner.parts();
                (None, message, code)
            }
            ApiError::Unauthorized => (Some("Unauthorized"), RESOURCE_MISSING.to_owned(), 401),
            ApiError::Validation(fields) => (Some("Unprocessable entity"), json_object_text(fields), 103),
            ApiError::Unsupported { field, value } => (
                Some("Unprocessable entity"),
                format!("Unsupported currency attribute value: {}", json_object_text(&[(field.clone(), value.clone())])),
                105,
            ),
            ApiError::NotFound => (Some("Not Found"), RESOURCE_MISSING.to_owned(), 111),
            ApiError::PageNotFound => (Some("Not Found"), "Page not found.".to_owned(), 111),
            ApiError::InsufficientFunds => {
                (Some("Unprocessable entity"), json_object_text(&[("balance".to_owned(), "Insufficient funds on balance".to_owned())]), 116)
            }
            ApiError::WhiteLabelDisabled => (None, WHITE_LABEL_DISABLED.to_owned(), 400),
            ApiError::FeeNotEstimable => {
                (Some("Bad Request"), "{\"fee\":[\"The transaction fee cannot be estimated. Please check the balance\"]}".to_owned(), 115)
            }
            ApiError::MethodNotAllowed => (
                Some("Method Not Allowed"),
                "Method Not Allowed. This URL can only handle the following request methods: GET.".to_owned(),
                405,
            ),
        }
    }
}

/// `{"status":"error","data":{"name":…,"message":…,"code":…}}` (`name` left out when `None`).
pub(crate) fn error_body(name: Option<&str>, message: &str, code: u16) -> String {
    let name = name.map(|n| format!("\"name\":{},", json!(n))).unwrap_or_default();
    format!("{{\"status\":\"error\",\"data\":{{{name}\"message\":{},\"code\":{code}}}}}", json!(message))
}

/// Compact JSON object text of `pairs`, in order: `{"uid":"Missing required attribute"}`.
fn json_object_text(pairs: &[(String, String)]) -> String {
    let mut out = String::from("{");
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&json!(k).to_string());
        out.push(':');
        out.push_str(&json!(v).to_string());
    }
    out.push('}');
    out
}

/// Error of a simulation control ([`crate::MockServer::simulate_pay_in`], `/__mock/…`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MockError {
    /// The deposit address, invoice or other target does not exist (HTTP 404 on the controls).
    NotFound(String),
    /// The control request is malformed or inconsistent (HTTP 400 on the controls).
    InvalidRequest(String),
    /// The server has been shut down.
    ShutDown,
}

impl MockError {
    /// HTTP status the `/__mock/` controls answer with for this error.
    pub fn http_status(&self) -> u16 {
        match self {
            MockError::NotFound(_) => 404,
            MockError::InvalidRequest(_) => 400,
            MockError::ShutDown => 503,
        }
    }

    /// Stable machine-readable kind: `not_found`, `invalid_request`, `shut_down`.
    pub fn kind(&self) -> &'static str {
        match self {
            MockError::NotFound(_) => "not_found",
            MockError::InvalidRequest(_) => "invalid_request",
            MockError::ShutDown => "shut_down",
        }
    }
}

impl fmt::Display for MockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MockError::NotFound(m) => write!(f, "not found: {m}"),
            MockError::InvalidRequest(m) => write!(f, "invalid request: {m}"),
            MockError::ShutDown => f.write_str("the mock server has been shut down"),
        }
    }
}

impl std::error::Error for MockError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_match_the_documented_shapes() {
        assert_eq!(
            ApiError::field("uid", "Missing required attribute").body(),
            r#"{"status":"error","data":{"name":"Unprocessable entity","message":"{\"uid\":\"Missing required attribute\"}","code":103}}"#
        );
        let v: serde_json::Value = serde_json::from_str(&ApiError::unsupported("currency", "BTCX").body()).expect("json");
        assert_eq!(v["data"]["message"], r#"Unsupported currency attribute value: {"currency":"BTCX"}"#);
        let wl: serde_json::Value = serde_json::from_str(&ApiError::WhiteLabelDisabled.body()).expect("json");
        assert!(wl["data"].get("name").is_none());
    }
}
