//! Java front end (tree-sitter-java).
//!
//! Classes, interfaces, enums and records become `Class` scopes named by the class; their fields
//! are bindings by plain name (`static final`/`final` ones are constants). Methods, constructors
//! and lambdas are functions. Inside a method, a bare name that is a field of the class (and not
//! shadowed by a parameter or local) means `this.x`: assignments to it (`ttl = x;` in a
//! constructor) are lowered as `this.ttl = x`, and reads of instance fields as `this.ttl`, so the
//! evaluator finds them with the class's other `this.x` assignments. Static fields are read by
//! plain name, which resolves through the class scope like any constant. Package-qualified names
//! (`java.util.Base64`, `new java.util.Date()`) are lowered as the bare class name.

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use super::{children, number, Lowerer};
use crate::model::{
    Arg, AssignKind, BinOp, CastKind, ExprId, ExprKind, ImportKind, Param, Part, ScopeKind, Span,
    UnOp,
};

/// What is in lexical view while lowering: the classes and functions around the current node.
enum Frame {
    /// The fields declared in a class body, each with whether it is `static`.
    Class(HashMap<String, bool>),
    /// The parameters and locals declared so far in a method, constructor or lambda.
    Function(HashSet<String>),
}

/// What a bare identifier inside a method refers to.
#[derive(Debug, PartialEq, Eq)]
enum FieldRef {
    /// A field of the innermost class, read or written from one of its methods.
    Own { is_static: bool },
    /// A local, a parameter, a field of an outer class, or something declared elsewhere.
    Other,
}

#[derive(Default)]
struct State {
    frames: Vec<Frame>,
}

impl State {
    fn declare_local(&mut self, name: &str) {
        if let Some(Frame::Function(locals)) = self.frames.last_mut() {
            locals.insert(name.to_string());
        }
    }

    /// Whether a bare `name` is a field of the class whose method (or lambda in it) we are in.
    /// Initializer blocks run in the class scope itself, where the plain name is the binding.
    fn resolve(&self, name: &str) -> FieldRef {
        let mut in_function = false;
        for frame in self.frames.iter().rev() {
            match frame {
                Frame::Function(locals) => {
                    if locals.contains(name) {
                        return FieldRef::Other;
                    }
                    in_function = true;
                }
                Frame::Class(fields) => {
                    return match fields.get(name) {
                        Some(&is_static) if in_function => FieldRef::Own { is_static },
                        _ => FieldRef::Other,
                    };
                }
            }
        }
        FieldRef::Other
    }
}

pub fn lower_file(lw: &mut Lowerer, root: Node) {
    let mut st = State::default();
    for child in children(root) {
        stmt(lw, &mut st, child);
    }
}

/// Lowers a statement (or any node in statement position) for its bindings, functions and calls.
fn stmt(lw: &mut Lowerer, st: &mut State, node: Node) {
    if !lw.enter() {
        return;
    }
    match node.kind() {
        "package_declaration" => {
            // `package com.acme.zoom;` (annotations of a `package-info.java` aside).
            if let Some(name) = children(node)
                .into_iter()
                .find(|c| matches!(c.kind(), "scoped_identifier" | "identifier"))
            {
                if lw.model.namespace.is_none() {
                    lw.model.namespace = Some(dotted_text(lw.text(name)));
                }
            }
        }
        "import_declaration" => import(lw, node),
        "module_declaration" => {}
        "class_declaration"
        | "interface_declaration"
        | "enum_declaration"
        | "record_declaration"
        | "annotation_type_declaration" => class_declaration(lw, st, node),
        "method_declaration" | "constructor_declaration" | "compact_constructor_declaration" => {
            method(lw, st, node);
        }
        "local_variable_declaration" => {
            let kind = if has_modifier(node, "final") {
                AssignKind::Const
            } else {
                AssignKind::Assign
            };
            for decl in children(node) {
                if decl.kind() == "variable_declarator" {
                    declarator(lw, st, decl, kind);
                }
            }
        }
        "expression_statement" => {
            for c in children(node) {
                expr(lw, st, c);
            }
        }
        "return_statement" => {
            if let Some(value) = children(node).into_iter().next() {
                let e = expr(lw, st, value);
                lw.add_return(e);
            }
        }
        "enhanced_for_statement" => {
            // `for (String part : parts)`: the loop variable is a local of unknown value.
            if let Some(name) = node.child_by_field_name("name") {
                st.declare_local(lw.text(name));
            }
            if let Some(value) = node.child_by_field_name("value") {
                expr(lw, st, value);
            }
            if let Some(body) = node.child_by_field_name("body") {
                stmt(lw, st, body);
            }
        }
        "catch_formal_parameter" => {
            if let Some(name) = node.child_by_field_name("name") {
                st.declare_local(lw.text(name));
            }
        }
        "resource" => {
            // `try (var in = open())`: a local declaration; `try (in)`: an expression.
            match (
                node.child_by_field_name("name"),
                node.child_by_field_name("value"),
            ) {
                (Some(name), Some(value)) => {
                    let n = lw.text(name).to_string();
                    st.declare_local(&n);
                    let v = expr(lw, st, value);
                    lw.bind(
                        &n,
                        Lowerer::span(name),
                        v,
                        AssignKind::Const,
                        Lowerer::span(node),
                    );
                }
                _ => {
                    for c in children(node) {
                        expr(lw, st, c);
                    }
                }
            }
        }
        "block"
        | "constructor_body"
        | "if_statement"
        | "for_statement"
        | "while_statement"
        | "do_statement"
        | "try_statement"
        | "try_with_resources_statement"
        | "resource_specification"
        | "catch_clause"
        | "finally_clause"
        | "labeled_statement"
        | "synchronized_statement"
        | "switch_block"
        | "switch_block_statement_group"
        | "switch_rule"
        | "switch_label"
        | "throw_statement"
        | "yield_statement"
        | "assert_statement"
        | "explicit_constructor_invocation"
        | "argument_list" => {
            for c in children(node) {
                stmt(lw, st, c);
            }
        }
        "modifiers"
        | "type_identifier"
        | "generic_type"
        | "scoped_type_identifier"
        | "integral_type"
        | "floating_point_type"
        | "boolean_type"
        | "void_type"
        | "array_type"
        | "type_arguments"
        | "type_parameters"
        | "dimensions"
        | "throws"
        | "superclass"
        | "super_interfaces"
        | "extends_interfaces"
        | "permits"
        | "catch_type"
        | "break_statement"
        | "continue_statement"
        | "identifier" => {}
        _ => {
            expr(lw, st, node);
        }
    }
    lw.leave();
}

