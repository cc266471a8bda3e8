//! Verifying Plisio callbacks (`verify_hash`) in both delivery modes, and typed callback events.
//!
//! * JSON mode (`json=true` in the callback URL): HMAC-SHA1 over the compact JSON without
//!   `verify_hash` (plisio-api.md §5.4). The raw body is checked first, byte for byte, with the
//!   `verify_hash` member cut out; re-serialisations that other Plisio clients use are tried after.
//! * Form mode (default; `multipart/form-data` or `application/x-www-form-urlencoded`): HMAC-SHA1 over
//!   PHP `serialize()` of the `ksort`ed fields with `tx_urls` entity-decoded (§5.5).
//!
//! Comparison is constant-time. Always pass the RAW request body, never a parsed object.

pub mod multipart;
pub mod php;
pub mod sign;

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sha1::Sha1;

use crate::de;
use crate::error::{Error, Result, SignatureFailure};
use crate::models::RawJson;
use crate::models::opt_status;
use crate::types::{IpnType, Status};

type HmacSha1 = Hmac<Sha1>;

/// How a callback body is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CallbackFormat {
    /// `application/json` (`json=true` in the callback URL).
    Json,
    /// `application/x-www-form-urlencoded`.
    #[serde(rename = "urlencoded")]
    UrlEncoded,
    /// `multipart/form-data` (Plisio's default for deposits).
    Multipart,
}

/// A verified callback: an invoice status change (`ipn_type = invoice`) or a white-label deposit
/// (`ipn_type = pay_in`). Fields the callback did not carry are `None`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct CallbackEvent {
    /// `invoice` or `pay_in` (an unknown value is kept in `IpnType::Other`; a missing one means invoice).
    #[serde(default = "invoice_kind", deserialize_with = "opt_ipn_type")]
    pub ipn_type: IpnType,
    /// Plisio transaction (invoice) ID.
    #[serde(default, deserialize_with = "de::opt_text")]
    pub txn_id: Option<String>,
    /// Status (`completed`, `mismatch`, `expired`, …).
    #[serde(default, deserialize_with = "opt_status")]
    pub status: Option<Status>,
    /// Amount in the coin.
    #[serde(default, deserialize_with = "de::opt_decimal")]
    pub amount: Option<Decimal>,
    /// Coin code (or ID; Plisio sends `USDT_TRX` here for deposits).
    #[serde(default, deserialize_with = "de::opt_text")]
    pub currency: Option<String>,
    /// Coin ID.
    #[serde(default, deserialize_with = "de::opt_text")]
    pub psys_cid: Option<String>,
    /// Amount in fiat.
    #[serde(default, deserialize_with = "de::opt_decimal")]
    pub source_amount: Option<Decimal>,
    /// Fiat currency.
    #[serde(default, deserialize_with = "de::opt_text")]
    pub source_currency: Option<String>,
    /// Rate coin → fiat.
    #[serde(default, deserialize_with = "de::opt_decimal")]
    pub source_rate: Option<Decimal>,
    /// Invoice: merchant order number.
    #[serde(default, deserialize_with = "de::opt_text")]
    pub order_number: Option<String>,
    /// Invoice: merchant order name.
    #[serde(default, deserialize_with = "de::opt_text")]
    pub order_name: Option<String>,
    /// Deposit: your user id.
    #[serde(default, deserialize_with = "de::opt_text")]
    pub deposit_uid: Option<String>,
    /// Deposit: sum credited.
    #[serde(default, deserialize_with = "de::opt_decimal")]
    pub deposit_sum: Option<Decimal>,
    /// Confirmations.
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub confirmations: Option<i64>,
    /// Confirmations required.
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub expected_confirmations: Option<i64>,
    /// Plisio commission.
    #[serde(default, deserialize_with = "de::opt_decimal")]
    pub invoice_commission: Option<Decimal>,
    /// Sum credited to the shop.
    #[serde(default, deserialize_with = "de::opt_decimal")]
    pub invoice_sum: Option<Decimal>,
    /// Total paid.
    #[serde(default, deserialize_with = "de::opt_decimal")]
    pub invoice_total_sum: Option<Decimal>,
    /// Amount not yet confirmed.
    #[serde(default, deserialize_with = "de::opt_decimal")]
    pub pending_amount: Option<Decimal>,
    /// The receiving address.
    #[serde(default, deserialize_with = "de::opt_text")]
    pub wallet_hash: Option<String>,
    /// Explorer links (an array in JSON mode, a JSON string in form mode: always a list here).
    #[serde(default, deserialize_with = "de::string_list")]
    pub tx_urls: Vec<String>,
    /// Free-text comment with the dashboard link.
    #[serde(default, deserialize_with = "de::opt_text")]
    pub comment: Option<String>,
    /// Shop name.
    #[serde(default, deserialize_with = "de::opt_text")]
    pub merchant: Option<String>,
    /// Shop ID.
    #[serde(default, deserialize_with = "de::opt_text")]
    pub merchant_id: Option<String>,
    /// Invoice expiry (`expire_utc`).
    #[serde(default, rename(deserialize = "expire_utc"), deserialize_with = "de::opt_timestamp")]
    pub expire_at: Option<DateTime<Utc>>,
    /// The signature that was verified.
    #[serde(default, deserialize_with = "de::opt_text")]
    pub verify_hash: Option<String>,
    /// How the body was encoded.
    #[serde(skip_deserializing, default = "json_format")]
    pub format: CallbackFormat,
    /// Every field as received (JSON mode: the body; form mode: an object of the string fields).
    #[serde(skip_deserializing)]
    pub raw: RawJson,
}

