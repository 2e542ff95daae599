//! Code embedded in pages: the JavaScript of `<script>` blocks in HTML, PHP/Blade/ERB/EJS/
//! Twig/Jinja/Handlebars/JSP/Thymeleaf views and Vue/Svelte single-file components (SPEC §7).
//!
//! [`extract`] turns a page into a *virtual source*: a text of exactly the page's byte length in
//! which every byte outside the page's script code is a space (line breaks kept), so that the
//! JavaScript front end parses only the scripts and every span it reports is a byte offset of the
//! page itself. Template placeholders inside the scripts (`"<?= SDK_SECRET ?>"`, `{{ x }}`,
//! `<%= ENV['X'] %>`, `${x}`) are replaced by fillers of the same length that keep the script
//! parseable: an identifier of `_` where an expression is echoed, spaces where a statement tag
//! stands. Each is recorded as a [`Placeholder`] with the server-side code it echoes.
//!
//! # How a page is read
//!
//! A server template is processed before the browser ever sees HTML, so the template layer is
//! read first, then the HTML:
//!
//! 1. **Template layer** (per [`PageKind`]): the PHP grammar's `text` nodes for `.php` views
//!    (everything else is a PHP island: `<?php … ?>`, `<?= … ?>`); tree-sitter-embedded-template
//!    for ERB and EJS; a delimiter lexer for Blade, Twig, Jinja, Handlebars and JSP.
//! 2. The template tokens are masked (filled as above) and the masked page is parsed with
//!    tree-sitter-html, which follows the HTML rules for raw text: a script ends at the first
//!    `</script` (case-insensitive), even inside a JavaScript string, and an unclosed `<script>`
//!    runs to the end of the file. Only `<script>` elements whose content the browser runs as
//!    JavaScript are kept (no `type`, a JavaScript MIME type, `module`, `text/babel`; not
//!    `application/json`, `text/template`, `importmap`…), and not those with a `src` (the
//!    browser ignores their content). Large pages are parsed in windows of 512 KiB cut where
//!    the HTML tokenizer is in its data state (see `scan_html`), so that memory stays bounded
//!    on generated markup (a 10 MB table: 60 MB peak instead of 400 MB).
//! 3. Plain `.html` pages have no known template engine; their scripts are read after the HTML,
//!    for the placeholders of the usual engines: Thymeleaf inlined expressions (`[[${x}]]`,
//!    `[(${x})]`, natural-template comments) when the page is a Thymeleaf page (a `th:`
//!    attribute), otherwise the `{{ }}`/`{% %}`/`{# #}` family (Jinja, Django, Nunjucks, Go…) and
//!    `<% %>` (EJS views served as `.html`), whose engine is unknown.
//!
//! # Why a lexer and not a regular expression
//!
//! Template delimiters nest and quote: `{{ {'a': {'b': 1}} }}` ends at the last `}}`,
//! `{% set s = "%}" %}` at the second `%}`, `@if(in_array($x, ['(', ')']))` at the last `)`,
//! `${map["}"]}` at the last `}`. A regular expression either stops too early (non-greedy) or
//! too late (greedy), and backtracking patterns over a 10 MB page are quadratic. The lexers here
//! scan once, left to right, tracking string literals (with backslash escapes) and bracket depth
//! exactly where the engine itself does (Twig/Jinja expressions and tags, JSP EL, Blade directive
//! arguments, Handlebars mustaches, Thymeleaf inlined expressions) and stopping at the first
//! closer where the engine does (Blade `{{ }}` and `{!! !!}`, JSP scriptlets, comments of every
//! engine). Every scan is linear: a delimiter that is never closed is literal text (the engine
//! would fail on it; the script keeps the text), and once an opener has scanned to the end of the
//! input without finding its closer, the later openers of that kind are literal too, so no byte
//! is scanned twice by failed openers; a string that never closes is remembered per quote
//! character for the same reason.
//!
//! # Out of scope, and known limits
//!
//! - Inline event handlers (`onclick="…"`), `javascript:` URLs and `<style>` blocks: not script
//!   blocks.
//! - Script produced by server code (`echo '<script>…'` in PHP, a Blade `@include` of another
//!   view, a layout that wraps the view): only the page's own text is read.
//! - The HTML "script data double escaped" state (`<!-- <script>` inside a script) and
//!   `<script />` written as self-closing (XHTML): tree-sitter-html does not model them.
//! - Template control flow that chooses between alternatives inside one expression
//!   (`role: {% if host %}1{% else %}0{% endif %}`) leaves both alternatives in the script
//!   (`1 0`): a local syntax error of the virtual source, the rest of the script is sound.
//! - An expression placeholder that spans lines inside a JavaScript string breaks the string
//!   (the line breaks are kept); one right after a number (`1{{ x }}`) is a number followed by
//!   an identifier.
//! - A `type` attribute written with template code (`<script type="{{ t }}">`) is not
//!   JavaScript (the filler is no MIME type).
//! - Blade directives registered by the application, EJS custom delimiters and Jinja line
//!   statements are not recognised (left as text).
//! - In a plain `.html` page the engine is unknown: `{{ … }}` is taken as a placeholder
//!   wherever it stands in a script, so JavaScript that nests a block directly in a block
//!   (`if (a) {{ b(); }}`) would be misread; JSP EL `${…}` inside a JavaScript template
//!   literal of a `.jsp` is a placeholder, as Jasper evaluates it.

use std::borrow::Cow;
use std::cell::RefCell;
use std::ops::{ControlFlow, Range};
use std::path::Path;
use std::time::{Duration, Instant};

use tree_sitter::{Node, ParseOptions, ParseState, Parser, Tree};

use super::ParseError;
use crate::model::Language;

/// The kinds of page siglint reads JavaScript from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PageKind {
    /// `.html`, `.htm`, `.xhtml`: plain HTML, or a template of an engine the name does not tell
    /// (Jinja/Django in Flask `templates/`, Thymeleaf, EJS views served as `.html`).
    Html,
    /// `.vue` single-file component.
    Vue,
    /// `.svelte` component.
    Svelte,
    /// `.php` (and `.phtml`) with inline HTML.
    Php,
    /// `.blade.php` (Laravel).
    Blade,
    /// `.erb`, `.html.erb` (Rails).
    Erb,
    /// `.ejs`.
    Ejs,
    /// `.hbs`, `.handlebars`.
    Handlebars,
    /// `.twig`, `.html.twig`.
    Twig,
    /// `.jinja`, `.jinja2`, `.j2`.
    Jinja,
    /// `.jsp`, `.jspf`.
    Jsp,
}

impl PageKind {
    /// The kind's name as reports count files (`html`, `vue`, `blade`…).
    pub fn id(self) -> &'static str {
        match self {
            PageKind::Html => "html",
            PageKind::Vue => "vue",
            PageKind::Svelte => "svelte",
            PageKind::Php => "php",
            PageKind::Blade => "blade",
            PageKind::Erb => "erb",
            PageKind::Ejs => "ejs",
            PageKind::Handlebars => "handlebars",
            PageKind::Twig => "twig",
            PageKind::Jinja => "jinja",
            PageKind::Jsp => "jsp",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            PageKind::Html => "HTML",
            PageKind::Vue => "Vue",
            PageKind::Svelte => "Svelte",
            PageKind::Php => "PHP",
            PageKind::Blade => "Blade",
            PageKind::Erb => "ERB",
            PageKind::Ejs => "EJS",
            PageKind::Handlebars => "Handlebars",
            PageKind::Twig => "Twig",
            PageKind::Jinja => "Jinja",
            PageKind::Jsp => "JSP",
        }
    }
}

/// The language of the server-side code a placeholder echoes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ServerLanguage {
    /// PHP (`.php` islands, Blade echoes and directive arguments).
    Php,
    /// Ruby (ERB).
    Ruby,
    /// JavaScript run on the server (EJS).
    JavaScript,
    /// Java (JSP scriptlets and `<%= %>` expressions).
    Java,
    /// The Java expression languages: JSP/Jakarta EL `${…}` `#{…}`, Thymeleaf standard
    /// expressions (Spring EL / OGNL).
    JavaEl,
    /// Twig expressions.
    Twig,
    /// Jinja expressions (Python-like).
    Jinja,
    /// Handlebars expressions.
    Handlebars,
}

/// What a template placeholder stands for in the script.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlaceholderKind {
    /// An echoed value (`<?= $x ?>`, `{{ x }}`): an unknown value in the script.
    Expression,
    /// A tag that outputs nothing the script reads (`<?php if … ?>`, `{% if %}`, a comment).
    Statement,
}

/// A template placeholder inside script code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placeholder {
    /// The bytes of the whole placeholder, delimiters included.
    pub range: Range<usize>,
    pub kind: PlaceholderKind,
    /// The server-side code it echoes (or the statement it holds), trimmed and without the
    /// engine's whitespace-control marks: `SDK_SECRET`, `config('zoom.sdk_secret')`,
    /// `ENV['ZOOM_SDK_SECRET']`, `$secret`, `zoomSecret`.
    pub code: String,
    /// The language of that code where one is known (`None` for comments and for plain `.html`
    /// pages, whose engine is unknown).
    pub server: Option<ServerLanguage>,
}

