//! Ruby front end (tree-sitter-ruby 0.23).
//!
//! Ruby blurs the line between variables and calls: a bare `identifier` is either a local or a
//! zero-argument method call, and `Time.now.to_i` is three calls without parentheses. The front end
//! keeps what the syntax says — a bare identifier is a `Name`, anything written with a receiver or
//! arguments is a `Call` — and leaves the rest to the evaluator, which falls back to a same-named
//! zero-argument method when a name has no binding.
//!
//! Methods return their last expression implicitly; `if`/`unless` are expressions whose value is
//! a `Conditional` of the branches' last expressions.

use std::collections::HashMap;

use tree_sitter::Node;

use super::{children, number, unescape, Lowerer};
use crate::model::{
    Arg, AssignKind, BinOp, Entry, ExprId, ExprKind, ImportKind, Key, Param, Part, ScopeKind, Span,
    UnOp,
};

/// State shared by the whole file walk.
struct Cx<'t> {
    /// Heredoc bodies by the start byte of their opener (`<<~EOS`). tree-sitter-ruby puts the
    /// body after the line that opens it, as a sibling statement, so the two are paired up front.
    heredocs: HashMap<usize, Node<'t>>,
}

impl<'t> Cx<'t> {
    fn new(root: Node<'t>) -> Cx<'t> {
        let mut openers = Vec::new();
        let mut bodies = Vec::new();
        // Iterative walk: a deep file must not overflow the stack here either.
        let mut cursor = root.walk();
        'walk: loop {
            let node = cursor.node();
            match node.kind() {
                "heredoc_beginning" => openers.push(node.start_byte()),
                "heredoc_body" => bodies.push(node),
                _ => {}
            }
            if cursor.goto_first_child() {
                continue;
            }
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    break 'walk;
                }
            }
        }
        // Bodies follow in the order their openers appear in the source.
        bodies.sort_by_key(|b| b.start_byte());
        Cx {
            heredocs: openers.into_iter().zip(bodies).collect(),
        }
    }
}

pub fn lower_file(lw: &mut Lowerer, root: Node) {
    let cx = Cx::new(root);
    for child in children(root) {
        stmt(lw, &cx, child);
    }
}

/// How a sequence of statements ends.
enum Flow {
    /// Its last statement has this value (the implicit return of a method or block).
    Value(ExprId),
    /// It ends in `return`, `raise` or another statement without a value.
    Diverges,
    /// There are no statements (the value is `nil`).
    Empty,
}

impl Flow {
    fn value(self) -> Option<ExprId> {
        match self {
            Flow::Value(e) => Some(e),
            _ => None,
        }
    }
}

/// Lowers a statement and returns its value (`None` for `return`, `raise`, ignored statements).
fn stmt(lw: &mut Lowerer, cx: &Cx, node: Node) -> Option<ExprId> {
    if !lw.enter() {
        return None;
    }
    let v = stmt_inner(lw, cx, node);
    lw.leave();
    v
}

fn stmt_inner(lw: &mut Lowerer, cx: &Cx, node: Node) -> Option<ExprId> {
    match node.kind() {
        "heredoc_body" | "empty_statement" | "uninterpreted" | "comment" => None,
        "return" | "next" => {
            // `next x` ends a block with the value x: the block's return.
            if let Some(v) = returned_value(lw, cx, node) {
                lw.add_return(v);
            }
            None
        }
        "identifier" => match lw.text(node) {
            // Visibility switches and `module_function` carry no value worth returning.
            "private" | "public" | "protected" | "module_function" => None,
            _ => Some(expr(lw, cx, node)),
        },
        "call" => {
            if node.child_by_field_name("receiver").is_none() {
                let method = node
                    .child_by_field_name("method")
                    .map(|m| lw.text(m))
                    .unwrap_or("");
                match method {
                    "require" | "require_relative" | "load" => {
                        if method == "require" {
                            // `require 'json'`: the library is an import of the file.
                            if let Some(args) = node.child_by_field_name("arguments") {
                                let lib =
                                    lw.text(args).trim_matches(|c| matches!(c, '(' | ')' | ' '));
                                let lib = lib.trim_matches(|c| c == '\'' || c == '"').to_string();
                                if !lib.is_empty() {
                                    lw.model.imports.push(lib);
                                }
                            }
                        }
                        require(lw, cx, node, method);
                        return None;
                    }
                    "attr_reader" | "attr_writer" | "attr_accessor" => return None,
                    "raise" | "fail" => {
                        expr(lw, cx, node);
                        return None;
                    }
                    _ => {}
                }
            }
            Some(expr(lw, cx, node))
        }
        "if" | "unless" | "elsif" => if_expr(lw, cx, node),
        "if_modifier" | "unless_modifier" | "while_modifier" | "until_modifier" => {
            modifier(lw, cx, node)
        }
        "begin" => body_statement(lw, cx, node),
        "parenthesized_statements" => parenthesized(lw, cx, node),
        _ => Some(expr(lw, cx, node)),
    }
}

