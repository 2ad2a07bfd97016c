//! The access token: sent only in a header, never printed.

use std::fmt;

/// A personal, project, group or OAuth access token. Its `Debug` and `Display` print `***` so a token
/// never reaches a log, a panic message or an error report.
#[derive(Clone, PartialEq, Eq)]
pub struct Token {
    secret: String,
    scheme: TokenScheme,
}

/// Which header carries the token. GitLab accepts a PAT in either (`doc/api/rest/authentication.md`);
/// OAuth tokens only as `Bearer`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenScheme {
    /// `PRIVATE-TOKEN: <token>`
    PrivateToken,
    /// `Authorization: Bearer <token>`
    Bearer,
}

impl Token {
    /// A token sent as `PRIVATE-TOKEN`.
    pub fn private(secret: impl Into<String>) -> Self {
        Token { secret: secret.into(), scheme: TokenScheme::PrivateToken }
    }

    /// A token sent as `Authorization: Bearer`.
    pub fn bearer(secret: impl Into<String>) -> Self {
        Token { secret: secret.into(), scheme: TokenScheme::Bearer }
    }

    pub fn scheme(&self) -> TokenScheme {
        self.scheme
    }

    /// The header name and value that carry this token.
    pub(crate) fn header(&self) -> (String, String) {
        match self.scheme {
            TokenScheme::PrivateToken => ("PRIVATE-TOKEN".into(), self.secret.clone()),
            TokenScheme::Bearer => ("Authorization".into(), format!("Bearer {}", self.secret)),
        }
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_secret() {
        let t = Token::private("glpat-SECRET123");
        assert_eq!(format!("{t:?}"), "***");
        assert_eq!(format!("{t}"), "***");
        assert!(!format!("{:?}", Some(t)).contains("SECRET"));
    }

    #[test]
    fn header_per_scheme() {
        assert_eq!(Token::private("x").header(), ("PRIVATE-TOKEN".into(), "x".into()));
        assert_eq!(Token::bearer("x").header(), ("Authorization".into(), "Bearer x".into()));
    }
}
