//! Lenient, exact deserializers for Plisio's unstable field types (plisio-api.md §7).
//!
//! Every helper reads the field as raw JSON text (`&RawValue`), so numbers are parsed from their
//! digits and never through `f64`. Models are always decoded from a byte slice or `&str`.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

use crate::money::parse_decimal_text;

/// Values above this are milliseconds, not seconds (year 5138 in seconds).
pub(crate) const MILLIS_THRESHOLD: i64 = 100_000_000_000;

/// One JSON value, classified.
pub(crate) enum Lenient<'a> {
    Null,
    Bool(bool),
    Number(&'a str),
    Str(Cow<'a, str>),
    Array(&'a str),
    Object(&'a str),
}

pub(crate) fn classify(raw: &RawValue) -> Result<Lenient<'_>, serde_json::Error> {
    let text = raw.get();
    Ok(match text.as_bytes().first() {
        Some(b'n') => Lenient::Null,
        Some(b't') => Lenient::Bool(true),
        Some(b'f') => Lenient::Bool(false),
        Some(b'"') => {
            // Fast path: a string without escapes is the text between its quotes.
            let inner = &text[1..text.len() - 1];
            if inner.contains('\\') {
                Lenient::Str(serde_json::from_str::<Cow<'_, str>>(text)?)
            } else {
                Lenient::Str(Cow::Borrowed(inner))
            }
        }
        Some(b'[') => Lenient::Array(text),
        Some(b'{') => Lenient::Object(text),
        _ => Lenient::Number(text),
    })
}

fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Lenient<'de>, D::Error> {
    let raw: &'de RawValue = Deserialize::deserialize(d)?;
    classify(raw).map_err(D::Error::custom)
}

/// Strings Plisio uses to mean "nothing".
fn is_nothing(s: &str) -> bool {
    matches!(s.trim(), "" | "null" | "false" | "undefined")
}

pub(crate) fn decimal_from(v: Lenient<'_>) -> Result<Option<Decimal>, String> {
    match v {
        Lenient::Null | Lenient::Bool(false) => Ok(None),
        Lenient::Number(n) => parse_decimal_text(n).map(Some),
        Lenient::Str(s) if is_nothing(&s) => Ok(None),
        Lenient::Str(s) => parse_decimal_text(&s).map(Some),
        Lenient::Array(a) if a.trim() == "[]" => Ok(None),
        _ => Err("expected a decimal amount".into()),
    }
}

/// `"0.001"`, `0.001`, `null`, `""`, `"null"`, `"false"` → `Option<Decimal>`, exactly.
pub(crate) fn opt_decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    decimal_from(read(d)?).map_err(D::Error::custom)
}

/// Any scalar as text: ids that are sometimes ints, sometimes strings.
pub(crate) fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match read(d)? {
        Lenient::Null => None,
        Lenient::Bool(b) => Some(b.to_string()),
        Lenient::Number(n) => Some(n.to_owned()),
        Lenient::Str(s) => Some(s.into_owned()),
        Lenient::Array(a) if a.trim() == "[]" => None,
        Lenient::Array(t) | Lenient::Object(t) => Some(t.to_owned()),
    })
}

/// Like [`opt_string`] but `""`/`"null"` become `None` too.
pub(crate) fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(opt_string(d)?.filter(|s| !matches!(s.as_str(), "" | "null")))
}

/// Required text (ids, statuses): a missing value is an error; numbers become their digits.
pub(crate) fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    opt_string(d)?.ok_or_else(|| D::Error::custom("expected a string, found null"))
}

pub(crate) fn i64_from(v: Lenient<'_>) -> Result<Option<i64>, String> {
    let parse = |s: &str| -> Result<Option<i64>, String> {
        let t = s.trim();
        if let Ok(n) = t.parse::<i64>() {
            return Ok(Some(n));
        }
        // "3.0" or 3.0: integral decimals are fine, fractions are not.
        match parse_decimal_text(t) {
            Ok(d) if d.fract().is_zero() => i64::try_from(d.trunc()).map(Some).map_err(|e| e.to_string()),
            _ => Err(format!("expected an integer, found {t:?}")),
        }
    };
    match v {
        Lenient::Null => Ok(None),
        Lenient::Bool(b) => Ok(Some(b as i64)),
        Lenient::Number(n) => parse(n),
        Lenient::Str(s) if is_nothing(&s) => Ok(None),
        Lenient::Str(s) => parse(&s),
        _ => Err("expected an integer".into()),
    }
}

/// `3`, `"3"`, `null`, `""` → `Option<i64>`.
pub(crate) fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    i64_from(read(d)?).map_err(D::Error::custom)
}

/// `true`, `"true"`, `1`, `"1"`, `false`, `"false"`, `0`, `"null"`, `null` → `Option<bool>`.
pub(crate) fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    let from_text = |s: &str| match s.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => Ok(Some(true)),
        "false" | "0" | "no" => Ok(Some(false)),
        "" | "null" => Ok(None),
        other => Err(D::Error::custom(format!("expected a boolean, found {other:?}"))),
    };
    match read(d)? {
        Lenient::Null => Ok(None),
        Lenient::Bool(b) => Ok(Some(b)),
        Lenient::Number(n) => from_text(n),
        Lenient::Str(s) => from_text(&s),
        _ => Err(D::Error::custom("expected a boolean")),
    }
}

/// Convert unix seconds or milliseconds to a UTC date-time (values above 10^11 are milliseconds).
pub fn timestamp_from_unix(value: i64) -> Option<DateTime<Utc>> {
    if value.abs() > MILLIS_THRESHOLD { DateTime::from_timestamp_millis(value) } else { DateTime::from_timestamp(value, 0) }
}

