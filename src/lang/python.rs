//! Python front end (tree-sitter-python 0.25).
//!
//! Python has no declarations: every assignment binds a name in the innermost function, class or
//! module scope, and blocks (`if`, `for`, `with`, `try`) share their function's scope. Module and
//! class constants are the names written in UPPER_CASE. A method's first parameter (`self`,
//! `cls`) is the instance or class itself: it is not a parameter in the model (callers such as
//! `self.helper(x)` pass only `x`) and its uses lower to `SelfRef`.

use std::cell::RefCell;

use tree_sitter::Node;

use super::{children, number, parse_int, Lowerer};
use crate::model::{
    Arg, AssignKind, BinOp, Entry, ExprId, ExprKind, ImportKind, Key, Param, Part, ScopeKind, Span,
    UnOp,
};

/// State shared by the whole file walk.
#[derive(Default)]
struct Cx {
    /// Names that stand for the instance or class in the methods being lowered (`self`, `cls`).
    self_names: RefCell<Vec<String>>,
}

impl Cx {
    fn is_self(&self, name: &str) -> bool {
        self.self_names.borrow().iter().any(|n| n == name)
    }
}

pub fn lower_file(lw: &mut Lowerer, root: Node) {
    let cx = Cx::default();
    for child in children(root) {
        stmt(lw, &cx, child);
    }
}

// ---------------------------------------------------------------------------------------------
// Statements

fn stmt(lw: &mut Lowerer, cx: &Cx, node: Node) {
    if !lw.enter() {
        return;
    }
    stmt_inner(lw, cx, node);
    lw.leave();
}

fn block(lw: &mut Lowerer, cx: &Cx, node: Option<Node>) {
    if let Some(b) = node {
        for s in children(b) {
            stmt(lw, cx, s);
        }
    }
}

fn stmt_inner(lw: &mut Lowerer, cx: &Cx, node: Node) {
    match node.kind() {
        "import_statement" | "import_from_statement" => imports(lw, node),
        "future_import_statement"
        | "pass_statement"
        | "break_statement"
        | "continue_statement"
        | "global_statement"
        | "nonlocal_statement"
        | "type_alias_statement"
        | "delete_statement"
        | "comment"
        | "line_continuation" => {}
        "expression_statement" => {
            for c in children(node) {
                expr(lw, cx, c);
            }
        }
        "return_statement" => {
            if let Some(v) = children(node).into_iter().next() {
                let e = expr(lw, cx, v);
                lw.add_return(e);
            }
        }
        "function_definition" => {
            function_def(lw, cx, node, &[]);
        }
        "class_definition" => class_def(lw, cx, node),
        "decorated_definition" => {
            // Decorators (`@app.route(...)`, `@csrf_exempt`) do not change what the body
            // computes; only `@staticmethod` matters: it has no `self`.
            let decorators: Vec<String> = children(node)
                .into_iter()
                .filter(|c| c.kind() == "decorator")
                .map(|d| decorator_name(lw.text(d)))
                .collect();
            for d in &decorators {
                let last = d.rsplit('.').next().unwrap_or("").to_string();
                lw.model.decorators.push(last);
            }
            if let Some(def) = node.child_by_field_name("definition") {
                match def.kind() {
                    "function_definition" => {
                        function_def(lw, cx, def, &decorators);
                    }
                    "class_definition" => class_def(lw, cx, def),
                    _ => stmt(lw, cx, def),
                }
            }
        }
        "if_statement" | "elif_clause" | "while_statement" => {
            if let Some(c) = node.child_by_field_name("condition") {
                expr(lw, cx, c);
            }
            let body = node
                .child_by_field_name("consequence")
                .or_else(|| node.child_by_field_name("body"));
            block(lw, cx, body);
            let mut cursor = node.walk();
            let alternatives: Vec<Node> = node
                .children_by_field_name("alternative", &mut cursor)
                .collect();
            for a in alternatives {
                stmt(lw, cx, a);
            }
        }
        "else_clause" => block(lw, cx, node.child_by_field_name("body")),
        "for_statement" => {
            if let Some(r) = node.child_by_field_name("right") {
                expr(lw, cx, r);
            }
            if let Some(l) = node.child_by_field_name("left") {
                bind_unknown(lw, cx, l, Lowerer::span(node));
            }
            block(lw, cx, node.child_by_field_name("body"));
            if let Some(a) = node.child_by_field_name("alternative") {
                stmt(lw, cx, a);
            }
        }
        "try_statement" => {
            block(lw, cx, node.child_by_field_name("body"));
            for c in children(node) {
                if c.kind() != "block" {
                    stmt(lw, cx, c);
                }
            }
        }
        "except_clause" | "except_group_clause" => {
            for c in children(node) {
                match c.kind() {
                    "block" => block(lw, cx, Some(c)),
                    "as_pattern" => as_pattern(lw, cx, c),
                    _ => {
                        expr(lw, cx, c);
                    }
                }
            }
        }
        "finally_clause" => {
            for c in children(node) {
                block(lw, cx, Some(c));
            }
        }
        "with_statement" => {
            for c in children(node) {
                if c.kind() == "with_clause" {
                    for item in children(c) {
                        match item.child_by_field_name("value") {
                            Some(v) if v.kind() == "as_pattern" => as_pattern(lw, cx, v),
                            Some(v) => {
                                expr(lw, cx, v);
                            }
                            None => {}
                        }
                    }
                }
            }
            block(lw, cx, node.child_by_field_name("body"));
        }
        "match_statement" => {
            let mut cursor = node.walk();
            let subjects: Vec<Node> = node
                .children_by_field_name("subject", &mut cursor)
                .collect();
            for s in subjects {
                expr(lw, cx, s);
            }
            if let Some(body) = node.child_by_field_name("body") {
                for case in children(body) {
                    block(lw, cx, case.child_by_field_name("consequence"));
                }
            }
        }
        "block" => block(lw, cx, Some(node)),
        _ => {
            // `raise`, `assert`, `print` (Python 2) and anything else: their expressions.
            expr(lw, cx, node);
        }
    }
}

