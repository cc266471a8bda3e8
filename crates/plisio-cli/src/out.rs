//! Writing results: aligned tables for people, JSON for programs. A closed pipe (`| head`) ends the
//! program quietly instead of panicking.

use std::io::Write;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;

/// Writes one line on stdout.
pub fn line(text: impl AsRef<str>) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = writeln!(stdout, "{}", text.as_ref()).and_then(|_| stdout.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
    }
}

/// Writes a note for people on stderr (progress, hints): never mixed into the JSON on stdout.
pub fn note(text: impl AsRef<str>) {
    let _ = writeln!(std::io::stderr().lock(), "{}", text.as_ref());
}

/// Prints `value` as pretty JSON on stdout.
pub fn json<T: Serialize + ?Sized>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => line(text),
        Err(e) => note(format!("plisio: cannot encode the result as JSON: {e}")),
    }
}

/// A table: a header row and cells; columns listed in `right` are right-aligned (amounts).
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    right: Vec<usize>,
}

impl Table {
    pub fn new(headers: &[&str]) -> Table {
        Table { headers: headers.iter().map(|h| (*h).to_owned()).collect(), rows: Vec::new(), right: Vec::new() }
    }

    pub fn right_align(mut self, columns: &[usize]) -> Table {
        self.right = columns.to_vec();
        self
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// The table as text lines, each prefixed with `indent`.
    pub fn render(&self, indent: &str) -> Vec<String> {
        let n = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.chars().count()).collect();
        for r in &self.rows {
            for (i, c) in r.iter().enumerate().take(n) {
                widths[i] = widths[i].max(c.chars().count());
            }
        }
        let fmt_row = |cells: &[String]| {
            let mut s = String::from(indent);
            for (i, w) in widths.iter().enumerate() {
                let c = cells.get(i).map(String::as_str).unwrap_or("");
                let pad = w.saturating_sub(c.chars().count());
                if i > 0 {
                    s.push_str("  ");
                }
                if self.right.contains(&i) {
                    s.push_str(&" ".repeat(pad));
                    s.push_str(c);
                } else {
                    s.push_str(c);
                    if i + 1 < n {
                        s.push_str(&" ".repeat(pad));
                    }
                }
            }
            s.trim_end().to_owned()
        };
        let mut lines = vec![fmt_row(&self.headers)];
        lines.extend(self.rows.iter().map(|r| fmt_row(r)));
        lines
    }

    pub fn print(&self) {
        for l in self.render("") {
            line(l);
        }
    }
}

/// An optional amount as text (empty when absent), exact.
pub fn amount(v: Option<Decimal>) -> String {
    v.map(|d| d.to_string()).unwrap_or_default()
}

/// An optional string (empty when absent).
pub fn text(v: Option<&str>) -> String {
    v.unwrap_or("").to_owned()
}

/// A timestamp as `2026-11-22 06:32:57` (UTC), empty when absent.
pub fn time(v: Option<DateTime<Utc>>) -> String {
    v.map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string()).unwrap_or_default()
}

/// `label: value` lines with aligned values.
pub fn fields(pairs: &[(&str, String)]) {
    let w = pairs.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    for (k, v) in pairs {
        if !v.is_empty() {
            line(format!("{k:<w$}  {v}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_and_right_align_amounts() {
        let mut t = Table::new(&["COIN", "BALANCE"]).right_align(&[1]);
        t.row(vec!["BTC".into(), "1.5".into()]);
        t.row(vec!["USDT_TRX".into(), "100000.000000".into()]);
        assert_eq!(t.render(""), vec!["COIN            BALANCE", "BTC                 1.5", "USDT_TRX  100000.000000"]);
    }
}
