//! The fixed list of cryptocurrencies (and fiat currencies) the mock knows, with precisions, prices
//! and chain details. Plisio's list is an open set; the mock's is closed so that unknown IDs produce
//! the documented `105 Unsupported currency` error.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use crate::money;

/// How addresses of a UTXO coin are written.
#[derive(Debug, Clone, Copy)]
pub(crate) enum UtxoAddress {
    /// Native SegWit v0 (P2WPKH) with this human-readable part (`bc`, `ltc`).
    Bech32(&'static str),
    /// Base58Check P2PKH with these version bytes.
    Base58(&'static [u8]),
}

/// The chain family of a coin: decides addresses, fee plans and explorer links.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Chain {
    /// Bitcoin-like: fee = sat/vB × vsize; plans carry `conf_target` and `feeRate`.
    Utxo {
        address: UtxoAddress,
        /// Block explorer slug on blockchair.com.
        explorer: &'static str,
        /// sat/vB for economy, normal, priority.
        sat_per_vb: [u32; 3],
    },
    /// Ethereum-like (ETH, ETC, BNB Smart Chain, Base): fee = gas × gasPrice, paid in `native`.
    Evm {
        /// psys_cid of the coin that pays the gas.
        native: &'static str,
        /// `true` for tokens (ERC-20/BEP-20): 65 000 gas per transfer instead of 21 000.
        token: bool,
        /// gasPrice in gwei for economy, normal, priority.
        gwei: [&'static str; 3],
        /// Explorer transaction URL prefix.
        explorer: &'static str,
    },
    /// Flat-fee chains (TRON, TON, Solana): a fee per output in the native coin.
    Flat {
        /// psys_cid of the coin that pays the fee.
        native: &'static str,
        /// Fee per output in the native coin for economy, normal, priority.
        fee: [&'static str; 3],
        /// Explorer transaction URL prefix.
        explorer: &'static str,
        /// Address / tx-id style.
        style: FlatStyle,
    },
    /// Monero: two plans, values written as JSON numbers.
    Xmr,
}

/// Address and transaction-id style of a [`Chain::Flat`] chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FlatStyle {
    /// TRON: base58check addresses with version 0x41 (`T…`), hex tx ids.
    Tron,
    /// TON: raw `0:<hex>` addresses, hex tx ids.
    Ton,
    /// Solana: base58 32-byte addresses, base58 64-byte signatures.
    Sol,
}

/// One supported cryptocurrency.
#[derive(Debug)]
pub(crate) struct Coin {
    /// Plisio ID (`psys_cid`), e.g. `USDT_TRX`.
    pub id: &'static str,
    /// Currency code, e.g. `USDT`.
    pub code: &'static str,
    /// Display name.
    pub name: &'static str,
    /// Decimals of amounts in responses.
    pub precision: u32,
    /// Price of one coin in USD.
    pub price_usd: &'static str,
    /// Confirmations Plisio waits for (`expected_confirmations`).
    pub confirmations: u32,
    /// `(contractOf, contractStandard)` for tokens.
    pub contract: Option<(&'static str, &'static str)>,
    /// Starting balance of the sandbox shop.
    pub default_balance: &'static str,
    /// Chain family.
    pub chain: Chain,
}

const BTC_FEES: [u32; 3] = [2, 5, 12];

/// Every coin the mock supports, in the order `currencies` lists them.
pub(crate) static COINS: &[Coin] = &[
    utxo("BTC", "BTC", "Bitcoin", "65000", 1, "1.5", UtxoAddress::Bech32("bc"), "bitcoin", BTC_FEES),
    utxo("LTC", "LTC", "Litecoin", "85", 3, "100", UtxoAddress::Bech32("ltc"), "litecoin", [5, 10, 20]),
    utxo("DOGE", "DOGE", "Dogecoin", "0.15", 6, "100000", UtxoAddress::Base58(&[0x1e]), "dogecoin", [50_000, 100_000, 200_000]),
    utxo("BCH", "BCH", "Bitcoin Cash", "450", 3, "50", UtxoAddress::Base58(&[0x00]), "bitcoin-cash", [1, 2, 4]),
    utxo("DASH", "DASH", "Dash", "30", 3, "200", UtxoAddress::Base58(&[0x4c]), "dash", [1, 2, 4]),
    utxo("TZEC", "ZEC", "Zcash", "35", 3, "500", UtxoAddress::Base58(&[0x1c, 0xb8]), "zcash", [5, 10, 20]),
    Coin {
        id: "XMR",
        code: "XMR",
        name: "Monero",
        precision: 12,
        price_usd: "160",
        confirmations: 10,
        contract: None,
        default_balance: "100",
        chain: Chain::Xmr,
    },
    evm("ETH", "ETH", "Ethereum", 18, "3200", "25", "ETH", false, ["30", "44", "51"], ETHERSCAN, None),
    evm("ETC", "ETC", "Ethereum Classic", 18, "25", "1000", "ETC", false, ["1", "2", "3"], "https://etc.blockscout.com/tx/", None),
    evm("USDT", "USDT", "Tether ERC-20", 6, "1", "100000", "ETH", true, ["30", "44", "51"], ETHERSCAN, Some(("ETH", "ERC-20"))),
    evm("USDC", "USDC", "USD Coin ERC-20", 6, "1", "100000", "ETH", true, ["30", "44", "51"], ETHERSCAN, Some(("ETH", "ERC-20"))),
    evm(
        "SHIB",
        "SHIB",
        "Shiba Inu ERC-20",
        18,
        "0.00002",
        "1000000000",
        "ETH",
        true,
        ["30", "44", "51"],
        ETHERSCAN,
        Some(("ETH", "ERC-20")),
    ),
    evm("APE", "APE", "ApeCoin ERC-20", 18, "1.2", "10000", "ETH", true, ["30", "44", "51"], ETHERSCAN, Some(("ETH", "ERC-20"))),
    evm("BUSD", "BUSD", "Binance USD BEP-20", 18, "1", "100000", "BNB", true, ["1", "3", "5"], BSCSCAN, Some(("BNB", "BEP-20"))),
    evm("TUSD", "TUSD", "TrueUSD ERC-20", 18, "1", "100000", "ETH", true, ["30", "44", "51"], ETHERSCAN, Some(("ETH", "ERC-20"))),
    evm("BNB", "BNB", "BNB Smart Chain", 18, "580", "100", "BNB", false, ["1", "3", "5"], BSCSCAN, None),
    evm("USDT_BSC", "USDT", "Tether BEP-20", 18, "1", "100000", "BNB", true, ["1", "3", "5"], BSCSCAN, Some(("BNB", "BEP-20"))),
    flat("TRX", "TRX", "Tron", 6, "0.12", 20, "1000000", "TRX", ["1", "1.1", "1.5"], TRONSCAN, FlatStyle::Tron, None),
    flat(
        "USDT_TRX",
        "USDT",
        "Tether TRC-20",
        6,
        "1",
        20,
        "100000",
        "TRX",
        ["13", "13.4", "15"],
        TRONSCAN,
        FlatStyle::Tron,
        Some(("TRX", "TRC-20")),
    ),
    flat(
        "BTT_TRX",
        "BTT",
        "BitTorrent TRC-20",
        6,
        "0.0000009",
        20,
        "1000000000",
        "TRX",
        ["13", "13.4", "15"],
        TRONSCAN,
        FlatStyle::Tron,
        Some(("TRX", "TRC-20")),
    ),
    flat("TON", "TON", "Toncoin", 9, "6", 1, "10000", "TON", ["0.005", "0.01", "0.02"], TONVIEWER, FlatStyle::Ton, None),
    flat(
        "USDT_TON",
        "USDT",
        "Tether TON",
        6,
        "1",
        1,
        "100000",
        "TON",
        ["0.03", "0.05", "0.08"],
        TONVIEWER,
        FlatStyle::Ton,
        Some(("TON", "Jetton")),
    ),
    flat("SOL", "SOL", "Solana", 9, "150", 32, "500", "SOL", ["0.000005", "0.00001", "0.00005"], SOLSCAN, FlatStyle::Sol, None),
    flat(
        "USDT_SOL",
        "USDT",
        "Tether SPL",
        6,
        "1",
        32,
        "100000",
        "SOL",
        ["0.002", "0.0021", "0.0025"],
        SOLSCAN,
        FlatStyle::Sol,
        Some(("SOL", "SPL")),
    ),
    evm("ETH_BASE", "ETH", "Ethereum Base", 18, "3200", "25", "ETH_BASE", false, ["0.005", "0.01", "0.02"], BASESCAN, None),
    evm(
        "USDC_BASE",
        "USDC",
        "USD Coin Base",
        6,
        "1",
        "100000",
        "ETH_BASE",
        true,
        ["0.005", "0.01", "0.02"],
        BASESCAN,
        Some(("ETH_BASE", "ERC-20")),
    ),
    evm("LB", "LB", "LoveBit BEP-20", 18, "0.02", "1000000", "BNB", true, ["1", "3", "5"], BSCSCAN, Some(("BNB", "BEP-20"))),
];

const ETHERSCAN: &str = "https://etherscan.io/tx/";
const BSCSCAN: &str = "https://bscscan.com/tx/";
const BASESCAN: &str = "https://basescan.org/tx/";
const TRONSCAN: &str = "https://tronscan.org/#/transaction/";
const TONVIEWER: &str = "https://tonviewer.com/transaction/";
const SOLSCAN: &str = "https://solscan.io/tx/";

#[allow(clippy::too_many_arguments)]
const fn utxo(
    id: &'static str,
    code: &'static str,
    name: &'static str,
    price_usd: &'static str,
    confirmations: u32,
    default_balance: &'static str,
    address: UtxoAddress,
    explorer: &'static str,
    sat_per_vb: [u32; 3],
) -> Coin {
    Coin {
        id,
        code,
        name,
        precision: 8,
        price_usd,
        confirmations,
        contract: None,
        default_balance,
        chain: Chain::Utxo { address, explorer, sat_per_vb },
    }
}

#[allow(clippy::too_many_arguments)]
const fn evm(
    id: &'static str,
    code: &'static str,
    name: &'static str,
    precision: u32,
    price_usd: &'static str,
    default_balance: &'static str,
    native: &'static str,
    token: bool,
    gwei: [&'static str; 3],
    explorer: &'static str,
    contract: Option<(&'static str, &'static str)>,
) -> Coin {
    Coin {
        id,
        code,
        name,
        precision,
        price_usd,
        confirmations: 12,
        contract,
        default_balance,
        chain: Chain::Evm { native, token, gwei, explorer },
    }
}

#[allow(clippy::too_many_arguments)]
const fn flat(
    id: &'static str,
    code: &'static str,
    name: &'static str,
    precision: u32,
    price_usd: &'static str,
    confirmations: u32,
    default_balance: &'static str,
    native: &'static str,
    fee: [&'static str; 3],
    explorer: &'static str,
    style: FlatStyle,
    contract: Option<(&'static str, &'static str)>,
) -> Coin {
    Coin {
        id,
        code,
        name,
        precision,
        price_usd,
        confirmations,
        contract,
        default_balance,
        chain: Chain::Flat { native, fee, explorer, style },
    }
}

/// Looks a coin up by its exact `psys_cid`.
pub(crate) fn coin(psys_cid: &str) -> Option<&'static Coin> {
    COINS.iter().find(|c| c.id == psys_cid)
}

/// Parses one of the static decimal literals of this module.
pub(crate) fn dec(literal: &str) -> Decimal {
    Decimal::from_str(literal).unwrap_or(Decimal::ZERO)
}

impl Coin {
    /// Price of one coin in USD.
    pub(crate) fn price(&self) -> Decimal {
        dec(self.price_usd)
    }

    /// Price of one coin in `fiat` (None for an unknown fiat code).
    pub(crate) fn price_in(&self, fiat: &str) -> Option<Decimal> {
        Some(self.price() * fiat_per_usd(fiat)?)
    }

    /// Plisio's `source_rate`: coins per one unit of `fiat`, rounded to the coin's precision.
    pub(crate) fn source_rate(&self, fiat: &str) -> Decimal {
        match self.price_in(fiat) {
            Some(price) if !price.is_zero() => money::round(Decimal::ONE / price, self.precision),
            _ => Decimal::ZERO,
        }
    }

    /// Formats `value` with this coin's precision.
    pub(crate) fn fmt(&self, value: Decimal) -> String {
        money::fmt(value, self.precision)
    }

    /// Converts `value` of coin `from` into this coin through USD prices, rounded up to this precision.
    pub(crate) fn convert_from(&self, from: &Coin, value: Decimal) -> Decimal {
        if from.id == self.id {
            return money::round_up(value, self.precision);
        }
        let price = self.price();
        if price.is_zero() {
            return Decimal::ZERO;
        }
        money::round_up(value * from.price() / price, self.precision)
    }

    /// Block-explorer URL of transaction `txid`.
    pub(crate) fn tx_url(&self, txid: &str) -> String {
        match self.chain {
            Chain::Utxo { explorer, .. } => format!("https://blockchair.com/{explorer}/transaction/{txid}"),
            Chain::Evm { explorer, .. } | Chain::Flat { explorer, .. } => format!("{explorer}{txid}"),
            Chain::Xmr => format!("https://xmrchain.net/tx/{txid}"),
        }
    }

    /// The currency object of `currencies/{fiat}`, `invoices/{id}` `paysys` and `allowed_psys_cids`.
    ///
    /// `precision` is an int for UTXO coins and a string for the others (Plisio mixes both).
    pub(crate) fn currency_object(&self, fiat: &str, commission_percent: Decimal) -> Value {
        let per_usd = fiat_per_usd(fiat).unwrap_or(Decimal::ONE);
        let precision = if matches!(self.chain, Chain::Utxo { .. }) { json!(self.precision) } else { json!(self.precision.to_string()) };
        let mut obj = Map::new();
        obj.insert("name".into(), json!(self.name));
        obj.insert("cid".into(), json!(self.id));
        obj.insert("currency".into(), json!(self.code));
        obj.insert("icon".into(), json!(format!("https://plisio.net/img/psys-icon/{}.svg", self.id)));
        obj.insert("rate_usd".into(), json!(self.fmt(self.source_rate("USD"))));
        obj.insert("price_usd".into(), json!(money::plain(self.price())));
        obj.insert("precision".into(), precision);
        obj.insert("output_precision".into(), json!(self.precision.min(8).to_string()));
        obj.insert("fiat".into(), json!(fiat));
        obj.insert("fiat_rate".into(), json!(money::plain(money::round(self.price() * per_usd, 8))));
        obj.insert("min_sum_in".into(), json!(self.fmt(self.min_sum_in())));
        obj.insert("invoice_commission_percentage".into(), json!(money::plain(commission_percent)));
        obj.insert("hidden".into(), json!(0));
        obj.insert("maintenance".into(), json!(false));
        if let Some((of, standard)) = self.contract {
            obj.insert("contractOf".into(), json!(of));
            obj.insert("contractStandard".into(), json!(standard));
        }
        Value::Object(obj)
    }

    /// Smallest invoice amount: about 0.10 USD.
    fn min_sum_in(&self) -> Decimal {
        let price = self.price();
        if price.is_zero() {
            return Decimal::ZERO;
        }
        money::round_up(Decimal::new(1, 1) / price, self.precision)
    }
}

/// Fiat currencies the mock converts from: code → units per USD.
static FIATS: &[(&str, &str)] = &[
    ("USD", "1"),
    ("EUR", "0.92"),
    ("GBP", "0.79"),
    ("JPY", "151.5"),
    ("CNY", "7.24"),
    ("CAD", "1.37"),
    ("AUD", "1.52"),
    ("CHF", "0.9"),
    ("NZD", "1.66"),
    ("SEK", "10.6"),
    ("NOK", "10.8"),
    ("DKK", "6.87"),
    ("PLN", "3.98"),
    ("CZK", "23.3"),
    ("HUF", "362"),
    ("RUB", "92.5"),
    ("UAH", "41.2"),
    ("KZT", "450"),
    ("TRY", "32.4"),
    ("ILS", "3.7"),
    ("AED", "3.6725"),
    ("SAR", "3.75"),
    ("EGP", "47.5"),
    ("NGN", "1480"),
    ("ZAR", "18.6"),
    ("INR", "83.4"),
    ("PKR", "278"),
    ("BDT", "110"),
    ("IDR", "15900"),
    ("VND", "25400"),
    ("PHP", "56.8"),
    ("THB", "36.5"),
    ("MYR", "4.7"),
    ("SGD", "1.35"),
    ("HKD", "7.82"),
    ("KRW", "1350"),
    ("BRL", "5.05"),
    ("MXN", "17.1"),
    ("ARS", "870"),
    ("CLP", "950"),
    ("COP", "3900"),
    ("PEN", "3.7"),
];

/// Units of `fiat` per one USD, for a known fiat code.
pub(crate) fn fiat_per_usd(fiat: &str) -> Option<Decimal> {
    FIATS.iter().find(|(code, _)| *code == fiat).map(|(_, rate)| dec(rate))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_consistent() {
        for c in COINS {
            assert!(c.price() > Decimal::ZERO, "{}", c.id);
            assert!(dec(c.default_balance) > Decimal::ZERO, "{}", c.id);
            if let Chain::Evm { native, .. } | Chain::Flat { native, .. } = c.chain {
                assert!(coin(native).is_some(), "{} native {native}", c.id);
            }
        }
        assert_eq!(coin("USDT_TRX").map(|c| c.code), Some("USDT"));
        assert_eq!(coin("ETH_BASE").map(|c| c.code), Some("ETH"));
        assert!(coin("BTCX").is_none());
    }

    #[test]
    fn rates() {
        let btc = coin("BTC").expect("BTC");
        assert_eq!(btc.fmt(btc.source_rate("USD")), "0.00001538");
        assert_eq!(btc.fmt(Decimal::new(2, 3)), "0.00200000");
    }
}
