//! Destination-address checks: catch a mistyped or wrong-network address before money moves.
//!
//! [`validate`] decodes the address the way the coin's own wallets do and verifies its checksum:
//!
//! | coins | accepted forms | checksum |
//! |---|---|---|
//! | `BTC`, `LTC` (+ testnets `TBTC`, `TLTC`) | base58check P2PKH / P2SH, bech32 SegWit v0, bech32m Taproot | double SHA-256 / BCH code |
//! | `DOGE`, `DASH` | base58check P2PKH / P2SH | double SHA-256 |
//! | `BCH` | legacy base58check, CashAddr with or without `bitcoincash:` | double SHA-256 / CashAddr polymod |
//! | `TZEC`, `ZEC` | transparent `t1…` / `t3…` (two version bytes) | double SHA-256 |
//! | `XMR` | standard, subaddress, integrated (block base58) | Keccak-256 |
//! | `ETH` and every EVM token ID | `0x` + 40 hex digits; all-lower/all-upper accepted, mixed case must match | EIP-55 |
//! | `TRX`, `USDT_TRX`, `BTT_TRX` | base58check `T…` (version `0x41`) | double SHA-256 |
//! | `TON`, `USDT_TON` | user-friendly (base64 or base64url, 36 bytes), raw `0:<64 hex>` | CRC16-XMODEM (raw: none) |
//! | `SOL`, `USDT_SOL` | base58, 32 bytes | none |
//!
//! Coin IDs this module does not know pass unchecked ([`AddressCheck::is_checked`] is false):
//! Plisio adds coins without notice, and refusing them would block legitimate payouts.
//!
//! Formats without a checksum (Solana, TON raw, all-lowercase EVM addresses) can only be checked
//! for characters and length; [`AddressCheck::checksum_verified`] says so.
//!
//! Every refusal is an [`Error::InvalidInput`] whose message names the address, the chain and the
//! problem, and always contains one of the phrases of [`Reason::phrase`] ("bad checksum",
//! "wrong network", "wrong length", "invalid character", "unrecognised format").

use std::fmt;

use serde::Serialize;
use sha2::{Digest, Sha256};
use sha3::Keccak256;

use crate::error::{Error, Result};

/// The chain whose address rules apply to a coin.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Chain {
    /// Bitcoin mainnet (`BTC`).
    Bitcoin,
    /// Bitcoin testnet (`TBTC`).
    BitcoinTestnet,
    /// Litecoin mainnet (`LTC`).
    Litecoin,
    /// Litecoin testnet (`TLTC`).
    LitecoinTestnet,
    /// Dogecoin (`DOGE`).
    Dogecoin,
    /// Bitcoin Cash (`BCH`).
    BitcoinCash,
    /// Dash (`DASH`).
    Dash,
    /// Zcash transparent addresses (`TZEC`, `ZEC`).
    Zcash,
    /// Monero (`XMR`).
    Monero,
    /// Ethereum and EVM chains (ETH, ETC, BNB Smart Chain, Base, and their tokens).
    Evm,
    /// TRON and TRC-20 tokens.
    Tron,
    /// TON and jettons.
    Ton,
    /// Solana and SPL tokens.
    Solana,
}

impl Chain {
    /// Human-readable name used in messages.
    pub fn name(self) -> &'static str {
        match self {
            Chain::Bitcoin => "Bitcoin",
            Chain::BitcoinTestnet => "Bitcoin testnet",
            Chain::Litecoin => "Litecoin",
            Chain::LitecoinTestnet => "Litecoin testnet",
            Chain::Dogecoin => "Dogecoin",
            Chain::BitcoinCash => "Bitcoin Cash",
            Chain::Dash => "Dash",
            Chain::Zcash => "Zcash",
            Chain::Monero => "Monero",
            Chain::Evm => "EVM (Ethereum-style)",
            Chain::Tron => "TRON",
            Chain::Ton => "TON",
            Chain::Solana => "Solana",
        }
    }
}

impl fmt::Display for Chain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The EVM coin IDs: every one takes an Ethereum-style address.
pub const EVM_COINS: &[&str] =
    &["ETH", "ETC", "USDT", "USDC", "SHIB", "APE", "BUSD", "TUSD", "BNB", "USDT_BSC", "ETH_BASE", "USDC_BASE", "LB", "USDC_BSC"];

/// The chain whose address rules apply to coin ID `currency` (case-insensitive), or `None` for a
/// coin this module does not know.
pub fn chain_of(currency: &str) -> Option<Chain> {
    let id = currency.to_ascii_uppercase();
    let chain = match id.as_str() {
        "BTC" => Chain::Bitcoin,
        "TBTC" => Chain::BitcoinTestnet,
        "LTC" => Chain::Litecoin,
        "TLTC" => Chain::LitecoinTestnet,
        "DOGE" => Chain::Dogecoin,
        "BCH" => Chain::BitcoinCash,
        "DASH" => Chain::Dash,
        "TZEC" | "ZEC" => Chain::Zcash,
        "XMR" => Chain::Monero,
        "TRX" | "USDT_TRX" | "BTT_TRX" => Chain::Tron,
        "TON" | "USDT_TON" => Chain::Ton,
        "SOL" | "USDT_SOL" => Chain::Solana,
        other if EVM_COINS.contains(&other) => Chain::Evm,
        _ => return None,
    };
    Some(chain)
}

/// The form an accepted address was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AddressFormat {
    /// Base58check pay-to-public-key-hash (`1…`, `L…`, `D…`, `X…`, `t1…`).
    P2pkh,
    /// Base58check pay-to-script-hash (`3…`, `M…`, `A…`/`9…`, `7…`, `t3…`).
    P2sh,
    /// Bech32 SegWit v0 with a 20-byte program (`bc1q…`).
    P2wpkh,
    /// Bech32 SegWit v0 with a 32-byte program.
    P2wsh,
    /// Bech32m SegWit v1 Taproot (`bc1p…`).
    P2tr,
    /// CashAddr P2PKH (`bitcoincash:q…`).
    CashAddrP2pkh,
    /// CashAddr P2SH (`bitcoincash:p…`), 20- or 32-byte hash.
    CashAddrP2sh,
    /// CashAddr token-aware P2PKH (`bitcoincash:z…`).
    CashAddrTokenP2pkh,
    /// CashAddr token-aware P2SH (`bitcoincash:r…`).
    CashAddrTokenP2sh,
    /// `0x` + 40 hex digits.
    Evm,
    /// TRON base58check (`T…`).
    Tron,
    /// TON user-friendly, bounceable (`EQ…`).
    TonBounceable,
    /// TON user-friendly, non-bounceable (`UQ…`).
    TonNonBounceable,
    /// TON raw (`0:<64 hex>`).
    TonRaw,
    /// Solana base58 public key.
    Solana,
    /// Monero standard address (`4…`, 95 characters).
    MoneroStandard,
    /// Monero subaddress (`8…`, 95 characters).
    MoneroSubaddress,
    /// Monero integrated address (`4…`, 106 characters, embeds a payment ID).
    MoneroIntegrated,
}