/// `with open(p) as fh` / `except E as e`: the expression is lowered, the alias is a name of
/// unknown value (a context manager's `__enter__` result, an exception).
fn as_pattern(lw: &mut Lowerer, cx: &Cx, node: Node) {
    let alias = node.child_by_field_name("alias");
    for c in children(node) {
        if Some(c.id()) != alias.map(|a| a.id()) {
            expr(lw, cx, c);
        }
    }
    if let Some(a) = alias {
        for t in children(a) {
            bind_unknown(lw, cx, t, Lowerer::span(node));
        }
    }
}

/// Binds every name of a target pattern (`for i, (k, v) in …`) to an unknown value, so that the
/// loop variable does not resolve to a same-named binding of an outer scope.
fn bind_unknown(lw: &mut Lowerer, cx: &Cx, target: Node, span: Span) {
    match target.kind() {
        "identifier" => {
            let name = lw.text(target).to_string();
            if cx.is_self(&name) {
                return;
            }
            let v = lw.unknown(target);
            lw.bind(&name, Lowerer::span(target), v, AssignKind::Assign, span);
        }
        "pattern_list" | "tuple_pattern" | "list_pattern" | "tuple" | "list" => {
            for c in children(target) {
                bind_unknown(lw, cx, c, span);
            }
        }
        "list_splat_pattern" | "parenthesized_expression" => {
            for c in children(target) {
                bind_unknown(lw, cx, c, span);
            }
        }
        _ => {}
    }
}

