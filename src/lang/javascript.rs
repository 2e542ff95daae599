//! JavaScript and TypeScript (incl. TSX) front end.

use tree_sitter::Node;

use super::{children, number, unescape, Lowerer};
use crate::model::{
    Arg, AssignKind, BinOp, Entry, ExprId, ExprKind, ImportKind, Key, Param, Part, ScopeKind, Span,
    UnOp,
};

pub fn lower_file(lw: &mut Lowerer, root: Node) {
    let mut prologue = true;
    for child in children(root) {
        // The directive prologue: leading string statements (`'use client'`).
        if prologue {
            let directive = (child.kind() == "expression_statement")
                .then(|| children(child).into_iter().next())
                .flatten()
                .filter(|s| s.kind() == "string");
            match directive {
                Some(s) => {
                    let text = lw.text(s).trim_matches(['"', '\'']).to_string();
                    lw.model.directives.push(text);
                }
                None => prologue = false,
            }
        }
        stmt(lw, child);
    }
}

/// Lowers a statement (or any node in statement position) for its bindings, functions and calls.
fn stmt(lw: &mut Lowerer, node: Node) {
    if !lw.enter() {
        return;
    }
    match node.kind() {
        "lexical_declaration" | "variable_declaration" => {
            let kind = if lw.text(node).starts_with("const") {
                AssignKind::Const
            } else {
                AssignKind::Assign
            };
            for decl in children(node) {
                if decl.kind() == "variable_declarator" {
                    declarator(lw, decl, kind);
                }
            }
        }
        "function_declaration" | "generator_function_declaration" => {
            function(lw, node);
        }
        "class_declaration" | "abstract_class_declaration" => {
            class(lw, node);
        }
        "return_statement" => {
            if let Some(value) = children(node).into_iter().next() {
                let e = expr(lw, value);
                lw.add_return(e);
            }
        }
        "expression_statement" => {
            for c in children(node) {
                expr(lw, c);
            }
        }
        "export_statement" => export(lw, node),
        "import_statement" => import(lw, node),
        "decorator" => decorator(lw, node),
        "comment" | "type_alias_declaration" | "interface_declaration" => {}
        _ => {
            expr(lw, node);
        }
    }
    lw.leave();
}

fn declarator(lw: &mut Lowerer, decl: Node, kind: AssignKind) {
    let Some(name) = decl.child_by_field_name("name") else {
        return;
    };
    let Some(value) = decl.child_by_field_name("value") else {
        return;
    };
    let v = value_named(lw, value, name);
    pattern_bind(lw, name, v, kind, Lowerer::span(decl));
}

/// Lowers the value of `name = value`; a function expression takes the name it is bound to.
fn value_named(lw: &mut Lowerer, value: Node, name: Node) -> ExprId {
    let is_function = matches!(
        value.kind(),
        "arrow_function" | "function_expression" | "function" | "generator_function"
    );
    if is_function && value.child_by_field_name("name").is_none() {
        let n = lw.text(name).to_string();
        return function_named(lw, value, &n, Lowerer::span(name));
    }
    expr(lw, value)
}

