//! The `plisio` binary, end to end, against the sandbox: `--sandbox` (embedded) or a `plisio-mock`
//! started by the test, whose request log proves what was (not) sent.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::prelude::*;
use plisio_mock::{Fault, FaultKind, MockConfig, MockServer};
use predicates::prelude::*;
use serde_json::Value;

const A: &str = "1BoatSLRHtKNngkdXEeobR76b53LETtpyT";
const B: &str = "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy";
const C: &str = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";
/// `A` with its 20th character mistyped.
const A_TYPO: &str = "1BoatSLRHtKNngkdXEeobS76b53LETtpyT";

/// The binary with a clean environment (no key or base URL leaking in from the developer's shell).
fn plisio() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_plisio"));
    c.env_remove("PLISIO_API_KEY").env_remove("PLISIO_BASE_URL").env_remove("PLISIO_CALLBACK_SECRET").env("NO_COLOR", "1");
    c
}

/// The binary pointed at `mock`, the key passed through the environment.
fn against(mock: &MockServer) -> Command {
    let mut c = plisio();
    c.env("PLISIO_API_KEY", mock.api_key()).args(["--base-url", &mock.url()]);
    c
}

fn mock() -> MockServer {
    MockServer::start_blocking(MockConfig::default()).expect("sandbox starts")
}

fn stdout_json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn withdraw_requests(mock: &MockServer) -> usize {
    mock.requests().iter().filter(|r| r.path.ends_with("operations/withdraw")).count()
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

// ------------------------------------------------------------------------------------------------
// Global behaviour

#[test]
fn help_documents_commands_and_exit_codes() {
    let out = plisio().arg("--help").output().unwrap();
    assert!(out.status.success());
    let text = stdout(&out);
    for needle in [
        "operations",
        "withdraw",
        "deposits",
        "invoices",
        "balance",
        "currencies",
        "fees",
        "shop",
        "callback",
        "mock",
        "demo",
        "--sandbox",
        "--json",
    ] {
        assert!(text.contains(needle), "--help lacks {needle}");
    }
    for code in [
        "0  success",
        "2  usage",
        "3  invalid input",
        "4  authentication",
        "5  Plisio refused",
        "6  network",
        "7  OUTCOME UNKNOWN",
        "8  callback",
    ] {
        assert!(text.contains(code), "--help lacks exit code line {code:?}");
    }
    plisio().arg("--version").assert().success().stdout(predicate::str::starts_with("plisio "));
}

#[test]
fn missing_key_and_bad_arguments_are_usage_errors() {
    let out = plisio().arg("shop").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("plisio: error: no API key"), "{err}");
    plisio().args(["withdraw", "--currency", "BTC"]).assert().code(2);
    plisio().args(["--sandbox", "operations", "list", "--limit", "0"]).assert().code(3).stderr(predicate::str::contains("limit"));
    // A key is never sent in clear text to a remote host.
    let out = plisio()
        .env("PLISIO_API_KEY", "sk_live_secret_value_123")
        .args(["--base-url", "http://api.example.com/api/v1", "shop"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!stderr(&out).contains("sk_live_secret_value_123"));
}

#[test]
fn a_refused_key_is_one_line_without_the_key() {
    let mock = mock();
    let secret = "sk_wrong_key_0123456789abcdef";
    let out = plisio().env("PLISIO_API_KEY", secret).args(["--base-url", &mock.url(), "shop"]).output().unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("plisio: error: authentication failed"), "{err}");
    assert!(!err.contains(secret) && !stdout(&out).contains(secret));
    // Also when passed as an argument, and in JSON mode.
    let out = plisio().args(["--api-key", secret, "--base-url", &mock.url(), "--json", "balance", "BTC"]).output().unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(!stderr(&out).contains(secret));
}

