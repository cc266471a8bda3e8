//! `plisio-mock`: serves the Plisio sandbox on 127.0.0.1 until SIGINT/SIGTERM.
//!
//! The first stdout line is `PLISIO_MOCK_LISTENING http://127.0.0.1:<port>`; test suites in other
//! languages spawn the binary and read it. The API key is never printed.

use std::io::Write;

use clap::Parser;
use plisio_mock::{DEFAULT_API_KEY, MockConfig, MockServer};

/// A faithful, stateful sandbox of the Plisio API.
#[derive(Debug, Parser)]
#[command(name = "plisio-mock", version, about)]
struct Args {
    /// Port to bind on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// The shop's secret API key.
    #[arg(long, default_value = DEFAULT_API_KEY, hide_default_value = true)]
    api_key: String,
    /// The shop's Status URL (default callback target).
    #[arg(long)]
    callback_url: Option<String>,
    /// Start with white-label payment processing disabled.
    #[arg(long)]
    no_white_label: bool,
    /// Shop name shown in callbacks and `shops`.
    #[arg(long)]
    shop_name: Option<String>,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let mut config = MockConfig {
        api_key: args.api_key,
        port: args.port,
        callback_url: args.callback_url,
        white_label: !args.no_white_label,
        ..MockConfig::default()
    };
    if let Some(name) = args.shop_name {
        config.shop_name = name;
    }
    let server = match MockServer::start(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("plisio-mock: cannot start: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "PLISIO_MOCK_LISTENING {}", server.root_url());
        let _ = out.flush();
    }
    wait_for_signal().await;
    server.shutdown().await;
    std::process::ExitCode::SUCCESS
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