/// Binds a pattern to a value: `x = v`, `{ a, b: c } = v` (each name bound to `v.a`), `[a] = v`.
fn pattern_bind(lw: &mut Lowerer, pattern: Node, value: ExprId, kind: AssignKind, span: Span) {
    match pattern.kind() {
        "identifier" | "shorthand_property_identifier_pattern" => {
            let name = lw.text(pattern).to_string();
            lw.bind(&name, Lowerer::span(pattern), value, kind, span);
        }
        "object_pattern" => {
            for p in children(pattern) {
                match p.kind() {
                    "shorthand_property_identifier_pattern" => {
                        let name = lw.text(p).to_string();
                        let m = lw.member(value, &name, Lowerer::span(p));
                        lw.bind(&name, Lowerer::span(p), m, kind, span);
                    }
                    "pair_pattern" => {
                        if let (Some(k), Some(v)) =
                            (p.child_by_field_name("key"), p.child_by_field_name("value"))
                        {
                            let key = lw.text(k).trim_matches(['"', '\'']).to_string();
                            let m = lw.member(value, &key, Lowerer::span(p));
                            pattern_bind(lw, v, m, kind, span);
                        }
                    }
                    "object_assignment_pattern" => {
                        // `{ now = Date.now() } = opts`: the default stands for the value.
                        if let (Some(l), Some(r)) = (
                            p.child_by_field_name("left"),
                            p.child_by_field_name("right"),
                        ) {
                            let d = expr(lw, r);
                            pattern_bind(lw, l, d, kind, span);
                        }
                    }
                    _ => {}
                }
            }
        }
        "assignment_pattern" => {
            if let (Some(l), Some(r)) = (
                pattern.child_by_field_name("left"),
                pattern.child_by_field_name("right"),
            ) {
                let d = expr(lw, r);
                pattern_bind(lw, l, d, kind, span);
            }
        }
        // `const [secret, setSecret] = useState('…')`: each name is the element at its place
        // (holes count, a rest element ends the pattern).
        "array_pattern" => {
            let mut index = 0i64;
            let mut after_comma = true;
            let mut cursor = pattern.walk();
            let all: Vec<Node> = pattern.children(&mut cursor).collect();
            for p in all {
                match p.kind() {
                    "[" | "]" | "comment" => {}
                    "," => {
                        if after_comma {
                            index += 1;
                        }
                        after_comma = true;
                    }
                    "rest_pattern" => break,
                    _ => {
                        let at = Lowerer::span(p);
                        let i = lw.add(ExprKind::Int(index), at);
                        let element = lw.add(
                            ExprKind::Index {
                                object: value,
                                index: i,
                            },
                            at,
                        );
                        pattern_bind(lw, p, element, kind, span);
                        index += 1;
                        after_comma = false;
                    }
                }
            }
        }
        _ => {}
    }
}

fn function_name(lw: &Lowerer, node: Node) -> (String, Span) {
    match node.child_by_field_name("name") {
        Some(n) => (lw.text(n).to_string(), Lowerer::span(n)),
        None => (String::new(), Lowerer::span(node)),
    }
}

/// Lowers any function-like node; returns its id wrapped as a `Lambda` expression.
fn function(lw: &mut Lowerer, node: Node) -> ExprId {
    let (name, name_span) = function_name(lw, node);
    function_named(lw, node, &name, name_span)
}

fn function_named(lw: &mut Lowerer, node: Node, name: &str, name_span: Span) -> ExprId {
    let span = Lowerer::span(node);
    let id = lw.function(
        name,
        name_span,
        span,
        |lw| params(lw, node),
        |lw| {
            let body = node.child_by_field_name("body")?;
            if body.kind() == "statement_block" {
                for s in children(body) {
                    stmt(lw, s);
                }
                None
            } else {
                Some(expr(lw, body))
            }
        },
    );
    let lambda = lw.add(ExprKind::Lambda { function: id }, span);
    if !name.is_empty() && node.kind().ends_with("declaration") {
        // A named declaration is also a binding of its name to the function.
        lw.bind(name, name_span, lambda, AssignKind::Const, span);
    }
    lambda
}

fn params(lw: &mut Lowerer, node: Node) -> Vec<Param> {
    let mut out = Vec::new();
    if let Some(single) = node.child_by_field_name("parameter") {
        out.push(Param {
            name: lw.text(single).to_string(),
            default: None,
            span: Lowerer::span(single),
        });
        return out;
    }
    let Some(list) = node.child_by_field_name("parameters") else {
        return out;
    };
    for p in children(list) {
        // TS wraps parameters: required_parameter { pattern, value }.
        let (pat, default) = match p.kind() {
            "required_parameter" | "optional_parameter" => (
                p.child_by_field_name("pattern"),
                p.child_by_field_name("value"),
            ),
            "assignment_pattern" => (
                p.child_by_field_name("left"),
                p.child_by_field_name("right"),
            ),
            _ => (Some(p), None),
        };
        let Some(pat) = pat else { continue };
        let default = default
            .map(|d| expr(lw, d))
            .or_else(|| injected(lw, node, p));
        if pat.kind() == "identifier" {
            let name = lw.text(pat).to_string();
            parameter_property(lw, p, &name);
            out.push(Param {
                name,
                default,
                span: Lowerer::span(p),
            });
        } else if pat.kind() == "object_pattern" {
            // `function sign({ key, secret, now = Date.now() })`: each name is a parameter.
            for q in children(pat) {
                let (n, d) = match q.kind() {
                    "shorthand_property_identifier_pattern" => (Some(q), None),
                    "object_assignment_pattern" => (
                        q.child_by_field_name("left"),
                        q.child_by_field_name("right"),
                    ),
                    _ => (None, None),
                };
                if let Some(n) = n {
                    let default = d.map(|d| expr(lw, d));
                    out.push(Param {
                        name: lw.text(n).to_string(),
                        default,
                        span: Lowerer::span(q),
                    });
                }
            }
        }
    }
    out
}