fn opt_ipn_type<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<IpnType, D::Error> {
    Ok(de::opt_text(d)?.map(IpnType::from).unwrap_or(IpnType::Invoice))
}

fn invoice_kind() -> IpnType {
    IpnType::Invoice
}

fn json_format() -> CallbackFormat {
    CallbackFormat::Json
}

impl CallbackEvent {
    /// True for a white-label deposit (`pay_in`).
    pub fn is_pay_in(&self) -> bool {
        self.ipn_type == IpnType::PayIn
    }

    /// True for an invoice status callback.
    pub fn is_invoice(&self) -> bool {
        self.ipn_type == IpnType::Invoice
    }

    /// True when the status means the money arrived (`completed` or `mismatch` = overpaid).
    pub fn is_paid(&self) -> bool {
        self.status.as_ref().is_some_and(Status::is_paid)
    }
}

/// Detect the body format from the content type, falling back to the body itself.
pub fn detect_format(body: &[u8], content_type: Option<&str>) -> CallbackFormat {
    let first = body.iter().find(|b| !b.is_ascii_whitespace()).copied();
    if first == Some(b'{') {
        return CallbackFormat::Json;
    }
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    if ct.contains("multipart/") || (ct.is_empty() && body.starts_with(b"--") && multipart::sniff_boundary(body).is_some()) {
        return CallbackFormat::Multipart;
    }
    if ct.contains("json") {
        return CallbackFormat::Json;
    }
    CallbackFormat::UrlEncoded
}

/// A verifier keyed once with the secret; reuse it for many callbacks (cheaper than [`verify`]).
#[derive(Clone)]
pub struct Verifier {
    mac: HmacSha1,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Verifier { secret: *** }")
    }
}

impl Verifier {
    /// A verifier for the shop's secret API key. Fails on an empty secret.
    pub fn new(secret: &str) -> Result<Verifier> {
        if secret.is_empty() {
            return Err(Error::signature(SignatureFailure::EmptySecret, "the secret (your shop's secret API key) is empty"));
        }
        Ok(Verifier { mac: HmacSha1::new_from_slice(secret.as_bytes()).expect("HMAC accepts any key length") })
    }