impl AddressFormat {
    /// Short description used by tools.
    pub fn describe(self) -> &'static str {
        match self {
            AddressFormat::P2pkh => "base58check P2PKH",
            AddressFormat::P2sh => "base58check P2SH",
            AddressFormat::P2wpkh => "bech32 SegWit v0 P2WPKH",
            AddressFormat::P2wsh => "bech32 SegWit v0 P2WSH",
            AddressFormat::P2tr => "bech32m Taproot",
            AddressFormat::CashAddrP2pkh => "CashAddr P2PKH",
            AddressFormat::CashAddrP2sh => "CashAddr P2SH",
            AddressFormat::CashAddrTokenP2pkh => "CashAddr token-aware P2PKH",
            AddressFormat::CashAddrTokenP2sh => "CashAddr token-aware P2SH",
            AddressFormat::Evm => "EVM hex",
            AddressFormat::Tron => "TRON base58check",
            AddressFormat::TonBounceable => "TON user-friendly, bounceable",
            AddressFormat::TonNonBounceable => "TON user-friendly, non-bounceable",
            AddressFormat::TonRaw => "TON raw",
            AddressFormat::Solana => "Solana base58",
            AddressFormat::MoneroStandard => "Monero standard",
            AddressFormat::MoneroSubaddress => "Monero subaddress",
            AddressFormat::MoneroIntegrated => "Monero integrated",
        }
    }
}

/// What [`validate`] found out about an accepted address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct AddressCheck {
    /// The chain whose rules were applied; `None` when the coin is unknown and nothing was checked.
    pub chain: Option<Chain>,
    /// The form the address is written in; `None` when nothing was checked.
    pub format: Option<AddressFormat>,
    /// True when a checksum was present and verified, so a single mistyped character would have
    /// been caught. False for unknown coins and for forms without a checksum (Solana, TON raw,
    /// all-lowercase or all-uppercase EVM addresses).
    pub checksum_verified: bool,
}

impl AddressCheck {
    const UNCHECKED: AddressCheck = AddressCheck { chain: None, format: None, checksum_verified: false };

    fn ok(chain: Chain, format: AddressFormat, checksum_verified: bool) -> AddressCheck {
        AddressCheck { chain: Some(chain), format: Some(format), checksum_verified }
    }

    /// True when the coin is known and the address passed its chain's rules.
    pub fn is_checked(&self) -> bool {
        self.chain.is_some()
    }
}

/// The kind of problem found in a refused address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reason {
    /// A character outside the encoding's alphabet, whitespace, or mixed case where it is not allowed.
    Characters,
    /// Too short or too long (a character missing or extra).
    Length,
    /// The checksum does not match: a character is mistyped.
    Checksum,
    /// A valid address of another chain or network (e.g. a TRON address for `USDT`, a testnet address for `BTC`).
    Network,
    /// Not a form this chain uses (unknown prefix, version or flags).
    Format,
}

impl Reason {
    /// Stable name (`characters`, `length`, `checksum`, `network`, `format`), as in the conformance vectors.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Characters => "characters",
            Reason::Length => "length",
            Reason::Checksum => "checksum",
            Reason::Network => "network",
            Reason::Format => "format",
        }
    }

    /// The phrase every message of this kind contains.
    pub fn phrase(self) -> &'static str {
        match self {
            Reason::Characters => "invalid character",
            Reason::Length => "wrong length",
            Reason::Checksum => "bad checksum",
            Reason::Network => "wrong network",
            Reason::Format => "unrecognised format",
        }
    }
}

/// A refused address: the kind of problem and a readable explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddressError {
    /// The kind of problem.
    pub reason: Reason,
    /// Full explanation, naming the address and the chain.
    pub message: String,
}

impl fmt::Display for AddressError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AddressError {}

/// Check `address` as a destination for coin `currency`; refusals are [`Error::InvalidInput`] on field `to`.
///
/// ```
/// use plisio_core::address;
/// assert!(address::validate("BTC", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4").is_ok());
/// let err = address::validate("BTC", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5").unwrap_err();
/// assert_eq!(err.code(), "invalid_input");
/// assert!(err.to_string().contains("bad checksum"));
/// assert!(!address::validate("NEWCOIN", "anything").unwrap().is_checked());
/// ```
pub fn validate(currency: &str, address: &str) -> Result<AddressCheck> {
    validate_field("to", currency, address)
}

/// [`validate`] with the field name to report (e.g. `payouts[3].to`).
pub fn validate_field(field: &str, currency: &str, address: &str) -> Result<AddressCheck> {
    check(currency, address).map_err(|e| Error::invalid(field, e.message))
}

/// The check behind [`validate`], with the kind of problem as a [`Reason`].
pub fn check(currency: &str, address: &str) -> std::result::Result<AddressCheck, AddressError> {
    let Some(chain) = chain_of(currency) else {
        return Ok(AddressCheck::UNCHECKED);
    };
    check_chain(chain, address).map_err(|p| {
        let p = match p.reason {
            // A failure to parse at all may be a perfectly valid address of another chain: say so.
            Reason::Characters | Reason::Length | Reason::Format => match identify(address) {
                Some(other) if other != chain => Problem::new(
                    Reason::Network,
                    format!("this is {} address, but {} needs {} address", a(other), currency.to_ascii_uppercase(), a(chain)),
                ),
                _ => p,
            },
            _ => p,
        };
        AddressError { reason: p.reason, message: format!("{address:?} is not a valid {} address: {}", chain.name(), p.detail) }
    })
}

/// "a Bitcoin", "an EVM (Ethereum-style)".
fn a(chain: Chain) -> String {
    let name = chain.name();
    let article = if name.starts_with(['A', 'E', 'I', 'O', 'U']) { "an" } else { "a" };
    format!("{article} {name}")
}

