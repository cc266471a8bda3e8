//! `plisio demo` (what `make demo` runs): a realistic day of a shop, against the embedded sandbox.
//! No API key, no network: the sandbox and the shop's callback endpoint both listen on 127.0.0.1.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use plisio_core::callback::Verifier;
use plisio_core::money::parse_amount;
use plisio_core::{CallbackEvent, Client, Error, NewInvoice, OperationType, OperationsQuery, callback};
use plisio_mock::{Fault, FaultKind, MockConfig, MockServer, PayIn, PayInvoice};
use tokio::sync::mpsc;

use crate::exit::CliError;
use crate::out;
use crate::{Ctx, ExportArgs, ExportFormat, Filters, commands, export, payouts};

type Events = mpsc::UnboundedSender<Result<CallbackEvent, String>>;

/// The shop's callback endpoint (your web application): verify the raw body, answer 200 or 422.
async fn callback_endpoint(State((verifier, events)): State<(Verifier, Events)>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok());
    match verifier.verify(&body, content_type) {
        Ok(event) => {
            let _ = events.send(Ok(event));
            StatusCode::OK
        }
        Err(e) => {
            let _ = events.send(Err(e.to_string()));
            StatusCode::UNPROCESSABLE_ENTITY
        }
    }
}

fn step(n: u32, title: &str) {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() {
        out::line(format!("\n\x1b[1m{n}. {title}\x1b[0m"));
    } else {
        out::line(format!("\n{n}. {title}"));
    }
}

fn say(text: impl AsRef<str>) {
    out::line(format!("   {}", text.as_ref()));
}

async fn next_event(events: &mut mpsc::UnboundedReceiver<Result<CallbackEvent, String>>) -> Result<CallbackEvent, CliError> {
    match tokio::time::timeout(Duration::from_secs(10), events.recv()).await {
        Ok(Some(Ok(event))) => Ok(event),
        Ok(Some(Err(e))) => Err(CliError::internal(format!("the callback endpoint refused a callback: {e}"))),
        Ok(None) | Err(_) => Err(CliError::internal("no callback arrived within 10 s")),
    }
}

fn sim_err(e: plisio_mock::MockError) -> CliError {
    CliError::internal(format!("sandbox simulation failed: {e}"))
}

/// Replaces the character at `index` by the next one in the base58 alphabet: a one-key slip.
fn one_character_typo(address: &str, index: usize) -> String {
    const B58: &str = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    address
        .char_indices()
        .map(|(i, c)| if i == index { B58.chars().cycle().skip_while(|x| *x != c).nth(1).unwrap_or(c) } else { c })
        .collect()
}

