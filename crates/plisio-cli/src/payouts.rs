//! `withdraw`: payouts from the command line or a CSV file, validated row by row (address checksum
//! and network, exact amount, duplicates), shown with the fee estimate and totals, and sent — once —
//! only with `--yes`.

use std::collections::HashMap;
use std::path::Path;

use plisio_core::address::{self, AddressCheck, Chain};
use plisio_core::money::parse_amount;
use plisio_core::{CashOut, Client, Decimal, Error, FeeEstimate, FeeEstimateRequest, MassCashOut, Payout, Withdrawal, parse_fee_plan};
use serde::Serialize;

use crate::exit::{CliError, ExitCode};
use crate::out::{self, Table};
use crate::{Ctx, WithdrawArgs};

/// One validated payout and where it came from.
#[derive(Clone, Debug, Serialize)]
pub struct PayoutRow {
    /// Line of the CSV file (0 for `--to/--amount`).
    pub line: u64,
    pub to: String,
    pub amount: Decimal,
    /// What the address check found (`None` with `--no-address-check`).
    pub check: Option<AddressCheck>,
}

/// A refused input row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub message: String,
}

impl RowError {
    fn new(line: u64, message: impl Into<String>) -> RowError {
        RowError { line, message: message.into() }
    }
}

const ADDRESS_COLUMNS: &[&str] = &["address", "to", "wallet", "walletaddress", "wallethash", "destination", "recipient", "addr"];
const AMOUNT_COLUMNS: &[&str] = &["amount", "value", "sum", "amt"];

fn column_key(name: &str) -> String {
    name.trim().trim_start_matches('\u{feff}').to_ascii_lowercase().chars().filter(|c| c.is_ascii_alphanumeric()).collect()
}

/// The delimiter of a CSV text: `,` unless the first data line only has `;` or tabs.
fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#')).unwrap_or("");
    let count = |c: char| first.matches(c).count();
    if count(',') == 0 && count(';') > 0 {
        b';'
    } else if count(',') == 0 && count('\t') > 0 {
        b'\t'
    } else {
        b','
    }
}

/// How duplicates are recognised: the same account written differently (EVM case, bech32/CashAddr
/// case, CashAddr with or without its prefix) is the same destination.
fn destination_key(chain: Option<Chain>, to: &str) -> String {
    match chain {
        Some(Chain::Evm) => to.to_ascii_lowercase(),
        Some(Chain::BitcoinCash) => {
            let l = to.to_ascii_lowercase();
            match l.strip_prefix("bitcoincash:") {
                Some(rest) => rest.to_owned(),
                None if l.starts_with(['q', 'p', 'z', 'r']) => l,
                None => to.to_owned(),
            }
        }
        Some(Chain::Bitcoin | Chain::BitcoinTestnet | Chain::Litecoin | Chain::LitecoinTestnet)
            if to == to.to_ascii_uppercase() || to == to.to_ascii_lowercase() =>
        {
            to.to_ascii_lowercase()
        }
        _ => to.to_owned(),
    }
}

/// Validates one payout: the address for `currency` (unless disabled) and the amount, exactly.
fn validate_row(currency: &str, line: u64, to: &str, amount: &str, check_addresses: bool, errors: &mut Vec<RowError>) -> Option<PayoutRow> {
    let mut ok = true;
    let mut check = None;
    if to.is_empty() {
        errors.push(RowError::new(line, "the address is empty"));
        ok = false;
    } else if check_addresses {
        match address::check(currency, to) {
            Ok(c) => check = Some(c),
            Err(e) => {
                errors.push(RowError::new(line, format!("address {}", e.message)));
                ok = false;
            }
        }
    } else if let Err(Error::InvalidInput { message, .. }) = plisio_core::validate::address("to", to) {
        errors.push(RowError::new(line, format!("address {message}")));
        ok = false;
    }
    let amount = match parse_amount("amount", amount) {
        Ok(a) => Some(a),
        Err(Error::InvalidInput { message, .. }) => {
            errors.push(RowError::new(line, format!("amount {message}")));
            None
        }
        Err(e) => {
            errors.push(RowError::new(line, e.to_string()));
            None
        }
    };
    match (ok, amount) {
        (true, Some(amount)) => Some(PayoutRow { line, to: to.to_owned(), amount, check }),
        _ => None,
    }
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, byte: u64) -> u64 {
    let bytes = text.as_bytes();
    let mut end = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
    // After a CR the reader may report the record as starting at the LF that ends the previous line.
    while end < bytes.len() && (bytes[end] == b'\r' || bytes[end] == b'\n') {
        end += 1;
    }
    bytes[..end].iter().filter(|b| **b == b'\n').count() as u64 + 1
}

