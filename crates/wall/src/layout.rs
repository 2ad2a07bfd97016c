//! The kiosk's grid: how many columns and rows fit `n` tiles on a screen with the largest tiles (so the
//! text is as big as it can be, readable across a room), and which tiles a screen shows when several
//! screens share a wall (`screen=2/3`). Pure.

use std::ops::Range;

/// A tile's shape, width to height: wide enough for a project name on one line.
const ASPECT: f64 = 1.6;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Grid {
    pub columns: u32,
    pub rows: u32,
    /// Font size in CSS pixels for the tile's main line.
    pub font_px: u32,
}

/// The grid whose tiles, kept at `ASPECT`, are largest in `width × height` (CSS pixels, gaps included).
pub fn fit(n: u32, width: f64, height: f64, gap: f64) -> Grid {
    let n = n.max(1);
    let mut best = Grid { columns: 1, rows: n, font_px: 8 };
    let mut best_w = 0.0;
    for columns in 1..=n {
        let rows = n.div_ceil(columns);
        let cell_w = (width - gap * f64::from(columns + 1)) / f64::from(columns);
        let cell_h = (height - gap * f64::from(rows + 1)) / f64::from(rows);
        if cell_w <= 0.0 || cell_h <= 0.0 {
            continue;
        }
        let w = cell_w.min(cell_h * ASPECT);
        if w > best_w {
            best_w = w;
            best = Grid { columns, rows, font_px: 8 };
        }
    }
    // About 11 characters a line (a longer name ends in an ellipsis), and five lines of text per tile.
    let cell_h = (height - gap * f64::from(best.rows + 1)) / f64::from(best.rows);
    let font = (best_w / 11.0).min(cell_h / 6.0).clamp(8.0, 64.0);
    Grid { font_px: font as u32, ..best }
}

/// The tiles screen `part` (1-based) of `of` shows: consecutive, as even as possible.
pub fn screen(n: usize, part: u32, of: u32) -> Range<usize> {
    let (part, of) = (part.max(1) as usize, of.max(1) as usize);
    let per = n.div_ceil(of);
    let start = (per * (part - 1)).min(n);
    start..(start + per).min(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixty_tiles_on_a_full_hd_screen() {
        let g = fit(60, 1920.0, 1040.0, 8.0);
        assert!(g.columns * g.rows >= 60);
        // 9 × 7 gives tiles of 204 px by 139 px; 10 × 6 would give 183 px by 164 px (narrower text lines).
        assert_eq!((g.columns, g.rows), (9, 7));
        assert!(g.font_px >= 16, "{g:?}");
    }

    #[test]
    fn few_tiles_are_big() {
        let g = fit(4, 1920.0, 1040.0, 8.0);
        assert_eq!((g.columns, g.rows), (2, 2));
        assert!(g.font_px >= 40, "{g:?}");
        assert_eq!(fit(0, 100.0, 100.0, 8.0).columns, 1);
    }

    #[test]
    fn screens_split_the_tiles() {
        assert_eq!(screen(100, 1, 3), 0..34);
        assert_eq!(screen(100, 3, 3), 68..100);
        assert_eq!(screen(2, 3, 3), 2..2);
        assert_eq!(screen(10, 1, 1), 0..10);
    }
}
