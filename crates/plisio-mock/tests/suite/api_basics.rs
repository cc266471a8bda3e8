//! Authentication, routing errors, currencies, shops, balances, request log.

use serde_json::json;

use crate::common::{Mock, error_data};

#[tokio::test]
async fn missing_or_wrong_api_key_is_401() {
    let m = Mock::start().await;
    let url = format!("{}/balances/BTC", m.server.url());
    let (status, body) = m.fetch(&url).await;
    assert_eq!(status, 401);
    assert_eq!(body, json!({"status":"error","data":{"name":"Unauthorized","message":"The specified resource does not exist","code":401}}));
    let (status, body) = m.fetch(&format!("{url}?api_key=wrong")).await;
    assert_eq!(status, 401);
    assert_eq!(error_data(&body)["code"], 401);
    // The key must match exactly.
    let (status, _) = m.fetch(&format!("{url}?api_key=sk_test_plisio_mock2")).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn default_api_key_is_the_documented_one() {
    let m = Mock::start().await;
    assert_eq!(m.server.api_key(), "sk_test_plisio_mock");
    assert_eq!(m.server.api_key(), plisio_mock::DEFAULT_API_KEY);
    assert!(m.server.url().starts_with("http://127.0.0.1:"));
    assert!(m.server.url().ends_with("/api/v1"));
    assert_eq!(m.server.url(), format!("{}/api/v1", m.server.root_url()));
}

#[tokio::test]
async fn unknown_paths_are_404_page_not_found() {
    let m = Mock::start().await;
    for url in [m.api_url("nope", &[]), m.api_url("operations/withdraw/extra", &[]), format!("{}/elsewhere", m.server.root_url())] {
        let (status, body) = m.fetch(&url).await;
        assert_eq!(status, 404, "{url}");
        assert_eq!(body, json!({"status":"error","data":{"name":"Not Found","message":"Page not found.","code":111}}));
    }
}

#[tokio::test]
async fn non_get_methods_are_405() {
    let m = Mock::start().await;
    let resp = m.http.post(m.api_url("balances/BTC", &[])).send().await.expect("post");
    assert_eq!(resp.status().as_u16(), 405);
    let body: serde_json::Value = serde_json::from_str(&resp.text().await.expect("text")).expect("json");
    assert_eq!(error_data(&body)["code"], 405);
}

#[tokio::test]
async fn trailing_slash_is_accepted() {
    let m = Mock::start().await;
    let url = format!("{}/operations/?api_key={}", m.server.url(), m.server.api_key());
    let (status, body) = m.fetch(&url).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["_meta"]["totalCount"], 0);
}