/// An `<input type="hidden">` of the page: code reads it back with
/// `document.getElementById(id).value`, so its value reaches the script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HiddenInput {
    /// The `id` attribute, as written.
    pub id: Option<String>,
    /// The `name` attribute, as written.
    pub name: Option<String>,
    /// The value's bytes inside the attribute's quotes (Thymeleaf: of `th:value`).
    pub value: Range<usize>,
    /// The template placeholders inside the value (`value="<?= API_SECRET ?>"`).
    pub placeholders: Vec<Placeholder>,
}

/// The JavaScript of a page, ready for the JavaScript front end.
#[derive(Clone, Debug, Default)]
pub struct Embedded {
    /// A text of exactly the page's byte length (same line breaks), in which every byte outside
    /// the page's script code is a space, so that the JavaScript parser sees only the scripts
    /// and every span it reports is a byte offset of the page itself. Placeholders are filled
    /// (see [`Placeholder`]); a multi-line expression placeholder is `_` up to its first line
    /// break and spaces after it.
    pub virtual_source: String,
    /// Whether any block is TypeScript (`<script lang="ts">`, `<script setup lang="ts">`).
    pub typescript: bool,
    /// Whether any block is TSX (`lang="tsx"`); implies `typescript`.
    pub tsx: bool,
    /// The script blocks: byte ranges of their code in the page, in page order.
    pub blocks: Vec<Range<usize>>,
    /// Template placeholders inside script code, in page order.
    pub placeholders: Vec<Placeholder>,
    /// `<input type="hidden">` elements with a value, in page order.
    pub hidden_inputs: Vec<HiddenInput>,
    /// The page could not be parsed within the process's parse time limit (one limit for all
    /// the page's grammars and windows): nothing was extracted.
    pub incomplete: Option<ParseError>,
}

impl Embedded {
    /// Nothing to analyse: a blank text of the page's length.
    fn empty(page: &str) -> Embedded {
        Embedded {
            virtual_source: blank_text(page),
            ..Embedded::default()
        }
    }

    fn failed(page: &str, error: ParseError) -> Embedded {
        Embedded {
            incomplete: Some(error),
            ..Embedded::empty(page)
        }
    }

    /// The grammar to parse [`Embedded::virtual_source`] with.
    pub fn language(&self) -> Language {
        if self.tsx {
            Language::Tsx
        } else if self.typescript {
            Language::TypeScript
        } else {
            Language::JavaScript
        }
    }

    /// The placeholder that covers byte `at`, if any.
    pub fn placeholder_at(&self, at: usize) -> Option<&Placeholder> {
        let i = self.placeholders.partition_point(|p| p.range.end <= at);
        self.placeholders.get(i).filter(|p| p.range.contains(&at))
    }
}

/// The page kind of a path, from its name: `.html .htm .xhtml .vue .svelte .ejs .hbs
/// .handlebars .twig .jinja .jinja2 .j2 .jsp .jspf .erb` (so `.html.erb`), `.blade.php`, and
/// `.php`/`.phtml` for views with inline HTML. Thymeleaf pages are `.html`.
pub fn page_kind(path: &Path) -> Option<PageKind> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    if name.ends_with(".blade.php") {
        return Some(PageKind::Blade);
    }
    let ext = name.rsplit_once('.')?.1;
    Some(match ext {
        "html" | "htm" | "xhtml" => PageKind::Html,
        "vue" => PageKind::Vue,
        "svelte" => PageKind::Svelte,
        "php" | "phtml" => PageKind::Php,
        "erb" | "rhtml" => PageKind::Erb,
        "ejs" => PageKind::Ejs,
        "hbs" | "handlebars" => PageKind::Handlebars,
        "twig" => PageKind::Twig,
        "jinja" | "jinja2" | "j2" => PageKind::Jinja,
        "jsp" | "jspf" => PageKind::Jsp,
        _ => return None,
    })
}

/// Extracts the JavaScript of a page of the given kind. Never panics; a page whose parse ran
/// past the process's parse time limit gives an empty result with [`Embedded::incomplete`] set.
pub fn extract(kind: PageKind, page: &str) -> Embedded {
    // The cheap exit: no script (and no hidden input a script of the page could read).
    if !mentions_script_or_input(page.as_bytes()) {
        return Embedded::empty(page);
    }
    let outer = match kind {
        PageKind::Html | PageKind::Vue | PageKind::Svelte => Vec::new(),
        PageKind::Php => {
            if !has_inline_html(page) {
                return Embedded::empty(page);
            }
            return match super::parse_within(Language::Php, page, crate::limits::PARSE.get()) {
                Ok(tree) => extract_php(page, &tree),
                Err(e) => Embedded::failed(page, e),
            };
        }
        PageKind::Erb | PageKind::Ejs => match embedded_template_tokens(kind, page) {
            Ok(tokens) => tokens,
            Err(e) => return Embedded::failed(page, e),
        },
        PageKind::Blade => blade_tokens(page.as_bytes()),
        PageKind::Twig => jinja_tokens(page.as_bytes(), ServerLanguage::Twig),
        PageKind::Jinja => jinja_tokens(page.as_bytes(), ServerLanguage::Jinja),
        PageKind::Handlebars => handlebars_tokens(page.as_bytes()),
        PageKind::Jsp => jsp_tokens(page.as_bytes()),
    };
    assemble(kind, page, outer)
}

/// [`extract`] for a `.php` view whose PHP tree the caller already has (parsed with
/// `LANGUAGE_PHP` from the same text).
pub fn extract_php(page: &str, tree: &Tree) -> Embedded {
    if !mentions_script_or_input(page.as_bytes()) || !has_inline_html(page) {
        return Embedded::empty(page);
    }
    let tokens = php_tokens(page, tree);
    assemble(PageKind::Php, page, tokens)
}

// ---------------------------------------------------------------------------------------------
// Assembly: mask the template layer, parse the HTML, copy the script code.

fn assemble(kind: PageKind, page: &str, outer: Vec<Placeholder>) -> Embedded {
    let bytes = page.as_bytes();
    let bom = if bytes.starts_with("\u{feff}".as_bytes()) {
        3
    } else {
        0
    };
    let masked: Cow<[u8]> = if outer.is_empty() && bom == 0 {
        Cow::Borrowed(bytes)
    } else {
        let mut m = bytes.to_vec();
        m[..bom].fill(b' ');
        for t in &outer {
            fill(&mut m, t.range.clone(), t.kind);
        }
        Cow::Owned(m)
    };
    let html = match scan_html(page, &masked) {
        Ok(html) => html,
        Err(e) => return Embedded::failed(page, e),
    };

    let mut virt = blank_bytes(bytes);
    let mut out = Embedded::default();
    for script in html.scripts.iter().filter(|s| s.javascript) {
        let block = script.code.clone();
        virt[block.clone()].copy_from_slice(&masked[block.clone()]);
        out.typescript |= script.typescript;
        out.tsx |= script.tsx;
        if kind == PageKind::Html {
            let inner = if html.thymeleaf {
                thymeleaf_tokens(bytes, block.clone())
            } else {
                unknown_engine_tokens(bytes, block.clone())
            };
            for t in &inner {
                fill(&mut virt, t.range.clone(), t.kind);
            }
            out.placeholders.extend(inner);
        } else {
            out.placeholders.extend_from_slice(within(&outer, &block));
        }
        out.blocks.push(block);
    }
    out.placeholders.sort_by_key(|p| p.range.start);

    for input in html.hidden_inputs {
        let placeholders = match (&input.th_value, kind) {
            (Some(code), _) => vec![Placeholder {
                range: input.value.clone(),
                kind: PlaceholderKind::Expression,
                code: el_code(code),
                server: Some(ServerLanguage::JavaEl),
            }],
            (None, PageKind::Html) => unknown_engine_tokens(bytes, input.value.clone()),
            (None, _) => within(&outer, &input.value).to_vec(),
        };
        out.hidden_inputs.push(HiddenInput {
            id: input.id,
            name: input.name,
            value: input.value,
            placeholders,
        });
    }

    out.virtual_source = String::from_utf8(virt).unwrap_or_else(|_| {
        // Every block and placeholder boundary is an ASCII delimiter, so the copy is valid
        // UTF-8; should that ever fail, nothing is extracted rather than a shifted text.
        out.blocks.clear();
        out.placeholders.clear();
        blank_text(page)
    });
    out
}

/// The tokens (sorted by start) that lie inside `range`.
fn within<'t>(tokens: &'t [Placeholder], range: &Range<usize>) -> &'t [Placeholder] {
    let lo = tokens.partition_point(|t| t.range.start < range.start);
    let hi = tokens.partition_point(|t| t.range.start < range.end);
    let slice = &tokens[lo..hi.max(lo)];
    // Template tokens are masked before the HTML is parsed, so none straddles a block's end;
    // the check keeps a grammar surprise from producing a placeholder outside its block.
    let keep = slice.partition_point(|t| t.range.end <= range.end);
    &slice[..keep]
}

