//! Integration tests of the sandbox over real HTTP (reqwest + serde_json only).

mod api_basics;
mod binary;
mod blocking;
mod callbacks;
mod common;
mod deposits;
mod faults;
mod fees;
mod invoices;
mod operations;
mod withdraw;