#[test]
fn network_errors_on_reads_exit_6() {
    // Nothing listens on this port once the sandbox is gone.
    let port = {
        let m = mock();
        m.port()
    };
    let out = plisio()
        .env("PLISIO_API_KEY", "sk_test_x")
        .args(["--base-url", &format!("http://127.0.0.1:{port}/api/v1"), "--timeout", "2", "shop"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert_eq!(stderr(&out).lines().count(), 1);
}

// ------------------------------------------------------------------------------------------------
// Read commands

#[test]
fn shop_balance_currencies_fees_in_the_embedded_sandbox() {
    plisio()
        .args(["--sandbox", "shop"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Plisio Mock Shop"))
        .stdout(predicate::str::contains("White-label"));
    let shop = stdout_json(&plisio().args(["--sandbox", "--json", "shop"]).output().unwrap());
    assert_eq!(shop["white_label"], true);

    let out = plisio().args(["--sandbox", "--json", "balance", "BTC", "ETH"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = stdout_json(&out);
    let btc = plisio_mock::default_balance("BTC").unwrap();
    assert_eq!(rows[0]["currency"], "BTC");
    assert_eq!(rows[0]["balance"], "1.50000000", "exact decimal, the 8 places of the wire kept");
    assert_eq!(rows[0]["balance"].as_str().unwrap().parse::<rust_decimal::Decimal>().unwrap(), btc);
    assert_eq!(rows[1]["currency"], "ETH");
    let all = stdout(&plisio().args(["--sandbox", "balance"]).output().unwrap());
    for coin in ["BTC", "USDT_TRX", "XMR", "TON"] {
        assert!(all.lines().any(|l| l.starts_with(coin)), "balance lacks {coin}:\n{all}");
    }

    let list = stdout_json(&plisio().args(["--sandbox", "--json", "currencies"]).output().unwrap());
    assert_eq!(list.as_array().unwrap().len(), plisio_mock::known_currencies().len());
    plisio()
        .args(["--sandbox", "currencies", "--fiat", "EUR"])
        .assert()
        .success()
        .stdout(predicate::str::contains("RATE (EUR)"))
        .stdout(predicate::str::contains("USDT_TRX"));

    let plans = stdout(&plisio().args(["--sandbox", "fees", "--currency", "BTC"]).output().unwrap());
    for p in ["economy", "normal", "priority"] {
        assert!(plans.contains(p), "{plans}");
    }
    let out = plisio()
        .args(["--sandbox", "--json", "fees", "--currency", "BTC", "--to", A, "--amount", "0.001", "--to", C, "--amount", "0.002"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let est = stdout_json(&out);
    let fee = plisio_core::money::decimal(est["estimate"]["fee"].as_str().unwrap()).unwrap();
    assert!(fee > plisio_core::Decimal::ZERO, "{est}");
    let dir = tempfile::tempdir().unwrap();
    let csv = write(dir.path(), "p.csv", &format!("to,amount\n{A},0.001\n{B},0.002\n"));
    let out = plisio().args(["--sandbox", "fees", "--currency", "BTC", "--fee-plan", "economy", "--csv"]).arg(&csv).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("2 (0.003 BTC in total)") && stdout(&out).contains("economy"), "{}", stdout(&out));
    // A typo is refused before the estimate is requested.
    plisio()
        .args(["--sandbox", "fees", "--currency", "BTC", "--to", A_TYPO, "--amount", "0.001"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("bad checksum"));
}

#[test]
fn operations_list_and_get() {
    let mock = mock();
    assert_eq!(mock.seed_operations(30, Some("cash_out"), Some("BTC")), 30);
    let out = against(&mock).args(["--json", "operations", "list", "--limit", "10", "--page", "2"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let page = stdout_json(&out);
    assert_eq!(page["operations"].as_array().unwrap().len(), 10);
    assert_eq!(page["meta"]["total_count"], 30);
    assert_eq!(page["meta"]["current_page"], 2);
    assert!(!out.stdout.windows(mock.api_key().len()).any(|w| w == mock.api_key().as_bytes()), "the key leaked through _links");
    let id = page["operations"][0]["id"].as_str().unwrap().to_owned();

    let table =
        stdout(&against(&mock).args(["operations", "list", "--limit", "10", "--type", "cash_out", "--currency", "BTC"]).output().unwrap());
    assert!(table.starts_with("ID "), "{table}");
    assert_eq!(table.lines().filter(|l| l.contains("cash_out")).count(), 10);
    assert!(table.contains("Page 1 of 3 (30 operations in total)"), "{table}");
    let empty = stdout(&against(&mock).args(["operations", "list", "--type", "invoice"]).output().unwrap());
    assert!(empty.contains("No operations"), "{empty}");

    let one = against(&mock).args(["operations", "get", &id]).output().unwrap();
    assert!(one.status.success());
    assert!(stdout(&one).contains(&id) && stdout(&one).contains("cash_out"));
    let missing = against(&mock).args(["operations", "get", "ffffffffffffffffffffffff"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(5), "{}", stderr(&missing));
}

#[test]
fn deposits_new_and_list() {
    let mock = mock();
    let out = against(&mock)
        .args(["--json", "deposits", "new", "--uid", "alice", "--currency", "BTC", "--currency", "USDT_TRX"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let created = stdout_json(&out);
    let created = created.as_array().unwrap();
    assert_eq!(created.len(), 2);
    for d in created {
        assert_eq!(d["uid"], "alice");
        // The sandbox hands out chain-valid addresses: they pass the same checks as payouts.
        plisio_core::address::validate(d["psys_cid"].as_str().unwrap(), d["hash"].as_str().unwrap()).expect("valid deposit address");
    }
    let table = stdout(&against(&mock).args(["deposits", "new", "--uid", "alice", "--currency", "BTC"]).output().unwrap());
    assert!(table.contains(created[0]["hash"].as_str().unwrap()), "the same address again:\n{table}");

    let listed = stdout_json(&against(&mock).args(["--json", "deposits", "list", "--uid", "alice"]).output().unwrap());
    assert_eq!(listed["deposits"].as_array().unwrap().len(), 2);
    let table = stdout(&against(&mock).args(["deposits", "list", "--currency", "USDT_TRX"]).output().unwrap());
    assert!(table.contains("USDT_TRX") && !table.contains(" BTC "), "{table}");
    against(&mock).args(["deposits", "new", "--uid", "", "--currency", "BTC"]).assert().code(3);

    // Every coin's sandbox address passes the address checks, so sandbox payouts work for all of them.
    let mut cmd = against(&mock);
    cmd.args(["--json", "deposits", "new", "--uid", "bob"]);
    for coin in plisio_mock::known_currencies() {
        cmd.args(["--currency", coin]);
    }
    let all = stdout_json(&cmd.output().unwrap());
    assert_eq!(all.as_array().unwrap().len(), plisio_mock::known_currencies().len());
    for d in all.as_array().unwrap() {
        let (coin, addr) = (d["psys_cid"].as_str().unwrap(), d["hash"].as_str().unwrap());
        let check = plisio_core::address::validate(coin, addr).unwrap_or_else(|e| panic!("{coin} {addr}: {e}"));
        assert!(check.is_checked(), "{coin} is a coin the address checks know");
    }
}

#[test]
fn invoices_new_and_get() {
    let mock = mock();
    let out = against(&mock)
        .args(["--json", "invoices", "new", "--order-number", "1001", "--order-name", "Order 1001", "--currency", "BTC"])
        .args(["--source-amount", "49.90", "--source-currency", "USD", "--email", "payer@example.com"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let inv = stdout_json(&out);
    let id = inv["txn_id"].as_str().unwrap().to_owned();
    assert!(inv["amount"].as_str().is_some_and(|a| a.starts_with("0.")), "{inv}");

    let details = against(&mock).args(["invoices", "get", &id]).output().unwrap();
    assert!(details.status.success(), "{}", stderr(&details));
    let text = stdout(&details);
    assert!(text.contains(&id) && text.contains("49.90 USD") && text.contains("new"), "{text}");
    let j = stdout_json(&against(&mock).args(["--json", "invoices", "get", &id]).output().unwrap());
    assert_eq!(j["invoice"]["txn_id"], id.as_str());

    // A repeated order number is refused by Plisio (exit 5); bad input never reaches it (exit 3).
    let again = against(&mock)
        .args(["invoices", "new", "--order-number", "1001", "--order-name", "x", "--amount", "0.001", "--currency", "BTC"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(5), "{}", stderr(&again));
    let before = mock.requests().len();
    against(&mock).args(["invoices", "new", "--order-number", "1002", "--order-name", "x", "--amount", "0,5"]).assert().code(3);
    assert_eq!(mock.requests().len(), before);

    // Creating an invoice is not retried either: a lost answer is "outcome unknown" (exit 7).
    mock.push_fault(Fault::new(FaultKind::Delay { ms: 2500 }).on_path("invoices/new"));
    let out = against(&mock)
        .args(["--timeout", "1", "invoices", "new", "--order-number", "1003", "--order-name", "x", "--amount", "0.01", "--currency", "BTC"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
    assert!(stderr(&out).contains("--return-existing"), "{}", stderr(&out));
    std::thread::sleep(Duration::from_millis(2000));
    assert_eq!(mock.requests().iter().filter(|r| r.path.ends_with("invoices/new")).count(), 3, "1001, the refused repeat, and 1003 once");
}

// ------------------------------------------------------------------------------------------------
// Export

#[test]
fn export_of_a_multi_page_history_has_the_exact_row_count() {
    let mock = mock();
    assert_eq!(mock.seed_operations(250, None, None), 250);
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("ops.csv");
    let out = against(&mock)
        .args(["--json", "operations", "export", "--format", "csv", "--limit", "100", "--out"])
        .arg(&csv_path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let summary = stdout_json(&out);
    assert_eq!(summary["rows"], 250);
    assert_eq!(summary["pages"], 3);
    assert_eq!(summary["total_count"], 250);
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    assert_eq!(reader.headers().unwrap().get(0), Some("id"));
    let ids: Vec<String> = reader.records().map(|r| r.unwrap()[0].to_owned()).collect();
    assert_eq!(ids.len(), 250);
    assert_eq!(ids.iter().collect::<std::collections::HashSet<_>>().len(), 250, "no duplicates");
    let pages = mock.requests().iter().filter(|r| r.path.ends_with("/operations")).count();
    assert_eq!(pages, 3, "one request per page");

    let json_path = dir.path().join("ops.json");
    against(&mock).args(["operations", "export", "--format", "json", "--limit", "100", "--out"]).arg(&json_path).assert().success();
    let arr: Value = serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    let arr = arr.as_array().unwrap();
    assert_eq!(arr.len(), 250);
    assert_eq!(arr.iter().map(|o| o["id"].as_str().unwrap().to_owned()).collect::<Vec<_>>(), ids, "same order as the CSV");

    let jsonl_path = dir.path().join("ops.jsonl");
    against(&mock)
        .args(["operations", "export", "--format", "jsonl", "--limit", "40", "--type", "invoice", "--out"])
        .arg(&jsonl_path)
        .assert()
        .success();
    let invoices = std::fs::read_to_string(&jsonl_path).unwrap();
    let total_invoices =
        stdout_json(&against(&mock).args(["--json", "operations", "list", "--type", "invoice", "--limit", "1"]).output().unwrap())["meta"]
            ["total_count"]
            .as_u64()
            .unwrap();
    assert!(total_invoices > 40, "more than one page of invoices");
    assert_eq!(invoices.lines().count() as u64, total_invoices);
    assert!(invoices.lines().all(|l| serde_json::from_str::<Value>(l).unwrap()["type"] == "invoice"));

    // No temporary file is left behind; an existing file is not replaced without --force.
    let names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names.len(), 3, "{names:?}");
    let out = against(&mock).args(["operations", "export", "--format", "csv", "--out"]).arg(&csv_path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--force"));
    against(&mock).args(["operations", "export", "--format", "csv", "--force", "--out"]).arg(&csv_path).assert().success();
}

#[test]
fn an_interrupted_export_leaves_no_output_and_resumes() {
    let mock = mock();
    mock.seed_operations(250, None, None);
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("history.csv");
    // Page 1 answers (after a 1 ms delay), page 2 fails.
    mock.push_fault(Fault::new(FaultKind::Delay { ms: 1 }).on_path("/operations"));
    mock.push_fault(Fault::new(FaultKind::Status { code: 400, body: None }).on_path("/operations"));
    let out = against(&mock).args(["operations", "export", "--format", "csv", "--out"]).arg(&out_path).output().unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("export interrupted at page 2") && err.contains("resume"), "{err}");
    assert!(!out_path.exists(), "no half-written output file");
    assert!(dir.path().join(".history.csv.part").exists());

    let out = against(&mock).args(["--json", "operations", "export", "--format", "csv", "--out"]).arg(&out_path).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("resuming"), "{}", stderr(&out));
    let summary = stdout_json(&out);
    assert_eq!(summary["resumed_from_page"], 2);
    assert_eq!(summary["rows"], 250);
    let mut reader = csv::Reader::from_path(&out_path).unwrap();
    let ids: Vec<String> = reader.records().map(|r| r.unwrap()[0].to_owned()).collect();
    assert_eq!(ids.len(), 250);
    assert_eq!(ids.iter().collect::<std::collections::HashSet<_>>().len(), 250);
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left.len(), 1, "{left:?}");
}

// ------------------------------------------------------------------------------------------------
// Withdraw

#[test]
fn single_withdraw_is_a_dry_run_until_yes() {
    let mock = mock();
    let before = mock.balance("BTC").unwrap();
    let out = against(&mock).args(["withdraw", "--currency", "BTC", "--to", C, "--amount", "0.001"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("DRY RUN") && text.contains("Estimated network fee") && text.contains("Total to send:          0.001 BTC"),
        "{text}"
    );
    assert_eq!(withdraw_requests(&mock), 0);
    assert_eq!(mock.balance("BTC").unwrap(), before);

    let out = against(&mock)
        .args(["--json", "withdraw", "--currency", "BTC", "--to", C, "--amount", "0.001", "--fee-plan", "priority", "--yes"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let result = stdout_json(&out);
    assert_eq!(result["dry_run"], false);
    assert_eq!(result["operation"]["type"], "cash_out");
    assert_eq!(result["operation"]["wallet_hash"], C);
    assert_eq!(withdraw_requests(&mock), 1);
    let sent = mock.requests().into_iter().find(|r| r.path.ends_with("operations/withdraw")).unwrap();
    assert!(
        sent.query.contains("amount=0.001") && sent.query.contains("feePlan=priority") && sent.query.contains("type=cash_out"),
        "{}",
        sent.query
    );
    assert!(mock.balance("BTC").unwrap() < before);
}

#[test]
fn a_typo_address_is_refused_before_any_request() {
    let mock = mock();
    let out = against(&mock).args(["withdraw", "--currency", "BTC", "--to", A_TYPO, "--amount", "0.01", "--yes"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(err.starts_with("plisio: error: the payout is invalid; nothing was sent"), "{err}");
    assert!(err.contains(A_TYPO) && err.contains("bad checksum"), "{err}");
    assert!(mock.requests().is_empty(), "not even a fee estimate was requested");
    // A valid address of the wrong network is named as such.
    let out = against(&mock)
        .args(["withdraw", "--currency", "USDT_TRX", "--to", "0xdAC17F958D2ee523a2206206994597C13D831ec7", "--amount", "10", "--yes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("wrong network"), "{}", stderr(&out));
    assert!(mock.requests().is_empty());
    // The opt-out exists, and says loudly what it does.
    let out =
        against(&mock).args(["withdraw", "--currency", "BTC", "--to", A_TYPO, "--amount", "0.01", "--no-address-check"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("NOT checked"));
    assert_eq!(withdraw_requests(&mock), 0, "still a dry run");
}

fn dry_run_payouts(mock: &MockServer, dir: &Path, name: &str, text: &str) -> Vec<(String, String, u64)> {
    let path = write(dir, name, text);
    let out = against(mock).args(["--json", "withdraw", "--currency", "BTC", "--csv"]).arg(&path).output().unwrap();
    assert!(out.status.success(), "{name}: {}", stderr(&out));
    let result = stdout_json(&out);
    assert_eq!(result["dry_run"], true);
    result["plan"]["payouts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["to"].as_str().unwrap().to_owned(), p["amount"].as_str().unwrap().to_owned(), p["line"].as_u64().unwrap()))
        .collect()
}

#[test]
fn csv_header_variants_blank_lines_and_line_endings() {
    let mock = mock();
    let dir = tempfile::tempdir().unwrap();
    let expect = |lines: [u64; 3]| {
        vec![
            (A.to_owned(), "0.0015".to_owned(), lines[0]),
            (B.to_owned(), "0.00250000".to_owned(), lines[1]),
            (C.to_owned(), "0.001".to_owned(), lines[2]),
        ]
    };
    let rows = format!("{A},0.0015\n{B},0.00250000\n{C},0.001\n");
    assert_eq!(dry_run_payouts(&mock, dir.path(), "a.csv", &format!("address,amount\n{rows}")), expect([2, 3, 4]));
    assert_eq!(dry_run_payouts(&mock, dir.path(), "b.csv", &format!("to,amount\r\n{}", rows.replace('\n', "\r\n"))), expect([2, 3, 4]));
    assert_eq!(dry_run_payouts(&mock, dir.path(), "c.csv", &rows), expect([1, 2, 3]));
    assert_eq!(
        dry_run_payouts(
            &mock,
            dir.path(),
            "d.csv",
            &format!("\n# November payouts\nAddress,Amount\n\n{A},0.0015\n\n{B},0.00250000\n   \n{C},0.001\n\n\n")
        ),
        expect([5, 7, 9])
    );
    assert_eq!(
        dry_run_payouts(&mock, dir.path(), "e.csv", &format!("\u{feff}amount;wallet\r\n0.0015;{A}\r\n\"0.00250000\";\"{B}\"\r\n0.001;{C}")),
        expect([2, 3, 4])
    );
    assert_eq!(
        dry_run_payouts(
            &mock,
            dir.path(),
            "f.csv",
            &format!("name,address,amount,note\nann,{A},0.0015,\nbob,{B},0.00250000,x\ncy,{C},0.001,\n")
        ),
        expect([2, 3, 4])
    );
    // The plan shows the totals and the fee before anything is sent.
    let out = against(&mock).args(["withdraw", "--currency", "BTC", "--csv"]).arg(dir.path().join("a.csv")).output().unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("3 payout(s) in BTC")
            && text.contains("Total to send:          0.00500000 BTC")
            && text.contains("Estimated network fee"),
        "{text}"
    );
    // stdin works as a file too.
    let mut child = against(&mock)
        .args(["--json", "withdraw", "--currency", "BTC", "--csv", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(format!("to,amount\n{A},0.5\n").as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(stdout_json(&out)["plan"]["total"], "0.5");
    assert_eq!(withdraw_requests(&mock), 0);
}

#[test]
fn csv_bad_amounts_duplicates_and_typos_are_all_reported_and_nothing_is_sent() {
    let mock = mock();
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "address,amount\n{A},0.001\n{A_TYPO},0.002\n{B},0,5\n{C},-1\n{C},1e-3\n{C},abc\n,0.1\n{B},0.00000000000000000001\n{A},0.001\n{C},0.003\n{C},0.004\n"
    );
    let path = write(dir.path(), "bad.csv", &text);
    let out = against(&mock).args(["withdraw", "--currency", "BTC", "--yes", "--csv"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert!(lines[0].starts_with("plisio: error: 9 problem(s) in"), "{err}");
    let expect = [
        ("line 3:", "bad checksum"),
        ("line 4:", "decimal comma"),
        ("line 5:", "amount"),
        ("line 6:", "amount"),
        ("line 7:", "amount"),
        ("line 8:", "address is empty"),
        ("line 9:", "decimal places"),
        ("line 10:", "duplicate of line 2"),
        ("line 12:", "already has a payout on line 11"),
    ];
    assert_eq!(lines.len(), 1 + expect.len(), "{err}");
    for ((prefix, needle), l) in expect.iter().zip(&lines[1..]) {
        assert!(l.trim_start().starts_with(prefix) && l.contains(needle), "expected {prefix} … {needle}, got {l}");
    }
    assert!(mock.requests().is_empty(), "nothing was sent, not even an estimate");

    let path = write(dir.path(), "header.csv", "wallet_id,qty\nx,1\n");
    against(&mock)
        .args(["withdraw", "--currency", "BTC", "--csv"])
        .arg(&path)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("expected a header"));
    let path = write(dir.path(), "empty.csv", "address,amount\n\n");
    against(&mock)
        .args(["withdraw", "--currency", "BTC", "--csv"])
        .arg(&path)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("no payout rows"));
    against(&mock).args(["withdraw", "--currency", "BTC", "--csv"]).arg(dir.path().join("missing.csv")).assert().code(2);
}

#[test]
fn csv_mass_payout_is_sent_once_with_yes() {
    let mock = mock();
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "p.csv", &format!("address,amount\n{A},0.0015\n{B},0.0025\n{C},0.001\n"));
    let before = mock.balance("BTC").unwrap();
    let out = against(&mock).args(["withdraw", "--currency", "BTC", "--fee-plan", "normal", "--yes", "--csv"]).arg(&path).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("SENT: operation") && text.contains("mass_cash_out"), "{text}");
    for (to, amount) in [(A, "0.00150000"), (B, "0.00250000"), (C, "0.00100000")] {
        assert!(text.lines().any(|l| l.contains(to) && l.contains(amount)), "{to} {amount} missing:\n{text}");
    }
    assert_eq!(withdraw_requests(&mock), 1);
    let sent = mock.requests().into_iter().find(|r| r.path.ends_with("operations/withdraw")).unwrap();
    assert!(sent.query.contains("type=mass_cash_out") && sent.query.contains("amount=0.0015%2C0.0025%2C0.001"), "{}", sent.query);
    let after = mock.balance("BTC").unwrap();
    assert!(before - after > "0.005".parse().unwrap(), "amount plus fee left the balance: {before} → {after}");
}

#[test]
fn outcome_unknown_is_reported_with_reconciliation_and_never_resent() {
    let mock = mock();
    mock.push_fault(Fault::new(FaultKind::Delay { ms: 2500 }).on_path("operations/withdraw"));
    let out =
        against(&mock).args(["--timeout", "1", "withdraw", "--currency", "BTC", "--to", C, "--amount", "0.002", "--yes"]).output().unwrap();
    assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.lines().any(|l| l.starts_with("plisio: error: outcome unknown for operations/withdraw")), "{err}");
    assert!(err.contains("plisio operations list --type cash_out --currency BTC --search") && err.contains("will not be, resent"), "{err}");
    std::thread::sleep(Duration::from_millis(2000));
    assert_eq!(withdraw_requests(&mock), 1, "sent exactly once");
    // The reconciliation command of the message finds it.
    let found = stdout_json(
        &against(&mock).args(["--json", "operations", "list", "--type", "cash_out", "--currency", "BTC", "--search", C]).output().unwrap(),
    );
    assert_eq!(found["operations"].as_array().unwrap().len(), 1);
}

// ------------------------------------------------------------------------------------------------
// Callback, mock, demo

#[test]
fn callback_verify_runs_the_shared_vectors() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance/callbacks.json");
    let file: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut checked = 0;
    for case in file["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let mut cmd = plisio();
        cmd.env("PLISIO_CALLBACK_SECRET", case["secret"].as_str().unwrap()).args(["--json", "callback", "verify"]);
        if let Some(ct) = case["content_type"].as_str() {
            cmd.args(["--content-type", ct]);
        }
        let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        child.stdin.take().unwrap().write_all(case["body"].as_str().unwrap().as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        if case["expect"]["valid"].as_bool().unwrap() {
            assert!(out.status.success(), "{name}: {}", stderr(&out));
            let event = stdout_json(&out);
            for (k, v) in case["expect"]["event"].as_object().unwrap() {
                if !k.contains('.') {
                    assert_eq!(&event[k.as_str()], v, "{name}: {k}");
                }
            }
        } else {
            assert_eq!(out.status.code(), Some(8), "{name}: {}", stderr(&out));
            let err = stderr(&out);
            assert!(
                err.starts_with("plisio: error: callback REJECTED") && err.contains(case["expect"]["reason"].as_str().unwrap()),
                "{name}: {err}"
            );
            assert!(!err.contains(case["secret"].as_str().unwrap()) || case["secret"].as_str().unwrap().len() < 4, "{name}: secret leaked");
        }
        checked += 1;
    }
    assert!(checked >= 20);
    // From a file, readable output; and no secret at all is a usage error.
    let dir = tempfile::tempdir().unwrap();
    let first = &file["cases"][0];
    let body = write(dir.path(), "body.json", first["body"].as_str().unwrap());
    plisio()
        .args(["--api-key", first["secret"].as_str().unwrap(), "callback", "verify", "--file"])
        .arg(&body)
        .assert()
        .success()
        .stdout(predicate::str::contains("Callback signature verified."))
        .stdout(predicate::str::contains("21120906"));
    plisio().args(["callback", "verify", "--file"]).arg(&body).assert().code(2);
}

#[test]
fn mock_serves_in_the_foreground() {
    let mut child = plisio()
        .args(["mock", "--seed-operations", "7", "--key", "sk_test_cli_mock"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    let started = Instant::now();
    reader.read_line(&mut first).unwrap();
    assert!(started.elapsed() < Duration::from_secs(30));
    let root = first.trim().strip_prefix("PLISIO_MOCK_LISTENING ").unwrap_or_else(|| panic!("first line: {first:?}")).to_owned();
    assert!(root.starts_with("http://127.0.0.1:"), "{root}");
    let out = plisio()
        .env("PLISIO_API_KEY", "sk_test_cli_mock")
        .args(["--base-url", &format!("{root}/api/v1"), "--json", "operations", "list"])
        .output()
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout_json(&out)["meta"]["total_count"], 7);
}

#[test]
fn demo_tells_the_whole_story() {
    let out = plisio().arg("demo").output().unwrap();
    assert!(out.status.success(), "{}\n{}", stdout(&out), stderr(&out));
    let text = stdout(&out);
    for needle in [
        "Permanent deposit addresses",
        "verify_hash checked by your endpoint: signature valid",
        "verified invoice callback: order 1001 is completed",
        "$ plisio operations list",
        "Exported 244 operations (3 page(s))",
        "Payout plan: 3 payout(s) in BTC",
        "DRY RUN: nothing was sent.",
        "SENT: operation",
        "Balances after",
        "bad checksum",
        "(exit code 3; withdraw requests sent: 0)",
        "wrong network",
        "callback REJECTED",
        "outcome unknown",
        "withdraw requests the sandbox received: 1 (the client retried nothing)",
        "it went through; do not send it again",
    ] {
        assert!(text.contains(needle), "the demo lacks {needle:?}:\n{text}");
    }
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}
