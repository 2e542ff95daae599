//! The language-neutral code model.
//!
//! Each language front end (the `lang` module) lowers its tree-sitter syntax tree into a [`Model`]: an
//! arena of expressions with byte spans, the scopes they live in (file, class, function), the
//! functions with their parameters and returned expressions, and every assignment. Nothing after
//! lowering sees tree-sitter or the source text: the evaluator and the rules read this model only,
//! so a rule is written once for every language.

use std::collections::HashMap;

pub use crate::span::{FileId, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExprId(pub u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScopeId(pub u32);

/// The file-level scope every model starts with.
pub const FILE_SCOPE: ScopeId = ScopeId(0);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    JavaScript,
    TypeScript,
    Tsx,
    Ruby,
    Php,
    Java,
    Python,
}

impl Language {
    pub fn name(self) -> &'static str {
        match self {
            Language::JavaScript => "javascript",
            Language::TypeScript | Language::Tsx => "typescript",
            Language::Ruby => "ruby",
            Language::Php => "php",
            Language::Java => "java",
            Language::Python => "python",
        }
    }

    /// The family whose library semantics apply (JS and TS share one runtime).
    pub fn is_javascript(self) -> bool {
        matches!(
            self,
            Language::JavaScript | Language::TypeScript | Language::Tsx
        )
    }
}

#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
    pub scope: ScopeId,
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    Int(i64),
    Float(f64),
    /// A string literal's content with escapes resolved (best effort).
    Str(String),
    /// A regular-expression literal's pattern (JS `/…/g`, Ruby `/…/`).
    Regex(String),
    /// A symbol literal (Ruby `:sha256`); keys of symbol hashes use [`Key::Name`].
    Symbol(String),
    Bool(bool),
    Null,
    /// An identifier: a variable, constant, parameter, class or function name. PHP's `$x` is `x`.
    Name(String),
    /// `this`, `self`, `$this`, `static`, `self::` — the enclosing class or instance.
    SelfRef,
    /// `a.b`, `a->b`, `A::B`, `a&.b`, Python attribute access.
    Member {
        object: ExprId,
        name: String,
    },
    /// `a[b]`.
    Index {
        object: ExprId,
        index: ExprId,
    },
    /// A call: `f(x)`, `a.b(x)`, Ruby `a.b` without parentheses, PHP `f()`, `A::f()`.
    Call {
        callee: ExprId,
        args: Vec<Arg>,
    },
    /// `new C(args)`; `class` is usually a `Name` or `Member`.
    New {
        class: ExprId,
        args: Vec<Arg>,
    },
    Binary {
        op: BinOp,
        left: ExprId,
        right: ExprId,
    },
    Unary {
        op: UnOp,
        operand: ExprId,
    },
    /// A cast written as syntax: PHP `(int)$x`, Java `(long) x`.
    Cast {
        to: CastKind,
        operand: ExprId,
    },
    /// JS object literal, Ruby hash, PHP keyed array, Python dict.
    Object {
        entries: Vec<Entry>,
    },
    /// JS/Ruby/Python array or list, PHP list-style array, Java array initializer.
    Array {
        items: Vec<ExprId>,
    },
    /// Template literal / interpolated string: literal text and embedded expressions.
    Interpolated {
        parts: Vec<Part>,
    },
    Conditional {
        cond: ExprId,
        then: ExprId,
        otherwise: ExprId,
    },
    /// A function expression, arrow function or block; its body is the function's scope.
    Lambda {
        function: FunctionId,
    },
    /// Another module of the program: the source of an import (`import … from './config'`,
    /// `require('./keys.json')`, Python `from .config import X`, Ruby `require_relative
    /// 'config'`, PHP `require __DIR__ . '/config.php'` and `use App\Zoom`, Java `import
    /// com.acme.Config`). `spec` evaluates to the module's name or path. Names taken from it are
    /// members of it (`import { X } from './m'` binds `X` to `Member(Import('./m'), X)`). It is
    /// the module itself when that is a file of the project siglint reads; unknown otherwise
    /// (a package, a dynamic path).
    Import {
        spec: ExprId,
        kind: ImportKind,
    },
    /// Anything the front end does not model. Evaluates to unknown.
    Unknown,
}