/// Parses and validates a payout CSV. Accepts `address,amount` / `to,amount` headers (any column
/// order, extra columns ignored) or no header (two columns), blank lines, `#` comments, CRLF, a
/// UTF-8 BOM, `;` or tab delimiters and quoted fields. Every problem is reported with its line.
pub fn parse_csv(text: &str, currency: &str, check_addresses: bool) -> Result<Vec<PayoutRow>, Vec<RowError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .delimiter(sniff_delimiter(text))
        .from_reader(text.as_bytes());
    let mut errors = Vec::new();
    let mut rows = Vec::new();
    // (address column, amount column, number of columns every row must have)
    let mut columns: Option<(usize, usize, usize)> = None;
    let mut has_header = false;
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| line_of(text, p.byte())).unwrap_or(0);
                errors.push(RowError::new(line, format!("unreadable CSV: {e}")));
                continue;
            }
        };
        let line = record.position().map(|p| line_of(text, p.byte())).unwrap_or(0);
        if record.iter().all(str::is_empty) {
            continue;
        }
        let (to_col, amount_col, width) = match columns {
            Some(c) => c,
            None => {
                // A first row whose second field is a word (not a number) is a header.
                let second = record.get(1).unwrap_or("");
                let is_header = parse_amount("amount", second).is_err() && second.chars().any(|c| c.is_ascii_alphabetic());
                if is_header {
                    let keys: Vec<String> = record.iter().map(column_key).collect();
                    let to_col = keys.iter().position(|k| ADDRESS_COLUMNS.contains(&k.as_str()));
                    let amount_col = keys.iter().position(|k| AMOUNT_COLUMNS.contains(&k.as_str()));
                    let (Some(t), Some(a)) = (to_col, amount_col) else {
                        errors.push(RowError::new(
                            line,
                            format!(
                                "expected a header naming the address and amount columns (like address,amount or to,amount) or a first row address,amount; found {:?}",
                                record.iter().collect::<Vec<_>>().join(",")
                            ),
                        ));
                        return Err(errors);
                    };
                    columns = Some((t, a, record.len()));
                    has_header = true;
                    continue;
                }
                columns = Some((0, 1, 2));
                (0, 1, 2)
            }
        };
        if record.len() != width {
            let hint = if record.len() > width { " (a decimal comma? amounts are written like 0.5)" } else { "" };
            let expected = if has_header { format!("{width} columns as in the header") } else { "2 columns (address,amount)".to_owned() };
            errors.push(RowError::new(line, format!("expected {expected}, found {}{hint}", record.len())));
            continue;
        }
        let (Some(to), Some(amount)) = (record.get(to_col), record.get(amount_col)) else {
            errors.push(RowError::new(line, format!("missing the address or amount column (the row has {} columns)", record.len())));
            continue;
        };
        if let Some(row) = validate_row(currency, line, to, amount, check_addresses, &mut errors) {
            rows.push(row);
        }
    }
    duplicates(&rows, currency, &mut errors);
    if rows.is_empty() && errors.is_empty() {
        errors.push(RowError::new(0, "the file has no payout rows"));
    }
    errors.sort_by_key(|e| e.line);
    if errors.is_empty() { Ok(rows) } else { Err(errors) }
}

