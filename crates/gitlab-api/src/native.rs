//! A blocking native transport over `ureq` (feature `native`), for tests and the CLI. Status codes
//! are returned as responses, not errors, so the client maps them itself.

use crate::error::TransportError;
use crate::http::{Method, Request, Response};
use crate::transport::Transport;
use std::time::Duration;

pub struct NativeTransport {
    agent: ureq::Agent,
}

impl NativeTransport {
    /// `timeout`: for the whole request.
    pub fn new(timeout: Duration) -> Self {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(timeout))
            // Redirects could carry the token to another host; the client decides instead.
            .max_redirects(0)
            .build();
        NativeTransport { agent: config.into() }
    }

    fn send_blocking(&self, request: Request) -> Result<Response, TransportError> {
        let url = request.url();
        let mut builder = ureq::http::Request::builder().method(request.method.as_str()).uri(&url);
        for (k, v) in &request.headers {
            builder = builder.header(k, v);
        }
        let body = request.body.clone().unwrap_or_default();
        let http_request = builder.body(body).map_err(|e| TransportError::Network(e.to_string()))?;
        let result = match request.method {
            Method::Get | Method::Delete if request.body.is_none() => {
                let (parts, _) = http_request.into_parts();
                self.agent.run(ureq::http::Request::from_parts(parts, ()))
            }
            _ => self.agent.run(http_request),
        };
        let mut response = result.map_err(map_error)?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect();
        let body = response.body_mut().with_config().limit(u64::MAX).read_to_vec().map_err(map_error)?;
        Ok(Response { status, headers, body })
    }
}

fn map_error(e: ureq::Error) -> TransportError {
    match e {
        ureq::Error::Timeout(_) => TransportError::Timeout,
        other => TransportError::Network(other.to_string()),
    }
}

impl Transport for NativeTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        self.send_blocking(request)
    }

    async fn sleep(&self, duration: Duration) {
        std::thread::sleep(duration)
    }
}