/// How an import names what it brings in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImportKind {
    /// A module by path or name, resolved the way the language does from the importing file
    /// (`./config`, `app.core.config`, `config/zoom.php`, `lib/zoom`).
    Module,
    /// A class by its qualified name (Java `com.acme.ZoomConfig`, PHP `App\Config\Zoom`).
    Class,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    /// Integer division (Python `//`, Ruby `/` on integers is left as `Div`).
    IntDiv,
    Mod,
    /// Explicit string concatenation (PHP `.`).
    Concat,
    /// `||`, `or`, `??`, `?:`: the left value unless it is falsy/null.
    Or,
    /// `|`: bitwise or (JS `x | 0` truncates); Python dict union.
    BitOr,
    And,
    Eq,
    NotEq,
    Lt,
    Gt,
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    Neg,
    /// Unary plus: JS `+new Date()` converts to a number.
    Plus,
    Not,
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CastKind {
    Int,
    Float,
    Str,
    Other,
}

#[derive(Clone, Debug)]
pub struct Arg {
    /// Keyword/named argument name (Ruby `padding: false`, Python `algorithm="HS256"`).
    pub name: Option<String>,
    pub value: ExprId,
}

#[derive(Clone, Debug)]
pub enum Entry {
    Pair {
        key: Key,
        value: ExprId,
        span: Span,
    },
    /// `...extra`, `**extra`, `...$extra`: unknown entries.
    Spread(ExprId),
}

#[derive(Clone, Debug)]
pub enum Key {
    /// A key known statically: identifier, string or symbol key.
    Name(String),
    Computed(ExprId),
}

#[derive(Clone, Debug)]
pub enum Part {
    Lit(String),
    Expr(ExprId),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    File,
    /// A class, module, object or namespace body: its assignments are constants/fields.
    Class,
    Function,
}

