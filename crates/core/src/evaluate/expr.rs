//! GitLab's CI/CD variable expressions (`rules:if`, `workflow:rules:if`, `only:variables`).
//!
//! Grammar (GitLab's lexer and `statement.rb`): `$VAR`, `"str"`/`'str'` (no escapes), `/regex/flags`, `null`,
//! `==` `!=` `=~` `!~` binding tighter than `&&`, which binds tighter than `||`; parentheses; at most 100 tokens.
//! Semantics: an undefined variable is null; a bare `$VAR` is true when set and non-empty; `&&`/`||` return
//! operand values like Ruby; `=~` is true when the regex matches anywhere; a right-hand variable holding
//! `/re/` is used as a regex, any other string falls back to a substring check.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::variables::Lookup;

pub const MAX_TOKENS: usize = 100;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Var(String),
    Str(String),
    Regex(String, String),
    Null,
    Eq,
    Ne,
    Match,
    NotMatch,
    And,
    Or,
    LParen,
    RParen,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Var(String),
    Str(String),
    Regex(String, String),
    Null,
    Cmp(Box<Expr>, CmpOp, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CmpOp {
    Eq,
    Ne,
    Match,
    NotMatch,
}

#[derive(Debug, Clone, PartialEq)]
enum Val {
    Nil,
    Str(String),
    Regex(String, String),
    Bool(bool),
}

impl Val {
    fn truthy(&self) -> bool {
        match self {
            Val::Nil => false,
            Val::Str(s) => !s.is_empty(),
            Val::Regex(..) => true,
            Val::Bool(b) => *b,
        }
    }
    fn text(&self) -> String {
        match self {
            Val::Nil => String::new(),
            Val::Str(s) => s.clone(),
            Val::Regex(p, f) => format!("/{p}/{f}"),
            Val::Bool(b) => b.to_string(),
        }
    }
}

fn lex(src: &str) -> Result<Vec<Tok>, String> {
    let b = src.as_bytes();
    let mut i = 0;
    let mut out = Vec::new();
    while i < b.len() {
        let c = b[i];
        let two = src.get(i..i + 2).unwrap_or("");
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'(' => {
                out.push(Tok::LParen);
                i += 1;
            }
            b')' => {
                out.push(Tok::RParen);
                i += 1;
            }
            b'$' => {
                let len = src[i + 1..].bytes().take_while(|c| c.is_ascii_alphanumeric() || *c == b'_').count();
                if len == 0 {
                    return Err(format!("unexpected `$` at position {i}"));
                }
                out.push(Tok::Var(src[i + 1..i + 1 + len].to_string()));
                i += 1 + len;
            }
            b'"' | b'\'' => {
                let end = src[i + 1..].find(c as char).ok_or_else(|| "unterminated string".to_string())?;
                out.push(Tok::Str(src[i + 1..i + 1 + end].to_string()));
                i += end + 2;
            }
            b'/' => {
                let mut j = i + 1;
                let mut pat = String::new();
                loop {
                    match b.get(j) {
                        None => return Err("unterminated regular expression".into()),
                        Some(b'\\') if b.get(j + 1) == Some(&b'/') => {
                            pat.push('/');
                            j += 2;
                        }
                        Some(b'/') => break,
                        Some(_) => {
                            let ch = src[j..].chars().next().expect("in bounds");
                            pat.push(ch);
                            j += ch.len_utf8();
                        }
                    }
                }
                if pat.chars().count() < 2 || pat.ends_with('\\') {
                    return Err(format!("invalid regular expression /{pat}/"));
                }
                j += 1;
                let flen = src[j..].bytes().take_while(|c| b"ismU".contains(c)).count();
                out.push(Tok::Regex(pat, src[j..j + flen].to_string()));
                i = j + flen;
            }
            _ if two == "==" => {
                out.push(Tok::Eq);
                i += 2;
            }
            _ if two == "!=" => {
                out.push(Tok::Ne);
                i += 2;
            }
            _ if two == "=~" => {
                out.push(Tok::Match);
                i += 2;
            }
            _ if two == "!~" => {
                out.push(Tok::NotMatch);
                i += 2;
            }
            _ if two == "&&" => {
                out.push(Tok::And);
                i += 2;
            }
            _ if two == "||" => {
                out.push(Tok::Or);
                i += 2;
            }
            _ if src[i..].starts_with("null")
                && !src[i + 4..].starts_with(|c: char| c.is_alphanumeric() || c == '_') =>
            {
                out.push(Tok::Null);
                i += 4;
            }
            _ => {
                let ch = src[i..].chars().next().expect("in bounds");
                return Err(format!("unknown token `{ch}` at position {i}"));
            }
        }
        if out.len() > MAX_TOKENS {
            return Err(format!("expression has more than {MAX_TOKENS} tokens"));
        }
    }
    Ok(out)
}