/// A TypeScript parameter property (`constructor(private readonly secret: string)`) is also
/// the field it declares: `this.secret = secret` in the constructor.
fn parameter_property(lw: &mut Lowerer, p: Node, name: &str) {
    let mut cursor = p.walk();
    let property = p.children(&mut cursor).any(|c| {
        matches!(
            c.kind(),
            "accessibility_modifier" | "override_modifier" | "readonly"
        )
    });
    if !property {
        return;
    }
    let span = Lowerer::span(p);
    let this = lw.add(ExprKind::SelfRef, span);
    let target = lw.member(this, name, span);
    let value = lw.name(name, span);
    lw.assign(target, value, AssignKind::Assign, span);
}

/// What a dependency-injection framework passes for a constructor parameter of a decorated
/// class (an Angular component or service, a NestJS provider): an instance of the class its
/// type names (`constructor(private zoom: ZoomService)`), built as `new ZoomService()`. It is
/// the parameter's value when no caller is seen; a parameter with a decorator of its own
/// (`@Inject(TOKEN)`) or a type that is no plain class name gets none.
fn injected(lw: &mut Lowerer, function: Node, p: Node) -> Option<ExprId> {
    if function.kind() != "method_definition"
        || function
            .child_by_field_name("name")
            .is_none_or(|n| lw.text(n) != "constructor")
    {
        return None;
    }
    if children(p).iter().any(|c| c.kind() == "decorator") {
        return None;
    }
    let class = function.parent()?.parent()?;
    let decorated = |n: Node| children(n).iter().any(|c| c.kind() == "decorator");
    let exported = class
        .parent()
        .is_some_and(|e| e.kind() == "export_statement" && decorated(e));
    if !(decorated(class) || exported) {
        return None;
    }
    let annotation = p.child_by_field_name("type")?;
    let ty = children(annotation).into_iter().next()?;
    if ty.kind() != "type_identifier" {
        return None;
    }
    let span = Lowerer::span(ty);
    let class = lw.name(lw.text(ty), span);
    Some(lw.add(
        ExprKind::New {
            class,
            args: Vec::new(),
        },
        span,
    ))
}

fn class(lw: &mut Lowerer, node: Node) -> ExprId {
    let name = node
        .child_by_field_name("name")
        .map(|n| lw.text(n).to_string());
    let span = Lowerer::span(node);
    for d in children(node) {
        if d.kind() == "decorator" {
            decorator(lw, d);
        }
    }
    // `extends Base`: the parent, named in the scope around the class.
    let parent = children(node)
        .into_iter()
        .find(|c| c.kind() == "class_heritage")
        .and_then(|h| children(h).into_iter().next())
        .map(|p| expr(lw, p));
    lw.in_scope(ScopeKind::Class, name.clone(), span, |lw, scope| {
        if let Some(p) = parent {
            lw.model.class_parents.push((scope, p));
        }
        let Some(body) = node.child_by_field_name("body") else {
            return;
        };
        for member in children(body) {
            match member.kind() {
                "method_definition" => {
                    function(lw, member);
                }
                "field_definition" | "public_field_definition" => {
                    let key = member
                        .child_by_field_name("property")
                        .or_else(|| member.child_by_field_name("name"));
                    if let (Some(k), Some(v)) = (key, member.child_by_field_name("value")) {
                        let value = value_named(lw, v, k);
                        let name = lw.text(k).to_string();
                        let kind = if lw.text(member).contains("readonly")
                            || lw.text(member).starts_with("static")
                        {
                            AssignKind::Const
                        } else {
                            AssignKind::Assign
                        };
                        lw.bind(&name, Lowerer::span(k), value, kind, Lowerer::span(member));
                    }
                }
                _ => stmt(lw, member),
            }
        }
    });
    // A declared class is found by its name (`Model::class_named`); no binding hides it. A
    // class expression's value is not modelled.
    lw.add(ExprKind::Unknown, span)
}

