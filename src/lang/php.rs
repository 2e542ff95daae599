//! PHP front end (tree-sitter-php, the `LANGUAGE_PHP` grammar: `<?php` tags and inline text).
//!
//! Namespaces are flattened into the file scope (a file rarely holds two, and `define`d and
//! top-level `const` constants are global anyway). Classes, interfaces, traits and enums are class
//! scopes whose constants, properties and promoted constructor parameters are bindings by plain
//! name, so `self::TTL`, `static::TTL` and `$this->ttl` resolve to them.

use tree_sitter::Node;

use super::{children, number, parse_int, Lowerer};
use crate::model::{
    Arg, AssignKind, BinOp, CastKind, Entry, ExprId, ExprKind, ImportKind, Key, Param, Part,
    ScopeKind, Span, UnOp, FILE_SCOPE,
};

pub fn lower_file(lw: &mut Lowerer, root: Node) {
    for child in children(root) {
        stmt(lw, child);
    }
}

/// Lowers a statement (or any node in statement position) for its bindings, functions and calls.
fn stmt(lw: &mut Lowerer, node: Node) {
    if !lw.enter() {
        return;
    }
    match node.kind() {
        // Inline HTML, tags, trait `use` and `global $x;` carry nothing the rules read.
        "php_tag" | "php_end_tag" | "text" | "text_interpolation" | "use_declaration"
        | "global_declaration" | "empty_statement" => {}
        "namespace_use_declaration" => use_declaration(lw, node),
        "namespace_definition" => {
            // `namespace App\Services;` / `namespace App\Services { … }`: the file's namespace
            // (the first one, when a file holds several); the body is file-level code. The
            // semicolon form has no body; the statements that follow it are already siblings.
            if let Some(name) = node.child_by_field_name("name") {
                if lw.model.namespace.is_none() {
                    lw.model.namespace = Some(qualified(lw.text(name)));
                }
            }
            if let Some(body) = node.child_by_field_name("body") {
                for c in children(body) {
                    stmt(lw, c);
                }
            }
        }
        "const_declaration" => const_declaration(lw, node),
        "class_declaration"
        | "interface_declaration"
        | "trait_declaration"
        | "enum_declaration" => {
            class(lw, node);
        }
        "function_definition" => {
            function(lw, node);
        }
        "return_statement" => {
            if let Some(value) = children(node).into_iter().next() {
                let e = expr(lw, value);
                lw.add_return(e);
            }
        }
        "expression_statement" | "echo_statement" => {
            for c in children(node) {
                let e = expr(lw, c);
                // `require __DIR__ . '/config.php';` (also `@include …`, `(require …)`) as a
                // statement: the file's names include the included file's.
                if node.kind() == "expression_statement"
                    && is_include_statement(c)
                    && matches!(lw.model.kind(e), ExprKind::Import { .. })
                {
                    lw.model.includes.push(e);
                }
            }
        }
        "function_static_declaration" => {
            // `static $cache = null;` inside a function: a local with an initial value.
            for decl in children(node) {
                let (Some(n), Some(v)) = (
                    decl.child_by_field_name("name"),
                    decl.child_by_field_name("value"),
                ) else {
                    continue;
                };
                let value = expr(lw, v);
                let name = var_name(lw, n);
                lw.bind(
                    &name,
                    Lowerer::span(n),
                    value,
                    AssignKind::Assign,
                    Lowerer::span(decl),
                );
            }
        }
        "compound_statement" => {
            for c in children(node) {
                stmt(lw, c);
            }
        }
        _ => {
            expr(lw, node);
        }
    }
    lw.leave();
}

/// `require`, `require_once`, `include`, `include_once`.
fn is_include(kind: &str) -> bool {
    matches!(
        kind,
        "require_expression"
            | "require_once_expression"
            | "include_expression"
            | "include_once_expression"
    )
}

/// An include, maybe parenthesized or with its errors suppressed (`@include 'x.php'`).
fn is_include_statement(node: Node) -> bool {
    let mut node = node;
    for _ in 0..8 {
        if is_include(node.kind()) {
            return true;
        }
        if !matches!(
            node.kind(),
            "parenthesized_expression" | "error_suppression_expression"
        ) {
            return false;
        }
        match children(node).into_iter().next() {
            Some(inner) => node = inner,
            None => return false,
        }
    }
    false
}

/// A namespace or class name as written, without spaces or a leading `\`.
fn qualified(text: &str) -> String {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    t.trim_start_matches('\\').to_string()
}