/// `require 'zoom/config'`, `require_relative 'config'`, `load './x.rb'`: the file's names
/// include those of the module required, an import pushed to `includes`. `require_relative`
/// (and `load` of a path starting `./` or `../`) is written `./config` so that the resolver
/// knows it is relative to the file; `require` and any other `load` keep their literal (the
/// resolver finds project files only; gems stay unknown). A path that is not a literal string
/// (`require name`, `require_relative "#{dir}/x"`) is dynamic: its arguments are lowered and no
/// import is recorded.
fn require(lw: &mut Lowerer, cx: &Cx, node: Node, method: &str) {
    let args = children_of(node.child_by_field_name("arguments"));
    let [arg] = args.as_slice() else {
        for a in args {
            expr(lw, cx, a);
        }
        return;
    };
    let path = expr(lw, cx, *arg);
    let ExprKind::Str(text) = lw.model.kind(path).clone() else {
        return;
    };
    if text.is_empty() {
        return;
    }
    let relative = match method {
        "require_relative" => true,
        "load" => text.starts_with("./") || text.starts_with("../"),
        _ => false,
    };
    let spec = if relative && !text.starts_with("./") {
        let span = lw.model.span(path);
        lw.add(ExprKind::Str(format!("./{text}")), span)
    } else {
        path
    };
    let import = lw.add(
        ExprKind::Import {
            spec,
            kind: ImportKind::Module,
        },
        Lowerer::span(node),
    );
    lw.model.includes.push(import);
}

fn children_of(node: Option<Node>) -> Vec<Node> {
    node.map(children).unwrap_or_default()
}

/// The value of `return x` / `return a, b` / `next x`.
fn returned_value(lw: &mut Lowerer, cx: &Cx, node: Node) -> Option<ExprId> {
    let list = children(node).into_iter().next()?;
    let items: Vec<Node> = if list.kind() == "argument_list" {
        children(list)
    } else {
        vec![list]
    };
    match items.len() {
        0 => None,
        1 => Some(expr(lw, cx, items[0])),
        _ => {
            let items = items.into_iter().map(|i| expr(lw, cx, i)).collect();
            Some(lw.add(ExprKind::Array { items }, Lowerer::span(list)))
        }
    }
}

/// Lowers statements in order; the flow says how the sequence ends.
fn block_flow(lw: &mut Lowerer, cx: &Cx, nodes: Vec<Node>) -> Flow {
    let mut flow = Flow::Empty;
    for n in nodes {
        if n.kind() == "heredoc_body" {
            continue;
        }
        flow = match stmt(lw, cx, n) {
            Some(e) => Flow::Value(e),
            None => Flow::Diverges,
        };
    }
    flow
}

/// A `body_statement` (method, class, block or `begin` body): the main statements give the
/// value; `rescue`/`else`/`ensure` clauses are lowered for their bindings but their values are
/// error paths, not the method's result.
fn body_statement(lw: &mut Lowerer, cx: &Cx, node: Node) -> Option<ExprId> {
    let mut main = Vec::new();
    let mut clauses = Vec::new();
    for c in children(node) {
        match c.kind() {
            "rescue" | "else" | "ensure" => clauses.push(c),
            _ if clauses.is_empty() => main.push(c),
            _ => clauses.push(c),
        }
    }
    let value = block_flow(lw, cx, main).value();
    for c in clauses {
        clause(lw, cx, c);
    }
    value
}

fn clause(lw: &mut Lowerer, cx: &Cx, node: Node) {
    match node.kind() {
        "rescue" => {
            if let Some(body) = node.child_by_field_name("body") {
                block_flow(lw, cx, children(body));
            }
        }
        "else" | "ensure" => {
            block_flow(lw, cx, children(node));
        }
        _ => {
            stmt(lw, cx, node);
        }
    }
}

fn parenthesized(lw: &mut Lowerer, cx: &Cx, node: Node) -> Option<ExprId> {
    match block_flow(lw, cx, children(node)) {
        Flow::Value(e) => Some(e),
        Flow::Empty => Some(lw.add(ExprKind::Null, Lowerer::span(node))),
        Flow::Diverges => None,
    }
}

/// `if`/`unless`/`elsif`: lowers the condition and both branches; the value is a `Conditional`
/// of the branches' last expressions (a branch that returns or raises contributes nothing).
fn if_expr(lw: &mut Lowerer, cx: &Cx, node: Node) -> Option<ExprId> {
    let span = Lowerer::span(node);
    let cond = match node.child_by_field_name("condition") {
        Some(c) => expr(lw, cx, c),
        None => lw.unknown(node),
    };
    let then = match node.child_by_field_name("consequence") {
        Some(t) => block_flow(lw, cx, children(t)),
        None => Flow::Empty,
    };
    let otherwise = match node.child_by_field_name("alternative") {
        Some(a) if a.kind() == "else" => block_flow(lw, cx, children(a)),
        Some(a) => match stmt(lw, cx, a) {
            Some(e) => Flow::Value(e),
            None => Flow::Diverges,
        },
        None => Flow::Empty,
    };
    let (then, otherwise) = if node.kind() == "unless" {
        (otherwise, then)
    } else {
        (then, otherwise)
    };
    let value = |lw: &mut Lowerer, f: Flow| match f {
        Flow::Value(e) => Some(e),
        Flow::Empty => Some(lw.add(ExprKind::Null, span)),
        Flow::Diverges => None,
    };
    let then = value(lw, then);
    let otherwise = value(lw, otherwise);
    match (then, otherwise) {
        (Some(then), Some(otherwise)) => Some(lw.add(
            ExprKind::Conditional {
                cond,
                then,
                otherwise,
            },
            span,
        )),
        (Some(e), None) | (None, Some(e)) => Some(e),
        (None, None) => None,
    }
}

/// `x if c`, `return y unless c`, `x while c`: the body's value stands for the statement.
fn modifier(lw: &mut Lowerer, cx: &Cx, node: Node) -> Option<ExprId> {
    if let Some(c) = node.child_by_field_name("condition") {
        expr(lw, cx, c);
    }
    let body = node.child_by_field_name("body")?;
    let v = stmt(lw, cx, body);
    if node.kind().starts_with("while") || node.kind().starts_with("until") {
        return v.map(|_| lw.unknown(node));
    }
    v
}

