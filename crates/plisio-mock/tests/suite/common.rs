//! Shared helpers: a started server, an HTTP client, query building, a callback receiver.

use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::http::HeaderMap;
use plisio_mock::{MockConfig, MockServer};
use serde_json::Value;
use tokio::sync::mpsc;

/// A started sandbox plus a client that talks to it.
pub struct Mock {
    pub server: MockServer,
    pub http: reqwest::Client,
}

/// A plain client: no proxy, no redirects, short timeout.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client")
}

/// `a=1&b=2`, form-encoded.
pub fn query(params: &[(&str, &str)]) -> String {
    let mut ser = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in params {
        ser.append_pair(k, v);
    }
    ser.finish()
}

impl Mock {
    pub async fn start() -> Mock {
        Mock::with(MockConfig::default()).await
    }

    pub async fn with(config: MockConfig) -> Mock {
        let server = MockServer::start(config).await.expect("server starts");
        Mock { server, http: client() }
    }

    /// Full URL of API `path` with `params` and the api_key first.
    pub fn api_url(&self, path: &str, params: &[(&str, &str)]) -> String {
        let mut all = vec![("api_key", self.server.api_key())];
        all.extend_from_slice(params);
        format!("{}/{}?{}", self.server.url(), path, query(&all))
    }

    /// GET an API path with the api_key; returns (status, JSON).
    pub async fn get(&self, path: &str, params: &[(&str, &str)]) -> (u16, Value) {
        self.fetch(&self.api_url(path, params)).await
    }

    /// GET an absolute URL; returns (status, JSON).
    pub async fn fetch(&self, url: &str) -> (u16, Value) {
        let resp = self.http.get(url).send().await.expect("request");
        let status = resp.status().as_u16();
        let text = resp.text().await.expect("body");
        let json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
        (status, json)
    }

    /// GET an API path with the api_key; returns (status, raw text).
    pub async fn get_text(&self, path: &str, params: &[(&str, &str)]) -> (u16, String) {
        let resp = self.http.get(self.api_url(path, params)).send().await.expect("request");
        (resp.status().as_u16(), resp.text().await.expect("body"))
    }

    /// A `/__mock/` control call with an optional JSON body.
    pub async fn control(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let url = format!("{}{}", self.server.root_url(), path);
        let mut req = self.http.request(method, url);
        if let Some(b) = body {
            req = req.header("content-type", "application/json").body(b.to_string());
        }
        let resp = req.send().await.expect("control request");
        let status = resp.status().as_u16();
        let text = resp.text().await.expect("body");
        (status, serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}")))
    }

    /// Creates a deposit address; returns its hash.
    pub async fn deposit(&self, uid: &str, psys_cid: &str) -> String {
        let (status, body) = self.get("shops/deposit/new", &[("uid", uid), ("psys_cid", psys_cid)]).await;
        assert_eq!(status, 200, "{body}");
        body["data"]["hash"].as_str().expect("hash").to_owned()
    }

    /// Creates an invoice; returns its data object.
    pub async fn invoice(&self, params: &[(&str, &str)]) -> Value {
        let (status, body) = self.get("invoices/new", params).await;
        assert_eq!(status, 200, "{body}");
        body["data"].clone()
    }
}

/// The `error` data of an error envelope, checking the envelope.
pub fn error_data(body: &Value) -> &Value {
    assert_eq!(body["status"], "error", "{body}");
    &body["data"]
}

/// One callback the receiver got.
#[derive(Debug)]
pub struct Received {
    pub path_and_query: String,
    pub content_type: String,
    pub body: Vec<u8>,
}

/// A loopback HTTP server that records every POST and answers 200 `OK`.
pub struct Receiver {
    pub url: String,
    rx: mpsc::UnboundedReceiver<Received>,
    task: tokio::task::JoinHandle<()>,
}

impl Receiver {
    pub async fn start() -> Receiver {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (tx, rx) = mpsc::unbounded_channel();
        let app = Router::new().fallback(move |uri: axum::http::Uri, headers: HeaderMap, body: Bytes| {
            let tx = tx.clone();
            async move {
                let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
                let path_and_query = uri.path_and_query().map(|p| p.to_string()).unwrap_or_default();
                let _ = tx.send(Received { path_and_query, content_type, body: body.to_vec() });
                "OK"
            }
        });
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Receiver { url: format!("http://127.0.0.1:{}", addr.port()), rx, task }
    }

    pub async fn next(&mut self) -> Received {
        tokio::time::timeout(Duration::from_secs(5), self.rx.recv()).await.expect("a callback within 5 s").expect("receiver open")
    }

    pub fn try_next(&mut self) -> Option<Received> {
        self.rx.try_recv().ok()
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Decodes the HTML entities PHP's `htmlspecialchars(ENT_QUOTES)` produces.
pub fn html_decode(s: &str) -> String {
    s.replace("&quot;", "\"").replace("&#039;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// PHP `serialize()` of string pairs sorted by key (`ksort`), as Plisio's plugins verify form callbacks.
pub fn php_serialize(fields: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = fields.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = format!("a:{}:{{", sorted.len());
    for (k, v) in sorted {
        out.push_str(&format!("s:{}:\"{}\";s:{}:\"{}\";", k.len(), k, v.len(), v));
    }
    out.push('}');
    out
}

/// Fields of a `multipart/form-data` body (simple parser for the sandbox's own output).
pub fn parse_multipart(content_type: &str, body: &[u8]) -> Vec<(String, String)> {
    let boundary = content_type.split("boundary=").nth(1).expect("boundary").trim();
    let text = std::str::from_utf8(body).expect("utf-8 body");
    let delimiter = format!("--{boundary}");
    let mut out = Vec::new();
    for part in text.split(&delimiter) {
        let part = part.strip_prefix("\r\n").unwrap_or(part);
        if part.is_empty() || part.starts_with("--") {
            continue;
        }
        let (headers, value) = part.split_once("\r\n\r\n").expect("part headers");
        let name = headers.split("name=\"").nth(1).and_then(|s| s.split('"').next()).expect("name");
        let value = value.strip_suffix("\r\n").unwrap_or(value);
        out.push((name.to_owned(), value.to_owned()));
    }
    out
}

/// Checks a form-mode callback's `verify_hash` the way Plisio's PHP plugins do.
pub fn verify_form(fields: &[(String, String)], secret: &str) -> bool {
    let hash = fields.iter().find(|(k, _)| k == "verify_hash").map(|(_, v)| v.clone()).expect("verify_hash");
    let rest: Vec<(String, String)> = fields
        .iter()
        .filter(|(k, _)| k != "verify_hash")
        .map(|(k, v)| if k == "tx_urls" { (k.clone(), html_decode(v)) } else { (k.clone(), v.clone()) })
        .collect();
    plisio_core::callback::sign::hmac_sha1_hex(secret, php_serialize(&rest).as_bytes()) == hash
}

/// Checks a JSON callback's `verify_hash`: HMAC of the body without `,"verify_hash":"…"`.
pub fn verify_json(body: &str, secret: &str) -> bool {
    let (head, tail) = body.rsplit_once(",\"verify_hash\":\"").expect("verify_hash member");
    let hash = tail.strip_suffix("\"}").expect("verify_hash last");
    let message = format!("{head}}}");
    plisio_core::callback::sign::hmac_sha1_hex(secret, message.as_bytes()) == hash
}

/// Value of form field `key`.
pub fn field<'a>(fields: &'a [(String, String)], key: &str) -> &'a str {
    fields.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).unwrap_or_else(|| panic!("no field {key}"))
}