#[derive(Clone, Debug)]
pub struct Scope {
    pub kind: ScopeKind,
    pub parent: Option<ScopeId>,
    /// The class or function name, when it has one.
    pub name: Option<String>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FunctionId(pub u32);

#[derive(Clone, Debug)]
pub struct Function {
    /// Empty for anonymous functions.
    pub name: String,
    /// The function's own scope (its parameters and locals live here).
    pub scope: ScopeId,
    pub params: Vec<Param>,
    /// Returned expressions; for expression-bodied lambdas and Ruby methods, the last expression.
    pub returns: Vec<ExprId>,
    pub span: Span,
    pub name_span: Span,
}

#[derive(Clone, Debug)]
pub struct Param {
    pub name: String,
    pub default: Option<ExprId>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssignKind {
    /// `let`/`var`/local declaration or a plain assignment.
    Assign,
    /// `const`, `static final`, a Ruby/PHP/Python constant: never reassigned.
    Const,
}

#[derive(Clone, Debug)]
pub struct Assignment {
    /// A `Name`, `Member` or `Index` expression.
    pub target: ExprId,
    pub value: ExprId,
    /// The scope the assignment is written in.
    pub scope: ScopeId,
    pub kind: AssignKind,
    pub span: Span,
}

/// One lowered source file.
#[derive(Clone, Debug)]
pub struct Model {
    pub language: Language,
    pub exprs: Vec<Expr>,
    pub scopes: Vec<Scope>,
    pub functions: Vec<Function>,
    pub assignments: Vec<Assignment>,
    /// Byte spans of regions tree-sitter could not parse.
    pub syntax_errors: Vec<Span>,
    /// Set when lowering stopped descending because the tree was too deep.
    pub depth_limited: bool,
    /// Modules the file imports (`import … from 'x'`, `require('x')`): browser-code signals.
    pub imports: Vec<String>,
    /// Decorator names (`@Component`, `@Injectable`).
    pub decorators: Vec<String>,
    /// The file contains JSX.
    pub has_jsx: bool,
    /// Directive prologue strings (`'use client'`, `'use server'`, `'use strict'`).
    pub directives: Vec<String>,
    /// The file the model is of (every span of the model is in it).
    pub file: FileId,
    /// Imports whose names become names of this file: PHP `require`/`include`, Ruby `require`,
    /// Python `from m import *`, Java `import a.b.*` (each an [`ExprKind::Import`]).
    pub includes: Vec<ExprId>,
    /// Modules whose exports this file exports too (`export * from './m'`).
    pub reexports: Vec<ExprId>,
    /// The Java package or PHP namespace the file declares (`com.acme.zoom`, `App\Services`).
    pub namespace: Option<String>,
    /// Values returned at the top of the file (PHP `return [...]` in `config/zoom.php`).
    pub file_returns: Vec<ExprId>,
    /// The classes a class extends (`class Signer extends BaseSigner`): the class scope and the
    /// expression naming the parent, in the scope around the class.
    pub class_parents: Vec<(ScopeId, ExprId)>,
    /// Set when the model is the script of a page (an HTML page, a view, a single-file
    /// component): such code runs in the browser.
    pub page: Option<Box<Page>>,
    index: Index,
}

/// What a page adds to the model of its script: the template placeholders the script echoes
/// and the hidden inputs it can read back.
#[derive(Clone, Debug, Default)]
pub struct Page {
    /// What kind of page (`a Vue component`, `an HTML page`…), for messages.
    pub kind: &'static str,
    /// The byte ranges of the page's script blocks.
    pub blocks: Vec<Span>,
    /// Server values echoed into the script (`'<?= API_SECRET ?>'`): each evaluates to an
    /// unknown value that remembers it.
    pub echoes: Vec<Echo>,
    /// Template tags in the script that echo nothing (`<?php if … ?>`, `{% if %}`).
    pub tags: Vec<Span>,
    /// `<input type="hidden" id="…" value="…">`: read back with `getElementById(id).value`.
    pub hidden_inputs: Vec<HiddenInput>,
    /// The page's own server-side code, when siglint reads it as a model (a PHP view): an echo
    /// is evaluated there.
    pub server: Option<FileId>,
}

/// A server value echoed into page script.
#[derive(Clone, Debug)]
pub struct Echo {
    /// The whole placeholder, delimiters included.
    pub span: Span,
    /// The server-side code (`API_SECRET`, `config('zoom.secret')`, `ENV['ZOOM_SDK_SECRET']`).
    pub code: String,
    /// The server language, when known (`php`, `ruby`…).
    pub server: Option<&'static str>,
}

/// A hidden input of a page.
#[derive(Clone, Debug)]
pub struct HiddenInput {
    pub id: Option<String>,
    pub name: Option<String>,
    /// The value inside the attribute's quotes.
    pub value: Span,
    /// The value as written, when it echoes nothing.
    pub literal: Option<String>,
}

#[derive(Clone, Debug, Default)]
struct Index {
    /// (scope, name) → assignments to that plain name, ordered by where they end (source order
    /// for statements; [`Model::assignment_seen_at`] searches it).
    names: HashMap<(ScopeId, String), Vec<usize>>,
    /// (class scope, member name) → assignments `this.name = …` made in functions of that class.
    self_members: HashMap<(ScopeId, String), Vec<usize>>,
    functions_by_name: HashMap<String, Vec<FunctionId>>,
    function_by_scope: HashMap<ScopeId, FunctionId>,
    classes_by_name: HashMap<String, ScopeId>,
}

impl Model {
    pub fn new(language: Language, file_span: Span) -> Model {
        Model {
            language,
            exprs: Vec::new(),
            scopes: vec![Scope {
                kind: ScopeKind::File,
                parent: None,
                name: None,
                span: file_span,
            }],
            functions: Vec::new(),
            assignments: Vec::new(),
            syntax_errors: Vec::new(),
            depth_limited: false,
            imports: Vec::new(),
            decorators: Vec::new(),
            has_jsx: false,
            directives: Vec::new(),
            file: FileId::default(),
            includes: Vec::new(),
            reexports: Vec::new(),
            namespace: None,
            file_returns: Vec::new(),
            class_parents: Vec::new(),
            page: None,
            index: Index::default(),
        }
    }

    /// Puts the model, and every span in it, in `file`.
    pub fn set_file(&mut self, file: FileId) {
        let at = |s: &mut Span| s.file = file;
        self.file = file;
        for e in &mut self.exprs {
            at(&mut e.span);
            if let ExprKind::Object { entries } = &mut e.kind {
                for entry in entries {
                    if let Entry::Pair { span, .. } = entry {
                        at(span);
                    }
                }
            }
        }
        for s in &mut self.scopes {
            at(&mut s.span);
        }
        for f in &mut self.functions {
            at(&mut f.span);
            at(&mut f.name_span);
            for p in &mut f.params {
                at(&mut p.span);
            }
        }
        for a in &mut self.assignments {
            at(&mut a.span);
        }
        for s in &mut self.syntax_errors {
            at(s);
        }
        if let Some(page) = &mut self.page {
            for s in page.blocks.iter_mut().chain(page.tags.iter_mut()) {
                at(s);
            }
            for e in &mut page.echoes {
                at(&mut e.span);
            }
            for h in &mut page.hidden_inputs {
                at(&mut h.value);
            }
        }
    }

