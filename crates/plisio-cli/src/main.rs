//! `plisio`: the Plisio command line — operations export, safe (mass) payouts, deposits, invoices,
//! balances, callback verification and an offline sandbox.

mod commands;
mod demo;
mod exit;
mod export;
mod out;
mod payouts;

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use plisio_core::{Client, DEFAULT_BASE_URL};
use plisio_mock::{MockConfig, MockServer};

use crate::exit::{CliError, ExitCode};

const EXIT_CODES: &str = "\
Exit codes:
  0  success (including a withdraw dry run)
  1  unexpected failure (file system, internal error)
  2  usage error: bad arguments, missing API key, unsafe base URL, output file exists
  3  invalid input, refused before anything was sent (address, amount, CSV row, duplicate)
  4  authentication failed (API key refused)
  5  Plisio refused the request (API error, not found, rate limited)
  6  network, timeout or unreadable answer on a read; safe to retry
  7  OUTCOME UNKNOWN: a withdrawal or invoice may have been executed; reconcile, do not resend
  8  callback verification failed (signature, body)

The API key is read from --api-key or PLISIO_API_KEY and never printed.";

/// The Plisio command line.
///
/// Every command works offline against an embedded sandbox with --sandbox.
#[derive(Debug, Parser)]
#[command(name = "plisio", version, about, after_help = EXIT_CODES, propagate_version = true)]
struct Cli {
    /// Your Plisio secret key (prefer the PLISIO_API_KEY environment variable: arguments are visible to other users).
    #[arg(long, env = "PLISIO_API_KEY", hide_env_values = true, global = true, value_name = "KEY")]
    api_key: Option<String>,
    /// API base URL (default https://api.plisio.net/api/v1; plain http only for 127.0.0.1/localhost).
    #[arg(long, env = "PLISIO_BASE_URL", global = true, value_name = "URL")]
    base_url: Option<String>,
    /// Run against an embedded, in-memory sandbox: no API key, no network.
    #[arg(long, global = true)]
    sandbox: bool,
    /// With --sandbox: seed this many synthetic operations into its history first.
    #[arg(long, global = true, value_name = "N", default_value_t = 0, requires = "sandbox")]
    sandbox_operations: usize,
    /// Print JSON on stdout instead of tables.
    #[arg(long, global = true)]
    json: bool,
    /// Seconds before a request times out.
    #[arg(long, global = true, value_name = "SECS", default_value_t = 30)]
    timeout: u64,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List, show and export operations (transactions).
    #[command(subcommand)]
    Operations(OperationsCmd),
    /// Withdraw to one address or to many from a CSV file. A dry run unless --yes.
    Withdraw(WithdrawArgs),
    /// White-label deposit addresses of your users.
    #[command(subcommand)]
    Deposits(DepositsCmd),
    /// Create and look up invoices.
    #[command(subcommand)]
    Invoices(InvoicesCmd),
    /// Balances (every coin of the shop when none is named).
    Balance(BalanceArgs),
    /// Supported cryptocurrencies and their rates.
    Currencies(CurrenciesArgs),
    /// Fee plans of a coin, or the fee estimate of a payout.
    Fees(FeesArgs),
    /// Your shop's settings.
    Shop,
    /// Verify a callback (IPN) body read from stdin.
    #[command(subcommand)]
    Callback(CallbackCmd),
    /// Run the Plisio sandbox in the foreground (for your own tests).
    Mock(MockArgs),
    /// A guided tour against the embedded sandbox (what `make demo` runs).
    Demo,
}

/// Filters shared by `operations list` and `operations export`.
#[derive(Debug, Clone, Args, Default)]
pub struct Filters {
    /// Operation type: cash_in, cash_out, mass_cash_out, invoice.
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: Option<String>,
    /// Status: new, pending, completed, expired, mismatch, error, cancelled, …
    #[arg(long)]
    pub status: Option<String>,
    /// Coin ID (psys_cid), e.g. BTC or USDT_TRX.
    #[arg(long)]
    pub currency: Option<String>,
    /// Shop ID.
    #[arg(long, value_name = "ID")]
    pub shop_id: Option<String>,
    /// Search: transaction id, order number, e-mail or address.
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
}

#[derive(Debug, Subcommand)]
enum OperationsCmd {
    /// One page of operations, newest first.
    List {
        /// Page number (from 1).
        #[arg(long, default_value_t = 1)]
        page: u32,
        /// Page size (1-100).
        #[arg(long, default_value_t = 20)]
        limit: u32,
        #[command(flatten)]
        filters: Filters,
    },
    /// Details of one operation.
    Get {
        /// Operation ID.
        id: String,
    },
    /// Every page of operations into a CSV or JSON file (atomic; resumes after an interruption).
    Export(ExportArgs),
}

