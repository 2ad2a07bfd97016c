//! Sends the client's requests and reads their JSON as `serde_json::Value`s: the pages read the few fields
//! they show. The typed models' decoders are left out of the bundle on purpose (they cost about 25 KB gzip
//! for fields nothing here shows); the requests, the token, origin checks, retries and pagination are still
//! the client's.

use super::FetchTransport;
use pipelens_gitlab_api::{ApiError, Client, Endpoint, Links, Request};
use serde_json::Value;

/// One response's JSON and the request for the next page, if its `Link` header names one.
pub async fn json(client: &Client, request: &Request) -> Result<(Value, Option<Request>), ApiError> {
    let response = client.execute(&FetchTransport, request).await?;
    if !(200..300).contains(&response.status) {
        return Err(ApiError::from_status(&response));
    }
    // The line and column only: serde_json's own messages would add their text and formatting to the bundle.
    let value = serde_json::from_slice(&response.body)
        .map_err(|e| ApiError::Malformed { detail: format!("not JSON at line {}, column {}", e.line(), e.column()) })?;
    // Only the next page's address is needed, not the `x-*` totals.
    let next = match response.header("link").map(Links::parse).and_then(|l| l.next) {
        Some(url) => Some(client.request_for_link(&url)?),
        None => None,
    };
    Ok((value, next))
}

/// An endpoint's JSON.
pub async fn get<E: Endpoint>(client: &Client, endpoint: &E) -> Result<Value, ApiError> {
    Ok(json(client, &client.prepare(endpoint)).await?.0)
}

/// The items of the first page (`client.prepare_page(..)`), and whether more follow. The async functions
/// take the request rather than the endpoint so that they are compiled once, not once per endpoint.
pub async fn first_page(client: &Client, first: Request) -> Result<(Vec<Value>, bool), ApiError> {
    let (value, next) = json(client, &first).await?;
    Ok((items(value)?, next.is_some()))
}

/// Every item from the first page on, following `Link: rel="next"` for at most `max_pages` pages.
pub async fn all(client: &Client, first: Request, max_pages: u32) -> Result<Vec<Value>, ApiError> {
    let mut all = Vec::new();
    let mut next = Some(first);
    for _ in 0..max_pages {
        let Some(request) = next.take() else { break };
        let (value, following) = json(client, &request).await?;
        all.extend(items(value)?);
        next = following;
    }
    Ok(all)
}

fn items(value: Value) -> Result<Vec<Value>, ApiError> {
    match value {
        Value::Array(items) => Ok(items),
        other => Err(ApiError::Malformed { detail: format!("expected a list, got {}", kind(&other)) }),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Object(_) => "an object",
        Value::String(_) => "a string",
        _ => "another value",
    }
}

/// A response's raw body (a job log): bytes as GitLab sent them, not decoded.
pub async fn bytes(client: &Client, request: &Request) -> Result<Vec<u8>, ApiError> {
    let response = client.execute(&FetchTransport, request).await?;
    if !(200..300).contains(&response.status) {
        return Err(ApiError::from_status(&response));
    }
    Ok(response.body)
}