    pub fn add_expr(&mut self, kind: ExprKind, span: Span, scope: ScopeId) -> ExprId {
        let id = ExprId(self.exprs.len() as u32);
        self.exprs.push(Expr { kind, span, scope });
        id
    }

    pub fn add_scope(
        &mut self,
        kind: ScopeKind,
        parent: ScopeId,
        name: Option<String>,
        span: Span,
    ) -> ScopeId {
        let id = ScopeId(self.scopes.len() as u32);
        self.scopes.push(Scope {
            kind,
            parent: Some(parent),
            name,
            span,
        });
        id
    }

    pub fn add_function(&mut self, function: Function) -> FunctionId {
        let id = FunctionId(self.functions.len() as u32);
        self.functions.push(function);
        id
    }

    pub fn add_assignment(&mut self, assignment: Assignment) {
        self.assignments.push(assignment);
    }

    pub fn expr(&self, id: ExprId) -> &Expr {
        &self.exprs[id.0 as usize]
    }

    pub fn kind(&self, id: ExprId) -> &ExprKind {
        &self.exprs[id.0 as usize].kind
    }

    pub fn span(&self, id: ExprId) -> Span {
        self.exprs[id.0 as usize].span
    }

    pub fn scope(&self, id: ScopeId) -> &Scope {
        &self.scopes[id.0 as usize]
    }

    pub fn function(&self, id: FunctionId) -> &Function {
        &self.functions[id.0 as usize]
    }

    pub fn expr_ids(&self) -> impl Iterator<Item = ExprId> {
        (0..self.exprs.len() as u32).map(ExprId)
    }

    /// Builds the lookup tables. Front ends call this once when lowering is complete.
    pub fn finish(&mut self) {
        let mut index = Index::default();
        for (i, a) in self.assignments.iter().enumerate() {
            match self.kind(a.target) {
                ExprKind::Name(name) => index
                    .names
                    .entry((a.scope, name.clone()))
                    .or_default()
                    .push(i),
                ExprKind::Member { object, name } => {
                    if matches!(self.kind(*object), ExprKind::SelfRef) {
                        if let Some(class) = self.enclosing_class(a.scope) {
                            index
                                .self_members
                                .entry((class, name.clone()))
                                .or_default()
                                .push(i);
                        }
                    }
                }
                _ => {}
            }
        }
        for list in index.names.values_mut() {
            list.sort_by_key(|&i| (self.assignments[i].span.end, i));
        }
        for (i, f) in self.functions.iter().enumerate() {
            if !f.name.is_empty() {
                index
                    .functions_by_name
                    .entry(f.name.clone())
                    .or_default()
                    .push(FunctionId(i as u32));
            }
            index
                .function_by_scope
                .insert(f.scope, FunctionId(i as u32));
        }
        for (i, s) in self.scopes.iter().enumerate() {
            if s.kind == ScopeKind::Class {
                if let Some(name) = &s.name {
                    index
                        .classes_by_name
                        .insert(name.clone(), ScopeId(i as u32));
                }
            }
        }
        self.index = index;
    }

    /// Assignments to the plain name `name` written directly in `scope`, in the order they end.
    pub fn assignments_to(&self, scope: ScopeId, name: &str) -> impl Iterator<Item = &Assignment> {
        self.index
            .names
            .get(&(scope, name.to_string()))
            .into_iter()
            .flatten()
            .map(|&i| &self.assignments[i])
    }

    /// The assignment to `name` in `scope` that a use at `at` sees: the last one that ends
    /// before the use, or, for a use before every assignment (a function body read after the
    /// file ran), the last one that does not contain the use (in `x = x + 1` the right side sees
    /// the earlier `x`). A binary search, so that a name assigned thousands of times costs the
    /// same per use as one assigned once.
    pub fn assignment_seen_at(&self, scope: ScopeId, name: &str, at: Span) -> Option<&Assignment> {
        let list = self.index.names.get(&(scope, name.to_string()))?;
        let ended = list.partition_point(|&i| self.assignments[i].span.end <= at.start);
        if ended > 0 {
            return Some(&self.assignments[list[ended - 1]]);
        }
        list.iter()
            .rev()
            .map(|&i| &self.assignments[i])
            .find(|a| !a.span.contains(at))
    }

