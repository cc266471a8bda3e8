//! Producing signed callbacks the way Plisio does. Used by the sandbox and by tests; users only need
//! [`crate::callback::verify`].

use hmac::{Hmac, Mac};
use sha1::Sha1;

use super::php;

type HmacSha1 = Hmac<Sha1>;

/// Lowercase hex HMAC-SHA1 of `message` keyed with `secret` (Plisio's `verify_hash` primitive).
pub fn hmac_sha1_hex(secret: &str, message: &[u8]) -> String {
    let mut mac = HmacSha1::new_from_slice(secret.as_bytes()).expect("HMAC accepts keys of any length");
    mac.update(message);
    to_hex(&mac.finalize().into_bytes())
}

/// Lowercase hex of `bytes`.
pub fn to_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 0x0f) as usize] as char);
    }
    out
}

/// The `verify_hash` of a JSON-mode callback: HMAC over the compact JSON of `payload`
/// (an object without `verify_hash`), keys in the object's order, slashes and non-ASCII unescaped.
pub fn sign_json(payload: &serde_json::Map<String, serde_json::Value>, secret: &str) -> String {
    let compact = serde_json::to_string(payload).expect("a JSON map always serialises");
    hmac_sha1_hex(secret, compact.as_bytes())
}

/// A complete JSON-mode callback body as Plisio sends it: the payload's keys, then `verify_hash` last.
///
/// Panics if `payload` already contains `verify_hash` (a programming error in the caller).
pub fn json_body(payload: &serde_json::Map<String, serde_json::Value>, secret: &str) -> String {
    assert!(!payload.contains_key("verify_hash"), "payload must not contain verify_hash");
    let compact = serde_json::to_string(payload).expect("a JSON map always serialises");
    let hash = hmac_sha1_hex(secret, compact.as_bytes());
    let mut body = compact;
    body.pop(); // the closing brace
    if body.len() > 1 {
        body.push(',');
    }
    body.push_str("\"verify_hash\":\"");
    body.push_str(&hash);
    body.push_str("\"}");
    body
}

/// The `verify_hash` of a form-mode callback: HMAC over PHP `serialize()` of the `ksort`ed fields
/// (without `verify_hash`), with `tx_urls` HTML-entity-decoded first, exactly as Plisio's PHP plugins do.
/// `fields` hold the values as they travel (so `tx_urls` may still carry entities).
pub fn sign_form<K: AsRef<str>, V: AsRef<str>>(fields: &[(K, V)], secret: &str) -> String {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_ref(), v.as_ref())).collect();
    let message = php::form_message(&pairs);
    hmac_sha1_hex(secret, &message)
}

/// The fields of a form-mode callback with `verify_hash` appended, ready to encode with
/// [`encode_urlencoded`] or [`encode_multipart`].
pub fn form_fields<K: AsRef<str>, V: AsRef<str>>(fields: &[(K, V)], secret: &str) -> Vec<(String, String)> {
    let hash = sign_form(fields, secret);
    let mut out: Vec<(String, String)> =
        fields.iter().filter(|(k, _)| k.as_ref() != "verify_hash").map(|(k, v)| (k.as_ref().to_owned(), v.as_ref().to_owned())).collect();
    out.push(("verify_hash".to_owned(), hash));
    out
}

/// `application/x-www-form-urlencoded` body of `fields`, as PHP's `http_build_query` would send it.
pub fn encode_urlencoded(fields: &[(String, String)]) -> String {
    let mut ser = form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        ser.append_pair(k, v);
    }
    ser.finish()
}

/// `multipart/form-data` body of `fields` with the given boundary. Returns `(content_type, body)`.
pub fn encode_multipart(fields: &[(String, String)], boundary: &str) -> (String, Vec<u8>) {
    let mut body = Vec::with_capacity(fields.iter().map(|(k, v)| k.len() + v.len() + 96).sum());
    for (k, v) in fields {
        body.extend_from_slice(b"--");
        body.extend_from_slice(boundary.as_bytes());
        body.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
        body.extend_from_slice(k.as_bytes());
        body.extend_from_slice(b"\"\r\n\r\n");
        body.extend_from_slice(v.as_bytes());
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(b"--");
    body.extend_from_slice(boundary.as_bytes());
    body.extend_from_slice(b"--\r\n");
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// PHP's `htmlspecialchars` with `ENT_QUOTES` (how `tx_urls` travels in form mode).
pub fn html_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 16);
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#039;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}