/// Replaces `range` of `buf` by a filler of the same length: `_` for an expression up to its
/// first line break (an identifier), spaces after it and for a statement. Line breaks stay.
fn fill(buf: &mut [u8], range: Range<usize>, kind: PlaceholderKind) {
    let Some(slice) = buf.get_mut(range) else {
        return;
    };
    let mut filler = match kind {
        PlaceholderKind::Expression => b'_',
        PlaceholderKind::Statement => b' ',
    };
    for b in slice {
        if *b == b'\n' || *b == b'\r' {
            filler = b' ';
        } else {
            *b = filler;
        }
    }
}

fn blank_bytes(bytes: &[u8]) -> Vec<u8> {
    bytes
        .iter()
        .map(|&b| if b == b'\n' || b == b'\r' { b } else { b' ' })
        .collect()
}

fn blank_text(page: &str) -> String {
    // Only ASCII bytes: always valid UTF-8.
    String::from_utf8(blank_bytes(page.as_bytes())).unwrap_or_default()
}

fn starts_with_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len() && hay[..needle.len()].eq_ignore_ascii_case(needle)
}

/// Whether the page has a `<script` or `<input` tag anywhere (ASCII case-insensitive): one pass
/// over the `<` bytes.
fn mentions_script_or_input(bytes: &[u8]) -> bool {
    memchr::memchr_iter(b'<', bytes).any(|i| {
        let rest = &bytes[i + 1..];
        starts_with_ci(rest, b"script") || starts_with_ci(rest, b"input")
    })
}

/// Whether a PHP file has inline HTML: text before its first `<?`, or a `?>` anywhere.
fn has_inline_html(page: &str) -> bool {
    let start = page.trim_start_matches('\u{feff}').trim_start();
    !start.starts_with("<?") || memchr::memmem::find(page.as_bytes(), b"?>").is_some()
}

// ---------------------------------------------------------------------------------------------
// Parsers for the page grammars (the language grammars live in `super`).

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Grammar {
    Html,
    EmbeddedTemplate,
}

thread_local! {
    /// One parser per page grammar per thread, reused across pages.
    static PARSERS: RefCell<Vec<(Grammar, Parser)>> = const { RefCell::new(Vec::new()) };
}

/// Parses `text` within the process's parse time limit (the same cancellation as
/// [`super::parse_within`]).
fn parse_grammar(grammar: Grammar, text: &[u8]) -> Result<Tree, ParseError> {
    let limit = crate::limits::PARSE.get();
    parse_until(grammar, text, limit.map(|l| (Instant::now(), l)))
}

/// Parses `text`, cancelled when `deadline` (a start and the limit from it) has passed.
fn parse_until(
    grammar: Grammar,
    text: &[u8],
    deadline: Option<(Instant, Duration)>,
) -> Result<Tree, ParseError> {
    let (start, limit) = match deadline {
        Some((start, limit)) => (start, Some(limit)),
        None => (Instant::now(), None),
    };
    PARSERS.with(|cell| {
        let mut parsers = cell.borrow_mut();
        let idx = match parsers.iter().position(|(g, _)| *g == grammar) {
            Some(i) => i,
            None => {
                let language: tree_sitter::Language = match grammar {
                    Grammar::Html => tree_sitter_html::LANGUAGE.into(),
                    Grammar::EmbeddedTemplate => tree_sitter_embedded_template::LANGUAGE.into(),
                };
                let mut p = Parser::new();
                p.set_language(&language)
                    .map_err(|_| ParseError::NoParser)?;
                parsers.push((grammar, p));
                parsers.len() - 1
            }
        };
        let parser = &mut parsers[idx].1;
        let mut timed_out = false;
        let mut progress = |_: &ParseState| match limit {
            Some(limit) if start.elapsed() > limit => {
                timed_out = true;
                ControlFlow::Break(())
            }
            _ => ControlFlow::Continue(()),
        };
        let tree = parser.parse_with_options(
            &mut |i, _| text.get(i..).unwrap_or_default(),
            None,
            Some(ParseOptions::new().progress_callback(&mut progress)),
        );
        match tree {
            Some(tree) => Ok(tree),
            None => {
                parser.reset();
                Err(match limit {
                    Some(limit) if timed_out => ParseError::TimedOut { limit },
                    _ => ParseError::NoParser,
                })
            }
        }
    })
}

/// Pre-order walk over every node of a tree, without recursion.
fn walk(tree: &Tree, mut visit: impl FnMut(Node) -> bool) {
    let mut cursor = tree.walk();
    loop {
        let descend = visit(cursor.node());
        if descend && cursor.goto_first_child() {
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

// ---------------------------------------------------------------------------------------------
// The HTML layer.

struct ScriptTag {
    /// Where its start tag begins.
    tag: usize,
    code: Range<usize>,
    javascript: bool,
    typescript: bool,
    tsx: bool,
}

struct RawHidden {
    tag: usize,
    id: Option<String>,
    name: Option<String>,
    value: Range<usize>,
    /// Thymeleaf's `th:value` expression, when the value comes from it.
    th_value: Option<String>,
}

#[derive(Default)]
struct HtmlScan {
    scripts: Vec<ScriptTag>,
    hidden_inputs: Vec<RawHidden>,
    /// A Thymeleaf page (a `th:` or `data-th-` attribute, or the `xmlns:th` namespace).
    thymeleaf: bool,
}

/// An attribute of a tag: its name, and its value's range inside the quotes.
struct Attribute {
    name: String,
    value: Option<Range<usize>>,
}

fn attributes(tag: Node, page: &str, offset: usize) -> Vec<Attribute> {
    let shift = |r: Range<usize>| r.start + offset..r.end + offset;
    let mut out = Vec::new();
    let mut cursor = tag.walk();
    for attr in tag.named_children(&mut cursor) {
        if attr.kind() != "attribute" {
            continue;
        }
        let mut name = None;
        let mut value = None;
        let mut c2 = attr.walk();
        for part in attr.named_children(&mut c2) {
            match part.kind() {
                "attribute_name" => name = page.get(shift(part.byte_range())),
                "attribute_value" => value = Some(shift(part.byte_range())),
                "quoted_attribute_value" => {
                    let inner = part
                        .named_child(0)
                        .filter(|v| v.kind() == "attribute_value")
                        .map(|v| shift(v.byte_range()));
                    // `value=""`: the empty range between the quotes.
                    let r = shift(part.byte_range());
                    value = Some(inner.unwrap_or(r.start + 1..(r.start + 1).min(r.end)));
                }
                _ => {}
            }
        }
        if let Some(name) = name {
            out.push(Attribute {
                name: name.to_ascii_lowercase(),
                value,
            });
        }
    }
    out
}

fn attr<'a>(attrs: &'a [Attribute], name: &str) -> Option<&'a Attribute> {
    attrs.iter().find(|a| a.name == name)
}

fn attr_text<'p>(attrs: &[Attribute], name: &str, page: &'p str) -> Option<&'p str> {
    attr(attrs, name).map(|a| {
        a.value
            .clone()
            .and_then(|r| page.get(r))
            .unwrap_or_default()
    })
}

/// Whether a `<script>` with these attributes holds JavaScript the browser runs (HTML's
/// "JavaScript MIME type essence match", `module`, and Babel's in-browser `text/babel`).
fn runs_as_javascript(attrs: &[Attribute], page: &str) -> bool {
    if attr(attrs, "src").is_some() {
        return false;
    }
    let essence = |t: &str| {
        let t = t.split(';').next().unwrap_or_default().trim();
        t.to_ascii_lowercase()
    };
    match attr_text(attrs, "type", page) {
        Some(t) if !t.trim().is_empty() => matches!(
            essence(t).as_str(),
            "module"
                | "text/javascript"
                | "application/javascript"
                | "application/ecmascript"
                | "application/x-ecmascript"
                | "application/x-javascript"
                | "text/ecmascript"
                | "text/javascript1.0"
                | "text/javascript1.1"
                | "text/javascript1.2"
                | "text/javascript1.3"
                | "text/javascript1.4"
                | "text/javascript1.5"
                | "text/jscript"
                | "text/livescript"
                | "text/x-ecmascript"
                | "text/x-javascript"
                | "text/babel"
                | "text/jsx"
        ),
        // No type: the old `language` attribute decides when present.
        _ => match attr_text(attrs, "language", page) {
            Some(l) if !l.trim().is_empty() => {
                let l = l.trim().to_ascii_lowercase();
                l.starts_with("javascript") || l == "jscript" || l == "ecmascript"
            }
            _ => true,
        },
    }
}

/// How much of a page one tree-sitter-html parse covers. A syntax tree costs about a hundred
/// bytes per node, and markup-heavy pages (generated reports, API docs) have a node every few
/// bytes: a 10 MB page would take 400 MB at once.
const HTML_WINDOW: usize = 512 * 1024;

/// Reads the HTML of `masked` (the page with its template tags filled) with tree-sitter-html,
/// one window at a time, so that one window's tree is in memory at once.
///
/// A window's parse is right up to the start of the one lexical construct that is still open
/// at its end (a tag, a quoted attribute value, a comment, the raw text of a script or style):
/// before it the tokens are those of a parse of the whole page. The window is kept up to the
/// last tag (start tag, end tag, comment, doctype) that begins before that construct; there the
/// HTML tokenizer is in its data state, and the next window starts there. (Element nesting is
/// lost at the cut; nothing here depends on it.) When no tag follows the window's start, as in
/// a huge inline script, the window is doubled, so the work stays linear.
fn scan_html(page: &str, masked: &[u8]) -> Result<HtmlScan, ParseError> {
    scan_html_in_windows(page, masked, HTML_WINDOW)
}

