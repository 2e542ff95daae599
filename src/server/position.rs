//! Byte offsets ↔ LSP positions. The engine's spans are byte offsets into UTF-8 text; the
//! protocol counts lines (`\n`, `\r\n` or a lone `\r` end one) and, within a line, UTF-16 code
//! units: `é` is two bytes but one unit, `😀` four bytes but two units.

use lsp_types::{Position, Range};

/// Where each line of a text starts, for converting positions both ways.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset of each line's first byte.
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts }
    }

    /// The number of lines (a text ending in a line break has an empty last line).
    #[cfg(test)]
    pub fn lines(&self) -> usize {
        self.starts.len()
    }

    /// The byte offset where `line` (0-based) starts; the text's end past the last line.
    pub fn line_start(&self, text: &str, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(text.len())
    }

    /// The end of `line`'s content: before its line break.
    pub fn line_end(&self, text: &str, line: usize) -> usize {
        let next = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let content = &text[self.line_start(text, line).min(next)..next];
        let content = content.strip_suffix('\n').unwrap_or(content);
        let content = content.strip_suffix('\r').unwrap_or(content);
        self.line_start(text, line) + content.len()
    }

    /// The 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|s| *s <= offset)
            .saturating_sub(1)
    }

    /// The LSP position of a byte offset (clamped to the text, and back to a character
    /// boundary when it falls inside a character).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.starts[line];
        let character: usize = text[start..offset].chars().map(char::len_utf16).sum();
        Position {
            line: line as u32,
            character: character as u32,
        }
    }

    /// The byte offset of an LSP position. A line past the end is the text's end; a column
    /// past the line's end is the line's end (as the protocol says); a column inside a
    /// surrogate pair is the start of its character.
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let line = position.line as usize;
        if line >= self.starts.len() {
            return text.len();
        }
        let start = self.starts[line];
        let end = self.line_end(text, line);
        let mut units = 0usize;
        for (i, c) in text[start..end].char_indices() {
            let next = units + c.len_utf16();
            if next > position.character as usize {
                return start + i;
            }
            units = next;
        }
        end
    }

    pub fn range(&self, text: &str, start: usize, end: usize) -> Range {
        Range {
            start: self.position(text, start),
            end: self.position(text, end.max(start)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn columns_count_utf16_units_not_bytes_or_characters() {
        // `é` is 2 bytes / 1 unit, `😀` 4 bytes / 2 units, `中` 3 bytes / 1 unit.
        let text = "a\né😀中x\n";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(x, 2 + 2 + 4 + 3);
        assert_eq!(idx.position(text, x), pos(1, 4));
        assert_eq!(idx.offset(text, pos(1, 4)), x);
        assert_eq!(idx.offset(text, pos(1, 1)), text.find('😀').unwrap());
        // Inside the surrogate pair: the start of the emoji.
        assert_eq!(idx.offset(text, pos(1, 2)), text.find('😀').unwrap());
        // Past the line's end: the line's end.
        assert_eq!(idx.offset(text, pos(1, 99)), x + 1);
        // Past the last line: the end.
        assert_eq!(idx.offset(text, pos(9, 0)), text.len());
    }

    #[test]
    fn every_line_ending_ends_a_line() {
        let text = "a\r\nb\rc\nd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.lines(), 4);
        assert_eq!(idx.position(text, text.find('b').unwrap()), pos(1, 0));
        assert_eq!(idx.position(text, text.find('c').unwrap()), pos(2, 0));
        assert_eq!(idx.position(text, text.find('d').unwrap()), pos(3, 0));
        // The end of line 0 is before `\r\n`.
        assert_eq!(idx.offset(text, pos(0, 5)), 1);
    }

    #[test]
    fn round_trips_every_character_boundary() {
        let text = "const s = 'ÀÉ😀';\n  iat: Date.now() // ü\r\n中文\n";
        let idx = LineIndex::new(text);
        for (i, _) in text.char_indices() {
            let p = idx.position(text, i);
            let back = idx.offset(text, p);
            // A line break's `\r` and `\n` map to the line's end.
            if !matches!(text.as_bytes()[i], b'\r' | b'\n') {
                assert_eq!(back, i, "offset {i} → {p:?}");
            }
        }
    }
}
