//! Language front ends: parse with tree-sitter and lower into the shared [`Model`].
//!
//! Only this module and its children know tree-sitter. Each front end walks the syntax tree with
//! a [`Lowerer`], which owns the model under construction and bounds the recursion depth so that a
//! pathological file (expressions nested thousands deep) cannot overflow the stack.

use std::cell::RefCell;
use std::ops::ControlFlow;
use std::path::Path;
use std::time::{Duration, Instant};

use tree_sitter::{Node, ParseOptions, ParseState, Parser, Tree};

use crate::model::{
    Arg, AssignKind, Assignment, ExprId, ExprKind, Function, FunctionId, Language, Model, Param,
    ScopeId, ScopeKind, Span,
};

pub mod embedded;
pub mod java;
pub mod javascript;
pub mod json;
pub mod php;
pub mod python;
pub mod ruby;

/// Pages, templates and single-file components whose `<script>` code siglint reads (SPEC §7).
pub use embedded::{page_kind, PageKind};

/// How deep lowering descends before it gives up on a subtree (reported in the model).
pub const MAX_DEPTH: usize = 400;

/// The language of a file, from its name.
pub fn detect(path: &Path) -> Option<Language> {
    let name = path.file_name()?.to_str()?;
    if name == "Rakefile" || name == "Gemfile" {
        return Some(Language::Ruby);
    }
    let ext = path.extension()?.to_str()?;
    Some(match ext {
        "js" | "mjs" | "cjs" | "jsx" => Language::JavaScript,
        "ts" | "mts" | "cts" => {
            if name.ends_with(".d.ts") {
                return None;
            }
            Language::TypeScript
        }
        "tsx" => Language::Tsx,
        "rb" | "rake" => Language::Ruby,
        "php" => Language::Php,
        "java" => Language::Java,
        "py" | "pyw" => Language::Python,
        _ => return None,
    })
}

fn grammar(language: Language) -> tree_sitter::Language {
    match language {
        Language::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
        Language::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
        Language::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
        Language::Ruby => tree_sitter_ruby::LANGUAGE.into(),
        Language::Php => tree_sitter_php::LANGUAGE_PHP.into(),
        Language::Java => tree_sitter_java::LANGUAGE.into(),
        Language::Python => tree_sitter_python::LANGUAGE.into(),
    }
}

thread_local! {
    /// One parser per language per thread, reused across files.
    static PARSERS: RefCell<Vec<(Language, Parser)>> = const { RefCell::new(Vec::new()) };
}

/// Why a file produced no syntax tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// Parsing took longer than the limit and was cancelled.
    TimedOut { limit: Duration },
    /// The grammar could not be loaded (an ABI mismatch: a build problem, not the file's).
    NoParser,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParseError::TimedOut { limit } => {
                write!(f, "parsing took longer than {} ms", limit.as_millis())
            }
            ParseError::NoParser => write!(f, "the grammar could not be loaded"),
        }
    }
}

/// Parses `source` with the grammar of `language`, within the process's parse time limit
/// ([`parse_timeout`]); `None` when it timed out.
pub fn parse(language: Language, source: &str) -> Option<Tree> {
    parse_within(language, source, crate::limits::PARSE.get()).ok()
}

