//! The log as the viewer holds it: the raw bytes (kept once; lines are ranges into them), the parser fed
//! from where it stopped, and what each update pushed. Pure (no web-sys), tested natively; `follow.rs`
//! decides when to fetch and how much to parse per frame.

use pipelens_joblog::view::{growth, Growth, Search, MAX_LOG_BYTES};
use pipelens_joblog::{LogIndex, LogParser};

#[derive(Default)]
pub struct Model {
    pub raw: Vec<u8>,
    /// While more may come; `None` once finished.
    parser: Option<LogParser>,
    done: Option<LogIndex>,
    /// Bytes of `raw` pushed to the parser since the last (re)start.
    pub parsed: usize,
    /// Bytes the last update pushed, and how many updates brought bytes.
    pub last_push: usize,
    pub updates: u32,
    /// Times the log was read again from the start (it shrank or changed).
    pub reloads: u32,
    /// Times the log was fetched.
    pub fetches: u32,
    /// The size of a log past [`MAX_LOG_BYTES`], which is not read.
    pub too_big: Option<usize>,
    /// Where the current update's pushing started.
    update_from: usize,
    /// Search: the query, its matching lines, and how far the lines were searched.
    pub query: String,
    pub matches: Vec<u32>,
    searched: u32,
}

static EMPTY: LogIndex = LogIndex { lines: Vec::new(), spans: Vec::new(), sections: Vec::new(), timestamps: false };

impl Model {
    /// The lines read so far.
    pub fn index(&self) -> &LogIndex {
        match (&self.done, &self.parser) {
            (Some(done), _) => done,
            (None, Some(p)) => p.index(),
            (None, None) => &EMPTY,
        }
    }

    pub fn finished(&self) -> bool {
        self.done.is_some()
    }

    /// Takes the whole log as fetched again: keeps what was read when it only grew, starts over when it
    /// shrank or changed (or was finished and grew, which a played manual job does).
    pub fn accept(&mut self, body: Vec<u8>) -> Growth {
        if body.len() > MAX_LOG_BYTES {
            // What was read stays; the page says why nothing more is.
            self.too_big = Some(body.len());
            self.fetches += 1;
            return Growth::Same;
        }
        self.too_big = None;
        let g = growth(&self.raw, &body);
        let g = match g {
            Growth::Appended(_) if self.finished() => Growth::Rewritten,
            Growth::Appended(_) if self.parser.is_none() => Growth::Rewritten,
            g => g,
        };
        match g {
            Growth::Same => {}
            Growth::Appended(_) => self.raw = body,
            Growth::Rewritten => {
                let query = std::mem::take(&mut self.query);
                *self = Model {
                    raw: body,
                    parser: Some(LogParser::new()),
                    reloads: self.reloads + u32::from(!self.raw.is_empty()),
                    updates: self.updates,
                    fetches: self.fetches,
                    query,
                    ..Model::default()
                };
            }
        }
        self.update_from = self.parsed;
        self.fetches += 1;
        g
    }

    /// Pushes at most `max` more bytes to the parser; whether bytes remain.
    pub fn step(&mut self, max: usize) -> bool {
        let Some(parser) = &mut self.parser else { return false };
        let end = self.raw.len().min(self.parsed + max);
        parser.push(&self.raw[self.parsed..end]);
        self.parsed = end;
        self.last_push = self.parsed - self.update_from;
        end < self.raw.len()
    }

    /// The update's bytes are all pushed.
    pub fn end_update(&mut self) {
        if self.parsed > self.update_from {
            self.updates += 1;
        }
        self.update_from = self.parsed;
        self.search_new_lines();
    }

    /// No more bytes will come (the job finished): the last line is ended.
    pub fn finish(&mut self) {
        if let Some(p) = self.parser.take() {
            self.done = Some(p.finish());
            self.search_new_lines();
        }
    }

    /// A new search over every line read so far; `search_step` carries it out.
    pub fn set_query(&mut self, query: &str) {
        self.query = query.to_string();
        self.matches.clear();
        self.searched = 0;
    }

    /// Searches at most `max` more lines; whether lines remain (a big log is searched between frames).
    pub fn search_step(&mut self, max: u32) -> bool {
        let total = self.index().lines.len() as u32;
        let end = total.min(self.searched.saturating_add(max));
        let Some(mut s) = Search::new(&self.query) else {
            self.matches.clear();
            self.searched = total;
            return false;
        };
        let found = s.lines(&self.raw, self.index(), self.searched..end);
        self.matches.extend(found);
        self.searched = end;
        end < total
    }

    /// Extends the matches over lines read since the last search.
    fn search_new_lines(&mut self) {
        while self.search_step(u32::MAX) {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(m: &mut Model, body: &[u8]) -> Growth {
        let g = m.accept(body.to_vec());
        while m.step(4) {}
        m.end_update();
        g
    }

    #[test]
    fn each_update_pushes_only_the_growth() {
        let mut m = Model::default();
        assert_eq!(feed(&mut m, b"one\ntw"), Growth::Rewritten, "the first fetch starts the parse");
        assert_eq!((m.parsed, m.last_push, m.index().lines.len()), (6, 6, 1));
        assert_eq!(feed(&mut m, b"one\ntwo\nthree\n"), Growth::Appended(6));
        assert_eq!((m.parsed, m.last_push, m.index().lines.len()), (14, 8, 3));
        assert_eq!(feed(&mut m, b"one\ntwo\nthree\n"), Growth::Same);
        assert_eq!((m.updates, m.reloads), (2, 0));
        // Rewritten (erased and run again): read from the start.
        assert_eq!(feed(&mut m, b"new\n"), Growth::Rewritten);
        assert_eq!((m.parsed, m.last_push, m.reloads, m.index().lines.len()), (4, 4, 1, 1));
    }

    #[test]
    fn a_log_past_the_limit_is_not_read() {
        let mut m = Model::default();
        feed(&mut m, b"start\n");
        assert_eq!(m.accept(vec![b'x'; MAX_LOG_BYTES + 1]), Growth::Same);
        assert_eq!((m.too_big, m.raw.len()), (Some(MAX_LOG_BYTES + 1), 6));
    }

    #[test]
    fn search_follows_new_lines_and_survives_a_reload() {
        let mut m = Model::default();
        feed(&mut m, b"a match\nno\n");
        m.set_query("MATCH");
        // In steps: one line, then the other.
        assert!(m.search_step(1));
        assert_eq!(m.matches, [0]);
        assert!(!m.search_step(1));
        assert_eq!(m.matches, [0]);
        feed(&mut m, b"a match\nno\nmatch again\n");
        assert_eq!(m.matches, [0, 2]);
        feed(&mut m, b"match\n");
        assert_eq!((m.query.as_str(), m.matches.as_slice()), ("MATCH", &[0u32][..]));
        // The last line without a line break counts once the job finished.
        feed(&mut m, b"match\nlast match");
        m.finish();
        assert_eq!(m.matches, [0, 1]);
        assert!(m.finished());
    }
}
