//! The compact style of a span and the SGR codes GitLab honours
//! (`lib/gitlab/ci/ansi2json/parser.rb`, `style.rb`).

/// A colour as GitLab names it: one of the 8 basic, one of the 8 bright (`term-fg-l-*`), or an
/// xterm-256 index (`xterm-fg-N`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Color {
    /// 0–7: black, red, green, yellow, blue, magenta, cyan, white (SGR 30–37 / 40–47).
    Basic(u8),
    /// 0–7, the light variants (SGR 90–97 / 100–107).
    Bright(u8),
    /// An xterm-256 index (SGR `38;5;N` / `48;5;N`).
    Xterm(u8),
}

/// Text attributes, one bit each.
pub mod attr {
    pub const BOLD: u8 = 1;
    pub const ITALIC: u8 = 2;
    pub const UNDERLINE: u8 = 4;
    pub const CONCEAL: u8 = 8;
    pub const STRIKE: u8 = 16;
}

/// The style of a span: foreground, background and [`attr`] bits, as GitLab's evaluators hold them
/// (`lib/gitlab/ci/ansi2json/v2/ansi_evaluator.rb`, and the frontend log viewer's `AnsiEvaluator`).
/// `Copy`, a few bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Style {
    pub fg: Option<Color>,
    pub bg: Option<Color>,
    pub attrs: u8,
}

impl Style {
    /// Applies the parameters of one `ESC [ … m`. Each element is one `;`-separated
    /// parameter; a parameter written with `:` sub-parameters arrives with more than one
    /// value and is ignored, as GitLab (which splits on `;` only) ignores it. No parameter
    /// means reset, as `\e[m` is `\e[0m` for GitLab.
    pub fn apply_sgr<'a>(&mut self, params: impl IntoIterator<Item = &'a [u16]>) {
        let mut params = params.into_iter().peekable();
        if params.peek().is_none() {
            *self = Style::default();
            return;
        }
        while let Some(param) = params.next() {
            let [code] = param else { continue };
            match *code {
                0 => *self = Style::default(),
                1 => self.attrs |= attr::BOLD,
                3 => self.attrs |= attr::ITALIC,
                4 => self.attrs |= attr::UNDERLINE,
                8 => self.attrs |= attr::CONCEAL,
                9 => self.attrs |= attr::STRIKE,
                // GitLab treats 21 as "bold off" (not double underline), like 22.
                21 | 22 => self.attrs &= !attr::BOLD,
                23 => self.attrs &= !attr::ITALIC,
                24 => self.attrs &= !attr::UNDERLINE,
                28 => self.attrs &= !attr::CONCEAL,
                29 => self.attrs &= !attr::STRIKE,
                c @ 30..=37 => self.fg = Some(Color::Basic((c - 30) as u8)),
                c @ 40..=47 => self.bg = Some(Color::Basic((c - 40) as u8)),
                c @ 90..=97 => self.fg = Some(Color::Bright((c - 90) as u8)),
                c @ 100..=107 => self.bg = Some(Color::Bright((c - 100) as u8)),
                // 99 and 109 are the bright ranges' "default".
                39 | 99 => self.fg = None,
                49 | 109 => self.bg = None,
                // Only `5;N` (xterm-256) is read, and consumed only when both are there;
                // anything else (truecolor `2;r;g;b`) keeps the colour, and its numbers are then
                // read as codes of their own, as GitLab's evaluators do. A `5` with nothing
                // after it would be read as code 5, which does nothing.
                c @ (38 | 48) if params.next_if(|p| *p == [5]).is_some() => {
                    let colour = match params.next() {
                        Some(&[n]) => u8::try_from(n).ok().map(Color::Xterm),
                        _ => None,
                    };
                    match (c, colour) {
                        (_, None) => {}
                        (38, colour) => self.fg = colour,
                        (_, colour) => self.bg = colour,
                    }
                }
                _ => {}
            }
        }
    }
}