/// Check `address` against `chain`'s rules.
pub fn check_chain(chain: Chain, address: &str) -> std::result::Result<AddressCheck, Problem> {
    if address.is_empty() {
        return Err(Problem::new(Reason::Length, "the address is empty"));
    }
    if let Some((i, c)) = address.char_indices().find(|(_, c)| c.is_whitespace() || c.is_control()) {
        return Err(Problem::new(Reason::Characters, format!("{c:?} at position {} (remove spaces and line breaks)", i + 1)));
    }
    if let Some((i, c)) = address.char_indices().find(|(_, c)| !c.is_ascii()) {
        return Err(Problem::new(Reason::Characters, format!("{c:?} at position {} is not ASCII (a look-alike letter?)", i + 1)));
    }
    match chain {
        Chain::Evm => evm(address),
        Chain::Tron => tron(address),
        Chain::Ton => ton(address),
        Chain::Solana => solana(address),
        Chain::Monero => monero(address),
        Chain::BitcoinCash => {
            let lower = address.to_ascii_lowercase();
            let looks_cashaddr =
                lower.contains(':') || (lower.starts_with(['q', 'p', 'z', 'r']) && lower.bytes().all(|b| CASHADDR_CHARSET.contains(&b)));
            if looks_cashaddr { cashaddr(address) } else { utxo(chain, address) }
        }
        _ => utxo(chain, address),
    }
}

/// A problem found by [`check_chain`] (before the address and chain are added to the message).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The kind of problem.
    pub reason: Reason,
    /// The explanation, starting with the reason's phrase.
    pub detail: String,
}

impl Problem {
    fn new(reason: Reason, detail: impl Into<String>) -> Problem {
        let detail = detail.into();
        let detail = if detail.contains(reason.phrase()) { detail } else { format!("{}: {detail}", reason.phrase()) };
        Problem { reason, detail }
    }
}

type Checked = std::result::Result<AddressCheck, Problem>;

// ---------------------------------------------------------------------------------------------
// Which valid address is this? (for "wrong network" messages)

/// The chain `address` is a fully valid address of, when it is one (checked in a fixed order).
fn identify(address: &str) -> Option<Chain> {
    const ORDER: [Chain; 13] = [
        Chain::Evm,
        Chain::Tron,
        Chain::Bitcoin,
        Chain::BitcoinTestnet,
        Chain::Litecoin,
        Chain::LitecoinTestnet,
        Chain::Dogecoin,
        Chain::Dash,
        Chain::Zcash,
        Chain::BitcoinCash,
        Chain::Monero,
        Chain::Ton,
        Chain::Solana,
    ];
    if address.is_empty() || !address.is_ascii() || address.bytes().any(|b| b.is_ascii_whitespace()) {
        return None;
    }
    ORDER.into_iter().find(|c| check_chain(*c, address).is_ok())
}

/// A name for a base58check version seen in an address of another chain.
fn version_owner(version: &[u8]) -> Option<Chain> {
    Some(match version {
        [0x00] | [0x05] => Chain::Bitcoin,
        [0x6f] | [0xc4] => Chain::BitcoinTestnet,
        [0x30] | [0x32] => Chain::Litecoin,
        [0x3a] => Chain::LitecoinTestnet,
        [0x1e] | [0x16] => Chain::Dogecoin,
        [0x4c] | [0x10] => Chain::Dash,
        [0x41] => Chain::Tron,
        [0x1c, 0xb8] | [0x1c, 0xbd] => Chain::Zcash,
        _ => return None,
    })
}

fn testnet_name(version: &[u8]) -> Option<&'static str> {
    match version {
        [0x71] => Some("Dogecoin testnet"),
        [0x8c] | [0x13] => Some("Dash testnet"),
        [0x1d, 0x25] | [0x1c, 0xba] => Some("Zcash testnet"),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Bitcoin-like chains: base58check and bech32/bech32m

struct UtxoRules {
    p2pkh: &'static [u8],
    p2sh: &'static [&'static [u8]],
    hrp: Option<&'static str>,
}

fn rules(chain: Chain) -> UtxoRules {
    match chain {
        Chain::Bitcoin | Chain::BitcoinCash => {
            UtxoRules { p2pkh: &[0x00], p2sh: &[&[0x05]], hrp: if chain == Chain::Bitcoin { Some("bc") } else { None } }
        }
        Chain::BitcoinTestnet => UtxoRules { p2pkh: &[0x6f], p2sh: &[&[0xc4]], hrp: Some("tb") },
        Chain::Litecoin => UtxoRules { p2pkh: &[0x30], p2sh: &[&[0x32], &[0x05]], hrp: Some("ltc") },
        Chain::LitecoinTestnet => UtxoRules { p2pkh: &[0x6f], p2sh: &[&[0x3a], &[0xc4]], hrp: Some("tltc") },
        Chain::Dogecoin => UtxoRules { p2pkh: &[0x1e], p2sh: &[&[0x16]], hrp: None },
        Chain::Dash => UtxoRules { p2pkh: &[0x4c], p2sh: &[&[0x10]], hrp: None },
        Chain::Zcash => UtxoRules { p2pkh: &[0x1c, 0xb8], p2sh: &[&[0x1c, 0xbd]], hrp: None },
        _ => UtxoRules { p2pkh: &[], p2sh: &[], hrp: None },
    }
}

/// Segwit human-readable parts and the chain they belong to.
const SEGWIT_HRPS: &[(&str, Chain)] = &[
    ("bc", Chain::Bitcoin),
    ("tb", Chain::BitcoinTestnet),
    ("bcrt", Chain::BitcoinTestnet),
    ("ltc", Chain::Litecoin),
    ("tltc", Chain::LitecoinTestnet),
];

fn utxo(chain: Chain, address: &str) -> Checked {
    let r = rules(chain);
    let lower = address.to_ascii_lowercase();
    let segwit_hrp = SEGWIT_HRPS.iter().filter(|(h, _)| lower.starts_with(&format!("{h}1"))).max_by_key(|(h, _)| h.len());
    if let Some((hrp, owner)) = segwit_hrp {
        return match r.hrp {
            Some(own) if own == *hrp || (own == "tb" && *hrp == "bcrt") => segwit(chain, address),
            _ => {
                // Validate it fully before naming its network: a typo'd address is a typo first.
                match segwit(*owner, address) {
                    Ok(_) => Err(Problem::new(Reason::Network, format!("this is {} address ({hrp}1…)", a(*owner)))),
                    Err(p) if r.hrp.is_none() => Err(Problem::new(
                        Reason::Format,
                        format!("{} has no SegWit addresses, and this {hrp}1… address is not valid either ({})", chain.name(), p.detail),
                    )),
                    Err(p) => Err(p),
                }
            }
        };
    }
    if let (Some(own), Some(prefix)) = (r.hrp, bech32_like_prefix(address)) {
        return Err(Problem::new(
            Reason::Format,
            format!("unknown prefix {prefix:?}; {} SegWit addresses start with {own}1", chain.name()),
        ));
    }
    if chain == Chain::Zcash {
        let l = lower.as_str();
        if l.starts_with("zs1") || l.starts_with("zc") || l.starts_with("u1") || l.starts_with("ztestsapling") {
            return Err(Problem::new(
                Reason::Format,
                "this is a shielded or unified Zcash address; only transparent t1…/t3… addresses are supported",
            ));
        }
    }
    base58check_utxo(chain, &r, address)
}

