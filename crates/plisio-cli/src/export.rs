//! `operations export`: every page of the history into one file, safely.
//!
//! * Rows go to `.<name>.part` in the folder of the output file, one whole page at a time, flushed
//!   to disk; a small state file beside it records the next page and how many bytes are committed.
//! * When the last page is in, the file is completed (for `json`, turned into an array), synced and
//!   renamed over `<name>` in one step: the output is either absent or complete, never half-written.
//! * After an interruption (network error, Ctrl-C, a crash) the same command resumes from the next
//!   page: the part file is cut back to the last committed page and operations already written are
//!   not written again. Plisio lists newest first, so operations created meanwhile only push older
//!   ones to later pages: resuming may see some twice (they are skipped), never miss one.

use std::collections::HashSet;
use std::fs::{self, File, OpenOptions};
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use plisio_core::{Operation, OperationType, OperationsQuery, Status};
use serde::{Deserialize, Serialize};

use crate::exit::CliError;
use crate::out;
use crate::{Ctx, ExportArgs, ExportFormat, Filters};

/// The CSV columns, in order.
pub const CSV_COLUMNS: &[&str] = &[
    "id",
    "type",
    "status",
    "psys_cid",
    "currency",
    "amount",
    "fee",
    "commission",
    "sum",
    "wallet_hash",
    "tx_id",
    "txn_id",
    "order_number",
    "source_currency",
    "source_rate",
    "created_at",
    "finished_at",
];

/// What the state file beside the part file records.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct State {
    version: u32,
    /// Identifies the query: resuming another query's part file would mix histories.
    fingerprint: String,
    next_page: u32,
    committed_bytes: u64,
    rows: u64,
    pages: u32,
    total_count: u64,
}

pub fn query_of(filters: &Filters, limit: Option<u32>) -> OperationsQuery {
    OperationsQuery {
        page: None,
        limit,
        r#type: filters.kind.as_deref().map(OperationType::from),
        status: filters.status.as_deref().map(Status::from),
        currency: filters.currency.clone(),
        shop_id: filters.shop_id.clone(),
        search: filters.search.clone(),
    }
}

fn fingerprint(base_url: &str, args: &ExportArgs) -> String {
    let f = &args.filters;
    serde_json::json!({
        "base_url": base_url,
        "format": args.format,
        "limit": args.limit,
        "type": f.kind, "status": f.status, "currency": f.currency, "shop_id": f.shop_id, "search": f.search,
    })
    .to_string()
}

fn sibling(out: &Path, suffix: &str) -> Result<PathBuf, CliError> {
    let name =
        out.file_name().ok_or_else(|| CliError::usage(format!("{} is not a file name", out.display())))?.to_string_lossy().into_owned();
    let dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok(dir.join(format!(".{name}{suffix}")))
}

/// One CSV record of an operation (amounts exact, times in RFC 3339 UTC).
pub fn csv_record(op: &Operation) -> Vec<String> {
    let p = op.params.as_ref();
    let rfc =
        |t: Option<chrono::DateTime<chrono::Utc>>| t.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)).unwrap_or_default();
    vec![
        op.id.clone(),
        op.r#type.as_str().to_owned(),
        op.status.as_str().to_owned(),
        out::text(op.psys_cid.as_deref()),
        out::text(op.currency.as_deref()),
        out::amount(op.amount),
        out::amount(op.fee),
        out::amount(op.commission),
        out::amount(op.sum),
        op.wallet_hash.clone().unwrap_or_else(|| op.sendmany.iter().map(|p| p.to.as_str()).collect::<Vec<_>>().join(" ")),
        op.tx_id.join(" "),
        out::text(op.txn_id.as_deref()),
        out::text(p.and_then(|p| p.order_number.as_deref())),
        out::text(op.source_currency.as_deref()),
        out::amount(op.source_rate),
        rfc(op.created_at),
        rfc(op.finished_at),
    ]
}

/// The operation as Plisio sent it, on one line (JSON strings cannot hold raw line breaks, so
/// removing them outside strings changes nothing).
fn json_line(op: &Operation) -> String {
    op.raw.as_str().replace(['\n', '\r'], " ")
}