/// Lowers an expression.
fn expr(lw: &mut Lowerer, cx: &Cx, node: Node) -> ExprId {
    if !lw.enter() {
        return lw.unknown(node);
    }
    let e = expr_inner(lw, cx, node);
    lw.leave();
    e
}

fn expr_inner(lw: &mut Lowerer, cx: &Cx, node: Node) -> ExprId {
    let span = Lowerer::span(node);
    match node.kind() {
        "integer" | "float" => ruby_number(lw, node),
        "string" => string(lw, cx, node),
        "chained_string" => {
            let mut parts = Vec::new();
            for s in children(node) {
                let single = is_single_quoted(lw.text(s));
                for p in string_parts(lw, cx, s, single) {
                    push_part(&mut parts, p);
                }
            }
            parts_expr(lw, parts, span)
        }
        "heredoc_beginning" => heredoc(lw, cx, node),
        "simple_symbol" => {
            let name = lw.text(node).trim_start_matches(':').to_string();
            lw.add(ExprKind::Symbol(name), span)
        }
        "hash_key_symbol" => {
            let name = lw.text(node).to_string();
            lw.add(ExprKind::Symbol(name), span)
        }
        "delimited_symbol" => match static_text(lw, cx, node) {
            Some(s) => lw.add(ExprKind::Symbol(s), span),
            None => lw.unknown(node),
        },
        "string_array" | "symbol_array" => {
            let single = lw.text(node).starts_with("%w") || lw.text(node).starts_with("%i");
            let mut items = Vec::new();
            for b in children(node) {
                let parts = string_parts(lw, cx, b, single);
                let bspan = Lowerer::span(b);
                let item = if node.kind() == "symbol_array" {
                    match only_literal(&parts) {
                        Some(s) => lw.add(ExprKind::Symbol(s), bspan),
                        None => lw.unknown(b),
                    }
                } else {
                    parts_expr(lw, parts, bspan)
                };
                items.push(item);
            }
            lw.add(ExprKind::Array { items }, span)
        }
        "character" => {
            let c = lw.text(node).trim_start_matches('?');
            let s = if c.starts_with('\\') {
                ruby_unescape(c)
            } else {
                c.to_string()
            };
            lw.add(ExprKind::Str(s), span)
        }
        "regex" => {
            let kids = children(node);
            let pattern = match (kids.first(), kids.last()) {
                (Some(a), Some(b)) => lw.src[a.start_byte()..b.end_byte()].to_string(),
                _ => String::new(),
            };
            for k in kids {
                if k.kind() == "interpolation" {
                    interpolation(lw, cx, k);
                }
            }
            lw.add(ExprKind::Regex(pattern), span)
        }
        "true" => lw.add(ExprKind::Bool(true), span),
        "false" => lw.add(ExprKind::Bool(false), span),
        "nil" => lw.add(ExprKind::Null, span),
        "self" => lw.add(ExprKind::SelfRef, span),
        "identifier" | "constant" | "global_variable" => {
            let name = lw.text(node).to_string();
            lw.name(&name, span)
        }
        "instance_variable" | "class_variable" => {
            // `@secret` is the instance's `secret`; `@@secret` the class's, same thing here.
            let name = lw.text(node).trim_start_matches('@').to_string();
            let this = lw.add(ExprKind::SelfRef, span);
            lw.member(this, &name, span)
        }
        "scope_resolution" => {
            let name = node
                .child_by_field_name("name")
                .map(|n| lw.text(n).to_string())
                .unwrap_or_default();
            match node.child_by_field_name("scope") {
                Some(s) => {
                    let object = expr(lw, cx, s);
                    lw.member(object, &name, span)
                }
                // `::Foo`: the top-level constant.
                None => lw.name(&name, span),
            }
        }
        "call" => call(lw, cx, node),
        "element_reference" => element_reference(lw, cx, node),
        "assignment" => assignment(lw, cx, node),
        "operator_assignment" => operator_assignment(lw, cx, node),
        "binary" => {
            let (Some(l), Some(r)) = (
                node.child_by_field_name("left"),
                node.child_by_field_name("right"),
            ) else {
                return visit_unknown(lw, cx, node);
            };
            let op_text = node.child_by_field_name("operator").map(|o| lw.text(o));
            let op = op_text.map(binop).unwrap_or(BinOp::Other);
            let left = expr(lw, cx, l);
            let right = expr(lw, cx, r);
            if op_text == Some("<<") {
                // `parts << x` appends: a call the evaluator reads as a mutation.
                let callee = lw.member(left, "<<", Lowerer::span(l));
                let arg = crate::model::Arg {
                    name: None,
                    value: right,
                };
                return lw.call(callee, vec![arg], span);
            }
            lw.add(ExprKind::Binary { op, left, right }, span)
        }
        "unary" => {
            let Some(operand) = node.child_by_field_name("operand") else {
                return visit_unknown(lw, cx, node);
            };
            let op = match node.child_by_field_name("operator").map(|o| lw.text(o)) {
                Some("-") => UnOp::Neg,
                Some("+") => UnOp::Plus,
                Some("!") | Some("not") => UnOp::Not,
                _ => UnOp::Other,
            };
            let operand = expr(lw, cx, operand);
            lw.add(ExprKind::Unary { op, operand }, span)
        }
        "conditional" => {
            let (Some(c), Some(t), Some(o)) = (
                node.child_by_field_name("condition"),
                node.child_by_field_name("consequence"),
                node.child_by_field_name("alternative"),
            ) else {
                return visit_unknown(lw, cx, node);
            };
            let cond = expr(lw, cx, c);
            let then = expr(lw, cx, t);
            let otherwise = expr(lw, cx, o);
            lw.add(
                ExprKind::Conditional {
                    cond,
                    then,
                    otherwise,
                },
                span,
            )
        }
        "parenthesized_statements" => {
            parenthesized(lw, cx, node).unwrap_or_else(|| lw.unknown(node))
        }
        "if" | "unless" | "elsif" => if_expr(lw, cx, node).unwrap_or_else(|| lw.unknown(node)),
        "if_modifier" | "unless_modifier" | "while_modifier" | "until_modifier" => {
            modifier(lw, cx, node).unwrap_or_else(|| lw.unknown(node))
        }
        "begin" => body_statement(lw, cx, node).unwrap_or_else(|| lw.unknown(node)),
        "rescue_modifier" => {
            // `x = compute rescue fallback`: the value is the computation's.
            let body = node.child_by_field_name("body");
            if let Some(h) = node.child_by_field_name("handler") {
                stmt(lw, cx, h);
            }
            match body {
                Some(b) => expr(lw, cx, b),
                None => lw.unknown(node),
            }
        }
        "return" | "next" => {
            // `x or return`: the returned value is recorded, the expression has none.
            if let Some(v) = returned_value(lw, cx, node) {
                lw.add_return(v);
            }
            lw.unknown(node)
        }
        "hash" => hash(lw, cx, node),
        "array" => {
            let mut items = Vec::new();
            for c in children(node) {
                if c.kind() == "heredoc_body" {
                    continue;
                }
                items.push(expr(lw, cx, c));
            }
            lw.add(ExprKind::Array { items }, span)
        }
        "method" | "singleton_method" => method(lw, cx, node),
        "class" | "module" => class(lw, cx, node),
        "singleton_class" => {
            // `class << self`: its methods are class methods of the enclosing class.
            if let Some(body) = node.child_by_field_name("body") {
                body_statement(lw, cx, body);
            }
            lw.unknown(node)
        }
        "lambda" => {
            let params = node.child_by_field_name("parameters");
            match node.child_by_field_name("body") {
                Some(body) => block(lw, cx, body, params, span),
                None => lw.unknown(node),
            }
        }
        "block" | "do_block" => block(lw, cx, node, None, span),
        "block_argument" => match children(node).into_iter().next() {
            Some(inner) => expr(lw, cx, inner),
            None => lw.unknown(node),
        },
        "interpolation" => interpolation(lw, cx, node),
        "body_statement" => body_statement(lw, cx, node).unwrap_or_else(|| lw.unknown(node)),
        _ => visit_unknown(lw, cx, node),
    }
}

