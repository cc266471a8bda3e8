//! Client-side validation, run before any request is built.

use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::money;

/// A coin ID / fiat code / path identifier: non-empty, ASCII letters, digits, `_` and `-` only.
/// (Anything else could change the request path or smuggle parameters.)
pub fn identifier(field: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if value.len() > 128 {
        return Err(Error::invalid(field, "is longer than 128 characters"));
    }
    if let Some(c) = value.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-')) {
        return Err(Error::invalid(field, format!("{value:?} contains {c:?}; only letters, digits, '_' and '-' are allowed")));
    }
    Ok(())
}

/// A currency (coin ID) parameter.
pub fn currency(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::invalid(field, "currency must not be empty"));
    }
    if value.contains(',') {
        return Err(Error::invalid(field, format!("{value:?} contains a comma; pass one currency per item")));
    }
    identifier(field, value)
}

/// A destination address inside a comma-joined list: non-empty, no commas, no whitespace.
pub fn address(field: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::invalid(field, "address must not be empty"));
    }
    if value.contains(',') {
        return Err(Error::invalid(field, format!("{value:?} contains a comma; Plisio joins addresses with commas")));
    }
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::invalid(field, format!("{value:?} contains whitespace")));
    }
    Ok(())
}

/// An amount to send.
pub fn amount(field: &str, value: Decimal) -> Result<()> {
    money::check_amount(field, value)
}

/// Your user identifier for deposits: 1 to 255 characters.
pub fn uid(value: &str) -> Result<()> {
    let n = value.chars().count();
    if n == 0 || value.trim().is_empty() {
        return Err(Error::invalid("uid", "must not be empty"));
    }
    if n > 255 {
        return Err(Error::invalid("uid", format!("is {n} characters long; Plisio accepts at most 255")));
    }
    if value.chars().any(char::is_control) {
        return Err(Error::invalid("uid", "contains control characters"));
    }
    Ok(())
}

/// A page number (1-based).
pub fn page(value: u32) -> Result<()> {
    if value == 0 {
        return Err(Error::invalid("page", "pages start at 1"));
    }
    Ok(())
}

/// Largest page size the SDK asks for.
pub const MAX_LIMIT: u32 = 100;

/// A page size.
pub fn limit(value: u32) -> Result<()> {
    if value == 0 || value > MAX_LIMIT {
        return Err(Error::invalid("limit", format!("must be between 1 and {MAX_LIMIT}, got {value}")));
    }
    Ok(())
}

/// Non-empty text.
pub fn required_text(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    Ok(())
}

/// An absolute http(s) URL (callback and redirect URLs).
pub fn http_url(field: &str, value: &str) -> Result<()> {
    match url::Url::parse(value) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(()),
        Ok(_) => Err(Error::invalid(field, format!("{value:?} is not an http(s) URL"))),
        Err(e) => Err(Error::invalid(field, format!("{value:?} is not a valid URL: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(e: Error) -> String {
        match e {
            Error::InvalidInput { field, .. } => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn rules() {
        assert_eq!(field_of(identifier("id", "../withdraw").unwrap_err()), "id");
        assert!(identifier("id", "5edf873d9ed3a558712be543").is_ok());
        assert_eq!(field_of(currency("currency", "").unwrap_err()), "currency");
        assert_eq!(field_of(currency("currency", "BTC,ETH").unwrap_err()), "currency");
        assert_eq!(field_of(address("to", "a,b").unwrap_err()), "to");
        assert_eq!(field_of(address("to", "a b").unwrap_err()), "to");
        assert_eq!(field_of(uid(&"x".repeat(256)).unwrap_err()), "uid");
        assert!(uid(&"é".repeat(255)).is_ok());
        assert_eq!(field_of(uid("").unwrap_err()), "uid");
        assert_eq!(field_of(limit(0).unwrap_err()), "limit");
        assert_eq!(field_of(limit(101).unwrap_err()), "limit");
        assert_eq!(field_of(page(0).unwrap_err()), "page");
        assert_eq!(field_of(http_url("callback_url", "ftp://x").unwrap_err()), "callback_url");
        assert!(http_url("callback_url", "https://shop.example/cb?json=true").is_ok());
    }
}