    /// Verify a raw callback body and return the typed event.
    pub fn verify(&self, body: &[u8], content_type: Option<&str>) -> Result<CallbackEvent> {
        precheck(body)?;
        match detect_format(body, content_type) {
            CallbackFormat::Json => self.verify_json(body),
            CallbackFormat::UrlEncoded => {
                let fields = parse_urlencoded(body)?;
                self.verify_fields(fields, CallbackFormat::UrlEncoded)
            }
            CallbackFormat::Multipart => {
                let boundary = content_type
                    .and_then(multipart::boundary)
                    .or_else(|| multipart::sniff_boundary(body))
                    .ok_or_else(|| Error::signature(SignatureFailure::Malformed, "multipart body without a boundary"))?;
                let fields = multipart::parse(body, &boundary).map_err(|m| Error::signature(SignatureFailure::Malformed, m))?;
                self.verify_fields(fields, CallbackFormat::Multipart)
            }
        }
    }

    /// Check only the signature of a raw callback body (no decoding into an event).
    pub fn check_signature(&self, body: &[u8], content_type: Option<&str>) -> Result<()> {
        precheck(body)?;
        match detect_format(body, content_type) {
            CallbackFormat::Json => self.check_json(body).map(|_| ()),
            _ => self.verify(body, content_type).map(|_| ()),
        }
    }

    fn check_json<'a>(&self, body: &'a [u8]) -> Result<&'a str> {
        let text = std::str::from_utf8(body).map_err(|_| Error::signature(SignatureFailure::Malformed, "the JSON body is not UTF-8"))?;
        let cut = cut_verify_hash(text)?;
        let expected = decode_hex(cut.hash);
        let matches = |parts: &[&[u8]]| expected.as_ref().is_some_and(|exp| self.check(parts, exp));
        if !(matches(&[cut.before.as_bytes(), cut.after.as_bytes()]) || json_fallbacks(text).iter().any(|m| matches(&[m.as_bytes()]))) {
            return Err(mismatch());
        }
        Ok(text)
    }

    /// Verify a JSON-mode body.
    pub fn verify_json(&self, body: &[u8]) -> Result<CallbackEvent> {
        precheck(body)?;
        let text = self.check_json(body)?;
        let mut event: CallbackEvent = serde_json::from_str(text)
            .map_err(|e| Error::signature(SignatureFailure::Malformed, format!("signature valid but fields undecodable: {e}")))?;
        event.raw = RawJson::from_validated(text);
        event.format = CallbackFormat::Json;
        Ok(event)
    }

    fn verify_fields(&self, fields: Vec<(String, String)>, format: CallbackFormat) -> Result<CallbackEvent> {
        let hash = fields
            .iter()
            .rev()
            .find(|(k, _)| k == "verify_hash")
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| Error::signature(SignatureFailure::MissingHash, "the callback has no verify_hash field"))?;
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let signed = php::signed_fields(&pairs);
        let message = php::serialize(signed.iter().map(|(k, v)| (*k, v.as_ref())), signed.len());
        let ok = decode_hex(hash).is_some_and(|exp| self.check(&[&message], &exp));
        if !ok {
            return Err(mismatch());
        }
        // The event, from the same deduplicated fields (JSON text of strings, then typed decoding).
        let mut text = String::with_capacity(message.len() + 64);
        text.push('{');
        for (k, v) in signed.iter().map(|(k, v)| (*k, v.as_ref())).chain(std::iter::once(("verify_hash", hash))) {
            if text.len() > 1 {
                text.push(',');
            }
            push_json_string(&mut text, k);
            text.push(':');
            push_json_string(&mut text, v);
        }
        text.push('}');
        let mut event: CallbackEvent = serde_json::from_str(&text)
            .map_err(|e| Error::signature(SignatureFailure::Malformed, format!("signature valid but fields undecodable: {e}")))?;
        event.raw = RawJson::from_validated(&text);
        event.format = format;
        Ok(event)
    }

    fn check(&self, message: &[&[u8]], expected: &[u8; 20]) -> bool {
        let mut mac = self.mac.clone();
        for part in message {
            mac.update(part);
        }
        mac.verify_slice(expected).is_ok()
    }
}

/// Verify a raw callback body with the shop's secret API key and return the typed event.
///
/// `content_type` is the request's `Content-Type` header; without it the format is detected from the
/// body. Errors are [`Error::Signature`] with a [`SignatureFailure`] reason.
pub fn verify(body: &[u8], content_type: Option<&str>, secret: &str) -> Result<CallbackEvent> {
    Verifier::new(secret)?.verify(body, content_type)
}

