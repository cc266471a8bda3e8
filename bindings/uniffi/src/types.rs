//! Open sets (statuses, operation types, fee plans, callback kinds): the known values as enum cases
//! plus `Other { value }` for anything newer, so decoding never fails on a value Plisio adds.
//! `toString()` / `description` is the wire value (`"pending internal"`).

use plisio_core as core;

macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident = $core:ty { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
        #[uniffi::export(Display, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this SDK version does not know yet, kept verbatim.
            Other {
                /// The wire value.
                value: String,
            },
        }

        impl $name {
            /// The wire value.
            pub(crate) fn wire(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Other { value } => value,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.wire())
            }
        }

        impl From<&$core> for $name {
            fn from(value: &$core) -> Self {
                match value.as_str() {
                    $($text => $name::$variant,)+
                    other => $name::Other { value: other.to_owned() },
                }
            }
        }

        impl From<$core> for $name {
            fn from(value: $core) -> Self {
                $name::from(&value)
            }
        }

        impl From<&$name> for $core {
            fn from(value: &$name) -> Self {
                <$core>::from(value.wire())
            }
        }

        #[uniffi::export]
        impl $name {
            /// The wire value, e.g. `"pending internal"` (same as `toString()` / `description`).
            pub fn as_str(&self) -> String {
                self.wire().to_owned()
            }

            /// True for a value this SDK version knows (not `Other`).
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Other { .. })
            }
        }
    };
}

/// The [`Status`] for a wire value (`"pending internal"` → `PendingInternal`, unknown → `Other`).
#[uniffi::export]
pub fn status_of(value: String) -> Status {
    Status::from(core::Status::from(value))
}

/// The [`OperationType`] for a wire value (`"cash_out"` → `CashOut`, unknown → `Other`).
#[uniffi::export]
pub fn operation_type_of(value: String) -> OperationType {
    OperationType::from(core::OperationType::from(value))
}

/// The [`FeePlan`] for a wire value (`"priority"` → `Priority`, unknown → `Other`).
#[uniffi::export]
pub fn fee_plan_of(value: String) -> FeePlan {
    FeePlan::from(core::FeePlan::from(value))
}

open_enum! {
    /// Status of an invoice or an operation. Values contain spaces (`pending internal`).
    Status = core::Status {
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

#[uniffi::export]
impl Status {
    /// True for `completed` and `mismatch` (overpaid): the money arrived.
    pub fn is_paid(&self) -> bool {
        core::Status::from(self).is_paid()
    }

    /// True when the status will not change any more.
    pub fn is_final(&self) -> bool {
        core::Status::from(self).is_final()
    }
}

open_enum! {
    /// Type of an operation.
    OperationType = core::OperationType {
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
    /// Withdrawal fee plan.
    FeePlan = core::FeePlan {
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
    IpnType = core::IpnType {
        /// Invoice status change.
        Invoice => "invoice",
        /// White-label deposit received.
        PayIn => "pay_in",
    }
}

/// How a callback body was encoded. `toString()` / `description` is `json`, `urlencoded` or `multipart`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
#[uniffi::export(Display)]
pub enum CallbackFormat {
    /// `application/json` (`json=true` in the callback URL).
    Json,
    /// `application/x-www-form-urlencoded`.
    UrlEncoded,
    /// `multipart/form-data` (Plisio's default for deposits).
    Multipart,
}

impl std::fmt::Display for CallbackFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            CallbackFormat::Json => "json",
            CallbackFormat::UrlEncoded => "urlencoded",
            CallbackFormat::Multipart => "multipart",
        })
    }
}

impl From<core::CallbackFormat> for CallbackFormat {
    fn from(value: core::CallbackFormat) -> Self {
        match value {
            core::CallbackFormat::Json => CallbackFormat::Json,
            core::CallbackFormat::UrlEncoded => CallbackFormat::UrlEncoded,
            core::CallbackFormat::Multipart => CallbackFormat::Multipart,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_wire_value_round_trips() {
        for text in core::Status::KNOWN {
            let s = status_of((*text).to_owned());
            assert!(s.is_known(), "{text}");
            assert_eq!(s.to_string(), *text);
            assert_eq!(core::Status::from(&s).as_str(), *text);
        }
        for text in core::OperationType::KNOWN {
            assert!(operation_type_of((*text).to_owned()).is_known(), "{text}");
            assert_eq!(operation_type_of((*text).to_owned()).as_str(), *text);
        }
        for text in core::FeePlan::KNOWN {
            assert!(fee_plan_of((*text).to_owned()).is_known(), "{text}");
        }
        for text in core::IpnType::KNOWN {
            assert!(IpnType::from(core::IpnType::from(*text)).is_known(), "{text}");
        }
    }

    #[test]
    fn unknown_values_are_kept_verbatim() {
        assert_eq!(status_of("pending_internal".into()), Status::Other { value: "pending_internal".into() });
        assert_eq!(core::FeePlan::from(&FeePlan::Other { value: "turbo".into() }), core::FeePlan::Other("turbo".into()));
        assert_eq!(FeePlan::Other { value: "normal".into() }.wire(), "normal");
        assert!(Status::Mismatch.is_paid() && !Status::Pending.is_paid());
    }
}