/// `use App\Config\Zoom;`, `use App\Config\Zoom as Z;`, `use App\Config\{Zoom, Keys as K};`:
/// each name (the alias, else the last segment) is bound to the class import of its full name.
///
/// `use function App\Helpers\sign;` and `use const App\Config\SECRET;` bind nothing: a
/// namespaced function or constant lives in whatever file defines it (composer `files`, a
/// `require`d helper), which no class resolution finds, and a binding to an import that cannot
/// resolve would hide the definition the evaluator finds today through the file's includes.
fn use_declaration(lw: &mut Lowerer, node: Node) {
    let span = Lowerer::span(node);
    let kind_of = |n: Node| n.child_by_field_name("type").map(|t| t.kind().to_string());
    let declared = kind_of(node);
    // Grouped: `use App\Config\{…}` has the prefix before its `body`.
    let (prefix, clauses) = match node.child_by_field_name("body") {
        Some(group) => {
            let prefix = children(node)
                .into_iter()
                .find(|c| matches!(c.kind(), "namespace_name" | "name" | "qualified_name"))
                .map(|p| qualified(lw.text(p)));
            (prefix, children(group))
        }
        None => (None, children(node)),
    };
    for clause in clauses {
        if clause.kind() != "namespace_use_clause" {
            continue;
        }
        if declared.as_deref().or(kind_of(clause).as_deref()).is_some() {
            continue;
        }
        let alias = clause.child_by_field_name("alias");
        let Some(path) = children(clause).into_iter().find(|c| {
            matches!(c.kind(), "qualified_name" | "name") && Some(c.id()) != alias.map(|a| a.id())
        }) else {
            continue;
        };
        let tail = qualified(lw.text(path));
        let full = match &prefix {
            Some(p) if !p.is_empty() => format!("{p}\\{tail}"),
            _ => tail,
        };
        // The local name: the alias, else the last segment.
        let local = match alias {
            Some(a) => a,
            None => match path.kind() {
                "qualified_name" => match path
                    .child_by_field_name("name")
                    .or_else(|| children(path).into_iter().rfind(|c| c.kind() == "name"))
                {
                    Some(n) => n,
                    None => continue,
                },
                _ => path,
            },
        };
        let bound = lw.text(local).to_string();
        if full.is_empty() || bound.is_empty() {
            continue;
        }
        let path_span = Lowerer::span(path);
        let spec = lw.add(ExprKind::Str(full), path_span);
        let import = lw.add(
            ExprKind::Import {
                spec,
                kind: ImportKind::Class,
            },
            path_span,
        );
        lw.bind(
            &bound,
            Lowerer::span(local),
            import,
            AssignKind::Const,
            span,
        );
    }
}

/// `const A = 1, B = 2;` at file level or in a class body: constant bindings in the current scope.
fn const_declaration(lw: &mut Lowerer, node: Node) {
    for el in children(node) {
        if el.kind() != "const_element" {
            continue;
        }
        let parts = children(el);
        let (Some(name), Some(value)) = (parts.first(), parts.last()) else {
            continue;
        };
        if name.kind() != "name" || parts.len() < 2 {
            continue;
        }
        let value = expr(lw, *value);
        let n = lw.text(*name).to_string();
        lw.bind(
            &n,
            Lowerer::span(*name),
            value,
            AssignKind::Const,
            Lowerer::span(el),
        );
    }
}

/// `$name` → `name` (also strips a by-reference `&`).
fn var_name(lw: &Lowerer, node: Node) -> String {
    lw.text(node)
        .trim_start_matches(['&', ' '])
        .trim_start_matches('$')
        .to_string()
}