/// Output format of `operations export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// One row per operation, exact decimal amounts.
    Csv,
    /// A JSON array of the operations exactly as Plisio sent them.
    Json,
    /// JSON Lines: one operation per line, as Plisio sent it.
    Jsonl,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// File format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Output file; written to a temporary file in the same folder and renamed when complete.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Operations per request (1-100).
    #[arg(long, default_value_t = 100)]
    pub limit: u32,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
    /// Discard an interrupted export of the same query instead of resuming it.
    #[arg(long)]
    pub restart: bool,
    #[command(flatten)]
    pub filters: Filters,
}

#[derive(Debug, Args)]
pub struct WithdrawArgs {
    /// Coin ID to send (psys_cid), e.g. BTC, USDT_TRX.
    #[arg(long)]
    pub currency: String,
    /// Destination address (one payout).
    #[arg(long, requires = "amount", conflicts_with = "csv", value_name = "ADDRESS")]
    pub to: Option<String>,
    /// Amount to send, a plain decimal like 0.001 (one payout).
    #[arg(long, requires = "to", conflicts_with = "csv")]
    pub amount: Option<String>,
    /// CSV file of payouts: address,amount per line (header optional; '-' reads stdin).
    #[arg(long, value_name = "FILE", required_unless_present = "to")]
    pub csv: Option<PathBuf>,
    /// Fee plan: economy, normal, priority (Plisio's default when omitted).
    #[arg(long, value_name = "PLAN")]
    pub fee_plan: Option<String>,
    /// Send for real. Without it the command only validates and shows the plan (dry run).
    #[arg(long)]
    pub yes: bool,
    /// Skip the destination-address checks (checksum, network). Only for coins whose format the check gets wrong.
    #[arg(long)]
    pub no_address_check: bool,
}

