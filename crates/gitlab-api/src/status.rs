//! Pipeline and job statuses (`app/models/concerns/ci/has_status.rb`, `AVAILABLE_STATUSES`). REST spells
//! them lowercase, GraphQL's `PipelineStatusEnum`/`CiJobStatus` uppercase. Newer servers add values
//! (`canceling`, `waiting_for_callback` arrived in 16.x/17.x), so any other string decodes to
//! [`Status::Unknown`], never an error.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Created,
    WaitingForResource,
    Preparing,
    WaitingForCallback,
    Pending,
    Running,
    Success,
    Failed,
    Canceling,
    Canceled,
    Skipped,
    Manual,
    Scheduled,
    /// A value this client does not know, as the server wrote it.
    Unknown(String),
}

const KNOWN: [(Status, &str); 13] = [
    (Status::Created, "created"),
    (Status::WaitingForResource, "waiting_for_resource"),
    (Status::Preparing, "preparing"),
    (Status::WaitingForCallback, "waiting_for_callback"),
    (Status::Pending, "pending"),
    (Status::Running, "running"),
    (Status::Success, "success"),
    (Status::Failed, "failed"),
    (Status::Canceling, "canceling"),
    (Status::Canceled, "canceled"),
    (Status::Skipped, "skipped"),
    (Status::Manual, "manual"),
    (Status::Scheduled, "scheduled"),
];

impl Status {
    /// Every known status, in GitLab's `AVAILABLE_STATUSES` order.
    pub fn all() -> impl Iterator<Item = Status> {
        KNOWN.iter().map(|(s, _)| s.clone())
    }

    /// Decodes a REST (lowercase) or GraphQL (uppercase) spelling.
    pub fn parse(text: &str) -> Status {
        KNOWN
            .iter()
            .find(|(_, name)| name.eq_ignore_ascii_case(text))
            .map(|(s, _)| s.clone())
            .unwrap_or_else(|| Status::Unknown(text.to_string()))
    }

    /// REST spelling (an unknown value as received).
    pub fn as_rest(&self) -> &str {
        match self {
            Status::Unknown(s) => s,
            known => KNOWN.iter().find(|(s, _)| s == known).map(|(_, n)| *n).unwrap_or(""),
        }
    }

    /// GraphQL enum spelling.
    pub fn as_graphql(&self) -> String {
        self.as_rest().to_ascii_uppercase()
    }

    /// Still moving: GitLab's ACTIVE statuses plus `created` and `canceling`.
    pub fn is_active(&self) -> bool {
        matches!(
            self,
            Status::Created
                | Status::WaitingForResource
                | Status::Preparing
                | Status::WaitingForCallback
                | Status::Pending
                | Status::Running
                | Status::Canceling
        )
    }

    /// GitLab's COMPLETED statuses.
    pub fn is_completed(&self) -> bool {
        matches!(self, Status::Success | Status::Failed | Status::Canceled | Status::Skipped)
    }
}

impl Serialize for Status {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_rest())
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Ok(Status::parse(&text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rest_and_graphql_spellings() {
        assert_eq!(Status::parse("waiting_for_callback"), Status::WaitingForCallback);
        assert_eq!(Status::parse("WAITING_FOR_RESOURCE"), Status::WaitingForResource);
        assert_eq!(Status::parse("canceling"), Status::Canceling);
        assert_eq!(Status::Canceling.as_graphql(), "CANCELING");
    }

    #[test]
    fn unknown_future_value_is_kept() {
        let s: Status = serde_json::from_str(r#""waiting_for_quantum_runner""#).unwrap();
        assert_eq!(s, Status::Unknown("waiting_for_quantum_runner".into()));
        assert_eq!(serde_json::to_string(&s).unwrap(), r#""waiting_for_quantum_runner""#);
    }

    #[test]
    fn every_known_status_round_trips() {
        for s in Status::all() {
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(serde_json::from_str::<Status>(&json).unwrap(), s, "{json}");
        }
        assert_eq!(Status::all().count(), 13);
    }
}