fn class(lw: &mut Lowerer, node: Node) -> ExprId {
    let name = node
        .child_by_field_name("name")
        .map(|n| lw.text(n).to_string());
    let span = Lowerer::span(node);
    // `extends IssuesTokens`: the parent class, by the name written.
    let parent = children(node)
        .into_iter()
        .find(|c| c.kind() == "base_clause")
        .and_then(|b| children(b).into_iter().next())
        .map(|p| {
            let n = lw.text(p).trim_start_matches('\\').to_string();
            lw.name(&n, Lowerer::span(p))
        });
    lw.in_scope(ScopeKind::Class, name, span, |lw, scope| {
        if let Some(p) = parent {
            lw.model.class_parents.push((scope, p));
        }
        let Some(body) = node.child_by_field_name("body") else {
            return;
        };
        for member in children(body) {
            match member.kind() {
                "const_declaration" => const_declaration(lw, member),
                "property_declaration" => {
                    // `private int $ttl = 7200, $skew = 30;`; a property without a default
                    // is set elsewhere (`$this->ttl = …` in the constructor).
                    for el in children(member) {
                        if el.kind() != "property_element" {
                            continue;
                        }
                        let (Some(n), Some(v)) = (
                            el.child_by_field_name("name"),
                            el.child_by_field_name("default_value"),
                        ) else {
                            continue;
                        };
                        let value = expr(lw, v);
                        let name = var_name(lw, n);
                        lw.bind(
                            &name,
                            Lowerer::span(n),
                            value,
                            AssignKind::Assign,
                            Lowerer::span(member),
                        );
                    }
                }
                "method_declaration" => {
                    function(lw, member);
                }
                "enum_case" => {
                    if let (Some(n), Some(v)) = (
                        member.child_by_field_name("name"),
                        member.child_by_field_name("value"),
                    ) {
                        let value = expr(lw, v);
                        let name = lw.text(n).to_string();
                        lw.bind(
                            &name,
                            Lowerer::span(n),
                            value,
                            AssignKind::Const,
                            Lowerer::span(member),
                        );
                    }
                }
                "use_declaration" => {}
                _ => stmt(lw, member),
            }
        }
    });
    lw.unknown(node)
}

/// Lowers a function definition, method, closure or arrow function; returns it as a `Lambda`.
fn function(lw: &mut Lowerer, node: Node) -> ExprId {
    let (name, name_span) = match node.child_by_field_name("name") {
        Some(n) => (lw.text(n).to_string(), Lowerer::span(n)),
        None => (String::new(), Lowerer::span(node)),
    };
    let span = Lowerer::span(node);
    let class_scope = lw.scope;
    let id = lw.function(
        &name,
        name_span,
        span,
        |lw| params(lw, node, class_scope),
        |lw| {
            let body = node.child_by_field_name("body")?;
            if body.kind() == "compound_statement" {
                for s in children(body) {
                    stmt(lw, s);
                }
                None
            } else {
                // `fn($x) => …`: the expression is the value.
                Some(expr(lw, body))
            }
        },
    );
    lw.add(ExprKind::Lambda { function: id }, span)
}

/// The parameters of a function. A promoted constructor parameter (`private string $secret`)
/// is also a property: it becomes a binding `secret = $secret` in the class scope (`outer`),
/// whose value is the parameter as seen from inside the constructor.
fn params(lw: &mut Lowerer, node: Node, outer: crate::model::ScopeId) -> Vec<Param> {
    let mut out = Vec::new();
    let Some(list) = node.child_by_field_name("parameters") else {
        return out;
    };
    for p in children(list) {
        if !matches!(
            p.kind(),
            "simple_parameter" | "variadic_parameter" | "property_promotion_parameter"
        ) {
            continue;
        }
        let Some(n) = p.child_by_field_name("name") else {
            continue;
        };
        let name = var_name(lw, n);
        let default = p.child_by_field_name("default_value").map(|d| expr(lw, d));
        if p.kind() == "property_promotion_parameter" {
            let value = lw.name(&name, Lowerer::span(n));
            let saved = std::mem::replace(&mut lw.scope, outer);
            lw.bind(
                &name,
                Lowerer::span(n),
                value,
                AssignKind::Assign,
                Lowerer::span(p),
            );
            lw.scope = saved;
        }
        out.push(Param {
            name,
            default,
            span: Lowerer::span(p),
        });
    }
    out
}

fn args(lw: &mut Lowerer, node: Option<Node>) -> Vec<Arg> {
    let Some(node) = node else { return Vec::new() };
    let mut out = Vec::new();
    for a in children(node) {
        if a.kind() != "argument" {
            continue;
        }
        // PHP 8 named argument: `hash_hmac(algo: 'sha256', …)`.
        let name_node = a.child_by_field_name("name");
        let name = name_node.map(|n| lw.text(n).to_string());
        let value = children(a)
            .into_iter()
            .rfind(|c| Some(c.id()) != name_node.map(|n| n.id()));
        let Some(value) = value else { continue };
        let value = expr(lw, value);
        out.push(Arg { name, value });
    }
    out
}

