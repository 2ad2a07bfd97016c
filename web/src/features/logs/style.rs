//! A span's [`Style`] as GitLab's viewer names it in CSS (`term-fg-red`, `term-fg-l-red`, `term-bold`, …);
//! xterm-256 colours past the first 16 as an inline colour (256 classes would weigh more than the rule).
//! Pure, native-tested.

use pipelens_joblog::{attr, Color, Style};

const NAMES: [&str; 8] = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"];

/// The classes of a span (space-separated) and its inline `style` (empty when none).
pub fn css(style: &Style) -> (String, String) {
    let mut classes = Vec::new();
    let mut inline = String::new();
    for (colour, side) in [(style.fg, "fg"), (style.bg, "bg")] {
        let prop = if side == "fg" { "color" } else { "background-color" };
        match colour {
            Some(Color::Basic(n)) => classes.push(format!("term-{side}-{}", NAMES[usize::from(n & 7)])),
            Some(Color::Bright(n)) => classes.push(format!("term-{side}-l-{}", NAMES[usize::from(n & 7)])),
            Some(Color::Xterm(n)) if n < 8 => classes.push(format!("term-{side}-{}", NAMES[usize::from(n)])),
            Some(Color::Xterm(n)) if n < 16 => classes.push(format!("term-{side}-l-{}", NAMES[usize::from(n - 8)])),
            Some(Color::Xterm(n)) => inline.push_str(&format!("{prop}:{};", xterm_rgb(n))),
            None => {}
        }
    }
    for (bit, name) in [
        (attr::BOLD, "term-bold"),
        (attr::ITALIC, "term-italic"),
        (attr::UNDERLINE, "term-underline"),
        (attr::CONCEAL, "term-conceal"),
        (attr::STRIKE, "term-cross"),
    ] {
        if style.attrs & bit != 0 {
            classes.push(name.to_string());
        }
    }
    (classes.join(" "), inline)
}

/// The xterm-256 palette from 16 on: the 6×6×6 cube, then 24 greys.
pub fn xterm_rgb(n: u8) -> String {
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    let (r, g, b) = if n >= 232 {
        let v = 8 + 10 * (n - 232);
        (v, v, v)
    } else {
        let i = n.saturating_sub(16);
        (LEVELS[usize::from(i / 36)], LEVELS[usize::from(i / 6 % 6)], LEVELS[usize::from(i % 6)])
    };
    format!("#{r:02x}{g:02x}{b:02x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gitlab_s_class_names_and_inline_xterm_colours() {
        let s = Style { fg: Some(Color::Basic(1)), bg: Some(Color::Bright(2)), attrs: attr::BOLD | attr::STRIKE };
        assert_eq!(css(&s), ("term-fg-red term-bg-l-green term-bold term-cross".into(), String::new()));
        let s = Style { fg: Some(Color::Xterm(208)), bg: Some(Color::Xterm(9)), attrs: 0 };
        assert_eq!(css(&s), ("term-bg-l-red".into(), "color:#ff8700;".into()));
        assert_eq!(css(&Style::default()), (String::new(), String::new()));
        assert_eq!(xterm_rgb(16), "#000000");
        assert_eq!(xterm_rgb(231), "#ffffff");
        assert_eq!(xterm_rgb(232), "#080808");
        assert_eq!(xterm_rgb(255), "#eeeeee");
    }
}