/// `import a.b.c` binds `a` to the module `a`; `import a.b as x` binds `x` to the module `a.b`;
/// `from m import c, d as e` binds `c` and `e` to the members `c` and `d` of the module `m`
/// (`from . import config`, `from ..core.config import settings`: the spec keeps its leading
/// dots, which the resolver counts); `from m import *` includes the module's names. Every module
/// name is also recorded in `imports` (`import jwt as pyjwt` → `jwt`, `from datetime import
/// datetime` → `datetime`).
fn imports(lw: &mut Lowerer, node: Node) {
    let span = Lowerer::span(node);
    let mut cursor = node.walk();
    let names: Vec<Node> = node.children_by_field_name("name", &mut cursor).collect();
    match node.child_by_field_name("module_name") {
        Some(m) => {
            let spec: String = lw.text(m).chars().filter(|c| !c.is_whitespace()).collect();
            lw.model.imports.push(lw.text(m).to_string());
            let module = module_import(lw, spec, Lowerer::span(m));
            let wildcard = children(node)
                .into_iter()
                .any(|c| c.kind() == "wildcard_import");
            if wildcard {
                lw.model.includes.push(module);
            }
            for n in names {
                // `d as e`: the member `d`, bound as `e`.
                let (imported, local) = match n.kind() {
                    "aliased_import" => (
                        n.child_by_field_name("name"),
                        n.child_by_field_name("alias"),
                    ),
                    _ => (Some(n), Some(n)),
                };
                let (Some(imported), Some(local)) = (imported, local) else {
                    continue;
                };
                let name = lw.text(imported).to_string();
                let bound = lw.text(local).to_string();
                if name.is_empty() || bound.is_empty() {
                    continue;
                }
                let value = lw.member(module, &name, Lowerer::span(imported));
                lw.bind(&bound, Lowerer::span(local), value, AssignKind::Const, span);
            }
        }
        None => {
            for n in names {
                match n.kind() {
                    "aliased_import" => {
                        // `import jwt as pyjwt`: the module is `jwt`, bound as `pyjwt`.
                        let (Some(m), Some(alias)) = (
                            n.child_by_field_name("name"),
                            n.child_by_field_name("alias"),
                        ) else {
                            continue;
                        };
                        let spec = lw.text(m).to_string();
                        lw.model.imports.push(spec.clone());
                        let module = module_import(lw, spec, Lowerer::span(m));
                        let bound = lw.text(alias).to_string();
                        lw.bind(
                            &bound,
                            Lowerer::span(alias),
                            module,
                            AssignKind::Const,
                            span,
                        );
                    }
                    "dotted_name" => {
                        // `import a.b.c`: the name bound is `a`, the top package.
                        lw.model.imports.push(lw.text(n).to_string());
                        let Some(first) = children(n).into_iter().next() else {
                            continue;
                        };
                        let top = lw.text(first).to_string();
                        let module = module_import(lw, top.clone(), Lowerer::span(first));
                        lw.bind(&top, Lowerer::span(first), module, AssignKind::Const, span);
                    }
                    _ => {}
                }
            }
        }
    }
}

/// The module named `spec` (`a.b`, `.`, `..core.config`), as an import whose span is the name's.
fn module_import(lw: &mut Lowerer, spec: String, span: Span) -> ExprId {
    let spec = lw.add(ExprKind::Str(spec), span);
    lw.add(
        ExprKind::Import {
            spec,
            kind: ImportKind::Module,
        },
        span,
    )
}

fn decorator_name(text: &str) -> String {
    let t = text.trim_start_matches('@').trim();
    let end = t.find('(').unwrap_or(t.len());
    t[..end].trim().to_string()
}

// ---------------------------------------------------------------------------------------------
// Functions and classes

fn function_def(lw: &mut Lowerer, cx: &Cx, node: Node, decorators: &[String]) -> ExprId {
    let span = Lowerer::span(node);
    let (name, name_span) = match node.child_by_field_name("name") {
        Some(n) => (lw.text(n).to_string(), Lowerer::span(n)),
        None => (String::new(), span),
    };
    let in_class = lw.model.scope(lw.scope).kind == ScopeKind::Class;
    let is_static = decorators
        .iter()
        .any(|d| d == "staticmethod" || d.ends_with(".staticmethod"));
    let method = in_class && !is_static;
    let depth_before = cx.self_names.borrow().len();
    let id = lw.function(
        &name,
        name_span,
        span,
        |lw| {
            let mut ps = params(lw, cx, node.child_by_field_name("parameters"));
            if method && !ps.is_empty() && !ps[0].name.is_empty() {
                // `self` / `cls`: the receiver, not an argument callers pass.
                let this = ps.remove(0);
                cx.self_names.borrow_mut().push(this.name);
            }
            ps
        },
        |lw| {
            block(lw, cx, node.child_by_field_name("body"));
            None
        },
    );
    cx.self_names.borrow_mut().truncate(depth_before);
    lw.add(ExprKind::Lambda { function: id }, span)
}

/// `lambda x, y=2: x + y`; `name` is the name it is bound to, if any.
fn lambda(lw: &mut Lowerer, cx: &Cx, node: Node, name: &str, name_span: Span) -> ExprId {
    let span = Lowerer::span(node);
    let id = lw.function(
        name,
        name_span,
        span,
        |lw| params(lw, cx, node.child_by_field_name("parameters")),
        |lw| node.child_by_field_name("body").map(|b| expr(lw, cx, b)),
    );
    lw.add(ExprKind::Lambda { function: id }, span)
}