/// Append `s` as a JSON string literal.
fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let esc = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if esc.is_empty() {
            out.push_str(&format!("\\u{b:04x}"));
        } else {
            out.push_str(esc);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

fn mismatch() -> Error {
    Error::signature(SignatureFailure::Mismatch, "verify_hash does not match the body: wrong secret, or the body was altered or re-encoded")
}

fn precheck(body: &[u8]) -> Result<()> {
    let trimmed = body.trim_ascii();
    if trimmed.is_empty() {
        return Err(Error::signature(SignatureFailure::EmptyBody, "the callback body is empty"));
    }
    // What arrives when a framework already parsed the body and it was stringified again.
    let looks_parsed = trimmed == b"[object Object]"
        || trimmed.starts_with(b"{'")
        || trimmed.starts_with(b"{u'")
        || trimmed.starts_with(b"<QueryDict")
        || trimmed.starts_with(b"ImmutableMultiDict")
        || trimmed.starts_with(b"FormData");
    if looks_parsed {
        return Err(Error::signature(
            SignatureFailure::NotRawBody,
            "this is not the raw request body (it looks like an already-parsed object); pass the exact bytes Plisio sent",
        ));
    }
    Ok(())
}

fn parse_urlencoded(body: &[u8]) -> Result<Vec<(String, String)>> {
    if !body.contains(&b'=') {
        return Err(Error::signature(SignatureFailure::Malformed, "the body is neither JSON nor form data"));
    }
    Ok(form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
}

/// A JSON text with its `"verify_hash":"…"` member cut out: `before` + `after` is the signed message.
struct Cut<'a> {
    hash: &'a str,
    before: &'a str,
    after: &'a str,
}

/// Split `"verify_hash":"…"` out of a JSON text (no copy).
fn cut_verify_hash(text: &str) -> Result<Cut<'_>> {
    const KEY: &str = "\"verify_hash\"";
    let missing = || Error::signature(SignatureFailure::MissingHash, "the callback has no verify_hash field");
    let key_at = text.rfind(KEY).ok_or_else(missing)?;
    let bytes = text.as_bytes();
    let mut i = key_at + KEY.len();
    let skip_ws = |mut i: usize| {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    i = skip_ws(i);
    if bytes.get(i) != Some(&b':') {
        return Err(missing());
    }
    i = skip_ws(i + 1);
    if bytes.get(i) != Some(&b'"') {
        return Err(Error::signature(SignatureFailure::Malformed, "verify_hash is not a string"));
    }
    let value_start = i + 1;
    let value_end = text[value_start..].find('"').map(|e| value_start + e).ok_or_else(missing)?;
    let hash = &text[value_start..value_end];
    let member_end = value_end + 1;
    // Remove the member with the comma before it, or the one after it when it is first.
    let mut before = key_at;
    while before > 0 && bytes[before - 1].is_ascii_whitespace() {
        before -= 1;
    }
    if before > 0 && bytes[before - 1] == b',' {
        Ok(Cut { hash, before: &text[..before - 1], after: &text[member_end..] })
    } else {
        let mut after = skip_ws(member_end);
        if bytes.get(after) == Some(&b',') {
            after = skip_ws(after + 1);
        }
        Ok(Cut { hash, before: &text[..key_at], after: &text[after..] })
    }
}

/// Re-serialisations of the body that other Plisio integrations sign (tried only when the exact
/// bytes do not match): JS `JSON.stringify` of the parsed object, the same with `\uXXXX` escapes,
/// and the official Node SDK's sorted-keys/all-strings form.
fn json_fallbacks(text: &str) -> Vec<String> {
    let Ok(pairs) = crate::models::OrderedPairs::parse(text) else { return Vec::new() };
    let mut values: Vec<(String, serde_json::Value)> = Vec::with_capacity(pairs.len());
    for (k, v) in pairs {
        if k == "verify_hash" {
            continue;
        }
        let Ok(value) = serde_json::from_str::<serde_json::Value>(v.get()) else { return Vec::new() };
        values.push((k, value));
    }
    let compact = |items: &[(String, serde_json::Value)]| {
        let mut s = String::from("{");
        for (i, (k, v)) in items.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            s.push_str(&serde_json::to_string(k).unwrap_or_default());
            s.push(':');
            s.push_str(&serde_json::to_string(v).unwrap_or_default());
        }
        s.push('}');
        s
    };
    let js = compact(&values);
    let escaped = escape_non_ascii(&js);
    let mut sorted: Vec<(String, serde_json::Value)> = values
        .iter()
        .map(|(k, v)| {
            let s = match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => "null".to_owned(),
                other => other.to_string(),
            };
            (k.clone(), serde_json::Value::String(s))
        })
        .collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let node = compact(&sorted);
    let mut out = vec![js];
    if escaped != out[0] {
        out.push(escaped);
    }
    if !out.contains(&node) {
        out.push(node);
    }
    out
}