fn binop(op: &str) -> BinOp {
    match op.to_ascii_lowercase().as_str() {
        "+" => BinOp::Add,
        "-" => BinOp::Sub,
        "*" => BinOp::Mul,
        "/" => BinOp::Div,
        "%" => BinOp::Mod,
        "." => BinOp::Concat,
        "||" | "or" | "??" => BinOp::Or,
        "&&" | "and" => BinOp::And,
        "==" | "===" => BinOp::Eq,
        "!=" | "!==" | "<>" => BinOp::NotEq,
        "<" | "<=" => BinOp::Lt,
        ">" | ">=" => BinOp::Gt,
        _ => BinOp::Other,
    }
}

/// Lowers an expression.
fn expr(lw: &mut Lowerer, node: Node) -> ExprId {
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
        "parenthesized_expression" | "error_suppression_expression" => {
            match children(node).into_iter().next() {
                Some(inner) => expr(lw, inner),
                None => lw.unknown(node),
            }
        }
        "sequence_expression" => {
            let mut last = None;
            for c in children(node) {
                last = Some(expr(lw, c));
            }
            last.unwrap_or_else(|| lw.unknown(node))
        }
        "integer" => integer(lw, node),
        "float" => number(lw, node),
        "string" => single_quoted(lw, node),
        "encapsed_string" => {
            let raw = lw.text(node);
            let start = node.start_byte() + raw.find('"').map_or(0, |i| i + 1);
            let end = node.end_byte().saturating_sub(1).max(start);
            let parts = string_parts(lw, node, start, end);
            interpolated(lw, parts, span)
        }
        "heredoc" => {
            let Some(body) = node.child_by_field_name("value") else {
                return lw.add(ExprKind::Str(String::new()), span);
            };
            let parts = string_parts(lw, body, body.start_byte(), body.end_byte());
            let indent = heredoc_indent(node);
            let parts = dedent(parts, indent);
            interpolated(lw, parts, span)
        }
        "nowdoc" => {
            let text = node
                .child_by_field_name("value")
                .map(|b| lw.text(b).to_string())
                .unwrap_or_default();
            let parts = dedent(vec![Part::Lit(text)], heredoc_indent(node));
            interpolated(lw, parts, span)
        }
        "boolean" => {
            let b = lw.text(node).eq_ignore_ascii_case("true");
            lw.add(ExprKind::Bool(b), span)
        }
        "null" => lw.add(ExprKind::Null, span),
        "variable_name" => {
            let name = var_name(lw, node);
            if name == "this" {
                lw.add(ExprKind::SelfRef, span)
            } else {
                lw.name(&name, span)
            }
        }
        "name" => {
            let text = lw.text(node);
            match text.to_ascii_lowercase().as_str() {
                "true" => lw.add(ExprKind::Bool(true), span),
                "false" => lw.add(ExprKind::Bool(false), span),
                "null" => lw.add(ExprKind::Null, span),
                _ => {
                    let text = text.to_string();
                    lw.name(&text, span)
                }
            }
        }
        "qualified_name" | "relative_name" => {
            // `\Firebase\JWT\JWT` is the class `JWT`: callees read as `JWT.encode`.
            let last = children(node)
                .into_iter()
                .rfind(|c| c.kind() == "name")
                .map(|n| lw.text(n).to_string());
            match last {
                Some(n) => lw.name(&n, span),
                None => lw.unknown(node),
            }
        }
        // `self`, `static`, `parent`.
        "relative_scope" => lw.add(ExprKind::SelfRef, span),
        "dynamic_variable_name" => {
            // `"${name}"` in a string is the variable `$name`; `$$x` is unknowable.
            let kids = children(node);
            match kids.as_slice() {
                [n] if n.kind() == "name" => {
                    let name = lw.text(*n).to_string();
                    lw.name(&name, span)
                }
                _ => visit_unknown(lw, node),
            }
        }
        "member_access_expression" | "nullsafe_member_access_expression" => {
            let (Some(o), Some(n)) = (
                node.child_by_field_name("object"),
                node.child_by_field_name("name"),
            ) else {
                return visit_unknown(lw, node);
            };
            let object = expr(lw, o);
            member_named(lw, object, n, span)
        }
        "scoped_property_access_expression" => {
            // `self::$ttl`: a static property.
            let (Some(s), Some(n)) = (
                node.child_by_field_name("scope"),
                node.child_by_field_name("name"),
            ) else {
                return visit_unknown(lw, node);
            };
            let object = expr(lw, s);
            let name = var_name(lw, n);
            lw.member(object, &name, span)
        }
        "class_constant_access_expression" => {
            // `self::TTL`, `Foo::TTL`, `Foo::class`.
            let kids = children(node);
            match (kids.first(), kids.last()) {
                (Some(s), Some(n)) if kids.len() >= 2 && n.kind() == "name" => {
                    let object = expr(lw, *s);
                    let name = lw.text(*n).to_string();
                    lw.member(object, &name, span)
                }
                _ => visit_unknown(lw, node),
            }
        }
        "subscript_expression" => subscript(lw, node),
        kind if is_include(kind) => {
            // `require __DIR__ . '/config.php'`: the included file, whose value is what it
            // returns at its top (`$config = require …`).
            let spec = match children(node).into_iter().next() {
                Some(path) => expr(lw, path),
                None => lw.unknown(node),
            };
            lw.add(
                ExprKind::Import {
                    spec,
                    kind: ImportKind::Module,
                },
                span,
            )
        }
        "function_call_expression" => {
            let Some(f) = node.child_by_field_name("function") else {
                return visit_unknown(lw, node);
            };
            let callee = expr(lw, f);
            let args = args(lw, node.child_by_field_name("arguments"));
            // `dirname(__FILE__)` is `__DIR__`.
            let is_dirname = matches!(lw.model.kind(callee), ExprKind::Name(n) if n.eq_ignore_ascii_case("dirname"));
            if is_dirname {
                if let [Arg { name: None, value }] = args.as_slice() {
                    if matches!(lw.model.kind(*value), ExprKind::Name(n) if n == "__FILE__") {
                        return lw.name("__DIR__", span);
                    }
                }
            }
            let is_define = matches!(lw.model.kind(callee), ExprKind::Name(n) if n.eq_ignore_ascii_case("define"));
            if is_define {
                define(lw, &args);
            }
            lw.call(callee, args, span)
        }
        "member_call_expression" | "nullsafe_member_call_expression" => {
            let (Some(o), Some(n)) = (
                node.child_by_field_name("object"),
                node.child_by_field_name("name"),
            ) else {
                return visit_unknown(lw, node);
            };
            let object = expr(lw, o);
            let callee = member_named(lw, object, n, Span::new(o.start_byte(), n.end_byte()));
            let args = args(lw, node.child_by_field_name("arguments"));
            lw.call(callee, args, span)
        }
        "scoped_call_expression" => {
            let (Some(s), Some(n)) = (
                node.child_by_field_name("scope"),
                node.child_by_field_name("name"),
            ) else {
                return visit_unknown(lw, node);
            };
            let object = expr(lw, s);
            let callee = member_named(lw, object, n, Span::new(s.start_byte(), n.end_byte()));
            let args = args(lw, node.child_by_field_name("arguments"));
            lw.call(callee, args, span)
        }
        "object_creation_expression" => {
            let kids = children(node);
            let Some(c) = kids.iter().find(|k| k.kind() != "arguments") else {
                return visit_unknown(lw, node);
            };
            if c.kind() == "anonymous_class" {
                // `new class(...) { … }`: its arguments sit inside the anonymous class node.
                let a = children(*c).into_iter().find(|k| k.kind() == "arguments");
                let args = args(lw, a);
                let class = class(lw, *c);
                return lw.add(ExprKind::New { class, args }, span);
            }
            let class = expr(lw, *c);
            let a = kids.iter().find(|k| k.kind() == "arguments").copied();
            let args = args(lw, a);
            lw.add(ExprKind::New { class, args }, span)
        }
        "binary_expression" => {
            let (Some(l), Some(r), Some(op)) = (
                node.child_by_field_name("left"),
                node.child_by_field_name("right"),
                node.child_by_field_name("operator"),
            ) else {
                return visit_unknown(lw, node);
            };
            let op = binop(lw.text(op));
            let left = expr(lw, l);
            let right = expr(lw, r);
            lw.add(ExprKind::Binary { op, left, right }, span)
        }
        "unary_op_expression" => {
            let (Some(arg), Some(op)) = (
                node.child_by_field_name("argument"),
                node.child_by_field_name("operator"),
            ) else {
                return visit_unknown(lw, node);
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
        "cast_expression" => {
            let (Some(t), Some(v)) = (
                node.child_by_field_name("type"),
                node.child_by_field_name("value"),
            ) else {
                return visit_unknown(lw, node);
            };
            let to = match lw.text(t).trim().to_ascii_lowercase().as_str() {
                "int" | "integer" => CastKind::Int,
                "float" | "double" | "real" => CastKind::Float,
                "string" | "binary" => CastKind::Str,
                // `(object) ['iat' => …]` is still the payload.
                "object" => return expr(lw, v),
                _ => CastKind::Other,
            };
            let operand = expr(lw, v);
            lw.add(ExprKind::Cast { to, operand }, span)
        }
        "conditional_expression" => {
            let (Some(c), Some(o)) = (
                node.child_by_field_name("condition"),
                node.child_by_field_name("alternative"),
            ) else {
                return visit_unknown(lw, node);
            };
            let cond = expr(lw, c);
            match node.child_by_field_name("body") {
                Some(t) => {
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
                None => {
                    // `$a ?: $b`.
                    let right = expr(lw, o);
                    lw.add(
                        ExprKind::Binary {
                            op: BinOp::Or,
                            left: cond,
                            right,
                        },
                        span,
                    )
                }
            }
        }
        "assignment_expression"
        | "reference_assignment_expression"
        | "augmented_assignment_expression" => assignment(lw, node),
        "anonymous_function" | "arrow_function" => function(lw, node),
        "array_creation_expression" => array(lw, node),
        "anonymous_class" => class(lw, node),
        _ => visit_unknown(lw, node),
    }
}

/// A construct we do not model: its children are still visited for bindings, functions and calls.
fn visit_unknown(lw: &mut Lowerer, node: Node) -> ExprId {
    for c in children(node) {
        stmt(lw, c);
    }
    lw.unknown(node)
}

/// `$obj->name`, `$obj->$prop`, `$obj->{'name'}`.
fn member_named(lw: &mut Lowerer, object: ExprId, name: Node, span: Span) -> ExprId {
    if name.kind() == "name" {
        let n = lw.text(name).to_string();
        return lw.member(object, &n, span);
    }
    let index = expr(lw, name);
    if let ExprKind::Str(s) = lw.model.kind(index).clone() {
        return lw.member(object, &s, span);
    }
    lw.add(ExprKind::Index { object, index }, span)
}

fn integer(lw: &mut Lowerer, node: Node) -> ExprId {
    let text: String = lw.text(node).chars().filter(|c| *c != '_').collect();
    let lower = text.to_ascii_lowercase();
    let value = if let Some(bin) = lower.strip_prefix("0b") {
        i64::from_str_radix(bin, 2).ok()
    } else if let Some(oct) = lower.strip_prefix("0o") {
        i64::from_str_radix(oct, 8).ok()
    } else if lower.len() > 1 && lower.starts_with('0') && lower.bytes().all(|b| b.is_ascii_digit())
    {
        // `0755`: a legacy octal literal.
        i64::from_str_radix(&lower[1..], 8).ok()
    } else {
        parse_int(&lower)
    };
    match value {
        Some(i) => lw.add(ExprKind::Int(i), Lowerer::span(node)),
        None => number(lw, node),
    }
}

/// `$a['k']` (a member), `$a[$i]` (an index), `$a[]` (only valid as an assignment target).
fn subscript(lw: &mut Lowerer, node: Node) -> ExprId {
    let span = Lowerer::span(node);
    let kids = children(node);
    let Some(o) = kids.first() else {
        return lw.unknown(node);
    };
    let object = expr(lw, *o);
    let Some(i) = kids.get(1) else {
        return lw.unknown(node);
    };
    // Inside a double-quoted string `"$a[key]"` the bare word is a string key.
    let in_string = node
        .parent()
        .is_some_and(|p| matches!(p.kind(), "encapsed_string" | "heredoc_body"));
    if i.kind() == "name" && in_string {
        let key = lw.text(*i).to_string();
        return lw.member(object, &key, span);
    }
    let index = expr(lw, *i);
    if let ExprKind::Str(s) = lw.model.kind(index).clone() {
        return lw.member(object, &s, span);
    }
    lw.add(ExprKind::Index { object, index }, span)
}

/// `define('TTL', 7200)` declares the global constant `TTL`.
fn define(lw: &mut Lowerer, args: &[Arg]) {
    let [name, value, ..] = args else { return };
    let ExprKind::Str(n) = lw.model.kind(name.value).clone() else {
        return;
    };
    let span = Span::new(
        lw.model.span(name.value).start,
        lw.model.span(value.value).end,
    );
    let name_span = lw.model.span(name.value);
    let saved = std::mem::replace(&mut lw.scope, FILE_SCOPE);
    lw.bind(&n, name_span, value.value, AssignKind::Const, span);
    lw.scope = saved;
}

fn assignment(lw: &mut Lowerer, node: Node) -> ExprId {
    let span = Lowerer::span(node);
    let (Some(l), Some(r)) = (
        node.child_by_field_name("left"),
        node.child_by_field_name("right"),
    ) else {
        return visit_unknown(lw, node);
    };
    let value = expr(lw, r);
    let target = match l.kind() {
        // `[$a, $b] = …` / `list($a, $b) = …`: not modelled.
        "list_literal" | "array_creation_expression" => None,
        // `$a[] = v` appends: lowered as `a.push(v)`, which the evaluator reads as a mutation.
        "subscript_expression" if children(l).len() < 2 => {
            if let Some(obj) = children(l).into_iter().next() {
                let object = expr(lw, obj);
                let callee = lw.member(object, "push", Lowerer::span(l));
                let arg = crate::model::Arg { name: None, value };
                lw.call(callee, vec![arg], span);
            }
            None
        }
        _ => Some(expr(lw, l)),
    };
    let Some(target) = target else {
        return value;
    };
    if !matches!(
        lw.model.kind(target),
        ExprKind::Name(_) | ExprKind::Member { .. } | ExprKind::Index { .. }
    ) {
        return value;
    }
    if node.kind() == "augmented_assignment_expression" {
        if let Some(op) = node.child_by_field_name("operator") {
            let op = binop(lw.text(op).trim_end_matches('='));
            return lw.compound_assign(target, op, value, AssignKind::Assign, span);
        }
    }
    lw.assign(target, value, AssignKind::Assign, span);
    value
}

/// `[...]` / `array(...)`: with any key an `Object`, else an `Array`.
fn array(lw: &mut Lowerer, node: Node) -> ExprId {
    let span = Lowerer::span(node);
    let mut entries = Vec::new();
    let mut items = Vec::new();
    let mut keyed = false;
    let mut next_index: i64 = 0;
    for el in children(node) {
        if el.kind() != "array_element_initializer" {
            continue;
        }
        let kids = children(el);
        let has_key = {
            let mut cursor = el.walk();
            let found = el.children(&mut cursor).any(|c| c.kind() == "=>");
            found
        };
        if has_key && kids.len() >= 2 {
            keyed = true;
            let k = expr(lw, kids[0]);
            let key = match lw.model.kind(k).clone() {
                ExprKind::Str(s) => Key::Name(s),
                ExprKind::Int(i) => {
                    next_index = next_index.max(i.saturating_add(1));
                    Key::Name(i.to_string())
                }
                _ => Key::Computed(k),
            };
            let value = element_value(lw, kids[kids.len() - 1]);
            entries.push(Entry::Pair {
                key,
                value,
                span: Lowerer::span(el),
            });
            items.push(value);
            continue;
        }
        let Some(v) = kids.first() else { continue };
        if v.kind() == "variadic_unpacking" {
            let inner = children(*v).into_iter().next();
            let spread = match inner {
                Some(i) => expr(lw, i),
                None => lw.unknown(*v),
            };
            entries.push(Entry::Spread(spread));
            // A list cannot say "these items are unknown"; an unknown item keeps the count honest.
            let unknown = lw.unknown(*v);
            items.push(unknown);
            continue;
        }
        let value = element_value(lw, *v);
        entries.push(Entry::Pair {
            key: Key::Name(next_index.to_string()),
            value,
            span: Lowerer::span(el),
        });
        next_index = next_index.saturating_add(1);
        items.push(value);
    }
    if keyed {
        lw.add(ExprKind::Object { entries }, span)
    } else {
        lw.add(ExprKind::Array { items }, span)
    }
}

fn element_value(lw: &mut Lowerer, node: Node) -> ExprId {
    if node.kind() == "by_ref" {
        if let Some(inner) = children(node).into_iter().next() {
            return expr(lw, inner);
        }
    }
    expr(lw, node)
}

/// `'…'`: only `\\` and `\'` are escapes.
fn single_quoted(lw: &mut Lowerer, node: Node) -> ExprId {
    let raw = lw.text(node);
    let body = match (raw.find('\''), raw.rfind('\'')) {
        (Some(a), Some(b)) if b > a => &raw[a + 1..b],
        _ => "",
    };
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&next @ ('\\' | '\'')) = chars.peek() {
                out.push(next);
                chars.next();
                continue;
            }
        }
        out.push(c);
    }
    lw.add(ExprKind::Str(out), Lowerer::span(node))
}