/// Reports every destination that appears more than once (Plisio refuses them, and a repeated row
/// is usually a copy-paste mistake that would pay twice).
fn duplicates(rows: &[PayoutRow], currency: &str, errors: &mut Vec<RowError>) {
    let chain = address::chain_of(currency);
    let mut first: HashMap<String, &PayoutRow> = HashMap::new();
    for row in rows {
        match first.get(&destination_key(chain, &row.to)) {
            Some(prev) if prev.amount == row.amount => errors.push(RowError::new(
                row.line,
                format!("duplicate of line {}: the same address and amount ({} {currency}) — remove one of them", prev.line, row.amount),
            )),
            Some(prev) => errors.push(RowError::new(
                row.line,
                format!(
                    "the address {} already has a payout on line {} ({} {currency}); merge them into one row",
                    row.to, prev.line, prev.amount
                ),
            )),
            None => {
                first.insert(destination_key(chain, &row.to), row);
            }
        }
    }
}

/// Reads the payout file (`-` is stdin).
fn read_source(path: &Path) -> Result<String, CliError> {
    let bytes = if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf)?;
        buf
    } else {
        std::fs::read(path).map_err(|e| CliError::usage(format!("cannot read {}: {e}", path.display())))?
    };
    String::from_utf8(bytes).map_err(|_| CliError::input(format!("{} is not UTF-8 text (save the CSV as UTF-8)", path.display())))
}

/// The payouts of a command line: `--to/--amount` or `--csv`.
pub fn collect(
    currency: &str,
    to: Option<&str>,
    amount: Option<&str>,
    csv: Option<&Path>,
    check_addresses: bool,
) -> Result<Vec<PayoutRow>, CliError> {
    plisio_core::validate::currency("currency", currency)?;
    let result = match (to, amount, csv) {
        (Some(to), Some(amount), None) => {
            let mut errors = Vec::new();
            validate_row(currency, 0, to, amount, check_addresses, &mut errors).map(|r| vec![r]).ok_or(errors)
        }
        (None, None, Some(path)) => parse_csv(&read_source(path)?, currency, check_addresses),
        _ => return Err(CliError::usage("give either --to with --amount, or --csv FILE")),
    };
    result.map_err(|errors| {
        let single = csv.is_none();
        let lines: Vec<String> = errors
            .iter()
            .map(|e| if single || e.line == 0 { format!("  {}", e.message) } else { format!("  line {}: {}", e.line, e.message) })
            .collect();
        let message = if single {
            "the payout is invalid; nothing was sent".to_owned()
        } else {
            format!("{} problem(s) in {}; nothing was sent", errors.len(), csv.map(|p| p.display().to_string()).unwrap_or_default())
        };
        CliError::input(message).with_details(lines)
    })
}

/// What the plan shows before anything is sent.
#[derive(Debug, Serialize)]
pub struct Plan {
    pub currency: String,
    pub fee_plan: Option<String>,
    pub payouts: Vec<PayoutRow>,
    pub total: Decimal,
    pub fee_estimate: Option<FeeEstimate>,
    pub fee_estimate_error: Option<String>,
    pub balance: Option<Decimal>,
}

/// Estimates the fee and reads the balance for `rows` (failures are shown, not fatal).
pub async fn plan(client: &Client, currency: &str, fee_plan: Option<&str>, rows: Vec<PayoutRow>) -> Result<Plan, CliError> {
    let plan_value = parse_fee_plan(fee_plan)?;
    let total: Decimal = rows.iter().map(|r| r.amount).sum();
    let payouts: Vec<Payout> = rows.iter().map(|r| Payout { to: r.to.clone(), amount: r.amount }).collect();
    let (fee_estimate, fee_estimate_error) =
        match client.fees().estimate(&FeeEstimateRequest { currency: currency.to_owned(), payouts, fee_plan: plan_value }).await {
            Ok(f) => (Some(f), None),
            Err(e) => (None, Some(e.to_string())),
        };
    let balance = client.balances().get(currency).await.ok().map(|b| b.balance);
    Ok(Plan {
        currency: currency.to_owned(),
        fee_plan: fee_plan.map(str::to_owned),
        payouts: rows,
        total,
        fee_estimate,
        fee_estimate_error,
        balance,
    })
}

