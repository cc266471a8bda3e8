//! `operations/withdraw`.

use rust_decimal::Decimal;
use serde_json::Value;

use crate::common::{Mock, error_data};

const BTC_ADDR: &str = "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh";
const ETH_ADDR: &str = "0x742d35cc6634c0532925a3b844bc454e4438f44e";

fn dec(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

#[tokio::test]
async fn cash_out_debits_amount_plus_fee_and_answers_201() {
    let m = Mock::start().await;
    let (status, body) =
        m.get("operations/withdraw", &[("currency", "BTC"), ("type", "cash_out"), ("to", BTC_ADDR), ("amount", "0.002")]).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["status"], "success");
    let d = &body["data"];
    assert_eq!(d["type"], "cash_out");
    assert_eq!(d["status"], "completed");
    assert_eq!(d["psys_cid"], "BTC");
    assert_eq!(d["currency"], "BTC");
    assert_eq!(d["source_currency"], "USD");
    assert_eq!(d["source_rate"], "0.00001538");
    assert_eq!(d["amount"], "0.00200000");
    assert_eq!(d["fee"], "0.00000705");
    assert_eq!(d["wallet_hash"], BTC_ADDR);
    assert!(d.get("sendmany").is_none());
    assert_eq!(d["params"]["fee"], serde_json::json!({"conf_target": 6, "plan": "normal", "value": "0.00000705"}));
    assert!(d["created_at_utc"].is_i64());
    let id = d["id"].as_str().expect("id");
    assert_eq!(d["txn_id"], id);
    let txid = d["tx_id"][0].as_str().expect("tx id");
    assert_eq!(txid.len(), 64);
    assert_eq!(d["tx_url"], format!("https://blockchair.com/bitcoin/transaction/{txid}"));

    assert_eq!(m.server.balance("BTC"), Some(dec("1.5") - dec("0.002") - dec("0.00000705")));
    let (_, bal) = m.get("balances/BTC", &[]).await;
    assert_eq!(bal["data"]["balance"], "1.49799295");

    let (status, op) = m.get(&format!("operations/{id}"), &[]).await;
    assert_eq!(status, 200);
    assert_eq!(op["data"]["wallet_hash"], BTC_ADDR);
    assert_eq!(op["data"]["sum"], "0.00200705");
    let (_, list) = m.get("operations", &[("type", "cash_out")]).await;
    assert_eq!(list["data"]["_meta"]["totalCount"], 1);
}

