//! Deterministic, chain-valid addresses and transaction ids, and loose address validation.
//!
//! Every address is derived from SHA-256 of a seed string, so the deposit address of a
//! `(uid, psys_cid)` pair is the same across calls, resets and servers.

use sha2::{Digest, Sha256};
use sha3::Keccak256;

use crate::currencies::{Chain, Coin, FlatStyle, UtxoAddress};

/// SHA-256 of `seed`.
pub(crate) fn sha256(seed: &str) -> [u8; 32] {
    Sha256::digest(seed.as_bytes()).into()
}

/// Lowercase hex of `bytes` (the core's encoder, shared with callback signing).
pub(crate) fn hex(bytes: &[u8]) -> String {
    plisio_core::callback::sign::to_hex(bytes)
}

/// The permanent deposit address of `uid` for coin `c`.
pub(crate) fn deposit_address(uid: &str, c: &Coin) -> String {
    derive(&format!("{uid}|{}", c.id), c)
}

/// A valid-looking address of coin `c` derived from `seed`.
pub(crate) fn derive(seed: &str, c: &Coin) -> String {
    let h = sha256(seed);
    match c.chain {
        Chain::Utxo { address: UtxoAddress::Bech32(hrp), .. } => bech32_p2wpkh(hrp, &h[..20]),
        Chain::Utxo { address: UtxoAddress::Base58(version), .. } => base58check(version, &h[..20]),
        Chain::Evm { .. } => format!("0x{}", hex(&h[12..])),
        Chain::Flat { style: FlatStyle::Tron, .. } => base58check(&[0x41], &h[12..]),
        Chain::Flat { style: FlatStyle::Ton, .. } => format!("0:{}", hex(&h)),
        Chain::Flat { style: FlatStyle::Sol, .. } => bs58::encode(h).into_string(),
        Chain::Xmr => monero_address(seed),
    }
}

/// A transaction id in the chain's usual notation, derived from `seed`.
pub(crate) fn tx_hash(seed: &str, c: &Coin) -> String {
    let h = sha256(&format!("tx|{seed}"));
    match c.chain {
        Chain::Evm { .. } => format!("0x{}", hex(&h)),
        Chain::Flat { style: FlatStyle::Sol, .. } => {
            let h2 = sha256(&format!("tx2|{seed}"));
            let mut sig = [0u8; 64];
            sig[..32].copy_from_slice(&h);
            sig[32..].copy_from_slice(&h2);
            bs58::encode(sig).into_string()
        }
        _ => hex(&h),
    }
}

fn base58check(version: &[u8], payload: &[u8]) -> String {
    let mut data = Vec::with_capacity(version.len() + payload.len());
    data.extend_from_slice(version);
    data.extend_from_slice(payload);
    bs58::encode(data).with_check().into_string()
}