/// The human-readable part of something written like a bech32 string (one case, `<letters>1<bech32
/// characters>`), for addresses whose prefix is not a known one. Base58 addresses never match:
/// they mix cases.
fn bech32_like_prefix(address: &str) -> Option<&str> {
    if address != address.to_ascii_lowercase() && address != address.to_ascii_uppercase() {
        return None;
    }
    let sep = address.rfind('1')?;
    let (hrp, data) = (&address[..sep], &address[sep + 1..]);
    let data_ok = data.len() >= 8 && data.bytes().all(|b| CASHADDR_CHARSET.contains(&b.to_ascii_lowercase()));
    (!hrp.is_empty() && hrp.bytes().all(|b| b.is_ascii_alphabetic()) && data_ok).then_some(hrp)
}

fn base58check_utxo(chain: Chain, r: &UtxoRules, address: &str) -> Checked {
    let raw = base58(address)?;
    let version_len = r.p2pkh.len();
    let expected = version_len + 20 + 4;
    if raw.len() != expected {
        // Another chain's address with a different version length (e.g. Zcash vs Bitcoin) is
        // 1 byte off; name it when the checksum holds.
        if let Ok(payload) = bs58::decode(address).with_check(None).into_vec() {
            for vlen in [1usize, 2] {
                if payload.len() == vlen + 20 {
                    if let Some(owner) = version_owner(&payload[..vlen]).filter(|o| *o != chain) {
                        return Err(Problem::new(Reason::Network, format!("this is {} address", a(owner))));
                    }
                }
            }
        }
        return Err(Problem::new(
            Reason::Length,
            format!("decodes to {} bytes, a {} address has {expected} (a character is missing or extra)", raw.len(), chain.name()),
        ));
    }
    verify_base58_checksum(&raw)?;
    let version = &raw[..version_len];
    if version == r.p2pkh {
        return Ok(AddressCheck::ok(chain, AddressFormat::P2pkh, true));
    }
    if r.p2sh.contains(&version) {
        return Ok(AddressCheck::ok(chain, AddressFormat::P2sh, true));
    }
    if let Some(owner) = version_owner(version).filter(|o| *o != chain && !(chain == Chain::BitcoinCash && *o == Chain::Bitcoin)) {
        return Err(Problem::new(Reason::Network, format!("this is {} address (version byte 0x{})", a(owner), hex(version))));
    }
    if let Some(name) = testnet_name(version) {
        return Err(Problem::new(Reason::Network, format!("this is a {name} address (version 0x{})", hex(version))));
    }
    Err(Problem::new(Reason::Format, format!("version 0x{} is not a {} address version", hex(version), chain.name())))
}

/// Plain base58 decoding (Bitcoin alphabet) with the character problems explained.
fn base58(address: &str) -> std::result::Result<Vec<u8>, Problem> {
    bs58::decode(address).into_vec().map_err(|e| match e {
        bs58::decode::Error::InvalidCharacter { character, index } => Problem::new(
            Reason::Characters,
            format!("invalid character {character:?} at position {} (base58 has no 0, O, I or l)", index + 1),
        ),
        bs58::decode::Error::NonAsciiCharacter { index } => {
            Problem::new(Reason::Characters, format!("invalid character at position {}", index + 1))
        }
        other => Problem::new(Reason::Format, format!("not base58: {other}")),
    })
}

/// Double-SHA-256 checksum of base58check data (the last 4 bytes), through `bs58`'s check.
fn verify_base58_checksum(raw: &[u8]) -> std::result::Result<(), Problem> {
    let encoded = bs58::encode(raw).into_string();
    match bs58::decode(&encoded).with_check(None).into_vec() {
        Ok(_) => Ok(()),
        Err(bs58::decode::Error::InvalidChecksum { .. } | bs58::decode::Error::NoChecksum) => {
            Err(Problem::new(Reason::Checksum, "bad checksum (a character is mistyped or two are swapped)"))
        }
        Err(other) => Err(Problem::new(Reason::Format, format!("not base58check: {other}"))),
    }
}

