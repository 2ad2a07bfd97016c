//! The browser's [`Transport`]: `fetch` through gloo-net, `setTimeout` for pauses.
//!
//! A fetch the browser refuses gives the page no status, only a `TypeError`, whether the host is down or
//! CORS blocked the answer. To tell which, a second `no-cors` request without headers (so without the
//! token) is sent to the same URL: if that one gets an (opaque) answer, the host is up and CORS is the
//! reason.

use gloo_net::http::{Method as FetchMethod, RequestBuilder};
use pipelens_gitlab_api::http::Method;
use pipelens_gitlab_api::{Request, Response, Transport, TransportError};
use std::time::Duration;
use web_sys::RequestMode;

/// Sends API requests with the browser's fetch. It holds nothing: the client adds the token.
#[derive(Clone, Copy, Default, PartialEq)]
pub struct FetchTransport;

impl Transport for FetchTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let url = request.url();
        let mut builder = RequestBuilder::new(&url).method(method(request.method));
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let built = match request.body {
            Some(body) => builder.body(js_sys::Uint8Array::from(body.as_slice())),
            None => builder.build(),
        }
        .map_err(|e| TransportError::Network(e.to_string()))?;
        let response = match built.send().await {
            Ok(response) => response,
            Err(e) => return Err(classify_failure(&url, e.to_string()).await),
        };
        let status = response.status();
        let headers = response.headers().entries().collect();
        let body = response.binary().await.map_err(|e| TransportError::Network(format!("reading the body: {e}")))?;
        Ok(Response { status, headers, body })
    }

    async fn sleep(&self, duration: Duration) {
        gloo_timers::future::sleep(duration).await;
    }
}

fn method(m: Method) -> FetchMethod {
    match m {
        Method::Get => FetchMethod::GET,
        Method::Post => FetchMethod::POST,
        Method::Put => FetchMethod::PUT,
        Method::Delete => FetchMethod::DELETE,
    }
}

/// A failed fetch: CORS when the host answers a plain `no-cors` request, otherwise the network.
async fn classify_failure(url: &str, message: String) -> TransportError {
    let probe = RequestBuilder::new(url).mode(RequestMode::NoCors).send().await;
    match probe {
        Ok(_) => TransportError::Cors(format!("{message} (the server answered, but not to this page's origin)")),
        Err(_) => TransportError::Network(message),
    }
}
