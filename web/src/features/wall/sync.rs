//! The browser side of sharing one poller between tabs (`lease.rs` decides): the lease, the latest
//! snapshot and the saved configuration in `localStorage`, the `storage` event that tells the other tabs,
//! and whether this page is visible.

use pipelens_wall::config::WallConfig;
use pipelens_wall::lease::Lease;
use pipelens_wall::snapshot::Snapshot;

const CONFIG: &str = "pipelens.wall.config";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn lease_key(wall: &str) -> String {
    format!("pipelens.wall.lease.{wall}")
}

/// Where a wall's snapshot is kept; other tabs' `storage` events carry this key.
pub fn snapshot_key(wall: &str) -> String {
    format!("pipelens.wall.snapshot.{wall}")
}

pub fn read_lease(wall: &str) -> Option<Lease> {
    Lease::parse(&storage()?.get_item(&lease_key(wall)).ok().flatten()?)
}

pub fn write_lease(wall: &str, lease: &Lease) {
    if let Some(s) = storage() {
        let _ = s.set_item(&lease_key(wall), &lease.to_text());
    }
}

/// Gives the lease up (the tab closes or leaves the wall), so another tab takes over at once.
pub fn release(wall: &str, me: &str) {
    if let (Some(s), Some(l)) = (storage(), read_lease(wall)) {
        if l.holder == me {
            let _ = s.remove_item(&lease_key(wall));
        }
    }
}

pub fn read_snapshot(wall: &str) -> Option<Snapshot> {
    let text = storage()?.get_item(&snapshot_key(wall)).ok().flatten()?;
    Snapshot::from_json(&serde_json::from_str(&text).ok()?)
}

/// The snapshot when it is newer than `at_ms`: a small key is read on each tick, the snapshot itself
/// only when it changed.
pub fn read_snapshot_if_newer(wall: &str, at_ms: f64) -> Option<Snapshot> {
    let at: f64 = storage()?.get_item(&format!("pipelens.wall.at.{wall}")).ok().flatten()?.parse().ok()?;
    if at <= at_ms {
        return None;
    }
    read_snapshot(wall).filter(|s| s.at_ms > at_ms)
}

/// Writes the snapshot for the other tabs (and for a reload). A full storage only costs the sharing.
pub fn write_snapshot(wall: &str, snapshot: &Snapshot) {
    if let Some(s) = storage() {
        let _ = s.set_item(&snapshot_key(wall), &snapshot.to_json().to_string());
        let _ = s.set_item(&format!("pipelens.wall.at.{wall}"), &snapshot.at_ms.to_string());
    }
}

/// Gives the lease up when the page goes away (closed, reloaded), so another tab or the reloaded page
/// leads at once rather than when the lease runs out.
pub fn release_on_leave(wall: &str, me: &str) {
    use wasm_bindgen::JsCast;
    let (wall, me) = (wall.to_string(), me.to_string());
    let listener = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || release(&wall, &me));
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback("pagehide", listener.as_ref().unchecked_ref());
    }
    // One listener per loop started; a page starts few.
    listener.forget();
}

/// The saved configuration, or why it cannot be read (kept as it is: the user's text is never dropped).
pub fn load_config() -> Option<Result<WallConfig, String>> {
    let text = storage()?.get_item(CONFIG).ok().flatten()?;
    Some(WallConfig::parse(&text))
}

pub fn save_config(config: &WallConfig) -> Result<(), String> {
    let s = storage().ok_or("This browser keeps no local storage for this page.")?;
    s.set_item(CONFIG, &config.to_json().to_string())
        .map_err(|_| "The browser refused to save the wall (storage full?).".to_string())
}

/// A text kept under `key` (the batch run and its form).
pub fn read_text(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

pub fn write_text(key: &str, text: &str) -> Result<(), String> {
    let s = storage().ok_or("This browser keeps no local storage for this page.")?;
    s.set_item(key, text).map_err(|_| "The browser refused to save (storage full?).".to_string())
}

pub fn visible() -> bool {
    web_sys::window().and_then(|w| w.document()).is_none_or(|d| !d.hidden())
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A name for this tab, unique enough for the lease.
pub fn tab_id() -> String {
    format!("{:x}-{:x}", js_sys::Date::now() as u64, (js_sys::Math::random() * 1e12) as u64)
}
