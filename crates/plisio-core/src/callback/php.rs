//! The PHP side of form-mode callbacks: `html_entity_decode` and `serialize` of a `ksort`ed array.

use std::borrow::Cow;

/// Decode HTML entities as PHP's `html_entity_decode` does for the values Plisio sends: the named
/// entities `&amp; &quot; &lt; &gt; &apos; &nbsp;` and numeric ones (`&#039;`, `&#x27;`).
/// Unknown or malformed entities are left as they are (PHP does the same).
pub fn html_entity_decode(input: &str) -> Cow<'_, str> {
    if !input.contains('&') {
        return Cow::Borrowed(input);
    }
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        let Some(end) = rest[1..].find(';').map(|e| e + 1).filter(|e| *e <= 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16).ok().and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse::<u32>().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The fields Plisio signs in form mode, as PHP sees them after `ksort`: without `verify_hash`,
/// sorted by key (byte order = PHP `ksort` for Plisio's ASCII keys), the last of duplicate keys
/// winning (as in `$_POST`), `tx_urls` entity-decoded.
pub fn signed_fields<'a>(fields: &[(&'a str, &'a str)]) -> Vec<(&'a str, Cow<'a, str>)> {
    let mut sorted: Vec<(&str, Cow<'_, str>)> = fields
        .iter()
        .filter(|(k, _)| *k != "verify_hash")
        .map(|(k, v)| (*k, if *k == "tx_urls" { html_entity_decode(v) } else { Cow::Borrowed(*v) }))
        .collect();
    // A stable sort keeps duplicates in arrival order; keep the last of each run.
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let mut out: Vec<(&str, Cow<'_, str>)> = Vec::with_capacity(sorted.len());
    for pair in sorted {
        match out.last_mut() {
            Some(last) if last.0 == pair.0 => *last = pair,
            _ => out.push(pair),
        }
    }
    out
}

/// The message Plisio signs in form mode: PHP `serialize()` of [`signed_fields`].
pub fn form_message(fields: &[(&str, &str)]) -> Vec<u8> {
    let sorted = signed_fields(fields);
    serialize(sorted.iter().map(|(k, v)| (*k, v.as_ref())), sorted.len())
}

/// PHP `serialize()` of an array of string keys and string values: `a:N:{s:len:"k";s:len:"v";…}`
/// with byte lengths and nothing escaped.
pub fn serialize<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>, n: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + n * 48);
    out.extend_from_slice(b"a:");
    push_len(&mut out, n);
    out.extend_from_slice(b":{");
    for (k, v) in pairs {
        push_string(&mut out, k);
        push_string(&mut out, v);
    }
    out.push(b'}');
    out
}

fn push_len(out: &mut Vec<u8>, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

fn push_string(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(b"s:");
    push_len(out, s.len());
    out.extend_from_slice(b":\"");
    out.extend_from_slice(s.as_bytes());
    out.extend_from_slice(b"\";");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities() {
        assert_eq!(html_entity_decode("[&quot;https:\\/\\/t\\/1&quot;]"), "[\"https:\\/\\/t\\/1\"]");
        assert_eq!(html_entity_decode("a&#039;b&#x27;c&amp;d"), "a'b'c&d");
        assert_eq!(html_entity_decode("&unknown; & &amp"), "&unknown; & &amp");
        assert!(matches!(html_entity_decode("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn serialize_counts_bytes() {
        let m = serialize([("k", "é")].into_iter(), 1);
        assert_eq!(m, "a:1:{s:1:\"k\";s:2:\"é\";}".as_bytes());
        let m = form_message(&[("b", "2"), ("a", "1"), ("verify_hash", "x"), ("a", "3")]);
        assert_eq!(m, b"a:2:{s:1:\"a\";s:1:\"3\";s:1:\"b\";s:1:\"2\";}");
    }
}