fn string_literal(lw: &mut Lowerer, node: Node) -> ExprId {
    let raw = lw.text(node);
    let body = if raw.len() >= 2 {
        &raw[1..raw.len() - 1]
    } else {
        ""
    };
    lw.add(ExprKind::Str(unescape(body)), Lowerer::span(node))
}

fn args(lw: &mut Lowerer, node: Option<Node>) -> Vec<Arg> {
    let Some(node) = node else { return Vec::new() };
    if node.kind() == "template_string" {
        // Tagged template: the template is the one argument.
        return vec![Arg {
            name: None,
            value: expr(lw, node),
        }];
    }
    children(node)
        .into_iter()
        .map(|a| {
            // `f(...bytes)`: the spread collection stands for its items.
            let a = match a.kind() {
                "spread_element" => children(a).into_iter().next().unwrap_or(a),
                _ => a,
            };
            Arg {
                name: None,
                value: expr(lw, a),
            }
        })
        .collect()
}

fn binop(op: &str) -> BinOp {
    match op {
        "+" => BinOp::Add,
        "-" => BinOp::Sub,
        "*" => BinOp::Mul,
        "/" => BinOp::Div,
        "%" => BinOp::Mod,
        "|" => BinOp::BitOr,
        "||" | "??" => BinOp::Or,
        "&&" => BinOp::And,
        "==" | "===" => BinOp::Eq,
        "!=" | "!==" => BinOp::NotEq,
        "<" | "<=" => BinOp::Lt,
        ">" | ">=" => BinOp::Gt,
        _ => BinOp::Other,
    }
}

/// Lowers an expression.
pub fn expr(lw: &mut Lowerer, node: Node) -> ExprId {
    if !lw.enter() {
        return lw.unknown(node);
    }
    let e = expr_inner(lw, node);
    lw.leave();
    e
}