fn segwit(chain: Chain, address: &str) -> Checked {
    use bech32::primitives::decode::{
        CharError, ChecksumError, SegwitHrpstring, SegwitHrpstringError, UncheckedHrpstring, UncheckedHrpstringError,
    };
    use bech32::{Bech32, Bech32m};

    let unchecked = UncheckedHrpstring::new(address).map_err(|e| match e {
        UncheckedHrpstringError::Char(CharError::MixedCase) => {
            Problem::new(Reason::Characters, "invalid characters: mixes upper and lower case (write it all in one case)")
        }
        UncheckedHrpstringError::Char(CharError::InvalidChar(c)) => {
            Problem::new(Reason::Characters, format!("invalid character {c:?} (bech32 has no 1 after the prefix, b, i or o)"))
        }
        UncheckedHrpstringError::Char(CharError::NothingAfterSeparator) => Problem::new(Reason::Length, "nothing after the prefix"),
        other => Problem::new(Reason::Format, format!("not bech32: {other}")),
    })?;
    if address.len() > 90 {
        return Err(Problem::new(Reason::Length, format!("{} characters, a SegWit address has at most 90", address.len())));
    }
    let Some(version) = unchecked.witness_version() else {
        let first = unchecked.data_part_ascii().first().map(|b| b.to_ascii_lowercase());
        return Err(match first.and_then(|b| CASHADDR_CHARSET.iter().position(|c| *c == b)) {
            Some(v) => Problem::new(Reason::Format, format!("witness version {v} does not exist (0 to 16)")),
            None => Problem::new(Reason::Length, "no data after the prefix"),
        });
    };
    let v = version.to_u8();
    let good = if v == 0 { unchecked.validate_checksum::<Bech32>() } else { unchecked.validate_checksum::<Bech32m>() };
    if let Err(e) = good {
        let wrong_variant = if v == 0 { unchecked.has_valid_checksum::<Bech32m>() } else { unchecked.has_valid_checksum::<Bech32>() };
        let detail = if wrong_variant {
            format!(
                "bad checksum: witness version {v} needs {} (BIP-350), this uses the other variant",
                if v == 0 { "bech32" } else { "bech32m" }
            )
        } else {
            match e {
                ChecksumError::CodeLength(_) => "bad checksum: too long for a bech32 checksum".to_owned(),
                ChecksumError::InvalidLength => return Err(Problem::new(Reason::Length, "too short to hold a checksum")),
                _ => "bad checksum (a character is mistyped or two are swapped)".to_owned(),
            }
        };
        return Err(Problem::new(Reason::Checksum, detail));
    }
    let seg = SegwitHrpstring::new(address).map_err(|e| match e {
        SegwitHrpstringError::InvalidWitnessVersion(f) => {
            Problem::new(Reason::Format, format!("witness version {} does not exist", f.to_u8()))
        }
        SegwitHrpstringError::WitnessLength(w) => Problem::new(Reason::Length, format!("witness program: {w}")),
        SegwitHrpstringError::Padding(p) => Problem::new(Reason::Format, format!("bad padding: {p}")),
        SegwitHrpstringError::TooLong(n) => Problem::new(Reason::Length, format!("{n} characters, a SegWit address has at most 90")),
        other => Problem::new(Reason::Format, other.to_string()),
    })?;
    let program_len = seg.byte_iter().len();
    let format = match (v, program_len) {
        (0, 20) => AddressFormat::P2wpkh,
        (0, 32) => AddressFormat::P2wsh,
        (0, n) => return Err(Problem::new(Reason::Length, format!("a SegWit v0 program has 20 or 32 bytes, not {n}"))),
        (1, 32) => AddressFormat::P2tr,
        (v, n) => {
            return Err(Problem::new(
                Reason::Format,
                format!(
                    "SegWit v{v} with a {n}-byte program is not in use; money sent there could be lost (only v0 and v1 Taproot are accepted)"
                ),
            ));
        }
    };
    Ok(AddressCheck::ok(chain, format, true))
}

// ---------------------------------------------------------------------------------------------
// Bitcoin Cash CashAddr

const CASHADDR_CHARSET: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/// The CashAddr BCH-code checksum over 5-bit values (spec: `PolyMod`); 0 means valid for a full address.
pub fn cashaddr_polymod(values: impl IntoIterator<Item = u8>) -> u64 {
    const GEN: [u64; 5] = [0x98f2bc8e61, 0x79b76d99e2, 0xf33e5fb3c4, 0xae2eabe2a8, 0x1e4f43e470];
    let mut c: u64 = 1;
    for d in values {
        let c0 = (c >> 35) as u8;
        c = ((c & 0x07_ffff_ffff) << 5) ^ u64::from(d);
        for (i, g) in GEN.iter().enumerate() {
            if c0 & (1 << i) != 0 {
                c ^= g;
            }
        }
    }
    c ^ 1
}

fn cashaddr_checksum_ok(prefix: &str, payload: &[u8]) -> bool {
    let values = prefix.bytes().map(|b| b & 0x1f).chain(std::iter::once(0)).chain(payload.iter().copied());
    cashaddr_polymod(values) == 0
}

fn cashaddr(address: &str) -> Checked {
    let has_lower = address.bytes().any(|b| b.is_ascii_lowercase());
    let has_upper = address.bytes().any(|b| b.is_ascii_uppercase());
    if has_lower && has_upper {
        return Err(Problem::new(Reason::Characters, "invalid characters: mixes upper and lower case (write it all in one case)"));
    }
    let lower = address.to_ascii_lowercase();
    let (prefix, body) = match lower.split_once(':') {
        Some((p, b)) => (Some(p), b),
        None => (None, lower.as_str()),
    };
    if body.contains(':') {
        return Err(Problem::new(Reason::Format, "more than one ':' (a double prefix?)"));
    }
    let mut payload = Vec::with_capacity(body.len());
    for (i, b) in body.bytes().enumerate() {
        match CASHADDR_CHARSET.iter().position(|c| *c == b) {
            Some(v) => payload.push(v as u8),
            None => {
                return Err(Problem::new(
                    Reason::Characters,
                    format!(
                        "invalid character {:?} at position {} (CashAddr has no 1, b, i or o)",
                        b as char,
                        i + 1 + prefix.map_or(0, |p| p.len() + 1)
                    ),
                ));
            }
        }
    }
    if payload.len() < 8 + 2 {
        return Err(Problem::new(Reason::Length, "too short for a CashAddr address"));
    }
    match prefix {
        Some("bitcoincash") => {
            if !cashaddr_checksum_ok("bitcoincash", &payload) {
                return Err(Problem::new(Reason::Checksum, "bad checksum (a character is mistyped or two are swapped)"));
            }
        }
        Some(p @ ("bchtest" | "bchreg")) => {
            return if cashaddr_checksum_ok(p, &payload) {
                Err(Problem::new(
                    Reason::Network,
                    format!("this is a Bitcoin Cash {} address", if p == "bchtest" { "testnet" } else { "regtest" }),
                ))
            } else {
                Err(Problem::new(Reason::Checksum, "bad checksum (a character is mistyped or two are swapped)"))
            };
        }
        Some(p) => return Err(Problem::new(Reason::Format, format!("unknown prefix {p:?}; Bitcoin Cash addresses use \"bitcoincash:\""))),
        None => {
            if !cashaddr_checksum_ok("bitcoincash", &payload) {
                for other in ["bchtest", "bchreg"] {
                    if cashaddr_checksum_ok(other, &payload) {
                        return Err(Problem::new(Reason::Network, format!("this is a Bitcoin Cash {other} address")));
                    }
                }
                return Err(Problem::new(Reason::Checksum, "bad checksum (a character is mistyped or two are swapped)"));
            }
        }
    }
    let data = &payload[..payload.len() - 8];
    let bytes = convert_5_to_8(data).ok_or_else(|| Problem::new(Reason::Format, "bad padding in the CashAddr payload"))?;
    let (&version, hash) = bytes.split_first().ok_or_else(|| Problem::new(Reason::Length, "empty CashAddr payload"))?;
    if version & 0x80 != 0 {
        return Err(Problem::new(Reason::Format, "the reserved bit of the CashAddr version byte is set"));
    }
    let size = match version & 0x07 {
        0 => 20,
        1 => 24,
        2 => 28,
        3 => 32,
        4 => 40,
        5 => 48,
        6 => 56,
        _ => 64,
    };
    if hash.len() != size {
        return Err(Problem::new(Reason::Length, format!("the version byte announces a {size}-byte hash, the payload has {}", hash.len())));
    }
    let kind = (version >> 3) & 0x0f;
    let format = match (kind, size) {
        (0, 20) => AddressFormat::CashAddrP2pkh,
        (1, 20 | 32) => AddressFormat::CashAddrP2sh,
        (2, 20) => AddressFormat::CashAddrTokenP2pkh,
        (3, 20 | 32) => AddressFormat::CashAddrTokenP2sh,
        (k, s) => {
            return Err(Problem::new(Reason::Format, format!("CashAddr type {k} with a {s}-byte hash is not a payment address in use")));
        }
    };
    Ok(AddressCheck::ok(Chain::BitcoinCash, format, true))
}

