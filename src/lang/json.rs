//! JSON as a module: `import keys from './keys.json'` and `require('./keys.json')` give the
//! file's value, and configuration readers (`tsconfig.json`, `composer.json`) read their fields.
//!
//! A small recursive-descent reader, lenient like TypeScript's own (`//` and `/* */` comments,
//! trailing commas), that keeps the byte span of every value: a secret written in a JSON file
//! is reported where it is written. The value is lowered into a [`Model`] of one assignment,
//! `module.exports = <value>`, which the evaluator reads as a CommonJS module.

use crate::model::{AssignKind, Assignment, Entry, ExprId, ExprKind, Key, Language, Model, Span};

/// How deep JSON may nest before the rest is unknown.
const MAX_DEPTH: usize = 256;

/// A JSON value with the spans of its parts.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null(Span),
    Bool(bool, Span),
    Number(f64, Span),
    Str(String, Span),
    Array(Vec<Json>, Span),
    Object(Vec<(String, Span, Json)>, Span),
    Other(Span),
}

impl Json {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(entries, _) => entries
                .iter()
                .rev()
                .find(|(k, _, _)| k == key)
                .map(|e| &e.2),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s, _) => Some(s),
            _ => None,
        }
    }

    /// The entries of an object.
    pub fn entries(&self) -> &[(String, Span, Json)] {
        match self {
            Json::Object(entries, _) => entries,
            _ => &[],
        }
    }
}

/// Why a text is not JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotJson {
    pub offset: usize,
    pub what: &'static str,
}

impl std::fmt::Display for NotJson {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "not JSON at byte {}: {}", self.offset, self.what)
    }
}

/// Reads a JSON (or JSONC) text.
pub fn parse(text: &str) -> Result<Json, NotJson> {
    let mut r = Reader {
        b: text.as_bytes(),
        text,
        i: 0,
    };
    // A byte-order mark is not part of the value.
    if text.starts_with('\u{feff}') {
        r.i = 3;
    }
    let v = r.value(0)?;
    r.ws()?;
    if r.i < r.b.len() {
        return Err(r.err("text after the value"));
    }
    Ok(v)
}

/// Lowers a JSON text into a model whose module value (`module.exports`) is the JSON value.
pub fn lower(text: &str) -> Result<Model, NotJson> {
    let json = parse(text)?;
    let mut model = Model::new(Language::JavaScript, Span::new(0, text.len()));
    let value = add(&mut model, &json);
    let module = model.add_expr(
        ExprKind::Name("module".into()),
        Span::new(0, 0),
        crate::model::FILE_SCOPE,
    );
    let target = model.add_expr(
        ExprKind::Member {
            object: module,
            name: "exports".into(),
        },
        Span::new(0, 0),
        crate::model::FILE_SCOPE,
    );
    model.add_assignment(Assignment {
        target,
        value,
        scope: crate::model::FILE_SCOPE,
        kind: AssignKind::Const,
        span: Span::new(0, text.len()),
    });
    model.finish();
    Ok(model)
}

fn add(model: &mut Model, v: &Json) -> ExprId {
    let scope = crate::model::FILE_SCOPE;
    match v {
        Json::Null(span) => model.add_expr(ExprKind::Null, *span, scope),
        Json::Bool(b, span) => model.add_expr(ExprKind::Bool(*b), *span, scope),
        Json::Number(n, span) => {
            let kind = if n.fract() == 0.0 && n.abs() < 9e15 {
                ExprKind::Int(*n as i64)
            } else {
                ExprKind::Float(*n)
            };
            model.add_expr(kind, *span, scope)
        }
        Json::Str(s, span) => model.add_expr(ExprKind::Str(s.clone()), *span, scope),
        Json::Array(items, span) => {
            let items = items.iter().map(|i| add(model, i)).collect();
            model.add_expr(ExprKind::Array { items }, *span, scope)
        }
        Json::Object(entries, span) => {
            let entries = entries
                .iter()
                .map(|(k, key_span, value)| Entry::Pair {
                    key: Key::Name(k.clone()),
                    value: add(model, value),
                    span: key_span.cover(value_span(value).unwrap_or(*key_span)),
                })
                .collect();
            model.add_expr(ExprKind::Object { entries }, *span, scope)
        }
        Json::Other(span) => model.add_expr(ExprKind::Unknown, *span, scope),
    }
}

fn value_span(v: &Json) -> Option<Span> {
    match v {
        Json::Number(_, s)
        | Json::Str(_, s)
        | Json::Array(_, s)
        | Json::Object(_, s)
        | Json::Other(s)
        | Json::Null(s)
        | Json::Bool(_, s) => Some(*s),
    }
}

struct Reader<'t> {
    b: &'t [u8],
    text: &'t str,
    i: usize,
}

