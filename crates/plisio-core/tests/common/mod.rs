//! Shared helpers of the integration tests: a sandbox per test, and the conformance-call dispatcher.
#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Duration;

use plisio_core::money::parse_amount;
use plisio_core::*;
use plisio_mock::{MockConfig, MockServer};
use serde_json::Value;

pub async fn sandbox() -> (MockServer, Client) {
    let mock = MockServer::start(MockConfig::default()).await.expect("sandbox starts");
    let client = client_for(&mock, |b| b);
    (mock, client)
}

pub fn client_for(mock: &MockServer, f: impl FnOnce(ClientBuilder) -> ClientBuilder) -> Client {
    f(Client::builder(mock.api_key())
        .base_url(mock.url())
        .timeout(Duration::from_secs(10))
        .backoff(Duration::from_millis(5), Duration::from_millis(20)))
    .build()
    .expect("client builds")
}

pub fn conformance(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("valid vector file")
}

fn s<'a>(args: &'a Value, key: &str) -> &'a str {
    args.get(key).and_then(Value::as_str).unwrap_or("")
}

fn opt_s(args: &Value, key: &str) -> Option<String> {
    args.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn opt_u32(args: &Value, key: &str) -> Option<u32> {
    args.get(key).and_then(Value::as_u64).map(|v| v as u32)
}

fn strings(args: &Value, key: &str) -> Vec<String> {
    args.get(key).and_then(Value::as_array).map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()).unwrap_or_default()
}

fn pairs(args: &Value) -> Vec<(String, String)> {
    args.get("payouts")
        .and_then(Value::as_array)
        .map(|a| a.iter().map(|p| (p[0].as_str().unwrap_or("").to_owned(), p[1].as_str().unwrap_or("").to_owned())).collect())
        .unwrap_or_default()
}

fn view<T: serde::Serialize>(r: Result<T>) -> Result<Value> {
    r.map(|v| serde_json::to_value(v).expect("models serialise"))
}

/// Perform the conformance call `call` with `args`; the result as its serde view.
pub async fn call(client: &Client, call: &str, args: &Value) -> Result<Value> {
    match call {
        "operations.list" => {
            let q = OperationsQuery {
                page: opt_u32(args, "page"),
                limit: opt_u32(args, "limit"),
                r#type: opt_s(args, "type").map(OperationType::from),
                status: opt_s(args, "status").map(Status::from),
                currency: opt_s(args, "currency"),
                shop_id: opt_s(args, "shop_id"),
                search: opt_s(args, "search"),
            };
            view(client.operations().list(&q).await)
        }
        "operations.get" => view(client.operations().get(s(args, "id")).await),
        "withdrawals.cash_out" => {
            let req = CashOut::parse(s(args, "currency"), s(args, "to"), s(args, "amount"), args.get("fee_plan").and_then(Value::as_str))?;
            view(client.withdrawals().cash_out(&req).await)
        }
        "withdrawals.mass_cash_out" => {
            let req = MassCashOut::parse(s(args, "currency"), &pairs(args), args.get("fee_plan").and_then(Value::as_str))?;
            view(client.withdrawals().mass_cash_out(&req).await)
        }
        "withdrawals.mass_cash_out_lists" => {
            let amounts = strings(args, "amounts")
                .iter()
                .enumerate()
                .map(|(i, a)| parse_amount(&format!("payouts[{i}].amount"), a))
                .collect::<Result<Vec<_>>>()?;
            let req = MassCashOut::from_lists(s(args, "currency"), strings(args, "to"), amounts, None)?;
            view(client.withdrawals().mass_cash_out(&req).await)
        }
        "deposits.create" => view(client.deposits().create(s(args, "uid"), &strings(args, "currencies")).await),
        "deposits.list" => {
            let q = DepositsQuery {
                uid: opt_s(args, "uid"),
                currencies: strings(args, "currencies"),
                page: opt_u32(args, "page"),
                limit: opt_u32(args, "limit"),
            };
            view(client.deposits().list(&q).await)
        }
        "balances.get" => view(client.balances().get(s(args, "currency")).await),
        "fees.plans" => view(client.fees().plans(s(args, "currency")).await),
        "fees.commission" => {
            let req = CommissionRequest { currency: s(args, "currency").to_owned(), ..Default::default() };
            view(client.fees().commission(&req).await)
        }
        "fees.estimate" => {
            let req =
                FeeEstimateRequest { currency: s(args, "currency").to_owned(), payouts: parse_payouts(&pairs(args))?, fee_plan: None };
            view(client.fees().estimate(&req).await)
        }
        "currencies.list" => view(client.currencies().list(args.get("fiat").and_then(Value::as_str)).await),
        "shop.get" => view(client.shop().get().await),
        "invoices.create" => {
            let amount = |k: &str| opt_s(args, k).map(|a| parse_amount(k, &a)).transpose();
            let inv = NewInvoice {
                order_name: s(args, "order_name").to_owned(),
                order_number: s(args, "order_number").to_owned(),
                currency: opt_s(args, "currency"),
                amount: amount("amount")?,
                source_currency: opt_s(args, "source_currency"),
                source_amount: amount("source_amount")?,
                callback_url: opt_s(args, "callback_url"),
                ..Default::default()
            };
            view(client.invoices().create(&inv).await)
        }
        "invoices.get" => view(client.invoices().get(s(args, "id")).await),
        other => panic!("unknown conformance call {other}"),
    }
}

/// Read a dotted path (`operations.1.sum`) out of a JSON view.
pub fn lookup<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(root, |v, seg| match v {
        Value::Object(m) => m.get(seg),
        Value::Array(a) => seg.parse::<usize>().ok().and_then(|i| a.get(i)),
        _ => None,
    })
}

/// Compare an expected vector value with the view: integers expected where a date-time is found are
/// compared as unix seconds.
pub fn same(expected: &Value, actual: Option<&Value>) -> bool {
    let actual = actual.unwrap_or(&Value::Null);
    if let (Some(secs), Value::String(s)) = (expected.as_i64(), actual) {
        if let Ok(dt) = chrono_parse(s) {
            return dt == secs;
        }
    }
    expected == actual
}

fn chrono_parse(s: &str) -> std::result::Result<i64, chrono::ParseError> {
    chrono::DateTime::parse_from_rfc3339(s).map(|d| d.timestamp())
}
