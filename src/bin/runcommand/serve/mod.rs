//! `runcommand serve --keys FILE [--context FILE] [--addr 127.0.0.1:0]`: a local RunCommand
//! endpoint that the official SDKs can call.
//!
//! The first line on stdout is `listening on http://ADDR:PORT` (the address bound, so `:0`
//! works); nothing else is written to stdout. The server speaks HTTP/1.1 with keep-alive and
//! answers `RunCommand`, `DescribeInvocations` and `DescribeInvocationResults` as Alibaba
//! Cloud's API does (`spec/serve.md`): every request is verified with the keys (V1 and ACS3
//! signatures, the time window, replayed nonces), and the library decides every verdict. It
//! exits 0 within a few seconds once its stdin closes, or on SIGTERM or SIGINT: it stops
//! accepting, lets the requests in flight finish (at most [`GRACE`]), and leaves.
//!
//! Exit status ([`crate::out::Exit`]): 0 after a shutdown, 2 when the keys or the context cannot
//! be read or the address cannot be bound.

mod api;
mod http;
mod store;

use std::collections::HashMap;
use std::io::Read as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use ecs_runcommand::auth::Options;
use ecs_runcommand::context::Snapshot;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use serde::Deserialize;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};

use crate::out::{self, Exit, complain};
use api::Server;
use store::Output;

/// Most connections served at once; a connection over it is closed at once.
const MAX_CONNECTIONS: usize = 1024;
/// How long the requests in flight may take to finish once the server is told to stop.
const GRACE: Duration = Duration::from_secs(2);

/// Arguments of `runcommand serve`.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// A JSON object mapping each AccessKeyId to its AccessKeySecret.
    #[arg(long, value_name = "FILE")]
    keys: PathBuf,
    /// A JSON snapshot of the service's state (as `check --context`), plus `Outputs`: what
    /// each instance answers (`[{"InstanceId", "ExitCode", "Output"}]`).
    #[arg(long, value_name = "FILE")]
    context: Option<PathBuf>,
    /// The address to listen on (port 0: any free port).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:0")]
    addr: SocketAddr,
    /// The largest allowed difference between a request's signed time and now, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = Options::DEFAULT_MAX_SKEW_SECS)]
    max_skew: u32,
    /// How long a client may take to send a request's headers, and then its body, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    read_timeout: u64,
}

/// One entry of `Outputs`.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct OutputJson {
    instance_id: String,
    #[serde(default)]
    exit_code: i64,
    #[serde(default)]
    output: String,
}

pub(crate) fn run(args: ServeArgs) -> Exit {
    let keys = match crate::verify::read_keys("serve", &args.keys) {
        Ok(keys) => keys,
        Err(exit) => return exit,
    };
    let (snapshot, outputs) = match &args.context {
        None => (None, HashMap::new()),
        Some(path) => match read_context(path) {
            Ok((snapshot, outputs)) => (Some(snapshot), outputs),
            Err(message) => {
                complain("serve", format_args!("{message}"));
                return Exit::Error;
            }
        },
    };
    let options = Options::default().with_max_skew_secs(args.max_skew);
    let server = Arc::new(Server::new(keys, options, snapshot, outputs, seed()));
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_io()
        .enable_time()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            complain("serve", format_args!("cannot start the runtime: {e}"));
            return Exit::Error;
        }
    };
    let read_timeout = Duration::from_secs(args.read_timeout);
    let exit = runtime.block_on(serve(server, args.addr, read_timeout));
    // Connections still open after the grace period are dropped with the runtime.
    runtime.shutdown_timeout(Duration::from_millis(100));
    exit
}

/// Reads `--context`: the snapshot, and the `Outputs` section taken off it first (the snapshot
/// refuses keys it does not know).
fn read_context(path: &Path) -> Result<(Snapshot, HashMap<String, Output>), String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    let mut value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| format!("{}: the context snapshot: {e}", path.display()))?;
    let outputs = value
        .as_object_mut()
        .and_then(|object| object.remove("Outputs"))
        .map(serde_json::from_value::<Vec<OutputJson>>)
        .transpose()
        .map_err(|e| format!("{}: the context snapshot: Outputs: {e}", path.display()))?
        .unwrap_or_default();
    let snapshot: Snapshot = serde_json::from_value(value)
        .map_err(|e| format!("{}: the context snapshot: {e}", path.display()))?;
    let mut by_instance = HashMap::with_capacity(outputs.len());
    for (at, entry) in outputs.into_iter().enumerate() {
        let output = Output {
            exit_code: entry.exit_code,
            text: entry.output.into(),
        };
        if by_instance
            .insert(entry.instance_id.clone(), output)
            .is_some()
        {
            return Err(format!(
                "{}: the context snapshot: Outputs[{at}]: `{}` is listed twice",
                path.display(),
                entry.instance_id
            ));
        }
    }
    Ok((snapshot, by_instance))
}

