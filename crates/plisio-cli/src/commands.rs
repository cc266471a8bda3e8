//! The read commands, invoices, deposits, callback verification and the foreground sandbox.

use std::io::Read;
use std::path::Path;

use plisio_core::money::parse_amount;
use plisio_core::{
    CallbackEvent, CommissionRequest, DepositsQuery, FeeEstimateRequest, NewInvoice, Operation, Payout, Status, callback, parse_fee_plan,
};
use plisio_mock::{DEFAULT_API_KEY, MockConfig, MockServer};
use serde::Serialize;

use crate::exit::{CliError, ExitCode};
use crate::export::query_of;
use crate::out::{self, Table};
use crate::payouts;
use crate::{BalanceArgs, Ctx, CurrenciesArgs, FeesArgs, Filters, MockArgs, NewInvoiceArgs};

fn operations_table(ops: &[Operation]) -> Table {
    let mut t = Table::new(&["ID", "TYPE", "STATUS", "COIN", "AMOUNT", "FEE", "CREATED (UTC)", "DESTINATION / ORDER"]).right_align(&[4, 5]);
    for op in ops {
        let dest = op
            .wallet_hash
            .clone()
            .or_else(|| (!op.sendmany.is_empty()).then(|| format!("{} addresses", op.sendmany.len())))
            .or_else(|| op.params.as_ref().and_then(|p| p.order_number.clone()).map(|n| format!("order {n}")))
            .unwrap_or_default();
        t.row(vec![
            op.id.clone(),
            op.r#type.to_string(),
            op.status.to_string(),
            out::text(op.psys_cid.as_deref()),
            out::amount(op.amount),
            out::amount(op.fee),
            out::time(op.created_at),
            dest,
        ]);
    }
    t
}

/// `plisio operations list`.
pub async fn operations_list(ctx: &Ctx, page: u32, limit: u32, filters: &Filters) -> Result<(), CliError> {
    let mut query = query_of(filters, Some(limit));
    query.page = Some(page);
    let result = ctx.client.operations().list(&query).await?;
    if ctx.json {
        out::json(&result);
        return Ok(());
    }
    let m = &result.meta;
    if result.operations.is_empty() {
        out::line(format!("No operations on page {page} ({} in total).", m.total_count));
        return Ok(());
    }
    operations_table(&result.operations).print();
    out::line(format!("Page {} of {} ({} operations in total).", m.current_page.max(u64::from(page)), m.page_count.max(1), m.total_count));
    Ok(())
}