/// A dotted name as written, without spaces or comments between its parts.
fn dotted_text(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `import com.acme.config.ZoomConfig;` binds `ZoomConfig` to the class import of its full
/// name; `import static com.acme.config.ZoomConfig.SECRET;` binds `SECRET` to that member of
/// the class; `import com.acme.config.*;` (the package, spec `com.acme.config.*`) and `import
/// static com.acme.Config.*;` (the class, spec `com.acme.Config`) are includes.
fn import(lw: &mut Lowerer, node: Node) {
    let span = Lowerer::span(node);
    let kids = children(node);
    let is_static = {
        let mut cursor = node.walk();
        let found = node.children(&mut cursor).any(|c| c.kind() == "static");
        found
    };
    let Some(name) = kids
        .iter()
        .find(|c| matches!(c.kind(), "scoped_identifier" | "identifier"))
        .copied()
    else {
        return;
    };
    let full = dotted_text(lw.text(name));
    if full.is_empty() {
        return;
    }
    let class_import = |lw: &mut Lowerer, spec: String, at: Span| {
        let spec = lw.add(ExprKind::Str(spec), at);
        lw.add(
            ExprKind::Import {
                spec,
                kind: ImportKind::Class,
            },
            at,
        )
    };
    if let Some(star) = kids.iter().find(|c| c.kind() == "asterisk") {
        let (spec, at) = if is_static {
            (full, Lowerer::span(name))
        } else {
            (
                format!("{full}.*"),
                Span::new(name.start_byte(), star.end_byte()),
            )
        };
        let import = class_import(lw, spec, at);
        lw.model.includes.push(import);
        return;
    }
    // The simple name: the last segment.
    let last = match name.kind() {
        "scoped_identifier" => name.child_by_field_name("name"),
        _ => Some(name),
    };
    let Some(last) = last else { return };
    let simple = lw.text(last).to_string();
    if is_static {
        // `import static a.B.C;`: the member `C` of the class `a.B`.
        let (Some(class), "scoped_identifier") = (name.child_by_field_name("scope"), name.kind())
        else {
            return;
        };
        let class_name = dotted_text(lw.text(class));
        let import = class_import(lw, class_name, Lowerer::span(class));
        let member = lw.member(import, &simple, Lowerer::span(name));
        lw.bind(
            &simple,
            Lowerer::span(last),
            member,
            AssignKind::Const,
            span,
        );
    } else {
        let import = class_import(lw, full, Lowerer::span(name));
        lw.bind(
            &simple,
            Lowerer::span(last),
            import,
            AssignKind::Const,
            span,
        );
    }
}

/// True when a declaration's `modifiers` include the keyword `word` (`final`, `static`).
fn has_modifier(node: Node, word: &str) -> bool {
    let mut cursor = node.walk();
    let Some(mods) = node.children(&mut cursor).find(|c| c.kind() == "modifiers") else {
        return false;
    };
    let mut cursor = mods.walk();
    let found = mods.children(&mut cursor).any(|c| c.kind() == word);
    found
}

/// `name = value` of a local declaration or field: binds the name when there is a value.
fn declarator(lw: &mut Lowerer, st: &mut State, decl: Node, kind: AssignKind) {
    let Some(name) = decl.child_by_field_name("name") else {
        return;
    };
    let n = lw.text(name).to_string();
    st.declare_local(&n);
    let Some(value) = decl.child_by_field_name("value") else {
        return;
    };
    let v = expr(lw, st, value);
    lw.bind(&n, Lowerer::span(name), v, kind, Lowerer::span(decl));
}

/// The field names a class body declares (records: also their components).
fn field_names(lw: &Lowerer, decl: Option<Node>, body: Option<Node>) -> HashMap<String, bool> {
    let mut out = HashMap::new();
    if let Some(params) = decl.and_then(|d| d.child_by_field_name("parameters")) {
        for p in children(params) {
            if let Some(n) = p.child_by_field_name("name") {
                out.insert(lw.text(n).to_string(), false);
            }
        }
    }
    let Some(body) = body else { return out };
    let mut members = children(body);
    // Enum bodies keep their fields one level down.
    if let Some(decls) = members
        .iter()
        .find(|m| m.kind() == "enum_body_declarations")
        .copied()
    {
        members = children(decls);
    }
    for m in members {
        if matches!(m.kind(), "field_declaration" | "constant_declaration") {
            let is_static = m.kind() == "constant_declaration" || has_modifier(m, "static");
            for d in children(m) {
                if d.kind() == "variable_declarator" {
                    if let Some(n) = d.child_by_field_name("name") {
                        out.insert(lw.text(n).to_string(), is_static);
                    }
                }
            }
        }
    }
    out
}

fn class_declaration(lw: &mut Lowerer, st: &mut State, node: Node) {
    let name = node
        .child_by_field_name("name")
        .map(|n| lw.text(n).to_string());
    let body = node.child_by_field_name("body");
    let fields = field_names(lw, Some(node), body);
    // `extends BaseSigner`: the parent class (generic arguments dropped).
    let parent = node.child_by_field_name("superclass").and_then(|s| {
        let t = children(s).into_iter().next()?;
        let text = lw.text(t);
        let n = text.split('<').next().unwrap_or(text).trim().to_string();
        Some(lw.name(&n, Lowerer::span(t)))
    });
    lw.in_scope(ScopeKind::Class, name, Lowerer::span(node), |lw, scope| {
        if let Some(p) = parent {
            lw.model.class_parents.push((scope, p));
        }
        st.frames.push(Frame::Class(fields));
        if let Some(body) = body {
            class_body(lw, st, body);
        }
        if node.kind() == "record_declaration" {
            record_constructor(lw, st, node, body);
        }
        st.frames.pop();
    });
}

/// The canonical constructor of a record (`record ZoomClaims(String appKey, long iat) {}`): a
/// function named like the record that takes the components by position and assigns each to
/// its field (`this.appKey = appKey`), after the body of a compact constructor (`ZoomClaims {
/// … }`) when there is one. A canonical constructor written out in full (as many parameters as
/// components) is lowered as it is, like any constructor.
fn record_constructor(lw: &mut Lowerer, st: &mut State, node: Node, body: Option<Node>) {
    let Some(list) = node.child_by_field_name("parameters") else {
        return;
    };
    let components = formal_params(lw, list);
    let members = body.map(children).unwrap_or_default();
    let explicit = members.iter().any(|m| {
        m.kind() == "constructor_declaration"
            && m.child_by_field_name("parameters")
                .is_some_and(|p| formal_params(lw, p).len() == components.len())
    });
    if explicit {
        return;
    }
    let compact = members
        .iter()
        .find(|m| m.kind() == "compact_constructor_declaration")
        .copied();
    let (name, name_span) = match node.child_by_field_name("name") {
        Some(n) => (lw.text(n).to_string(), Lowerer::span(n)),
        None => (String::new(), Lowerer::span(list)),
    };
    let (span, name_span) = match compact {
        Some(c) => (
            Lowerer::span(c),
            c.child_by_field_name("name")
                .map_or(name_span, Lowerer::span),
        ),
        None => (Lowerer::span(list), name_span),
    };
    // Each component's name, where it is written.
    let names: Vec<(String, Span)> = children(list)
        .into_iter()
        .filter_map(|p| {
            let n = match p.kind() {
                "formal_parameter" => p.child_by_field_name("name"),
                "spread_parameter" => children(p)
                    .into_iter()
                    .find(|c| c.kind() == "variable_declarator")
                    .and_then(|d| d.child_by_field_name("name")),
                _ => None,
            }?;
            Some((lw.text(n).to_string(), Lowerer::span(n)))
        })
        .collect();
    let locals = components.iter().map(|p| p.name.clone()).collect();
    st.frames.push(Frame::Function(locals));
    lw.function(
        &name,
        name_span,
        span,
        |_| components,
        |lw| {
            if let Some(b) = compact.and_then(|c| c.child_by_field_name("body")) {
                for s in children(b) {
                    stmt(lw, st, s);
                }
            }
            for (n, at) in &names {
                let this = lw.add(ExprKind::SelfRef, *at);
                let target = lw.member(this, n, *at);
                let value = lw.name(n, *at);
                lw.assign(target, value, AssignKind::Assign, *at);
            }
            None
        },
    );
    st.frames.pop();
}

/// An anonymous class body (`new Runnable() { … }`, an enum constant's body).
fn anonymous_class(lw: &mut Lowerer, st: &mut State, body: Node) {
    let fields = field_names(lw, None, Some(body));
    lw.in_scope(ScopeKind::Class, None, Lowerer::span(body), |lw, _| {
        st.frames.push(Frame::Class(fields));
        class_body(lw, st, body);
        st.frames.pop();
    });
}

fn class_body(lw: &mut Lowerer, st: &mut State, body: Node) {
    if !lw.enter() {
        return;
    }
    for member in children(body) {
        match member.kind() {
            "field_declaration" | "constant_declaration" => {
                let kind =
                    if member.kind() == "constant_declaration" || has_modifier(member, "final") {
                        AssignKind::Const
                    } else {
                        AssignKind::Assign
                    };
                for decl in children(member) {
                    if decl.kind() == "variable_declarator" {
                        declarator(lw, st, decl, kind);
                    }
                }
            }
            "static_initializer" | "block" => {
                // Initializer blocks run in the class: `TTL = 7200;` assigns the class's field.
                for c in children(member) {
                    stmt(lw, st, c);
                }
            }
            "enum_constant" => {
                if let Some(args) = member.child_by_field_name("arguments") {
                    for a in children(args) {
                        expr(lw, st, a);
                    }
                }
                if let Some(b) = member.child_by_field_name("body") {
                    anonymous_class(lw, st, b);
                }
            }
            "enum_body_declarations" => class_body(lw, st, member),
            // A record's compact constructor is its canonical constructor (`record_constructor`).
            "compact_constructor_declaration" => {}
            _ => stmt(lw, st, member),
        }
    }
    lw.leave();
}

fn formal_params(lw: &Lowerer, list: Node) -> Vec<Param> {
    let mut out = Vec::new();
    for p in children(list) {
        let name = match p.kind() {
            "formal_parameter" => p.child_by_field_name("name"),
            "spread_parameter" => children(p)
                .into_iter()
                .find(|c| c.kind() == "variable_declarator")
                .and_then(|d| d.child_by_field_name("name")),
            "identifier" => Some(p),
            _ => None,
        };
        if let Some(n) = name {
            out.push(Param {
                name: lw.text(n).to_string(),
                default: None,
                span: Lowerer::span(p),
            });
        }
    }
    out
}

/// A method or constructor; abstract and interface methods without a body are left out.
fn method(lw: &mut Lowerer, st: &mut State, node: Node) {
    let Some(body) = node.child_by_field_name("body") else {
        return;
    };
    let (name, name_span) = match node.child_by_field_name("name") {
        Some(n) => (lw.text(n).to_string(), Lowerer::span(n)),
        None => (String::new(), Lowerer::span(node)),
    };
    let params = node
        .child_by_field_name("parameters")
        .map(|l| formal_params(lw, l))
        .unwrap_or_default();
    let locals = params.iter().map(|p| p.name.clone()).collect();
    st.frames.push(Frame::Function(locals));
    lw.function(
        &name,
        name_span,
        Lowerer::span(node),
        |_| params,
        |lw| {
            for s in children(body) {
                stmt(lw, st, s);
            }
            None
        },
    );
    st.frames.pop();
}

fn lambda(lw: &mut Lowerer, st: &mut State, node: Node) -> ExprId {
    let span = Lowerer::span(node);
    let params = match node.child_by_field_name("parameters") {
        Some(p) if p.kind() == "identifier" => vec![Param {
            name: lw.text(p).to_string(),
            default: None,
            span: Lowerer::span(p),
        }],
        Some(p) => formal_params(lw, p),
        None => Vec::new(),
    };
    let locals = params.iter().map(|p| p.name.clone()).collect();
    st.frames.push(Frame::Function(locals));
    let id = lw.function(
        "",
        span,
        span,
        |_| params,
        |lw| {
            let body = node.child_by_field_name("body")?;
            if body.kind() == "block" {
                for s in children(body) {
                    stmt(lw, st, s);
                }
                None
            } else {
                Some(expr(lw, st, body))
            }
        },
    );
    st.frames.pop();
    lw.add(ExprKind::Lambda { function: id }, span)
}

/// Top-level package names: `java.util.Base64` is the class `Base64`, not a member chain.
const PACKAGE_ROOTS: &[&str] = &[
    "java", "javax", "jakarta", "io", "com", "org", "net", "de", "sun", "android", "androidx",
];

/// The number of leading package segments of a dotted name (`java.util.Base64` → 2), or 0.
fn package_prefix(segments: &[(&str, Span)]) -> usize {
    if segments.len() < 2 || !PACKAGE_ROOTS.contains(&segments[0].0) {
        return 0;
    }
    for (i, (seg, _)) in segments.iter().enumerate() {
        if seg.starts_with(|c: char| c.is_ascii_uppercase()) {
            return i;
        }
        if !seg.starts_with(|c: char| c.is_ascii_lowercase()) {
            return 0;
        }
    }
    0
}

/// Builds `Name(first) . seg . seg …` from dotted segments, dropping a package prefix.
fn dotted(lw: &mut Lowerer, segments: &[(&str, Span)]) -> ExprId {
    let skip = package_prefix(segments);
    let start = segments[0].1.start;
    let (first, first_span) = segments[skip];
    let mut e = lw.name(first, Span::new(start, first_span.end));
    for (seg, span) in &segments[skip + 1..] {
        e = lw.member(e, seg, Span::new(start, span.end));
    }
    e
}

/// The segments of a `field_access` chain made only of identifiers (`java.util.Base64`).
/// Iterative: a chain may be thousands of links long.
fn identifier_chain<'s>(lw: &Lowerer<'s>, node: Node, out: &mut Vec<(&'s str, Span)>) -> bool {
    let mut node = node;
    loop {
        match node.kind() {
            "identifier" => {
                out.push((lw.text(node), Lowerer::span(node)));
                out.reverse();
                return true;
            }
            "field_access" => {
                let (Some(o), Some(f)) = (
                    node.child_by_field_name("object"),
                    node.child_by_field_name("field"),
                ) else {
                    return false;
                };
                if f.kind() != "identifier" || out.len() >= 32 {
                    return false;
                }
                out.push((lw.text(f), Lowerer::span(f)));
                node = o;
            }
            _ => return false,
        }
    }
}

/// A type in expression position (`new Date(…)`, `Foo::bar`): its name, type arguments dropped.
fn type_expr(lw: &mut Lowerer, node: Node) -> ExprId {
    match node.kind() {
        "generic_type" | "annotated_type" => {
            match children(node).into_iter().find(|c| {
                !matches!(
                    c.kind(),
                    "type_arguments" | "annotation" | "marker_annotation"
                )
            }) {
                Some(inner) => type_expr(lw, inner),
                None => lw.unknown(node),
            }
        }
        "scoped_type_identifier" => {
            let mut segments = Vec::new();
            collect_type_segments(lw, node, &mut segments);
            if segments.is_empty() {
                return lw.unknown(node);
            }
            dotted(lw, &segments)
        }
        _ => {
            let name = lw.text(node).to_string();
            lw.name(&name, Lowerer::span(node))
        }
    }
}

/// The `type_identifier`s of a scoped type (`java.util.Date`), outermost first; iterative.
fn collect_type_segments<'s>(lw: &Lowerer<'s>, node: Node, out: &mut Vec<(&'s str, Span)>) {
    let mut node = node;
    loop {
        let mut next = None;
        for c in children(node).into_iter().rev() {
            match c.kind() {
                "type_identifier" => out.push((lw.text(c), Lowerer::span(c))),
                "scoped_type_identifier" | "generic_type" if next.is_none() => next = Some(c),
                _ => {}
            }
        }
        match next {
            Some(n) if out.len() < 32 => node = n,
            _ => break,
        }
    }
    out.reverse();
}

fn args(lw: &mut Lowerer, st: &mut State, node: Option<Node>) -> Vec<Arg> {
    let Some(node) = node else { return Vec::new() };
    children(node)
        .into_iter()
        .map(|a| Arg {
            name: None,
            value: expr(lw, st, a),
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
        "||" => BinOp::Or,
        "&&" => BinOp::And,
        "==" => BinOp::Eq,
        "!=" => BinOp::NotEq,
        "<" | "<=" => BinOp::Lt,
        ">" | ">=" => BinOp::Gt,
        _ => BinOp::Other,
    }
}

fn cast_kind(lw: &Lowerer, ty: Node) -> CastKind {
    match lw.text(ty) {
        "int" | "long" | "short" | "byte" | "char" | "Integer" | "Long" | "Short" | "Byte"
        | "java.lang.Integer" | "java.lang.Long" => CastKind::Int,
        "double" | "float" | "Double" | "Float" | "java.lang.Double" | "java.lang.Float" => {
            CastKind::Float
        }
        "String" | "java.lang.String" | "CharSequence" => CastKind::Str,
        _ => CastKind::Other,
    }
}

/// The target of an assignment: a local name, a field (`this.x`), an array element.
fn target(lw: &mut Lowerer, st: &mut State, node: Node) -> ExprId {
    if node.kind() == "identifier" {
        let name = lw.text(node).to_string();
        let span = Lowerer::span(node);
        // Any field written from a method is `this.x` (static ones too: `self::x` elsewhere).
        if let FieldRef::Own { .. } = st.resolve(&name) {
            let this = lw.add(ExprKind::SelfRef, span);
            return lw.member(this, &name, span);
        }
        return lw.name(&name, span);
    }
    expr(lw, st, node)
}

/// Lowers an expression.
fn expr(lw: &mut Lowerer, st: &mut State, node: Node) -> ExprId {
    if !lw.enter() {
        return lw.unknown(node);
    }
    let e = expr_inner(lw, st, node);
    lw.leave();
    e
}

fn expr_inner(lw: &mut Lowerer, st: &mut State, node: Node) -> ExprId {
    let span = Lowerer::span(node);
    match node.kind() {
        "parenthesized_expression" => match children(node).into_iter().next() {
            Some(inner) => expr(lw, st, inner),
            None => lw.unknown(node),
        },
        "decimal_integer_literal" | "hex_integer_literal" | "decimal_floating_point_literal" => {
            number(lw, node)
        }
        "octal_integer_literal" | "binary_integer_literal" => {
            let digits: String = lw
                .text(node)
                .chars()
                .filter(|c| *c != '_')
                .collect::<String>()
                .trim_end_matches(['l', 'L'])
                .to_string();
            let parsed = if let Some(b) = digits
                .strip_prefix("0b")
                .or_else(|| digits.strip_prefix("0B"))
            {
                i64::from_str_radix(b, 2).ok()
            } else {
                i64::from_str_radix(&digits, 8).ok()
            };
            match parsed {
                Some(i) => lw.add(ExprKind::Int(i), span),
                None => lw.unknown(node),
            }
        }
        "string_literal" => string_literal(lw, st, node),
        "character_literal" => {
            let raw = lw.text(node);
            let body = raw
                .strip_prefix('\'')
                .and_then(|r| r.strip_suffix('\''))
                .unwrap_or("");
            lw.add(ExprKind::Str(unescape_java(body)), span)
        }
        "true" => lw.add(ExprKind::Bool(true), span),
        "false" => lw.add(ExprKind::Bool(false), span),
        "null_literal" => lw.add(ExprKind::Null, span),
        "this" | "super" => lw.add(ExprKind::SelfRef, span),
        "identifier" => {
            let name = lw.text(node).to_string();
            // A bare instance field read in a method is `this.x`; static fields stay plain names
            // and resolve through the class scope like any constant.
            if st.resolve(&name) == (FieldRef::Own { is_static: false }) {
                let this = lw.add(ExprKind::SelfRef, span);
                return lw.member(this, &name, span);
            }
            lw.name(&name, span)
        }
        "field_access" => {
            let mut segments = Vec::new();
            if identifier_chain(lw, node, &mut segments) && package_prefix(&segments) > 0 {
                return dotted(lw, &segments);
            }
            let (Some(o), Some(f)) = (
                node.child_by_field_name("object"),
                node.child_by_field_name("field"),
            ) else {
                return lw.unknown(node);
            };
            let object = expr(lw, st, o);
            if f.kind() == "this" {
                // `Outer.this`
                return lw.add(ExprKind::SelfRef, span);
            }
            let name = lw.text(f).to_string();
            lw.member(object, &name, span)
        }
        "method_invocation" => {
            let Some(name) = node.child_by_field_name("name") else {
                return lw.unknown(node);
            };
            let method = lw.text(name).to_string();
            let callee = match node.child_by_field_name("object") {
                Some(o) => {
                    let object = expr(lw, st, o);
                    lw.member(object, &method, Span::new(o.start_byte(), name.end_byte()))
                }
                None => lw.name(&method, Lowerer::span(name)),
            };
            let args = args(lw, st, node.child_by_field_name("arguments"));
            lw.call(callee, args, span)
        }
        "object_creation_expression" => {
            let class = match node.child_by_field_name("type") {
                Some(t) => type_expr(lw, t),
                None => lw.unknown(node),
            };
            let args = args(lw, st, node.child_by_field_name("arguments"));
            if let Some(body) = children(node)
                .into_iter()
                .find(|c| c.kind() == "class_body")
            {
                anonymous_class(lw, st, body);
            }
            lw.add(ExprKind::New { class, args }, span)
        }
        "array_initializer" => {
            let items = children(node)
                .into_iter()
                .map(|c| expr(lw, st, c))
                .collect();
            lw.add(ExprKind::Array { items }, span)
        }
        "array_creation_expression" => match node.child_by_field_name("value") {
            Some(v) => expr(lw, st, v),
            None => {
                for c in children(node) {
                    if c.kind() == "dimensions_expr" {
                        stmt(lw, st, c);
                    }
                }
                lw.unknown(node)
            }
        },
        "array_access" => {
            let (Some(a), Some(i)) = (
                node.child_by_field_name("array"),
                node.child_by_field_name("index"),
            ) else {
                return lw.unknown(node);
            };
            let object = expr(lw, st, a);
            let index = expr(lw, st, i);
            lw.add(ExprKind::Index { object, index }, span)
        }
        "cast_expression" => {
            let (Some(ty), Some(v)) = (
                node.child_by_field_name("type"),
                node.child_by_field_name("value"),
            ) else {
                return lw.unknown(node);
            };
            let to = cast_kind(lw, ty);
            let operand = expr(lw, st, v);
            lw.add(ExprKind::Cast { to, operand }, span)
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
            let left = expr(lw, st, l);
            let right = expr(lw, st, r);
            lw.add(ExprKind::Binary { op, left, right }, span)
        }
        "unary_expression" => {
            let (Some(arg), Some(op)) = (
                node.child_by_field_name("operand"),
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
            let operand = expr(lw, st, arg);
            lw.add(ExprKind::Unary { op, operand }, span)
        }
        "update_expression" => {
            // `i++` / `--i`: the variable is reassigned to itself plus or minus one.
            let Some(operand) = children(node).into_iter().next() else {
                return lw.unknown(node);
            };
            let op = if lw.text(node).contains("++") {
                BinOp::Add
            } else {
                BinOp::Sub
            };
            let t = target(lw, st, operand);
            let one = lw.add(ExprKind::Int(1), span);
            let value = lw.add(
                ExprKind::Binary {
                    op,
                    left: t,
                    right: one,
                },
                span,
            );
            lw.assign(t, value, AssignKind::Assign, span);
            value
        }
        "ternary_expression" => {
            let (Some(c), Some(t), Some(o)) = (
                node.child_by_field_name("condition"),
                node.child_by_field_name("consequence"),
                node.child_by_field_name("alternative"),
            ) else {
                return lw.unknown(node);
            };
            let cond = expr(lw, st, c);
            let then = expr(lw, st, t);
            let otherwise = expr(lw, st, o);
            lw.add(
                ExprKind::Conditional {
                    cond,
                    then,
                    otherwise,
                },
                span,
            )
        }
        "assignment_expression" => {
            let (Some(l), Some(r), Some(op)) = (
                node.child_by_field_name("left"),
                node.child_by_field_name("right"),
                node.child_by_field_name("operator"),
            ) else {
                return lw.unknown(node);
            };
            let value = expr(lw, st, r);
            let t = target(lw, st, l);
            let op = lw.text(op);
            if op != "=" {
                let op = binop(op.trim_end_matches('='));
                return lw.compound_assign(t, op, value, AssignKind::Assign, span);
            }
            lw.assign(t, value, AssignKind::Assign, span);
            value
        }
        "lambda_expression" => lambda(lw, st, node),
        "method_reference" => {
            // `Foo::bar`, `this::sign`: the method as a value.
            let Some(first) = children(node).into_iter().next() else {
                return lw.unknown(node);
            };
            let object = if matches!(
                first.kind(),
                "type_identifier" | "generic_type" | "scoped_type_identifier" | "array_type"
            ) {
                type_expr(lw, first)
            } else {
                expr(lw, st, first)
            };
            let text = lw.text(node);
            let name = text.rsplit("::").next().unwrap_or("").trim().to_string();
            lw.member(object, &name, span)
        }
        "template_expression" => match node.child_by_field_name("template_argument") {
            Some(t) => expr(lw, st, t),
            None => lw.unknown(node),
        },
        "instanceof_expression" => {
            if let Some(l) = node.child_by_field_name("left") {
                expr(lw, st, l);
            }
            if let Some(n) = node.child_by_field_name("name") {
                st.declare_local(lw.text(n));
            }
            lw.unknown(node)
        }
        "class_literal" => lw.unknown(node),
        "local_variable_declaration"
        | "class_declaration"
        | "interface_declaration"
        | "enum_declaration"
        | "record_declaration"
        | "return_statement"
        | "block" => {
            stmt(lw, st, node);
            lw.unknown(node)
        }
        _ => {
            // Statements and constructs we do not model: visit children for their bindings.
            for c in children(node) {
                stmt(lw, st, c);
            }
            lw.unknown(node)
        }
    }
}

fn string_literal(lw: &mut Lowerer, st: &mut State, node: Node) -> ExprId {
    let span = Lowerer::span(node);
    let raw = lw.text(node);
    if let Some(body) = raw
        .strip_prefix("\"\"\"")
        .and_then(|r| r.strip_suffix("\"\"\""))
    {
        return lw.add(ExprKind::Str(text_block(body)), span);
    }
    let interpolations: Vec<Node> = children(node)
        .into_iter()
        .filter(|c| c.kind() == "string_interpolation")
        .collect();
    if interpolations.is_empty() {
        let body = raw
            .strip_prefix('"')
            .and_then(|r| r.strip_suffix('"'))
            .unwrap_or("");
        return lw.add(ExprKind::Str(unescape_java(body)), span);
    }
    // String templates (`STR."\{a}.\{b}"`, a preview feature): literal text and expressions.
    let mut parts = Vec::new();
    let mut pos = node.start_byte() + 1;
    let end = node.end_byte().saturating_sub(1);
    for sub in interpolations {
        if sub.start_byte() > pos {
            let lit = &lw.src[pos..sub.start_byte()];
            parts.push(Part::Lit(unescape_java(lit)));
        }
        if let Some(inner) = children(sub).into_iter().next() {
            parts.push(Part::Expr(expr(lw, st, inner)));
        }
        pos = sub.end_byte();
    }
    if end > pos {
        parts.push(Part::Lit(unescape_java(&lw.src[pos..end])));
    }
    lw.add(ExprKind::Interpolated { parts }, span)
}

/// The value of a text block body (between the `"""` delimiters), as JLS §3.10.6 defines it:
/// the opening line dropped, incidental indentation and trailing spaces stripped, escapes
/// resolved last.
fn text_block(body: &str) -> String {
    let content = match body.find('\n') {
        Some(i) => &body[i + 1..],
        None => "",
    };
    let content = content.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = content.split('\n').collect();
    let last = lines.len() - 1;
    let indent = lines
        .iter()
        .enumerate()
        .filter(|(i, l)| *i == last || !l.trim().is_empty())
        .map(|(_, l)| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let stripped: Vec<&str> = lines
        .iter()
        .map(|l| {
            if l.trim().is_empty() {
                ""
            } else {
                l.get(indent..).unwrap_or(l).trim_end()
            }
        })
        .collect();
    unescape_java(&stripped.join("\n"))
}

/// Resolves Java escapes: `\n \t \b \f \r \s \" \' \\`, octal, `\uXXXX`, and a backslash at
/// the end of a text-block line (the line continues). Unknown escapes are kept.
fn unescape_java(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('s') => out.push(' '),
            Some('\n') => {}
            Some(q @ ('"' | '\'' | '\\')) => out.push(q),
            Some('u') => {
                while chars.peek() == Some(&'u') {
                    chars.next();
                }
                let hex: String = (0..4).filter_map(|_| chars.next()).collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(ch) => out.push(ch),
                    None => {
                        out.push_str("\\u");
                        out.push_str(&hex);
                    }
                }
            }
            Some(d @ '0'..='7') => {
                let mut value = d.to_digit(8).unwrap_or(0);
                let max_digits = if d <= '3' { 3 } else { 2 };
                for _ in 1..max_digits {
                    match chars.peek().and_then(|c| c.to_digit(8)) {
                        Some(v) => {
                            value = value * 8 + v;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(value).unwrap_or('\u{fffd}'));
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{text_block, unescape_java};

    #[test]
    fn escapes() {
        assert_eq!(unescape_java(r#"{\"iat\":%d}"#), r#"{"iat":%d}"#);
        assert_eq!(unescape_java(r"a\sb\101\u0041\\u"), "a bAA\\u");
    }

    #[test]
    fn text_blocks() {
        let body = "\n    {\"alg\":\"HS256\",\n      \"typ\":\"JWT\"}\n    ";
        assert_eq!(
            text_block(body),
            "{\"alg\":\"HS256\",\n  \"typ\":\"JWT\"}\n"
        );
        let body = "\n    a \\\n    b\"\"\"";
        assert_eq!(text_block(&body[..body.len() - 3]), "a b");
    }
}
