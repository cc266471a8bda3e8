//! `operations/fee`, `operations/commission`, `operations/fee-plan`.

use serde_json::json;

use crate::common::{Mock, error_data};

const BTC_ADDR: &str = "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh";
const BTC_ADDR2: &str = "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy";

#[tokio::test]
async fn fee_estimate() {
    let m = Mock::start().await;
    let (status, body) = m.get("operations/fee/BTC", &[("addresses", BTC_ADDR), ("amounts", "0.01")]).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"], json!({"fee":"0.00000705","psys_cid":"BTC","currency":"BTC","plan":"normal"}));
    let (_, body) = m
        .get("operations/fee/BTC", &[("addresses", &format!("{BTC_ADDR},{BTC_ADDR2}")), ("amounts", "0.01,0.02"), ("feePlan", "priority")])
        .await;
    assert_eq!(body["data"]["fee"], "0.00002064", "12 sat/vB × 172 vB");
    assert_eq!(body["data"]["plan"], "priority");
    let (_, body) = m.get("operations/fee/USDT_TRX", &[("addresses", "TJRabPrwbZy45sbavfcjinPJC18kjpRTv8"), ("amounts", "5")]).await;
    assert_eq!(body["data"], json!({"fee":"1.608000","psys_cid":"USDT_TRX","currency":"USDT","plan":"normal"}));

    let (status, body) = m.get("operations/fee/BTC", &[("addresses", BTC_ADDR)]).await;
    assert_eq!(status, 422);
    assert_eq!(error_data(&body)["message"], r#"{"amounts":"Missing required attribute"}"#);
    let (_, body) = m.get("operations/fee/BTC", &[("addresses", BTC_ADDR), ("amounts", "0.1,0.2")]).await;
    assert_eq!(error_data(&body)["message"], r#"{"amounts":"The number of amounts must match the number of addresses"}"#);
    let (status, body) = m.get("operations/fee/NOPE", &[("addresses", BTC_ADDR), ("amounts", "1")]).await;
    assert_eq!(status, 422);
    assert_eq!(error_data(&body)["code"], 105);
    // More than the balance: the fee cannot be estimated (400, code 115, as in the withdrawal page).
    let (status, body) = m.get("operations/fee/BTC", &[("addresses", BTC_ADDR), ("amounts", "2")]).await;
    assert_eq!(status, 400);
    assert_eq!(error_data(&body)["code"], 115);
    assert_eq!(error_data(&body)["name"], "Bad Request");
}

#[tokio::test]
async fn commission_estimate_keeps_the_string_quirks() {
    let m = Mock::start().await;
    let (status, body) = m.get("operations/commission/ETH", &[("feePlan", "priority")]).await;
    assert_eq!(status, 200);
    let d = &body["data"];
    assert_eq!(d["fee"], "0.001071000000000000");
    assert_eq!(d["commission"], "0.001071000000000000");
    assert_eq!(d["plan"], "priority");
    assert_eq!(d["useWallet"], "false", "a string, not a bool");
    assert_eq!(d["useWalletBalance"], "null", "a string, not null");
    assert_eq!(d["plans"]["normal"], json!({"gasLimit":"21000","gasPrice":"44000000000","value":"0.000924000000000000"}));
    assert!(d["plans"]["priority"]["gasPrice"].is_string());

    // Invoices pay the shop's commission percent (1%) on top of the fee.
    let (_, body) = m.get("operations/commission/BTC", &[("addresses", BTC_ADDR), ("amounts", "0.1"), ("type", "invoice")]).await;
    assert_eq!(body["data"]["fee"], "0.00000705");
    assert_eq!(body["data"]["commission"], "0.00100705");
    assert!(body["data"]["plans"]["normal"]["conf_target"].is_i64());
    let (status, body) = m.get("operations/commission/BTC", &[("type", "gift")]).await;
    assert_eq!(status, 422);
    assert_eq!(error_data(&body)["code"], 103);
}

#[tokio::test]
async fn fee_plans_have_the_chain_shapes() {
    let m = Mock::start().await;
    let (status, text) = m.get_text("operations/fee-plan/XMR", &[]).await;
    assert_eq!(status, 200);
    assert_eq!(
        text, r#"{"status":"success","data":{"normal":{"conf_target":0,"value":0.000222},"priority":{"conf_target":2,"value":0.000444}}}"#,
        "XMR values are JSON numbers written exactly"
    );
    let (_, body) = m.get("operations/fee-plan/ETH", &[]).await;
    assert_eq!(body["data"]["normal"], json!({"gasLimit":"21000","gasPrice":"44000000000","value":"0.000924000000000000"}));
    assert_eq!(body["data"].as_object().map(|o| o.len()), Some(3));
    let (_, body) = m.get("operations/fee-plan/BTC", &[]).await;
    assert_eq!(body["data"]["normal"], json!({"conf_target":6,"feeRate":"5","feeRateUnit":"sat/vB","value":"0.00000705"}));
    assert_eq!(body["data"]["economy"]["conf_target"], 12);
    assert_eq!(body["data"]["priority"]["conf_target"], 2);
    let (_, body) = m.get("operations/fee-plan/TRX", &[]).await;
    assert_eq!(body["data"]["normal"]["value"], "1.100000");
    assert_eq!(body["data"]["normal"]["feeUnit"], "TRX");
    let (status, body) = m.get("operations/fee-plan/BTCX", &[]).await;
    assert_eq!(status, 422);
    assert_eq!(error_data(&body)["message"], r#"Unsupported currency attribute value: {"currency":"BTCX"}"#);
}
