//! Exact money: parsing and formatting of decimal amounts without ever passing through a float.

pub use rust_decimal::Decimal;

use crate::error::{Error, Result};

/// The most decimal places Plisio uses (ETH-like tokens).
pub const MAX_SCALE: u32 = 18;

/// Parse an amount received from Plisio (a JSON string or the text of a JSON number), exactly.
///
/// Accepts plain decimals (`"0.00200000"`, `"-1.5"`, `"15"`) and scientific notation as PHP's
/// `json_encode` writes small floats (`1.0e-5`). Scale is preserved. Values that do not fit in a
/// 96-bit mantissa (28-29 significant digits) are an error, never silently rounded.
pub fn parse_decimal_text(text: &str) -> std::result::Result<Decimal, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("empty amount".into());
    }
    if t.bytes().any(|b| b == b'e' || b == b'E') {
        return Decimal::from_scientific(t).map_err(|e| format!("invalid amount {t:?}: {e}"));
    }
    if !is_plain_decimal(t.strip_prefix('-').unwrap_or(t)) {
        return Err(format!("invalid amount {t:?}: not a decimal number"));
    }
    Decimal::from_str_exact(t).map_err(|e| format!("invalid amount {t:?}: {e}"))
}

/// `digits[.digits]` with at least one digit on each side of the point.
fn is_plain_decimal(s: &str) -> bool {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// Parse a user-supplied amount for a request: a plain positive decimal string such as `"0.001"`.
///
/// Refuses (with [`Error::InvalidInput`] naming `field`) empty strings, signs, exponents, commas,
/// whitespace, zero, more than 18 decimal places and values that do not fit exactly.
pub fn parse_amount(field: &str, text: &str) -> Result<Decimal> {
    if text.is_empty() {
        return Err(Error::invalid(field, "amount is empty"));
    }
    if text.contains(',') {
        return Err(Error::invalid(field, format!("{text:?} contains a comma; use '.' as the decimal point and pass one amount per item")));
    }
    if !is_plain_decimal(text) {
        return Err(Error::invalid(
            field,
            format!("{text:?} is not a plain positive decimal (expected digits with an optional '.', like \"0.001\")"),
        ));
    }
    let value = Decimal::from_str_exact(text)
        .map_err(|_| Error::invalid(field, format!("{text:?} has more significant digits than fit exactly (28); it would be rounded")))?;
    check_amount(field, value)?;
    Ok(value)
}

/// Check an amount before it is sent: strictly positive, at most 18 decimal places.
pub fn check_amount(field: &str, value: Decimal) -> Result<()> {
    if value.is_sign_negative() || value.is_zero() {
        return Err(Error::invalid(field, format!("amount must be greater than zero, got {value}")));
    }
    if value.scale() > MAX_SCALE {
        // Trailing zeros beyond 18 places are harmless: normalise them away before refusing.
        if value.normalize().scale() > MAX_SCALE {
            return Err(Error::invalid(field, format!("{value} has more than {MAX_SCALE} decimal places")));
        }
    }
    Ok(())
}

/// Format an amount for the wire: plain digits, `.` separator, no exponent, no locale, scale kept
/// (trailing zeros beyond 18 places dropped).
pub fn format_amount(value: Decimal) -> String {
    let v = if value.scale() > MAX_SCALE { value.normalize() } else { value };
    v.to_string()
}

/// Parse a `Decimal` from a string with [`parse_decimal_text`] semantics (convenience for callers).
pub fn decimal(text: &str) -> Result<Decimal> {
    parse_decimal_text(text).map_err(|m| Error::invalid("amount", m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_is_preserved() {
        assert_eq!(parse_decimal_text("0.00200000").unwrap().to_string(), "0.00200000");
        assert_eq!(parse_decimal_text("0.003010710000000000").unwrap().scale(), 18);
        assert_eq!(format_amount(parse_amount("a", "0.017948510338824132").unwrap()), "0.017948510338824132");
    }

    #[test]
    fn scientific_from_php_floats() {
        assert_eq!(parse_decimal_text("1.0e-5").unwrap(), Decimal::new(1, 5));
        assert_eq!(parse_decimal_text("2E+3").unwrap(), Decimal::from(2000));
    }

    #[test]
    fn refuses_what_would_round() {
        assert!(parse_decimal_text("123456789012345678901234567890.1").is_err());
        let e = parse_amount("amount", "0.0000000000000000001").unwrap_err();
        assert_eq!(e.code(), "invalid_input");
        assert!(parse_amount("amount", "79228162514264337593543950336").is_err());
    }

    #[test]
    fn input_rules() {
        for bad in ["", "0", "0.0", "-1", "+1", "1e-3", "1,5", " 1", "1.", ".5", "abc", "NaN", "inf", "1_000"] {
            let e = parse_amount("amount", bad).unwrap_err();
            assert!(matches!(e, Error::InvalidInput { ref field, .. } if field == "amount"), "{bad:?}");
        }
        assert_eq!(parse_amount("amount", "1.000000000000000000").unwrap().scale(), 18);
        assert_eq!(format_amount(parse_amount("amount", "15").unwrap()), "15");
    }

    #[test]
    fn excess_trailing_zeros_are_dropped_not_refused() {
        let v = Decimal::from_str_exact("1.00000000000000000000").unwrap();
        assert!(check_amount("amount", v).is_ok());
        assert_eq!(format_amount(v), "1");
    }
}
