//! Benchmarks: callback verification (both modes), operations-page decoding, and request round trips
//! against the in-process sandbox. Results are recorded in bench/RESULTS.md.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use plisio_core::callback::{Verifier, sign};
use plisio_core::{Client, OperationsQuery, decode_operations_body};

const SECRET: &str = "sk_bench_5f1c0a9d7e3b4c2a";

/// The seed's pay_in payload (a typical callback, ~700 bytes of JSON).
fn pay_in_payload() -> serde_json::Map<String, serde_json::Value> {
    serde_json::from_str(
        r#"{"amount":"2.000000","comment":"Invoice details: https://plisio.net/account/transactions/68da23e93ee47b52a808af13","confirmations":"37","currency":"USDT_TRX","deposit_sum":"1.978000","deposit_uid":"test8","invoice_commission":"0.022000","invoice_sum":"1.978000","invoice_total_sum":"2.000000","ipn_type":"pay_in","merchant":"Test shop","merchant_id":"5d09fcd84f1e66138d706ed8","pending_amount":"0.000000","psys_cid":"USDT_TRX","qr_code":"****","source_amount":"1.978000","source_currency":"USD","source_rate":"0.999920","status":"completed","tx_urls":["https://tronscan.org/#/transaction/571a","https://tronscan.org/#/transaction/e4f3"],"txn_id":"68da23e93ee47b52a808af13","wallet_hash":"TH3qJbF5Xg7Vd8nXzfWqSMYvKkYzQnUyCa"}"#,
    )
    .expect("valid payload")
}

fn form_fields() -> Vec<(String, String)> {
    pay_in_payload()
        .into_iter()
        .map(|(k, v)| match v {
            serde_json::Value::String(s) => (k, s),
            other => (k, sign::html_escape(&other.to_string().replace('/', "\\/"))),
        })
        .collect()
}

/// An operations page of `n` full operations shaped like the seed's cash_out item.
pub fn operations_body(n: usize) -> String {
    let mut ops = Vec::with_capacity(n);
    for i in 0..n {
        ops.push(format!(
            r#"{{"user_id":1,"shop_id":"607sdw35f4ee4a2b7t","type":"cash_out","status":"completed","pending_sum":"0.00000000","psys_cid":"ETH","currency":"ETH","source_currency":"USD","source_rate":"0.000216542551694120","fee":"0.00952","wallet_hash":"0x52908400098527886e0f7030069857d2e4169ee7","sendmany":null,"params":{{"fee":{{"gasLimit":"80000","gasPrice":"119","nonce":"","dynamicField":"gasPrice","plan":"normal","unit":"Gwai","value":"0.00952"}},"source_currency":"USD","source_rate":"0.000216542551694120"}},"expire_at_utc":null,"created_at_utc":{},"amount":"0.017948510338824132","sum":"0.027468510338824132","commission":"0.000000000000000000","tx_url":"https://etherscan.io/tx/0x{:064x}","tx_id":["0x{:064x}"],"id":"{:024x}","actual_sum":"0.017948510338824132","actual_commission":null,"actual_fee":0,"actual_invoice_sum":null,"status_code":3,"tx":[{{"url":"https://etherscan.io/tx/0x{:064x}","wallet_hash":["0x52908400098527886e0f7030069857d2e4169ee7"]}}]}}"#,
            1639734963 + i,
            i,
            i,
            i,
            i
        ));
    }
    format!(
        r#"{{"status":"success","data":{{"operations":[{}],"_links":{{"self":{{"href":"https://api.plisio.net/api/v1/operations?api_key=SECRET&page=1&per-page={n}"}},"next":{{"href":"https://api.plisio.net/api/v1/operations?api_key=SECRET&page=2&per-page={n}"}}}},"_meta":{{"totalCount":1000,"pageCount":10,"currentPage":1,"perPage":{n}}}}}}}"#,
        ops.join(",")
    )
}

fn callbacks(c: &mut Criterion) {
    let verifier = Verifier::new(SECRET).unwrap();
    let json = sign::json_body(&pay_in_payload(), SECRET);
    let signed = sign::form_fields(&form_fields(), SECRET);
    let urlencoded = sign::encode_urlencoded(&signed);
    let (mp_ct, multipart) = sign::encode_multipart(&signed, "----PlisioBoundary7MA4YWxkTrZu0gW");
    assert!(verifier.verify(json.as_bytes(), Some("application/json")).is_ok());
    assert!(verifier.verify(urlencoded.as_bytes(), Some("application/x-www-form-urlencoded")).is_ok());
    assert!(verifier.verify(&multipart, Some(&mp_ct)).is_ok());

    let mut g = c.benchmark_group("callback_verify");
    g.throughput(Throughput::Elements(1));
    g.bench_function("json/verifier", |b| b.iter(|| verifier.verify(black_box(json.as_bytes()), Some("application/json")).unwrap()));
    g.bench_function("json/check_signature_only", |b| {
        b.iter(|| verifier.check_signature(black_box(json.as_bytes()), Some("application/json")).unwrap())
    });
    g.bench_function("json/verify_fn", |b| {
        b.iter(|| plisio_core::callback::verify(black_box(json.as_bytes()), Some("application/json"), SECRET).unwrap())
    });
    g.bench_function("urlencoded/verifier", |b| {
        b.iter(|| verifier.verify(black_box(urlencoded.as_bytes()), Some("application/x-www-form-urlencoded")).unwrap())
    });
    g.bench_function("multipart/verifier", |b| b.iter(|| verifier.verify(black_box(&multipart), Some(&mp_ct)).unwrap()));
    g.finish();
}

fn decoding(c: &mut Criterion) {
    let mut g = c.benchmark_group("decode_operations_page");
    for n in [10usize, 100] {
        let body = operations_body(n);
        let page = decode_operations_body(body.as_bytes()).unwrap();
        assert_eq!(page.operations.len(), n);
        g.throughput(Throughput::Bytes(body.len() as u64));
        g.bench_function(format!("{n}_operations"), |b| b.iter(|| decode_operations_body(black_box(body.as_bytes())).unwrap()));
        // Reference point on the same machine: parsing the same bytes into an untyped serde_json::Value.
        g.bench_function(format!("{n}_operations_serde_json_value_baseline"), |b| {
            b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(body.as_bytes())).unwrap())
        });
    }
    g.finish();
}

fn round_trips(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let (mock, client) = rt.block_on(async {
        let mock = plisio_mock::MockServer::start(plisio_mock::MockConfig::default()).await.unwrap();
        mock.seed_operations(100, None, None);
        let client = Client::builder(mock.api_key()).base_url(mock.url()).build().unwrap();
        (mock, client)
    });
    let query = OperationsQuery { limit: Some(10), ..Default::default() };
    let mut g = c.benchmark_group("round_trip");
    g.throughput(Throughput::Elements(1));
    g.bench_function("operations_list_10", |b| b.to_async(&rt).iter(|| async { client.operations().list(&query).await.unwrap() }));
    g.bench_function("balances_get", |b| b.to_async(&rt).iter(|| async { client.balances().get("BTC").await.unwrap() }));
    g.bench_function("operations_list_10_x64_concurrent", |b| {
        b.to_async(&rt).iter(|| async {
            let calls = (0..64).map(|_| client.operations().list(&query));
            futures_util::future::try_join_all(calls).await.unwrap()
        })
    });
    g.finish();
    mock.clear_requests();
    drop(client);
    rt.block_on(mock.shutdown());
}

criterion_group!(benches, callbacks, decoding, round_trips);
criterion_main!(benches);