fn params(lw: &mut Lowerer, cx: &Cx, list: Option<Node>) -> Vec<Param> {
    let mut out = Vec::new();
    let Some(list) = list else {
        return out;
    };
    for p in children(list) {
        let span = Lowerer::span(p);
        match p.kind() {
            "identifier" => out.push(Param {
                name: lw.text(p).to_string(),
                default: None,
                span,
            }),
            "default_parameter" | "typed_default_parameter" => {
                let Some(n) = p.child_by_field_name("name") else {
                    continue;
                };
                let default = p.child_by_field_name("value").map(|v| expr(lw, cx, v));
                let name = if n.kind() == "identifier" {
                    lw.text(n).to_string()
                } else {
                    String::new()
                };
                out.push(Param {
                    name,
                    default,
                    span,
                });
            }
            "typed_parameter" => {
                // `d: str`, `*args: Any`, `**kw: Any`.
                let inner = children(p).into_iter().find(|c| {
                    matches!(
                        c.kind(),
                        "identifier" | "list_splat_pattern" | "dictionary_splat_pattern"
                    )
                });
                if let Some(i) = inner {
                    out.push(Param {
                        name: splat_name(lw, i),
                        default: None,
                        span,
                    });
                }
            }
            "list_splat_pattern" | "dictionary_splat_pattern" => out.push(Param {
                name: splat_name(lw, p),
                default: None,
                span,
            }),
            // Python 2 `def f((a, b))`: keeps the positions of the parameters after it.
            "tuple_pattern" => out.push(Param {
                name: String::new(),
                default: None,
                span,
            }),
            // `*` and `/` separators are not parameters.
            _ => {}
        }
    }
    out
}

/// The name of `x`, `*args` or `**kwargs`.
fn splat_name(lw: &Lowerer, node: Node) -> String {
    match node.kind() {
        "identifier" => lw.text(node).to_string(),
        _ => children(node)
            .into_iter()
            .find(|c| c.kind() == "identifier")
            .map(|c| lw.text(c).to_string())
            .unwrap_or_default(),
    }
}

fn class_def(lw: &mut Lowerer, cx: &Cx, node: Node) {
    let span = Lowerer::span(node);
    let name = node
        .child_by_field_name("name")
        .map(|n| lw.text(n).to_string());
    let mut parents = Vec::new();
    if let Some(s) = node.child_by_field_name("superclasses") {
        for c in children(s) {
            let e = expr(lw, cx, c);
            if c.kind() != "keyword_argument" {
                parents.push(e);
            }
        }
    }
    lw.in_scope(ScopeKind::Class, name, span, |lw, scope| {
        for p in parents {
            lw.model.class_parents.push((scope, p));
        }
        block(lw, cx, node.child_by_field_name("body"));
    });
}

// ---------------------------------------------------------------------------------------------
// Assignments