/// Parses `source` with the grammar of `language`, giving up after `limit` (tree-sitter's
/// cancellation: a progress callback that stops the parse).
pub fn parse_within(
    language: Language,
    source: &str,
    limit: Option<Duration>,
) -> Result<Tree, ParseError> {
    PARSERS.with(|cell| {
        let mut parsers = cell.borrow_mut();
        let idx = match parsers.iter().position(|(l, _)| *l == language) {
            Some(i) => i,
            None => {
                let mut p = Parser::new();
                p.set_language(&grammar(language))
                    .map_err(|_| ParseError::NoParser)?;
                parsers.push((language, p));
                parsers.len() - 1
            }
        };
        let parser = &mut parsers[idx].1;
        let Some(limit) = limit else {
            return parser.parse(source, None).ok_or(ParseError::NoParser);
        };
        let bytes = source.as_bytes();
        let start = Instant::now();
        let mut timed_out = false;
        // Called every hundred or so parser operations: a clock read there costs nothing
        // measurable.
        let mut progress = |_: &ParseState| {
            if start.elapsed() > limit {
                timed_out = true;
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        };
        let tree = parser.parse_with_options(
            &mut |i, _| bytes.get(i..).unwrap_or_default(),
            None,
            Some(ParseOptions::new().progress_callback(&mut progress)),
        );
        match tree {
            Some(tree) => Ok(tree),
            None => {
                // A cancelled parser resumes the old parse on its next call unless reset, and
                // this one is reused for the next file.
                parser.reset();
                Err(if timed_out {
                    ParseError::TimedOut { limit }
                } else {
                    ParseError::NoParser
                })
            }
        }
    })
}

/// Parses and lowers one file; `None` when it could not be parsed (see [`try_lower`]).
pub fn lower(language: Language, source: &str) -> Option<Model> {
    try_lower(language, source).ok()
}

/// Parses (within the process's parse time limit) and lowers one file.
pub fn try_lower(language: Language, source: &str) -> Result<Model, ParseError> {
    let tree = parse_within(language, source, crate::limits::PARSE.get())?;
    if language.is_javascript() && tree.root_node().has_error() {
        if let Some(model) = lower_with_placeholders(language, source, &tree)? {
            return Ok(model);
        }
    }
    let mut lw = Lowerer::new(language, source, &tree);
    match language {
        Language::JavaScript | Language::TypeScript | Language::Tsx => {
            javascript::lower_file(&mut lw, tree.root_node())
        }
        Language::Ruby => ruby::lower_file(&mut lw, tree.root_node()),
        Language::Php => php::lower_file(&mut lw, tree.root_node()),
        Language::Java => java::lower_file(&mut lw, tree.root_node()),
        Language::Python => python::lower_file(&mut lw, tree.root_node()),
    }
    Ok(lw.finish())
}

/// JavaScript/TypeScript of a sample or template with placeholders where values go
/// (`var API_SECRET = <API_SECRET>;`, `apiKey: <YOUR_API_KEY>,`): the grammar reads the
/// placeholder as an unclosed JSX element (or a type assertion) that swallows the rest of the
/// file. When filling the placeholders with identifiers of the same length makes the parse
/// better, that parse is lowered: each placeholder is an unknown name, and stays a syntax error
/// of the model (no fix touches it). `None` when there is none or it does not help.
fn lower_with_placeholders(
    language: Language,
    source: &str,
    tree: &Tree,
) -> Result<Option<Model>, ParseError> {
    let holes = placeholders(source);
    if holes.is_empty() {
        return Ok(None);
    }
    let mut bytes = source.as_bytes().to_vec();
    for h in &holes {
        bytes[h.clone()].fill(b'_');
    }
    // Only ASCII bytes were replaced by ASCII bytes.
    let Ok(filled) = String::from_utf8(bytes) else {
        return Ok(None);
    };
    let repaired = parse_within(language, &filled, crate::limits::PARSE.get())?;
    let count = |t: &Tree| {
        let mut v = Vec::new();
        collect_errors(t.root_node(), &mut v);
        v.len()
    };
    let before = count(tree);
    if count(&repaired) >= before {
        return Ok(None);
    }
    let mut lw = Lowerer::new(language, &filled, &repaired);
    lw.model
        .syntax_errors
        .extend(holes.iter().map(|h| Span::new(h.start, h.end)));
    javascript::lower_file(&mut lw, repaired.root_node());
    Ok(Some(lw.finish()))
}

/// Placeholders standing where a value goes: `<NAME>` after `=`, `:`, `(`, `,`, `[` or
/// `return` and before the end of the value (`;`, `,`, a bracket, the line's end), whose name is written in capitals (`<API_KEY>`, `<SDK SECRET>`) or starts with
/// "your" (`<your-api-secret>`), with no closing tag anywhere (`</API_KEY>`): no JSX element.
fn placeholders(source: &str) -> Vec<std::ops::Range<usize>> {
    let b = source.as_bytes();
    let mut out = Vec::new();
    for open in memchr::memchr_iter(b'<', b) {
        let Some(len) = b[open + 1..]
            .iter()
            .take(80)
            .position(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b' ')))
        else {
            continue;
        };
        let close = open + 1 + len;
        if b.get(close) != Some(&b'>') || len < 2 {
            continue;
        }
        let name = &source[open + 1..close];
        let lower = name.to_ascii_lowercase();
        let shaped = name.as_bytes()[0].is_ascii_alphabetic()
            && !name.ends_with(' ')
            && (!name.bytes().any(|c| c.is_ascii_lowercase()) || lower.starts_with("your"));
        if !shaped || source.contains(&format!("</{name}>")) {
            continue;
        }
        // A value ends there: no cast (`<T>value`) and no element with children.
        let ends = source[close + 1..]
            .trim_start_matches([' ', '\t'])
            .chars()
            .next()
            .is_none_or(|c| matches!(c, ';' | ',' | ')' | ']' | '}' | '\n' | '\r' | '+'));
        let before = source[..open].trim_end();
        let value_position = before.ends_with(['=', ':', '(', ',', '['])
            || before.ends_with("return")
                && !before[..before.len() - 6]
                    .bytes()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'$');
        if value_position && ends {
            out.push(open..close + 1);
        }
    }
    out
}

