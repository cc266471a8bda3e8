//! `operations` (pagination, filters, list quirks) and `operations/{id}` (detail quirks).

use rust_decimal::Decimal;
use serde_json::Value;

use crate::common::{Mock, error_data};

#[tokio::test]
async fn pagination_meta_and_links_echo_the_api_key() {
    let m = Mock::start().await;
    assert_eq!(m.server.seed_operations(25, None, None), 25);
    let (status, body) = m.get("operations", &[("page", "2"), ("limit", "10")]).await;
    assert_eq!(status, 200);
    let data = &body["data"];
    assert_eq!(data["operations"].as_array().map(Vec::len), Some(10));
    assert_eq!(data["_meta"], serde_json::json!({"totalCount": 25, "pageCount": 3, "currentPage": 2, "perPage": 10}));
    let base = format!("{}/operations?api_key=sk_test_plisio_mock", m.server.url());
    let links = &data["_links"];
    assert_eq!(links["self"]["href"], format!("{base}&page=2&limit=10&per-page=10"));
    assert_eq!(links["first"]["href"], format!("{base}&page=1&limit=10&per-page=10"));
    assert_eq!(links["prev"]["href"], format!("{base}&page=1&limit=10&per-page=10"));
    assert_eq!(links["next"]["href"], format!("{base}&page=3&limit=10&per-page=10"));
    assert_eq!(links["last"]["href"], format!("{base}&page=3&limit=10&per-page=10"));

    // Following `next` works (the link carries `per-page`, which the API accepts too).
    let next = links["next"]["href"].as_str().expect("next").to_owned();
    let (_, page3) = m.fetch(&next).await;
    assert_eq!(page3["data"]["operations"].as_array().map(Vec::len), Some(5));
    assert!(page3["data"]["_links"].get("next").is_none());
    assert!(page3["data"]["_links"].get("prev").is_some());

    // Defaults: page 1, 10 per page, no prev.
    let (_, first) = m.get("operations", &[]).await;
    assert_eq!(first["data"]["_meta"]["perPage"], 10);
    assert_eq!(first["data"]["_meta"]["currentPage"], 1);
    assert!(first["data"]["_links"].get("prev").is_none());
    assert_eq!(first["data"]["_links"]["next"]["href"], format!("{base}&page=2&per-page=10"));

    // Every id appears exactly once across the pages.
    let mut ids = std::collections::BTreeSet::new();
    for page in 1..=3 {
        let (_, b) = m.get("operations", &[("page", &page.to_string())]).await;
        for op in b["data"]["operations"].as_array().expect("ops") {
            assert!(ids.insert(op["id"].as_str().expect("id").to_owned()));
        }
    }
    assert_eq!(ids.len(), 25);

    // Beyond the last page: empty, with self/first/last.
    let (_, beyond) = m.get("operations", &[("page", "9")]).await;
    assert_eq!(beyond["data"]["operations"].as_array().map(Vec::len), Some(0));
    assert_eq!(beyond["data"]["_meta"]["currentPage"], 9);
}

#[tokio::test]
async fn empty_history_has_only_a_self_link() {
    let m = Mock::start().await;
    let (_, body) = m.get("operations", &[]).await;
    let links = body["data"]["_links"].as_object().expect("links");
    assert_eq!(links.keys().collect::<Vec<_>>(), ["self"]);
    assert_eq!(body["data"]["_meta"]["pageCount"], 0);
}

#[tokio::test]
async fn limit_and_page_are_validated() {
    let m = Mock::start().await;
    for (k, v) in [("limit", "0"), ("limit", "101"), ("limit", "x"), ("page", "0"), ("page", "-1")] {
        let (status, body) = m.get("operations", &[(k, v)]).await;
        assert_eq!(status, 422, "{k}={v}");
        assert_eq!(error_data(&body)["code"], 103);
        let message: Value = serde_json::from_str(error_data(&body)["message"].as_str().expect("string")).expect("json");
        assert!(message.get(k).is_some(), "{message}");
    }
    let (status, body) = m.get("operations", &[("limit", "100")]).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["_meta"]["perPage"], 100);
}