fn scan_html_in_windows(
    page: &str,
    masked: &[u8],
    base_window: usize,
) -> Result<HtmlScan, ParseError> {
    let deadline = crate::limits::PARSE.get().map(|l| (Instant::now(), l));
    let mut scan = HtmlScan::default();
    let mut from = 0;
    let mut window = base_window;
    while from < masked.len() {
        let to = from.saturating_add(window).min(masked.len());
        let text = &masked[from..to];
        let tree = parse_until(Grammar::Html, text, deadline)?;
        let last = to == masked.len();
        let open = if last {
            usize::MAX
        } else {
            from + open_construct(&tree, text)
        };
        let mut part = HtmlScan::default();
        let last_tag = scan_tree(page, &tree, from, open, &mut part);
        let cut = match last_tag {
            _ if last => usize::MAX,
            Some(tag) if tag > from => tag,
            _ => {
                window = window.saturating_mul(2);
                continue;
            }
        };
        scan.thymeleaf |= part.thymeleaf;
        scan.scripts
            .extend(part.scripts.into_iter().filter(|s| s.tag < cut));
        scan.hidden_inputs
            .extend(part.hidden_inputs.into_iter().filter(|h| h.tag < cut));
        if last {
            break;
        }
        from = cut;
        window = base_window;
    }
    Ok(scan)
}

/// Where the construct left open by the end of a window's text starts (relative to the window),
/// or a conservative earlier position; the text's length when none is open.
/// - Raw text that runs to the end: its start tag (tree-sitter-html reads unclosed raw text to
///   the end of its input).
/// - An unclosed tag or quoted attribute value: tree-sitter-html wraps the elements still open
///   at the end in an ERROR whose last children are the loose tokens of the unclosed tag
///   (`<`, `tag_name`, `attribute_name`, `"`, …): the first of those trailing tokens, found
///   along the tree's rightmost path.
/// - An unclosed comment: tree-sitter-html does not run it to the end but reports `<!--` as an
///   error and reads the rest as markup, so a `<!--` after the text's last `-->` counts as open.
fn open_construct(tree: &Tree, text: &[u8]) -> usize {
    let len = text.len();
    let root = tree.root_node();
    let comment = {
        let after_close = memchr::memmem::rfind(text, b"-->").map_or(0, |k| k + 3);
        memchr::memmem::find(&text[after_close..], b"<!--").map_or(len, |k| after_close + k)
    };
    if let Some(leaf) = root.descendant_for_byte_range(len.saturating_sub(1), len) {
        if leaf.kind() == "raw_text" && leaf.end_byte() == len {
            let tag = leaf
                .prev_sibling()
                .filter(|t| t.kind() == "start_tag")
                .map_or(leaf.start_byte(), |t| t.start_byte());
            return tag.min(comment);
        }
    }
    let markup = |n: Node| {
        !n.is_missing()
            && matches!(
                n.kind(),
                "start_tag"
                    | "end_tag"
                    | "self_closing_tag"
                    | "erroneous_end_tag"
                    | "element"
                    | "script_element"
                    | "style_element"
                    | "text"
                    | "comment"
                    | "doctype"
                    | "ERROR"
            )
    };
    let mut node = root;
    let open = loop {
        let n = node.child_count();
        let Some(last) = n.checked_sub(1).and_then(|i| node.child(i)) else {
            break len;
        };
        if last.end_byte() < len {
            break len;
        }
        if markup(last) {
            if last.has_error() {
                node = last;
                continue;
            }
            break len;
        }
        // A trailing run of loose tokens: the unclosed construct starts at its first token.
        let mut first = n - 1;
        while first > 0 && node.child(first - 1).is_some_and(|c| !markup(c)) {
            first -= 1;
        }
        break node.child(first).map_or(len, |c| c.start_byte());
    };
    open.min(comment)
}

/// Collects the scripts and hidden inputs of one window's tree (`offset`: where the window
/// starts in the page) that begin before `limit`; returns the page offset of the last tag that
/// begins before `limit`.
fn scan_tree(
    page: &str,
    tree: &Tree,
    offset: usize,
    limit: usize,
    scan: &mut HtmlScan,
) -> Option<usize> {
    let shift = |r: Range<usize>| r.start + offset..r.end + offset;
    let mut last_tag = None;
    walk(tree, |node| {
        if node.start_byte() + offset >= limit {
            return false;
        }
        match node.kind() {
            "end_tag" | "erroneous_end_tag" | "comment" | "doctype" => {
                last_tag = Some(node.start_byte() + offset);
                false
            }
            "start_tag" | "self_closing_tag" => {
                last_tag = Some(node.start_byte() + offset);
                let Some(name) = node
                    .named_child(0)
                    .filter(|n| n.kind() == "tag_name")
                    .and_then(|n| page.get(shift(n.byte_range())))
                else {
                    return false;
                };
                let attrs = attributes(node, page, offset);
                if !scan.thymeleaf {
                    scan.thymeleaf = attrs.iter().any(|a| {
                        a.name.starts_with("th:")
                            || a.name.starts_with("data-th-")
                            || a.name == "xmlns:th"
                    });
                }
                if name.eq_ignore_ascii_case("script") && node.kind() == "start_tag" {
                    // The code is the raw text after the start tag: its sibling inside the
                    // script element, or inside an ERROR when the script is never closed.
                    if let Some(raw) = node.next_sibling().filter(|n| n.kind() == "raw_text") {
                        let lang = attr_text(&attrs, "lang", page)
                            .map(|l| l.trim().to_ascii_lowercase())
                            .unwrap_or_default();
                        let tsx = lang == "tsx";
                        scan.scripts.push(ScriptTag {
                            tag: node.start_byte() + offset,
                            code: shift(raw.byte_range()),
                            javascript: runs_as_javascript(&attrs, page),
                            typescript: tsx || lang == "ts" || lang == "typescript",
                            tsx,
                        });
                    }
                } else if name.eq_ignore_ascii_case("input") {
                    let hidden = attr_text(&attrs, "type", page)
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("hidden"));
                    let th_value =
                        attr(&attrs, "th:value").or_else(|| attr(&attrs, "data-th-value"));
                    let value = th_value
                        .and_then(|a| a.value.clone())
                        .or_else(|| attr(&attrs, "value").and_then(|a| a.value.clone()));
                    if let (true, Some(value)) = (hidden, value) {
                        scan.hidden_inputs.push(RawHidden {
                            tag: node.start_byte() + offset,
                            id: attr_text(&attrs, "id", page).map(str::to_string),
                            name: attr_text(&attrs, "name", page).map(str::to_string),
                            th_value: th_value
                                .and_then(|a| a.value.clone())
                                .and_then(|r| page.get(r))
                                .map(str::to_string),
                            value,
                        });
                    }
                }
                false
            }
            // Leaves and text: nothing below them.
            "raw_text" | "text" | "attribute" => false,
            _ => true,
        }
    });
    last_tag
}

// ---------------------------------------------------------------------------------------------
// Template layers backed by grammars: PHP views, ERB and EJS.

/// The PHP islands of a `.php` view: everything that is not a `text` node of the PHP tree,
/// split after each `?>`. `<?= x ?>` and `<?php echo x; ?>` echo `x`.
fn php_tokens(page: &str, tree: &Tree) -> Vec<Placeholder> {
    let mut texts: Vec<Range<usize>> = Vec::new();
    let mut ends: Vec<usize> = Vec::new();
    walk(tree, |node| match node.kind() {
        "text" => {
            if !node.byte_range().is_empty() {
                texts.push(node.byte_range());
            }
            false
        }
        "php_end_tag" => {
            ends.push(node.end_byte());
            false
        }
        _ => true,
    });
    texts.sort_by_key(|r| r.start);
    ends.sort_unstable();
    // The islands: the gaps between text nodes, cut after each `?>`.
    let mut out = Vec::new();
    let mut pos = 0;
    let mut e = 0;
    let mut add_gap = |from: usize, to: usize, out: &mut Vec<Placeholder>| {
        let mut s = from;
        while e < ends.len() && ends[e] <= s {
            e += 1;
        }
        while s < to {
            let cut = match ends.get(e) {
                Some(&end) if end < to => {
                    e += 1;
                    end
                }
                _ => to,
            };
            if let Some(p) = php_island(page, Some(tree), s..cut) {
                out.push(p);
            }
            s = cut;
        }
    };
    for t in &texts {
        if t.start > pos {
            add_gap(pos, t.start, &mut out);
        }
        pos = pos.max(t.end);
    }
    if pos < page.len() {
        add_gap(pos, page.len(), &mut out);
    }
    out
}