fn check_text(check: &Option<AddressCheck>) -> String {
    match check {
        None => "not checked".into(),
        Some(c) if !c.is_checked() => "unknown coin, not checked".into(),
        Some(c) => {
            let format = c.format.map(|f| f.describe()).unwrap_or("");
            if c.checksum_verified { format!("{format}, checksum ok") } else { format!("{format}, no checksum in this form") }
        }
    }
}

/// The plan as text lines.
pub fn render_plan(plan: &Plan) -> Vec<String> {
    let c = &plan.currency;
    let mut lines = vec![format!(
        "Payout plan: {} payout(s) in {c}{}",
        plan.payouts.len(),
        plan.fee_plan.as_deref().map(|p| format!(", fee plan {p}")).unwrap_or_default()
    )];
    let mut t = Table::new(&["#", "LINE", "ADDRESS", "AMOUNT", "ADDRESS CHECK"]).right_align(&[0, 3]);
    for (i, r) in plan.payouts.iter().enumerate() {
        t.row(vec![
            (i + 1).to_string(),
            if r.line == 0 { "-".into() } else { r.line.to_string() },
            r.to.clone(),
            r.amount.to_string(),
            check_text(&r.check),
        ]);
    }
    lines.extend(t.render("  "));
    lines.push(format!("  Total to send:          {} {c}", plan.total));
    match (&plan.fee_estimate, &plan.fee_estimate_error) {
        (Some(f), _) => {
            let unit = f.psys_cid.as_deref().or(f.currency.as_deref()).unwrap_or(c);
            let plan_name = f.plan.as_ref().map(|p| format!(" ({} plan)", p.as_str())).unwrap_or_default();
            lines.push(format!("  Estimated network fee:  {} {unit}{plan_name}", f.fee));
        }
        (None, Some(e)) => lines.push(format!("  Estimated network fee:  unavailable ({e})")),
        (None, None) => {}
    }
    if let Some(b) = plan.balance {
        let after = b - plan.total;
        lines.push(format!("  Balance:                {b} {c} (≈ {after} {c} after the payouts, before fees)"));
        if after.is_sign_negative() {
            lines.push(format!("  WARNING: the balance is {} {c} short of the total; Plisio will refuse the withdrawal.", -after));
        }
    }
    let unchecked = plan.payouts.iter().filter(|r| r.check.as_ref().is_some_and(|c| c.is_checked() && !c.checksum_verified)).count();
    if unchecked > 0 {
        lines.push(format!(
            "  Note: {unchecked} address(es) have no checksum in the form given; compare them with the source character by character."
        ));
    }
    lines
}

/// Sends the payouts once: one address → `cash_out`, several → `mass_cash_out`. `check_addresses`
/// false skips the core's destination checks too (`--no-address-check`).
pub async fn send(
    client: &Client,
    currency: &str,
    fee_plan: Option<&str>,
    rows: &[PayoutRow],
    check_addresses: bool,
) -> plisio_core::Result<Withdrawal> {
    let fee_plan = parse_fee_plan(fee_plan)?;
    let withdrawals = if check_addresses { client.withdrawals() } else { client.withdrawals().without_address_check() };
    if let [one] = rows {
        withdrawals.cash_out(&CashOut { currency: currency.to_owned(), to: one.to.clone(), amount: one.amount, fee_plan }).await
    } else {
        let payouts = rows.iter().map(|r| Payout { to: r.to.clone(), amount: r.amount }).collect();
        withdrawals.mass_cash_out(&MassCashOut { currency: currency.to_owned(), payouts, fee_plan }).await
    }
}