#[tokio::test]
async fn filters_and_search() {
    let m = Mock::start().await;
    m.server.seed_operations(8, None, None);
    m.server.seed_operations(3, Some("cash_out"), Some("ETH"));
    let (_, body) = m.get("operations", &[("type", "cash_out"), ("currency", "ETH"), ("limit", "100")]).await;
    let ops = body["data"]["operations"].as_array().expect("ops");
    assert_eq!(ops.len(), 3 + 1, "3 seeded + the rotation's ETH cash_out");
    assert!(ops.iter().all(|o| o["type"] == "cash_out" && o["psys_cid"] == "ETH"));

    let (_, body) = m.get("operations", &[("type", "invoice")]).await;
    assert_eq!(body["data"]["_meta"]["totalCount"], 2);
    let (_, body) = m.get("operations", &[("status", "pending internal")]).await;
    assert_eq!(body["data"]["_meta"]["totalCount"], 0);
    let (_, body) = m.get("operations", &[("status", "expired")]).await;
    assert!(body["data"]["operations"].as_array().expect("ops").iter().all(|o| o["status"] == "expired"));

    // search by operation id, by tx id, by order number
    let (_, all) = m.get("operations", &[("limit", "100")]).await;
    let target = all["data"]["operations"]
        .as_array()
        .expect("ops")
        .iter()
        .find(|o| o["tx_id"].is_array() && o["type"] == "cash_in")
        .expect("an operation with a transaction");
    let id = target["id"].as_str().expect("id");
    let (_, found) = m.get("operations", &[("search", id)]).await;
    assert_eq!(found["data"]["_meta"]["totalCount"], 1);
    assert_eq!(found["data"]["operations"][0]["id"], id);
    let txid = target["tx_id"][0].as_str().expect("tx id");
    let (_, found) = m.get("operations", &[("search", txid)]).await;
    assert_eq!(found["data"]["operations"][0]["id"], id);
    let (_, found) = m.get("operations", &[("search", "no-such-thing")]).await;
    assert_eq!(found["data"]["_meta"]["totalCount"], 0);

    m.invoice(&[("order_name", "o"), ("order_number", "ORD-42"), ("amount", "0.01"), ("email", "a@b.co")]).await;
    let (_, found) = m.get("operations", &[("search", "ORD-42")]).await;
    assert_eq!(found["data"]["_meta"]["totalCount"], 1);
    let (_, found) = m.get("operations", &[("search", "a@b.co")]).await;
    assert_eq!(found["data"]["_meta"]["totalCount"], 1);
    let (_, found) = m.get("operations", &[("shop_id", "6650c0ffee5d0a11b00c1d01"), ("limit", "100")]).await;
    assert!(found["data"]["operations"].as_array().expect("ops").iter().all(|o| o["type"] == "invoice"));

    let (status, body) = m.get("operations", &[("type", "payout")]).await;
    assert_eq!(status, 422);
    assert_eq!(error_data(&body)["code"], 103);
    let (status, body) = m.get("operations", &[("currency", "NOPE")]).await;
    assert_eq!(status, 422);
    assert_eq!(error_data(&body)["code"], 105);
}

#[tokio::test]
async fn newest_first() {
    let m = Mock::start().await;
    m.server.seed_operations(5, None, None);
    let w = m
        .get(
            "operations/withdraw",
            &[("currency", "BTC"), ("type", "cash_out"), ("to", "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh"), ("amount", "0.001")],
        )
        .await;
    assert_eq!(w.0, 201);
    let (_, body) = m.get("operations", &[]).await;
    let ops = body["data"]["operations"].as_array().expect("ops");
    assert_eq!(ops[0]["id"], w.1["data"]["id"]);
    let times: Vec<i64> = ops.iter().map(|o| o["created_at_utc"].as_i64().expect("int")).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");
}

