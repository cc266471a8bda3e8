//! Open sets: statuses, operation types, fee plans, callback kinds and coin IDs.
//!
//! Plisio adds values without notice, so every enum has an `Other(String)` fallback and decoding an
//! unknown value never fails. Values with spaces (`pending internal`) are matched exactly.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this SDK version does not know yet, kept verbatim.
            Other(String),
        }

        impl $name {
            /// Every known value, in documentation order.
            pub const KNOWN: &'static [&'static str] = &[$($text),+];

            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Other(s) => s.as_str(),
                }
            }

            /// True for a value this SDK version knows.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Other(_))
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $($text => $name::$variant,)+
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                match s.as_str() {
                    $($text => $name::$variant,)+
                    _ => $name::Other(s),
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok($name::from(s))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                crate::de::string(d).map($name::from)
            }
        }
    };
}

open_enum! {
    /// Status of an invoice or an operation (plisio-api.md §4.1).
    Status {
        /// Initial invoice status.
        New => "new",
        /// Some amount received, waiting for confirmations.
        Pending => "pending",
        /// Moving invoice money to the user wallet has been initiated.
        PendingInternal => "pending internal",
        /// Expired; may carry a partial payment (check the amount).
        Expired => "expired",
        /// Paid in full / executed.
        Completed => "completed",
        /// Overpaid.
        Mismatch => "mismatch",
        /// An error occurred.
        Error => "error",
        /// No payment received in time.
        Cancelled => "cancelled",
        /// Replaced by a new invoice (the payer switched coin).
        CancelledDuplicate => "cancelled duplicate",
    }
}

impl Status {
    /// True for `completed` and `mismatch` (overpaid), which every official plugin treats as paid.
    pub fn is_paid(&self) -> bool {
        matches!(self, Status::Completed | Status::Mismatch)
    }

    /// True when the status will not change any more.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            Status::Completed | Status::Mismatch | Status::Error | Status::Cancelled | Status::CancelledDuplicate | Status::Expired
        )
    }
}

open_enum! {
    /// Type of an operation (plisio-api.md §4.2).
    OperationType {
        /// Incoming funds (including white-label deposits).
        CashIn => "cash_in",
        /// Withdrawal to one address.
        CashOut => "cash_out",
        /// Withdrawal to several addresses.
        MassCashOut => "mass_cash_out",
        /// Invoice payment.
        Invoice => "invoice",
    }
}

open_enum! {
    /// Withdrawal fee plan (plisio-api.md §4.3).
    FeePlan {
        /// Slowest, cheapest.
        Economy => "economy",
        /// Default.
        Normal => "normal",
        /// Faster confirmation.
        Priority => "priority",
        /// Custom fee rate.
        Custom => "custom",
    }
}

open_enum! {
    /// Kind of callback (`ipn_type`).
    IpnType {
        /// Invoice status change.
        Invoice => "invoice",
        /// White-label deposit received.
        PayIn => "pay_in",
    }
}

/// Known cryptocurrency IDs (`psys_cid`). The set is open: any other string is accepted as is.
pub mod coins {
    #![allow(missing_docs)]
    pub const BTC: &str = "BTC";
    pub const LTC: &str = "LTC";
    pub const DOGE: &str = "DOGE";
    pub const BCH: &str = "BCH";
    pub const DASH: &str = "DASH";
    pub const TZEC: &str = "TZEC";
    pub const XMR: &str = "XMR";
    pub const ETH: &str = "ETH";
    pub const ETC: &str = "ETC";
    pub const USDT: &str = "USDT";
    pub const USDC: &str = "USDC";
    pub const SHIB: &str = "SHIB";
    pub const APE: &str = "APE";
    pub const BUSD: &str = "BUSD";
    pub const TUSD: &str = "TUSD";
    pub const BNB: &str = "BNB";
    pub const USDT_BSC: &str = "USDT_BSC";
    pub const TRX: &str = "TRX";
    pub const USDT_TRX: &str = "USDT_TRX";
    pub const BTT_TRX: &str = "BTT_TRX";
    pub const TON: &str = "TON";
    pub const USDT_TON: &str = "USDT_TON";
    pub const SOL: &str = "SOL";
    pub const USDT_SOL: &str = "USDT_SOL";
    pub const ETH_BASE: &str = "ETH_BASE";
    pub const USDC_BASE: &str = "USDC_BASE";
    pub const LB: &str = "LB";
    /// Every ID above.
    pub const ALL: &[&str] = &[
        BTC, LTC, DOGE, BCH, DASH, TZEC, XMR, ETH, ETC, USDT, USDC, SHIB, APE, BUSD, TUSD, BNB, USDT_BSC, TRX, USDT_TRX, BTT_TRX, TON,
        USDT_TON, SOL, USDT_SOL, ETH_BASE, USDC_BASE, LB,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_with_spaces_and_unknowns() {
        assert_eq!(Status::from("pending internal"), Status::PendingInternal);
        assert_eq!(Status::from("cancelled duplicate"), Status::CancelledDuplicate);
        assert_eq!(Status::from("pending_internal"), Status::Other("pending_internal".into()));
        let s: Status = serde_json::from_str("\"_111\"").unwrap();
        assert_eq!(s.as_str(), "_111");
        let n: Status = serde_json::from_str("22").unwrap();
        assert_eq!(n, Status::Other("22".into()));
        assert_eq!(serde_json::to_string(&Status::PendingInternal).unwrap(), "\"pending internal\"");
        assert!(Status::Mismatch.is_paid());
        assert!(!FeePlan::from("turbo").is_known());
    }
}
