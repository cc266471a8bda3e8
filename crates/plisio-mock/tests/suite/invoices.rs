//! `invoices/new` and `invoices/{id}`.

use std::collections::BTreeSet;

use serde_json::json;

use crate::common::{Mock, client, error_data};

#[tokio::test]
async fn white_label_invoice_has_the_extended_shape() {
    let m = Mock::start().await;
    let before = chrono_now();
    let d = m.invoice(&[("order_name", "Order 1"), ("order_number", "1001"), ("currency", "BTC"), ("amount", "0.002")]).await;
    let txn = d["txn_id"].as_str().expect("txn_id");
    assert_eq!(txn.len(), 24);
    assert_eq!(d["id"], txn);
    assert_eq!(d["invoice_url"], format!("{}/invoice/{txn}", m.server.root_url()));
    assert_eq!(d["amount"], "0.00200000");
    assert_eq!(d["received_amount"], "0.00000000");
    assert_eq!(d["remaining_amount"], "0.00200000");
    assert_eq!(d["pending_amount"], "0.00200000");
    assert_eq!(d["invoice_commission"], "0.00002000");
    assert_eq!(d["invoice_sum"], "0.00198000");
    assert_eq!(d["invoice_total_sum"], "0.00200000");
    assert_eq!(d["psys_cid"], "BTC");
    assert_eq!(d["currency"], "BTC");
    assert_eq!(d["status"], "new");
    assert_eq!(d["source_currency"], "USD");
    assert_eq!(d["source_rate"], "0.00001538");
    assert_eq!(d["expected_confirmations"], "1", "a string");
    let expire = d["expire_utc"].as_i64().expect("int seconds");
    assert!((before + 1440 * 60..=before + 1440 * 60 + 5).contains(&expire), "{expire}");
    assert!(d["qr_code"].as_str().expect("qr").starts_with("data:image/png;base64,"));
    assert!(d["wallet_hash"].as_str().expect("address").starts_with("bc1q"));
    assert_eq!(d["verify_hash"].as_str().map(str::len), Some(40));
    assert_eq!(d["view_key"].as_str().map(str::len), Some(32));

    // It is also an `invoice` operation with status new.
    let (_, ops) = m.get("operations", &[("type", "invoice")]).await;
    let list = ops["data"]["operations"].as_array().expect("operations");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], txn);
    assert_eq!(list[0]["status"], "new");
    assert_eq!(list[0]["params"]["order_number"], "1001");
}

fn chrono_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

#[tokio::test]
async fn default_currency_is_btc_and_expire_min_applies() {
    let m = Mock::start().await;
    let d = m.invoice(&[("order_name", "o"), ("order_number", "2"), ("amount", "0.1"), ("expire_min", "30")]).await;
    assert_eq!(d["psys_cid"], "BTC");
    let created = chrono_now();
    let expire = d["expire_utc"].as_i64().expect("int");
    assert!((created + 30 * 60 - 5..=created + 30 * 60 + 5).contains(&expire));
    let d = m.invoice(&[("order_name", "o"), ("order_number", "3"), ("currency", "ETH"), ("amount", "1.5")]).await;
    assert_eq!(d["amount"], "1.500000000000000000");
    assert_eq!(d["expected_confirmations"], "12");
    assert!(d["wallet_hash"].as_str().expect("0x").starts_with("0x"));
}

#[tokio::test]
async fn non_white_label_invoice_is_the_short_form() {
    let m = Mock::start().await;
    m.server.set_white_label(false);
    let d = m.invoice(&[("order_name", "o"), ("order_number", "9"), ("currency", "LTC"), ("amount", "1")]).await;
    let keys: BTreeSet<&str> = d.as_object().expect("object").keys().map(String::as_str).collect();
    assert_eq!(keys, BTreeSet::from(["txn_id", "invoice_url", "invoice_total_sum"]));
    assert_eq!(d["invoice_total_sum"], "1.00000000");
}

