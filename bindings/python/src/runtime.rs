//! The one tokio runtime shared by `Client` and `AsyncClient`, made fork-aware, and the two ways a
//! core future reaches Python: blocking with the GIL released, or as an asyncio awaitable.
//!
//! Why not `pyo3_async_runtimes::tokio::get_runtime()`: that runtime lives in a process-wide
//! `OnceLock` that cannot be replaced. After `os.fork()` (gunicorn, celery prefork) the child has
//! the parent's runtime object but none of its worker threads, so anything driven by it would hang.
//! This module keeps one runtime per process id instead and plugs it into pyo3-async-runtimes'
//! generic API; sync and async clients share it exactly as they would share the global one.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::atomic::Ordering::SeqCst;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use futures_util::FutureExt;
use pyo3::prelude::*;
use pyo3_async_runtimes::TaskLocals;
use pyo3_async_runtimes::generic::{self, ContextExt, JoinError};
use tokio::runtime::{Builder, Runtime};

use crate::convert::IntoPyModel;
use crate::errors::Fail;

/// (process id, runtime) of the current process. Runtimes are leaked on purpose: dropping the
/// parent's runtime in a forked child would join threads that do not exist there.
static RUNTIME: Mutex<Option<(u32, &'static Runtime)>> = Mutex::new(None);

/// The runtime of this process, created on first use (and again in a forked child).
pub(crate) fn runtime() -> &'static Runtime {
    let pid = std::process::id();
    let mut slot = RUNTIME.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((owner, rt)) = *slot
        && owner == pid
    {
        return rt;
    }
    let rt: &'static Runtime = Box::leak(Box::new(
        Builder::new_multi_thread().enable_io().enable_time().thread_name("plisio-sdk-rt").build().expect("the tokio runtime starts"),
    ));
    *slot = Some((pid, rt));
    rt
}

/// A handle to spawn on: the current runtime when already inside one (no lock), else [`runtime`].
fn handle() -> tokio::runtime::Handle {
    tokio::runtime::Handle::try_current().unwrap_or_else(|_| runtime().handle().clone())
}

/// pyo3-async-runtimes' generic runtime, backed by [`runtime`].
pub(crate) struct PlisioRuntime;

pub(crate) struct Join(tokio::task::JoinError);

impl JoinError for Join {
    fn is_panic(&self) -> bool {
        self.0.is_panic()
    }
    fn into_panic(self) -> Box<dyn std::any::Any + Send + 'static> {
        self.0.into_panic()
    }
}

tokio::task_local! {
    static TASK_LOCALS: OnceLock<TaskLocals>;
}

impl generic::Runtime for PlisioRuntime {
    type JoinError = Join;
    type JoinHandle = Pin<Box<dyn Future<Output = Result<(), Join>> + Send>>;

    fn spawn<F>(fut: F) -> Self::JoinHandle
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let task = handle().spawn(fut);
        Box::pin(async move { task.await.map_err(Join) })
    }

    /// pyo3-async-runtimes uses this to hand results to Python (it attaches to the interpreter):
    /// gated so that it never runs while the interpreter finalizes.
    fn spawn_blocking<F>(f: F) -> Self::JoinHandle
    where
        F: FnOnce() + Send + 'static,
    {
        let task = handle().spawn_blocking(move || {
            if let Some(_pass) = Pass::enter() {
                f();
            } else {
                // Dropping it would release Python objects after the interpreter is gone.
                std::mem::forget(f);
            }
        });
        Box::pin(async move { task.await.map_err(Join) })
    }
}

impl ContextExt for PlisioRuntime {
    fn scope<F, R>(locals: TaskLocals, fut: F) -> Pin<Box<dyn Future<Output = R> + Send>>
    where
        F: Future<Output = R> + Send + 'static,
    {
        let cell = OnceLock::new();
        let _ = cell.set(locals);
        Box::pin(TASK_LOCALS.scope(cell, fut))
    }

    fn get_task_locals() -> Option<TaskLocals> {
        TASK_LOCALS.try_with(|c| c.get().cloned()).unwrap_or_default()
    }
}

/// Interpreter shutdown vs. runtime threads. A runtime thread that needs the GIL at the moment the
/// interpreter finalizes is killed by CPython (`pthread_exit`) halfway through its Python calls,
/// which crashes the process at exit (e.g. the result of the last `await` being delivered while
/// `asyncio.run` returns). So runtime threads enter Python only through a [`Pass`], and an `atexit`
/// hook closes the gate and waits for the passes in use before finalization starts.
///
/// Lock-free on purpose: runtime threads use it without the GIL, and a lock held by one of them
/// at the moment of `os.fork()` would stay locked forever in the child.
static GATE_PID: AtomicU32 = AtomicU32::new(0);
static GATE_CLOSED: AtomicBool = AtomicBool::new(false);
static GATE_INSIDE: AtomicUsize = AtomicUsize::new(0);

