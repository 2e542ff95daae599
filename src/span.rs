//! Positions in source text: byte spans, and lines and columns as editors count them.
//!
//! The bottom of the crate's vocabulary: this module imports nothing of the crate.

/// Which file a span lies in. Spans of one analysed text are in [`FileId::default()`]; a scan
/// that reads several files of a project (an import followed into another file) numbers them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range into a source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// A range of the default file (the one text being analysed).
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            file: FileId::default(),
            start,
            end,
        }
    }

    /// A range of `file`.
    pub fn in_file(file: FileId, start: usize, end: usize) -> Span {
        Span { file, start, end }
    }

    /// Another range of the same file.
    pub fn with_range(self, start: usize, end: usize) -> Span {
        Span { start, end, ..self }
    }

    /// The empty span at this span's end (where text is appended).
    pub fn end_point(self) -> Span {
        self.with_range(self.end, self.end)
    }

    /// The empty span at this span's start (where text is prepended).
    pub fn start_point(self) -> Span {
        self.with_range(self.start, self.start)
    }

    /// `other` lies inside this span (in the same file).
    pub fn contains(&self, other: Span) -> bool {
        self.file == other.file && self.start <= other.start && other.end <= self.end
    }

    /// The smallest span covering both (in the file of `self`).
    pub fn cover(self, other: Span) -> Span {
        self.with_range(self.start.min(other.start), self.end.max(other.end))
    }
}

/// A 1-based line and column (columns count characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Byte offset → line/column.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|s| *s <= offset) - 1;
        let start = self.starts[line];
        let column = text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start)
            + 1;
        Position {
            line: line + 1,
            column,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let text = "ab\nçd x\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(idx.position(text, 3), Position { line: 2, column: 1 });
        // `ç` is two bytes but one column.
        assert_eq!(idx.position(text, 7), Position { line: 2, column: 4 });
    }
}