#[tokio::test]
async fn fiat_invoices_are_converted_exactly() {
    let m = Mock::start().await;
    let d = m.invoice(&[("order_name", "o"), ("order_number", "f1"), ("source_currency", "USD"), ("source_amount", "130")]).await;
    assert_eq!(d["amount"], "0.00200000", "130 USD / 65000");
    let d = m
        .invoice(&[
            ("order_name", "o"),
            ("order_number", "f2"),
            ("currency", "USDT_TRX"),
            ("source_currency", "EUR"),
            ("source_amount", "46"),
        ])
        .await;
    assert_eq!(d["amount"], "50.000000", "46 EUR / 0.92");
    assert_eq!(d["source_currency"], "EUR");
    let (status, body) =
        m.get("invoices/new", &[("order_name", "o"), ("order_number", "f3"), ("source_currency", "XXX"), ("source_amount", "1")]).await;
    assert_eq!(status, 422);
    assert_eq!(error_data(&body)["message"], r#"Unsupported currency attribute value: {"source_currency":"XXX"}"#);
}

#[tokio::test]
async fn invoice_validation_errors() {
    let m = Mock::start().await;
    let (status, body) = m.get("invoices/new", &[("amount", "1")]).await;
    assert_eq!(status, 422);
    assert_eq!(
        body,
        json!({"status":"error","data":{"name":"Unprocessable entity","message":"{\"order_name\":\"Missing required attribute\",\"order_number\":\"Missing required attribute\"}","code":103}})
    );
    let (_, body) = m.get("invoices/new", &[("order_name", "o"), ("order_number", "1")]).await;
    assert_eq!(error_data(&body)["message"], r#"{"amount":"Missing required attribute"}"#);
    for bad in ["abc", "0", "-1", "0.000000001", "1e3", "99999999999999999999999999", "1000000000000001", "1,5", " 1"] {
        let (status, body) = m.get("invoices/new", &[("order_name", "o"), ("order_number", "1"), ("amount", bad)]).await;
        assert_eq!(status, 422, "{bad}");
        assert_eq!(error_data(&body)["code"], 103);
        assert_eq!(error_data(&body)["message"], r#"{"amount":"Invalid amount"}"#, "{bad}");
    }
    let (status, body) = m.get("invoices/new", &[("order_name", "o"), ("order_number", "1"), ("amount", "1"), ("currency", "BTCX")]).await;
    assert_eq!(status, 422);
    assert_eq!(error_data(&body)["code"], 105);
    assert_eq!(error_data(&body)["message"], r#"Unsupported currency attribute value: {"currency":"BTCX"}"#);
    let (_, body) = m.get("invoices/new", &[("order_name", "o"), ("order_number", "1"), ("amount", "1"), ("email", "nope")]).await;
    assert_eq!(error_data(&body)["message"], r#"{"email":"Email is not a valid email address."}"#);
    // Nothing was created by the failures.
    assert!(m.server.requests().iter().all(|r| r.status == 422));
    let (_, ops) = m.get("operations", &[]).await;
    assert_eq!(ops["data"]["_meta"]["totalCount"], 0);
}

#[tokio::test]
async fn duplicate_order_numbers() {
    let m = Mock::start().await;
    let params = [("order_name", "o"), ("order_number", "dup"), ("amount", "0.01")];
    let first = m.invoice(&params).await;
    let (status, body) = m.get("invoices/new", &params).await;
    assert_eq!(status, 422);
    assert_eq!(error_data(&body)["code"], 103);
    assert_eq!(error_data(&body)["message"], r#"{"order_number":"Order number must be unique"}"#);
    let mut with_existing = params.to_vec();
    with_existing.push(("return_existing", "1"));
    let again = m.invoice(&with_existing).await;
    assert_eq!(again["txn_id"], first["txn_id"]);
    let (_, ops) = m.get("operations", &[]).await;
    assert_eq!(ops["data"]["_meta"]["totalCount"], 1);
}

#[tokio::test]
async fn invoice_details_by_api_key_or_view_key() {
    let m = Mock::start().await;
    let d = m
        .invoice(&[
            ("order_name", "Shoes"),
            ("order_number", "77"),
            ("currency", "LTC"),
            ("amount", "0.5"),
            ("email", "buyer@example.com"),
            ("allowed_psys_cids", "LTC,BTC"),
        ])
        .await;
    let txn = d["txn_id"].as_str().expect("txn");
    let (status, body) = m.get(&format!("invoices/{txn}"), &[]).await;
    assert_eq!(status, 200);
    let data = &body["data"];
    let inv = &data["invoice"];
    assert_eq!(inv["txn_id"], txn);
    assert_eq!(inv["status"], "new");
    assert_eq!(inv["status_code"], 1);
    assert!(inv["created_utc"].is_i64());
    assert!(inv["expire_utc"].is_i64());
    assert_eq!(inv["email_already_set"], true);
    assert_eq!(inv["tx_urls"], serde_json::Value::Null);
    assert!(inv["qr_url"].as_str().expect("qr_url").starts_with("http://127.0.0.1:"));
    assert_eq!(data["active_invoice_id"], txn);
    assert_eq!(data["shop"]["name"], "Plisio Mock Shop");
    assert_eq!(data["shop"]["allow_renew"], true);
    assert!(data["shop"].get("successUrl").is_some());
    assert_eq!(data["paysys"]["cid"], "LTC");
    assert_eq!(data["paysys"]["amount"], "0.50000000");
    let allowed: Vec<&str> =
        data["allowed_psys_cids"].as_array().expect("array of objects").iter().map(|c| c["cid"].as_str().expect("cid")).collect();
    assert_eq!(allowed, ["LTC", "BTC"]);

    let view = d["view_key"].as_str().expect("view_key");
    let url = format!("{}/invoices/{txn}?view_key={view}", m.server.url());
    let (status, body) = m.fetch(&url).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["invoice"]["txn_id"], txn);
    let (status, _) = m.fetch(&format!("{}/invoices/{txn}?view_key=wrong", m.server.url())).await;
    assert_eq!(status, 401);

    m.server.set_white_label(false);
    let (status, body) = m.get(&format!("invoices/{txn}"), &[]).await;
    assert_eq!(status, 400, "invoice-page data is a white-label feature");
    assert_eq!(error_data(&body)["code"], 400);
    m.server.set_white_label(true);

    let (status, body) = m.get("invoices/000000000000000000000000", &[]).await;
    assert_eq!(status, 404);
    assert_eq!(body, json!({"status":"error","data":{"name":"Not Found","message":"The specified resource does not exist","code":111}}));
}

#[tokio::test]
async fn redirect_to_invoice_on_hosted_shops() {
    let m = Mock::start().await;
    m.server.set_white_label(false);
    let resp = client()
        .get(m.api_url("invoices/new", &[("order_name", "o"), ("order_number", "r1"), ("amount", "0.01"), ("redirect_to_invoice", "1")]))
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status().as_u16(), 302);
    let location = resp.headers().get("location").and_then(|v| v.to_str().ok()).expect("location").to_owned();
    assert!(location.starts_with(&format!("{}/invoice/", m.server.root_url())), "{location}");
    // The hosted page exists.
    let page = client().get(&location).send().await.expect("page");
    assert_eq!(page.status().as_u16(), 200);
    assert!(page.text().await.expect("html").contains("0.01000000 BTC"));
}
