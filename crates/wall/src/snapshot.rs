//! What one look at GitLab produced, as every tab showing the wall reads it: the tiles, when, at what
//! cost (requests, the highest complexity score) and what failed. Pure; JSON for `localStorage`.

use crate::tiles::Tile;
use serde_json::{json, Value};

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Snapshot {
    pub tiles: Vec<Tile>,
    /// When the look ended (ms since the epoch); 0 before the first.
    pub at_ms: f64,
    /// When the last look that got every source ended.
    pub ok_ms: Option<f64>,
    /// HTTP requests the look sent.
    pub requests: u32,
    /// The highest `queryComplexity.score` among its queries.
    pub score: u32,
    /// One line per source that failed.
    pub errors: Vec<String>,
    /// Looks in a row that failed (for backoff).
    pub failures: u32,
    /// Whether any failure was GitLab asking to slow down or being unavailable (429, 5xx).
    pub throttled: bool,
}

impl Snapshot {
    pub fn to_json(&self) -> Value {
        json!({"tiles": self.tiles.iter().map(Tile::to_json).collect::<Vec<_>>(), "at": self.at_ms, "ok": self.ok_ms,
               "requests": self.requests, "score": self.score, "errors": self.errors, "failures": self.failures,
               "throttled": self.throttled})
    }

    pub fn from_json(v: &Value) -> Option<Snapshot> {
        Some(Snapshot {
            tiles: v["tiles"].as_array()?.iter().filter_map(Tile::from_json).collect(),
            at_ms: v["at"].as_f64()?,
            ok_ms: v["ok"].as_f64(),
            requests: v["requests"].as_u64().unwrap_or_default() as u32,
            score: v["score"].as_u64().unwrap_or_default() as u32,
            errors: v["errors"].as_array().into_iter().flatten().filter_map(|e| e.as_str().map(String::from)).collect(),
            failures: v["failures"].as_u64().unwrap_or_default() as u32,
            throttled: v["throttled"].as_bool().unwrap_or_default(),
        })
    }

    pub fn anything_running(&self) -> bool {
        self.tiles.iter().any(Tile::running)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back() {
        let s = Snapshot {
            tiles: vec![Tile {
                instance: "i".into(),
                gid: "g".into(),
                project: "a/b".into(),
                git_ref: "main".into(),
                status: "running".into(),
                ..Default::default()
            }],
            at_ms: 5.0,
            ok_ms: Some(4.0),
            requests: 2,
            score: 61,
            errors: vec!["x".into()],
            failures: 1,
            throttled: true,
        };
        assert_eq!(Snapshot::from_json(&s.to_json()), Some(s.clone()));
        assert!(s.anything_running());
        assert_eq!(Snapshot::from_json(&json!({})), None);
    }
}