#[tokio::test]
async fn list_items_have_the_list_quirks() {
    let m = Mock::start().await;
    m.server.seed_operations(8, None, Some("BTC"));
    let (_, body) = m.get("operations", &[]).await;
    let ops = body["data"]["operations"].as_array().expect("ops");
    let by_type = |t: &str| ops.iter().find(|o| o["type"] == t).cloned().expect("type present");
    for op in ops {
        assert!(op["user_id"].is_i64());
        assert!(op["status_code"].is_i64());
        assert_eq!(op["pending_sum"].as_str().map(|s| s.len()), Some(10), "string with 8 decimals: {op}");
        assert!(op["tx"].is_array());
        assert!(op["created_at_utc"].is_i64());
    }
    let cash_in = by_type("cash_in");
    assert!(cash_in["sum"].is_number(), "cash_in sum is a JSON number");
    assert_eq!(cash_in["params"], serde_json::json!([]), "empty params are []");
    assert!(cash_in["shop_id"].is_null());
    assert!(cash_in["fee"].is_null());
    assert!(cash_in["tx_url"].is_array());
    let cash_out = by_type("cash_out");
    assert!(cash_out["sum"].is_string());
    assert!(cash_out["tx_url"].is_string(), "withdrawals carry a string tx_url, as in the docs");
    assert!(cash_out["tx_id"].is_array());
    assert!(["normal", "priority"].contains(&cash_out["params"]["fee"]["plan"].as_str().expect("plan")));
    assert!(cash_out["params"]["fee"]["conf_target"].is_i64());
    let invoice = ops.iter().find(|o| o["type"] == "invoice" && o["status"] == "completed").expect("paid invoice");
    assert!(invoice["shop_id"].is_string());
    assert!(invoice["tx_url"].is_array());
    assert!(invoice["txn_id"].is_string());
    let mass = by_type("mass_cash_out");
    assert_eq!(mass["sendmany"].as_object().map(|m| m.len()), Some(2));

    // The JSON number is exact in the raw text.
    let (_, text) = m.get_text("operations", &[("type", "cash_in")]).await;
    let sum = cash_in["amount"].as_str().expect("amount");
    assert!(text.contains(&format!("\"sum\":{sum}")), "{text}");
}

#[tokio::test]
async fn detail_has_the_detail_quirks() {
    let m = Mock::start().await;
    let (status, w) = m
        .get(
            "operations/withdraw",
            &[
                ("currency", "BTC"),
                ("type", "mass_cash_out"),
                ("to", "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh,3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"),
                ("amount", "0.0002,0.0002"),
            ],
        )
        .await;
    assert_eq!(status, 201);
    let id = w["data"]["id"].as_str().expect("id");
    let (status, body) = m.get(&format!("operations/{id}"), &[]).await;
    assert_eq!(status, 200);
    let d = &body["data"];
    assert_eq!(d["id"], id);
    assert_eq!(d["type"], "mass_cash_out");
    assert_eq!(d["status"], "completed");
    assert_eq!(d["status_code"], 3);
    assert_eq!(d["pending_sum"], 0, "a JSON number here");
    assert!(d["confirmations"].is_i64());
    assert!(d["tx_url"].is_string());
    assert!(d["commissionPayment"].is_i64());
    assert_eq!(d["commis_percent"], "0");
    assert_eq!(d["commis_sum"], "0.00000000");
    assert_eq!(d["amount"], "0.00040000");
    assert_eq!(
        d["sendmany"],
        serde_json::json!({"bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh":"0.00020000","3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy":"0.00020000"})
    );
    let fee = d["fee"].as_str().expect("fee");
    assert_eq!(fee, "0.00000860", "5 sat/vB × (110 + 2×31) vB");
    assert_eq!(d["params"]["fee"], serde_json::json!({"conf_target": 6, "plan": "normal", "value": fee}));
    assert_eq!(d["memo"], "mass_cash_out 0.00040860 with commission 0% (0.00000000) including normal fee plan (0.00000860)");
    let tx = &d["tx"][0];
    assert_eq!(tx["processed"], true);
    assert_eq!(tx["value"], "0.00040000");
    let sum: Decimal = d["sum"].as_str().expect("sum").parse().expect("dec");
    assert_eq!(sum, "0.0004086".parse::<Decimal>().expect("dec"));

    let (status, body) = m.get("operations/5edf873d9ed3a558712be543", &[]).await;
    assert_eq!(status, 404);
    assert_eq!(error_data(&body)["code"], 111);
    assert_eq!(error_data(&body)["name"], "Not Found");
}