/// One PHP island (`<?php … ?>`, `<?= … ?>`, possibly unclosed), or `None` when the gap holds
/// only whitespace (the newline after `?>` that PHP swallows belongs to the island before it).
fn php_island(page: &str, tree: Option<&Tree>, range: Range<usize>) -> Option<Placeholder> {
    let text = page.get(range.clone())?;
    let lead = text.len() - text.trim_start().len();
    let body = text.trim();
    if body.is_empty() {
        return None;
    }
    let start = range.start + lead;
    let range = start..range.end;
    let (open, expression) = if body.starts_with("<?=") {
        (3, true)
    } else if body.len() >= 5 && body.as_bytes()[..5].eq_ignore_ascii_case(b"<?php") {
        (5, false)
    } else if body.starts_with("<?") {
        (2, false)
    } else {
        // Not a tag (an error recovery of the grammar): not code, but still not HTML either.
        (0, false)
    };
    let close = if body.ends_with("?>") { 2 } else { 0 };
    let inner = body.get(open..body.len().saturating_sub(close).max(open))?;
    let code = inner.trim().trim_end_matches(';').trim_end();
    if expression {
        return Some(Placeholder {
            range,
            kind: PlaceholderKind::Expression,
            code: code.to_string(),
            server: Some(ServerLanguage::Php),
        });
    }
    // `<?php echo X; ?>`: the island is one echo statement.
    if let Some(echoed) = echoed(page, tree, start + open, inner) {
        return Some(Placeholder {
            range,
            kind: PlaceholderKind::Expression,
            code: echoed,
            server: Some(ServerLanguage::Php),
        });
    }
    Some(Placeholder {
        range,
        kind: PlaceholderKind::Statement,
        code: code.to_string(),
        server: Some(ServerLanguage::Php),
    })
}

/// What `<?php echo X; ?>` echoes (the code of an island that is one echo statement): read
/// from the PHP tree when there is one, else from the text (Blade's raw PHP).
fn echoed(page: &str, tree: Option<&Tree>, inner_at: usize, inner: &str) -> Option<String> {
    let trimmed = inner.trim();
    let Some(tree) = tree else {
        let rest = trimmed.strip_prefix("echo")?;
        let rest = rest
            .strip_prefix(|c: char| c.is_whitespace() || c == '(')
            .map(|_| rest)?
            .trim()
            .trim_end_matches(';')
            .trim_end();
        return (!rest.is_empty() && !rest.contains(';')).then(|| rest.to_string());
    };
    let inner_start = inner_at + (inner.len() - inner.trim_start().len());
    let inner_end = inner_start + trimmed.len();
    let echo = tree
        .root_node()
        .descendant_for_byte_range(inner_start, inner_end)
        .filter(|n| n.kind() == "echo_statement" && n.byte_range() == (inner_start..inner_end))?;
    let mut cursor = echo.walk();
    let args: Vec<Node> = echo.named_children(&mut cursor).collect();
    let (first, last) = (args.first()?, args.last()?);
    page.get(first.start_byte()..last.end_byte())
        .map(str::to_string)
}

/// ERB and EJS tags, from tree-sitter-embedded-template.
fn embedded_template_tokens(kind: PageKind, page: &str) -> Result<Vec<Placeholder>, ParseError> {
    let tree = parse_grammar(Grammar::EmbeddedTemplate, page.as_bytes())?;
    let server = match kind {
        PageKind::Erb => ServerLanguage::Ruby,
        _ => ServerLanguage::JavaScript,
    };
    let mut out = Vec::new();
    walk(&tree, |node| {
        let (kind, server) = match node.kind() {
            "template" => return true,
            "output_directive" => {
                let open = page.get(node.start_byte()..node.start_byte() + 3);
                // Erubi's `<%-` trims whitespace and outputs nothing; EJS's outputs unescaped.
                if server == ServerLanguage::Ruby && open == Some("<%-") {
                    (PlaceholderKind::Statement, Some(server))
                } else {
                    (PlaceholderKind::Expression, Some(server))
                }
            }
            "directive" | "graphql_directive" => (PlaceholderKind::Statement, Some(server)),
            "comment_directive" => (PlaceholderKind::Statement, None),
            // `content`, and whatever error recovery produced: page text.
            _ => return false,
        };
        let mut cursor = node.walk();
        let code = node
            .named_children(&mut cursor)
            .find(|c| c.kind() == "code" || c.kind() == "comment")
            .and_then(|c| page.get(c.byte_range()))
            .unwrap_or_default()
            .trim();
        out.push(Placeholder {
            range: node.byte_range(),
            kind,
            code: code.to_string(),
            server,
        });
        false
    });
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// The delimiter lexers.

/// A left-to-right scanner over `src[..end]` with the bookkeeping that keeps every scan linear.
struct Lexer<'a> {
    src: &'a [u8],
    end: usize,
    /// For each quote character (`'`, `"`, `` ` ``), the position from which a string it opens
    /// is known never to close: found once by a scan that reached the end, then not rescanned.
    unclosed: [usize; 3],
    /// The opener families (bit per family, numbered by each lexer) whose closer a scan has
    /// already looked for up to the end in vain: their later openers are literal text.
    dead: u64,
    out: Vec<Placeholder>,
}

const QUOTES: [u8; 3] = [b'\'', b'"', b'`'];

impl<'a> Lexer<'a> {
    fn new(src: &'a [u8], range: Range<usize>) -> (Lexer<'a>, usize) {
        let end = range.end.min(src.len());
        (
            Lexer {
                src,
                end,
                unclosed: [usize::MAX; 3],
                dead: 0,
                out: Vec::new(),
            },
            range.start.min(end),
        )
    }

    fn at(&self, i: usize, s: &[u8]) -> bool {
        self.src[..self.end]
            .get(i..)
            .is_some_and(|rest| rest.starts_with(s))
    }

    /// The start of the first `closer` at or after `from` (no quoting, no nesting), for an
    /// opener of `family`.
    fn plain(&mut self, family: u32, from: usize, closer: &[u8]) -> Option<usize> {
        if self.dead & (1 << family) != 0 {
            return None;
        }
        let found = self.src[..self.end]
            .get(from..)
            .and_then(|hay| memchr::memmem::find(hay, closer))
            .map(|k| from + k);
        if found.is_none() {
            self.dead |= 1 << family;
        }
        found
    }

    /// The start of the first `closer` at or after `from` that is outside string literals
    /// (quoted by `quotes`, backslash escapes) and, with `nest`, outside brackets opened after
    /// `from`, for an opener of `family`.
    fn code(
        &mut self,
        family: u32,
        from: usize,
        closer: &[u8],
        quotes: &[u8],
        nest: bool,
    ) -> Option<usize> {
        if self.dead & (1 << family) != 0 {
            return None;
        }
        let src = &self.src[..self.end];
        let mut depth = 0usize;
        let mut i = from;
        while i < src.len() {
            let b = src[i];
            if depth == 0 && src[i..].starts_with(closer) {
                return Some(i);
            }
            if quotes.contains(&b) {
                let q = QUOTES.iter().position(|&q| q == b).unwrap_or(0);
                if i < self.unclosed[q] {
                    match string_end(src, i) {
                        Some(j) => {
                            i = j + 1;
                            continue;
                        }
                        None => self.unclosed[q] = i,
                    }
                }
            } else if nest {
                match b {
                    b'(' | b'[' | b'{' => depth += 1,
                    b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                    _ => {}
                }
            }
            i += 1;
        }
        self.dead |= 1 << family;
        None
    }

    fn text(&self, r: Range<usize>) -> &'a str {
        std::str::from_utf8(self.src.get(r).unwrap_or_default()).unwrap_or_default()
    }

    /// Records a placeholder whose code is `code` (trimmed).
    fn push(
        &mut self,
        range: Range<usize>,
        kind: PlaceholderKind,
        code: Range<usize>,
        server: Option<ServerLanguage>,
    ) {
        let code = self.text(code).trim().to_string();
        self.out.push(Placeholder {
            range,
            kind,
            code,
            server,
        });
    }
}

