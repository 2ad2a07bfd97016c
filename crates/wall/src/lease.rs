//! One poller per browser for each wall, however many tabs or screens show it: the tabs elect a leader
//! through a lease in `localStorage` (holder and expiry). The leader looks at GitLab and writes each
//! result to `localStorage`; the others read it from the `storage` event the browser fires in every
//! other tab, and take over when the lease expires (the leader's tab was closed or hidden). Pure: the
//! decision for one tick; `sync.rs` holds the storage calls.
//!
//! `localStorage` has no compare-and-swap, so two tabs deciding in the same millisecond may both lead for
//! one tick; each re-reads the lease before looking and steps back when it no longer holds it.

/// How long a lease holds without renewal.
pub const TTL_MS: f64 = 12_000.0;

#[derive(Clone, Debug, PartialEq)]
pub struct Lease {
    pub holder: String,
    pub until_ms: f64,
}

impl Lease {
    pub fn parse(text: &str) -> Option<Lease> {
        let (holder, until) = text.split_once(' ')?;
        Some(Lease { holder: holder.to_string(), until_ms: until.parse().ok()? })
    }

    pub fn to_text(&self) -> String {
        format!("{} {}", self.holder, self.until_ms)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Decision {
    /// Look at GitLab; write this lease first.
    Lead(Lease),
    /// Another tab looks; read its results.
    Follow,
    /// Hidden and not leading: do nothing.
    Pause,
}

/// What tab `me` does now, given the stored lease.
pub fn decide(stored: Option<&Lease>, me: &str, now_ms: f64, visible: bool) -> Decision {
    let held_by_other = stored.is_some_and(|l| l.holder != me && l.until_ms > now_ms);
    if held_by_other {
        return Decision::Follow;
    }
    if !visible {
        // A hidden tab lets its lease run out, so a visible one takes over; with none, nothing polls.
        return Decision::Pause;
    }
    Decision::Lead(Lease { holder: me.to_string(), until_ms: now_ms + TTL_MS })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lease(holder: &str, until_ms: f64) -> Lease {
        Lease { holder: holder.into(), until_ms }
    }

    #[test]
    fn the_first_visible_tab_leads_and_the_others_follow() {
        let Decision::Lead(l) = decide(None, "a", 1_000.0, true) else { panic!("a leads") };
        assert_eq!(l, lease("a", 1_000.0 + TTL_MS));
        assert_eq!(decide(Some(&l), "b", 2_000.0, true), Decision::Follow);
        assert_eq!(decide(Some(&l), "a", 2_000.0, true), Decision::Lead(lease("a", 2_000.0 + TTL_MS)), "renewed");
    }

    #[test]
    fn an_expired_lease_passes_to_a_visible_tab() {
        let l = lease("a", 5_000.0);
        assert_eq!(decide(Some(&l), "b", 5_001.0, true), Decision::Lead(lease("b", 5_001.0 + TTL_MS)));
        assert_eq!(decide(Some(&l), "b", 5_001.0, false), Decision::Pause);
        assert_eq!(decide(Some(&l), "a", 4_000.0, false), Decision::Pause, "a hidden leader stops renewing");
    }

    #[test]
    fn leases_read_back() {
        let l = lease("tab-1", 123.5);
        assert_eq!(Lease::parse(&l.to_text()), Some(l));
        assert_eq!(Lease::parse("garbage"), None);
    }
}
