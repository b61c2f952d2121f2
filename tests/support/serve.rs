//! A client of `runcommand serve` written plainly for tests and the load run: it starts the
//! server, signs requests as the SDKs do (V1 in the query, ACS3 in headers; not with the
//! library) and speaks HTTP/1.1 over a plain `TcpStream`.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

#[path = "sdk.rs"]
mod sdk;
/// Percent-encodes as the official SDKs do (the tests' one plain encoder).
pub(crate) use sdk::encode_component as encode;
use sdk::{hex, v1_signature, v3_authorization, v3_canonical_request};

/// The current time as the SDKs sign it.
pub(crate) fn timestamp() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A running `runcommand serve`.
pub(crate) struct Served {
    child: Child,
    stdin: Option<ChildStdin>,
    pub(crate) addr: SocketAddr,
}

impl Served {
    /// Starts `binary serve ARGS` and reads its first line.
    pub(crate) fn start(binary: &Path, args: &[&str]) -> Served {
        let mut child = Command::new(binary)
            .arg("serve")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start runcommand serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the first line");
        let addr = line
            .trim_end()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("first line: {line:?}"))
            .parse()
            .expect("an address");
        let stdin = child.stdin.take();
        Served { child, stdin, addr }
    }

    /// The process id.
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Closes stdin (the server then stops).
    pub(crate) fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// Waits for the server to exit, at most `limit`.
    pub(crate) fn wait(&mut self, limit: Duration) -> Option<ExitStatus> {
        let start = Instant::now();
        while start.elapsed() < limit {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    /// A new connection.
    pub(crate) fn connect(&self) -> Conn {
        Conn::new(self.addr)
    }

    /// `host:port` as a client dials it.
    pub(crate) fn host(&self) -> String {
        self.addr.to_string()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A signing client: an AccessKeyId and its secret.
#[derive(Clone)]
pub(crate) struct Signer {
    pub(crate) id: String,
    pub(crate) secret: String,
}

impl Signer {
    pub(crate) fn new(id: &str, secret: &str) -> Signer {
        Signer {
            id: id.to_owned(),
            secret: secret.to_owned(),
        }
    }

    /// The V1 string to sign of `pairs` (every parameter but `Signature`).
    pub(crate) fn v1_string_to_sign(method: &str, pairs: &[(String, String)]) -> String {
        sdk::v1_string_to_sign(method, pairs)
    }

    /// The parameters of a V1 request (the older SDK's common parameters) and the query
    /// string with its signature, as `POST`.
    pub(crate) fn v1(&self, action: &str, params: &[(&str, &str)], nonce: &str) -> V1Request {
        let mut pairs: Vec<(String, String)> = params
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        for (k, v) in [
            ("AccessKeyId", self.id.as_str()),
            ("Action", action),
            ("Format", "JSON"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", nonce),
            ("SignatureVersion", "1.0"),
            ("Timestamp", &timestamp()),
            ("Version", "2014-05-26"),
        ] {
            pairs.push((k.to_owned(), v.to_owned()));
        }
        let string_to_sign = Signer::v1_string_to_sign("POST", &pairs);
        pairs.push((
            "Signature".to_owned(),
            v1_signature(&self.secret, &string_to_sign),
        ));
        V1Request {
            query: sdk::join(&pairs),
            string_to_sign,
        }
    }

    /// An ACS3 request as the generated SDKs send it: the parameters in the query, no body,
    /// `host` (with the port dialled), the `x-acs-*` headers and `accept` signed.
    pub(crate) fn v3(
        &self,
        host: &str,
        action: &str,
        params: &[(&str, &str)],
        nonce: &str,
    ) -> (String, Vec<(String, String)>) {
        let mut sorted: Vec<(String, String)> =
            params.iter().map(|(k, v)| (encode(k), encode(v))).collect();
        sorted.sort();
        let query = sorted
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&");
        let body_hash = hex(&Sha256::digest(b""));
        let date = timestamp();
        let signed: Vec<(&str, &str)> = vec![
            ("accept", "application/json"),
            ("host", host),
            ("x-acs-action", action),
            ("x-acs-content-sha256", &body_hash),
            ("x-acs-date", &date),
            ("x-acs-signature-nonce", nonce),
            ("x-acs-version", "2014-05-26"),
        ];
        let canonical = v3_canonical_request("POST", "/", &query, &signed, &body_hash);
        let authorization = v3_authorization(&self.id, &self.secret, &signed, &canonical);
        let mut headers: Vec<(String, String)> = signed
            .iter()
            .filter(|(k, _)| *k != "host")
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        headers.push(("Authorization".to_owned(), authorization));
        (query, headers)
    }
}

/// A signed V1 request.
pub(crate) struct V1Request {
    pub(crate) query: String,
    pub(crate) string_to_sign: String,
}

/// An HTTP response.
#[derive(Debug)]
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: String,
}

impl Response {
    /// The body as JSON.
    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    /// The value of header `name`.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One keep-alive connection.
pub(crate) struct Conn {
    reader: BufReader<TcpStream>,
    addr: SocketAddr,
}

impl Conn {
    pub(crate) fn new(addr: SocketAddr) -> Conn {
        let stream = TcpStream::connect(addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("timeout");
        stream.set_nodelay(true).expect("nodelay");
        Conn {
            reader: BufReader::new(stream),
            addr,
        }
    }

    /// Sends `POST /?query` with `headers` and `body`, and reads the response.
    pub(crate) fn post(
        &mut self,
        query: &str,
        headers: &[(String, String)],
        body: &[u8],
    ) -> Response {
        let mut head = format!("POST /?{query} HTTP/1.1\r\nHost: {}\r\n", self.addr);
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        let stream = self.reader.get_mut();
        stream.write_all(head.as_bytes()).expect("write");
        stream.write_all(body).expect("write");
        self.read_response()
    }

    /// The raw stream, to write anything.
    pub(crate) fn stream(&mut self) -> &mut TcpStream {
        self.reader.get_mut()
    }

    /// Reads one response (its body by Content-Length).
    pub(crate) fn read_response(&mut self) -> Response {
        let mut line = String::new();
        self.reader.read_line(&mut line).expect("status line");
        let status: u16 = line
            .split(' ')
            .nth(1)
            .unwrap_or_else(|| panic!("status line {line:?}"))
            .parse()
            .expect("status");
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line).expect("header");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            let (k, v) = line.split_once(':').expect("a header");
            headers.push((k.trim().to_owned(), v.trim().to_owned()));
        }
        let len: usize = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .map_or(0, |(_, v)| v.parse().expect("length"));
        let mut body = vec![0; len];
        self.reader.read_exact(&mut body).expect("body");
        Response {
            status,
            headers,
            body: String::from_utf8(body).expect("UTF-8"),
        }
    }
}
