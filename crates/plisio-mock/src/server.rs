//! The HTTP server: a hyper accept loop on 127.0.0.1 around the axum router, with request logging,
//! fault injection (including closing connections without an answer) and clean shutdown.

use std::collections::VecDeque;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use rust_decimal::Decimal;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch};
use tokio::task::JoinSet;
use tower::ServiceExt;

use crate::config::MockConfig;
use crate::controls::{self, PayIn, PayInvoice, SimulationResult};
use crate::currencies;
use crate::error::MockError;
use crate::faults::{self, Fault, FaultKind};
use crate::state::{LoggedRequest, State, now_ms};

/// Most requests kept in the log (the oldest are dropped first).
const MAX_LOG: usize = 10_000;

/// Shared state of one running server.
pub(crate) struct App {
    /// `http://127.0.0.1:<port>`.
    pub root: String,
    /// The configuration the server started with (what `reset` returns to).
    pub config: MockConfig,
    state: Mutex<State>,
    faults: Mutex<VecDeque<Fault>>,
    log: Mutex<VecDeque<LoggedRequest>>,
    /// Client for callbacks (or why it could not be built).
    pub http: Result<reqwest::Client, String>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl App {
    fn new(config: MockConfig, port: u16) -> App {
        let timeout = Duration::from_millis(config.callback_timeout_ms.max(1));
        App {
            root: format!("http://127.0.0.1:{port}"),
            state: Mutex::new(State::new(&config)),
            faults: Mutex::new(VecDeque::new()),
            log: Mutex::new(VecDeque::new()),
            http: crate::callbacks::client(timeout),
            config,
        }
    }

    /// The shop state (poison-tolerant: a panicking handler never wedges the server).
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    pub(crate) fn requests(&self) -> Vec<LoggedRequest> {
        lock(&self.log).iter().cloned().collect()
    }

    pub(crate) fn clear_requests(&self) -> usize {
        let mut log = lock(&self.log);
        let n = log.len();
        log.clear();
        n
    }

    fn record(&self, entry: LoggedRequest) {
        let mut log = lock(&self.log);
        if log.len() >= MAX_LOG {
            log.pop_front();
        }
        log.push_back(entry);
    }

    pub(crate) fn faults(&self) -> Vec<Fault> {
        lock(&self.faults).iter().cloned().collect()
    }

    /// Queues `fault`; returns the queue length.
    pub(crate) fn push_fault(&self, mut fault: Fault) -> usize {
        fault.times = fault.times.max(1);
        let mut q = lock(&self.faults);
        q.push_back(fault);
        q.len()
    }

    pub(crate) fn clear_faults(&self) -> usize {
        let mut q = lock(&self.faults);
        let n = q.len();
        q.clear();
        n
    }

    /// Back to the starting state: balances, operations, deposits, settings, faults and log.
    pub(crate) fn reset(&self) {
        self.lock().reset(&self.config);
        self.clear_faults();
        self.clear_requests();
    }
}

/// The query string with the value of every `api_key` replaced by `***`.
pub(crate) fn redact_query(query: Option<&str>) -> String {
    let Some(query) = query else { return String::new() };
    query
        .split('&')
        .map(|part| {
            let raw_key = part.split('=').next().unwrap_or("");
            let key = url::form_urlencoded::parse(raw_key.as_bytes()).next().map(|(k, _)| k.into_owned());
            if key.as_deref() == Some("api_key") { format!("{raw_key}=***") } else { part.to_owned() }
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A TCP stream that is reset (RST, via `SO_LINGER` 0) instead of closed when a `reset` fault fired.
struct ResettableStream {
    inner: TcpStream,
    reset: Arc<AtomicBool>,
}

impl Drop for ResettableStream {
    fn drop(&mut self) {
        if self.reset.load(Ordering::SeqCst) {
            let _ = self.inner.set_zero_linger();
        }
    }
}

impl AsyncRead for ResettableStream {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for ResettableStream {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.reset.load(Ordering::SeqCst) {
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(mut self: Pin<&mut Self>, cx: &mut Context<'_>, bufs: &[io::IoSlice<'_>]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

/// Handles one request: fault lookup, routing, logging, post-processing faults.
async fn handle(app: Arc<App>, router: Router, req: Request<Incoming>, reset: Arc<AtomicBool>) -> Result<Response<Body>, io::Error> {
    let method = req.method().to_string();
    let path = req.uri().path().to_owned();
    let query = redact_query(req.uri().query());
    let time_ms = now_ms();
    let control = path.starts_with("/__mock/") || path == "/__mock";
    let fault = if control { None } else { faults::take(&mut lock(&app.faults), &path) };
    let log = |status: u16| {
        if !control {
            app.record(LoggedRequest {
                method: method.clone(),
                path: path.clone(),
                query: query.clone(),
                status,
                time_ms,
                fault: fault.as_ref().map(|f| f.name().to_owned()),
            });
        }
    };
    if fault == Some(FaultKind::Reset) {
        log(0);
        reset.store(true, Ordering::SeqCst);
        return Err(io::Error::new(io::ErrorKind::ConnectionReset, "simulated connection reset"));
    }
    if let Some(resp) = fault.as_ref().and_then(faults::replace) {
        log(resp.status().as_u16());
        return Ok(resp);
    }
    let resp = match router.oneshot(req.map(Body::new)).await {
        Ok(resp) => resp,
        Err(never) => match never {},
    };
    let (resp, hold) = match &fault {
        Some(kind) => faults::after(kind, resp).await,
        None => (resp, None),
    };
    log(resp.status().as_u16());
    if let Some(hold) = hold {
        tokio::time::sleep(hold).await;
    }
    Ok(resp)
}

async fn serve_connection(stream: TcpStream, app: Arc<App>, router: Router) {
    let _ = stream.set_nodelay(true);
    let reset = Arc::new(AtomicBool::new(false));
    let io = TokioIo::new(ResettableStream { inner: stream, reset: reset.clone() });
    let service = hyper::service::service_fn(move |req| handle(app.clone(), router.clone(), req, reset.clone()));
    let _ = hyper::server::conn::http1::Builder::new().timer(TokioTimer::new()).keep_alive(true).serve_connection(io, service).await;
}

async fn accept_loop(listener: TcpListener, app: Arc<App>, mut shutdown: watch::Receiver<bool>) {
    let router = controls::router(app.clone());
    let mut conns = JoinSet::new();
    loop {
        tokio::select! {
            _ = shutdown.changed() => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    conns.spawn(serve_connection(stream, app.clone(), router.clone()));
                }
                // Out of file descriptors and the like: back off briefly instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            },
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
        }
    }
    drop(listener);
    conns.shutdown().await;
}

/// Binds 127.0.0.1 and spawns the accept loop on the current runtime.
async fn launch(config: MockConfig) -> io::Result<(Arc<App>, SocketAddr, watch::Sender<bool>, tokio::task::JoinHandle<()>)> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port)).await?;
    let addr = listener.local_addr()?;
    let app = Arc::new(App::new(config, addr.port()));
    let (tx, rx) = watch::channel(false);
    let task = tokio::spawn(accept_loop(listener, app.clone(), rx));
    Ok((app, addr, tx, task))
}

/// A running Plisio sandbox on 127.0.0.1. Dropping it stops the server (and joins the thread of
/// [`MockServer::start_blocking`]).
pub struct MockServer {
    app: Arc<App>,
    addr: SocketAddr,
    runtime: tokio::runtime::Handle,
    shutdown: watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    thread_done: Option<oneshot::Receiver<()>>,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer").field("addr", &self.addr).finish_non_exhaustive()
    }
}

impl MockServer {
    /// Starts a server on the current tokio runtime, bound to 127.0.0.1 (`config.port`, 0 = any).
    pub async fn start(config: MockConfig) -> io::Result<MockServer> {
        let runtime = tokio::runtime::Handle::try_current().map_err(io::Error::other)?;
        let (app, addr, shutdown, task) = launch(config).await?;
        Ok(MockServer { app, addr, runtime, shutdown, task: Some(task), thread: None, thread_done: None })
    }

    /// Starts a server on its own runtime in a background thread: for synchronous code and the
    /// Python, Node and JVM bindings. Callable from anywhere, including inside a tokio runtime.
    pub fn start_blocking(config: MockConfig) -> io::Result<MockServer> {
        type Started = io::Result<(Arc<App>, SocketAddr, watch::Sender<bool>, tokio::runtime::Handle)>;
        let (ready_tx, ready_rx) = std::sync::mpsc::channel::<Started>();
        let (done_tx, done_rx) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new().name("plisio-mock".into()).spawn(move || {
            let runtime = match tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .thread_name("plisio-mock-worker")
                .enable_all()
                .build()
            {
                Ok(rt) => rt,
                Err(e) => {
                    let _ = ready_tx.send(Err(e));
                    return;
                }
            };
            let handle = runtime.handle().clone();
            runtime.block_on(async move {
                match launch(config).await {
                    Ok((app, addr, shutdown, task)) => {
                        let _ = ready_tx.send(Ok((app, addr, shutdown, handle)));
                        let _ = task.await;
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                    }
                }
            });
            runtime.shutdown_timeout(Duration::from_secs(2));
            let _ = done_tx.send(());
        })?;
        match ready_rx.recv() {
            Ok(Ok((app, addr, shutdown, runtime))) => {
                Ok(MockServer { app, addr, runtime, shutdown, task: None, thread: Some(thread), thread_done: Some(done_rx) })
            }
            Ok(Err(e)) => {
                let _ = thread.join();
                Err(e)
            }
            Err(_) => {
                let _ = thread.join();
                Err(io::Error::other("the plisio-mock thread stopped before binding"))
            }
        }
    }

    /// The API base URL an SDK client uses: `http://127.0.0.1:<port>/api/v1`.
    pub fn url(&self) -> String {
        format!("{}/api/v1", self.app.root)
    }

    /// The server root: `http://127.0.0.1:<port>` (controls live under `/__mock/`).
    pub fn root_url(&self) -> String {
        self.app.root.clone()
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The bound port.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// The shop's secret key (what clients must send as `api_key`).
    pub fn api_key(&self) -> &str {
        &self.app.config.api_key
    }

    /// The configuration the server started with.
    pub fn config(&self) -> &MockConfig {
        &self.app.config
    }

    /// A deposit arrives on `(uid, psys_cid)`'s address (which `shop/deposit/new` must have created):
    /// credits the balance minus commission, records a `cash_in` operation and POSTs the signed
    /// `pay_in` callback. Runs on the server's runtime, so any executor may await it.
    pub async fn simulate_pay_in(&self, req: PayIn) -> Result<SimulationResult, MockError> {
        let app = self.app.clone();
        self.runtime.spawn(async move { controls::pay_in(&app, req).await }).await.map_err(|_| MockError::ShutDown)?
    }

    /// Pays invoice `req.txn_id` (see [`PayInvoice`]) and POSTs the signed `invoice` callback.
    pub async fn pay_invoice(&self, req: PayInvoice) -> Result<SimulationResult, MockError> {
        let app = self.app.clone();
        self.runtime.spawn(async move { controls::pay_invoice(&app, req).await }).await.map_err(|_| MockError::ShutDown)?
    }

    /// [`MockServer::simulate_pay_in`] for synchronous callers (do not call it on a runtime thread).
    pub fn simulate_pay_in_blocking(&self, req: PayIn) -> Result<SimulationResult, MockError> {
        let app = self.app.clone();
        self.block_on(async move { controls::pay_in(&app, req).await })
    }

    /// [`MockServer::pay_invoice`] for synchronous callers (do not call it on a runtime thread).
    pub fn pay_invoice_blocking(&self, req: PayInvoice) -> Result<SimulationResult, MockError> {
        let app = self.app.clone();
        self.block_on(async move { controls::pay_invoice(&app, req).await })
    }

    fn block_on<F>(&self, fut: F) -> Result<SimulationResult, MockError>
    where
        F: Future<Output = Result<SimulationResult, MockError>> + Send + 'static,
    {
        let (tx, rx) = std::sync::mpsc::channel();
        self.runtime.spawn(async move {
            let _ = tx.send(fut.await);
        });
        rx.recv().unwrap_or(Err(MockError::ShutDown))
    }

    /// Queues a fault for upcoming API requests.
    pub fn push_fault(&self, fault: Fault) {
        self.app.push_fault(fault);
    }

    /// Drops every queued fault.
    pub fn clear_faults(&self) {
        self.app.clear_faults();
    }

    /// The API requests received so far (oldest first; `api_key` shown as `***`).
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.app.requests()
    }

    /// Empties the request log.
    pub fn clear_requests(&self) {
        self.app.clear_requests();
    }

    /// Sets the balance of `psys_cid` (unknown IDs are ignored).
    pub fn set_balance(&self, psys_cid: &str, amount: Decimal) {
        if let Some(c) = currencies::coin(psys_cid) {
            self.app.lock().balances.insert(c.id, amount);
        }
    }

    /// The balance of `psys_cid` (`None` for an unknown ID).
    pub fn balance(&self, psys_cid: &str) -> Option<Decimal> {
        let c = currencies::coin(psys_cid)?;
        Some(self.app.lock().balance(c))
    }

    /// Adds `count` synthetic older operations for pagination and export tests (no balance
    /// changes). `kind` (`cash_in`, `cash_out`, `mass_cash_out`, `invoice`) and `psys_cid` fix the
    /// type and coin, else they rotate. Returns how many were created: 0 for an unknown type or
    /// coin, at most 100 000 per call.
    pub fn seed_operations(&self, count: usize, kind: Option<&str>, psys_cid: Option<&str>) -> usize {
        controls::seed_operations(&self.app, count, kind, psys_cid)
    }

    /// Turns white-label processing on or off.
    pub fn set_white_label(&self, on: bool) {
        self.app.lock().white_label = on;
    }

    /// Sets (or clears) the shop's Status URL, the default callback target.
    pub fn set_callback_url(&self, url: Option<String>) {
        self.app.lock().callback_url = url;
    }

    /// Back to the starting state: balances, operations, invoices, deposits, white-label flag,
    /// callback URL, fault queue and request log.
    pub fn reset(&self) {
        self.app.reset();
    }

    /// Stops the server and waits until it has stopped.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        if let Some(done) = self.thread_done.take() {
            let _ = done.await;
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction() {
        assert_eq!(redact_query(Some("api_key=secret&page=2")), "api_key=***&page=2");
        assert_eq!(redact_query(Some("a=1&api%5Fkey=secret")), "a=1&api%5Fkey=***");
        assert_eq!(redact_query(None), "");
        assert_eq!(redact_query(Some("api_key")), "api_key=***");
    }
}