/// How to reconcile after [`Error::OutcomeUnknown`].
pub fn reconcile_steps(currency: &str, rows: &[PayoutRow]) -> Vec<String> {
    let kind = if rows.len() == 1 { "cash_out" } else { "mass_cash_out" };
    let total: Decimal = rows.iter().map(|r| r.amount).sum();
    let first = rows.first().map(|r| r.to.as_str()).unwrap_or("");
    vec![
        "The withdrawal request was sent ONCE and may have been executed by Plisio. It was not, and will not be, resent.".into(),
        "Before trying again, look for it in the operations list:".into(),
        format!("  plisio operations list --type {kind} --currency {currency} --search {first}"),
        format!("It would be a {kind} of {total} {currency} in total, created in the last minutes. Only if it is absent, send again."),
    ]
}

#[derive(Serialize)]
struct WithdrawResult<'a> {
    dry_run: bool,
    plan: &'a Plan,
    operation: Option<&'a Withdrawal>,
}

/// `plisio withdraw`.
pub async fn withdraw(ctx: &Ctx, args: &WithdrawArgs) -> Result<(), CliError> {
    let rows = collect(&args.currency, args.to.as_deref(), args.amount.as_deref(), args.csv.as_deref(), !args.no_address_check)?;
    if args.no_address_check {
        out::note("plisio: warning: --no-address-check: destination addresses are NOT checked for typos or wrong networks");
    }
    let plan = plan(&ctx.client, &args.currency, args.fee_plan.as_deref(), rows).await?;
    if !ctx.json {
        for l in render_plan(&plan) {
            out::line(l);
        }
    }
    if !args.yes {
        if ctx.json {
            out::json(&WithdrawResult { dry_run: true, plan: &plan, operation: None });
        } else {
            out::line(format!(
                "DRY RUN: nothing was sent. Re-run with --yes to send {} payout(s) of {} {} in total.",
                plan.payouts.len(),
                plan.total,
                plan.currency
            ));
        }
        return Ok(());
    }
    out::note(format!(
        "plisio: sending {} payout(s), {} {} in total (one request, never retried)…",
        plan.payouts.len(),
        plan.total,
        plan.currency
    ));
    match send(&ctx.client, &args.currency, args.fee_plan.as_deref(), &plan.payouts, !args.no_address_check).await {
        Ok(op) => {
            if ctx.json {
                out::json(&WithdrawResult { dry_run: false, plan: &plan, operation: Some(&op) });
            } else {
                print_withdrawal(&op);
            }
            Ok(())
        }
        Err(e @ Error::OutcomeUnknown { .. }) => {
            Err(CliError::new(ExitCode::OutcomeUnknown, e.to_string()).with_details(reconcile_steps(&args.currency, &plan.payouts)))
        }
        Err(e) => {
            let mut err = CliError::from(e);
            err.message = format!("withdrawal refused: {}", err.message);
            Err(err)
        }
    }
}

