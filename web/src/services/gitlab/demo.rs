//! The demo GitLab: the simulator `./dev serve` starts beside the app. Its address comes from `demo.json`
//! next to the app when the server provides one (the browser tests do), otherwise it is the fixed
//! loopback port `./dev serve` uses.

use super::session::{Connection, Keep, Secret};

/// The port `./dev serve` starts the simulator on.
pub const DEFAULT_URL: &str = "http://127.0.0.1:8929";
/// The demo scenario's read-only token (`read_api`); it opens nothing but the simulator.
pub const TOKEN: &str = "glpat-demo-read";

/// The simulator's address: `demo.json`'s `url`, or the default.
pub async fn url() -> String {
    let from_file = async {
        let response = super::transport::fetch("demo.json", "GET", &[], None, None).await.ok()?;
        if !response.ok() {
            return None;
        }
        let value: serde_json::Value = serde_json::from_slice(&super::transport::bytes(&response).await.ok()?).ok()?;
        value["url"].as_str().map(str::to_string)
    };
    from_file.await.unwrap_or_else(|| DEFAULT_URL.to_string())
}

/// The demo connection, kept for this tab only.
pub fn connection(url: &str) -> Option<Connection> {
    let mut c = Connection::new(url, TOKEN, Keep::Tab).ok()?;
    c.demo = true;
    debug_assert_eq!(c.token, Secret::new(TOKEN));
    Some(c)
}
