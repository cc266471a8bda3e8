//! Exact amounts: parsing query strings into [`Decimal`] and formatting them with a fixed precision.

use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};

/// Largest amount the sandbox accepts anywhere (10^15): far above any real payment, and small
/// enough that no arithmetic on it can overflow a `Decimal`.
pub(crate) const MAX_AMOUNT: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);

/// Parses a positive decimal amount as Plisio accepts it in a query string (`"0.002"`, `"15"`, `".5"`).
///
/// Rejects signs, exponents, zero, negative values, values with more significant decimals than
/// `precision` (trailing zeros do not count), values above [`MAX_AMOUNT`], and anything that does
/// not fit a `Decimal`.
pub(crate) fn parse_amount(raw: &str, precision: u32) -> Option<Decimal> {
    let value = parse_plain(raw)?;
    if value <= Decimal::ZERO || value > MAX_AMOUNT || value.normalize().scale() > precision {
        return None;
    }
    Some(value)
}

/// Parses a plain non-negative decimal (`digits[.digits]`), without sign or exponent.
pub(crate) fn parse_plain(raw: &str) -> Option<Decimal> {
    let (int, frac) = match raw.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (raw, None),
    };
    let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let valid = digits_ok(int) && frac.is_none_or(digits_ok) && !(int.is_empty() && frac.is_none_or(str::is_empty));
    if !valid {
        return None;
    }
    Decimal::from_str(raw).ok()
}

/// Rounds half away from zero to `precision` decimals.
pub(crate) fn round(value: Decimal, precision: u32) -> Decimal {
    value.round_dp_with_strategy(precision, RoundingStrategy::MidpointAwayFromZero)
}

/// Rounds up (away from zero) to `precision` decimals; used for fees.
pub(crate) fn round_up(value: Decimal, precision: u32) -> Decimal {
    value.round_dp_with_strategy(precision, RoundingStrategy::AwayFromZero)
}

/// Formats `value` with exactly `precision` decimals (`0.002` with 8 → `"0.00200000"`).
pub(crate) fn fmt(value: Decimal, precision: u32) -> String {
    // Padded by hand: `format!("{:.18}")` of a Decimal near its limits overflows rust_decimal's buffer.
    let mut text = round(value, precision).to_string();
    let decimals = text.split_once('.').map_or(0, |(_, f)| f.len());
    if precision > 0 && decimals == 0 {
        text.push('.');
    }
    for _ in decimals..precision as usize {
        text.push('0');
    }
    text
}

/// Formats `value` without trailing zeros (`"5"`, `"0.000222"`).
pub(crate) fn plain(value: Decimal) -> String {
    value.normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        assert_eq!(parse_amount("0.002", 8), Some(Decimal::new(2, 3)));
        assert_eq!(parse_amount(".5", 8), Some(Decimal::new(5, 1)));
        assert_eq!(parse_amount("1.000000000", 8), Some(Decimal::ONE));
        for bad in ["", "0", "0.0", "-1", "+1", "1e3", "abc", "1.2.3", ".", "0.000000001", " 1", "1,5"] {
            assert_eq!(parse_amount(bad, 8), None, "{bad:?}");
        }
        assert_eq!(parse_amount("99999999999999999999999999999999", 8), None);
    }

    #[test]
    fn bounds() {
        assert_eq!(MAX_AMOUNT, Decimal::from(1_000_000_000_000_000u64));
        assert!(parse_amount("1000000000000000", 8).is_some());
        assert!(parse_amount("1000000000000000.1", 8).is_none());
    }

    #[test]
    fn formats_with_fixed_precision() {
        assert_eq!(fmt(Decimal::new(2, 3), 8), "0.00200000");
        assert_eq!(fmt(Decimal::new(924, 6), 18), "0.000924000000000000");
        assert_eq!(fmt(Decimal::new(15, 1), 0), "2");
        assert_eq!(plain(Decimal::new(222_000, 9)), "0.000222");
        assert_eq!(fmt(Decimal::new(-5, 1), 3), "-0.500");
        assert_eq!(fmt(Decimal::ONE, 0), "1");
        assert!(fmt(Decimal::MAX, 18).starts_with("79228162514264337593543950335"));
    }
}
