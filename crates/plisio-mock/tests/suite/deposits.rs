//! `shop(s)/deposit/new` and `shop(s)/deposit`.

use serde_json::json;

use crate::common::{Mock, error_data};

#[tokio::test]
async fn one_coin_gives_an_object_several_give_an_array() {
    let m = Mock::start().await;
    let (status, body) = m.get("shop/deposit/new", &[("uid", "USER-12345"), ("psys_cid", "BTC")]).await;
    assert_eq!(status, 200);
    let d = &body["data"];
    assert!(d.is_object());
    assert_eq!(d["uid"], "USER-12345");
    assert_eq!(d["psys_cid"], "BTC");
    let btc = d["hash"].as_str().expect("hash").to_owned();
    assert!(btc.starts_with("bc1q"), "{btc}");

    let (status, body) = m.get("shops/deposit/new", &[("uid", "USER-12345"), ("psys_cid", "BTC,ETH,USDT_TRX")]).await;
    assert_eq!(status, 200);
    let list = body["data"].as_array().expect("array");
    assert_eq!(list.len(), 3);
    assert_eq!(list[0]["hash"], btc, "the same address forever");
    assert_eq!(list[1]["psys_cid"], "ETH");
    let eth = list[1]["hash"].as_str().expect("eth");
    assert!(eth.starts_with("0x") && eth.len() == 42 && eth == eth.to_lowercase(), "{eth}");
    let trx = list[2]["hash"].as_str().expect("trx");
    assert!(trx.starts_with('T') && trx.len() == 34, "{trx}");
    assert!(list.iter().all(|i| i["uid"] == "USER-12345"));
}

#[tokio::test]
async fn addresses_are_stable_across_servers_and_distinct_per_user() {
    let a = Mock::start().await;
    let b = Mock::start().await;
    for coin in ["BTC", "LTC", "DOGE", "DASH", "BCH", "TZEC", "XMR", "ETH", "USDT_BSC", "TRX", "TON", "SOL", "USDC_BASE"] {
        let x = a.deposit("alice", coin).await;
        assert_eq!(x, a.deposit("alice", coin).await, "{coin}");
        assert_eq!(x, b.deposit("alice", coin).await, "{coin} across servers");
        assert_ne!(x, a.deposit("bob", coin).await, "{coin} per user");
    }
    for (coin, prefix) in [("LTC", "ltc1q"), ("DOGE", "D"), ("TZEC", "t1"), ("TON", "0:"), ("XMR", "4")] {
        assert!(a.deposit("carol", coin).await.starts_with(prefix), "{coin}");
    }
    let (_, list) = a.get("shop/deposit", &[("uid", "alice"), ("limit", "100")]).await;
    assert_eq!(list["data"].as_array().map(Vec::len), Some(13), "no duplicates stored");
}

#[tokio::test]
async fn deposit_validation_and_white_label() {
    let m = Mock::start().await;
    let (status, body) = m.get("shop/deposit/new", &[("psys_cid", "BTC")]).await;
    assert_eq!(status, 422);
    assert_eq!(
        body,
        json!({"status":"error","data":{"message":"{\"uid\":\"Missing required attribute\"}","code":103}}),
        "exactly the seed's shape: no name on the deposit endpoints"
    );
    let long = "u".repeat(256);
    let (status, body) = m.get("shop/deposit/new", &[("psys_cid", "BTC"), ("uid", &long)]).await;
    assert_eq!(status, 422);
    assert_eq!(error_data(&body)["message"], r#"{"uid":"Uid should contain at most 255 characters."}"#);
    let ok = "u".repeat(255);
    let (status, _) = m.get("shop/deposit/new", &[("psys_cid", "BTC"), ("uid", &ok)]).await;
    assert_eq!(status, 200);
    let (status, body) = m.get("shop/deposit/new", &[("uid", "x")]).await;
    assert_eq!(status, 422);
    assert_eq!(error_data(&body)["message"], r#"{"psys_cid":"Missing required attribute"}"#);
    let (status, body) = m.get("shop/deposit/new", &[("uid", "x"), ("psys_cid", "BTC,NOPE")]).await;
    assert_eq!(status, 422);
    assert_eq!(error_data(&body)["code"], 105);
    assert_eq!(error_data(&body)["message"], r#"Unsupported currency attribute value: {"psys_cid":"NOPE"}"#);

    m.server.set_white_label(false);
    for path in ["shop/deposit/new", "shops/deposit/new", "shop/deposit", "shops/deposit"] {
        let (status, body) = m.get(path, &[("uid", "x"), ("psys_cid", "BTC")]).await;
        assert_eq!(status, 400, "{path}");
        assert_eq!(
            body,
            json!({"status":"error","data":{"message":"White-label payment processing is disabled for this shop. Please enable White-label payment processing in your shop settings to activate this feature.","code":400}})
        );
    }
}

#[tokio::test]
async fn listing_filters_and_pages() {
    let m = Mock::start().await;
    for uid in ["u1", "u2", "u3"] {
        m.get("shop/deposit/new", &[("uid", uid), ("psys_cid", "BTC,ETH")]).await;
    }
    let (status, body) = m.get("shop/deposit", &[]).await;
    assert_eq!(status, 200);
    let all = body["data"].as_array().expect("array");
    assert_eq!(all.len(), 6);
    assert_eq!(all[0], json!({"uid":"u1","hash":all[0]["hash"],"psys_cid":"BTC"}));
    let (_, body) = m.get("shops/deposit", &[("uid", "u2")]).await;
    assert_eq!(body["data"].as_array().map(Vec::len), Some(2));
    let (_, body) = m.get("shop/deposit", &[("psys_cid", "ETH")]).await;
    let eth = body["data"].as_array().expect("array");
    assert_eq!(eth.len(), 3);
    assert!(eth.iter().all(|d| d["psys_cid"] == "ETH"));
    let (_, body) = m.get("shop/deposit", &[("page", "2"), ("limit", "4")]).await;
    let page2 = body["data"].as_array().expect("array");
    assert_eq!(page2.len(), 2);
    assert_eq!(page2[0]["uid"], "u3");
    let (_, body) = m.get("shop/deposit", &[("page", "3"), ("limit", "4")]).await;
    assert_eq!(body["data"], json!([]));
}