/// The parts of a double-quoted string or heredoc body between byte offsets `start` and `end`:
/// literal text (escapes resolved) and interpolated expressions (`$x`, `{$x}`, `{$a['k']}`).
fn string_parts(lw: &mut Lowerer, container: Node, start: usize, end: usize) -> Vec<Part> {
    let mut parts: Vec<Part> = Vec::new();
    let mut lit = String::new();
    let mut pos = start;
    let mut cursor = container.walk();
    let kids: Vec<Node> = container.children(&mut cursor).collect();
    for c in kids {
        if c.end_byte() <= start || c.start_byte() >= end {
            continue;
        }
        if c.start_byte() > pos {
            // Text the grammar leaves between tokens (the newlines of a heredoc).
            lit.push_str(&lw.src[pos..c.start_byte()]);
        }
        pos = pos.max(c.end_byte());
        match c.kind() {
            "string_content" | "nowdoc_string" => lit.push_str(lw.text(c)),
            "escape_sequence" => lit.push_str(&php_escape(lw.text(c))),
            k if !c.is_named() || k.contains("comment") => {
                // `{`, `}`, quotes: the delimiters of `{$x}` interpolation.
            }
            _ => {
                if !lit.is_empty() {
                    parts.push(Part::Lit(std::mem::take(&mut lit)));
                }
                let e = expr(lw, c);
                parts.push(Part::Expr(e));
            }
        }
    }
    if end > pos {
        lit.push_str(&lw.src[pos..end]);
    }
    if !lit.is_empty() {
        parts.push(Part::Lit(lit));
    }
    parts
}