pub fn parse(src: &str) -> Result<Expr, String> {
    let toks = lex(src)?;
    if toks.is_empty() {
        return Err("empty expression".into());
    }
    let mut p = Parser { toks, pos: 0 };
    let e = p.or()?;
    if p.pos != p.toks.len() {
        return Err(format!("unexpected {:?}", p.toks[p.pos]));
    }
    Ok(e)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }
    fn or(&mut self) -> Result<Expr, String> {
        let mut left = self.and()?;
        while self.peek() == Some(&Tok::Or) {
            self.pos += 1;
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }
    fn and(&mut self) -> Result<Expr, String> {
        let mut left = self.cmp()?;
        while self.peek() == Some(&Tok::And) {
            self.pos += 1;
            left = Expr::And(Box::new(left), Box::new(self.cmp()?));
        }
        Ok(left)
    }
    fn cmp(&mut self) -> Result<Expr, String> {
        let left = self.primary()?;
        let op = match self.peek() {
            Some(Tok::Eq) => CmpOp::Eq,
            Some(Tok::Ne) => CmpOp::Ne,
            Some(Tok::Match) => CmpOp::Match,
            Some(Tok::NotMatch) => CmpOp::NotMatch,
            _ => return Ok(left),
        };
        self.pos += 1;
        let right = self.primary()?;
        Ok(Expr::Cmp(Box::new(left), op, Box::new(right)))
    }
    fn primary(&mut self) -> Result<Expr, String> {
        let tok = self.toks.get(self.pos).cloned().ok_or("expression ends too early")?;
        self.pos += 1;
        Ok(match tok {
            Tok::Var(v) => Expr::Var(v),
            Tok::Str(s) => Expr::Str(s),
            Tok::Regex(p, f) => Expr::Regex(p, f),
            Tok::Null => Expr::Null,
            Tok::LParen => {
                let e = self.or()?;
                if self.peek() != Some(&Tok::RParen) {
                    return Err("missing `)`".into());
                }
                self.pos += 1;
                e
            }
            other => return Err(format!("unexpected {other:?}")),
        })
    }
}

/// Compiled-regex cache shared by every evaluation in one analysis.
#[derive(Default, Debug)]
pub struct RegexCache(RefCell<HashMap<(String, String), Option<regex_lite::Regex>>>);

impl RegexCache {
    pub(crate) fn is_match(&self, pattern: &str, flags: &str, text: &str, errors: &mut Vec<String>) -> bool {
        let mut cache = self.0.borrow_mut();
        let re = cache.entry((pattern.to_string(), flags.to_string())).or_insert_with(|| {
            // Ruby's `m` is "dot matches newline", RE2/Rust's `s`.
            let mut f = String::new();
            if flags.contains('i') {
                f.push('i');
            }
            if flags.contains('m') || flags.contains('s') {
                f.push('s');
            }
            if flags.contains('U') {
                f.push('U');
            }
            let src = if f.is_empty() { pattern.to_string() } else { format!("(?{f}){pattern}") };
            regex_lite::Regex::new(&src).ok()
        });
        match re {
            Some(re) => re.is_match(text),
            None => {
                errors.push(format!("invalid regular expression /{pattern}/{flags} (RE2 syntax)"));
                false
            }
        }
    }
}