    /// Assignments `this.name = …` / `self.name = …` / `$this->name = …` inside `class`.
    pub fn self_member_assignments(
        &self,
        class: ScopeId,
        name: &str,
    ) -> impl Iterator<Item = &Assignment> {
        self.index
            .self_members
            .get(&(class, name.to_string()))
            .into_iter()
            .flatten()
            .map(|&i| &self.assignments[i])
    }

    pub fn functions_named(&self, name: &str) -> impl Iterator<Item = FunctionId> + '_ {
        self.index
            .functions_by_name
            .get(name)
            .into_iter()
            .flatten()
            .copied()
    }

    /// The function whose own scope is `scope`.
    pub fn function_of_scope(&self, scope: ScopeId) -> Option<FunctionId> {
        self.index.function_by_scope.get(&scope).copied()
    }

    pub fn class_named(&self, name: &str) -> Option<ScopeId> {
        self.index.classes_by_name.get(name).copied()
    }

    /// The innermost class scope containing `scope` (itself included).
    pub fn enclosing_class(&self, scope: ScopeId) -> Option<ScopeId> {
        let mut s = Some(scope);
        while let Some(id) = s {
            let sc = self.scope(id);
            if sc.kind == ScopeKind::Class {
                return Some(id);
            }
            s = sc.parent;
        }
        None
    }

    /// The innermost function scope containing `scope` (itself included).
    pub fn enclosing_function(&self, scope: ScopeId) -> Option<FunctionId> {
        let mut s = Some(scope);
        while let Some(id) = s {
            if let Some(f) = self.function_of_scope(id) {
                return Some(f);
            }
            s = self.scope(id).parent;
        }
        None
    }

    /// The innermost function whose text contains `span`.
    pub fn function_at(&self, span: Span) -> Option<FunctionId> {
        (0..self.functions.len() as u32)
            .map(FunctionId)
            .filter(|f| self.function(*f).span.contains(span))
            .min_by_key(|f| self.function(*f).span.end - self.function(*f).span.start)
    }

    /// The dotted path of a callee such as `crypto.createHmac` or `Base64.getUrlEncoder`, when it
    /// is made only of names and members; `None` for anything computed.
    pub fn path(&self, id: ExprId) -> Option<String> {
        match self.kind(id) {
            ExprKind::Name(n) => Some(n.clone()),
            ExprKind::SelfRef => Some("self".to_string()),
            ExprKind::Member { object, name } => {
                let base = self.path(*object)?;
                Some(format!("{base}.{name}"))
            }
            _ => None,
        }
    }
}

impl Model {
    /// A compact, readable rendering of an expression (for `siglint dump-model` and tests).
    pub fn render(&self, id: ExprId) -> String {
        let mut out = String::new();
        self.render_into(id, &mut out, 0);
        out
    }