/// A seed for the ids: the clock's nanoseconds and the process id.
fn seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    // The low 64 bits of the nanoseconds are what varies.
    (nanos as u64) ^ (u64::from(std::process::id()) << 40)
}

/// Binds, says where, serves until told to stop, and lets the requests in flight finish.
async fn serve(server: Arc<Server>, addr: SocketAddr, read_timeout: Duration) -> Exit {
    let listener = match TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(e) => {
            complain("serve", format_args!("cannot listen on {addr}: {e}"));
            return Exit::Error;
        }
    };
    let bound = match listener.local_addr() {
        Ok(bound) => bound,
        Err(e) => {
            complain("serve", format_args!("cannot read the bound address: {e}"));
            return Exit::Error;
        }
    };
    // The signals are watched before the address is announced: a caller that reads the line
    // and sends SIGTERM at once must stop the server, not kill it.
    let (stop, mut stopped) = watch::channel(false);
    let stop = Arc::new(stop);
    watch_signals(Arc::clone(&stop));
    if let Err(exit) = out::print_line(
        "serve",
        &mut std::io::stdout().lock(),
        &format!("listening on http://{bound}"),
    ) {
        return exit;
    }
    watch_stdin(Arc::clone(&stop));
    let connections = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        tokio::select! {
            biased;
            _ = stopped.changed() => break,
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(_) => {
                        // Out of file descriptors or a connection reset before it was
                        // accepted: wait a little and go on.
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        continue;
                    }
                };
                let Ok(permit) = Arc::clone(&connections).try_acquire_owned() else {
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let server = Arc::clone(&server);
                let stopped = stopped.clone();
                tokio::spawn(async move {
                    connection(stream, server, read_timeout, stopped).await;
                    drop(permit);
                });
            }
        }
    }
    drop(listener);
    // Every permit back: every connection has finished (or the grace period is over).
    let all = u32::try_from(MAX_CONNECTIONS).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(GRACE, connections.acquire_many(all)).await;
    Exit::Accepted
}

/// Serves one connection until it closes, or, once the server is told to stop, until its
/// request in flight is answered.
async fn connection(
    stream: tokio::net::TcpStream,
    server: Arc<Server>,
    read_timeout: Duration,
    mut stopped: watch::Receiver<bool>,
) {
    let service =
        service_fn(move |request| http::handle(request, Arc::clone(&server), read_timeout));
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(read_timeout)
        .keep_alive(true);
    let conn = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = stopped.changed() => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}

/// Tells the server to stop when stdin closes (end of file or an error). A plain thread: a
/// blocking read must not hold the runtime when it shuts down.
fn watch_stdin(stop: Arc<watch::Sender<bool>>) {
    let spawned = std::thread::Builder::new()
        .name("stdin".to_owned())
        .spawn(move || {
            let mut stdin = std::io::stdin().lock();
            let mut buf = [0_u8; 4096];
            loop {
                match stdin.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
            }
            stop.send_replace(true);
        });
    if let Err(e) = spawned {
        complain(
            "serve",
            format_args!("cannot watch stdin ({e}); stop the server with a signal"),
        );
    }
}

/// Tells the server to stop on SIGTERM or SIGINT. The handlers are installed before this
/// returns; the task only waits.
fn watch_signals(stop: Arc<watch::Sender<bool>>) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) {
            (Ok(mut term), Ok(mut int)) => {
                tokio::spawn(async move {
                    tokio::select! {
                        _ = term.recv() => {}
                        _ = int.recv() => {}
                    }
                    stop.send_replace(true);
                });
            }
            _ => complain("serve", format_args!("cannot watch for SIGTERM and SIGINT")),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                stop.send_replace(true);
            }
        });
    }
}