/// 5-bit groups to bytes; `None` when the padding is not zero or longer than 4 bits.
fn convert_5_to_8(data: &[u8]) -> Option<Vec<u8>> {
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    let mut out = Vec::with_capacity(data.len() * 5 / 8);
    for &v in data {
        acc = (acc << 5) | u32::from(v);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if bits >= 5 || acc != 0 {
        return None;
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// EVM (EIP-55)

fn evm(address: &str) -> Checked {
    let body = match address.strip_prefix("0x") {
        Some(b) => b,
        None if address.len() == 40 && address.bytes().all(|b| b.is_ascii_hexdigit()) => {
            return Err(Problem::new(Reason::Format, "missing the 0x prefix"));
        }
        None if address.starts_with("0X") => return Err(Problem::new(Reason::Format, "the prefix must be a lowercase 0x")),
        None => return Err(Problem::new(Reason::Format, "an EVM address starts with 0x followed by 40 hex digits")),
    };
    if let Some((i, c)) = body.char_indices().find(|(_, c)| !c.is_ascii_hexdigit()) {
        return Err(Problem::new(Reason::Characters, format!("invalid character {c:?} at position {} (only 0-9 and a-f)", i + 3)));
    }
    if body.len() != 40 {
        return Err(Problem::new(
            Reason::Length,
            format!(
                "0x + {} hex digits, an EVM address has 40 (a character is {})",
                body.len(),
                if body.len() < 40 { "missing" } else { "extra" }
            ),
        ));
    }
    let has_lower = body.bytes().any(|b| b.is_ascii_lowercase());
    let has_upper = body.bytes().any(|b| b.is_ascii_uppercase());
    if !(has_lower && has_upper) {
        return Ok(AddressCheck::ok(Chain::Evm, AddressFormat::Evm, false));
    }
    if eip55(body) != body {
        return Err(Problem::new(
            Reason::Checksum,
            "bad checksum: the mixed-case EIP-55 checksum does not match (a character is mistyped)",
        ));
    }
    Ok(AddressCheck::ok(Chain::Evm, AddressFormat::Evm, true))
}

/// The EIP-55 mixed-case form of 40 hex digits (without `0x`).
pub fn eip55(hex40: &str) -> String {
    let lower = hex40.to_ascii_lowercase();
    let hash = Keccak256::digest(lower.as_bytes());
    lower
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let nibble = (hash[i / 2] >> if i % 2 == 0 { 4 } else { 0 }) & 0x0f;
            if b.is_ascii_alphabetic() && nibble >= 8 { b.to_ascii_uppercase() as char } else { b as char }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// TRON

fn tron(address: &str) -> Checked {
    if address.len() == 42 && address.starts_with("41") && address.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Problem::new(Reason::Format, "this is the hex form of a TRON address; use the base58 T… form"));
    }
    let raw = base58(address)?;
    if raw.len() != 25 {
        return Err(Problem::new(
            Reason::Length,
            format!("decodes to {} bytes, a TRON address has 25 (a character is missing or extra)", raw.len()),
        ));
    }
    verify_base58_checksum(&raw)?;
    match raw[0] {
        0x41 => Ok(AddressCheck::ok(Chain::Tron, AddressFormat::Tron, true)),
        0xa0 => Err(Problem::new(Reason::Network, "this is a TRON testnet address (version 0xa0)")),
        v => match version_owner(&[v]) {
            Some(owner) => Err(Problem::new(Reason::Network, format!("this is {} address", a(owner)))),
            None => Err(Problem::new(Reason::Format, format!("version 0x{v:02x}; TRON addresses have 0x41 and start with T"))),
        },
    }
}

// ---------------------------------------------------------------------------------------------
// TON

/// CRC16-XMODEM (polynomial 0x1021, initial value 0, no reflection), as TON user-friendly addresses use.
pub fn crc16_xmodem(data: &[u8]) -> u16 {
    let mut crc: u16 = 0;
    for &byte in data {
        crc ^= u16::from(byte) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 { (crc << 1) ^ 0x1021 } else { crc << 1 };
        }
    }
    crc
}

fn ton(address: &str) -> Checked {
    if let Some((wc, hash)) = address.split_once(':') {
        let workchain: i32 = wc.parse().map_err(|_| Problem::new(Reason::Format, format!("workchain {wc:?} is not a number")))?;
        if workchain != 0 && workchain != -1 {
            return Err(Problem::new(
                Reason::Format,
                format!("workchain {workchain} does not exist (0 is the basechain, -1 the masterchain)"),
            ));
        }
        if let Some((i, c)) = hash.char_indices().find(|(_, c)| !c.is_ascii_hexdigit()) {
            return Err(Problem::new(
                Reason::Characters,
                format!("invalid character {c:?} at position {} (only hex digits after ':')", wc.len() + 2 + i),
            ));
        }
        if hash.len() != 64 {
            return Err(Problem::new(Reason::Length, format!("{} hex digits after ':', a raw TON address has 64", hash.len())));
        }
        return Ok(AddressCheck::ok(Chain::Ton, AddressFormat::TonRaw, false));
    }
    use base64::Engine;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE};
    let url_safe = address.bytes().any(|b| b == b'-' || b == b'_');
    let standard = address.bytes().any(|b| b == b'+' || b == b'/');
    if url_safe && standard {
        return Err(Problem::new(Reason::Characters, "invalid characters: mixes base64 (+/) and base64url (-_) alphabets"));
    }
    if let Some((i, c)) = address.char_indices().find(|(_, c)| !(c.is_ascii_alphanumeric() || "+/-_".contains(*c))) {
        return Err(Problem::new(Reason::Characters, format!("invalid character {c:?} at position {} (base64)", i + 1)));
    }
    if address.len() != 48 {
        return Err(Problem::new(Reason::Length, format!("{} characters, a user-friendly TON address has 48", address.len())));
    }
    let bytes = if url_safe { URL_SAFE.decode(address) } else { STANDARD.decode(address) }
        .map_err(|e| Problem::new(Reason::Characters, format!("invalid characters: not base64 ({e})")))?;
    if bytes.len() != 36 {
        return Err(Problem::new(Reason::Length, format!("decodes to {} bytes, a TON address has 36", bytes.len())));
    }
    let crc = crc16_xmodem(&bytes[..34]);
    if crc.to_be_bytes() != [bytes[34], bytes[35]] {
        return Err(Problem::new(Reason::Checksum, "bad checksum: the CRC16 does not match (a character is mistyped)"));
    }
    let flags = bytes[0];
    let format = match flags & 0x7f {
        0x11 => AddressFormat::TonBounceable,
        0x51 => AddressFormat::TonNonBounceable,
        other => {
            return Err(Problem::new(
                Reason::Format,
                format!("flag byte 0x{other:02x} is neither bounceable (0x11) nor non-bounceable (0x51)"),
            ));
        }
    };
    if flags & 0x80 != 0 {
        return Err(Problem::new(Reason::Network, "this is a TON testnet address (test-only flag set)"));
    }
    let workchain = bytes[1] as i8;
    if workchain != 0 && workchain != -1 {
        return Err(Problem::new(Reason::Format, format!("workchain {workchain} does not exist")));
    }
    Ok(AddressCheck::ok(Chain::Ton, format, true))
}

