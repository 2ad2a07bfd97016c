//! The graph's scale bounds: 1 is 100 %; whoever holds the zoom keeps it within these.

pub const MIN: f64 = 0.1;
pub const MAX: f64 = 4.0;