impl Reader<'_> {
    fn err(&self, what: &'static str) -> NotJson {
        NotJson {
            offset: self.i,
            what,
        }
    }

    /// Skips white space and comments.
    fn ws(&mut self) -> Result<(), NotJson> {
        loop {
            while self.i < self.b.len() && self.b[self.i].is_ascii_whitespace() {
                self.i += 1;
            }
            match (self.b.get(self.i), self.b.get(self.i + 1)) {
                (Some(b'/'), Some(b'/')) => {
                    while self.i < self.b.len() && self.b[self.i] != b'\n' {
                        self.i += 1;
                    }
                }
                (Some(b'/'), Some(b'*')) => {
                    let end = self.text[self.i + 2..]
                        .find("*/")
                        .ok_or_else(|| self.err("unclosed comment"))?;
                    self.i += 2 + end + 2;
                }
                _ => return Ok(()),
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, NotJson> {
        if depth > MAX_DEPTH {
            return Err(self.err("nested too deep"));
        }
        self.ws()?;
        let start = self.i;
        match self.b.get(self.i) {
            None => Err(self.err("end of text where a value belongs")),
            Some(b'{') => {
                self.i += 1;
                let mut entries = Vec::new();
                loop {
                    self.ws()?;
                    match self.b.get(self.i) {
                        Some(b'}') => {
                            self.i += 1;
                            break;
                        }
                        Some(b'"') => {}
                        _ => return Err(self.err("expected a key or `}`")),
                    }
                    let key_start = self.i;
                    let key = self.string()?;
                    let key_span = Span::new(key_start, self.i);
                    self.ws()?;
                    if self.b.get(self.i) != Some(&b':') {
                        return Err(self.err("expected `:`"));
                    }
                    self.i += 1;
                    let v = self.value(depth + 1)?;
                    entries.push((key, key_span, v));
                    self.ws()?;
                    match self.b.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {}
                        _ => return Err(self.err("expected `,` or `}`")),
                    }
                }
                Ok(Json::Object(entries, Span::new(start, self.i)))
            }
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.ws()?;
                    if self.b.get(self.i) == Some(&b']') {
                        self.i += 1;
                        break;
                    }
                    items.push(self.value(depth + 1)?);
                    self.ws()?;
                    match self.b.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b']') => {}
                        _ => return Err(self.err("expected `,` or `]`")),
                    }
                }
                Ok(Json::Array(items, Span::new(start, self.i)))
            }
            Some(b'"') => {
                let s = self.string()?;
                Ok(Json::Str(s, Span::new(start, self.i)))
            }
            Some(b't') if self.text[self.i..].starts_with("true") => {
                self.i += 4;
                Ok(Json::Bool(true, Span::new(start, self.i)))
            }
            Some(b'f') if self.text[self.i..].starts_with("false") => {
                self.i += 5;
                Ok(Json::Bool(false, Span::new(start, self.i)))
            }
            Some(b'n') if self.text[self.i..].starts_with("null") => {
                self.i += 4;
                Ok(Json::Null(Span::new(start, self.i)))
            }
            Some(c) if *c == b'-' || c.is_ascii_digit() => {
                while self.i < self.b.len()
                    && matches!(
                        self.b[self.i],
                        b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'
                    )
                {
                    self.i += 1;
                }
                let span = Span::new(start, self.i);
                Ok(match self.text[start..self.i].parse::<f64>() {
                    Ok(n) => Json::Number(n, span),
                    Err(_) => Json::Other(span),
                })
            }
            Some(_) => Err(self.err("not a JSON value")),
        }
    }

    /// A string at `"`; the reader ends after its closing quote.
    fn string(&mut self) -> Result<String, NotJson> {
        self.i += 1;
        let mut out = String::new();
        loop {
            let rest = &self.text[self.i..];
            let Some(stop) = rest.find(['"', '\\']) else {
                return Err(self.err("unterminated string"));
            };
            out.push_str(&rest[..stop]);
            self.i += stop;
            if self.b[self.i] == b'"' {
                self.i += 1;
                return Ok(out);
            }
            // An escape.
            let c = self.b.get(self.i + 1).copied();
            self.i += 2;
            match c {
                Some(b'n') => out.push('\n'),
                Some(b't') => out.push('\t'),
                Some(b'r') => out.push('\r'),
                Some(b'b') => out.push('\u{8}'),
                Some(b'f') => out.push('\u{c}'),
                Some(b'u') => {
                    let hex = self
                        .text
                        .get(self.i..self.i + 4)
                        .ok_or_else(|| self.err("short \\u escape"))?;
                    let code =
                        u32::from_str_radix(hex, 16).map_err(|_| self.err("bad \\u escape"))?;
                    self.i += 4;
                    out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                }
                Some(c) if c.is_ascii() => out.push(c as char),
                _ => return Err(self.err("bad escape")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_jsonc_with_spans() {
        let text =
            "{\n  // keys\n  \"sdkSecret\": \"abc\", /* x */ \"n\": [1, 2.5, true, null,],\n}";
        let v = parse(text).unwrap();
        let Json::Str(s, span) = v.get("sdkSecret").unwrap() else {
            panic!()
        };
        assert_eq!(s, "abc");
        assert_eq!(&text[span.start..span.end], "\"abc\"");
        assert!(matches!(v.get("n"), Some(Json::Array(items, _)) if items.len() == 4));
    }

    #[test]
    fn rejects_what_is_not_json_without_panicking() {
        for bad in [
            "",
            "{",
            "{\"a\" 1}",
            "[1 2]",
            "\"abc",
            "{/* x",
            "nul",
            "{\"a\":1} x",
            "\"\\u12\"",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        let deep = "[".repeat(100_000);
        assert!(parse(&deep).is_err());
    }

    #[test]
    fn lowers_to_a_commonjs_module() {
        let m = lower("{\"key\": \"v\"}").unwrap();
        assert!(
            m.dump().contains("module.exports = {key: \"v\"}"),
            "{}",
            m.dump()
        );
    }
}