/// A string of literal parts only is a `Str`; otherwise an `Interpolated`.
fn interpolated(lw: &mut Lowerer, parts: Vec<Part>, span: Span) -> ExprId {
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

/// The indentation of a heredoc's closing marker (PHP 7.3 removes it from every line).
fn heredoc_indent(node: Node) -> usize {
    node.child_by_field_name("end_tag")
        .map_or(0, |t| t.start_position().column)
}

/// Drops the newline after `<<<EOT` and the closing marker's indentation from each line.
fn dedent(parts: Vec<Part>, indent: usize) -> Vec<Part> {
    let mut out = Vec::with_capacity(parts.len());
    let mut first = true;
    let mut at_line_start = true;
    for p in parts {
        match p {
            Part::Lit(mut s) => {
                if first {
                    if let Some(rest) = s.strip_prefix("\r\n").or_else(|| s.strip_prefix('\n')) {
                        s = rest.to_string();
                    }
                }
                let mut text = String::with_capacity(s.len());
                let mut skip = if at_line_start { indent } else { 0 };
                for c in s.chars() {
                    if skip > 0 && (c == ' ' || c == '\t') {
                        skip -= 1;
                        continue;
                    }
                    skip = 0;
                    text.push(c);
                    if c == '\n' {
                        skip = indent;
                    }
                }
                at_line_start = text.ends_with('\n') || (text.is_empty() && at_line_start);
                if !text.is_empty() {
                    out.push(Part::Lit(text));
                }
            }
            Part::Expr(e) => {
                at_line_start = false;
                out.push(Part::Expr(e));
            }
        }
        first = false;
    }
    out
}

/// Resolves one escape sequence of a double-quoted string or heredoc.
fn php_escape(seq: &str) -> String {
    let Some(rest) = seq.strip_prefix('\\') else {
        return seq.to_string();
    };
    let simple = match rest {
        "n" => Some('\n'),
        "t" => Some('\t'),
        "r" => Some('\r'),
        "v" => Some('\u{0b}'),
        "e" => Some('\u{1b}'),
        "f" => Some('\u{0c}'),
        "\\" => Some('\\'),
        "$" => Some('$'),
        "\"" => Some('"'),
        _ => None,
    };
    if let Some(c) = simple {
        return c.to_string();
    }
    let code = if let Some(hex) = rest.strip_prefix('x') {
        u32::from_str_radix(hex, 16).ok()
    } else if let Some(u) = rest.strip_prefix("u{").and_then(|u| u.strip_suffix('}')) {
        u32::from_str_radix(u, 16).ok()
    } else if !rest.is_empty() && rest.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        u32::from_str_radix(rest, 8).ok()
    } else {
        None
    };
    match code.and_then(char::from_u32) {
        Some(c) => c.to_string(),
        None => seq.to_string(),
    }
}