#[derive(Debug, Subcommand)]
enum DepositsCmd {
    /// Get (or create) the permanent deposit address of a user for one or more coins.
    New {
        /// Your user identifier.
        #[arg(long)]
        uid: String,
        /// Coin ID; repeat for several.
        #[arg(long = "currency", required = true, value_name = "COIN")]
        currencies: Vec<String>,
    },
    /// List deposit addresses.
    List {
        /// Only this user.
        #[arg(long)]
        uid: Option<String>,
        /// Only these coins; repeat for several.
        #[arg(long = "currency", value_name = "COIN")]
        currencies: Vec<String>,
        /// Page number (from 1).
        #[arg(long, default_value_t = 1)]
        page: u32,
        /// Page size (1-100).
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
}

#[derive(Debug, Subcommand)]
enum InvoicesCmd {
    /// Create an invoice: --amount in a coin, or --source-amount in fiat.
    New(Box<NewInvoiceArgs>),
    /// Invoice details.
    Get {
        /// Invoice ID (txn_id).
        id: String,
    },
}

#[derive(Debug, Args)]
pub struct NewInvoiceArgs {
    /// Your order number (unique per shop).
    #[arg(long)]
    pub order_number: String,
    /// Your order name.
    #[arg(long)]
    pub order_name: String,
    /// Coin the customer pays with (Plisio lets them choose when omitted).
    #[arg(long)]
    pub currency: Option<String>,
    /// Amount in the coin.
    #[arg(long, conflicts_with_all = ["source_amount", "source_currency"])]
    pub amount: Option<String>,
    /// Amount in fiat (with --source-currency).
    #[arg(long, requires = "source_currency")]
    pub source_amount: Option<String>,
    /// Fiat currency, e.g. USD.
    #[arg(long, requires = "source_amount")]
    pub source_currency: Option<String>,
    /// Description shown to the customer.
    #[arg(long)]
    pub description: Option<String>,
    /// Customer e-mail.
    #[arg(long)]
    pub email: Option<String>,
    /// Status callback URL (append json=true to its query for JSON callbacks).
    #[arg(long)]
    pub callback_url: Option<String>,
    /// Minutes until the invoice expires.
    #[arg(long)]
    pub expire_min: Option<u32>,
    /// Return the existing invoice for a repeated order number instead of an error.
    #[arg(long)]
    pub return_existing: bool,
}

#[derive(Debug, Args)]
pub struct BalanceArgs {
    /// Coin IDs; every coin of the shop when omitted.
    #[arg(value_name = "COIN")]
    pub currencies: Vec<String>,
}

#[derive(Debug, Args)]
pub struct CurrenciesArgs {
    /// Fiat currency of the rates.
    #[arg(long, default_value = "USD")]
    pub fiat: String,
}

#[derive(Debug, Args)]
pub struct FeesArgs {
    /// Coin ID.
    #[arg(long)]
    pub currency: String,
    /// Destination address of a payout to estimate; repeat with --amount for several.
    #[arg(long = "to", value_name = "ADDRESS", requires = "amounts", conflicts_with = "csv")]
    pub to: Vec<String>,
    /// Amount of each payout, in the order of --to.
    #[arg(long = "amount", value_name = "AMOUNT", requires = "to", conflicts_with = "csv")]
    pub amounts: Vec<String>,
    /// Estimate the payouts of a CSV file (as for withdraw --csv).
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Fee plan.
    #[arg(long, value_name = "PLAN")]
    pub fee_plan: Option<String>,
}

#[derive(Debug, Subcommand)]
enum CallbackCmd {
    /// Check the verify_hash of a raw callback body (stdin, or --file) and print the event.
    Verify {
        /// The shop's secret key (defaults to --api-key / PLISIO_API_KEY).
        #[arg(long, env = "PLISIO_CALLBACK_SECRET", hide_env_values = true)]
        secret: Option<String>,
        /// The request's Content-Type header (detected from the body when omitted).
        #[arg(long)]
        content_type: Option<String>,
        /// Read the body from this file instead of stdin.
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct MockArgs {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// The API key the sandbox accepts (default sk_test_plisio_mock).
    #[arg(long, value_name = "KEY")]
    pub key: Option<String>,
    /// The shop's Status URL: where callbacks go when a request names none.
    #[arg(long, value_name = "URL")]
    pub callback_url: Option<String>,
    /// Seed this many synthetic operations.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub seed_operations: usize,
    /// Start with white-label processing disabled.
    #[arg(long)]
    pub no_white_label: bool,
}

/// What every command needs: a client, the embedded sandbox when there is one, the output mode.
pub struct Ctx {
    pub client: Client,
    pub json: bool,
    /// Kept alive for the duration of the command.
    pub sandbox: Option<MockServer>,
}

impl Ctx {
    async fn new(cli: &Cli) -> Result<Ctx, CliError> {
        let timeout = Duration::from_secs(cli.timeout.max(1));
        let base_url = cli.base_url.clone().filter(|u| !u.trim().is_empty());
        if cli.sandbox {
            if base_url.is_some() {
                return Err(CliError::usage("--sandbox and --base-url cannot be used together"));
            }
            let mock =
                MockServer::start(MockConfig::default()).await.map_err(|e| CliError::internal(format!("cannot start the sandbox: {e}")))?;
            if cli.sandbox_operations > 0 {
                mock.seed_operations(cli.sandbox_operations, None, None);
            }
            let client = Client::builder(mock.api_key()).base_url(mock.url()).timeout(timeout).build()?;
            return Ok(Ctx { client, json: cli.json, sandbox: Some(mock) });
        }
        let key = cli.api_key.as_deref().filter(|k| !k.trim().is_empty()).ok_or_else(|| {
            CliError::usage("no API key: set PLISIO_API_KEY (or pass --api-key), or add --sandbox to use the embedded sandbox")
        })?;
        let client = Client::builder(key).base_url(base_url.unwrap_or_else(|| DEFAULT_BASE_URL.to_owned())).timeout(timeout).build()?;
        Ok(Ctx { client, json: cli.json, sandbox: None })
    }
}

async fn run(cli: Cli) -> Result<(), CliError> {
    match &cli.command {
        Command::Mock(args) => return commands::mock(args).await,
        Command::Demo => return demo::run().await,
        Command::Callback(CallbackCmd::Verify { secret, content_type, file }) => {
            let secret = secret.clone().or_else(|| cli.api_key.clone());
            return commands::callback_verify(secret, content_type.as_deref(), file.as_deref(), cli.json);
        }
        _ => {}
    }
    let ctx = Ctx::new(&cli).await?;
    let result = match cli.command {
        Command::Operations(OperationsCmd::List { page, limit, filters }) => commands::operations_list(&ctx, page, limit, &filters).await,
        Command::Operations(OperationsCmd::Get { id }) => commands::operations_get(&ctx, &id).await,
        Command::Operations(OperationsCmd::Export(args)) => export::run(&ctx, &args).await,
        Command::Withdraw(args) => payouts::withdraw(&ctx, &args).await,
        Command::Deposits(DepositsCmd::New { uid, currencies }) => commands::deposits_new(&ctx, &uid, &currencies).await,
        Command::Deposits(DepositsCmd::List { uid, currencies, page, limit }) => {
            commands::deposits_list(&ctx, uid, currencies, page, limit).await
        }
        Command::Invoices(InvoicesCmd::New(args)) => commands::invoices_new(&ctx, &args).await,
        Command::Invoices(InvoicesCmd::Get { id }) => commands::invoices_get(&ctx, &id).await,
        Command::Balance(args) => commands::balance(&ctx, &args).await,
        Command::Currencies(args) => commands::currencies(&ctx, &args).await,
        Command::Fees(args) => commands::fees(&ctx, &args).await,
        Command::Shop => commands::shop(&ctx).await,
        Command::Callback(_) | Command::Mock(_) | Command::Demo => unreachable!("handled above"),
    };
    if let Some(mock) = ctx.sandbox {
        mock.shutdown().await;
    }
    result.map_err(|e| e.redacted(&ctx.client))
}

fn main() -> std::process::ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with 0; usage errors to stderr with 2.
            let code = if e.use_stderr() { ExitCode::Usage } else { ExitCode::Ok };
            let _ = e.print();
            return code.into();
        }
    };
    let api_key = cli.api_key.clone();
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(rt) => rt,
        Err(e) => return CliError::internal(format!("cannot start the async runtime: {e}")).report(api_key.as_deref()),
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::Ok.into(),
        Err(e) => e.report(api_key.as_deref()),
    }
}