fn encode_page(format: ExportFormat, ops: &[Operation]) -> Result<Vec<u8>, CliError> {
    let mut buf = Vec::new();
    match format {
        ExportFormat::Csv => {
            let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(&mut buf);
            for op in ops {
                w.write_record(csv_record(op)).map_err(|e| CliError::internal(format!("CSV: {e}")))?;
            }
            w.flush()?;
        }
        ExportFormat::Json | ExportFormat::Jsonl => {
            for op in ops {
                buf.extend_from_slice(json_line(op).as_bytes());
                buf.push(b'\n');
            }
        }
    }
    Ok(buf)
}

/// The IDs already in a part file (to skip them when resuming).
fn ids_in(part: &Path, format: ExportFormat) -> Result<HashSet<String>, CliError> {
    let mut ids = HashSet::new();
    let file = File::open(part)?;
    match format {
        ExportFormat::Csv => {
            let mut r = csv::ReaderBuilder::new().has_headers(true).from_reader(file);
            for rec in r.records() {
                let rec = rec.map_err(|e| CliError::internal(format!("cannot read the partial export: {e}")))?;
                if let Some(id) = rec.get(0) {
                    ids.insert(id.to_owned());
                }
            }
        }
        ExportFormat::Json | ExportFormat::Jsonl => {
            for line in BufReader::new(file).lines() {
                let line = line?;
                if line.trim().is_empty() {
                    continue;
                }
                let v: serde_json::Value =
                    serde_json::from_str(&line).map_err(|e| CliError::internal(format!("cannot read the partial export: {e}")))?;
                match &v["id"] {
                    serde_json::Value::String(id) => ids.insert(id.clone()),
                    other => ids.insert(other.to_string()),
                };
            }
        }
    }
    Ok(ids)
}

fn write_state(path: &Path, state: &State) -> Result<(), CliError> {
    let tmp = path.with_extension("tmp");
    {
        let mut f = File::create(&tmp)?;
        f.write_all(serde_json::to_string(state).map_err(|e| CliError::internal(e.to_string()))?.as_bytes())?;
        f.sync_all()?;
    }
    fs::rename(&tmp, path)?;
    Ok(())
}

fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

fn progress(total: u64) -> ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{spinner} [{bar:40}] {pos}/{len} operations, page {msg} ({eta} left)") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub out: String,
    pub format: ExportFormat,
    pub rows: u64,
    pub pages: u32,
    pub total_count: u64,
    pub resumed_from_page: Option<u32>,
}

/// `plisio operations export`.
pub async fn run(ctx: &Ctx, args: &ExportArgs) -> Result<(), CliError> {
    let summary = export(ctx, args).await?;
    if ctx.json {
        out::json(&summary);
    } else {
        out::line(format!("Exported {} operations ({} page(s)) to {}", summary.rows, summary.pages, summary.out));
        if summary.rows != summary.total_count {
            out::note(format!(
                "plisio: note: Plisio now reports {} operations for this query; the difference arrived or changed during the export",
                summary.total_count
            ));
        }
    }
    Ok(())
}