fn escape_non_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

fn decode_hex(hex: &str) -> Option<[u8; 20]> {
    let bytes = hex.trim().as_bytes();
    if bytes.len() != 40 {
        return None;
    }
    let mut out = [0u8; 20];
    for (i, pair) in bytes.chunks_exact(2).enumerate() {
        let hi = (pair[0] as char).to_digit(16)?;
        let lo = (pair[1] as char).to_digit(16)?;
        out[i] = (hi * 16 + lo) as u8;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) const SECRET: &str = "8LEfCIhEwSApKj02NM0jI-1urGthaqprSArbfzTAcvAIpMQu_jGTkXEyE3TE26Ip";
    const MESSAGE: &str = r#"{"amount":"15.300000","comment":"Invoice details: https://plisio.loc/account/transactions/61b19fd3f609ba61f4282547","confirmations":"0","currency":"USDT","ipn_type":"invoice","merchant":"Test shop","merchant_id":"5d09fcd84f1e66138d706ed8","order_name":"test USDT","order_number":"21120906","psys_cid":"USDT","source_amount":"15.00","source_currency":"USD","source_rate":"1.000000","status":"completed","txn_id":"61b19fd3f609ba61f4282547"}"#;
    const HASH: &str = "6c53ff3472d694bfa13851ef266ec67389d25e2f";

    fn body() -> String {
        format!("{},\"verify_hash\":\"{HASH}\"}}", &MESSAGE[..MESSAGE.len() - 1])
    }

    #[test]
    fn published_vector() {
        assert_eq!(sign::hmac_sha1_hex(SECRET, MESSAGE.as_bytes()), HASH);
        let ev = verify(body().as_bytes(), Some("application/json"), SECRET).unwrap();
        assert_eq!(ev.txn_id.as_deref(), Some("61b19fd3f609ba61f4282547"));
        assert_eq!(ev.amount.unwrap().to_string(), "15.300000");
        assert_eq!(ev.status, Some(Status::Completed));
        assert!(ev.is_invoice() && ev.is_paid());
        assert_eq!(ev.format, CallbackFormat::Json);
        // Same vector with verify_hash first, and pretty-printed: still valid.
        let first = format!("{{\"verify_hash\":\"{HASH}\",{}", &MESSAGE[1..]);
        assert!(verify(first.as_bytes(), None, SECRET).is_ok());
        let pretty = serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(&body()).unwrap()).unwrap();
        assert!(verify(pretty.as_bytes(), None, SECRET).is_ok());
    }

    #[test]
    fn tampering_and_misuse() {
        let tampered = body().replace("15.300000", "15.300001");
        assert!(matches!(verify(tampered.as_bytes(), None, SECRET), Err(Error::Signature { reason: SignatureFailure::Mismatch, .. })));
        assert!(matches!(verify(body().as_bytes(), None, "wrong"), Err(Error::Signature { reason: SignatureFailure::Mismatch, .. })));
        assert!(matches!(verify(MESSAGE.as_bytes(), None, SECRET), Err(Error::Signature { reason: SignatureFailure::MissingHash, .. })));
        assert!(matches!(verify(body().as_bytes(), None, ""), Err(Error::Signature { reason: SignatureFailure::EmptySecret, .. })));
        assert!(matches!(verify(b"[object Object]", None, SECRET), Err(Error::Signature { reason: SignatureFailure::NotRawBody, .. })));
        assert!(matches!(verify(b"{'amount': '1'}", None, SECRET), Err(Error::Signature { reason: SignatureFailure::NotRawBody, .. })));
        assert!(matches!(verify(b"  ", None, SECRET), Err(Error::Signature { reason: SignatureFailure::EmptyBody, .. })));
    }

    #[test]
    fn form_modes_from_the_worked_example() {
        let fields: Vec<(String, String)> = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(MESSAGE)
            .unwrap()
            .into_iter()
            .map(|(k, v)| (k, v.as_str().unwrap().to_owned()))
            .collect();
        assert_eq!(sign::sign_form(&fields, SECRET), "c10d8907259db5e675620acdf1da112959e39a0a");
        let mut with_urls = fields.clone();
        with_urls.push(("tx_urls".into(), "[&quot;https:\\/\\/tronscan.org\\/tx\\/abc&quot;]".into()));
        assert_eq!(sign::sign_form(&with_urls, SECRET), "b99375f25123cfed105e65c84b44dc13b853a335");
        let signed = sign::form_fields(&with_urls, SECRET);
        let body = sign::encode_urlencoded(&signed);
        let ev = verify(body.as_bytes(), Some("application/x-www-form-urlencoded"), SECRET).unwrap();
        assert_eq!(ev.tx_urls, vec!["https://tronscan.org/tx/abc"]);
        assert_eq!(ev.format, CallbackFormat::UrlEncoded);
        let (ct, mp) = sign::encode_multipart(&signed, "----plisio0");
        let ev = verify(&mp, Some(&ct), SECRET).unwrap();
        assert_eq!(ev.format, CallbackFormat::Multipart);
        assert_eq!(ev.order_number.as_deref(), Some("21120906"));
        assert!(verify(&mp, None, SECRET).is_ok(), "multipart is detected without a content type");
        let tampered = body.replace("15.300000", "16.300000");
        assert!(matches!(verify(tampered.as_bytes(), None, SECRET), Err(Error::Signature { reason: SignatureFailure::Mismatch, .. })));
    }

    #[test]
    fn form_values_with_quotes_backslashes_and_controls_reach_the_event_intact() {
        let fields = vec![
            ("order_name".to_owned(), "say \"hi\" \\ tab\tnl\nbell\u{7}".to_owned()),
            ("order_number".to_owned(), "1".to_owned()),
            ("order_number".to_owned(), "2".to_owned()),
        ];
        let body = sign::encode_urlencoded(&sign::form_fields(&fields, SECRET));
        let ev = verify(body.as_bytes(), None, SECRET).unwrap();
        assert_eq!(ev.order_name.as_deref(), Some("say \"hi\" \\ tab\tnl\nbell\u{7}"));
        assert_eq!(ev.order_number.as_deref(), Some("2"), "the last duplicate wins, as in PHP");
    }

    #[test]
    fn non_ascii_json_both_escapings() {
        let mut payload = serde_json::Map::new();
        payload.insert("ipn_type".into(), "pay_in".into());
        payload.insert("deposit_uid".into(), "用户-é".into());
        payload.insert("amount".into(), "2.000000".into());
        let body = sign::json_body(&payload, SECRET);
        let ev = verify(body.as_bytes(), Some("application/json"), SECRET).unwrap();
        assert!(ev.is_pay_in());
        assert_eq!(ev.deposit_uid.as_deref(), Some("用户-é"));
        // Escaped as PHP's default json_encode would, signed over the escaped text.
        let escaped_msg = escape_non_ascii(&serde_json::to_string(&payload).unwrap());
        let hash = sign::hmac_sha1_hex(SECRET, escaped_msg.as_bytes());
        let escaped_body = format!("{},\"verify_hash\":\"{hash}\"}}", &escaped_msg[..escaped_msg.len() - 1]);
        assert!(verify(escaped_body.as_bytes(), None, SECRET).is_ok());
        // Signed raw, delivered escaped (a re-encoding proxy): the fallback accepts it.
        let reencoded = escape_non_ascii(&body);
        assert!(verify(reencoded.as_bytes(), None, SECRET).is_ok());
    }
}
