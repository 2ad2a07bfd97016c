//! Plain-scalar typing as GitLab's YAML loader (Ruby Psych, YAML 1.1) does it.
//! `yes`/`no`/`on`/`off` are booleans, `0x1F` and `017` are integers, `3.10` is the float 3.1.

use super::node::Value;

pub fn resolve_plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        _ => {}
    }
    // Most scalars are long strings: only short ones can be keywords, only digit-led ones numbers.
    if text.len() <= 5 {
        let lower = text.to_ascii_lowercase();
        match lower.as_str() {
            "yes" | "true" | "on" => return Value::Bool(true),
            "no" | "false" | "off" => return Value::Bool(false),
            ".inf" | "+.inf" => return Value::Float(f64::INFINITY),
            "-.inf" => return Value::Float(f64::NEG_INFINITY),
            ".nan" => return Value::Float(f64::NAN),
            _ => {}
        }
    }
    if !text.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | '+' | '.')) {
        return Value::Str(text.to_string());
    }
    parse_int(text)
        .map(Value::Int)
        .or_else(|| parse_float(text).map(Value::Float))
        .unwrap_or_else(|| Value::Str(text.to_string()))
}

fn parse_int(text: &str) -> Option<i64> {
    let (neg, body) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let digits: String = body.chars().filter(|c| *c != '_' && *c != ',').collect();
    if digits.is_empty() || body.starts_with(['_', ',']) {
        return None;
    }
    let value = if let Some(hex) = digits.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()?
    } else if let Some(bin) = digits.strip_prefix("0b") {
        i64::from_str_radix(bin, 2).ok()?
    } else if digits.len() > 1 && digits.starts_with('0') {
        i64::from_str_radix(&digits[1..], 8).ok()?
    } else if digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse().ok()?
    } else {
        return None;
    };
    Some(if neg { -value } else { value })
}

fn parse_float(text: &str) -> Option<f64> {
    // Psych needs a '.' for a float: `1e3` stays a string.
    let t = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exp) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let (int_part, frac) = mantissa.split_once('.')?;
    let ok_int = int_part.chars().all(|c| c.is_ascii_digit() || c == '_') && !int_part.starts_with('_');
    let ok_frac = frac.chars().all(|c| c.is_ascii_digit());
    let ok_exp = exp.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && e.chars().all(|c| c.is_ascii_digit())
    });
    if !(ok_int && ok_frac && ok_exp) || (int_part.is_empty() && frac.is_empty()) {
        return None;
    }
    text.replace('_', "").parse().ok()
}

/// Ruby's `Float#to_s` for the values configs use (`3.0` stays `3.0`, `3.10` is `3.1`).
pub fn ruby_float_string(f: f64) -> String {
    if f.is_infinite() {
        return if f > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    if f.is_nan() {
        return "NaN".into();
    }
    if f.fract() == 0.0 && f.abs() < 1e16 {
        format!("{f:.1}")
    } else {
        format!("{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_1_1_booleans_and_nulls() {
        assert_eq!(resolve_plain("yes"), Value::Bool(true));
        assert_eq!(resolve_plain("Off"), Value::Bool(false));
        assert_eq!(resolve_plain("~"), Value::Null);
        assert_eq!(resolve_plain("nope"), Value::Str("nope".into()));
    }

    #[test]
    fn numbers_follow_psych() {
        assert_eq!(resolve_plain("42"), Value::Int(42));
        assert_eq!(resolve_plain("-7"), Value::Int(-7));
        assert_eq!(resolve_plain("0x1F"), Value::Int(31));
        assert_eq!(resolve_plain("017"), Value::Int(15));
        assert_eq!(resolve_plain("3.10"), Value::Float(3.1));
        assert_eq!(resolve_plain("1e3"), Value::Str("1e3".into()));
        assert_eq!(resolve_plain("1.2.3"), Value::Str("1.2.3".into()));
        assert_eq!(resolve_plain("v1"), Value::Str("v1".into()));
    }

    #[test]
    fn floats_print_like_ruby() {
        assert_eq!(ruby_float_string(3.1), "3.1");
        assert_eq!(ruby_float_string(3.0), "3.0");
    }
}