/// The raw form (`wc:hex`) of a user-friendly TON address, or `None` when it is not one.
pub fn ton_raw_form(address: &str) -> Option<String> {
    use base64::Engine;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE};
    ton(address).ok().filter(|c| c.format != Some(AddressFormat::TonRaw))?;
    let url_safe = address.bytes().any(|b| b == b'-' || b == b'_');
    let bytes = if url_safe { URL_SAFE.decode(address) } else { STANDARD.decode(address) }.ok()?;
    Some(format!("{}:{}", bytes[1] as i8, hex(&bytes[2..34])))
}

// ---------------------------------------------------------------------------------------------
// Solana

fn solana(address: &str) -> Checked {
    if address.starts_with("0x") {
        return Err(Problem::new(Reason::Format, "Solana addresses are base58, not 0x-hex"));
    }
    let raw = base58(address)?;
    if raw.len() != 32 {
        return Err(Problem::new(
            Reason::Length,
            format!("decodes to {} bytes, a Solana address has 32 (a character is missing or extra)", raw.len()),
        ));
    }
    Ok(AddressCheck::ok(Chain::Solana, AddressFormat::Solana, false))
}

// ---------------------------------------------------------------------------------------------
// Monero

const B58_ALPHABET: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
/// Characters needed for a block of 0..=8 bytes in Monero's base58.
const MONERO_ENCODED_BLOCK: [usize; 9] = [0, 2, 3, 5, 6, 7, 9, 10, 11];

/// Monero's base58: the data is cut in 8-byte blocks, each written as 11 characters (the last,
/// shorter block as fewer); every block decodes on its own.
pub fn monero_base58_decode(text: &str) -> std::result::Result<Vec<u8>, String> {
    let bytes = text.as_bytes();
    let full = bytes.len() / 11;
    let rest = bytes.len() % 11;
    let Some(last_len) = MONERO_ENCODED_BLOCK.iter().position(|&n| n == rest) else {
        return Err(format!("{} characters cannot be Monero base58 (a last block of {rest} characters is impossible)", bytes.len()));
    };
    let mut out = Vec::with_capacity(full * 8 + last_len);
    for (i, chunk) in bytes.chunks(11).enumerate() {
        let size = if chunk.len() == 11 { 8 } else { last_len };
        let mut n: u128 = 0;
        for (j, &c) in chunk.iter().enumerate() {
            let digit = B58_ALPHABET
                .iter()
                .position(|&a| a == c)
                .ok_or_else(|| format!("invalid character {:?} at position {}", c as char, i * 11 + j + 1))?;
            n = n * 58 + digit as u128;
        }
        if size < 16 && n >> (8 * size) != 0 {
            return Err(format!("block {} overflows {size} bytes", i + 1));
        }
        out.extend_from_slice(&n.to_be_bytes()[16 - size..]);
    }
    Ok(out)
}

/// Monero's base58 encoding (see [`monero_base58_decode`]).
pub fn monero_base58_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len() / 8 * 11 + 11);
    for block in data.chunks(8) {
        let mut n = block.iter().fold(0u128, |acc, b| (acc << 8) | u128::from(*b));
        let width = MONERO_ENCODED_BLOCK[block.len()];
        let mut chars = vec![B58_ALPHABET[0]; width];
        for slot in chars.iter_mut().rev() {
            *slot = B58_ALPHABET[(n % 58) as usize];
            n /= 58;
        }
        out.extend(chars.into_iter().map(char::from));
    }
    out
}