/// A construct the model does not represent: its children are still lowered as statements so
/// that nested assignments, functions and calls are seen.
fn visit_unknown(lw: &mut Lowerer, cx: &Cx, node: Node) -> ExprId {
    for c in children(node) {
        stmt(lw, cx, c);
    }
    lw.unknown(node)
}

fn binop(op: &str) -> BinOp {
    match op {
        "+" => BinOp::Add,
        "-" => BinOp::Sub,
        "*" => BinOp::Mul,
        "/" => BinOp::Div,
        "%" => BinOp::Mod,
        "||" | "or" => BinOp::Or,
        "&&" | "and" => BinOp::And,
        "==" | "===" => BinOp::Eq,
        "!=" => BinOp::NotEq,
        "<" | "<=" => BinOp::Lt,
        ">" | ">=" => BinOp::Gt,
        _ => BinOp::Other,
    }
}

/// Integers in Ruby's spellings (`7_200`, `0x1C20`, `0b1010`, `0o17`, `017`) and floats.
fn ruby_number(lw: &mut Lowerer, node: Node) -> ExprId {
    let text: String = lw.text(node).chars().filter(|c| *c != '_').collect();
    let lower = text.to_ascii_lowercase();
    let radix = if let Some(d) = lower.strip_prefix("0b") {
        Some((d.to_string(), 2))
    } else if let Some(d) = lower.strip_prefix("0o") {
        Some((d.to_string(), 8))
    } else if let Some(d) = lower.strip_prefix("0d") {
        Some((d.to_string(), 10))
    } else if lower.len() > 1 && lower.starts_with('0') && lower.chars().all(|c| c.is_ascii_digit())
    {
        Some((lower[1..].to_string(), 8))
    } else {
        None
    };
    if let Some((digits, radix)) = radix {
        if let Ok(i) = i64::from_str_radix(&digits, radix) {
            return lw.add(ExprKind::Int(i), Lowerer::span(node));
        }
    }
    number(lw, node)
}

// ---------------------------------------------------------------------------------------------
// Strings

/// `'…'` and `%q(…)` resolve only `\\` and `\'`; everything else is double-quoted.
fn is_single_quoted(text: &str) -> bool {
    text.starts_with('\'') || text.starts_with("%q")
}

fn string(lw: &mut Lowerer, cx: &Cx, node: Node) -> ExprId {
    let single = is_single_quoted(lw.text(node));
    let parts = string_parts(lw, cx, node, single);
    parts_expr(lw, parts, Lowerer::span(node))
}