fn expr_inner(lw: &mut Lowerer, node: Node) -> ExprId {
    let span = Lowerer::span(node);
    match node.kind() {
        "parenthesized_expression"
        | "await_expression"
        | "as_expression"
        | "satisfies_expression"
        | "non_null_expression"
        | "type_assertion" => match children(node).into_iter().find(|c| !is_type(c.kind())) {
            Some(inner) => expr(lw, inner),
            None => lw.unknown(node),
        },
        "sequence_expression" => {
            let mut last = None;
            for c in children(node) {
                last = Some(expr(lw, c));
            }
            last.unwrap_or_else(|| lw.unknown(node))
        }
        "number" => number(lw, node),
        "string" => string_literal(lw, node),
        "template_string" => {
            let mut parts = Vec::new();
            let raw = lw.text(node);
            let mut pos = node.start_byte() + 1;
            let end = node.end_byte().saturating_sub(1);
            for sub in children(node) {
                if sub.kind() != "template_substitution" {
                    continue;
                }
                if sub.start_byte() > pos {
                    let lit = &raw[pos - node.start_byte()..sub.start_byte() - node.start_byte()];
                    parts.push(Part::Lit(unescape(lit)));
                }
                if let Some(inner) = children(sub).into_iter().next() {
                    parts.push(Part::Expr(expr(lw, inner)));
                }
                pos = sub.end_byte();
            }
            if end > pos {
                parts.push(Part::Lit(unescape(
                    &raw[pos - node.start_byte()..end - node.start_byte()],
                )));
            }
            lw.add(ExprKind::Interpolated { parts }, span)
        }
        "regex" => {
            let pattern = node
                .child_by_field_name("pattern")
                .map(|p| lw.text(p).to_string())
                .unwrap_or_default();
            lw.add(ExprKind::Regex(pattern), span)
        }
        "true" => lw.add(ExprKind::Bool(true), span),
        "false" => lw.add(ExprKind::Bool(false), span),
        "null" | "undefined" => lw.add(ExprKind::Null, span),
        "this" | "super" => lw.add(ExprKind::SelfRef, span),
        "identifier" | "shorthand_property_identifier" | "property_identifier" => {
            let name = lw.text(node).to_string();
            lw.name(&name, span)
        }
        "member_expression" => {
            let object = node.child_by_field_name("object");
            let property = node.child_by_field_name("property");
            match (object, property) {
                (Some(o), Some(p)) => {
                    let o = expr(lw, o);
                    let name = lw.text(p).trim_start_matches('#').to_string();
                    lw.member(o, &name, span)
                }
                _ => lw.unknown(node),
            }
        }
        "subscript_expression" => {
            let object = node.child_by_field_name("object");
            let index = node.child_by_field_name("index");
            match (object, index) {
                (Some(o), Some(i)) => {
                    let o = expr(lw, o);
                    let i = expr(lw, i);
                    // `a['b']` is the member `a.b`.
                    if let ExprKind::Str(s) = lw.model.kind(i).clone() {
                        return lw.member(o, &s, span);
                    }
                    lw.add(
                        ExprKind::Index {
                            object: o,
                            index: i,
                        },
                        span,
                    )
                }
                _ => lw.unknown(node),
            }
        }
        "call_expression" => {
            let Some(callee) = node.child_by_field_name("function") else {
                return lw.unknown(node);
            };
            let callee_node = callee;
            let callee = expr(lw, callee);
            let args = args(lw, node.child_by_field_name("arguments"));
            // `require('./config')`, `import('./config')`: the module.
            if matches!(lw.text(callee_node), "require" | "import") && args.len() == 1 {
                if let ExprKind::Str(module) = lw.model.kind(args[0].value) {
                    let module = module.clone();
                    lw.model.imports.push(module);
                    return lw.add(
                        ExprKind::Import {
                            spec: args[0].value,
                            kind: ImportKind::Module,
                        },
                        span,
                    );
                }
            }
            lw.call(callee, args, span)
        }
        "new_expression" => {
            let Some(class) = node.child_by_field_name("constructor") else {
                return lw.unknown(node);
            };
            let class = expr(lw, class);
            let args = args(lw, node.child_by_field_name("arguments"));
            lw.add(ExprKind::New { class, args }, span)
        }
        "binary_expression" => {
            let (Some(l), Some(r), Some(op)) = (
                node.child_by_field_name("left"),
                node.child_by_field_name("right"),
                node.child_by_field_name("operator"),
            ) else {
                return lw.unknown(node);
            };
            let op = binop(lw.text(op));
            let left = expr(lw, l);
            let right = expr(lw, r);
            lw.add(ExprKind::Binary { op, left, right }, span)
        }
        "unary_expression" => {
            let (Some(arg), Some(op)) = (
                node.child_by_field_name("argument"),
                node.child_by_field_name("operator"),
            ) else {
                return lw.unknown(node);
            };
            let op = match lw.text(op) {
                "-" => UnOp::Neg,
                "+" => UnOp::Plus,
                "!" => UnOp::Not,
                _ => UnOp::Other,
            };
            let operand = expr(lw, arg);
            lw.add(ExprKind::Unary { op, operand }, span)
        }
        "ternary_expression" => {
            let (Some(c), Some(t), Some(o)) = (
                node.child_by_field_name("condition"),
                node.child_by_field_name("consequence"),
                node.child_by_field_name("alternative"),
            ) else {
                return lw.unknown(node);
            };
            let cond = expr(lw, c);
            let then = expr(lw, t);
            let otherwise = expr(lw, o);
            lw.add(
                ExprKind::Conditional {
                    cond,
                    then,
                    otherwise,
                },
                span,
            )
        }
        "object" => {
            let mut entries = Vec::new();
            for c in children(node) {
                match c.kind() {
                    "pair" => {
                        let (Some(k), Some(v)) =
                            (c.child_by_field_name("key"), c.child_by_field_name("value"))
                        else {
                            continue;
                        };
                        let key = match k.kind() {
                            "property_identifier" | "number" => Key::Name(lw.text(k).to_string()),
                            "string" => {
                                let raw = lw.text(k);
                                Key::Name(unescape(&raw[1..raw.len().saturating_sub(1).max(1)]))
                            }
                            _ => {
                                let inner = children(k).into_iter().next().unwrap_or(k);
                                Key::Computed(expr(lw, inner))
                            }
                        };
                        let value = value_named(lw, v, k);
                        entries.push(Entry::Pair {
                            key,
                            value,
                            span: Lowerer::span(c),
                        });
                    }
                    "shorthand_property_identifier" => {
                        let name = lw.text(c).to_string();
                        let value = lw.name(&name, Lowerer::span(c));
                        entries.push(Entry::Pair {
                            key: Key::Name(name),
                            value,
                            span: Lowerer::span(c),
                        });
                    }
                    "spread_element" => {
                        let inner = children(c).into_iter().next().unwrap_or(c);
                        let value = expr(lw, inner);
                        entries.push(Entry::Spread(value));
                    }
                    "method_definition" => {
                        let name = c
                            .child_by_field_name("name")
                            .map(|n| lw.text(n).to_string())
                            .unwrap_or_default();
                        let value = function(lw, c);
                        entries.push(Entry::Pair {
                            key: Key::Name(name),
                            value,
                            span: Lowerer::span(c),
                        });
                    }
                    _ => {}
                }
            }
            lw.add(ExprKind::Object { entries }, span)
        }
        "array" => {
            let items = children(node).into_iter().map(|c| expr(lw, c)).collect();
            lw.add(ExprKind::Array { items }, span)
        }
        "assignment_expression" | "augmented_assignment_expression" => {
            let (Some(l), Some(r)) = (
                node.child_by_field_name("left"),
                node.child_by_field_name("right"),
            ) else {
                return lw.unknown(node);
            };
            let value = expr(lw, r);
            let target = if l.kind() == "identifier" {
                lw.name(lw.text(l), Lowerer::span(l))
            } else if matches!(l.kind(), "object_pattern" | "array_pattern") {
                pattern_bind(lw, l, value, AssignKind::Assign, span);
                return value;
            } else {
                expr(lw, l)
            };
            if node.kind() == "augmented_assignment_expression" {
                if let Some(op) = node.child_by_field_name("operator") {
                    let op = binop(lw.text(op).trim_end_matches('='));
                    return lw.compound_assign(target, op, value, AssignKind::Assign, span);
                }
            }
            lw.assign(target, value, AssignKind::Assign, span);
            value
        }
        "function_expression" | "function" | "arrow_function" | "generator_function" => {
            function(lw, node)
        }
        "method_definition" => function(lw, node),
        "class" => class(lw, node),
        "jsx_element" | "jsx_self_closing_element" | "jsx_expression" | "jsx_fragment" => {
            lw.model.has_jsx = true;
            for c in children(node) {
                stmt(lw, c);
            }
            lw.unknown(node)
        }
        _ => {
            // Statements and constructs we do not model: visit children for their bindings.
            for c in children(node) {
                stmt(lw, c);
            }
            lw.unknown(node)
        }
    }
}

