//! JSON text with exact decimal numbers.
//!
//! Plisio sends some amounts as JSON *numbers* (`"sum":0.00014243`, the XMR fee plan's `"value":0.000222`).
//! `serde_json::Value` can only hold those as `f64` (without the workspace-wide `arbitrary_precision`
//! feature, which would change `plisio-core` too), so the mock marks such numbers as specially prefixed
//! strings and rewrites them into bare number tokens when the final text is produced.

use std::fmt::Display;

use serde_json::Value;

/// Prefix of a string value that [`to_text`] turns into a bare JSON number.
const MARKER: &str = "\u{0}plisio-mock-number:";
/// How [`MARKER`] looks once serialised inside a JSON string literal (opening quote included).
const MARKER_ESCAPED: &str = "\"\\u0000plisio-mock-number:";

/// A JSON number written exactly as `value` displays (for example a `Decimal` → `0.00014243`).
pub(crate) fn num(value: impl Display) -> Value {
    Value::String(format!("{MARKER}{value}"))
}

/// Serialises `value` compactly, turning values made by [`num`] into bare number tokens.
pub(crate) fn to_text(value: &Value) -> String {
    let text = value.to_string();
    if !text.contains(MARKER_ESCAPED) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(pos) = rest.find(MARKER_ESCAPED) {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + MARKER_ESCAPED.len()..];
        match after.find('"') {
            Some(end) if is_number(&after[..end]) => {
                out.push_str(&after[..end]);
                rest = &after[end + 1..];
            }
            _ => {
                // Not something `num` produced (a user string that happens to look similar): keep it.
                out.push_str(&rest[pos..pos + MARKER_ESCAPED.len()]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `true` for a plain JSON number token (`-?digits[.digits]`).
fn is_number(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let mut parts = digits.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_are_written_exactly() {
        let v = json!({"a": num("0.00014243"), "b": "x", "c": [num("0"), num("-1.5")]});
        assert_eq!(to_text(&v), r#"{"a":0.00014243,"b":"x","c":[0,-1.5]}"#);
    }

    #[test]
    fn lookalike_strings_stay_strings() {
        let v = json!({"a": format!("{MARKER}abc")});
        let text = to_text(&v);
        assert!(serde_json::from_str::<Value>(&text).is_ok(), "{text}");
    }
}
