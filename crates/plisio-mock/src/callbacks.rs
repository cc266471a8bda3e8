//! Building, signing and delivering Plisio callbacks (IPN), in JSON, multipart and urlencoded form.

use std::time::Duration;

use plisio_core::callback::sign::{encode_multipart, encode_urlencoded, form_fields, html_escape, json_body};
use reqwest::header::CONTENT_TYPE;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::addresses::{hex, sha256};

/// How a callback body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CallbackFormat {
    /// `application/json` (Plisio's mode for URLs with `json=true`).
    Json,
    /// `multipart/form-data` (Plisio's default).
    Multipart,
    /// `application/x-www-form-urlencoded`.
    Urlencoded,
}

impl CallbackFormat {
    /// The explicit format, else JSON when `url`'s query has `json=true`, else multipart.
    pub fn choose(explicit: Option<CallbackFormat>, url: &str) -> CallbackFormat {
        if let Some(f) = explicit {
            return f;
        }
        let json = url::Url::parse(url).map(|u| u.query_pairs().any(|(k, v)| k == "json" && v == "true")).unwrap_or(false);
        if json { CallbackFormat::Json } else { CallbackFormat::Multipart }
    }
}

/// The outcome of one callback POST.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallbackDelivery {
    /// Where it was sent.
    pub url: String,
    /// Encoding used.
    pub format: CallbackFormat,
    /// `Content-Type` header sent.
    pub content_type: String,
    /// The body sent (all fields are UTF-8 text, so multipart bodies are lossless here too).
    pub body: String,
    /// The `verify_hash` field of the body.
    pub verify_hash: String,
    /// HTTP status the receiver answered, when it answered.
    pub status: Option<u16>,
    /// The receiver's answer body (first 4 KiB), when it answered.
    pub response_body: Option<String>,
    /// Why the delivery failed (connection refused, timeout, …), when it did.
    pub error: Option<String>,
}

/// A value of a callback field.
#[derive(Debug, Clone)]
pub(crate) enum Field {
    /// A string (most fields).
    Str(String),
    /// An integer (`expire_utc` in JSON mode; a string in form mode).
    Int(i64),
    /// `tx_urls`: a JSON array or null; in form mode the PHP-`json_encode`d array, HTML-escaped,
    /// and left out when null.
    Urls(Option<Vec<String>>),
}

/// A signed callback ready to send.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub url: String,
    pub format: CallbackFormat,
    pub content_type: String,
    pub body: Vec<u8>,
    pub verify_hash: String,
}

/// `json_encode` of a list of URLs as PHP writes it (slashes escaped as `\/`).
fn php_json_array(urls: &[String]) -> String {
    serde_json::to_string(urls).unwrap_or_else(|_| "[]".to_owned()).replace('/', "\\/")
}

/// Signs `fields` (any order; they are sent sorted by key, `verify_hash` last) with `secret` and
/// encodes them for `url` in `format`.
pub(crate) fn prepare(mut fields: Vec<(&'static str, Field)>, url: &str, format: CallbackFormat, secret: &str) -> Prepared {
    fields.sort_by(|a, b| a.0.cmp(b.0));
    match format {
        CallbackFormat::Json => {
            let mut map = Map::new();
            for (k, v) in fields {
                let value = match v {
                    Field::Str(s) => Value::String(s),
                    Field::Int(i) => Value::from(i),
                    Field::Urls(Some(urls)) => Value::from(urls),
                    Field::Urls(None) => Value::Null,
                };
                map.insert(k.to_owned(), value);
            }
            let body = json_body(&map, secret);
            let verify_hash =
                body.rsplit_once("\"verify_hash\":\"").map(|(_, tail)| tail.trim_end_matches("\"}").to_owned()).unwrap_or_default();
            Prepared { url: url.to_owned(), format, content_type: "application/json".to_owned(), body: body.into_bytes(), verify_hash }
        }
        CallbackFormat::Multipart | CallbackFormat::Urlencoded => {
            let pairs: Vec<(String, String)> = fields
                .into_iter()
                .filter_map(|(k, v)| {
                    let value = match v {
                        Field::Str(s) => s,
                        Field::Int(i) => i.to_string(),
                        Field::Urls(Some(urls)) => html_escape(&php_json_array(&urls)),
                        Field::Urls(None) => return None,
                    };
                    Some((k.to_owned(), value))
                })
                .collect();
            let signed = form_fields(&pairs, secret);
            let verify_hash = signed.iter().find(|(k, _)| k == "verify_hash").map(|(_, v)| v.clone()).unwrap_or_default();
            let (content_type, body) = if format == CallbackFormat::Multipart {
                let boundary = format!("----PlisioMockBoundary{}", &hex(&sha256(&verify_hash))[..16]);
                encode_multipart(&signed, &boundary)
            } else {
                ("application/x-www-form-urlencoded".to_owned(), encode_urlencoded(&signed).into_bytes())
            };
            Prepared { url: url.to_owned(), format, content_type, body, verify_hash }
        }
    }
}

/// The HTTP client callbacks are sent with: no proxy, no redirects.
pub(crate) fn client(timeout: Duration) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .connect_timeout(timeout)
        .user_agent(concat!("plisio-mock/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("cannot build the callback HTTP client: {e}"))
}

/// POSTs a prepared callback; a failure is reported in the result, never raised.
pub(crate) async fn deliver(client: &Result<reqwest::Client, String>, p: Prepared) -> CallbackDelivery {
    let mut delivery = CallbackDelivery {
        url: p.url.clone(),
        format: p.format,
        content_type: p.content_type.clone(),
        body: String::from_utf8_lossy(&p.body).into_owned(),
        verify_hash: p.verify_hash.clone(),
        status: None,
        response_body: None,
        error: None,
    };
    let client = match client {
        Ok(c) => c,
        Err(e) => {
            delivery.error = Some(e.clone());
            return delivery;
        }
    };
    match client.post(&p.url).header(CONTENT_TYPE, &p.content_type).body(p.body).send().await {
        Ok(resp) => {
            delivery.status = Some(resp.status().as_u16());
            match resp.text().await {
                Ok(text) => delivery.response_body = Some(truncate(text, 4096)),
                Err(e) => delivery.error = Some(format!("reading the receiver's answer failed: {e}")),
            }
        }
        Err(e) => delivery.error = Some(describe(&e)),
    }
    delivery
}

fn truncate(mut s: String, max: usize) -> String {
    if s.len() > max {
        let mut cut = max;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
    s
}

fn describe(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timeout"
    } else if e.is_connect() {
        "connection failed"
    } else if e.is_builder() {
        "invalid callback URL"
    } else {
        "delivery failed"
    };
    let mut text = format!("{kind}: {e}");
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_selection() {
        assert_eq!(CallbackFormat::choose(None, "http://127.0.0.1:1/cb?json=true"), CallbackFormat::Json);
        assert_eq!(CallbackFormat::choose(None, "http://127.0.0.1:1/cb"), CallbackFormat::Multipart);
        assert_eq!(CallbackFormat::choose(Some(CallbackFormat::Urlencoded), "http://127.0.0.1:1/cb?json=true"), CallbackFormat::Urlencoded);
    }

    #[test]
    fn php_json_escapes_slashes() {
        assert_eq!(php_json_array(&["https://a.b/c".to_owned()]), r#"["https:\/\/a.b\/c"]"#);
    }
}
