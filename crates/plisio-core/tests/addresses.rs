//! Runs tests/conformance/addresses.json: real addresses per chain must pass `address::validate`
//! with the documented format, and their one-character typos must be refused with the documented
//! reason, on the documented field, before anything is sent.

mod common;

use std::collections::BTreeMap;

use common::conformance;
use plisio_core::Error;
use plisio_core::address::{self, Reason};
use serde_json::Value;

fn reason_name(r: Reason) -> &'static str {
    r.as_str()
}

#[test]
fn address_vectors() {
    let file = conformance("addresses.json");
    let phrases = file["reasons"].as_object().expect("reasons");
    let cases = file["cases"].as_array().expect("cases");
    let mut per_currency: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let currency = case["currency"].as_str().unwrap();
        let addr = case["address"].as_str().unwrap();
        let valid = case["valid"].as_bool().unwrap();
        let counts = per_currency.entry(currency.to_owned()).or_default();
        if valid {
            counts.0 += 1;
            match address::validate(currency, addr) {
                Ok(check) => {
                    let format = serde_json::to_value(check.format).unwrap();
                    if format != case["format"] {
                        failures.push(format!("{name}: {addr}: format {format}, expected {}", case["format"]));
                    }
                    if Value::Bool(check.checksum_verified) != case["checksum_verified"] {
                        failures.push(format!(
                            "{name}: {addr}: checksum_verified {}, expected {}",
                            check.checksum_verified, case["checksum_verified"]
                        ));
                    }
                }
                Err(e) => failures.push(format!("{name}: {addr}: refused: {e}")),
            }
        } else {
            counts.1 += 1;
            let field = case["field"].as_str().unwrap();
            let want = case["reason"].as_str().unwrap();
            let phrase = phrases[want].as_str().unwrap();
            match address::check(currency, addr) {
                Ok(c) => failures.push(format!("{name}: {addr}: accepted as {c:?}")),
                Err(e) if reason_name(e.reason) != want => {
                    failures.push(format!("{name}: {addr}: reason {:?}, expected {want}: {}", e.reason, e.message))
                }
                Err(_) => {}
            }
            match address::validate(currency, addr) {
                Err(Error::InvalidInput { field: f, message }) => {
                    if f != field {
                        failures.push(format!("{name}: field {f}, expected {field}"));
                    }
                    if !message.contains(phrase) {
                        failures.push(format!("{name}: message {message:?} lacks {phrase:?}"));
                    }
                    if !message.contains(addr) {
                        failures.push(format!("{name}: message {message:?} does not name the address"));
                    }
                }
                other => failures.push(format!("{name}: expected invalid_input, got {other:?}")),
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));

    // Every chain the SDK knows has real addresses and refused typos in the file.
    for coin in plisio_core::coins::ALL {
        let (ok, bad) = per_currency.get(*coin).copied().unwrap_or_default();
        assert!(ok >= 1 && bad >= 1, "{coin}: {ok} valid and {bad} invalid vectors");
    }
    for typo_case in cases.iter().filter(|c| c.get("typo_of").is_some()) {
        let original = typo_case["typo_of"].as_str().unwrap();
        let typo = typo_case["address"].as_str().unwrap();
        let differing = original.chars().zip(typo.chars()).filter(|(a, b)| a != b).count();
        let one_edit = (original.len() == typo.len() && (differing == 1 || differing == 2)) || original.len() == typo.len() + 1;
        assert!(one_edit, "{typo} is not a one-character typo of {original}");
    }
}

#[test]
fn field_name_is_passed_through() {
    let e = address::validate_field("payouts[4].to", "LTC", "LVg2kJoFNg45Nbpy53h7Fe1wKyeXVRhMH8").unwrap_err();
    assert!(matches!(e, Error::InvalidInput { ref field, .. } if field == "payouts[4].to"), "{e:?}");
    assert_eq!(e.code(), "invalid_input");
}
