//! GitLab's custom scalars, by the names its schema gives them.

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};

/// `scalar Time`: ISO 8601.
#[derive(Clone, Debug)]
pub struct Time(pub String);

#[Scalar(name = "Time")]
impl ScalarType for Time {
    fn parse(value: Value) -> InputValueResult<Self> {
        match value {
            Value::String(s) => Ok(Time(s)),
            other => Err(InputValueError::expected_type(other)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.clone())
    }
}

/// `scalar Duration`: seconds as a fractional number.
#[derive(Clone, Debug)]
pub struct Duration(pub f64);

#[Scalar(name = "Duration")]
impl ScalarType for Duration {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::Number(n) => n.as_f64().map(Duration).ok_or_else(|| InputValueError::expected_type(value)),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        serde_json::Number::from_f64(self.0).map(Value::Number).unwrap_or(Value::Null)
    }
}

/// `scalar JobID`: `gid://gitlab/Ci::Build/<id>`.
#[derive(Clone, Debug)]
pub struct JobId(pub String);

#[Scalar(name = "JobID")]
impl ScalarType for JobId {
    fn parse(value: Value) -> InputValueResult<Self> {
        match value {
            Value::String(s) => Ok(JobId(s)),
            other => Err(InputValueError::expected_type(other)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.clone())
    }
}