/// Writes the export and returns what was written.
pub async fn export(ctx: &Ctx, args: &ExportArgs) -> Result<Summary, CliError> {
    if args.limit == 0 || args.limit > 100 {
        return Err(CliError::usage(format!("--limit must be between 1 and 100, got {}", args.limit)));
    }
    if args.out.exists() && !args.force {
        return Err(CliError::usage(format!("{} exists; pass --force to replace it", args.out.display())));
    }
    let part = sibling(&args.out, ".part")?;
    let state_path = sibling(&args.out, ".part.state")?;
    let dir = part.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    if !dir.is_dir() {
        return Err(CliError::usage(format!("folder {} does not exist", dir.display())));
    }
    let fp = fingerprint(ctx.client.base_url(), args);

    // Resume or start over.
    let previous: Option<State> = fs::read(&state_path).ok().and_then(|b| serde_json::from_slice(&b).ok());
    let (mut state, mut seen, resumed) = match previous {
        Some(s) if s.fingerprint == fp && !args.restart && fs::metadata(&part).is_ok_and(|m| m.len() >= s.committed_bytes) => {
            let f = OpenOptions::new().write(true).open(&part)?;
            f.set_len(s.committed_bytes)?;
            drop(f);
            let seen = ids_in(&part, args.format)?;
            out::note(format!("plisio: resuming the interrupted export from page {} ({} operations already written)", s.next_page, s.rows));
            let page = s.next_page;
            (s, seen, Some(page))
        }
        other => {
            if other.is_some() {
                out::note("plisio: discarding an earlier interrupted export (different query, or --restart)");
            }
            let mut f = File::create(&part)?;
            if args.format == ExportFormat::Csv {
                let mut w = csv::Writer::from_writer(Vec::new());
                w.write_record(CSV_COLUMNS).map_err(|e| CliError::internal(e.to_string()))?;
                f.write_all(&w.into_inner().map_err(|e| CliError::internal(e.to_string()))?)?;
            }
            f.sync_all()?;
            let committed_bytes = f.metadata()?.len();
            let s = State { version: 1, fingerprint: fp.clone(), next_page: 1, committed_bytes, rows: 0, pages: 0, total_count: 0 };
            write_state(&state_path, &s)?;
            (s, HashSet::new(), None)
        }
    };

    let mut query = query_of(&args.filters, Some(args.limit));
    let bar = progress(state.total_count.max(state.rows));
    bar.set_position(state.rows);
    let interrupted = |e: CliError, state: &State| {
        let mut e = e;
        e.message = format!("export interrupted at page {}: {}", state.next_page, e.message);
        e.details.push(format!(
            "{} operations from {} page(s) are kept in {}; run the same command again to resume (or add --restart).",
            state.rows,
            state.pages,
            part.display()
        ));
        e
    };
    loop {
        let page_no = state.next_page;
        bar.set_message(page_no.to_string());
        query.page = Some(page_no);
        let page = match ctx.client.operations().list(&query).await {
            Ok(p) => p,
            Err(e) => {
                bar.abandon();
                return Err(interrupted(e.into(), &state));
            }
        };
        if state.total_count != page.meta.total_count {
            state.total_count = page.meta.total_count;
            bar.set_length(state.total_count.max(state.rows));
        }
        let fresh: Vec<Operation> = page.operations.iter().filter(|op| seen.insert(op.id.clone())).cloned().collect();
        let bytes = encode_page(args.format, &fresh)?;
        {
            let mut f = OpenOptions::new().write(true).open(&part)?;
            f.seek(SeekFrom::Start(state.committed_bytes))?;
            f.write_all(&bytes)?;
            f.sync_data()?;
        }
        state.committed_bytes += bytes.len() as u64;
        state.rows += fresh.len() as u64;
        state.pages += 1;
        bar.set_position(state.rows);
        let next = if page.operations.is_empty() { None } else { page.next_page() };
        match next.and_then(|n| u32::try_from(n).ok()).filter(|n| *n > page_no) {
            Some(n) => {
                state.next_page = n;
                write_state(&state_path, &state)?;
            }
            None => break,
        }
    }
    bar.finish_and_clear();

    // Complete the file and move it into place in one step.
    match args.format {
        ExportFormat::Csv | ExportFormat::Jsonl => {
            File::open(&part)?.sync_all()?;
            fs::rename(&part, &args.out)?;
        }
        ExportFormat::Json => {
            let tmp = sibling(&args.out, ".tmp")?;
            {
                let mut w = std::io::BufWriter::new(File::create(&tmp)?);
                w.write_all(b"[")?;
                let mut first = true;
                for line in BufReader::new(File::open(&part)?).lines() {
                    let line = line?;
                    if line.trim().is_empty() {
                        continue;
                    }
                    w.write_all(if first { b"\n  " } else { b",\n  " })?;
                    w.write_all(line.as_bytes())?;
                    first = false;
                }
                w.write_all(if first { b"]\n" } else { b"\n]\n" })?;
                w.into_inner().map_err(|e| CliError::internal(e.to_string()))?.sync_all()?;
            }
            fs::rename(&tmp, &args.out)?;
            let _ = fs::remove_file(&part);
        }
    }
    let _ = fs::remove_file(&state_path);
    sync_dir(&dir);

    Ok(Summary {
        out: args.out.display().to_string(),
        format: args.format,
        rows: state.rows,
        pages: state.pages,
        total_count: state.total_count,
        resumed_from_page: resumed,
    })
}