fn monero(address: &str) -> Checked {
    if let Some((i, c)) = address.char_indices().find(|(_, c)| !B58_ALPHABET.contains(&(*c as u8))) {
        return Err(Problem::new(
            Reason::Characters,
            format!("invalid character {c:?} at position {} (base58 has no 0, O, I or l)", i + 1),
        ));
    }
    if address.len() != 95 && address.len() != 106 {
        return Err(Problem::new(
            Reason::Length,
            format!("{} characters, a Monero address has 95 (standard, subaddress) or 106 (integrated)", address.len()),
        ));
    }
    let data = monero_base58_decode(address)
        .map_err(|e| Problem::new(Reason::Checksum, format!("bad checksum: {e} (a character is mistyped)")))?;
    let (body, checksum) = data.split_at(data.len() - 4);
    if Keccak256::digest(body)[..4] != *checksum {
        return Err(Problem::new(Reason::Checksum, "bad checksum: the Keccak checksum does not match (a character is mistyped)"));
    }
    // The network prefix is a varint; every prefix in use is below 128, so one byte.
    let prefix = body[0];
    let (format, expected_len) = match prefix {
        18 => (AddressFormat::MoneroStandard, 69),
        42 => (AddressFormat::MoneroSubaddress, 69),
        19 => (AddressFormat::MoneroIntegrated, 77),
        53 | 54 | 63 => return Err(Problem::new(Reason::Network, "this is a Monero testnet address")),
        24 | 25 | 36 => return Err(Problem::new(Reason::Network, "this is a Monero stagenet address")),
        other => return Err(Problem::new(Reason::Format, format!("network prefix {other} is not a Monero mainnet prefix"))),
    };
    if data.len() != expected_len {
        return Err(Problem::new(Reason::Length, format!("a {} has {expected_len} bytes, this one {}", format.describe(), data.len())));
    }
    Ok(AddressCheck::ok(Chain::Monero, format, true))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Double SHA-256, as base58check uses (exposed for tools that build test addresses).
pub fn sha256d(data: &[u8]) -> [u8; 32] {
    Sha256::digest(Sha256::digest(data)).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(currency: &str, address: &str) -> Reason {
        match check(currency, address) {
            Ok(c) => panic!("{currency} {address}: accepted as {c:?}"),
            Err(e) => {
                assert!(e.message.contains(e.reason.phrase()), "{e:?}");
                e.reason
            }
        }
    }

    #[test]
    fn crc16_xmodem_check_value() {
        // The catalogue check value of CRC-16/XMODEM.
        assert_eq!(crc16_xmodem(b"123456789"), 0x31c3);
        assert_eq!(crc16_xmodem(b""), 0);
    }

    #[test]
    fn cashaddr_polymod_spec_vectors() {
        // "Valid checksum but invalid payload" vectors of the CashAddr specification.
        for v in [
            "prefix:x64nx6hz",
            "p:gpf8m4h7",
            "bitcoincash:qpzry9x8gf2tvdw0s3jn54khce6mua7lcw20ayyn",
            "bchtest:testnetaddress4d6njnut",
            "bchtest:spectestnetaddressrealrealaddressqpan2k9lh",
            "bchreg:555555555555555555555555555555555555555555555udxmlmrz",
        ] {
            let (prefix, body) = v.split_once(':').unwrap();
            let payload: Vec<u8> = body.bytes().map(|b| CASHADDR_CHARSET.iter().position(|c| *c == b).unwrap() as u8).collect();
            assert!(cashaddr_checksum_ok(prefix, &payload), "{v}");
            let mut broken = payload.clone();
            broken[0] ^= 1;
            assert!(!cashaddr_checksum_ok(prefix, &broken), "{v}");
        }
    }

    #[test]
    fn five_to_eight_bits() {
        assert_eq!(convert_5_to_8(&[0, 0]), Some(vec![0]));
        assert_eq!(convert_5_to_8(&[31, 28]), Some(vec![0xff]));
        assert_eq!(convert_5_to_8(&[31, 29]), None, "non-zero padding");
        assert_eq!(convert_5_to_8(&[1]), None, "5 bits of padding");
    }

    #[test]
    fn monero_base58_roundtrip_and_block_sizes() {
        for len in 0..=24 {
            let data: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let text = monero_base58_encode(&data);
            assert_eq!(text.len(), len / 8 * 11 + MONERO_ENCODED_BLOCK[len % 8]);
            assert_eq!(monero_base58_decode(&text).unwrap(), data, "{len}");
        }
        assert_eq!(monero_base58_encode(&[0xff; 8]), "jpXCZedGfVQ");
        assert!(monero_base58_decode("zzzzzzzzzzz").unwrap_err().contains("overflows"));
        assert!(monero_base58_decode("1111").unwrap_err().contains("impossible"));
        assert!(monero_base58_decode("11111111110").unwrap_err().contains("invalid character"));
    }

    #[test]
    fn eip55_vectors() {
        // From EIP-55.
        for a in [
            "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "fB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "dbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        ] {
            assert_eq!(eip55(&a.to_ascii_lowercase()), a);
        }
    }

    #[test]
    fn ton_forms_of_one_account() {
        assert_eq!(
            ton_raw_form("EQCQZpelevHNsbw5IUtwSa4Cs8kqWww0KsYeDri9kwS18eCz").as_deref(),
            Some("0:906697a57af1cdb1bc39214b7049ae02b3c92a5b0c342ac61e0eb8bd9304b5f1")
        );
        assert!(ton_raw_form("0:906697a57af1cdb1bc39214b7049ae02b3c92a5b0c342ac61e0eb8bd9304b5f1").is_none());
    }

    #[test]
    fn unknown_coins_pass_unchecked() {
        let c = validate("NEWCOIN_X", "whatever it is").unwrap();
        assert!(!c.is_checked());
        assert!(!c.checksum_verified);
        assert_eq!(chain_of("usdt_trx"), Some(Chain::Tron));
    }

    #[test]
    fn errors_name_the_field() {
        match validate_field("payouts[2].to", "BTC", "1BoatSLRHtKNngkdXEeobR76b53LETtpyU").unwrap_err() {
            Error::InvalidInput { field, message } => {
                assert_eq!(field, "payouts[2].to");
                assert!(message.contains("bad checksum"), "{message}");
                assert!(message.contains("Bitcoin"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn wrong_network_is_named() {
        // A TRON address for ERC-20 USDT, an EVM address for TRC-20 USDT, a Litecoin address for BTC.
        let e = check("USDT", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t").unwrap_err();
        assert_eq!(e.reason, Reason::Network);
        assert!(e.message.contains("TRON"), "{}", e.message);
        assert_eq!(reason("USDT_TRX", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"), Reason::Network);
        assert_eq!(reason("BTC", "LVg2kJoFNg45Nbpy53h7Fe1wKyeXVRhMH9"), Reason::Network);
        assert_eq!(reason("BTC", "ltc1qg42tkwuuxefutzxezdkdel39gfstuap288mfea"), Reason::Network);
        assert_eq!(reason("LTC", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"), Reason::Network);
        assert_eq!(reason("DOGE", "t1U9yhDa5XEjgfnTgZoKddeSiEN1aoLkQxq"), Reason::Network);
    }

    #[test]
    fn whitespace_and_look_alikes() {
        assert_eq!(reason("BTC", " 1BoatSLRHtKNngkdXEeobR76b53LETtpyT"), Reason::Characters);
        assert_eq!(reason("ETH", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\n"), Reason::Characters);
        assert_eq!(reason("ETH", "0x5аAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"), Reason::Characters); // Cyrillic а
        assert_eq!(reason("ETH", ""), Reason::Length);
    }

    #[test]
    fn evm_case_rules() {
        let mixed = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
        assert!(validate("ETH", mixed).unwrap().checksum_verified);
        let lower = mixed.to_ascii_lowercase();
        let c = validate("BNB", &lower).unwrap();
        assert!(!c.checksum_verified);
        assert_eq!(c.chain, Some(Chain::Evm));
        assert!(validate("USDC_BASE", &format!("0x{}", mixed[2..].to_ascii_uppercase())).is_ok());
        assert_eq!(reason("ETH", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"), Reason::Checksum);
        assert_eq!(reason("ETH", "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"), Reason::Format);
    }
}
