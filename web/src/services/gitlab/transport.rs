//! The browser's [`Transport`]: `fetch` (through `web-sys`, no wrapper crate: the bundle is small), and
//! `setTimeout` for pauses.
//!
//! A fetch the browser refuses gives the page no status, only a `TypeError`, whether the host is down or
//! CORS blocked the answer. To tell which, a second `no-cors` request without headers (so without the
//! token) is sent to the same URL: if that one gets an (opaque) answer, the host is up and CORS is the
//! reason.

use js_sys::Uint8Array;
use pipelens_gitlab_api::{Request, Response, Transport, TransportError};
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestInit, RequestMode};

/// Sends API requests with the browser's fetch. It holds nothing: the client adds the token.
#[derive(Clone, Copy, Default, PartialEq)]
pub struct FetchTransport;

impl Transport for FetchTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let url = request.url();
        let body = request.body.as_deref();
        let response = match fetch(&url, request.method.as_str(), &request.headers, body, None).await {
            Ok(response) => response,
            Err(e) => return Err(classify_failure(&url, describe(&e)).await),
        };
        let mut headers = Vec::new();
        if let Ok(Some(entries)) = js_sys::try_iter(&response.headers()) {
            for entry in entries.flatten() {
                let pair: js_sys::Array = entry.unchecked_into();
                headers
                    .push((pair.get(0).as_string().unwrap_or_default(), pair.get(1).as_string().unwrap_or_default()));
            }
        }
        let body = bytes(&response)
            .await
            .map_err(|e| TransportError::Network(format!("reading the body: {}", describe(&e))))?;
        Ok(Response { status: response.status(), headers, body })
    }

    async fn sleep(&self, duration: Duration) {
        gloo_timers::future::sleep(duration).await;
    }
}

/// `fetch(url, {method, headers, body, mode})`.
pub async fn fetch(
    url: &str,
    method: &str,
    headers: &[(String, String)],
    body: Option<&[u8]>,
    mode: Option<RequestMode>,
) -> Result<web_sys::Response, JsValue> {
    let init = RequestInit::new();
    init.set_method(method);
    if let Some(mode) = mode {
        init.set_mode(mode);
    }
    let h = Headers::new()?;
    for (name, value) in headers {
        h.append(name, value)?;
    }
    init.set_headers(&h);
    if let Some(body) = body {
        init.set_body(&Uint8Array::from(body));
    }
    let request = web_sys::Request::new_with_str_and_init(url, &init)?;
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    Ok(JsFuture::from(window.fetch_with_request(&request)).await?.unchecked_into())
}

/// A response's body.
pub async fn bytes(response: &web_sys::Response) -> Result<Vec<u8>, JsValue> {
    let buffer = JsFuture::from(response.array_buffer()?).await?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_else(|| "fetch failed".into())
}

/// A failed fetch: CORS when the host answers a plain `no-cors` request, otherwise the network.
async fn classify_failure(url: &str, message: String) -> TransportError {
    match fetch(url, "GET", &[], None, Some(RequestMode::NoCors)).await {
        Ok(_) => TransportError::Cors(format!("{message} (the server answered, but not to this page's origin)")),
        Err(_) => TransportError::Network(message),
    }
}
