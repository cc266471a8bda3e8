//! The in-memory shop: balances, operations (invoices included), deposit addresses, and the log of
//! requests the server received.

use std::collections::{BTreeMap, HashMap};
use std::time::{SystemTime, UNIX_EPOCH};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::config::MockConfig;
use crate::currencies::{COINS, Coin, dec};
use crate::operation::{OpKind, Operation};

/// Current unix time in seconds.
pub(crate) fn now_secs() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// Current unix time in milliseconds.
pub(crate) fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

/// One request the server answered (the `api_key` value is always replaced by `***`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggedRequest {
    /// HTTP method (`GET`).
    pub method: String,
    /// Path without the query (`/api/v1/operations/withdraw`).
    pub path: String,
    /// Raw query string with `api_key=***`; empty when there was none.
    pub query: String,
    /// HTTP status answered; `0` when the connection was reset without an answer.
    pub status: u16,
    /// Unix time in milliseconds when the request arrived.
    pub time_ms: u64,
    /// Kind of the fault applied to this request (`delay`, `reset`, …), if any.
    pub fault: Option<String>,
}

/// A permanent deposit address of a user.
#[derive(Debug, Clone)]
pub(crate) struct Deposit {
    /// The merchant's user id.
    pub uid: String,
    /// The coin.
    pub coin: &'static Coin,
    /// The address.
    pub hash: String,
}

/// Mutable state of one sandbox shop.
#[derive(Debug)]
pub(crate) struct State {
    /// White-label payment processing enabled.
    pub white_label: bool,
    /// The shop's Status URL.
    pub callback_url: Option<String>,
    /// Balances by psys_cid (every known coin has an entry).
    pub balances: BTreeMap<&'static str, Decimal>,
    /// All operations in creation order.
    pub operations: Vec<Operation>,
    index: HashMap<String, usize>,
    /// Deposit addresses in creation order.
    pub deposits: Vec<Deposit>,
    deposit_index: HashMap<(String, &'static str), usize>,
    seq: u64,
}

impl State {
    /// The initial state for `config`.
    pub(crate) fn new(config: &MockConfig) -> State {
        let mut state = State {
            white_label: config.white_label,
            callback_url: config.callback_url.clone(),
            balances: BTreeMap::new(),
            operations: Vec::new(),
            index: HashMap::new(),
            deposits: Vec::new(),
            deposit_index: HashMap::new(),
            seq: 0,
        };
        state.reset(config);
        state
    }

    /// Back to the initial state of `config`. Ids keep increasing, so no id is ever reused.
    pub(crate) fn reset(&mut self, config: &MockConfig) {
        self.white_label = config.white_label;
        self.callback_url = config.callback_url.clone();
        self.balances =
            COINS.iter().map(|c| (c.id, config.balances.get(c.id).copied().unwrap_or_else(|| dec(c.default_balance)))).collect();
        self.operations.clear();
        self.index.clear();
        self.deposits.clear();
        self.deposit_index.clear();
    }

    /// A fresh 24-hex-digit id (MongoDB ObjectId style: time, then a counter) and its sequence number.
    pub(crate) fn next_id(&mut self, now: i64) -> (u64, String) {
        self.seq += 1;
        (self.seq, format!("{:08x}6d6f636b{:08x}", now as u32, self.seq as u32))
    }

    /// Stores a new operation.
    pub(crate) fn insert(&mut self, op: Operation) {
        self.index.insert(op.id.clone(), self.operations.len());
        self.operations.push(op);
    }

    /// The operation with id `id`.
    pub(crate) fn op(&self, id: &str) -> Option<&Operation> {
        self.index.get(id).and_then(|&i| self.operations.get(i))
    }

    /// The operation with id `id`, mutably.
    pub(crate) fn op_mut(&mut self, id: &str) -> Option<&mut Operation> {
        let i = *self.index.get(id)?;
        self.operations.get_mut(i)
    }

    /// The invoice currently active for an order: after coin switches, the newest child that is not
    /// `cancelled duplicate` (else the newest invoice of the order).
    pub(crate) fn active_invoice(&self, order_number: &str) -> Option<&Operation> {
        let mut of_order: Vec<&Operation> = self
            .operations
            .iter()
            .filter(|op| op.kind == OpKind::Invoice && op.invoice.as_ref().is_some_and(|i| i.order_number == order_number))
            .collect();
        of_order.sort_by_key(|op| op.seq);
        of_order.iter().rev().find(|op| op.status != "cancelled duplicate").or(of_order.last()).copied()
    }

    /// The deposit address of `(uid, coin)`, created on first use.
    pub(crate) fn deposit_for(&mut self, uid: &str, coin: &'static Coin) -> &Deposit {
        let key = (uid.to_owned(), coin.id);
        let idx = match self.deposit_index.get(&key) {
            Some(&i) => i,
            None => {
                let hash = crate::addresses::deposit_address(uid, coin);
                self.deposits.push(Deposit { uid: uid.to_owned(), coin, hash });
                let i = self.deposits.len() - 1;
                self.deposit_index.insert(key, i);
                i
            }
        };
        &self.deposits[idx]
    }

    /// The existing deposit address of `(uid, psys_cid)`.
    pub(crate) fn deposit(&self, uid: &str, psys_cid: &str) -> Option<&Deposit> {
        let coin = crate::currencies::coin(psys_cid)?;
        self.deposit_index.get(&(uid.to_owned(), coin.id)).and_then(|&i| self.deposits.get(i))
    }

    /// Balance of `coin`.
    pub(crate) fn balance(&self, coin: &Coin) -> Decimal {
        self.balances.get(coin.id).copied().unwrap_or(Decimal::ZERO)
    }

    /// Adds `amount` (may be negative) to the balance of `coin` (saturating at `Decimal`'s limits).
    pub(crate) fn credit(&mut self, coin: &'static Coin, amount: Decimal) {
        let balance = self.balances.entry(coin.id).or_insert(Decimal::ZERO);
        *balance = balance.checked_add(amount).unwrap_or(if amount.is_sign_negative() { Decimal::MIN } else { Decimal::MAX });
    }

    /// Oldest creation time among the operations (for seeding older history).
    pub(crate) fn oldest_created(&self) -> Option<i64> {
        self.operations.iter().map(|op| op.created_at).min()
    }
}