/// `1591707445`, `"1591707445"`, `1591707445000`, `null`, `""` → `Option<DateTime<Utc>>`.
pub(crate) fn opt_timestamp<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    match i64_from(read(d)?).map_err(D::Error::custom)? {
        None | Some(0) => Ok(None),
        Some(n) => timestamp_from_unix(n).map(Some).ok_or_else(|| D::Error::custom(format!("timestamp {n} out of range"))),
    }
}

pub(crate) fn string_list_from(v: Lenient<'_>) -> Result<Vec<String>, String> {
    match v {
        Lenient::Null | Lenient::Bool(false) => Ok(Vec::new()),
        Lenient::Str(s) => {
            let t = s.trim();
            if is_nothing(t) {
                Ok(Vec::new())
            } else if t.starts_with('[') {
                // A JSON array carried in a string (form-mode `tx_urls`).
                let raw: Box<RawValue> = serde_json::from_str(t).map_err(|e| e.to_string())?;
                string_list_from(classify(&raw).map_err(|e| e.to_string())?)
            } else {
                Ok(vec![t.to_owned()])
            }
        }
        Lenient::Array(a) => {
            let items: Vec<&RawValue> = serde_json::from_str(a).map_err(|e| e.to_string())?;
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                match classify(item).map_err(|e| e.to_string())? {
                    Lenient::Null => {}
                    Lenient::Str(s) => out.push(s.into_owned()),
                    Lenient::Number(n) => out.push(n.to_owned()),
                    _ => return Err("expected a list of strings".into()),
                }
            }
            Ok(out)
        }
        Lenient::Number(n) => Ok(vec![n.to_owned()]),
        _ => Err("expected a string or a list of strings".into()),
    }
}

/// `"url"`, `["url", …]`, `"[\"url\"]"`, `null` → `Vec<String>` (e.g. `tx_url`, `tx_urls`, `tx_id`).
pub(crate) fn string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    string_list_from(read(d)?).map_err(D::Error::custom)
}

/// An object, or `[]`/`null`/absent for an empty one (PHP `json_encode` of an empty array).
pub(crate) fn object_or_empty<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    match read(d)? {
        Lenient::Null | Lenient::Bool(false) => Ok(None),
        Lenient::Array(a) if a.trim_start_matches('[').trim_end_matches(']').trim().is_empty() => Ok(None),
        Lenient::Object(o) => serde_json::from_str(o).map(Some).map_err(D::Error::custom),
        Lenient::Str(s) if is_nothing(&s) => Ok(None),
        _ => Err(D::Error::custom("expected an object")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct T {
        #[serde(default, deserialize_with = "opt_decimal")]
        d: Option<Decimal>,
        #[serde(default, deserialize_with = "opt_i64")]
        i: Option<i64>,
        #[serde(default, deserialize_with = "opt_bool")]
        b: Option<bool>,
        #[serde(default, deserialize_with = "string_list")]
        l: Vec<String>,
        #[serde(default, deserialize_with = "opt_timestamp")]
        t: Option<DateTime<Utc>>,
        #[serde(default, deserialize_with = "opt_string")]
        s: Option<String>,
    }

    fn t(json: &str) -> T {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn decimals_exact_from_numbers_and_strings() {
        assert_eq!(t(r#"{"d":0.00014243}"#).d.unwrap().to_string(), "0.00014243");
        assert_eq!(t(r#"{"d":"0.003010710000000000"}"#).d.unwrap().to_string(), "0.003010710000000000");
        assert_eq!(t(r#"{"d":0}"#).d.unwrap().to_string(), "0");
        assert_eq!(t(r#"{"d":"44000000000"}"#).d.unwrap().to_string(), "44000000000");
        for nothing in [r#"{"d":null}"#, r#"{"d":""}"#, r#"{"d":"null"}"#, r#"{"d":"false"}"#, r#"{}"#] {
            assert!(t(nothing).d.is_none(), "{nothing}");
        }
        assert!(serde_json::from_str::<T>(r#"{"d":"abc"}"#).is_err());
    }

    #[test]
    fn ints_bools_lists_timestamps() {
        assert_eq!(t(r#"{"i":"37"}"#).i, Some(37));
        assert_eq!(t(r#"{"i":3}"#).i, Some(3));
        assert_eq!(t(r#"{"b":"false"}"#).b, Some(false));
        assert_eq!(t(r#"{"b":"null"}"#).b, None);
        assert_eq!(t(r#"{"b":1}"#).b, Some(true));
        assert_eq!(t(r#"{"l":"https://x/tx"}"#).l, vec!["https://x/tx"]);
        assert_eq!(t(r#"{"l":["a","b"]}"#).l, vec!["a", "b"]);
        assert_eq!(t(r#"{"l":"[\"https:\\/\\/t\\/1\"]"}"#).l, vec!["https://t/1"]);
        assert!(t(r#"{"l":null}"#).l.is_empty());
        let secs = t(r#"{"t":1591707445}"#).t.unwrap();
        let millis = t(r#"{"t":"1591707445000"}"#).t.unwrap();
        assert_eq!(secs, millis);
        assert_eq!(secs.to_rfc3339(), "2020-06-09T12:57:25+00:00");
        assert!(t(r#"{"t":null}"#).t.is_none());
        assert_eq!(t(r#"{"s":1}"#).s.as_deref(), Some("1"));
    }
}