/// `plisio operations get`.
pub async fn operations_get(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    let op = ctx.client.operations().get(id).await?;
    if ctx.json {
        out::json(&op);
        return Ok(());
    }
    let p = op.params.as_ref();
    out::fields(&[
        ("ID", op.id.clone()),
        ("Type", op.r#type.to_string()),
        ("Status", op.status.to_string()),
        ("Coin", out::text(op.psys_cid.as_deref())),
        ("Amount", out::amount(op.amount)),
        ("Fee", out::amount(op.fee)),
        ("Commission", out::amount(op.commission)),
        ("Sum", out::amount(op.sum)),
        ("Destination", out::text(op.wallet_hash.as_deref())),
        ("Invoice", out::text(op.txn_id.as_deref())),
        ("Order", out::text(p.and_then(|p| p.order_number.as_deref()))),
        ("Confirmations", op.confirmations.map(|c| c.to_string()).unwrap_or_default()),
        ("Transactions", op.tx_id.join(", ")),
        ("Created (UTC)", out::time(op.created_at)),
        ("Finished (UTC)", out::time(op.finished_at)),
    ]);
    for p in &op.sendmany {
        out::line(format!("  → {}  {}", p.to, p.amount));
    }
    Ok(())
}

/// `plisio deposits new`.
pub async fn deposits_new(ctx: &Ctx, uid: &str, currencies: &[String]) -> Result<(), CliError> {
    let deposits = ctx.client.deposits().create(uid, currencies).await?;
    if ctx.json {
        out::json(&deposits);
        return Ok(());
    }
    let mut t = Table::new(&["UID", "COIN", "ADDRESS"]);
    for d in &deposits {
        t.row(vec![d.uid.clone(), d.psys_cid.clone(), d.hash.clone()]);
    }
    t.print();
    Ok(())
}

/// `plisio deposits list`.
pub async fn deposits_list(ctx: &Ctx, uid: Option<String>, currencies: Vec<String>, page: u32, limit: u32) -> Result<(), CliError> {
    let result = ctx.client.deposits().list(&DepositsQuery { uid, currencies, page: Some(page), limit: Some(limit) }).await?;
    if ctx.json {
        out::json(&result);
        return Ok(());
    }
    if result.deposits.is_empty() {
        out::line(format!("No deposit addresses on page {page}."));
        return Ok(());
    }
    let mut t = Table::new(&["UID", "COIN", "ADDRESS"]);
    for d in &result.deposits {
        t.row(vec![d.uid.clone(), d.psys_cid.clone(), d.hash.clone()]);
    }
    t.print();
    if result.has_more() {
        out::line(format!("More on page {} (--page {}).", page + 1, page + 1));
    }
    Ok(())
}

/// `plisio invoices new`.
pub async fn invoices_new(ctx: &Ctx, a: &NewInvoiceArgs) -> Result<(), CliError> {
    let amount = a.amount.as_deref().map(|t| parse_amount("amount", t)).transpose()?;
    let source_amount = a.source_amount.as_deref().map(|t| parse_amount("source_amount", t)).transpose()?;
    let invoice = NewInvoice {
        order_name: a.order_name.clone(),
        order_number: a.order_number.clone(),
        currency: a.currency.clone(),
        amount,
        source_currency: a.source_currency.clone(),
        source_amount,
        description: a.description.clone(),
        email: a.email.clone(),
        callback_url: a.callback_url.clone(),
        expire_min: a.expire_min,
        return_existing: a.return_existing,
        ..Default::default()
    };
    let created = match ctx.client.invoices().create(&invoice).await {
        Ok(i) => i,
        Err(e @ plisio_core::Error::OutcomeUnknown { .. }) => {
            return Err(CliError::new(ExitCode::OutcomeUnknown, e.to_string()).with_details(vec![
                "The invoice may have been created. Do not create it again blindly: re-run with --return-existing,".into(),
                format!("or look for order {} with: plisio operations list --type invoice --search {}", a.order_number, a.order_number),
            ]));
        }
        Err(e) => return Err(e.into()),
    };
    if ctx.json {
        out::json(&created);
        return Ok(());
    }
    out::fields(&[
        ("Invoice", out::text(created.txn_id.as_deref())),
        (
            "Pay",
            format!("{} {}", out::amount(created.amount), out::text(created.psys_cid.as_deref().or(created.currency.as_deref())))
                .trim()
                .to_owned(),
        ),
        ("To address", out::text(created.wallet_hash.as_deref())),
        ("Status", created.status.as_ref().map(Status::to_string).unwrap_or_default()),
        ("Expires (UTC)", out::time(created.expire_at)),
        ("Invoice page", out::text(created.invoice_url.as_deref())),
    ]);
    Ok(())
}

/// `plisio invoices get`.
pub async fn invoices_get(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    let details = ctx.client.invoices().get(id).await?;
    if ctx.json {
        out::json(&details);
        return Ok(());
    }
    let i = &details.invoice;
    out::fields(&[
        ("Invoice", out::text(i.txn_id.as_deref())),
        ("Status", i.status.as_ref().map(Status::to_string).unwrap_or_default()),
        ("Coin", out::text(i.psys_cid.as_deref().or(i.currency.as_deref()))),
        ("Amount", out::amount(i.amount)),
        ("Received", out::amount(i.received_amount)),
        ("Pending", out::amount(i.pending_amount)),
        ("Fiat", format!("{} {}", out::amount(i.source_amount), out::text(i.source_currency.as_deref())).trim().to_owned()),
        ("Address", out::text(i.wallet_hash.as_deref())),
        ("Confirmations", i.confirmations.map(|c| c.to_string()).unwrap_or_default()),
        ("Created (UTC)", out::time(i.created_at)),
        ("Expires (UTC)", out::time(i.expire_at)),
        ("Replaced by", out::text(details.active_invoice_id.as_deref())),
    ]);
    Ok(())
}

#[derive(Serialize)]
struct BalanceRow {
    currency: String,
    balance: plisio_core::Decimal,
    locked: Option<plisio_core::Decimal>,
}

/// `plisio balance`.
pub async fn balance(ctx: &Ctx, args: &BalanceArgs) -> Result<(), CliError> {
    let coins: Vec<String> = if args.currencies.is_empty() {
        let list = ctx.client.currencies().list(None).await?;
        list.into_iter().filter(|c| c.hidden != Some(true)).filter_map(|c| c.cid).collect()
    } else {
        args.currencies.clone()
    };
    let mut rows = Vec::with_capacity(coins.len());
    for coin in &coins {
        let b = ctx.client.balances().get(coin).await?;
        rows.push(BalanceRow { currency: coin.clone(), balance: b.balance, locked: b.locked_balance });
    }
    if ctx.json {
        out::json(&rows);
        return Ok(());
    }
    let mut t = Table::new(&["COIN", "BALANCE", "LOCKED"]).right_align(&[1, 2]);
    for r in &rows {
        t.row(vec![r.currency.clone(), r.balance.to_string(), out::amount(r.locked)]);
    }
    t.print();
    Ok(())
}

/// `plisio currencies`.
pub async fn currencies(ctx: &Ctx, args: &CurrenciesArgs) -> Result<(), CliError> {
    let list = ctx.client.currencies().list(Some(&args.fiat)).await?;
    if ctx.json {
        out::json(&list);
        return Ok(());
    }
    let fiat = args.fiat.to_ascii_uppercase();
    let header = format!("RATE ({fiat})");
    let mut t = Table::new(&["COIN", "CODE", "NAME", &header, "MIN INVOICE", "STATE"]).right_align(&[3, 4]);
    for c in &list {
        let state = match (c.hidden, c.maintenance) {
            (_, Some(true)) => "maintenance",
            (Some(true), _) => "disabled",
            _ => "active",
        };
        t.row(vec![
            out::text(c.cid.as_deref()),
            out::text(c.currency.as_deref()),
            out::text(c.name.as_deref()),
            out::amount(c.fiat_rate.or(c.rate_usd)),
            out::amount(c.min_sum_in),
            state.to_owned(),
        ]);
    }
    t.print();
    Ok(())
}

/// `plisio fees`: the fee plans of a coin, or the estimate (and commission) of payouts.
pub async fn fees(ctx: &Ctx, args: &FeesArgs) -> Result<(), CliError> {
    if args.to.is_empty() && args.csv.is_none() {
        let plans = ctx.client.fees().plans(&args.currency).await?;
        if ctx.json {
            out::json(&plans);
            return Ok(());
        }
        let mut t = Table::new(&["PLAN", "FEE", "UNIT", "CONF. TARGET", "FEE RATE", "GAS PRICE"]).right_align(&[1]);
        for (name, p) in &plans.plans {
            t.row(vec![
                name.clone(),
                out::amount(p.value),
                out::text(p.fee_unit.as_deref()),
                p.conf_target.map(|c| c.to_string()).unwrap_or_default(),
                p.fee_rate.map(|r| format!("{r} {}", out::text(p.fee_rate_unit.as_deref())).trim().to_owned()).unwrap_or_default(),
                out::amount(p.gas_price),
            ]);
        }
        out::line(format!("Fee plans for {}:", args.currency));
        t.print();
        return Ok(());
    }
    if args.to.len() != args.amounts.len() {
        return Err(CliError::usage(format!("{} --to but {} --amount: give one amount per address", args.to.len(), args.amounts.len())));
    }
    let rows = if let Some(csv) = &args.csv {
        payouts::collect(&args.currency, None, None, Some(csv), true)?
    } else {
        let mut rows = Vec::new();
        for (to, amount) in args.to.iter().zip(&args.amounts) {
            rows.extend(payouts::collect(&args.currency, Some(to), Some(amount), None, true)?);
        }
        rows
    };
    let fee_plan = parse_fee_plan(args.fee_plan.as_deref())?;
    let payouts: Vec<Payout> = rows.iter().map(|r| Payout { to: r.to.clone(), amount: r.amount }).collect();
    let estimate = ctx
        .client
        .fees()
        .estimate(&FeeEstimateRequest { currency: args.currency.clone(), payouts: payouts.clone(), fee_plan: fee_plan.clone() })
        .await?;
    let commission =
        ctx.client.fees().commission(&CommissionRequest { currency: args.currency.clone(), payouts, r#type: None, fee_plan }).await.ok();
    if ctx.json {
        out::json(&serde_json::json!({ "estimate": estimate, "commission": commission }));
        return Ok(());
    }
    let total: plisio_core::Decimal = rows.iter().map(|r| r.amount).sum();
    let unit = estimate.psys_cid.clone().or(estimate.currency.clone()).unwrap_or_else(|| args.currency.clone());
    out::fields(&[
        ("Payouts", format!("{} ({} {} in total)", rows.len(), total, args.currency)),
        ("Network fee", format!("{} {unit}", estimate.fee)),
        ("Fee plan", estimate.plan.as_ref().map(|p| p.to_string()).unwrap_or_default()),
        ("Plisio commission", out::amount(commission.as_ref().and_then(|c| c.commission))),
        ("Max sendable", out::amount(commission.as_ref().and_then(|c| c.max_amount))),
    ]);
    Ok(())
}

/// `plisio shop`.
pub async fn shop(ctx: &Ctx) -> Result<(), CliError> {
    let shop = ctx.client.shop().get().await?;
    if ctx.json {
        out::json(&shop);
        return Ok(());
    }
    let yes_no = |b: Option<bool>| b.map(|b| if b { "yes" } else { "no" }.to_owned()).unwrap_or_default();
    out::fields(&[
        ("Shop", out::text(shop.name.as_deref())),
        ("ID", out::text(shop.id.as_deref())),
        ("Website", out::text(shop.link.as_deref())),
        ("White-label", yes_no(shop.white_label)),
        ("Verified", yes_no(shop.verified)),
        (
            "Commission paid by",
            shop.commission_payment.map(|c| if c == 0 { "shop".to_owned() } else { format!("client ({c})") }).unwrap_or_default(),
        ),
        ("Extra commission", out::amount(shop.extra_commission)),
    ]);
    Ok(())
}

/// The fields of a verified callback people care about.
pub fn event_fields(e: &CallbackEvent) -> Vec<(&'static str, String)> {
    vec![
        ("Kind", e.ipn_type.to_string()),
        ("Status", e.status.as_ref().map(Status::to_string).unwrap_or_default()),
        ("Paid", if e.is_paid() { "yes".into() } else { "no".into() }),
        ("Invoice", out::text(e.txn_id.as_deref())),
        ("Order", out::text(e.order_number.as_deref())),
        ("User (deposit)", out::text(e.deposit_uid.as_deref())),
        ("Amount", format!("{} {}", out::amount(e.amount), out::text(e.psys_cid.as_deref().or(e.currency.as_deref()))).trim().to_owned()),
        ("Credited", out::amount(e.deposit_sum.or(e.invoice_sum))),
        ("Commission", out::amount(e.invoice_commission)),
        ("Fiat", format!("{} {}", out::amount(e.source_amount), out::text(e.source_currency.as_deref())).trim().to_owned()),
        ("Confirmations", e.confirmations.map(|c| c.to_string()).unwrap_or_default()),
        ("Address", out::text(e.wallet_hash.as_deref())),
        ("Format", format!("{:?}", e.format).to_lowercase()),
    ]
}

/// `plisio callback verify`.
pub fn callback_verify(secret: Option<String>, content_type: Option<&str>, file: Option<&Path>, json: bool) -> Result<(), CliError> {
    // An empty secret that was given explicitly is checked (and refused) like any other.
    let secret =
        secret.ok_or_else(|| CliError::usage("no secret: pass --secret, or set PLISIO_API_KEY (callbacks are signed with the API key)"))?;
    let mut body = Vec::new();
    match file {
        Some(path) => body = std::fs::read(path).map_err(|e| CliError::usage(format!("cannot read {}: {e}", path.display())))?,
        None => {
            use std::io::IsTerminal;
            if std::io::stdin().is_terminal() {
                out::note("plisio: reading the callback body from stdin; paste it, then press Ctrl-D (or use < FILE / --file FILE)");
            }
            std::io::stdin().read_to_end(&mut body)?;
        }
    }
    let event = callback::verify(&body, content_type, &secret).map_err(|e| {
        let mut err = CliError::from(e);
        err.code = ExitCode::Signature;
        err.message = format!("callback REJECTED: {}", if secret.len() >= 4 { err.message.replace(&secret, "***") } else { err.message });
        err
    })?;
    if json {
        out::json(&event);
    } else {
        out::line("Callback signature verified.");
        out::fields(&event_fields(&event));
    }
    Ok(())
}

/// `plisio mock`: the sandbox in the foreground until Ctrl-C / SIGTERM.
pub async fn mock(args: &MockArgs) -> Result<(), CliError> {
    let config = MockConfig {
        api_key: args.key.clone().unwrap_or_else(|| DEFAULT_API_KEY.to_owned()),
        port: args.port,
        callback_url: args.callback_url.clone(),
        white_label: !args.no_white_label,
        ..MockConfig::default()
    };
    let server = MockServer::start(config).await.map_err(|e| CliError::internal(format!("cannot start the sandbox: {e}")))?;
    if args.seed_operations > 0 {
        server.seed_operations(args.seed_operations, None, None);
    }
    out::line(format!("PLISIO_MOCK_LISTENING {}", server.root_url()));
    out::note(format!(
        "plisio: sandbox API at {} (use it with --base-url {} and the key given by --key, default {DEFAULT_API_KEY}); Ctrl-C stops it",
        server.url(),
        server.url()
    ));
    wait_for_signal().await;
    server.shutdown().await;
    Ok(())
}

#[cfg(unix)]
async fn wait_for_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
        }
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

#[cfg(not(unix))]
async fn wait_for_signal() {
    let _ = tokio::signal::ctrl_c().await;
}