/// Reset the gate in a forked child (the parent's threads, and their passes, do not exist there).
fn gate_for_this_process() {
    let pid = std::process::id();
    let owner = GATE_PID.load(SeqCst);
    if owner != pid && GATE_PID.compare_exchange(owner, pid, SeqCst, SeqCst).is_ok() {
        GATE_INSIDE.store(0, SeqCst);
        GATE_CLOSED.store(false, SeqCst);
    }
}

/// Permission for a runtime thread to use the interpreter.
pub(crate) struct Pass(());

impl Pass {
    pub(crate) fn enter() -> Option<Pass> {
        gate_for_this_process();
        // Announce first, then look: with `_close_gate` storing first and then looking, at least
        // one of the two sees the other (sequential consistency).
        GATE_INSIDE.fetch_add(1, SeqCst);
        if GATE_CLOSED.load(SeqCst) {
            GATE_INSIDE.fetch_sub(1, SeqCst);
            return None;
        }
        Some(Pass(()))
    }
}

impl Drop for Pass {
    fn drop(&mut self) {
        GATE_INSIDE.fetch_sub(1, SeqCst);
    }
}

/// `atexit` hook: no runtime thread enters Python from now on; wait (GIL released, at most 5 s)
/// for those inside to leave. (Hooks registered before `plisio_sdk` was imported run after this
/// one: an `AsyncClient` awaited there would not get its result.)
#[pyfunction]
pub(crate) fn _close_gate(py: Python<'_>) {
    gate_for_this_process();
    GATE_CLOSED.store(true, SeqCst);
    py.detach(|| {
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while GATE_INSIDE.load(SeqCst) > 0 && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
    });
}

/// Run `fut` to completion with a panic turned into an error.
async fn guarded<T>(fut: impl Future<Output = Result<T, Fail>>) -> Result<T, Fail> {
    match AssertUnwindSafe(fut).catch_unwind().await {
        Ok(r) => r,
        Err(panic) => Err(Fail::Panic(panic_message(&panic))),
    }
}

pub(crate) fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

/// Block on `fut` with the GIL released; convert the result under the GIL.
pub(crate) fn block_on<T, F>(py: Python<'_>, fut: F) -> PyResult<Py<PyAny>>
where
    T: IntoPyModel + Send,
    F: Future<Output = Result<T, Fail>> + Send,
{
    let rt = runtime();
    let result = py.detach(|| {
        // A panic outside the future (e.g. in the runtime) must not unwind into Python either.
        std::panic::catch_unwind(AssertUnwindSafe(|| rt.block_on(guarded(fut)))).unwrap_or_else(|p| Err(Fail::Panic(panic_message(&p))))
    });
    match result {
        Ok(value) => value.into_py_model(py),
        Err(fail) => Err(fail.into_pyerr(py)),
    }
}

/// The asyncio awaitable of `fut` (needs a running event loop, as every asyncio API does).
pub(crate) fn awaitable<'py, T, F>(py: Python<'py>, fut: F) -> PyResult<Bound<'py, PyAny>>
where
    T: IntoPyModel + Send + 'static,
    F: Future<Output = Result<T, Fail>> + Send + 'static,
{
    generic::future_into_py::<PlisioRuntime, _, Out<T>>(py, async move {
        match guarded(fut).await {
            Ok(value) => Ok(Out(value)),
            Err(fail) => Err(match Pass::enter() {
                Some(_pass) => Python::attach(|py| fail.into_pyerr(py)),
                None => pyo3::exceptions::PyRuntimeError::new_err("the Python interpreter is shutting down"),
            }),
        }
    })
}

/// A result on its way into Python (converted by pyo3-async-runtimes under the GIL).
pub(crate) struct Out<T>(pub(crate) T);

impl<'py, T: IntoPyModel> IntoPyObject<'py> for Out<T> {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.0.into_py_model(py).map(|o| o.into_bound(py))
    }
}

/// Test hook: panic inside the native layer (`"sync"`: in a blocking call, `"async"`: in an awaited
/// future) to prove a Rust panic surfaces as `plisio_sdk.PlisioError` and never aborts Python.
#[pyfunction]
#[pyo3(signature = (mode = "sync"))]
pub(crate) fn _debug_panic<'py>(py: Python<'py>, mode: &str) -> PyResult<Bound<'py, PyAny>> {
    async fn boom() -> Result<(), Fail> {
        panic!("deliberate panic from plisio_sdk._native._debug_panic")
    }
    match mode {
        "async" => awaitable(py, boom()),
        _ => block_on(py, boom()).map(|o| o.into_bound(py)),
    }
}
