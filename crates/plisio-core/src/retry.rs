//! The retry policy, as a pure function: what to do after an attempt failed.
//!
//! Reads are retried on transient failures. Money-moving calls (withdrawals, invoice creation) are
//! retried ONLY when the request provably never left the process (the TCP/TLS connection could not be
//! established); any later failure is [`Decision::OutcomeUnknown`].

use std::time::Duration;

/// Whether a call may be repeated safely.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallKind {
    /// Reading state (idempotent): retried on transient failures.
    Read,
    /// Moves money or creates an object (withdrawal, invoice, invoice coin switch): never sent twice.
    MoneyMoving,
}

/// How an attempt failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The connection could not be established: no byte of the request was sent.
    ConnectFailed,
    /// No complete answer within the timeout (the request may have been processed).
    TimedOut,
    /// The connection broke after the request may have been sent (reset, closed, truncated body).
    ConnectionLost,
    /// A complete HTTP response that is not a success.
    Status {
        /// HTTP status.
        http_status: u16,
        /// Parsed `Retry-After`.
        retry_after: Option<Duration>,
        /// Whether the body was a Plisio error envelope (a definite answer from Plisio itself).
        plisio_envelope: bool,
    },
    /// A 2xx response whose body could not be decoded.
    UndecodableSuccess,
}

/// Settings of the policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (so `max_retries + 1` attempts at most).
    pub max_retries: u32,
    /// First backoff.
    pub initial_backoff: Duration,
    /// Largest backoff.
    pub max_backoff: Duration,
    /// The longest `Retry-After` we are willing to wait; a longer one ends the call with `RateLimited`.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

/// What to do next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Wait, then send again.
    Retry(Duration),
    /// Stop and report this failure as it is.
    GiveUp,
    /// Stop: a money-moving request may have been executed. Report `OutcomeUnknown`.
    OutcomeUnknown,
}

/// Decide after attempt number `attempt` (1-based) failed with `failure`.
///
/// `jitter` in `0..=1000` scales the backoff between 50% and 100% (pass a random value; tests pass
/// fixed ones).
pub fn decide(kind: CallKind, attempt: u32, failure: Failure, policy: &RetryPolicy, jitter: u32) -> Decision {
    let can_retry = attempt <= policy.max_retries;
    let backoff = || Decision::Retry(backoff(policy, attempt, jitter));
    match kind {
        CallKind::MoneyMoving => match failure {
            Failure::ConnectFailed if can_retry => backoff(),
            Failure::ConnectFailed => Decision::GiveUp,
            Failure::TimedOut | Failure::ConnectionLost | Failure::UndecodableSuccess => Decision::OutcomeUnknown,
            // A gateway/server failure without Plisio's own answer: the backend may have executed it.
            Failure::Status { http_status, plisio_envelope: false, .. } if http_status >= 500 => Decision::OutcomeUnknown,
            Failure::Status { .. } => Decision::GiveUp,
        },
        CallKind::Read => match failure {
            Failure::ConnectFailed | Failure::TimedOut | Failure::ConnectionLost if can_retry => backoff(),
            Failure::Status { http_status: 429, retry_after, .. } if can_retry => match retry_after {
                Some(wait) if wait > policy.max_retry_after => Decision::GiveUp,
                Some(wait) => Decision::Retry(wait),
                None => backoff(),
            },
            Failure::Status { http_status: 502..=504, .. } if can_retry => backoff(),
            _ => Decision::GiveUp,
        },
    }
}

/// Exponential backoff with jitter: `initial * 2^(attempt-1)`, capped, scaled to 50–100%.
pub fn backoff(policy: &RetryPolicy, attempt: u32, jitter: u32) -> Duration {
    let exp = policy.initial_backoff.saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
    let capped = exp.min(policy.max_backoff);
    let scale = 500 + jitter.min(1000) / 2; // per mille
    capped * scale / 1000
}

/// Parse a `Retry-After` header (delta-seconds; HTTP dates are not used by Plisio and are ignored).
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use CallKind::*;
    use Failure::*;

    const P: RetryPolicy = RetryPolicy {
        max_retries: 2,
        initial_backoff: Duration::from_millis(100),
        max_backoff: Duration::from_secs(1),
        max_retry_after: Duration::from_secs(5),
    };

    fn status(code: u16, envelope: bool) -> Failure {
        Status { http_status: code, retry_after: None, plisio_envelope: envelope }
    }

    #[test]
    fn reads_retry_transient_failures_until_the_budget_is_spent() {
        for f in [ConnectFailed, TimedOut, ConnectionLost, status(502, false), status(503, true), status(504, false)] {
            assert_eq!(decide(Read, 1, f, &P, 1000), Decision::Retry(Duration::from_millis(100)), "{f:?}");
            assert_eq!(decide(Read, 2, f, &P, 1000), Decision::Retry(Duration::from_millis(200)), "{f:?}");
            assert_eq!(decide(Read, 3, f, &P, 1000), Decision::GiveUp, "{f:?}");
        }
    }

    #[test]
    fn reads_do_not_retry_definite_answers() {
        for code in [400, 401, 403, 404, 422, 500] {
            assert_eq!(decide(Read, 1, status(code, true), &P, 0), Decision::GiveUp, "{code}");
        }
        assert_eq!(decide(Read, 1, UndecodableSuccess, &P, 0), Decision::GiveUp);
    }

    #[test]
    fn rate_limits_honour_retry_after_within_the_cap() {
        let f = |s| Status { http_status: 429, retry_after: Some(Duration::from_secs(s)), plisio_envelope: true };
        assert_eq!(decide(Read, 1, f(3), &P, 0), Decision::Retry(Duration::from_secs(3)));
        assert_eq!(decide(Read, 1, f(60), &P, 0), Decision::GiveUp);
        assert_eq!(decide(Read, 1, status(429, false), &P, 1000), Decision::Retry(Duration::from_millis(100)));
        assert_eq!(decide(Read, 3, f(1), &P, 0), Decision::GiveUp);
    }

    #[test]
    fn money_moving_calls_retry_only_when_nothing_was_sent() {
        assert_eq!(decide(MoneyMoving, 1, ConnectFailed, &P, 1000), Decision::Retry(Duration::from_millis(100)));
        assert_eq!(decide(MoneyMoving, 3, ConnectFailed, &P, 1000), Decision::GiveUp);
        for f in [TimedOut, ConnectionLost, UndecodableSuccess, status(502, false), status(500, false), status(504, false)] {
            assert_eq!(decide(MoneyMoving, 1, f, &P, 0), Decision::OutcomeUnknown, "{f:?}");
        }
        for f in [status(422, true), status(500, true), status(503, true), status(429, false), status(401, false)] {
            assert_eq!(decide(MoneyMoving, 1, f, &P, 0), Decision::GiveUp, "{f:?}");
        }
    }

    #[test]
    fn backoff_is_capped_and_jittered() {
        assert_eq!(backoff(&P, 1, 0), Duration::from_millis(50));
        assert_eq!(backoff(&P, 10, 1000), Duration::from_secs(1));
        assert_eq!(backoff(&P, 40, 1000), Duration::from_secs(1));
        assert_eq!(parse_retry_after(" 7 "), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }
}