/// `import x, { a as b } from 'm'`, `import * as ns from 'm'`, `import x = require('m')`:
/// each name is bound to what it takes from the module (`default`, `a`, the module itself).
fn import(lw: &mut Lowerer, node: Node) {
    let Some(src) = node
        .child_by_field_name("source")
        .or_else(|| find_source(node))
    else {
        return;
    };
    let module = module_expr(lw, src);
    // `import type { T }` brings in types only.
    if lw.text(node).starts_with("import type") {
        return;
    }
    let span = Lowerer::span(node);
    for clause in children(node) {
        match clause.kind() {
            "import_clause" => {
                for part in children(clause) {
                    match part.kind() {
                        "identifier" => {
                            let name = lw.text(part).to_string();
                            let m = lw.member(module, "default", Lowerer::span(part));
                            lw.bind(&name, Lowerer::span(part), m, AssignKind::Const, span);
                        }
                        "namespace_import" => {
                            if let Some(id) = children(part).into_iter().next() {
                                let name = lw.text(id).to_string();
                                lw.bind(&name, Lowerer::span(id), module, AssignKind::Const, span);
                            }
                        }
                        "named_imports" => {
                            for spec in children(part) {
                                import_specifier(lw, spec, module, span);
                            }
                        }
                        _ => {}
                    }
                }
            }
            "import_require_clause" => {
                if let Some(id) = children(clause)
                    .into_iter()
                    .find(|c| c.kind() == "identifier")
                {
                    let name = lw.text(id).to_string();
                    lw.bind(&name, Lowerer::span(id), module, AssignKind::Const, span);
                }
            }
            _ => {}
        }
    }
}