/// Lowers the script of a page (an HTML page, a view, a single-file component): its script
/// blocks as one JavaScript (or TypeScript) program whose spans are the page's, with the
/// page's template placeholders as unknown values ([`crate::model::Page`]). `Ok(None)` when
/// the page has no script.
pub fn lower_page(kind: PageKind, page: &str) -> Result<Option<Model>, ParseError> {
    let embedded = embedded::extract(kind, page);
    if let Some(e) = embedded.incomplete {
        return Err(e);
    }
    if embedded.blocks.is_empty() {
        return Ok(None);
    }
    let mut model = try_lower(embedded.language(), &embedded.virtual_source)?;
    let span = |r: &std::ops::Range<usize>| Span::new(r.start, r.end);
    let server_name = |s: Option<embedded::ServerLanguage>| -> Option<&'static str> {
        use embedded::ServerLanguage as S;
        Some(match s? {
            S::Php => "php",
            S::Ruby => "ruby",
            S::JavaScript => "javascript",
            S::Java | S::JavaEl => "java",
            S::Twig => "twig",
            S::Jinja => "jinja",
            S::Handlebars => "handlebars",
        })
    };
    let mut info = crate::model::Page {
        kind: match kind {
            PageKind::Vue => "a Vue component",
            PageKind::Svelte => "a Svelte component",
            PageKind::Html => "an HTML page",
            _ => "a server-rendered view",
        },
        blocks: embedded.blocks.iter().map(span).collect(),
        ..Default::default()
    };
    for p in &embedded.placeholders {
        match p.kind {
            embedded::PlaceholderKind::Expression => info.echoes.push(crate::model::Echo {
                span: span(&p.range),
                code: p.code.clone(),
                server: server_name(p.server),
            }),
            embedded::PlaceholderKind::Statement => info.tags.push(span(&p.range)),
        }
    }
    for h in &embedded.hidden_inputs {
        info.hidden_inputs.push(crate::model::HiddenInput {
            id: h.id.clone(),
            name: h.name.clone(),
            value: span(&h.value),
            literal: h
                .placeholders
                .is_empty()
                .then(|| page.get(h.value.clone()).map(str::to_string))
                .flatten(),
        });
    }
    // The fillers of echoes are no values of the script: a string or a name that holds one is
    // unknown (the evaluator reads the echo from the page's placeholders).
    let echo_spans: Vec<Span> = info.echoes.iter().map(|e| e.span).collect();
    for id in model.expr_ids().collect::<Vec<_>>() {
        let s = model.span(id);
        let holds_echo = echo_spans
            .iter()
            .any(|e| s.start < e.end && e.start < s.end);
        if holds_echo
            && matches!(
                model.kind(id),
                ExprKind::Str(_) | ExprKind::Name(_) | ExprKind::Interpolated { .. }
            )
        {
            model.exprs[id.0 as usize].kind = ExprKind::Unknown;
        }
    }
    model.page = Some(Box::new(info));
    Ok(Some(model))
}

/// The state of one lowering pass: the model being built, the current scope and depth.
pub struct Lowerer<'s> {
    pub src: &'s str,
    pub model: Model,
    pub scope: ScopeId,
    depth: usize,
    /// Returned expressions of the functions being lowered, innermost last.
    returns: Vec<Vec<ExprId>>,
}

impl<'s> Lowerer<'s> {
    fn new(language: Language, src: &'s str, tree: &Tree) -> Lowerer<'s> {
        let mut model = Model::new(language, Span::new(0, src.len()));
        collect_errors(tree.root_node(), &mut model.syntax_errors);
        Lowerer {
            src,
            model,
            scope: crate::model::FILE_SCOPE,
            depth: 0,
            returns: Vec::new(),
        }
    }

    fn finish(mut self) -> Model {
        self.model.finish();
        self.model
    }

    pub fn text(&self, node: Node) -> &'s str {
        &self.src[node.byte_range()]
    }

    pub fn span(node: Node) -> Span {
        Span::new(node.start_byte(), node.end_byte())
    }

    /// Adds an expression in the current scope.
    pub fn add(&mut self, kind: ExprKind, span: Span) -> ExprId {
        self.model.add_expr(kind, span, self.scope)
    }

    pub fn unknown(&mut self, node: Node) -> ExprId {
        self.add(ExprKind::Unknown, Self::span(node))
    }

    pub fn name(&mut self, name: &str, span: Span) -> ExprId {
        self.add(ExprKind::Name(name.to_string()), span)
    }

    pub fn member(&mut self, object: ExprId, name: &str, span: Span) -> ExprId {
        self.add(
            ExprKind::Member {
                object,
                name: name.to_string(),
            },
            span,
        )
    }

    pub fn call(&mut self, callee: ExprId, args: Vec<Arg>, span: Span) -> ExprId {
        self.add(ExprKind::Call { callee, args }, span)
    }