    fn render_into(&self, id: ExprId, out: &mut String, depth: usize) {
        use std::fmt::Write;
        if depth > 64 {
            out.push('…');
            return;
        }
        let r = |e: ExprId, out: &mut String| self.render_into(e, out, depth + 1);
        match self.kind(id) {
            ExprKind::Int(i) => write!(out, "{i}").unwrap(),
            ExprKind::Float(f) => write!(out, "{f:?}").unwrap(),
            ExprKind::Str(s) => write!(out, "{s:?}").unwrap(),
            ExprKind::Regex(s) => write!(out, "/{s}/").unwrap(),
            ExprKind::Symbol(s) => write!(out, ":{s}").unwrap(),
            ExprKind::Bool(b) => write!(out, "{b}").unwrap(),
            ExprKind::Null => out.push_str("null"),
            ExprKind::Name(n) => out.push_str(n),
            ExprKind::SelfRef => out.push_str("self"),
            ExprKind::Member { object, name } => {
                r(*object, out);
                write!(out, ".{name}").unwrap();
            }
            ExprKind::Index { object, index } => {
                r(*object, out);
                out.push('[');
                r(*index, out);
                out.push(']');
            }
            ExprKind::Call { callee, args }
            | ExprKind::New {
                class: callee,
                args,
            } => {
                if matches!(self.kind(id), ExprKind::New { .. }) {
                    out.push_str("new ");
                }
                r(*callee, out);
                out.push('(');
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    if let Some(n) = &a.name {
                        write!(out, "{n}: ").unwrap();
                    }
                    r(a.value, out);
                }
                out.push(')');
            }
            ExprKind::Binary { op, left, right } => {
                out.push('(');
                r(*left, out);
                write!(out, " {op:?} ").unwrap();
                r(*right, out);
                out.push(')');
            }
            ExprKind::Unary { op, operand } => {
                write!(out, "{op:?} ").unwrap();
                r(*operand, out);
            }
            ExprKind::Cast { to, operand } => {
                write!(out, "({to:?}) ").unwrap();
                r(*operand, out);
            }
            ExprKind::Object { entries } => {
                out.push('{');
                for (i, e) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    match e {
                        Entry::Pair { key, value, .. } => {
                            match key {
                                Key::Name(n) => out.push_str(n),
                                Key::Computed(k) => {
                                    out.push('[');
                                    r(*k, out);
                                    out.push(']');
                                }
                            }
                            out.push_str(": ");
                            r(*value, out);
                        }
                        Entry::Spread(v) => {
                            out.push_str("...");
                            r(*v, out);
                        }
                    }
                }
                out.push('}');
            }
            ExprKind::Array { items } => {
                out.push('[');
                for (i, e) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    r(*e, out);
                }
                out.push(']');
            }
            ExprKind::Interpolated { parts } => {
                out.push('`');
                for p in parts {
                    match p {
                        Part::Lit(s) => out.push_str(s),
                        Part::Expr(e) => {
                            out.push_str("${");
                            r(*e, out);
                            out.push('}');
                        }
                    }
                }
                out.push('`');
            }
            ExprKind::Conditional {
                cond,
                then,
                otherwise,
            } => {
                out.push('(');
                r(*cond, out);
                out.push_str(" ? ");
                r(*then, out);
                out.push_str(" : ");
                r(*otherwise, out);
                out.push(')');
            }
            ExprKind::Lambda { function } => {
                let f = self.function(*function);
                write!(out, "fn {}#{}", f.name, function.0).unwrap();
            }
            ExprKind::Import { spec, kind } => {
                write!(out, "import {kind:?} ").unwrap();
                r(*spec, out);
            }
            ExprKind::Unknown => out.push('?'),
        }
    }

    /// A readable dump of the whole model: scopes, functions, assignments.
    pub fn dump(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        for (i, s) in self.scopes.iter().enumerate() {
            writeln!(
                out,
                "scope {i}: {:?} {} parent={:?}",
                s.kind,
                s.name.as_deref().unwrap_or(""),
                s.parent.map(|p| p.0)
            )
            .unwrap();
        }
        for (i, f) in self.functions.iter().enumerate() {
            let params: Vec<String> = f
                .params
                .iter()
                .map(|p| match p.default {
                    Some(d) => format!("{} = {}", p.name, self.render(d)),
                    None => p.name.clone(),
                })
                .collect();
            writeln!(
                out,
                "fn#{i} {}({}) scope={}",
                f.name,
                params.join(", "),
                f.scope.0
            )
            .unwrap();
            for r in &f.returns {
                writeln!(out, "  return {}", self.render(*r)).unwrap();
            }
        }
        for a in &self.assignments {
            writeln!(
                out,
                "[scope {}] {}{} = {}",
                a.scope.0,
                if a.kind == AssignKind::Const {
                    "const "
                } else {
                    ""
                },
                self.render(a.target),
                self.render(a.value)
            )
            .unwrap();
        }
        if !self.imports.is_empty() {
            writeln!(out, "imports: {}", self.imports.join(", ")).unwrap();
        }
        if !self.decorators.is_empty() {
            writeln!(out, "decorators: {}", self.decorators.join(", ")).unwrap();
        }
        if self.has_jsx {
            writeln!(out, "jsx").unwrap();
        }
        if !self.syntax_errors.is_empty() {
            writeln!(out, "syntax errors: {}", self.syntax_errors.len()).unwrap();
        }
        out
    }
}
