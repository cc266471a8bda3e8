//! A small, strict `multipart/form-data` reader for callback bodies (text fields only).

/// The `boundary` parameter of a multipart content type.
pub fn boundary(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (k, v) = param.split_once('=')?;
        k.trim().eq_ignore_ascii_case("boundary").then(|| v.trim().trim_matches('"').to_owned())
    })
}

/// Guess the boundary from the body's first line (`--BOUNDARY`), when no content type was given.
pub fn sniff_boundary(body: &[u8]) -> Option<String> {
    let line_end = body.windows(2).position(|w| w == b"\r\n").or_else(|| body.iter().position(|b| *b == b'\n'))?;
    let first = std::str::from_utf8(&body[..line_end]).ok()?;
    let b = first.strip_prefix("--")?.trim_end();
    (!b.is_empty() && b.len() <= 200).then(|| b.to_owned())
}

/// Parse the fields of a multipart body into (name, value) pairs, in order.
pub fn parse(body: &[u8], boundary: &str) -> Result<Vec<(String, String)>, String> {
    let delimiter = format!("--{boundary}");
    let delim = delimiter.as_bytes();
    let mut pos = find(body, delim, 0).ok_or("the multipart boundary was not found in the body")?;
    let mut fields = Vec::new();
    loop {
        pos += delim.len();
        if body[pos..].starts_with(b"--") {
            return Ok(fields);
        }
        pos = skip_newline(body, pos).ok_or("malformed multipart delimiter line")?;
        let headers_end = find(body, b"\r\n\r\n", pos)
            .map(|e| (e, 4))
            .or_else(|| find(body, b"\n\n", pos).map(|e| (e, 2)))
            .ok_or("multipart part without headers")?;
        let headers = std::str::from_utf8(&body[pos..headers_end.0]).map_err(|_| "multipart headers are not UTF-8")?;
        let name = headers
            .lines()
            .find_map(|line| {
                let (k, v) = line.split_once(':')?;
                k.trim().eq_ignore_ascii_case("content-disposition").then(|| disposition_name(v)).flatten()
            })
            .ok_or("multipart part without a field name")?;
        let value_start = headers_end.0 + headers_end.1;
        let next = find(body, delim, value_start).ok_or("unterminated multipart part")?;
        let mut value_end = next;
        if body[..value_end].ends_with(b"\r\n") {
            value_end -= 2;
        } else if body[..value_end].ends_with(b"\n") {
            value_end -= 1;
        }
        let value =
            String::from_utf8(body[value_start..value_end].to_vec()).map_err(|_| format!("multipart field {name:?} is not UTF-8"))?;
        fields.push((name, value));
        pos = next;
    }
}

fn disposition_name(value: &str) -> Option<String> {
    value.split(';').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim() == "name").then(|| v.trim().trim_matches('"').to_owned())
    })
}

fn skip_newline(body: &[u8], pos: usize) -> Option<usize> {
    // Transport padding (spaces/tabs) may follow the delimiter.
    let mut p = pos;
    while p < body.len() && (body[p] == b' ' || body[p] == b'\t') {
        p += 1;
    }
    if body[p..].starts_with(b"\r\n") {
        Some(p + 2)
    } else if body[p..].starts_with(b"\n") {
        Some(p + 1)
    } else {
        None
    }
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from > haystack.len() || needle.is_empty() {
        return None;
    }
    haystack[from..].windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_with_the_encoder() {
        let fields = vec![
            ("a".to_owned(), "1".to_owned()),
            ("tx_urls".to_owned(), "[&quot;x&quot;]\r\nline2".to_owned()),
            ("e".to_owned(), String::new()),
        ];
        let (ct, body) = crate::callback::sign::encode_multipart(&fields, "XyZ");
        assert_eq!(boundary(&ct).as_deref(), Some("XyZ"));
        assert_eq!(sniff_boundary(&body).as_deref(), Some("XyZ"));
        assert_eq!(parse(&body, "XyZ").unwrap(), fields);
        assert!(parse(b"garbage", "XyZ").is_err());
        assert_eq!(boundary("multipart/form-data; boundary=\"q r\"").as_deref(), Some("q r"));
    }
}