    /// Enters the recursion guard; returns false (and marks the model) when too deep.
    pub fn enter(&mut self) -> bool {
        if self.depth >= MAX_DEPTH {
            self.model.depth_limited = true;
            return false;
        }
        self.depth += 1;
        true
    }

    pub fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Runs `f` inside a new scope and restores the current one afterwards.
    pub fn in_scope<T>(
        &mut self,
        kind: ScopeKind,
        name: Option<String>,
        span: Span,
        f: impl FnOnce(&mut Self, ScopeId) -> T,
    ) -> T {
        let scope = self.model.add_scope(kind, self.scope, name, span);
        let saved = std::mem::replace(&mut self.scope, scope);
        let out = f(self, scope);
        self.scope = saved;
        out
    }

    pub fn assign(&mut self, target: ExprId, value: ExprId, kind: AssignKind, span: Span) {
        let scope = self.scope;
        self.model.add_assignment(Assignment {
            target,
            value,
            scope,
            kind,
            span,
        });
    }

    /// `target op= right` (`x += v`, `$s .= $t`, `x ||= v`): assigns `target op right` to the
    /// target and returns that value.
    pub fn compound_assign(
        &mut self,
        target: ExprId,
        op: crate::model::BinOp,
        right: ExprId,
        kind: AssignKind,
        span: Span,
    ) -> ExprId {
        let value = self.add(
            ExprKind::Binary {
                op,
                left: target,
                right,
            },
            span,
        );
        self.assign(target, value, kind, span);
        value
    }

    /// Declares `name = value` in the current scope.
    pub fn bind(
        &mut self,
        name: &str,
        name_span: Span,
        value: ExprId,
        kind: AssignKind,
        span: Span,
    ) {
        let target = self.name(name, name_span);
        self.assign(target, value, kind, span);
    }

    /// Records a returned expression of the innermost function being lowered.
    pub fn add_return(&mut self, value: ExprId) {
        match self.returns.last_mut() {
            Some(r) => r.push(value),
            // A `return` at the top of a file: its value (PHP `config/zoom.php`).
            None => self.model.file_returns.push(value),
        }
    }

    /// Lowers a function: opens its scope, lowers the parameters (so that defaults live in the
    /// function's scope) and then the body. `body` may return an expression that is the
    /// function's value without a `return` (arrow bodies, Ruby's last expression).
    pub fn function(
        &mut self,
        name: &str,
        name_span: Span,
        span: Span,
        params: impl FnOnce(&mut Self) -> Vec<Param>,
        body: impl FnOnce(&mut Self) -> Option<ExprId>,
    ) -> FunctionId {
        self.in_scope(
            ScopeKind::Function,
            (!name.is_empty()).then(|| name.to_string()),
            span,
            |lw, scope| {
                lw.returns.push(Vec::new());
                let params = params(lw);
                let implicit = body(lw);
                let mut returns = lw.returns.pop().unwrap_or_default();
                if let Some(e) = implicit {
                    returns.push(e);
                }
                lw.model.add_function(Function {
                    name: name.to_string(),
                    scope,
                    params,
                    returns,
                    span,
                    name_span,
                })
            },
        )
    }
}

fn collect_errors(root: Node, out: &mut Vec<Span>) {
    if !root.has_error() {
        return;
    }
    // Iterative walk: error collection must not recurse on deep trees.
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        if node.is_error() || node.is_missing() {
            out.push(Lowerer::span(node));
        }
        if node.has_error() && !node.is_error() && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

/// The named children of a node (comments excluded).
pub fn children(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|c| !c.kind().contains("comment"))
        .collect()
}

/// Resolves the common backslash escapes of a quoted string body. Unknown escapes are kept.
pub fn unescape(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some(other @ ('"' | '\'' | '\\' | '/' | '`' | '$')) => out.push(other),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Parses an integer literal in any of the usual spellings (`7_200`, `0x1C20`, `7200L`).
pub fn parse_int(text: &str) -> Option<i64> {
    let t: String = text.chars().filter(|c| *c != '_').collect();
    let t = t.trim_end_matches(['l', 'L', 'n']);
    if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return i64::from_str_radix(hex, 16).ok();
    }
    t.parse().ok()
}

/// Parses a numeric literal: an integer when it is one, else a float.
pub fn number(lw: &mut Lowerer, node: Node) -> ExprId {
    let text = lw.text(node);
    let span = Lowerer::span(node);
    if let Some(i) = parse_int(text) {
        return lw.add(ExprKind::Int(i), span);
    }
    let t: String = text
        .chars()
        .filter(|c| *c != '_')
        .collect::<String>()
        .trim_end_matches(['f', 'F', 'd', 'D'])
        .to_string();
    match t.parse::<f64>() {
        Ok(f) => lw.add(ExprKind::Float(f), span),
        Err(_) => lw.add(ExprKind::Unknown, span),
    }
}