/// Evaluates to GitLab's truthiness of the statement. `errors` collects runtime problems (bad regexes).
pub fn eval(e: &Expr, vars: &dyn Lookup, cache: &RegexCache, errors: &mut Vec<String>) -> bool {
    value(e, vars, cache, errors).truthy()
}

fn value(e: &Expr, vars: &dyn Lookup, cache: &RegexCache, errors: &mut Vec<String>) -> Val {
    match e {
        Expr::Var(v) => vars.lookup(v).map(|s| Val::Str(s.to_string())).unwrap_or(Val::Nil),
        Expr::Str(s) => Val::Str(s.clone()),
        Expr::Regex(p, f) => Val::Regex(p.clone(), f.clone()),
        Expr::Null => Val::Nil,
        Expr::And(a, b) => {
            let l = value(a, vars, cache, errors);
            if l.truthy() {
                value(b, vars, cache, errors)
            } else {
                l
            }
        }
        Expr::Or(a, b) => {
            let l = value(a, vars, cache, errors);
            if l.truthy() {
                l
            } else {
                value(b, vars, cache, errors)
            }
        }
        Expr::Cmp(a, op, b) => {
            let l = value(a, vars, cache, errors);
            let r = value(b, vars, cache, errors);
            let result = match op {
                CmpOp::Eq => equal(&l, &r),
                CmpOp::Ne => !equal(&l, &r),
                CmpOp::Match => matches(&l, &r, cache, errors),
                CmpOp::NotMatch => !matches(&l, &r, cache, errors),
            };
            Val::Bool(result)
        }
    }
}

fn equal(l: &Val, r: &Val) -> bool {
    match (l, r) {
        (Val::Nil, Val::Nil) => true,
        (Val::Nil, _) | (_, Val::Nil) => false,
        _ => l.text() == r.text(),
    }
}

fn matches(l: &Val, r: &Val, cache: &RegexCache, errors: &mut Vec<String>) -> bool {
    let text = l.text();
    match r {
        Val::Nil => false,
        Val::Regex(p, f) => cache.is_match(p, f, &text, errors),
        other => {
            // A variable holding `/re/flags` is a regex; anything else is a substring check.
            let s = other.text();
            match lex(&s).ok().as_deref() {
                Some([Tok::Regex(p, f)]) => cache.is_match(p, f, &text, errors),
                _ => text.contains(&s),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::variables::Vars;

    fn check(src: &str, vars: &[(&str, &str)]) -> bool {
        let vars: Vars = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let mut errors = Vec::new();
        let r = eval(&parse(src).unwrap(), &vars, &RegexCache::default(), &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        r
    }

    #[test]
    fn presence_and_null() {
        assert!(!check("$A", &[]));
        assert!(!check("$A", &[("A", "")]));
        assert!(check("$A", &[("A", "x")]));
        assert!(check("$A == null", &[]));
        assert!(check("$A == \"\"", &[("A", "")]));
        assert!(!check("$A == \"\"", &[]));
        assert!(check("$A != null", &[("A", "")]));
    }

    #[test]
    fn and_binds_tighter_than_or() {
        // a || (b && c)
        assert!(check("$A || $B && $C", &[("A", "1")]));
        assert!(!check("($A || $B) && $C", &[("A", "1")]));
    }

    #[test]
    fn regex_and_variables_on_the_right() {
        assert!(check("$CI_COMMIT_BRANCH =~ /^feat/", &[("CI_COMMIT_BRANCH", "feature-x")]));
        assert!(check("$B =~ /FEAT/i", &[("B", "feature")]));
        assert!(check("$B !~ /^main$/", &[("B", "feature")]));
        assert!(check("$B =~ $RE", &[("B", "release-1"), ("RE", "/^release-/")]));
        assert!(check("$A == $B", &[("A", "x"), ("B", "x")]));
        assert!(check("$B =~ /a\\/b/", &[("B", "a/b")]));
    }

    #[test]
    fn syntax_errors() {
        assert!(parse("$A ==").is_err());
        assert!(parse("$A = 'x'").is_err());
        assert!(parse("$A =~ /./").is_err());
        assert!(parse("(($A)").is_err());
        let long = vec!["$A"; 60].join(" || ");
        assert!(parse(&long).is_err());
    }
}
