//! Exit codes and the one-line error report.

use std::io::Write;

use plisio_core::{Client, Error};

/// The documented exit codes (see `plisio --help`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum ExitCode {
    Ok = 0,
    Internal = 1,
    Usage = 2,
    InvalidInput = 3,
    Authentication = 4,
    Refused = 5,
    Transport = 6,
    OutcomeUnknown = 7,
    Signature = 8,
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(c: ExitCode) -> Self {
        std::process::ExitCode::from(c as u8)
    }
}

/// A failure of a command: what to print and how to exit.
#[derive(Debug)]
pub struct CliError {
    pub code: ExitCode,
    /// The one line that explains the failure.
    pub message: String,
    /// Further lines (one per refused CSV row, reconciliation steps…), printed after the message.
    pub details: Vec<String>,
}

impl CliError {
    pub fn new(code: ExitCode, message: impl Into<String>) -> CliError {
        CliError { code, message: message.into(), details: Vec::new() }
    }

    pub fn usage(message: impl Into<String>) -> CliError {
        CliError::new(ExitCode::Usage, message)
    }

    pub fn input(message: impl Into<String>) -> CliError {
        CliError::new(ExitCode::InvalidInput, message)
    }

    pub fn internal(message: impl Into<String>) -> CliError {
        CliError::new(ExitCode::Internal, message)
    }

    pub fn with_details(mut self, details: Vec<String>) -> CliError {
        self.details = details;
        self
    }

    /// Masks the client's API key in every line (defence in depth: core errors never carry it).
    pub fn redacted(mut self, client: &Client) -> CliError {
        self.message = client.redact(&self.message).into_owned();
        self.details = self.details.iter().map(|d| client.redact(d).into_owned()).collect();
        self
    }

    /// Prints `plisio: error: …` (and the details) on stderr and returns the exit code.
    pub fn report(self, api_key: Option<&str>) -> std::process::ExitCode {
        let scrub = |s: &str| match api_key {
            Some(k) if k.len() >= 4 => s.replace(k, "***"),
            _ => s.to_owned(),
        };
        let one_line = |s: &str| s.replace(['\n', '\r'], " ");
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "plisio: error: {}", scrub(&one_line(&self.message)));
        for d in &self.details {
            let _ = writeln!(err, "{}", scrub(&one_line(d)));
        }
        self.code.into()
    }
}

/// The exit code of a core error.
pub fn code_of(e: &Error) -> ExitCode {
    match e.code() {
        "invalid_input" => ExitCode::InvalidInput,
        "configuration" => ExitCode::Usage,
        "authentication" => ExitCode::Authentication,
        "api_error" | "not_found" | "rate_limited" => ExitCode::Refused,
        "timeout" | "connection" | "decode" => ExitCode::Transport,
        "outcome_unknown" => ExitCode::OutcomeUnknown,
        "signature" => ExitCode::Signature,
        _ => ExitCode::Internal,
    }
}

impl From<Error> for CliError {
    fn from(e: Error) -> CliError {
        let code = code_of(&e);
        let mut err = CliError::new(code, e.to_string());
        if let Error::RateLimited { retry_after: Some(d), .. } = &e {
            err.details.push(format!("Plisio asks to wait {}s before the next request.", d.as_secs().max(1)));
        }
        err
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> CliError {
        CliError::internal(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_core_code_has_an_exit_code() {
        for code in Error::CODES {
            let e = match *code {
                "invalid_input" => Error::InvalidInput { field: "to".into(), message: "x".into() },
                "configuration" => Error::Configuration { message: "x".into() },
                "timeout" => Error::Timeout { endpoint: "operations".into(), attempts: 1 },
                "connection" => Error::Connection { endpoint: "operations".into(), message: "x".into() },
                "decode" => Error::Decode { endpoint: "x".into(), http_status: 200, message: "x".into(), snippet: String::new() },
                "outcome_unknown" => Error::OutcomeUnknown { endpoint: "operations/withdraw".into(), message: "x".into() },
                "signature" => Error::Signature { reason: plisio_core::SignatureFailure::Mismatch, message: "x".into() },
                "rate_limited" => Error::RateLimited { retry_after: None, details: None },
                "authentication" => Error::Authentication(Default::default()),
                "not_found" => Error::NotFound(Default::default()),
                "api_error" => Error::Api(Default::default()),
                "internal" => Error::Internal { message: "x".into() },
                other => panic!("new core error code {other}: give it an exit code"),
            };
            assert_eq!(e.code(), *code);
            if *code != "internal" {
                assert_ne!(code_of(&e), ExitCode::Internal, "{code}");
            }
        }
        assert_eq!(code_of(&Error::OutcomeUnknown { endpoint: "w".into(), message: "m".into() }), ExitCode::OutcomeUnknown);
    }
}