pub fn print_withdrawal(op: &Withdrawal) {
    out::line(format!(
        "SENT: operation {} {} ({}), amount {}, fee {}",
        op.id,
        op.status,
        op.r#type,
        out::amount(op.amount),
        out::amount(op.fee.or(op.actual_fee))
    ));
    for p in &op.sendmany {
        out::line(format!("  → {}  {}", p.to, p.amount));
    }
    if op.sendmany.is_empty() {
        if let Some(to) = &op.wallet_hash {
            out::line(format!("  → {to}  {}", out::amount(op.amount)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "1BoatSLRHtKNngkdXEeobR76b53LETtpyT";
    const B: &str = "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy";
    const C: &str = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";

    fn ok(text: &str) -> Vec<(u64, String, String)> {
        parse_csv(text, "BTC", true).unwrap_or_else(|e| panic!("{e:?}")).into_iter().map(|r| (r.line, r.to, r.amount.to_string())).collect()
    }

    fn errs(text: &str) -> Vec<(u64, String)> {
        parse_csv(text, "BTC", true).expect_err("must be refused").into_iter().map(|e| (e.line, e.message)).collect()
    }

    #[test]
    fn header_variants_and_layouts() {
        let want = vec![(2, A.to_owned(), "0.0015".to_owned()), (3, B.to_owned(), "0.00200000".to_owned())];
        assert_eq!(ok(&format!("address,amount\n{A},0.0015\n{B},0.00200000\n")), want);
        assert_eq!(ok(&format!("to,amount\r\n{A},0.0015\r\n{B},0.00200000\r\n")), want);
        assert_eq!(ok(&format!("\u{feff}Address , Amount\n{A} , 0.0015\n{B},0.00200000")), want);
        assert_eq!(ok(&format!("amount;wallet\n0.0015;{A}\n0.00200000;{B}\n")), want);
        assert_eq!(ok(&format!("name,address,amount,note\n,{A},0.0015,x\nbob,{B},0.00200000,\n")), want);
        let no_header = ok(&format!("{A},0.0015\n{B},0.00200000\n"));
        assert_eq!(no_header, vec![(1, A.to_owned(), "0.0015".to_owned()), (2, B.to_owned(), "0.00200000".to_owned())]);
        let blank = ok(&format!("\n# payouts of November\naddress,amount\n\n{A},0.0015\n  \n,\n\"{B}\",\"0.00200000\"\n\n"));
        assert_eq!(blank.iter().map(|r| r.1.as_str()).collect::<Vec<_>>(), vec![A, B]);
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line() {
        let typo = "1BoatSLRHtKNngkdXEeobR76b53LETtpyU";
        let text = format!("address,amount\n{A},0.001\n{typo},0.002\n{B},0,5\n{C},-1\n{C},1e-3\n,0.1\n{B},0.00000000000000000001\n");
        let e = errs(&text);
        assert_eq!(e.iter().map(|x| x.0).collect::<Vec<_>>(), vec![3, 4, 5, 6, 7, 8], "{e:#?}");
        assert!(e[0].1.contains("bad checksum"), "{}", e[0].1);
        assert!(e[1].1.contains("expected 2 columns") && e[1].1.contains("decimal comma"), "{}", e[1].1);
        assert!(e[2].1.starts_with("amount"), "{}", e[2].1);
        assert!(e[4].1.contains("empty"), "{}", e[4].1);
        assert!(e[5].1.contains("decimal places"), "{}", e[5].1);
    }

    #[test]
    fn no_header_rows_with_three_columns_are_refused() {
        let e = errs(&format!("{A},0.001,extra\n{B},0.002\n"));
        assert_eq!(e[0].0, 1);
        assert!(e[0].1.contains("expected 2 columns"), "{e:?}");
    }

    #[test]
    fn duplicates_are_refused() {
        let e = errs(&format!("address,amount\n{A},0.001\n{B},0.002\n{A},0.001\n{B},0.5\n"));
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(e[0].0, 4);
        assert!(e[0].1.contains("duplicate of line 2"), "{}", e[0].1);
        assert_eq!(e[1].0, 5);
        assert!(e[1].1.contains("already has a payout on line 3"), "{}", e[1].1);
        // The same EVM account in two spellings is one destination.
        let evm = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
        let e = parse_csv(&format!("{evm},1\n{},2\n", evm.to_ascii_lowercase()), "ETH", true).unwrap_err();
        assert!(e[0].message.contains("already has a payout on line 1"), "{e:?}");
    }

    #[test]
    fn unrecognised_header_and_empty_files() {
        let e = errs("wallet_id,qty\nx,1\n");
        assert!(e[0].1.contains("expected a header"), "{e:?}");
        assert_eq!(errs("\n\n# nothing\n")[0].1, "the file has no payout rows");
        assert_eq!(errs("address,amount\n")[0].1, "the file has no payout rows");
    }

    #[test]
    fn address_check_can_be_disabled_but_basic_rules_stay() {
        let typo = "1BoatSLRHtKNngkdXEeobR76b53LETtpyU";
        assert_eq!(parse_csv(&format!("{typo},1\n"), "BTC", false).unwrap().len(), 1);
        assert!(parse_csv("a b,1\n", "BTC", false).is_err());
    }
}