pub async fn run() -> Result<(), CliError> {
    out::line(format!(
        "plisio {} demo: everything below runs against the embedded sandbox on 127.0.0.1 (no API key, no network)",
        plisio_core::VERSION
    ));

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let callback_url = format!("http://{}/plisio/callback", listener.local_addr()?);
    let mock = MockServer::start(MockConfig { callback_url: Some(callback_url.clone()), ..MockConfig::default() })
        .await
        .map_err(|e| CliError::internal(format!("cannot start the sandbox: {e}")))?;
    let (tx, mut events) = mpsc::unbounded_channel();
    let app = axum::Router::new()
        .route("/plisio/callback", axum::routing::post(callback_endpoint))
        .with_state((Verifier::new(mock.api_key())?, tx));
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let client = Client::builder(mock.api_key()).base_url(mock.url()).timeout(Duration::from_secs(10)).build()?;
    say(format!("sandbox API {}   your callback endpoint {callback_url}", mock.url()));

    step(1, "The shop and its balances");
    let shop = client.shop().get().await?;
    say(format!("shop {:?}, white-label {}", shop.name.unwrap_or_default(), if shop.white_label == Some(true) { "on" } else { "off" }));
    let coins = ["BTC", "ETH", "USDT_TRX"];
    let mut before = Vec::new();
    for coin in coins {
        let b = client.balances().get(coin).await?.balance;
        say(format!("{coin:<9} {b:>20}"));
        before.push((coin, b));
    }

    step(2, "Permanent deposit addresses for your user \"alice\" (white-label)");
    let deposits = client.deposits().create("alice", &coins).await?;
    for d in &deposits {
        say(format!("{:<9} {}", d.psys_cid, d.hash));
    }
    let again = client.deposits().create("alice", &["BTC"]).await?;
    say(format!(
        "asking again returns the same BTC address: {}",
        if again.first().map(|d| &d.hash) == deposits.first().map(|d| &d.hash) { "yes" } else { "NO" }
    ));

    step(3, "Alice sends 250 USDT (TRC-20); Plisio POSTs a signed pay_in callback to your endpoint");
    let sim = mock.simulate_pay_in(PayIn::new("alice", "USDT_TRX", parse_amount("amount", "250")?)).await.map_err(sim_err)?;
    if let Some(cb) = &sim.callback {
        say(format!(
            "callback POST {} ({}) → your endpoint answered {}",
            cb.url,
            cb.content_type.split(';').next().unwrap_or(""),
            cb.status.map(|s| s.to_string()).unwrap_or("-".into())
        ));
    }
    let event = next_event(&mut events).await?;
    say("verify_hash checked by your endpoint: signature valid");
    for (k, v) in commands::event_fields(&event).into_iter().filter(|(_, v)| !v.is_empty()) {
        say(format!("  {k:<15} {v}"));
    }

    step(4, "An invoice for order #1001 (49.90 USD in BTC), paid by the customer; JSON callback");
    let invoice = client
        .invoices()
        .create(&NewInvoice {
            order_name: "Order #1001".into(),
            order_number: "1001".into(),
            currency: Some("BTC".into()),
            source_currency: Some("USD".into()),
            source_amount: Some(parse_amount("source_amount", "49.90")?),
            callback_url: Some(format!("{callback_url}?json=true")),
            ..Default::default()
        })
        .await?;
    let txn = invoice.txn_id.clone().unwrap_or_default();
    say(format!("invoice {txn}: pay {} BTC to {}", out::amount(invoice.amount), out::text(invoice.wallet_hash.as_deref())));
    mock.pay_invoice(PayInvoice::new(txn.clone())).await.map_err(sim_err)?;
    let event = next_event(&mut events).await?;
    say(format!(
        "verified invoice callback: order {} is {} (paid: {}), {} body",
        out::text(event.order_number.as_deref()),
        event.status.as_ref().map(|s| s.to_string()).unwrap_or_default(),
        if event.is_paid() { "yes" } else { "no" },
        format!("{:?}", event.format).to_lowercase()
    ));

    step(5, "The operations list, then the whole history exported (`plisio operations export`)");
    mock.seed_operations(242, None, None);
    let ctx = Ctx { client: client.clone(), json: false, sandbox: None };
    say("$ plisio operations list --limit 5");
    let page = client.operations().list(&OperationsQuery { limit: Some(5), ..Default::default() }).await?;
    let mut table = out::Table::new(&["ID", "TYPE", "STATUS", "COIN", "AMOUNT"]).right_align(&[4]);
    for op in &page.operations {
        table.row(vec![
            op.id.clone(),
            op.r#type.to_string(),
            op.status.to_string(),
            out::text(op.psys_cid.as_deref()),
            out::amount(op.amount),
        ]);
    }
    for l in table.render("   ") {
        out::line(l);
    }
    say(format!(
        "{} operations in {} pages; next page link (api_key stripped): {}",
        page.meta.total_count,
        page.meta.page_count,
        out::text(page.links.next.as_deref())
    ));
    let dir = std::env::temp_dir().join(format!("plisio-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("operations.csv");
    say(format!("$ plisio operations export --format csv --out {}", file.display()));
    let export_args =
        ExportArgs { format: ExportFormat::Csv, out: file.clone(), limit: 100, force: true, restart: false, filters: Filters::default() };
    let summary = export::export(&ctx, &export_args).await?;
    say(format!("Exported {} operations ({} page(s)) to {}", summary.rows, summary.pages, summary.out));
    let lines = std::fs::read_to_string(&file)?.lines().count();
    say(format!(
        "the file has {lines} lines: a header and {} operations; Plisio reports {} for this query",
        lines.saturating_sub(1),
        summary.total_count
    ));
    let _ = std::fs::remove_dir_all(&dir);

    step(6, "A mass payout in BTC from payouts.csv: validated, dry run, then sent exactly once");
    let csv = "address,amount\n1BoatSLRHtKNngkdXEeobR76b53LETtpyT,0.0015\n3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy,0.0025\nbc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq,0.001\n";
    for l in csv.lines() {
        say(format!("  | {l}"));
    }
    say("$ plisio withdraw --currency BTC --csv payouts.csv --fee-plan normal");
    let rows = payouts::parse_csv(csv, "BTC", true).map_err(|e| CliError::internal(format!("demo CSV refused: {e:?}")))?;
    let plan = payouts::plan(&client, "BTC", Some("normal"), rows).await?;
    for l in payouts::render_plan(&plan) {
        say(l);
    }
    say("DRY RUN: nothing was sent.");
    let sent_before = withdraw_requests(&mock);
    say("$ plisio withdraw --currency BTC --csv payouts.csv --fee-plan normal --yes");
    let op = payouts::send(&client, "BTC", Some("normal"), &plan.payouts, true).await?;
    say(format!("SENT: operation {} {} ({}), fee {}", op.id, op.status, op.r#type, out::amount(op.fee)));
    for p in &op.sendmany {
        say(format!("  → {:<44} {}", p.to, p.amount));
    }
    say(format!("withdraw requests the sandbox received: {}", withdraw_requests(&mock) - sent_before));

    step(7, "Balances after");
    for (coin, old) in &before {
        let now = client.balances().get(coin).await?.balance;
        let diff = now - *old;
        say(format!("{coin:<9} {old:>20} → {now:>20}  ({}{diff})", if diff.is_sign_negative() { "" } else { "+" }));
    }

    step(8, "A payout to an address with a one-character typo is refused before anything is sent");
    let good = "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy";
    let typo = one_character_typo(good, 20);
    say(format!("the real address:  {good}"));
    say(format!("what was typed:    {typo}"));
    say(format!("$ plisio withdraw --currency BTC --to {typo} --amount 0.01 --yes"));
    let requests_before = withdraw_requests(&mock);
    match payouts::collect("BTC", Some(&typo), Some("0.01"), None, true) {
        Err(e) => {
            say(format!("plisio: error: {}", e.message));
            for d in &e.details {
                say(d);
            }
            say(format!("(exit code {}; withdraw requests sent: {})", e.code as u8, withdraw_requests(&mock) - requests_before));
        }
        Ok(_) => return Err(CliError::internal("the typo address was accepted")),
    }
    let eth = "0xdAC17F958D2ee523a2206206994597C13D831ec7";
    say(format!("$ plisio withdraw --currency USDT_TRX --to {eth} --amount 100 --yes"));
    if let Err(e) = payouts::collect("USDT_TRX", Some(eth), Some("100"), None, true) {
        for d in &e.details {
            say(format!("plisio: error: {}", d.trim()));
        }
    }

    step(9, "A forged callback (amount changed in transit) is refused");
    let original = sim.callback.map(|c| (c.body, c.content_type)).unwrap_or_default();
    let forged = original.0.replacen("250.000000", "2500.000000", 1);
    match callback::verify(forged.as_bytes(), Some(&original.1), mock.api_key()) {
        Ok(_) => return Err(CliError::internal("a forged callback was accepted")),
        Err(e) => say(format!("$ plisio callback verify < forged-body   →   callback REJECTED: {e} (exit code 8)")),
    }

    step(10, "A withdrawal whose answer never arrives is NOT resent: reconcile instead");
    let impatient = Client::builder(mock.api_key()).base_url(mock.url()).timeout(Duration::from_millis(400)).max_retries(3).build()?;
    mock.push_fault(Fault::new(FaultKind::Delay { ms: 1500 }).on_path("operations/withdraw"));
    let to = "0x52908400098527886E0F7030069857D2E4169EE7";
    let rows = payouts::collect("ETH", Some(to), Some("0.25"), None, true)?;
    let requests_before = withdraw_requests(&mock);
    match payouts::send(&impatient, "ETH", None, &rows, true).await {
        Err(e @ Error::OutcomeUnknown { .. }) => {
            say(format!("plisio: error: {e}"));
            for l in payouts::reconcile_steps("ETH", &rows) {
                say(l);
            }
            say("(exit code 7)");
        }
        Ok(_) => return Err(CliError::internal("the delayed withdrawal answered in time")),
        Err(e) => return Err(e.into()),
    }
    tokio::time::sleep(Duration::from_millis(1300)).await;
    say(format!("withdraw requests the sandbox received: {} (the client retried nothing)", withdraw_requests(&mock) - requests_before));
    say(format!("$ plisio operations list --type cash_out --currency ETH --search {to}"));
    let found = client
        .operations()
        .list(&OperationsQuery {
            r#type: Some(OperationType::CashOut),
            currency: Some("ETH".into()),
            search: Some(to.into()),
            ..Default::default()
        })
        .await?;
    for op in &found.operations {
        say(format!(
            "{} {} {} ETH → {}: it went through; do not send it again",
            op.id,
            op.status,
            out::amount(op.amount),
            out::text(op.wallet_hash.as_deref())
        ));
    }

    out::line("\nDone. Try it yourself: `plisio --sandbox --help`, or `plisio mock` for a sandbox your own tests can use.");
    server.abort();
    mock.shutdown().await;
    Ok(())
}

fn withdraw_requests(mock: &MockServer) -> usize {
    mock.requests().iter().filter(|r| r.path.ends_with("operations/withdraw")).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typo_changes_exactly_one_character_and_is_refused() {
        let good = "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy";
        let typo = one_character_typo(good, 20);
        assert_eq!(typo.len(), good.len());
        assert_eq!(good.chars().zip(typo.chars()).filter(|(a, b)| a != b).count(), 1);
        assert!(plisio_core::address::validate("BTC", good).is_ok());
        let e = plisio_core::address::validate("BTC", &typo).unwrap_err();
        assert!(e.to_string().contains("bad checksum"), "{e}");
    }
}