/// The `source` of an `import x = require('m')`, which sits inside its clause.
fn find_source(node: Node) -> Option<Node> {
    children(node)
        .into_iter()
        .find(|c| c.kind() == "import_require_clause")
        .and_then(|c| c.child_by_field_name("source"))
}

/// `{ a as b }` of an import or a re-export: `b` is the member `a` of the module.
fn import_specifier(lw: &mut Lowerer, spec: Node, module: ExprId, span: Span) {
    let Some(name) = spec.child_by_field_name("name") else {
        return;
    };
    let local = spec.child_by_field_name("alias").unwrap_or(name);
    let imported = lw.text(name).trim_matches(['"', '\'']).to_string();
    let bound = lw.text(local).trim_matches(['"', '\'']).to_string();
    let m = lw.member(module, &imported, Lowerer::span(spec));
    lw.bind(&bound, Lowerer::span(local), m, AssignKind::Const, span);
}

/// The module a string names, as an import (and a browser/server signal of the file).
fn module_expr(lw: &mut Lowerer, src: Node) -> ExprId {
    let raw = lw.text(src);
    let module = raw.trim_matches(['"', '\'', '`']).to_string();
    lw.model.imports.push(module.clone());
    let span = Lowerer::span(src);
    let spec = lw.add(ExprKind::Str(module), span);
    lw.add(
        ExprKind::Import {
            spec,
            kind: ImportKind::Module,
        },
        span,
    )
}

/// `export const X = …`, `export default …` (bound as `default`), `export { a as b }`,
/// `export { a } from 'm'`, `export * from 'm'`, `export * as ns from 'm'`.
fn export(lw: &mut Lowerer, node: Node) {
    let span = Lowerer::span(node);
    let is_default = lw.text(node)["export".len()..]
        .trim_start()
        .starts_with("default");
    let source = node.child_by_field_name("source");
    let module = source.map(|s| module_expr(lw, s));
    if let Some(decl) = node.child_by_field_name("declaration") {
        stmt(lw, decl);
        if is_default {
            if let Some(name) = decl.child_by_field_name("name") {
                let n = lw.text(name).to_string();
                let e = lw.name(&n, Lowerer::span(name));
                lw.bind("default", Lowerer::span(name), e, AssignKind::Const, span);
            }
        }
        return;
    }
    if let Some(value) = node.child_by_field_name("value") {
        let e = expr(lw, value);
        lw.bind("default", Lowerer::span(value), e, AssignKind::Const, span);
        return;
    }
    let mut bound = false;
    for c in children(node) {
        match c.kind() {
            "export_clause" => {
                bound = true;
                for spec in children(c) {
                    match module {
                        Some(m) => import_specifier(lw, spec, m, span),
                        None => {
                            // `export { a as b }`: `b` is `a`.
                            let (Some(name), Some(alias)) = (
                                spec.child_by_field_name("name"),
                                spec.child_by_field_name("alias"),
                            ) else {
                                continue;
                            };
                            let n = lw.text(name).to_string();
                            let e = lw.name(&n, Lowerer::span(name));
                            let a = lw.text(alias).trim_matches(['"', '\'']).to_string();
                            lw.bind(&a, Lowerer::span(alias), e, AssignKind::Const, span);
                        }
                    }
                }
            }
            "namespace_export" => {
                bound = true;
                if let (Some(id), Some(m)) = (children(c).into_iter().next(), module) {
                    let n = lw.text(id).trim_matches(['"', '\'']).to_string();
                    lw.bind(&n, Lowerer::span(id), m, AssignKind::Const, span);
                }
            }
            _ => {}
        }
    }
    if let (false, Some(m)) = (bound, module) {
        lw.model.reexports.push(m);
    }
}

/// Records a decorator's name (`@Component({...})` → `Component`) and lowers its arguments.
fn decorator(lw: &mut Lowerer, node: Node) {
    if let Some(inner) = children(node).into_iter().next() {
        let head = match inner.kind() {
            "call_expression" => inner.child_by_field_name("function"),
            _ => Some(inner),
        };
        if let Some(h) = head {
            let name = lw.text(h).rsplit('.').next().unwrap_or("").to_string();
            lw.model.decorators.push(name);
        }
        expr(lw, inner);
    }
}

fn is_type(kind: &str) -> bool {
    kind.ends_with("_type")
        || kind == "type_identifier"
        || kind == "type_arguments"
        || kind == "predefined_type"
}
