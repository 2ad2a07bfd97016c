//! A typed client for the parts of GitLab's REST v4 and GraphQL APIs that pipelens uses.
//!
//! # Design
//! - **Sans-IO.** An [`Endpoint`] builds a plain [`Request`] (method, path, query, headers, body) and
//!   parses a plain [`Response`] (status, headers, body). The [`Client`] adds the instance's origin and
//!   the token, and maps statuses to [`ApiError`]s. No HTTP stack is linked in: the browser sends
//!   requests with its own fetch (gloo-net, in the web crate) and natives with the `native` feature's
//!   ureq transport. Both implement the small async [`Transport`] trait; its futures need not be `Send`.
//! - **Small for the browser.** Only serde and serde_json; URL handling is the few functions in
//!   [`url`]; timestamps stay strings.
//! - **The token** ([`Token`]) goes only in the `PRIVATE-TOKEN` or `Authorization: Bearer` header, never
//!   in a URL, never in `Debug` output, and never to another origin than the base URL (a `Link` target
//!   elsewhere is refused with [`ApiError::ForeignOrigin`]).
//! - **Open enums.** [`Status`] decodes REST (lowercase) and GraphQL (uppercase) spellings and keeps any
//!   other value as `Unknown(String)`: newer servers add statuses (`canceling`, `waiting_for_callback`).
//! - **Pagination** follows `Link: rel="next"`, as `doc/api/rest/_index.md` asks; totals are optional
//!   because GitLab omits them past 10,000 records.
//! - **Retries** ([`Backoff`]) on 429, 500/502/503/504, network errors and timeouts. In a browser,
//!   `Retry-After` is not CORS-exposed, so the delay is exponential unless a native transport sees it.
//!
//! # Why not the `gitlab` crate
//! Its endpoint builders were the model (one type per endpoint, a client trait, paging as a wrapper),
//! but it does not fit the browser bundle: it depends on `reqwest`, `http`, `url`, `derive_builder`,
//! `graphql_client` and its own async/sync client machinery, builds `url::Url`s in every endpoint,
//! and returns untyped `serde` errors rather than the statuses the UI must tell apart.

pub mod backoff;
mod client;
pub mod endpoint;
pub mod endpoints;
pub mod error;
pub mod http;
pub mod models;
#[cfg(feature = "native")]
pub mod native;
pub mod pagination;
mod status;
pub mod time;
mod token;
pub mod transport;
pub mod url;

pub use backoff::Backoff;
pub use client::Client;
pub use endpoint::{Endpoint, Pageable, ProjectId};
pub use error::{ApiError, TransportError};
pub use http::{Method, Request, Response};
pub use pagination::{Links, Page, PageInfo};
pub use status::Status;
pub use token::{Token, TokenScheme};
pub use transport::Transport;