#[tokio::test]
async fn currencies_are_public_with_mixed_types() {
    let m = Mock::start().await;
    let (status, body) = m.fetch(&format!("{}/currencies", m.server.url())).await;
    assert_eq!(status, 200);
    let list = body["data"].as_array().expect("array");
    assert_eq!(list.len(), plisio_mock::known_currencies().len());
    assert_eq!(list.len(), 27);
    let find = |cid: &str| list.iter().find(|c| c["cid"] == cid).cloned().expect("coin listed");
    let btc = find("BTC");
    assert_eq!(btc["currency"], "BTC");
    assert_eq!(btc["name"], "Bitcoin");
    assert_eq!(btc["precision"], 8, "int precision for UTXO coins");
    assert_eq!(btc["price_usd"], "65000");
    assert_eq!(btc["rate_usd"], "0.00001538");
    assert_eq!(btc["fiat"], "USD");
    assert_eq!(btc["hidden"], 0);
    assert_eq!(btc["maintenance"], false);
    assert!(btc.get("contractOf").is_none());
    let eth = find("ETH");
    assert_eq!(eth["precision"], "18", "string precision elsewhere");
    let trc = find("USDT_TRX");
    assert_eq!(trc["currency"], "USDT");
    assert_eq!(trc["contractOf"], "TRX");
    assert_eq!(trc["contractStandard"], "TRC-20");
    assert_eq!(find("ETH_BASE")["currency"], "ETH");
    assert_eq!(find("USDT")["contractStandard"], "ERC-20");

    let (status, body) = m.fetch(&format!("{}/currencies/EUR", m.server.url())).await;
    assert_eq!(status, 200);
    let btc = body["data"].as_array().expect("array").iter().find(|c| c["cid"] == "BTC").cloned().expect("btc");
    assert_eq!(btc["fiat"], "EUR");
    assert_eq!(btc["fiat_rate"], "59800");

    let (status, body) = m.fetch(&format!("{}/currencies/XYZ", m.server.url())).await;
    assert_eq!(status, 422);
    assert_eq!(error_data(&body)["code"], 105);
    assert_eq!(error_data(&body)["message"], r#"Unsupported currency attribute value: {"fiat":"XYZ"}"#);
}

#[tokio::test]
async fn shop_info_on_both_paths() {
    let m = Mock::start().await;
    for path in ["shops", "shop"] {
        let (status, body) = m.get(path, &[]).await;
        assert_eq!(status, 200);
        let d = &body["data"];
        assert_eq!(d["id"], "6650c0ffee5d0a11b00c1d01");
        assert_eq!(d["name"], "Plisio Mock Shop");
        assert_eq!(d["white_label"], true);
        assert_eq!(d["verified"], true);
        assert!(d["commission_payment"].is_i64());
        assert!(d["extra_commission"].is_number());
    }
    m.server.set_white_label(false);
    let (_, body) = m.get("shops", &[]).await;
    assert_eq!(body["data"]["white_label"], false);
}

#[tokio::test]
async fn balances_with_coin_precision() {
    let m = Mock::start().await;
    let (status, body) = m.get("balances/BTC", &[]).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"], json!({"psys_cid":"BTC","currency":"BTC","balance":"1.50000000"}));
    let (_, body) = m.get("balances/ETH", &[]).await;
    assert_eq!(body["data"]["balance"], "25.000000000000000000");
    let (_, body) = m.get("balances/USDT_TRX", &[]).await;
    assert_eq!(body["data"], json!({"psys_cid":"USDT_TRX","currency":"USDT","balance":"100000.000000"}));
    let (status, body) = m.get("balances/BTCX", &[]).await;
    assert_eq!(status, 422);
    assert_eq!(
        body,
        json!({"status":"error","data":{"name":"Unprocessable entity","message":"Unsupported currency attribute value: {\"currency\":\"BTCX\"}","code":105}})
    );
    // Legacy form and the list of all balances.
    let (_, body) = m.get("balances", &[("currency", "LTC")]).await;
    assert_eq!(body["data"]["balance"], "100.00000000");
    let (_, body) = m.get("balances", &[]).await;
    assert_eq!(body["data"].as_array().map(Vec::len), Some(27));
}

#[tokio::test]
async fn every_coin_starts_with_a_positive_balance_and_overrides_apply() {
    let mut cfg = plisio_mock::MockConfig::default();
    cfg.balances.insert("BTC".into(), "0.5".parse().expect("dec"));
    let m = Mock::with(cfg).await;
    for id in plisio_mock::known_currencies() {
        let b = m.server.balance(id).expect("known");
        assert!(b > rust_decimal::Decimal::ZERO, "{id}");
    }
    assert_eq!(m.server.balance("BTC"), Some("0.5".parse().expect("dec")));
    assert_eq!(m.server.balance("NOPE"), None);
    m.server.set_balance("ETH", "2".parse().expect("dec"));
    let (_, body) = m.get("balances/ETH", &[]).await;
    assert_eq!(body["data"]["balance"], "2.000000000000000000");
}

#[tokio::test]
async fn request_log_redacts_the_key() {
    let m = Mock::start().await;
    m.get("balances/BTC", &[("x", "1")]).await;
    m.fetch(&format!("{}/balances/BTC?api_key=wrong", m.server.url())).await;
    let log = m.server.requests();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].method, "GET");
    assert_eq!(log[0].path, "/api/v1/balances/BTC");
    assert_eq!(log[0].query, "api_key=***&x=1");
    assert_eq!(log[0].status, 200);
    assert_eq!(log[1].status, 401);
    assert_eq!(log[1].query, "api_key=***");
    assert!(log[0].time_ms > 1_600_000_000_000);
    let (status, body) = m.control(reqwest::Method::GET, "/__mock/requests", None).await;
    assert_eq!(status, 200);
    let text = body.to_string();
    assert!(!text.contains(m.server.api_key()), "{text}");
    assert_eq!(body.as_array().map(Vec::len), Some(2), "controls are not logged");
    let (_, cleared) = m.control(reqwest::Method::DELETE, "/__mock/requests", None).await;
    assert_eq!(cleared["cleared"], 2);
    assert!(m.server.requests().is_empty());
}
