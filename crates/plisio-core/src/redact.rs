//! Keeping the API key out of everything we print, log or return.

use std::borrow::Cow;

/// Query parameters that carry secrets.
pub const SECRET_PARAMS: &[&str] = &["api_key", "view_key"];

/// Remove `api_key`/`view_key` from a URL's query string (the `_links` hrefs Plisio echoes back).
/// Anything that does not parse as a URL is returned with secret parameters cut out textually.
pub fn strip_secret_params(href: &str) -> String {
    match url::Url::parse(href.trim()) {
        Ok(mut url) => {
            if url.query().is_some() {
                let kept: Vec<(String, String)> = url
                    .query_pairs()
                    .filter(|(k, _)| !SECRET_PARAMS.contains(&k.as_ref()))
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect();
                if kept.is_empty() {
                    url.set_query(None);
                } else {
                    url.query_pairs_mut().clear().extend_pairs(kept);
                }
            }
            url.to_string()
        }
        Err(_) => strip_textually(href),
    }
}

fn strip_textually(text: &str) -> String {
    let mut out = text.to_owned();
    for param in SECRET_PARAMS {
        while let Some(pos) = out.find(&format!("{param}=")) {
            let end = out[pos..].find(['&', ' ', '"', '\'', '\n', '#']).map(|e| pos + e).unwrap_or(out.len());
            let end = if out[end..].starts_with('&') { end + 1 } else { end };
            out.replace_range(pos..end, "");
        }
    }
    out
}

/// Replace every occurrence of `secret` (raw, percent-encoded and form-encoded) in `text` with `***`,
/// and cut `api_key=`/`view_key=` values out of any URL-like text.
pub fn redact<'a>(text: &'a str, secret: &str) -> Cow<'a, str> {
    let mut out: Cow<'a, str> = Cow::Borrowed(text);
    if !secret.is_empty() {
        let encoded: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
        let percent = encoded.replace('+', "%20");
        for needle in [secret, encoded.as_str(), percent.as_str()] {
            if out.contains(needle) {
                out = Cow::Owned(out.replace(needle, "***"));
            }
        }
    }
    if SECRET_PARAMS.iter().any(|p| out.contains(&format!("{p}="))) {
        let mut s = out.into_owned();
        for param in SECRET_PARAMS {
            let pat = format!("{param}=");
            let mut from = 0;
            while let Some(rel) = s[from..].find(&pat) {
                let start = from + rel + pat.len();
                let end = s[start..].find(['&', ' ', '"', '\'', '\n', '#', ')']).map(|e| start + e).unwrap_or(s.len());
                s.replace_range(start..end, "***");
                from = start + 3;
            }
        }
        out = Cow::Owned(s);
    }
    out
}

/// At most `max` bytes of `text` (cut on a char boundary), redacted.
pub fn snippet(body: &[u8], secret: &str, max: usize) -> String {
    let text = String::from_utf8_lossy(body);
    let redacted = redact(&text, secret);
    if redacted.len() <= max {
        return redacted.into_owned();
    }
    let mut end = max;
    while !redacted.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &redacted[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_lose_their_keys() {
        let href = "https://api.plisio.net/api/v1/operations?api_key=SeCrEt&page=2&per-page=10";
        assert_eq!(strip_secret_params(href), "https://api.plisio.net/api/v1/operations?page=2&per-page=10");
        assert_eq!(strip_secret_params("https://x/y?api_key=a"), "https://x/y");
        assert_eq!(
            strip_secret_params("https://\nplisio.net/api/v1/operations?api_key=...&page=157"),
            "https://plisio.net/api/v1/operations?page=157"
        );
        assert!(!strip_secret_params("not a url api_key=zz&page=1").contains("zz"));
    }

    #[test]
    fn secrets_are_masked_in_any_form() {
        let secret = "a+b/c d";
        let text = "GET http://h/x?api_key=a%2Bb%2Fc+d&x=1 and a+b/c d and view_key=vvv";
        let r = redact(text, secret);
        assert!(!r.contains("a%2Bb%2Fc+d") && !r.contains("a+b/c d") && !r.contains("vvv"), "{r}");
        assert!(snippet(b"{\"k\":\"a+b/c d\"}", secret, 5).ends_with('…'));
    }
}
