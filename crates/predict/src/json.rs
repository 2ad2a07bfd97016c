//! An endpoint's answer as JSON, and the few ways its fields are read.

use pipelens_gitlab_api::{ApiError, Client, Links, Request, Transport};
use serde_json::Value;

/// One response's JSON and the next page's request (from `Link`), if any.
pub async fn page<T: Transport>(
    client: &Client,
    transport: &T,
    request: &Request,
) -> Result<(Value, Option<Request>), ApiError> {
    let response = client.execute(transport, request).await?;
    if !(200..300).contains(&response.status) {
        return Err(ApiError::from_status(&response));
    }
    let value = serde_json::from_slice(&response.body)
        .map_err(|e| ApiError::Malformed { detail: format!("not JSON at line {}, column {}", e.line(), e.column()) })?;
    let next = match response.header("link").map(Links::parse).and_then(|l| l.next) {
        Some(url) => Some(client.request_for_link(&url)?),
        None => None,
    };
    Ok((value, next))
}

/// The JSON of a prepared request. It takes the request rather than the endpoint so that it is compiled once,
/// not once per endpoint (the browser bundle pays for every copy).
pub async fn get<T: Transport>(client: &Client, transport: &T, request: Request) -> Result<Value, ApiError> {
    Ok(page(client, transport, &request).await?.0)
}

pub fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

pub fn string(v: &Value, key: &str) -> String {
    str_of(v, key).to_string()
}