fn is_constant_name(name: &str) -> bool {
    name.chars().any(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

fn assignment(lw: &mut Lowerer, cx: &Cx, node: Node) -> ExprId {
    let span = Lowerer::span(node);
    let Some(l) = node.child_by_field_name("left") else {
        return visit_unknown(lw, cx, node);
    };
    let Some(r) = node.child_by_field_name("right") else {
        // `iat: int` declares a type only.
        return lw.unknown(node);
    };
    if is_pattern_list(l.kind()) {
        return multiple_assignment(lw, cx, l, r, span);
    }
    let value = if r.kind() == "lambda" && l.kind() == "identifier" {
        // `b64url = lambda b: …` is the function `b64url`.
        let name = lw.text(l).to_string();
        lambda(lw, cx, r, &name, Lowerer::span(l))
    } else {
        expr(lw, cx, r)
    };
    assign_to(lw, cx, l, value, span);
    value
}

fn is_pattern_list(kind: &str) -> bool {
    matches!(
        kind,
        "pattern_list" | "tuple_pattern" | "list_pattern" | "tuple" | "list"
    )
}

/// `a, b = x, y` binds pairwise; `a, b = pair` binds `a = pair[0]`, `b = pair[1]`.
fn multiple_assignment(lw: &mut Lowerer, cx: &Cx, l: Node, r: Node, span: Span) -> ExprId {
    let targets = children(l);
    let values = if matches!(r.kind(), "expression_list" | "tuple" | "list") {
        children(r)
    } else {
        Vec::new()
    };
    let splat = |n: &Node| matches!(n.kind(), "list_splat_pattern" | "list_splat");
    if values.len() == targets.len() && !targets.iter().chain(values.iter()).any(splat) {
        let mut ids = Vec::new();
        for (t, v) in targets.iter().zip(values.iter()) {
            let value = expr(lw, cx, *v);
            ids.push(value);
            assign_to(lw, cx, *t, value, span);
        }
        return lw.add(ExprKind::Array { items: ids }, Lowerer::span(r));
    }
    let value = expr(lw, cx, r);
    let mut after_splat = false;
    for (i, t) in targets.iter().enumerate() {
        if splat(t) {
            after_splat = true;
            bind_unknown(lw, cx, *t, span);
            continue;
        }
        if after_splat {
            bind_unknown(lw, cx, *t, span);
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

fn assign_to(lw: &mut Lowerer, cx: &Cx, target: Node, value: ExprId, span: Span) {
    match target.kind() {
        "identifier" => {
            let name = lw.text(target).to_string();
            let kind = if is_constant_name(&name)
                && lw.model.scope(lw.scope).kind != ScopeKind::Function
            {
                AssignKind::Const
            } else {
                AssignKind::Assign
            };
            lw.bind(&name, Lowerer::span(target), value, kind, span);
        }
        k if is_pattern_list(k) => {
            for (i, t) in children(target).into_iter().enumerate() {
                if t.kind() == "list_splat_pattern" {
                    bind_unknown(lw, cx, t, span);
                    continue;
                }
                let index = lw.add(ExprKind::Int(i as i64), Lowerer::span(t));
                let item = lw.add(
                    ExprKind::Index {
                        object: value,
                        index,
                    },
                    Lowerer::span(t),
                );
                assign_to(lw, cx, t, item, span);
            }
        }
        "list_splat_pattern" => bind_unknown(lw, cx, target, span),
        "parenthesized_expression" => {
            if let Some(inner) = children(target).into_iter().next() {
                assign_to(lw, cx, inner, value, span);
            }
        }
        _ => {
            // `self.x = v`, `payload["role"] = 0`, `a[i] = v`.
            let t = expr(lw, cx, target);
            lw.assign(t, value, AssignKind::Assign, span);
        }
    }
}

/// `x += v` -> `x = x + v`.
fn augmented_assignment(lw: &mut Lowerer, cx: &Cx, node: Node) -> ExprId {
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
    let target = expr(lw, cx, l);
    let right = expr(lw, cx, r);
    lw.compound_assign(target, op, right, AssignKind::Assign, span)
}

// ---------------------------------------------------------------------------------------------
// Expressions

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
        "parenthesized_expression" | "await" => match children(node).into_iter().next() {
            Some(inner) => expr(lw, cx, inner),
            None => lw.unknown(node),
        },
        "integer" => py_number(lw, node),
        "float" => number(lw, node),
        "string" => string(lw, cx, node),
        "concatenated_string" => {
            let mut parts = Vec::new();
            for s in children(node) {
                for p in string_parts(lw, cx, s) {
                    push_part(&mut parts, p);
                }
            }
            parts_expr(lw, parts, span)
        }
        "true" => lw.add(ExprKind::Bool(true), span),
        "false" => lw.add(ExprKind::Bool(false), span),
        "none" => lw.add(ExprKind::Null, span),
        "identifier" => {
            let name = lw.text(node);
            if cx.is_self(name) {
                lw.add(ExprKind::SelfRef, span)
            } else {
                let name = name.to_string();
                lw.name(&name, span)
            }
        }
        "attribute" => {
            let (Some(o), Some(a)) = (
                node.child_by_field_name("object"),
                node.child_by_field_name("attribute"),
            ) else {
                return visit_unknown(lw, cx, node);
            };
            let object = expr(lw, cx, o);
            let name = lw.text(a).to_string();
            lw.member(object, &name, span)
        }
        "subscript" => subscript(lw, cx, node),
        "call" => call(lw, cx, node),
        "binary_operator" => {
            let (Some(l), Some(r)) = (
                node.child_by_field_name("left"),
                node.child_by_field_name("right"),
            ) else {
                return visit_unknown(lw, cx, node);
            };
            let op = node
                .child_by_field_name("operator")
                .map(|o| binop(lw.text(o)))
                .unwrap_or(BinOp::Other);
            let left = expr(lw, cx, l);
            let right = expr(lw, cx, r);
            lw.add(ExprKind::Binary { op, left, right }, span)
        }
        "boolean_operator" => {
            let (Some(l), Some(r)) = (
                node.child_by_field_name("left"),
                node.child_by_field_name("right"),
            ) else {
                return visit_unknown(lw, cx, node);
            };
            let op = match node.child_by_field_name("operator").map(|o| lw.text(o)) {
                Some("and") => BinOp::And,
                Some("or") => BinOp::Or,
                _ => BinOp::Other,
            };
            let left = expr(lw, cx, l);
            let right = expr(lw, cx, r);
            lw.add(ExprKind::Binary { op, left, right }, span)
        }
        "comparison_operator" => {
            let operands = children(node);
            let mut cursor = node.walk();
            let ops: Vec<String> = node
                .children_by_field_name("operators", &mut cursor)
                .map(|o| lw.text(o).to_string())
                .collect();
            if operands.len() == 2 && ops.len() == 1 {
                let op = binop(&ops[0]);
                let left = expr(lw, cx, operands[0]);
                let right = expr(lw, cx, operands[1]);
                return lw.add(ExprKind::Binary { op, left, right }, span);
            }
            visit_unknown(lw, cx, node)
        }
        "not_operator" => match node.child_by_field_name("argument") {
            Some(a) => {
                let operand = expr(lw, cx, a);
                lw.add(
                    ExprKind::Unary {
                        op: UnOp::Not,
                        operand,
                    },
                    span,
                )
            }
            None => visit_unknown(lw, cx, node),
        },
        "unary_operator" => {
            let Some(a) = node.child_by_field_name("argument") else {
                return visit_unknown(lw, cx, node);
            };
            let op = match node.child_by_field_name("operator").map(|o| lw.text(o)) {
                Some("-") => UnOp::Neg,
                Some("+") => UnOp::Plus,
                _ => UnOp::Other,
            };
            let operand = expr(lw, cx, a);
            lw.add(ExprKind::Unary { op, operand }, span)
        }
        "conditional_expression" => {
            // `then if cond else otherwise`
            let kids = children(node);
            let [t, c, o] = kids.as_slice() else {
                return visit_unknown(lw, cx, node);
            };
            let then = expr(lw, cx, *t);
            let cond = expr(lw, cx, *c);
            let otherwise = expr(lw, cx, *o);
            lw.add(
                ExprKind::Conditional {
                    cond,
                    then,
                    otherwise,
                },
                span,
            )
        }
        "lambda" => lambda(lw, cx, node, "", span),
        "dictionary" => dictionary(lw, cx, node),
        "list" | "tuple" | "set" | "expression_list" => {
            let items = children(node)
                .into_iter()
                .map(|c| expr(lw, cx, c))
                .collect();
            lw.add(ExprKind::Array { items }, span)
        }
        "assignment" => assignment(lw, cx, node),
        "augmented_assignment" => augmented_assignment(lw, cx, node),
        "named_expression" => {
            // `(now := time.time())`
            let (Some(n), Some(v)) = (
                node.child_by_field_name("name"),
                node.child_by_field_name("value"),
            ) else {
                return visit_unknown(lw, cx, node);
            };
            let value = expr(lw, cx, v);
            assign_to(lw, cx, n, value, span);
            value
        }
        "function_definition" => function_def(lw, cx, node, &[]),
        _ => visit_unknown(lw, cx, node),
    }
}

/// A construct the model does not represent (comprehensions, `yield`, splats, slices…): its
/// children are lowered as statements so that nested calls and assignments are seen.
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
        "//" => BinOp::IntDiv,
        "%" => BinOp::Mod,
        "|" => BinOp::BitOr,
        "or" => BinOp::Or,
        "and" => BinOp::And,
        "==" | "is" => BinOp::Eq,
        "!=" | "<>" | "is not" => BinOp::NotEq,
        "<" | "<=" => BinOp::Lt,
        ">" | ">=" => BinOp::Gt,
        _ => BinOp::Other,
    }
}

/// Integers in Python's spellings (`7_200`, `0x1C20`, `0o17`, `0b1010`).
fn py_number(lw: &mut Lowerer, node: Node) -> ExprId {
    let text: String = lw.text(node).chars().filter(|c| *c != '_').collect();
    let lower = text.to_ascii_lowercase();
    let radix = if let Some(d) = lower.strip_prefix("0b") {
        Some((d.to_string(), 2))
    } else {
        lower.strip_prefix("0o").map(|d| (d.to_string(), 8))
    };
    if let Some((digits, radix)) = radix {
        if let Ok(i) = i64::from_str_radix(&digits, radix) {
            return lw.add(ExprKind::Int(i), Lowerer::span(node));
        }
    }
    if parse_int(&text).is_none() && (lower.ends_with('j') || lower.ends_with('l')) {
        return lw.unknown(node);
    }
    number(lw, node)
}

fn subscript(lw: &mut Lowerer, cx: &Cx, node: Node) -> ExprId {
    let span = Lowerer::span(node);
    let Some(v) = node.child_by_field_name("value") else {
        return visit_unknown(lw, cx, node);
    };
    let mut cursor = node.walk();
    let indexes: Vec<Node> = node
        .children_by_field_name("subscript", &mut cursor)
        .collect();
    let object = expr(lw, cx, v);
    if indexes.len() != 1 || indexes[0].kind() == "slice" {
        for i in indexes {
            expr(lw, cx, i);
        }
        return lw.unknown(node);
    }
    let index = expr(lw, cx, indexes[0]);
    if let ExprKind::Str(s) = lw.model.kind(index).clone() {
        // `payload["role"]`, `os.environ["ZOOM_SDK_KEY"]`
        return lw.member(object, &s, span);
    }
    lw.add(ExprKind::Index { object, index }, span)
}

fn call(lw: &mut Lowerer, cx: &Cx, node: Node) -> ExprId {
    let span = Lowerer::span(node);
    let Some(f) = node.child_by_field_name("function") else {
        return visit_unknown(lw, cx, node);
    };
    // `super().method(...)`: the instance, seen through its base class.
    if f.kind() == "identifier" && lw.text(f) == "super" {
        if let Some(a) = node.child_by_field_name("arguments") {
            for c in children(a) {
                expr(lw, cx, c);
            }
        }
        return lw.add(ExprKind::SelfRef, span);
    }
    let callee = expr(lw, cx, f);
    let args = arguments(lw, cx, node.child_by_field_name("arguments"));
    lw.call(callee, args, span)
}

/// Call arguments. Keyword arguments carry their name; `**extra` is an argument named `**`
/// (so it never fills a positional parameter); `*rest` is an unknown positional argument.
fn arguments(lw: &mut Lowerer, cx: &Cx, list: Option<Node>) -> Vec<Arg> {
    let Some(list) = list else {
        return Vec::new();
    };
    if list.kind() == "generator_expression" {
        // `sum(x for x in xs)`: one argument.
        let value = visit_unknown(lw, cx, list);
        return vec![Arg { name: None, value }];
    }
    let mut args = Vec::new();
    for a in children(list) {
        match a.kind() {
            "keyword_argument" => {
                let (Some(n), Some(v)) = (
                    a.child_by_field_name("name"),
                    a.child_by_field_name("value"),
                ) else {
                    continue;
                };
                let name = lw.text(n).to_string();
                let value = expr(lw, cx, v);
                args.push(Arg {
                    name: Some(name),
                    value,
                });
            }
            "dictionary_splat" => {
                let value = match children(a).into_iter().next() {
                    Some(inner) => expr(lw, cx, inner),
                    None => lw.unknown(a),
                };
                args.push(Arg {
                    name: Some("**".to_string()),
                    value,
                });
            }
            "list_splat" => {
                let value = visit_unknown(lw, cx, a);
                args.push(Arg { name: None, value });
            }
            _ => {
                let value = expr(lw, cx, a);
                args.push(Arg { name: None, value });
            }
        }
    }
    args
}

fn dictionary(lw: &mut Lowerer, cx: &Cx, node: Node) -> ExprId {
    let mut entries = Vec::new();
    for c in children(node) {
        match c.kind() {
            "pair" => {
                let (Some(k), Some(v)) =
                    (c.child_by_field_name("key"), c.child_by_field_name("value"))
                else {
                    continue;
                };
                let key = match static_string(lw, k) {
                    Some(s) => Key::Name(s),
                    None if k.kind() == "integer" => Key::Name(lw.text(k).to_string()),
                    None => Key::Computed(expr(lw, cx, k)),
                };
                let value = expr(lw, cx, v);
                entries.push(Entry::Pair {
                    key,
                    value,
                    span: Lowerer::span(c),
                });
            }
            "dictionary_splat" => {
                let value = match children(c).into_iter().next() {
                    Some(inner) => expr(lw, cx, inner),
                    None => lw.unknown(c),
                };
                entries.push(Entry::Spread(value));
            }
            _ => {
                stmt(lw, cx, c);
            }
        }
    }
    lw.add(ExprKind::Object { entries }, Lowerer::span(node))
}

// ---------------------------------------------------------------------------------------------
// Strings

/// The text of a string literal without interpolations (`"iat"`, `'role'`), for keys.
fn static_string(lw: &mut Lowerer, node: Node) -> Option<String> {
    let strings = match node.kind() {
        "string" => vec![node],
        "concatenated_string" => children(node),
        _ => return None,
    };
    let mut out = String::new();
    for s in strings {
        if children(s).iter().any(|c| c.kind() == "interpolation") {
            return None;
        }
        let raw = prefix(lw, s).contains('r');
        for c in children(s) {
            if c.kind() == "string_content" {
                out.push_str(&content_text(lw, c, raw));
            }
        }
    }
    Some(out)
}

/// The lowercase prefix of a string (`f`, `rb`, `u`, empty).
fn prefix(lw: &Lowerer, string: Node) -> String {
    children(string)
        .into_iter()
        .find(|c| c.kind() == "string_start")
        .map(|s| {
            lw.text(s)
                .trim_end_matches(['"', '\''])
                .to_ascii_lowercase()
        })
        .unwrap_or_default()
}

fn string(lw: &mut Lowerer, cx: &Cx, node: Node) -> ExprId {
    let parts = string_parts(lw, cx, node);
    parts_expr(lw, parts, Lowerer::span(node))
}

/// The literal text and interpolations of one `string` node. Bytes literals (`b"="`) are their
/// text: what matters downstream is which characters they hold.
fn string_parts(lw: &mut Lowerer, cx: &Cx, node: Node) -> Vec<Part> {
    let raw = prefix(lw, node).contains('r');
    let mut parts = Vec::new();
    for c in children(node) {
        match c.kind() {
            "string_content" => {
                let t = content_text(lw, c, raw);
                push_part(&mut parts, Part::Lit(t));
            }
            "interpolation" => {
                let e = match c.child_by_field_name("expression") {
                    Some(inner) => expr(lw, cx, inner),
                    None => lw.unknown(c),
                };
                parts.push(Part::Expr(e));
            }
            _ => {}
        }
    }
    parts
}

/// A `string_content` with its escapes resolved (`\n`, `\x41`; `{{` in f-strings).
fn content_text(lw: &Lowerer, content: Node, raw: bool) -> String {
    let mut out = String::new();
    let mut pos = content.start_byte();
    let mut cursor = content.walk();
    for k in content.named_children(&mut cursor) {
        if k.start_byte() < pos {
            continue;
        }
        out.push_str(&lw.src[pos..k.start_byte()]);
        let t = lw.text(k);
        match k.kind() {
            "escape_interpolation" => out.push_str(&t[..t.len().min(1)]),
            "escape_sequence" if !raw => out.push_str(&py_unescape(t)),
            _ => out.push_str(t),
        }
        pos = k.end_byte();
    }
    out.push_str(&lw.src[pos..content.end_byte().max(pos)]);
    out
}

/// Resolves one escape sequence of a Python string (`\n`, `\x41`, `\u00e9`, `\101`).
fn py_unescape(seq: &str) -> String {
    let Some(rest) = seq.strip_prefix('\\') else {
        return seq.to_string();
    };
    let code = |digits: &str, radix: u32| {
        u32::from_str_radix(digits, radix)
            .ok()
            .and_then(char::from_u32)
            .map(String::from)
    };
    let hex = rest
        .strip_prefix('x')
        .or_else(|| rest.strip_prefix('u'))
        .or_else(|| rest.strip_prefix('U'));
    if let Some(h) = hex {
        return code(h, 16).unwrap_or_else(|| seq.to_string());
    }
    if !rest.is_empty() && rest.len() <= 3 && rest.chars().all(|c| ('0'..='7').contains(&c)) {
        return code(rest, 8).unwrap_or_else(|| seq.to_string());
    }
    match rest {
        "n" => "\n".into(),
        "t" => "\t".into(),
        "r" => "\r".into(),
        "a" => "\u{7}".into(),
        "b" => "\u{8}".into(),
        "f" => "\u{c}".into(),
        "v" => "\u{b}".into(),
        "\\" | "'" | "\"" => rest.into(),
        "\n" | "\r\n" => String::new(),
        // Unknown escapes (`\d`, `\N{…}`) keep their backslash, as Python does for the former.
        _ => seq.to_string(),
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

/// A plain string for literal-only parts, an `Interpolated` otherwise.
fn parts_expr(lw: &mut Lowerer, parts: Vec<Part>, span: Span) -> ExprId {
    if parts.iter().all(|p| matches!(p, Part::Lit(_))) {
        let s: String = parts
            .into_iter()
            .map(|p| match p {
                Part::Lit(s) => s,
                Part::Expr(_) => String::new(),
            })
            .collect();
        return lw.add(ExprKind::Str(s), span);
    }
    lw.add(ExprKind::Interpolated { parts }, span)
}