/// The parts of a `string`, `bare_string`, `delimited_symbol` or similar node.
fn string_parts(lw: &mut Lowerer, cx: &Cx, node: Node, single: bool) -> Vec<Part> {
    let mut parts = Vec::new();
    for c in children(node) {
        match c.kind() {
            "string_content" => {
                let t = lw.text(c);
                let s = if single {
                    single_unescape(t)
                } else {
                    t.to_string()
                };
                push_part(&mut parts, Part::Lit(s));
            }
            "escape_sequence" => {
                let s = if single {
                    single_unescape(lw.text(c))
                } else {
                    ruby_unescape(lw.text(c))
                };
                push_part(&mut parts, Part::Lit(s));
            }
            "interpolation" => {
                let e = interpolation(lw, cx, c);
                parts.push(Part::Expr(e));
            }
            _ => {}
        }
    }
    parts
}

fn interpolation(lw: &mut Lowerer, cx: &Cx, node: Node) -> ExprId {
    match block_flow(lw, cx, children(node)) {
        Flow::Value(e) => e,
        _ => lw.add(ExprKind::Str(String::new()), Lowerer::span(node)),
    }
}

/// Appends a part, merging adjacent literal text.
fn push_part(parts: &mut Vec<Part>, part: Part) {
    if let (Part::Lit(s), Some(Part::Lit(prev))) = (&part, parts.last_mut()) {
        prev.push_str(s);
        return;
    }
    parts.push(part);
}

fn only_literal(parts: &[Part]) -> Option<String> {
    let mut out = String::new();
    for p in parts {
        match p {
            Part::Lit(s) => out.push_str(s),
            Part::Expr(_) => return None,
        }
    }
    Some(out)
}

/// A plain string for literal-only parts, an `Interpolated` otherwise.
fn parts_expr(lw: &mut Lowerer, parts: Vec<Part>, span: Span) -> ExprId {
    match only_literal(&parts) {
        Some(s) => lw.add(ExprKind::Str(s), span),
        None => lw.add(ExprKind::Interpolated { parts }, span),
    }
}

/// The static text of a string or symbol used as a key or index (`'iat'`, `:iat`, `iat:`).
fn static_text(lw: &mut Lowerer, cx: &Cx, node: Node) -> Option<String> {
    match node.kind() {
        "hash_key_symbol" => Some(lw.text(node).to_string()),
        "simple_symbol" => Some(lw.text(node).trim_start_matches(':').to_string()),
        "string" | "delimited_symbol" => {
            if children(node).iter().any(|c| c.kind() == "interpolation") {
                return None;
            }
            let single = is_single_quoted(lw.text(node)) || lw.text(node).starts_with(":'");
            let parts = string_parts(lw, cx, node, single);
            only_literal(&parts)
        }
        _ => None,
    }
}