/// The closing quote of the string literal that opens at `open` (backslash escapes).
fn string_end(src: &[u8], open: usize) -> Option<usize> {
    let q = src[open];
    let mut j = open + 1;
    while j < src.len() {
        match src[j] {
            b'\\' => j += 2,
            b if b == q => return Some(j),
            _ => j += 1,
        }
    }
    None
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// `inner` without the engine's whitespace-control marks at its ends (`{{- x -}}`, `{{~x~}}`).
fn strip_marks(lx: &Lexer, mut inner: Range<usize>, marks: &[u8]) -> Range<usize> {
    if inner.start < inner.end && marks.contains(&lx.src[inner.start]) {
        inner.start += 1;
    }
    if inner.start < inner.end && marks.contains(&lx.src[inner.end - 1]) {
        inner.end -= 1;
    }
    inner
}

/// Blade (Laravel): `{{ }}` and `{!! !!}` echo PHP (Blade's own pattern ends them at the first
/// closer), `{{-- --}}` comments, `@directive` and `@directive(args)` (balanced parentheses,
/// strings respected, as Blade counts them), `@php … @endphp`, `<?php … ?>`, and the literal
/// forms `@{{ }}`, `@@directive` and `@verbatim … @endverbatim`. `@json(x)`, `@js(x)`,
/// `@lang(x)` and `@choice(x)` echo `x`. Directives are recognised only by their built-in
/// names (a custom directive is left as text) and only where Blade sees them: after a
/// non-word character (`user@example.com` is text).
fn blade_tokens(src: &[u8]) -> Vec<Placeholder> {
    const PHP: Option<ServerLanguage> = Some(ServerLanguage::Php);
    let (mut lx, mut i) = Lexer::new(src, 0..src.len());
    let page = lx.text(0..lx.end);
    while i < lx.end {
        let Some(k) = memchr::memchr3(b'{', b'@', b'<', &src[i..lx.end]) else {
            break;
        };
        i += k;
        if lx.at(i, b"{{--") {
            if let Some(c) = lx.plain(0, i + 4, b"--}}") {
                lx.push(i..c + 4, PlaceholderKind::Statement, i + 4..c, None);
                i = c + 4;
                continue;
            }
        } else if lx.at(i, b"{!!") {
            if let Some(c) = lx.plain(1, i + 3, b"!!}") {
                lx.push(i..c + 3, PlaceholderKind::Expression, i + 3..c, PHP);
                i = c + 3;
                continue;
            }
        } else if lx.at(i, b"{{") {
            if let Some(c) = lx.plain(2, i + 2, b"}}") {
                lx.push(i..c + 2, PlaceholderKind::Expression, i + 2..c, PHP);
                i = c + 2;
                continue;
            }
        } else if lx.at(i, b"<?") {
            if let Some(c) = lx.code(3, i + 2, b"?>", b"'\"", false) {
                lx.out.extend(php_island(page, None, i..c + 2));
                i = c + 2;
                continue;
            }
        } else if src[i] == b'@' && (i == 0 || !is_word(src[i - 1])) {
            if lx.at(i, b"@{{") {
                // `@{{ x }}`: Blade prints `{{ x }}` for a front-end framework.
                i += 3;
                continue;
            }
            let escaped = lx.at(i, b"@@");
            let name_start = i + 1 + usize::from(escaped);
            let mut n = name_start;
            while n < lx.end && is_word(src[n]) {
                n += 1;
            }
            let name = lx.text(name_start..n);
            if escaped || !BLADE_DIRECTIVES.contains(&name) {
                i = n.max(i + 1);
                continue;
            }
            let paren = next_is_paren(src, n, lx.end);
            match name {
                "verbatim" => {
                    lx.push(i..n, PlaceholderKind::Statement, i + 1..n, PHP);
                    i = n;
                    if let Some(c) = lx.plain(4, n, b"@endverbatim") {
                        let e = c + "@endverbatim".len();
                        lx.push(c..e, PlaceholderKind::Statement, c + 1..e, PHP);
                        i = e;
                    }
                    continue;
                }
                "php" if !paren => {
                    match lx.plain(5, n, b"@endphp") {
                        Some(c) => {
                            let e = c + "@endphp".len();
                            lx.push(i..e, PlaceholderKind::Statement, n..c, PHP);
                            i = e;
                        }
                        None => {
                            lx.push(i..n, PlaceholderKind::Statement, i + 1..n, PHP);
                            i = n;
                        }
                    }
                    continue;
                }
                _ => {}
            }
            let echo = matches!(name, "json" | "js" | "lang" | "choice");
            let kind = if echo {
                PlaceholderKind::Expression
            } else {
                PlaceholderKind::Statement
            };
            let mut end = n;
            let mut code = i + 1..n;
            if paren {
                let open = n + src[n..lx.end]
                    .iter()
                    .take_while(|b| **b == b' ' || **b == b'\t')
                    .count();
                if let Some(c) = lx.code(6, open + 1, b")", b"'\"", true) {
                    end = c + 1;
                    code = if echo { open + 1..c } else { i + 1..end };
                }
            }
            lx.push(i..end, kind, code, PHP);
            i = end;
            continue;
        }
        i += 1;
    }
    lx.out
}

fn next_is_paren(src: &[u8], from: usize, end: usize) -> bool {
    src[from..end]
        .iter()
        .find(|b| **b != b' ' && **b != b'\t')
        .is_some_and(|b| *b == b'(')
}

/// Blade's built-in directives (Laravel 10/11).
#[rustfmt::skip]
const BLADE_DIRECTIVES: &[&str] = &[
    "if", "elseif", "else", "endif", "unless", "endunless", "isset", "endisset", "empty",
    "endempty", "auth", "endauth", "guest", "endguest", "production", "endproduction", "env",
    "endenv", "hasSection", "sectionMissing", "switch", "case", "break", "default", "endswitch",
    "for", "endfor", "foreach", "endforeach", "forelse", "endforelse", "while", "endwhile",
    "continue", "php", "endphp", "include", "includeIf", "includeWhen", "includeUnless",
    "includeFirst", "each", "once", "endonce", "push", "endpush", "pushOnce", "endPushOnce",
    "pushIf", "endPushIf", "prepend", "endprepend", "prependOnce", "endPrependOnce", "stack",
    "section", "endsection", "yield", "show", "stop", "overwrite", "append", "extends", "parent",
    "json", "js", "csrf", "method", "error", "enderror", "props", "aware", "class", "style",
    "checked", "selected", "disabled", "readonly", "required", "vite", "viteReactRefresh", "lang",
    "choice", "can", "cannot", "canany", "endcan", "endcannot", "endcanany", "verbatim",
    "endverbatim", "inject", "dd", "dump", "component", "endcomponent", "slot", "endslot",
    "fragment", "endfragment", "session", "endsession", "context", "endcontext", "use", "unset",
    "livewireStyles", "livewireScripts", "livewire",
];

/// Twig and Jinja: `{{ }}` echoes, `{% %}` tags and `{# #}` comments; expressions and tags end
/// at their closer outside strings and brackets (both engines lex the expression), comments at
/// the first `#}`. `{% raw %}` (Jinja) and `{% verbatim %}` (Twig) blocks are literal text up
/// to their end tag.
fn jinja_tokens(src: &[u8], server: ServerLanguage) -> Vec<Placeholder> {
    let (mut lx, i) = Lexer::new(src, 0..src.len());
    jinja_family(&mut lx, i, Some(server), false);
    lx.out
}

/// The `{{ }}`/`{% %}`/`{# #}` family over `lx`'s range (and, with `erb_like`, `<% %>` tags
/// for the unknown engines of plain `.html` pages).
fn jinja_family(lx: &mut Lexer, mut i: usize, server: Option<ServerLanguage>, erb_like: bool) {
    const MARKS: &[u8] = b"-~+";
    let src = lx.src;
    while i < lx.end {
        let Some(k) = memchr::memchr2(b'{', b'<', &src[i..lx.end]) else {
            break;
        };
        i += k;
        if lx.at(i, b"{#") {
            if let Some(c) = lx.plain(0, i + 2, b"#}") {
                lx.push(i..c + 2, PlaceholderKind::Statement, i + 2..c, None);
                i = c + 2;
                continue;
            }
        } else if lx.at(i, b"{%") {
            if let Some(c) = lx.code(1, i + 2, b"%}", b"'\"", true) {
                let code = strip_marks(lx, i + 2..c, MARKS);
                let word = lx.text(code.clone()).trim();
                let end_word = match word {
                    "raw" => Some("endraw"),
                    "verbatim" => Some("endverbatim"),
                    _ => None,
                };
                lx.push(i..c + 2, PlaceholderKind::Statement, code, server);
                i = c + 2;
                if let Some(end_word) = end_word {
                    i = jinja_raw_end(lx, i, end_word, server);
                }
                continue;
            }
        } else if lx.at(i, b"{{") {
            if let Some(c) = lx.code(2, i + 2, b"}}", b"'\"", true) {
                let code = strip_marks(lx, i + 2..c, MARKS);
                lx.push(i..c + 2, PlaceholderKind::Expression, code, server);
                i = c + 2;
                continue;
            }
        } else if erb_like && lx.at(i, b"<%") {
            if let Some(c) = lx.plain(3, i + 2, b"%>") {
                let (kind, from) = match src.get(i + 2) {
                    Some(b'=') | Some(b'-') => (PlaceholderKind::Expression, i + 3),
                    Some(b'#') => (PlaceholderKind::Statement, i + 3),
                    _ => (PlaceholderKind::Statement, i + 2),
                };
                let code = strip_marks(lx, from..c, b"-_=");
                lx.push(i..c + 2, kind, code, server);
                i = c + 2;
                continue;
            }
        }
        i += 1;
    }
}

/// After `{% raw %}`: the text up to `{% endraw %}` is literal (the engines look for the first
/// end tag, whatever lies between); returns where lexing resumes.
fn jinja_raw_end(
    lx: &mut Lexer,
    from: usize,
    end_word: &str,
    server: Option<ServerLanguage>,
) -> usize {
    let src = &lx.src[..lx.end];
    let skip = |mut p: usize| {
        while p < src.len() && src[p].is_ascii_whitespace() {
            p += 1;
        }
        p
    };
    for open in memchr::memmem::find_iter(&src[from..], b"{%").map(|k| from + k) {
        let mut p = open + 2;
        if p < src.len() && b"-~+".contains(&src[p]) {
            p += 1;
        }
        p = skip(p);
        if !src[p..].starts_with(end_word.as_bytes()) {
            continue;
        }
        let word_end = p + end_word.len();
        p = skip(word_end);
        if p < src.len() && b"-~+".contains(&src[p]) {
            p += 1;
        }
        if src[p..].starts_with(b"%}") {
            let close = p + 2;
            lx.push(
                open..close,
                PlaceholderKind::Statement,
                word_end - end_word.len()..word_end,
                server,
            );
            return close;
        }
    }
    // Never closed: the rest is literal.
    lx.end
}

/// Handlebars: `{{ x }}` and `{{{ x }}}` echo; `{{#…}}`, `{{/…}}`, `{{^…}}`, `{{else}}`,
/// `{{> partial}}` and comments (`{{! }}`, `{{!-- --}}`) are statements. Mustaches end at the
/// first closer outside strings (Handlebars lexes them); `\{{` is literal, and
/// `{{{{raw}}}} … {{{{/raw}}}}` blocks are literal text.
fn handlebars_tokens(src: &[u8]) -> Vec<Placeholder> {
    const HBS: Option<ServerLanguage> = Some(ServerLanguage::Handlebars);
    let (mut lx, mut i) = Lexer::new(src, 0..src.len());
    while i < lx.end {
        let Some(k) = memchr::memchr(b'{', &src[i..lx.end]) else {
            break;
        };
        i += k;
        if i > 0 && src[i - 1] == b'\\' && lx.at(i, b"{{") {
            i += 2;
            continue;
        }
        if lx.at(i, b"{{{{") {
            if let Some(c) = lx.plain(0, i + 4, b"}}}}") {
                lx.push(i..c + 4, PlaceholderKind::Statement, i + 4..c, HBS);
                i = c + 4;
                // The block's content is literal up to `{{{{/name}}}}`.
                match lx.plain(1, i, b"{{{{/") {
                    Some(o) => match lx.plain(0, o + 5, b"}}}}") {
                        Some(e) => {
                            lx.push(o..e + 4, PlaceholderKind::Statement, o + 4..e, HBS);
                            i = e + 4;
                        }
                        None => i = lx.end,
                    },
                    None => i = lx.end,
                }
                continue;
            }
        } else if lx.at(i, b"{{!--") {
            if let Some(c) = lx.plain(2, i + 5, b"--}}") {
                lx.push(i..c + 4, PlaceholderKind::Statement, i + 5..c, None);
                i = c + 4;
                continue;
            }
        } else if lx.at(i, b"{{!") {
            if let Some(c) = lx.plain(3, i + 3, b"}}") {
                lx.push(i..c + 2, PlaceholderKind::Statement, i + 3..c, None);
                i = c + 2;
                continue;
            }
        } else if lx.at(i, b"{{{") {
            if let Some(c) = lx.code(4, i + 3, b"}}}", b"'\"", false) {
                let code = strip_marks(&lx, i + 3..c, b"~");
                lx.push(i..c + 3, PlaceholderKind::Expression, code, HBS);
                i = c + 3;
                continue;
            }
        } else if lx.at(i, b"{{") {
            if let Some(c) = lx.code(5, i + 2, b"}}", b"'\"", false) {
                let code = strip_marks(&lx, i + 2..c, b"~");
                let text = lx.text(code.clone()).trim_start();
                let statement = text.starts_with(['#', '/', '^', '>', '!', '*'])
                    || text == "else"
                    || text.starts_with("else ");
                let code = if statement {
                    code
                } else {
                    // `{{&x}}` echoes unescaped.
                    let lead = code.len() - text.len() + usize::from(text.starts_with('&'));
                    code.start + lead..code.end
                };
                let kind = if statement {
                    PlaceholderKind::Statement
                } else {
                    PlaceholderKind::Expression
                };
                lx.push(i..c + 2, kind, code, HBS);
                i = c + 2;
                continue;
            }
        }
        i += 1;
    }
    lx.out
}

/// JSP: `<%-- --%>` comments, `<%@ %>` directives, `<%! %>` declarations and `<% %>`
/// scriptlets are statements, `<%= %>` echoes Java (all end at the first closer, as Jasper
/// reads them); `${ }` and `#{ }` echo EL (strings and braces respected, as the EL parser
/// does; `\${` is literal, and so is all EL when the page says `isELIgnored="true"`); tags of
/// the usual tag libraries inside a script are statements, except those that print a value
/// (`<c:out value="${x}"/>`, `<spring:message>`, `<fmt:message>`), which echo it.
fn jsp_tokens(src: &[u8]) -> Vec<Placeholder> {
    const JAVA: Option<ServerLanguage> = Some(ServerLanguage::Java);
    const EL: Option<ServerLanguage> = Some(ServerLanguage::JavaEl);
    let (mut lx, mut i) = Lexer::new(src, 0..src.len());
    let el_ignored = memchr::memmem::find(src, b"isELIgnored=\"true\"").is_some();
    while i < lx.end {
        let Some(k) = memchr::memchr3(b'<', b'$', b'#', &src[i..lx.end]) else {
            break;
        };
        i += k;
        if src[i] == b'<' {
            if lx.at(i, b"<%--") {
                if let Some(c) = lx.plain(0, i + 4, b"--%>") {
                    lx.push(i..c + 4, PlaceholderKind::Statement, i + 4..c, None);
                    i = c + 4;
                    continue;
                }
            } else if lx.at(i, b"<%") {
                if let Some(c) = lx.plain(1, i + 2, b"%>") {
                    let (kind, from) = match src.get(i + 2) {
                        Some(b'=') => (PlaceholderKind::Expression, i + 3),
                        Some(b'@') | Some(b'!') => (PlaceholderKind::Statement, i + 3),
                        _ => (PlaceholderKind::Statement, i + 2),
                    };
                    let code = lx.text(from..c).trim().trim_end_matches(';').trim_end();
                    lx.out.push(Placeholder {
                        range: i..c + 2,
                        kind,
                        code: code.to_string(),
                        server: JAVA,
                    });
                    i = c + 2;
                    continue;
                }
            } else if let Some(name_end) = jsp_tag_name(src, i, lx.end) {
                if let Some(c) = lx.code(2, name_end, b">", b"'\"", false) {
                    let name = lx.text(i + 1..name_end).trim_start_matches('/');
                    let echo = matches!(
                        name,
                        "c:out" | "spring:message" | "spring:eval" | "fmt:message"
                    );
                    let tag = lx.text(i..c + 1);
                    let (kind, code) = if echo {
                        let value = ["value", "code", "key", "expression"]
                            .iter()
                            .find_map(|a| attribute_in_tag(tag, a))
                            .map_or(tag, |(s, e)| &tag[s..e]);
                        (PlaceholderKind::Expression, el_code(value))
                    } else {
                        (PlaceholderKind::Statement, tag.trim().to_string())
                    };
                    lx.out.push(Placeholder {
                        range: i..c + 1,
                        kind,
                        code,
                        server: EL,
                    });
                    i = c + 1;
                    continue;
                }
            }
        } else if lx.at(i + 1, b"{") && !el_ignored {
            if i > 0 && src[i - 1] == b'\\' {
                i += 2;
                continue;
            }
            if let Some(c) = lx.code(3, i + 2, b"}", b"'\"", true) {
                lx.push(i..c + 1, PlaceholderKind::Expression, i + 2..c, EL);
                i = c + 1;
                continue;
            }
        }
        i += 1;
    }
    lx.out
}

/// Tag-library prefixes a JSP uses inside scripts (JSTL core and fmt, Spring, Spring Security,
/// standard actions).
const JSP_PREFIXES: &[&str] = &["c", "fmt", "spring", "form", "sec", "jsp"];

/// At `<prefix:name` or `</prefix:name` of a known tag library: the end of the name.
fn jsp_tag_name(src: &[u8], at: usize, end: usize) -> Option<usize> {
    let mut p = at + 1;
    if src.get(p) == Some(&b'/') {
        p += 1;
    }
    let prefix_start = p;
    while p < end && src[p].is_ascii_alphabetic() {
        p += 1;
    }
    let prefix = std::str::from_utf8(&src[prefix_start..p]).ok()?;
    if !JSP_PREFIXES.contains(&prefix) || src.get(p) != Some(&b':') {
        return None;
    }
    p += 1;
    let name_start = p;
    while p < end && (src[p].is_ascii_alphanumeric() || src[p] == b'-') {
        p += 1;
    }
    (p > name_start && src[name_start].is_ascii_alphabetic()).then_some(p)
}

/// The byte range (relative to `tag`) of the value of attribute `name` inside its quotes.
fn attribute_in_tag(tag: &str, name: &str) -> Option<(usize, usize)> {
    let b = tag.as_bytes();
    let mut from = 0;
    while let Some(k) = tag.get(from..)?.find(name) {
        let at = from + k;
        let before_ok = at > 0 && b[at - 1].is_ascii_whitespace();
        let mut p = at + name.len();
        while p < b.len() && b[p].is_ascii_whitespace() {
            p += 1;
        }
        if before_ok && b.get(p) == Some(&b'=') {
            p += 1;
            while p < b.len() && b[p].is_ascii_whitespace() {
                p += 1;
            }
            let q = *b.get(p)?;
            if q == b'"' || q == b'\'' {
                let close = tag.get(p + 1..)?.find(q as char)? + p + 1;
                return Some((p + 1, close));
            }
        }
        from = at + name.len();
    }
    None
}

/// Thymeleaf inside the scripts of a Thymeleaf page: `[[…]]` and `[(…)]` inlined expressions
/// (strings and brackets respected; only those that start with a standard expression `${}`
/// `*{}` `#{}` `@{}` `~{}`, so a JavaScript array `[[1, 2], [3, 4]]` stays code), natural
/// templates `/*[[${x}]]*/ 'default'` (Thymeleaf drops the default value after the comment:
/// the placeholder covers it too), and the `/*[+ … +]*/` (code added at render time: the
/// markers are blanked, the code kept) and `/*[- … -]*/` (removed) comments.
fn thymeleaf_tokens(src: &[u8], range: Range<usize>) -> Vec<Placeholder> {
    const EL: Option<ServerLanguage> = Some(ServerLanguage::JavaEl);
    let (mut lx, mut i) = Lexer::new(src, range);
    let mut open_added = false;
    while i < lx.end {
        let Some(k) = memchr::memchr3(b'[', b'/', b'+', &src[i..lx.end]) else {
            break;
        };
        i += k;
        if lx.at(i, b"/*[+") {
            lx.push(i..i + 4, PlaceholderKind::Statement, i..i, None);
            open_added = true;
            i += 4;
            continue;
        }
        if open_added && lx.at(i, b"+]*/") {
            lx.push(i..i + 4, PlaceholderKind::Statement, i..i, None);
            open_added = false;
            i += 4;
            continue;
        }
        if lx.at(i, b"/*[-") {
            if let Some(c) = lx.plain(0, i + 4, b"-]*/") {
                lx.push(i..c + 4, PlaceholderKind::Statement, i + 4..c, None);
                i = c + 4;
                continue;
            }
        }
        let commented = lx.at(i, b"/*[[") || lx.at(i, b"/*[(");
        let open = if commented { i + 2 } else { i };
        if !(lx.at(open, b"[[") || lx.at(open, b"[(")) || !starts_standard(src, open + 2, lx.end) {
            i += 1;
            continue;
        }
        let closer: &[u8] = if src[open + 1] == b'[' { b"]]" } else { b")]" };
        let Some(c) = lx.code(1, open + 2, closer, b"'\"", true) else {
            i += 1;
            continue;
        };
        let code = el_code(lx.text(open + 2..c));
        // A natural template: `/*[[…]]*/` and the default value after it. Without the `*/`,
        // only the expression is a placeholder (inside an ordinary comment).
        let (start, end) = if commented && lx.at(c + 2, b"*/") {
            (i, natural_default_end(src, c + 4, lx.end))
        } else {
            (open, c + 2)
        };
        lx.out.push(Placeholder {
            range: start..end,
            kind: PlaceholderKind::Expression,
            code,
            server: EL,
        });
        i = end;
    }
    lx.out
}

/// Whether a Thymeleaf standard expression starts at `from` (after blanks).
fn starts_standard(src: &[u8], from: usize, end: usize) -> bool {
    let mut p = from;
    while p < end && (src[p] == b' ' || src[p] == b'\t') {
        p += 1;
    }
    let rest = &src[p..end];
    rest.len() >= 2 && b"$*#@~".contains(&rest[0]) && rest[1] == b'{'
}

/// The end of the default value after a natural-template comment: a string literal, or the
/// text up to the next `;` `,` `)` `]` `}` or line break outside brackets.
fn natural_default_end(src: &[u8], from: usize, end: usize) -> usize {
    let mut p = from;
    while p < end && (src[p] == b' ' || src[p] == b'\t') {
        p += 1;
    }
    if p < end && (src[p] == b'\'' || src[p] == b'"') {
        return match string_end(&src[..end], p) {
            Some(q) => q + 1,
            None => from,
        };
    }
    let mut depth = 0usize;
    let mut q = p;
    while q < end {
        match src[q] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth == 0 => break,
            b')' | b']' | b'}' => depth -= 1,
            b';' | b',' if depth == 0 => break,
            b'\n' | b'\r' => break,
            _ => {}
        }
        q += 1;
    }
    // Blanks before the delimiter stay code.
    while q > p && (src[q - 1] == b' ' || src[q - 1] == b'\t') {
        q -= 1;
    }
    if q == p {
        from
    } else {
        q
    }
}