fn bech32_p2wpkh(hrp: &str, program: &[u8]) -> String {
    match bech32::Hrp::parse(hrp) {
        Ok(hrp) => bech32::segwit::encode_v0(hrp, program).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// A standard Monero address (network byte 0x12, public spend and view keys, Keccak checksum),
/// 95 characters of Monero's block-wise base58 starting with `4`.
fn monero_address(seed: &str) -> String {
    let mut data = Vec::with_capacity(69);
    data.push(0x12);
    data.extend_from_slice(&sha256(&format!("spend|{seed}")));
    data.extend_from_slice(&sha256(&format!("view|{seed}")));
    let checksum = Keccak256::digest(&data);
    data.extend_from_slice(&checksum[..4]);
    monero_base58(&data)
}

fn monero_base58(data: &[u8]) -> String {
    const ALPHABET: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    const ENCODED_BLOCK: [usize; 9] = [0, 2, 3, 5, 6, 7, 9, 10, 11];
    let mut out = String::new();
    for block in data.chunks(8) {
        let mut n = block.iter().fold(0u128, |acc, b| (acc << 8) | u128::from(*b));
        let width = ENCODED_BLOCK[block.len()];
        let mut chars = vec![ALPHABET[0]; width];
        for slot in chars.iter_mut().rev() {
            *slot = ALPHABET[(n % 58) as usize];
            n /= 58;
        }
        out.extend(chars.iter().map(|&b| b as char));
    }
    out
}

/// Loose per-chain address check used by withdrawals and fee estimates.
///
/// Always: non-empty, at most 128 characters, printable ASCII without whitespace or commas. Then:
/// UTXO coins alphanumeric with 14–90 characters (legacy, P2SH, testnet and bech32 forms pass);
/// EVM `0x` + 40 hex digits; TRON `T` + alphanumerics (25–40); Solana alphanumerics (32–44);
/// TON raw `wc:hex64` or a 48-character user-friendly address; Monero 95 or 106 alphanumerics
/// starting with `4` or `8`.
pub(crate) fn is_plausible(address: &str, c: &Coin) -> bool {
    let basic = !address.is_empty() && address.len() <= 128 && address.bytes().all(|b| b.is_ascii_graphic() && b != b',');
    if !basic {
        return false;
    }
    let alnum = address.bytes().all(|b| b.is_ascii_alphanumeric());
    let len = address.len();
    match c.chain {
        Chain::Utxo { .. } => alnum && (14..=90).contains(&len),
        Chain::Evm { .. } => address
            .strip_prefix("0x")
            .or_else(|| address.strip_prefix("0X"))
            .is_some_and(|h| h.len() == 40 && h.bytes().all(|b| b.is_ascii_hexdigit())),
        Chain::Flat { style: FlatStyle::Tron, .. } => alnum && address.starts_with('T') && (25..=40).contains(&len),
        Chain::Flat { style: FlatStyle::Sol, .. } => alnum && (32..=44).contains(&len),
        Chain::Flat { style: FlatStyle::Ton, .. } => match address.split_once(':') {
            Some((wc, h)) => {
                wc.trim_start_matches('-').bytes().all(|b| b.is_ascii_digit())
                    && !wc.trim_start_matches('-').is_empty()
                    && h.len() == 64
                    && h.bytes().all(|b| b.is_ascii_hexdigit())
            }
            None => len == 48 && address.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_+/=".contains(&b)),
        },
        Chain::Xmr => alnum && (len == 95 || len == 106) && (address.starts_with('4') || address.starts_with('8')),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::currencies::{COINS, coin};

    fn c(id: &str) -> &'static Coin {
        coin(id).expect("known coin")
    }

    #[test]
    fn derived_addresses_have_the_chain_shape_and_pass_validation() {
        for coin in COINS {
            let a = deposit_address("USER-12345", coin);
            assert!(is_plausible(&a, coin), "{} {a}", coin.id);
            assert_eq!(a, deposit_address("USER-12345", coin), "stable");
            assert_ne!(a, deposit_address("USER-12346", coin), "per uid");
        }
        assert!(deposit_address("u", c("BTC")).starts_with("bc1q"));
        assert!(deposit_address("u", c("LTC")).starts_with("ltc1q"));
        assert!(deposit_address("u", c("DOGE")).starts_with('D'));
        assert!(deposit_address("u", c("DASH")).starts_with('X'));
        assert!(deposit_address("u", c("TZEC")).starts_with("t1"));
        assert!(deposit_address("u", c("BCH")).starts_with('1'));
        assert!(deposit_address("u", c("USDT_TRX")).starts_with('T'));
        assert!(deposit_address("u", c("TON")).starts_with("0:"));
        let xmr = deposit_address("u", c("XMR"));
        assert_eq!(xmr.len(), 95);
        assert!(xmr.starts_with('4'));
        let eth = deposit_address("u", c("ETH"));
        assert_eq!(eth.len(), 42);
        assert_eq!(eth, eth.to_lowercase());
    }

    #[test]
    fn base58check_roundtrips() {
        let a = deposit_address("u", c("USDT_TRX"));
        let decoded = bs58::decode(&a).with_check(None).into_vec().expect("valid checksum");
        assert_eq!(decoded.len(), 21);
        assert_eq!(decoded[0], 0x41);
        let sol = bs58::decode(deposit_address("u", c("SOL"))).into_vec().expect("base58");
        assert_eq!(sol.len(), 32);
    }

    #[test]
    fn rejects_bad_addresses() {
        assert!(!is_plausible("", c("BTC")));
        assert!(!is_plausible("bc1q abc", c("BTC")));
        assert!(!is_plausible("0x1234", c("ETH")));
        assert!(is_plausible("2N3cD7vQxBqmHFVFrgK2o7HonHnVoFxxDVB", c("BTC")));
    }
}