fn single_unescape(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&n) = chars.peek() {
                if n == '\\' || n == '\'' {
                    out.push(n);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

/// Resolves one double-quoted escape sequence (`\n`, `\e`, `\u00e9`, `\u{1F600}`, `\x41`, `\101`).
fn ruby_unescape(seq: &str) -> String {
    let Some(rest) = seq.strip_prefix('\\') else {
        return seq.to_string();
    };
    let code = |digits: &str, radix: u32| {
        u32::from_str_radix(digits, radix)
            .ok()
            .and_then(char::from_u32)
            .map(String::from)
    };
    if let Some(u) = rest.strip_prefix('u') {
        let inner = u.trim_start_matches('{').trim_end_matches('}');
        let s: Option<String> = inner.split_whitespace().map(|d| code(d, 16)).collect();
        return s.unwrap_or_else(|| seq.to_string());
    }
    if let Some(x) = rest.strip_prefix('x') {
        return code(x, 16).unwrap_or_else(|| seq.to_string());
    }
    if !rest.is_empty() && rest.len() <= 3 && rest.chars().all(|c| ('0'..='7').contains(&c)) {
        return code(rest, 8).unwrap_or_else(|| seq.to_string());
    }
    match rest {
        "s" => " ".to_string(),
        "e" => "\u{1b}".to_string(),
        "a" => "\u{7}".to_string(),
        "b" => "\u{8}".to_string(),
        "f" => "\u{c}".to_string(),
        "v" => "\u{b}".to_string(),
        "\n" | "\r\n" => String::new(),
        "n" | "t" | "r" | "\\" | "\"" | "'" | "`" | "$" | "/" => unescape(seq),
        // Ruby drops the backslash of an unknown escape: "\#" is "#", "\q" is "q".
        other => other.to_string(),
    }
}

/// A heredoc: the opener (`<<~EOS`) is the expression; its text comes from the paired body.
fn heredoc(lw: &mut Lowerer, cx: &Cx, node: Node) -> ExprId {
    let span = Lowerer::span(node);
    let opener = lw.text(node);
    let squiggly = opener.starts_with("<<~");
    let single = opener.contains('\'');
    let Some(&body) = cx.heredocs.get(&node.start_byte()) else {
        return lw.unknown(node);
    };
    let src = lw.src;
    let mut start = body.start_byte();
    if src[start..].starts_with("\r\n") {
        start += 2;
    } else if src[start..].starts_with('\n') {
        start += 1;
    }
    let kids = children(body);
    let end_of_text = kids
        .iter()
        .find(|k| k.kind() == "heredoc_end")
        .map(|k| k.start_byte())
        .unwrap_or(body.end_byte())
        .max(start);
    // The terminator's own indentation (`<<-`/`<<~`) is not content.
    let end = match src[start..end_of_text].rfind('\n') {
        Some(i) => start + i + 1,
        None => start,
    };
    let indent = if squiggly {
        src[start..end]
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.chars().take_while(|c| *c == ' ' || *c == '\t').count())
            .min()
            .unwrap_or(0)
    } else {
        0
    };
    let mut parts = Vec::new();
    let mut pos = start;
    for k in kids {
        let is_escape = k.kind() == "escape_sequence" && !single;
        if !(k.kind() == "interpolation" || is_escape) || k.start_byte() < pos || k.end_byte() > end
        {
            continue;
        }
        push_part(
            &mut parts,
            Part::Lit(dedent(src, pos, k.start_byte(), start, indent)),
        );
        if is_escape {
            push_part(&mut parts, Part::Lit(ruby_unescape(lw.text(k))));
        } else {
            let e = interpolation(lw, cx, k);
            parts.push(Part::Expr(e));
        }
        pos = k.end_byte();
    }
    push_part(&mut parts, Part::Lit(dedent(src, pos, end, start, indent)));
    parts.retain(|p| !matches!(p, Part::Lit(s) if s.is_empty()));
    parts_expr(lw, parts, span)
}

/// The text of `src[a..b]` with up to `indent` leading blanks removed from every line.
fn dedent(src: &str, a: usize, b: usize, text_start: usize, indent: usize) -> String {
    let mut out = String::with_capacity(b.saturating_sub(a));
    if a >= b {
        return out;
    }
    let mut skip = if a == text_start || src.as_bytes()[a - 1] == b'\n' {
        indent
    } else {
        0
    };
    for ch in src[a..b].chars() {
        if skip > 0 && (ch == ' ' || ch == '\t') {
            skip -= 1;
            continue;
        }
        skip = 0;
        out.push(ch);
        if ch == '\n' {
            skip = indent;
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Calls, indexes, hashes

fn call(lw: &mut Lowerer, cx: &Cx, node: Node) -> ExprId {
    let span = Lowerer::span(node);
    let receiver = node.child_by_field_name("receiver");
    let method = node.child_by_field_name("method");
    let name = method.map(|m| lw.text(m)).unwrap_or("call");
    let block_node = node.child_by_field_name("block");

    // `lambda { |x| … }` and `proc { … }` are function values.
    if receiver.is_none()
        && matches!(name, "lambda" | "proc")
        && node.child_by_field_name("arguments").is_none()
    {
        if let Some(b) = block_node {
            return block(lw, cx, b, None, span);
        }
    }

    let receiver = receiver.map(|r| expr(lw, cx, r));
    let mut args = call_args(lw, cx, node.child_by_field_name("arguments"));
    if let Some(b) = block_node {
        let f = block(lw, cx, b, None, Lowerer::span(b));
        args.push(Arg {
            name: None,
            value: f,
        });
    }
    match receiver {
        // `OpenSSL::Digest.new('sha256')` is a constructor call.
        Some(class) if name == "new" => lw.add(ExprKind::New { class, args }, span),
        Some(object) => {
            let end = method.map(|m| m.end_byte()).unwrap_or(node.end_byte());
            let callee = lw.member(object, name, Span::new(node.start_byte(), end));
            lw.call(callee, args, span)
        }
        None => {
            let name_span = method.map(Lowerer::span).unwrap_or(span);
            let callee = lw.name(name, name_span);
            lw.call(callee, args, span)
        }
    }
}

/// Call arguments. Symbol-keyed pairs (`padding: false`, `:typ => 'JWT'`) are keyword
/// arguments; other pairs (`'typ' => 'JWT'`) form one braceless hash argument.
fn call_args(lw: &mut Lowerer, cx: &Cx, list: Option<Node>) -> Vec<Arg> {
    let Some(list) = list else {
        return Vec::new();
    };
    let mut args = Vec::new();
    let mut hash_at: Option<usize> = None;
    let mut hash_entries = Vec::new();
    let mut hash_span = Span::new(usize::MAX, 0);
    for a in children(list) {
        match a.kind() {
            "heredoc_body" => {}
            "pair" => {
                let key = a.child_by_field_name("key");
                let keyword = key.filter(|k| {
                    matches!(
                        k.kind(),
                        "hash_key_symbol" | "simple_symbol" | "delimited_symbol"
                    ) || (k.kind() == "string" && pair_separator_is_colon(lw, *k))
                });
                if let Some(k) = keyword {
                    if let Some(name) = static_text(lw, cx, k) {
                        let value = pair_value(lw, cx, a, &name);
                        args.push(Arg {
                            name: Some(name),
                            value,
                        });
                        continue;
                    }
                }
                if hash_at.is_none() {
                    hash_at = Some(args.len());
                }
                hash_span.start = hash_span.start.min(a.start_byte());
                hash_span.end = hash_span.end.max(a.end_byte());
                if let Some(entry) = pair(lw, cx, a) {
                    hash_entries.push(entry);
                }
            }
            "hash_splat_argument" => {
                if hash_at.is_none() {
                    hash_at = Some(args.len());
                }
                hash_span.start = hash_span.start.min(a.start_byte());
                hash_span.end = hash_span.end.max(a.end_byte());
                let inner = match children(a).into_iter().next() {
                    Some(i) => expr(lw, cx, i),
                    None => lw.unknown(a),
                };
                hash_entries.push(Entry::Spread(inner));
            }
            _ => {
                let value = expr(lw, cx, a);
                args.push(Arg { name: None, value });
            }
        }
    }
    if let Some(at) = hash_at {
        let value = lw.add(
            ExprKind::Object {
                entries: hash_entries,
            },
            hash_span,
        );
        args.insert(at.min(args.len()), Arg { name: None, value });
    }
    args
}

/// Whether a string key is written JSON-style (`"iat": 1`, a symbol) rather than `"iat" => 1`.
fn pair_separator_is_colon(lw: &Lowerer, key: Node) -> bool {
    lw.src[key.end_byte()..].trim_start().starts_with(':')
}

/// The value of a pair; Ruby 3.1's shorthand `{ iat:, exp: }` means `{ iat: iat, exp: exp }`.
fn pair_value(lw: &mut Lowerer, cx: &Cx, pair: Node, key: &str) -> ExprId {
    match pair.child_by_field_name("value") {
        Some(v) => expr(lw, cx, v),
        None => lw.name(key, Lowerer::span(pair)),
    }
}

fn pair(lw: &mut Lowerer, cx: &Cx, node: Node) -> Option<Entry> {
    let k = node.child_by_field_name("key")?;
    let key = match static_text(lw, cx, k) {
        Some(name) => Key::Name(name),
        None if matches!(k.kind(), "integer" | "float") => Key::Name(lw.text(k).to_string()),
        None => Key::Computed(expr(lw, cx, k)),
    };
    let name = match &key {
        Key::Name(n) => n.clone(),
        Key::Computed(_) => String::new(),
    };
    let value = pair_value(lw, cx, node, &name);
    Some(Entry::Pair {
        key,
        value,
        span: Lowerer::span(node),
    })
}

fn hash(lw: &mut Lowerer, cx: &Cx, node: Node) -> ExprId {
    let mut entries = Vec::new();
    for c in children(node) {
        match c.kind() {
            "pair" => {
                if let Some(e) = pair(lw, cx, c) {
                    entries.push(e);
                }
            }
            "hash_splat_argument" => {
                let inner = match children(c).into_iter().next() {
                    Some(i) => expr(lw, cx, i),
                    None => lw.unknown(c),
                };
                entries.push(Entry::Spread(inner));
            }
            _ => {
                stmt(lw, cx, c);
            }
        }
    }
    lw.add(ExprKind::Object { entries }, Lowerer::span(node))
}

/// `a[:k]`, `a['k']` -> `Member(a, k)`; other single indexes -> `Index`.
fn element_reference(lw: &mut Lowerer, cx: &Cx, node: Node) -> ExprId {
    let span = Lowerer::span(node);
    let Some(object_node) = node.child_by_field_name("object") else {
        return visit_unknown(lw, cx, node);
    };
    let block_id = node.child_by_field_name("block").map(|b| b.id());
    let indexes: Vec<Node> = children(node)
        .into_iter()
        .filter(|c| c.id() != object_node.id() && Some(c.id()) != block_id)
        .collect();
    let object = expr(lw, cx, object_node);
    if indexes.len() != 1 {
        for i in indexes {
            expr(lw, cx, i);
        }
        return lw.unknown(node);
    }
    let index = indexes[0];
    if matches!(
        index.kind(),
        "string" | "simple_symbol" | "delimited_symbol"
    ) {
        if let Some(name) = static_text(lw, cx, index) {
            return lw.member(object, &name, span);
        }
    }
    let index = expr(lw, cx, index);
    lw.add(ExprKind::Index { object, index }, span)
}

// ---------------------------------------------------------------------------------------------
// Assignments

fn assignment(lw: &mut Lowerer, cx: &Cx, node: Node) -> ExprId {
    let span = Lowerer::span(node);
    let (Some(l), Some(r)) = (
        node.child_by_field_name("left"),
        node.child_by_field_name("right"),
    ) else {
        return visit_unknown(lw, cx, node);
    };
    if l.kind() == "left_assignment_list" {
        return multiple_assignment(lw, cx, l, r, span);
    }
    let value = if r.kind() == "right_assignment_list" {
        let items = children(r).into_iter().map(|i| expr(lw, cx, i)).collect();
        lw.add(ExprKind::Array { items }, Lowerer::span(r))
    } else {
        expr(lw, cx, r)
    };
    assign_to(lw, cx, l, value, span);
    value
}

/// `a, b = x, y` binds pairwise; `a, b = pair` binds `a = pair[0]`, `b = pair[1]`.
fn multiple_assignment(lw: &mut Lowerer, cx: &Cx, l: Node, r: Node, span: Span) -> ExprId {
    let targets = children(l);
    if r.kind() == "right_assignment_list" {
        let values: Vec<Node> = children(r);
        let mut ids = Vec::new();
        for (i, v) in values.iter().enumerate() {
            let value = expr(lw, cx, *v);
            ids.push(value);
            if let Some(t) = targets.get(i) {
                if t.kind() != "rest_assignment" {
                    assign_to(lw, cx, *t, value, span);
                }
            }
        }
        return lw.add(ExprKind::Array { items: ids }, Lowerer::span(r));
    }
    let value = expr(lw, cx, r);
    for (i, t) in targets.iter().enumerate() {
        if t.kind() == "rest_assignment" || t.kind() == "destructured_left_assignment" {
            continue;
        }
        let index = lw.add(ExprKind::Int(i as i64), Lowerer::span(*t));
        let item = lw.add(
            ExprKind::Index {
                object: value,
                index,
            },
            Lowerer::span(*t),
        );
        assign_to(lw, cx, *t, item, span);
    }
    value
}

fn assign_to(lw: &mut Lowerer, cx: &Cx, l: Node, value: ExprId, span: Span) {
    match l.kind() {
        "identifier" | "global_variable" => {
            let name = lw.text(l).to_string();
            lw.bind(&name, Lowerer::span(l), value, AssignKind::Assign, span);
        }
        "constant" => {
            let name = lw.text(l).to_string();
            lw.bind(&name, Lowerer::span(l), value, AssignKind::Const, span);
        }
        _ => {
            let kind = if l.kind() == "scope_resolution" {
                AssignKind::Const
            } else {
                AssignKind::Assign
            };
            let target = target(lw, cx, l);
            lw.assign(target, value, kind, span);
        }
    }
}

/// The expression assigned to: `obj.attr = v` writes the member `attr`, not a call.
fn target(lw: &mut Lowerer, cx: &Cx, l: Node) -> ExprId {
    if l.kind() == "call" {
        if let (Some(r), Some(m)) = (
            l.child_by_field_name("receiver"),
            l.child_by_field_name("method"),
        ) {
            let object = expr(lw, cx, r);
            let name = lw.text(m).to_string();
            return lw.member(object, &name, Lowerer::span(l));
        }
    }
    expr(lw, cx, l)
}

/// `x ||= v` -> `x = x || v`; `x += v` -> `x = x + v`.
fn operator_assignment(lw: &mut Lowerer, cx: &Cx, node: Node) -> ExprId {
    let span = Lowerer::span(node);
    let (Some(l), Some(r)) = (
        node.child_by_field_name("left"),
        node.child_by_field_name("right"),
    ) else {
        return visit_unknown(lw, cx, node);
    };
    let op = node
        .child_by_field_name("operator")
        .map(|o| binop(lw.text(o).trim_end_matches('=')))
        .unwrap_or(BinOp::Other);
    let target = target(lw, cx, l);
    let right = expr(lw, cx, r);
    let kind = if matches!(l.kind(), "constant" | "scope_resolution") {
        AssignKind::Const
    } else {
        AssignKind::Assign
    };
    lw.compound_assign(target, op, right, kind, span)
}

// ---------------------------------------------------------------------------------------------
// Methods, blocks, classes

fn method(lw: &mut Lowerer, cx: &Cx, node: Node) -> ExprId {
    let span = Lowerer::span(node);
    let (name, name_span) = match node.child_by_field_name("name") {
        Some(n) => (lw.text(n).to_string(), Lowerer::span(n)),
        None => (String::new(), span),
    };
    let id = lw.function(
        &name,
        name_span,
        span,
        |lw| params(lw, cx, node.child_by_field_name("parameters")),
        |lw| {
            let body = node.child_by_field_name("body")?;
            if body.kind() == "body_statement" {
                body_statement(lw, cx, body)
            } else {
                // Endless method: `def now = Time.now.to_i`.
                Some(expr(lw, cx, body))
            }
        },
    );
    lw.add(ExprKind::Lambda { function: id }, span)
}

/// A block (`{ |x| … }`, `do |x| … end`) or the body of a `->(x) { … }` lambda.
fn block(lw: &mut Lowerer, cx: &Cx, node: Node, params_node: Option<Node>, span: Span) -> ExprId {
    let params_node = params_node.or_else(|| node.child_by_field_name("parameters"));
    let id = lw.function(
        "",
        span,
        span,
        |lw| params(lw, cx, params_node),
        |lw| {
            let body = node.child_by_field_name("body")?;
            if body.kind() == "body_statement" {
                body_statement(lw, cx, body)
            } else {
                block_flow(lw, cx, children(body)).value()
            }
        },
    );
    lw.add(ExprKind::Lambda { function: id }, span)
}

fn params(lw: &mut Lowerer, cx: &Cx, list: Option<Node>) -> Vec<Param> {
    let mut out = Vec::new();
    let Some(list) = list else {
        return out;
    };
    // Block-local variables (`|x; tmp|`) are not parameters.
    let mut cursor = list.walk();
    let locals: Vec<usize> = list
        .children_by_field_name("locals", &mut cursor)
        .map(|n| n.id())
        .collect();
    for p in children(list) {
        if locals.contains(&p.id()) {
            continue;
        }
        let span = Lowerer::span(p);
        match p.kind() {
            "identifier" => out.push(Param {
                name: lw.text(p).to_string(),
                default: None,
                span,
            }),
            "optional_parameter" | "keyword_parameter" => {
                let Some(n) = p.child_by_field_name("name") else {
                    continue;
                };
                let default = p.child_by_field_name("value").map(|v| expr(lw, cx, v));
                out.push(Param {
                    name: lw.text(n).to_string(),
                    default,
                    span,
                });
            }
            "splat_parameter" | "hash_splat_parameter" | "block_parameter" => {
                if let Some(n) = p.child_by_field_name("name") {
                    out.push(Param {
                        name: lw.text(n).to_string(),
                        default: None,
                        span,
                    });
                }
            }
            // `|(key, value)|`: keeps the positions of the parameters after it.
            "destructured_parameter" => out.push(Param {
                name: String::new(),
                default: None,
                span,
            }),
            _ => {}
        }
    }
    out
}

fn class(lw: &mut Lowerer, cx: &Cx, node: Node) -> ExprId {
    let span = Lowerer::span(node);
    // `class Zoom::Signer` is the class `Signer`.
    let name = node.child_by_field_name("name").map(|n| {
        let last = if n.kind() == "scope_resolution" {
            n.child_by_field_name("name").unwrap_or(n)
        } else {
            n
        };
        lw.text(last).to_string()
    });
    // `class Signer < BaseSigner`.
    let parent = node
        .child_by_field_name("superclass")
        .and_then(|s| children(s).into_iter().next())
        .map(|p| expr(lw, cx, p));
    lw.in_scope(ScopeKind::Class, name, span, |lw, scope| {
        if let Some(p) = parent {
            lw.model.class_parents.push((scope, p));
        }
        if let Some(body) = node.child_by_field_name("body") {
            body_statement(lw, cx, body);
        }
    });
    lw.unknown(node)
}
