//! The only IO boundary: something that sends a [`Request`] and returns a [`Response`]. Its future need
//! not be `Send`, so the browser's fetch (single-threaded wasm) can implement it.

use crate::error::TransportError;
use crate::http::{Request, Response};
use std::future::Future;
use std::time::Duration;

pub trait Transport {
    /// Sends the request as is (the client has already added the token and checked the origin).
    fn send(&self, request: Request) -> impl Future<Output = Result<Response, TransportError>>;

    /// Waits before a retry.
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()>;
}