#[tokio::test]
async fn psys_cid_alias_fee_plans_and_evm_params() {
    let m = Mock::start().await;
    let (status, body) = m
        .get(
            "operations/withdraw",
            &[("psys_cid", "ETH"), ("currency", "ETH"), ("type", "cash_out"), ("to", ETH_ADDR), ("amount", "0.5"), ("feePlan", "priority")],
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let d = &body["data"];
    assert_eq!(d["fee"], "0.001071000000000000");
    assert_eq!(d["amount"], "0.500000000000000000");
    assert_eq!(d["params"]["fee"]["gasLimit"], "21000");
    assert_eq!(d["params"]["fee"]["gasPrice"], "51");
    assert_eq!(d["params"]["fee"]["plan"], "priority");
    assert!(d["tx_url"].as_str().expect("url").starts_with("https://etherscan.io/tx/0x"));
    assert_eq!(m.server.balance("ETH"), Some(dec("25") - dec("0.501071")));

    let (status, body) = m
        .get("operations/withdraw", &[("psys_cid", "ETH"), ("currency", "BTC"), ("type", "cash_out"), ("to", ETH_ADDR), ("amount", "1")])
        .await;
    assert_eq!(status, 422);
    assert_eq!(error_data(&body)["code"], 103);
    let (status, body) = m
        .get("operations/withdraw", &[("currency", "ETH"), ("type", "cash_out"), ("to", ETH_ADDR), ("amount", "1"), ("feePlan", "turbo")])
        .await;
    assert_eq!(status, 422);
    assert_eq!(error_data(&body)["message"], r#"{"feePlan":"Invalid fee plan"}"#);
    // feeRate overrides the plan's rate (gwei for EVM).
    let (status, body) = m
        .get("operations/withdraw", &[("currency", "ETH"), ("type", "cash_out"), ("to", ETH_ADDR), ("amount", "0.1"), ("feeRate", "10")])
        .await;
    assert_eq!(status, 201);
    assert_eq!(body["data"]["fee"], "0.000210000000000000");
    assert_eq!(body["data"]["params"]["fee"]["plan"], "custom");
}

#[tokio::test]
async fn mass_cash_out_uses_sendmany() {
    let m = Mock::start().await;
    let to = "TJRabPrwbZy45sbavfcjinPJC18kjpRTv8,TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf,THPvaUhoh2Qn2y9THCZML3H815hhFhn5YC";
    let (status, body) = m
        .get("operations/withdraw", &[("currency", "USDT_TRX"), ("type", "mass_cash_out"), ("to", to), ("amount", "10,20.5,0.000001")])
        .await;
    assert_eq!(status, 201, "{body}");
    let d = &body["data"];
    assert_eq!(d["type"], "mass_cash_out");
    assert_eq!(d["currency"], "USDT");
    assert_eq!(d["amount"], "30.500001");
    assert!(d.get("wallet_hash").is_none());
    let sendmany = d["sendmany"].as_object().expect("sendmany object");
    assert_eq!(sendmany.len(), 3);
    assert_eq!(sendmany["TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf"], "20.500000");
    // 3 outputs × 13.4 TRX × 0.12 USD = 4.824 USDT
    assert_eq!(d["fee"], "4.824000");
    assert_eq!(m.server.balance("USDT_TRX"), Some(dec("100000") - dec("30.500001") - dec("4.824")));
}

/// Query, expected code, expected message.
type Case<'a> = (&'a [(&'a str, &'a str)], u64, &'a str);

#[tokio::test]
async fn withdraw_validation() {
    let m = Mock::start().await;
    let (status, body) = m.get("operations/withdraw", &[]).await;
    assert_eq!(status, 422);
    assert_eq!(
        error_data(&body)["message"],
        r#"{"currency":"Missing required attribute","type":"Missing required attribute","to":"Missing required attribute","amount":"Missing required attribute"}"#
    );
    let cases: &[Case] = &[
        (&[("currency", "BTC"), ("type", "cash_out"), ("to", "bad address"), ("amount", "0.1")], 103, r#"{"to":"Invalid address"}"#),
        (&[("currency", "ETH"), ("type", "cash_out"), ("to", "0x1234"), ("amount", "0.1")], 103, r#"{"to":"Invalid address"}"#),
        (&[("currency", "BTC"), ("type", "cash_out"), ("to", BTC_ADDR), ("amount", "0.000000001")], 103, r#"{"amount":"Invalid amount"}"#),
        (&[("currency", "BTC"), ("type", "cash_out"), ("to", BTC_ADDR), ("amount", "-1")], 103, r#"{"amount":"Invalid amount"}"#),
        (
            &[("currency", "BTC"), ("type", "mass_cash_out"), ("to", BTC_ADDR), ("amount", "0.1,0.2")],
            103,
            r#"{"amount":"The number of amounts must match the number of addresses"}"#,
        ),
        (
            &[("currency", "BTC"), ("type", "payout"), ("to", BTC_ADDR), ("amount", "0.1")],
            103,
            r#"{"type":"Type must be cash_out or mass_cash_out"}"#,
        ),
        (
            &[("currency", "BTCX"), ("type", "cash_out"), ("to", BTC_ADDR), ("amount", "0.1")],
            105,
            r#"Unsupported currency attribute value: {"currency":"BTCX"}"#,
        ),
    ];
    for (params, code, message) in cases {
        let (status, body) = m.get("operations/withdraw", params).await;
        assert_eq!(status, 422, "{params:?}");
        assert_eq!(error_data(&body)["code"], *code, "{params:?}");
        assert_eq!(error_data(&body)["message"], *message, "{params:?}");
    }
    assert_eq!(m.server.balance("BTC"), Some(dec("1.5")));
    // Absurd inputs are rejected, never a crash.
    for (k, v) in [("amount", "79228162514264337593543950335"), ("feeRate", "99999999999999999"), ("feeRate", "abc")] {
        let mut params = vec![("currency", "ETH"), ("type", "cash_out"), ("to", ETH_ADDR), ("amount", "1")];
        params.retain(|(pk, _)| *pk != k);
        params.push((k, v));
        let (status, body) = m.get("operations/withdraw", &params).await;
        assert_eq!(status, 422, "{k}={v}: {body}");
        assert_eq!(error_data(&body)["code"], 103);
    }
    m.server.set_balance("BTC", Decimal::MAX);
    let (status, _) = m.get("balances/BTC", &[]).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn insufficient_funds_leaves_everything_untouched() {
    let m = Mock::start().await;
    m.server.set_balance("BTC", dec("0.002"));
    // 0.002 + fee > 0.002
    let (status, body) =
        m.get("operations/withdraw", &[("currency", "BTC"), ("type", "cash_out"), ("to", BTC_ADDR), ("amount", "0.002")]).await;
    assert_eq!(status, 422);
    assert_eq!(
        body,
        serde_json::json!({"status":"error","data":{"name":"Unprocessable entity","message":"{\"balance\":\"Insufficient funds on balance\"}","code":116}})
    );
    assert_eq!(m.server.balance("BTC"), Some(dec("0.002")));
    let (_, list) = m.get("operations", &[]).await;
    assert_eq!(list["data"]["_meta"]["totalCount"], 0);
    // Just enough works.
    let (status, _) =
        m.get("operations/withdraw", &[("currency", "BTC"), ("type", "cash_out"), ("to", BTC_ADDR), ("amount", "0.00199295")]).await;
    assert_eq!(status, 201);
    assert_eq!(m.server.balance("BTC"), Some(Decimal::ZERO));
    let (_, v): (u16, Value) = m.get("balances/BTC", &[]).await;
    assert_eq!(v["data"]["balance"], "0.00000000");
}