/// The code of an EL or Thymeleaf expression: `${x}` alone is `x`; anything else is kept as
/// written (`#{msg.key}`, `@{/url}`, `${a} + ${b}`).
fn el_code(expr: &str) -> String {
    let t = expr.trim();
    if let Some(inner) = t.strip_prefix("${").and_then(|r| r.strip_suffix('}')) {
        if !inner.contains('{') && !inner.contains('}') {
            return inner.trim().to_string();
        }
    }
    t.to_string()
}

/// The placeholders of an unknown engine inside a script (or a hidden input's value) of a plain
/// `.html` page: the `{{ }}`/`{% %}`/`{# #}` family and `<% %>`.
fn unknown_engine_tokens(src: &[u8], range: Range<usize>) -> Vec<Placeholder> {
    let (mut lx, i) = Lexer::new(src, range);
    jinja_family(&mut lx, i, None, true);
    lx.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_kinds_from_names() {
        let k = |p: &str| page_kind(Path::new(p));
        assert_eq!(k("views/zoom.blade.php"), Some(PageKind::Blade));
        assert_eq!(k("join.php"), Some(PageKind::Php));
        assert_eq!(k("app/views/meetings/join.html.erb"), Some(PageKind::Erb));
        assert_eq!(k("templates/join.html.twig"), Some(PageKind::Twig));
        assert_eq!(k("templates/join.html.j2"), Some(PageKind::Jinja));
        assert_eq!(k("Join.svelte"), Some(PageKind::Svelte));
        assert_eq!(k("ZoomFrame.vue"), Some(PageKind::Vue));
        assert_eq!(k("index.HTML"), Some(PageKind::Html));
        assert_eq!(k("WEB-INF/join.jsp"), Some(PageKind::Jsp));
        assert_eq!(k("join.hbs"), Some(PageKind::Handlebars));
        assert_eq!(k("join.ejs"), Some(PageKind::Ejs));
        assert_eq!(k("join.js"), None);
        assert_eq!(k("Makefile"), None);
    }

    #[test]
    fn fillers_keep_line_breaks() {
        let mut b = b"{{ a\r\n b }}".to_vec();
        let n = b.len();
        fill(&mut b, 0..n, PlaceholderKind::Expression);
        assert_eq!(&b, b"____\r\n     ");
    }

    fn open_at(text: &str) -> usize {
        let tree = parse_grammar(Grammar::Html, text.as_bytes()).expect("parses");
        open_construct(&tree, text.as_bytes())
    }

    #[test]
    fn the_construct_open_at_a_window_end() {
        let p = "<html><body><p>a</p>";
        assert_eq!(open_at(p), p.len(), "nothing open");
        assert_eq!(open_at("<html><body><p>a</p><script>var a"), 20, "raw text");
        assert_eq!(open_at("<html><body><p>a</p><style>p {"), 20, "raw text");
        assert_eq!(open_at("<html><body><p>a</p><tr><td"), 24, "a tag");
        assert_eq!(
            open_at("<html><p>a</p><input data-x=\"<script>x"),
            14,
            "a quoted value"
        );
        assert_eq!(
            open_at("<p>a</p><!-- <script>x()</script><b>"),
            8,
            "a comment"
        );
        assert_eq!(
            open_at("<p>a</p><!-- c --><b>x</b>"),
            26,
            "a closed comment"
        );
    }

    /// Reading a page in small windows finds exactly what one parse of the whole page finds.
    #[test]
    fn windows_read_the_fixture_pages_like_one_parse() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/templates");
        let mut stack = vec![root];
        let mut pages = 0;
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("readable").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if page_kind(&path).is_none() {
                    continue;
                }
                let page = std::fs::read_to_string(&path).expect("UTF-8");
                let summary = |scan: HtmlScan| {
                    let scripts: Vec<_> = scan
                        .scripts
                        .iter()
                        .map(|s| (s.tag, s.code.clone(), s.javascript, s.typescript))
                        .collect();
                    let inputs: Vec<_> = scan
                        .hidden_inputs
                        .iter()
                        .map(|h| (h.tag, h.value.clone(), h.id.clone()))
                        .collect();
                    (scripts, inputs, scan.thymeleaf)
                };
                let whole =
                    summary(scan_html_in_windows(&page, page.as_bytes(), usize::MAX).unwrap());
                for window in [32, 100, 333, 1024] {
                    let windowed =
                        summary(scan_html_in_windows(&page, page.as_bytes(), window).unwrap());
                    assert_eq!(windowed, whole, "{} in windows of {window}", path.display());
                }
                pages += 1;
            }
        }
        assert!(pages > 0);
    }

    #[test]
    fn no_script_is_a_quick_empty_result() {
        let page = "<html>\r\n<body>é</body></html>";
        let e = extract(PageKind::Html, page);
        assert!(e.blocks.is_empty());
        assert_eq!(e.virtual_source.len(), page.len());
        assert_eq!(
            e.virtual_source,
            format!("      \r\n{}", " ".repeat(page.len() - 8))
        );
    }
}
