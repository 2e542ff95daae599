//! The evaluator: computes abstract values ([`Val`]) for model expressions.
//!
//! It resolves names through bindings, same-file constants, class members and simple same-file
//! helpers, folds arithmetic, and applies the library semantics of [`library`] (clocks, base64
//! encoders, HMAC, JSON, JWT libraries). Anything it cannot resolve is `Value::Unknown`, and rules
//! stay silent on unknowns: precision before recall.

pub mod library;
pub mod models;
pub mod python;
pub mod value;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use crate::model::{
    Assignment, BinOp, CastKind, Entry, ExprId, ExprKind, FunctionId, Key, Language, Model, Part,
    ScopeId, ScopeKind, Span, UnOp,
};
pub use value::*;

/// How deep helper calls and name chains may go before the value is unknown.
const MAX_DEPTH: usize = 48;
/// A budget of evaluation steps per file, so that no input makes evaluation explode.
const MAX_STEPS: usize = 4_000_000;
/// A budget per candidate expression, so that one costly expression cannot starve the rest of
/// the file (signature code after a large minified prelude is still analysed).
const MAX_CANDIDATE_STEPS: usize = 60_000;

/// Computed text costs one step per this many bytes (see `eval_in`): the step budget then bounds
/// the text an evaluation keeps to 64 MB.
const TEXT_BYTES_PER_STEP: usize = 16;
/// How often (in steps) the evaluator looks at the clock for its time limit.
const CLOCK_EVERY: usize = 1024;

/// Why the evaluation of a file stopped short: the rules saw unknowns where values were not
/// computed, so findings may be missing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Incomplete {
    /// A step budget ran out (deterministic: the same file stops at the same place).
    Budget,
    /// The time limit of `--analysis-timeout-ms` passed.
    TimeLimit(std::time::Duration),
}

impl std::fmt::Display for Incomplete {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Incomplete::Budget => {
                write!(f, "too costly to analyse completely; findings may be missing")
            }
            Incomplete::TimeLimit(limit) => write!(
                f,
                "analysis stopped at the time limit ({} ms, --analysis-timeout-ms); findings may be missing",
                limit.as_millis()
            ),
        }
    }
}

/// A call frame: the parameter values of a same-file helper being evaluated for a call.
struct Frame {
    function: FunctionId,
    args: Vec<(String, Val)>,
}

#[derive(Clone, Copy)]
struct Ctx<'f> {
    frame: Option<&'f Frame>,
    depth: usize,
}

/// A change to a named collection after it was created: `p.role = 1`, `p['role'] = 1`,
/// `claims.put("role", 1)`, `payload.merge!(role: 1)`.
#[derive(Clone, Debug)]
enum Mutation {
    Set {
        key: ExprId,
        value: ExprId,
        at: Span,
    },
    SetNamed {
        key: String,
        key_span: Span,
        value: ExprId,
        at: Span,
    },
    Merge {
        value: ExprId,
        at: Span,
    },
    /// `parts.push(x)`, `parts << x`, `$parts[] = x`, `array_push($parts, x)`.
    Push {
        value: ExprId,
        at: Span,
    },
    /// A call that changes a date object in place (`d.setHours(…)`, `m.add(2, 'hours')`,
    /// `$dt->modify(…)`, `cal.add(…)`): the date is unknown afterwards.
    Reset {
        at: Span,
    },
    /// `mac.init(key)` / `h.update(data)` on an HMAC object.
    Feed {
        init: bool,
        arg: ExprId,
        at: Span,
    },
}

impl Mutation {
    fn at(&self) -> Span {
        match self {
            Mutation::Set { at, .. }
            | Mutation::SetNamed { at, .. }
            | Mutation::Merge { at, .. }
            | Mutation::Push { at, .. }
            | Mutation::Reset { at }
            | Mutation::Feed { at, .. } => *at,
        }
    }
}

pub struct Evaluator<'m> {
    pub model: &'m Model,
    pub language: Language,
    cache: RefCell<HashMap<ExprId, Val>>,
    /// Mutations by variable name, with the scope they are written in.
    mutations: HashMap<String, Vec<(ScopeId, Mutation)>>,
    in_progress: RefCell<Vec<ExprId>>,
    steps: Cell<usize>,
    candidate_steps: Cell<usize>,
    /// How many times a budget ran out: values computed then are not cached, and the file is
    /// reported as analysed incompletely.
    exhausted: Cell<usize>,
    /// When evaluation must stop ([`crate::limits::ANALYSIS`]), and the limit it came from.
    deadline: Option<(std::time::Instant, std::time::Duration)>,
    /// The deadline passed: every value still to compute is unknown.
    timed_out: Cell<bool>,
    /// Library calls that read the clock (`Date.now()`, `time()`, `Time.now`, `new Date()`):
    /// an expression containing one gives a new value each time it runs, so a fix must not
    /// copy it.
    clock_reads: RefCell<std::collections::HashSet<Span>>,
}

impl<'m> Evaluator<'m> {
    pub fn new(model: &'m Model) -> Evaluator<'m> {
        let mut ev = Evaluator {
            model,
            language: model.language,
            cache: RefCell::new(HashMap::new()),
            mutations: HashMap::new(),
            in_progress: RefCell::new(Vec::new()),
            steps: Cell::new(0),
            candidate_steps: Cell::new(0),
            exhausted: Cell::new(0),
            deadline: crate::limits::ANALYSIS.get().and_then(|limit| {
                let now = std::time::Instant::now();
                now.checked_add(limit).map(|at| (at, limit))
            }),
            timed_out: Cell::new(false),
            clock_reads: RefCell::default(),
        };
        ev.index_mutations();
        ev
    }

    fn index_mutations(&mut self) {
        let m = self.model;
        let mut muts: HashMap<String, Vec<(ScopeId, Mutation)>> = HashMap::new();
        for a in &m.assignments {
            let (object, key) = match m.kind(a.target) {
                ExprKind::Member { object, name } => (*object, Err(name.clone())),
                ExprKind::Index { object, index } => (*object, Ok(*index)),
                _ => continue,
            };
            let ExprKind::Name(var) = m.kind(object) else {
                continue;
            };
            let scope = m.expr(object).scope;
            let mutation = match key {
                Err(name) => Mutation::SetNamed {
                    key: name,
                    key_span: m.span(a.target),
                    value: a.value,
                    at: a.span,
                },
                Ok(index) => Mutation::Set {
                    key: index,
                    value: a.value,
                    at: a.span,
                },
            };
            muts.entry(var.clone()).or_default().push((scope, mutation));
        }
        for id in m.expr_ids() {
            let ExprKind::Call { callee, args } = m.kind(id) else {
                continue;
            };
            let ExprKind::Member { object, name } = m.kind(*callee) else {
                continue;
            };
            let ExprKind::Name(var) = m.kind(*object) else {
                continue;
            };
            let at = m.span(id);
            // Python `claims.update(appKey=k, sdkKey=k)`: each keyword sets a key.
            if name == "update" && !args.is_empty() && args.iter().all(|a| a.name.is_some()) {
                let scope = m.expr(id).scope;
                let entry = muts.entry(var.clone()).or_default();
                for a in args {
                    entry.push((
                        scope,
                        Mutation::SetNamed {
                            key: a.name.clone().unwrap_or_default(),
                            key_span: m.span(a.value),
                            value: a.value,
                            at,
                        },
                    ));
                }
                continue;
            }
            let mutation = match (name.as_str(), args.as_slice()) {
                ("put" | "set" | "store" | "setdefault" | "putIfAbsent", [k, v]) => Mutation::Set {
                    key: k.value,
                    value: v.value,
                    at,
                },
                ("merge!" | "update" | "putAll" | "addAll", [v]) => {
                    Mutation::Merge { value: v.value, at }
                }
                ("push" | "append" | "<<" | "add", [v]) => Mutation::Push { value: v.value, at },
                ("init", [k]) => Mutation::Feed {
                    init: true,
                    arg: k.value,
                    at,
                },
                _ => {
                    if date_mutator(name) {
                        muts.entry(var.clone())
                            .or_default()
                            .push((m.expr(id).scope, Mutation::Reset { at }));
                    }
                    continue;
                }
            };
            let scope = m.expr(id).scope;
            let entry = muts.entry(var.clone()).or_default();
            if date_mutator(name) {
                entry.push((scope, Mutation::Reset { at }));
            }
            if name == "update" {
                if let [d] = args.as_slice() {
                    entry.push((
                        scope,
                        Mutation::Feed {
                            init: false,
                            arg: d.value,
                            at,
                        },
                    ));
                }
            }
            entry.push((scope, mutation));
        }
        // `Object.assign(payload, {...})`
        for id in m.expr_ids() {
            let ExprKind::Call { callee, args } = m.kind(id) else {
                continue;
            };
            let path = m.path(*callee);
            let push = match path.as_deref() {
                Some("Object.assign") => false,
                Some("array_push") => true,
                _ => continue,
            };
            if args.len() < 2 {
                continue;
            }
            let ExprKind::Name(var) = m.kind(args[0].value) else {
                continue;
            };
            for a in &args[1..] {
                let at = m.span(id);
                let mutation = if push {
                    Mutation::Push { value: a.value, at }
                } else {
                    Mutation::Merge { value: a.value, at }
                };
                muts.entry(var.clone())
                    .or_default()
                    .push((m.expr(id).scope, mutation));
            }
        }
        for list in muts.values_mut() {
            list.sort_by_key(|(_, mu)| mu.at().start);
        }
        self.mutations = muts;
    }

    /// Evaluates an expression in its own context (no call frame).
    pub fn eval(&self, id: ExprId) -> Val {
        self.eval_in(
            id,
            Ctx {
                frame: None,
                depth: 0,
            },
        )
    }

    /// Evaluates the value of `name` as seen at the end of `scope` (after all its mutations).
    pub fn eval_binding_at_end(&self, assignment: &Assignment) -> Val {
        let ExprKind::Name(name) = self.model.kind(assignment.target) else {
            return self.eval(assignment.value);
        };
        let root = Ctx {
            frame: None,
            depth: 0,
        };
        let v = self.eval_in(assignment.value, root);
        self.apply_mutations(v, name, assignment.scope, assignment.span, None, root)
    }

    fn budget_exhausted(&self) -> bool {
        self.charge(1)
    }

    /// Counts `n` steps of work against the budgets and the time limit; true when one of them
    /// has run out (the caller then gives up: unknown). Work that is not one evaluation (a scan
    /// over many mutations) is charged by its size, so that it too is bounded.
    fn charge(&self, n: usize) -> bool {
        if self.timed_out.get() {
            return true;
        }
        let before = self.steps.get();
        let s = before.saturating_add(n);
        self.steps.set(s);
        let c = self.candidate_steps.get().saturating_add(n);
        self.candidate_steps.set(c);
        if let Some((at, _)) = self.deadline {
            if s / CLOCK_EVERY != before / CLOCK_EVERY && std::time::Instant::now() >= at {
                self.timed_out.set(true);
                self.exhausted.set(self.exhausted.get() + 1);
                return true;
            }
        }
        let out = s > MAX_STEPS || c > MAX_CANDIDATE_STEPS;
        if out {
            self.exhausted.set(self.exhausted.get() + 1);
        }
        out
    }

    /// Starts the step budget of a new candidate expression.
    pub fn start_candidate(&self) {
        self.candidate_steps.set(0);
    }

    /// Why some evaluation gave up, if one did: then the analysis of the file is incomplete.
    pub fn incomplete(&self) -> Option<Incomplete> {
        if self.timed_out.get() {
            return self.deadline.map(|(_, limit)| Incomplete::TimeLimit(limit));
        }
        (self.exhausted.get() > 0).then_some(Incomplete::Budget)
    }

    fn eval_in(&self, id: ExprId, ctx: Ctx) -> Val {
        let span = self.model.span(id);
        if ctx.depth > MAX_DEPTH || self.budget_exhausted() {
            return Val::unknown(span);
        }
        let cacheable = ctx.frame.is_none();
        if cacheable {
            if let Some(v) = self.cache.borrow().get(&id) {
                return v.clone();
            }
            if self.in_progress.borrow().contains(&id) {
                // A cycle (`x = x + 1` resolved to itself): unknown.
                return Val::unknown(span);
            }
            self.in_progress.borrow_mut().push(id);
        }
        let ctx2 = Ctx {
            frame: ctx.frame,
            depth: ctx.depth + 1,
        };
        let exhausted_before = self.exhausted.get();
        let v = self.eval_kind(id, span, ctx2);
        // A value is kept (cached) for each expression that computes it: a name extended
        // thousands of times (`s = s + …`) makes as many texts of up to MAX_TEXT bytes, or
        // concatenations of up to MAX_PARTS parts. Charge their size, so that the budget bounds
        // memory too.
        let text = |v: &Val| v.as_str().map_or(0, |s| s.len() / TEXT_BYTES_PER_STEP);
        match &v.value {
            Value::Str(_) => {
                self.charge(text(&v));
            }
            Value::Concat(parts) => {
                self.charge(parts.iter().map(|p| 1 + text(p)).sum());
            }
            _ => {}
        }
        if cacheable {
            self.in_progress.borrow_mut().retain(|x| *x != id);
            // A value cut short by a budget is not the expression's value: do not keep it.
            if self.exhausted.get() == exhausted_before {
                self.cache.borrow_mut().insert(id, v.clone());
            }
        }
        v
    }

    fn eval_kind(&self, id: ExprId, span: Span, ctx: Ctx) -> Val {
        let m = self.model;
        let value = match m.kind(id) {
            ExprKind::Int(i) => Value::Int(*i),
            ExprKind::Float(f) => Value::Float(*f),
            // Huge literals (bundled data, templates) are never a claim or a key.
            ExprKind::Str(s) if s.len() > MAX_TEXT => Value::Unknown,
            ExprKind::Str(s) => Value::Str(s.clone()),
            ExprKind::Symbol(s) => Value::Str(s.clone()),
            ExprKind::Regex(r) => Value::Regex(r.clone()),
            ExprKind::Bool(b) => Value::Bool(*b),
            ExprKind::Null => Value::Null,
            ExprKind::Unknown | ExprKind::SelfRef => Value::Unknown,
            ExprKind::Lambda { function } => Value::Function(*function),
            ExprKind::Name(name) => {
                let v = self.lookup(name, span, m.expr(id).scope, ctx);
                // Ruby: a bare name of a zero-argument method is a call of it.
                if self.language == crate::model::Language::Ruby {
                    if let Value::Function(f) = v.value {
                        if m.function(f).params.iter().all(|p| p.default.is_some()) {
                            return self.apply(f, Vec::new(), span, ctx);
                        }
                    }
                }
                return v;
            }
            ExprKind::Member { object, name } => return self.member(*object, name, span, ctx),
            ExprKind::Index { object, index } => {
                let o = self.eval_in(*object, ctx);
                let i = self.eval_in(*index, ctx);
                match (&o.value, &i.value) {
                    (Value::Object(obj), Value::Str(k)) => match obj.get(k) {
                        Some(e) => return e.value.clone(),
                        None => Value::Unknown,
                    },
                    (Value::Array(items), Value::Int(n)) if *n >= 0 => {
                        match items.get(*n as usize) {
                            Some(v) => return v.clone(),
                            None => Value::Unknown,
                        }
                    }
                    // A byte of a byte array (`bytes[i]` in a loop that builds a binary string
                    // for `btoa`) stands for the bytes it is part of.
                    (Value::Bytes(_), _) => o.value.clone(),
                    _ => Value::Unknown,
                }
            }
            ExprKind::Call { callee, args } => return self.call(*callee, args, span, ctx),
            ExprKind::New { class, args } => {
                let args = self.eval_args(args, ctx);
                let path = m.path(*class).unwrap_or_default();
                let value =
                    library::construct(self.language, &path, &args, span).unwrap_or(Value::Unknown);
                self.note_clock_read(&value, None, &args, span);
                value
            }
            ExprKind::Binary { op, left, right } => {
                let l = self.eval_in(*left, ctx).at_site(m.span(*left));
                let r = self.eval_in(*right, ctx).at_site(m.span(*right));
                return self.binary(*op, l, r, span);
            }
            ExprKind::Unary { op, operand } => {
                let v = self.eval_in(*operand, ctx);
                match (op, &v.value) {
                    (UnOp::Neg, Value::Int(i)) => {
                        i.checked_neg().map_or(Value::Unknown, Value::Int)
                    }
                    (UnOp::Neg, Value::Float(f)) => Value::Float(-f),
                    (UnOp::Neg, Value::Duration { ms }) => ms
                        .checked_neg()
                        .map_or(Value::Unknown, |ms| Value::Duration { ms }),
                    (UnOp::Plus, _) => {
                        library::to_number(self.language, &v).unwrap_or(Value::Unknown)
                    }
                    _ => Value::Unknown,
                }
            }
            ExprKind::Cast { to, operand } => {
                let v = self.eval_in(*operand, ctx).at_site(m.span(*operand));
                match to {
                    CastKind::Int => library::to_integer(&v).unwrap_or(Value::Unknown),
                    CastKind::Float => match v.value {
                        Value::Time(mut t) => {
                            t.fractional = true;
                            Value::Time(t)
                        }
                        Value::Int(i) => Value::Float(i as f64),
                        other => other,
                    },
                    CastKind::Str => Value::Text(Rc::new(v)),
                    CastKind::Other => return v,
                }
            }
            ExprKind::Object { entries } if entries.len() > MAX_PARTS => {
                // A data table (minified bundles, fixtures of other tools): no payload.
                Value::Object(Rc::new(Obj {
                    entries: Vec::new(),
                    open: true,
                    span,
                }))
            }
            ExprKind::Array { items } if items.len() > MAX_PARTS => Value::Unknown,
            ExprKind::Object { entries } => {
                let mut obj = Obj {
                    entries: Vec::new(),
                    open: false,
                    span,
                };
                for e in entries {
                    match e {
                        Entry::Pair { key, value, span } => {
                            let key = match key {
                                Key::Name(n) => Some(n.clone()),
                                Key::Computed(k) => {
                                    self.eval_in(*k, ctx).as_str().map(str::to_string)
                                }
                            };
                            // Where the claim is written: a fix converting the claim edits here.
                            let v = self.eval_in(*value, ctx).at_site(m.span(*value));
                            match key {
                                Some(k) => obj.set(k, v, *span),
                                None => obj.open = true,
                            }
                        }
                        Entry::Spread(v) => match &self.eval_in(*v, ctx).value {
                            Value::Object(inner) => {
                                obj.open |= inner.open;
                                for e in &inner.entries {
                                    obj.set(e.key.clone(), e.value.clone(), e.key_span);
                                }
                            }
                            _ => obj.open = true,
                        },
                    }
                }
                Value::Object(Rc::new(obj))
            }
            ExprKind::Array { items } => Value::Array(
                items
                    .iter()
                    .map(|i| self.eval_in(*i, ctx).at_site(m.span(*i)))
                    .collect::<Vec<_>>()
                    .into(),
            ),
            ExprKind::Interpolated { parts } => {
                let vals: Vec<Val> = parts
                    .iter()
                    .map(|p| match p {
                        Part::Lit(s) => Val::new(Value::Str(s.clone()), span),
                        Part::Expr(e) => self.eval_in(*e, ctx).at_site(m.span(*e)),
                    })
                    .collect();
                if let [only] = vals.as_slice() {
                    if !matches!(parts[0], Part::Lit(_)) {
                        return Val::new(library::stringify(only.clone()), span);
                    }
                }
                return library::concat(vals, span);
            }
            ExprKind::Conditional {
                then, otherwise, ..
            } => {
                let a = self.eval_in(*then, ctx);
                let b = self.eval_in(*otherwise, ctx);
                return choice(vec![a, b], span);
            }
        };
        Val::new(value, span)
    }

    fn eval_args(&self, args: &[crate::model::Arg], ctx: Ctx) -> Vec<library::ArgVal> {
        let mut out: Vec<library::ArgVal> = args
            .iter()
            .map(|a| library::ArgVal {
                name: a.name.clone(),
                val: self.eval_in(a.value, ctx).at_site(self.model.span(a.value)),
            })
            .collect();
        // Ruby passes `f(a: 1, b: 2)` as keywords or, to a method taking a hash, as one hash:
        // the named arguments are also offered as a trailing positional hash.
        if self.language == crate::model::Language::Ruby {
            let named: Vec<&library::ArgVal> = out
                .iter()
                .filter(|a| a.name.as_deref().is_some_and(|n| !n.starts_with('*')))
                .collect();
            if let (Some(first), Some(last)) = (named.first(), named.last()) {
                let span = Span::new(first.val.site.start, last.val.site.end);
                let mut obj = Obj {
                    entries: Vec::new(),
                    open: false,
                    span,
                };
                for a in &named {
                    let key = a.name.clone().unwrap_or_default();
                    obj.set(key, a.val.clone(), a.val.site);
                }
                out.push(library::ArgVal {
                    name: None,
                    val: Val::new(Value::Object(Rc::new(obj)), span),
                });
            }
        }
        out
    }

    fn binary(&self, op: BinOp, l: Val, r: Val, span: Span) -> Val {
        if self.budget_exhausted() {
            return Val::unknown(span);
        }
        // Distribute over choices so that each branch of a ternary keeps its own value.
        let width = |v: &Val| match &v.value {
            Value::Choice(vs) => vs.len(),
            _ => 1,
        };
        if width(&l) * width(&r) > MAX_CHOICES {
            return Val::unknown(span);
        }
        if let Value::Choice(ls) = &l.value {
            let vs = ls
                .iter()
                .map(|x| self.binary(op, x.clone(), r.clone(), x.span))
                .collect();
            return choice(vs, span);
        }
        if let Value::Choice(rs) = &r.value {
            let vs = rs
                .iter()
                .map(|x| self.binary(op, l.clone(), x.clone(), x.span))
                .collect();
            return choice(vs, span);
        }
        match op {
            BinOp::Or => {
                // JS, PHP and Python treat 0 and "" as false too; Ruby only nil and false.
                let ruby = self.language == crate::model::Language::Ruby;
                let falsy = match &l.value {
                    Value::Null | Value::Bool(false) => true,
                    Value::Int(0) => !ruby,
                    Value::Float(f) => !ruby && *f == 0.0,
                    Value::Str(s) => !ruby && s.is_empty(),
                    _ => false,
                };
                if falsy {
                    return r;
                }
                return match &l.value {
                    // `process.env.SECRET || 'fallback'`: either value may be used.
                    Value::Unknown => choice(vec![l, r], span),
                    _ => l,
                };
            }
            BinOp::Concat => return library::concat(vec![l, r], span),
            _ => {}
        }
        Val::new(
            library::arithmetic(self.language, op, &l, &r).unwrap_or(Value::Unknown),
            span,
        )
        .or_concat(op, l, r, span)
    }

    /// Resolves a name at `span` in `scope`.
    fn lookup(&self, name: &str, span: Span, scope: ScopeId, ctx: Ctx) -> Val {
        let m = self.model;
        let mut s = Some(scope);
        // Inside a helper call, names of the helper's own scopes see its frame.
        let mut in_frame = ctx.frame.is_some();
        while let Some(sid) = s {
            let sc = m.scope(sid);
            let sctx = if in_frame { ctx } else { root(ctx) };
            if let Some(a) = self.pick_assignment(sid, name, span) {
                let v = self.eval_in(a.value, sctx);
                return self.apply_mutations(v, name, sid, a.span, Some(span), sctx);
            }
            if let Some(fid) = m.function_of_scope(sid) {
                let f = m.function(fid);
                if let Some(p) = f.params.iter().find(|p| p.name == name) {
                    if let Some(frame) = ctx.frame.filter(|fr| fr.function == fid) {
                        if let Some((_, v)) = frame.args.iter().find(|(n, _)| n == name) {
                            return v.clone();
                        }
                    }
                    // A default stands for the value when the caller is unknown; a default
                    // collection (`extra = {}`) says nothing of what callers pass.
                    return match p.default {
                        Some(d) => open_collections(self.eval_in(d, sctx)),
                        None => Val::unknown(span),
                    };
                }
                if ctx.frame.is_some_and(|fr| fr.function == fid) {
                    in_frame = false;
                }
            }
            if let Some(f) = self.function_in_scope(sid, name) {
                return Val::new(Value::Function(f), span);
            }
            if sc.kind == ScopeKind::Class && sc.name.as_deref() == Some(name) {
                return Val::new(Value::Class(sid), span);
            }
            s = sc.parent;
        }
        if let Some(class) = m.class_named(name) {
            return Val::new(Value::Class(class), span);
        }
        // Ruby: a bare identifier may be a call of a zero-argument method.
        if self.language == crate::model::Language::Ruby {
            if let Some(f) = m
                .functions_named(name)
                .find(|f| m.function(*f).params.is_empty())
            {
                return self.apply(f, Vec::new(), span, ctx);
            }
        }
        Val::unknown(span)
    }

    fn function_in_scope(&self, scope: ScopeId, name: &str) -> Option<FunctionId> {
        let m = self.model;
        m.functions_named(name)
            .find(|f| m.scope(m.function(*f).scope).parent == Some(scope))
    }

    /// The assignment to `name` in `scope` that a use at `at` sees.
    fn pick_assignment(&self, scope: ScopeId, name: &str, at: Span) -> Option<&'m Assignment> {
        self.model.assignment_seen_at(scope, name, at)
    }

    fn apply_mutations(
        &self,
        v: Val,
        name: &str,
        scope: ScopeId,
        def: Span,
        use_at: Option<Span>,
        ctx: Ctx,
    ) -> Val {
        let m = self.model;
        let is_collection = matches!(v.value, Value::Object(_) | Value::Array(_));
        let is_hmac = matches!(v.value, Value::HmacState(_));
        let is_date = matches!(v.value, Value::Moment { .. });
        if !is_collection && !is_hmac && !is_date {
            return v;
        }
        let Some(list) = self.mutations.get(name) else {
            return v;
        };
        // Only mutations between the definition and the use (or the end of the defining scope)
        // count; the list is sorted by position, so find that window by binary search.
        let until = use_at.map_or(self.model.scope(scope).span.end, |u| u.end);
        let from = list.partition_point(|(_, mu)| mu.at().start < def.end);
        let to = list.partition_point(|(_, mu)| mu.at().start < until);
        // Mutations may be written in the defining scope or in scopes nested in it (blocks of
        // the same function are one scope in the model; lambdas are their own), unless a nested
        // scope binds the name again (`const payload = …` inside a callback).
        // More than MAX_PARTS changes make the value unknown: stop looking there, so that a
        // name changed thousands of times costs no more per use than one changed MAX_PARTS times.
        let mut found: Vec<&Mutation> = Vec::new();
        let mut examined = 0usize;
        for (s, mu) in &list[from..to.max(from)] {
            examined += 1;
            let in_scope =
                *s == scope || (self.scope_within(*s, scope) && !self.shadows(*s, scope, name));
            let at = mu.at();
            if in_scope && use_at.is_none_or(|u| at.end <= u.start || u.contains(at)) {
                found.push(mu);
                if found.len() > MAX_PARTS {
                    break;
                }
            }
        }
        // One look at a change is far cheaper than one evaluation step.
        let out_of_budget = self.charge(examined.div_ceil(16));
        if found.is_empty() {
            return v;
        }
        if found.len() > MAX_PARTS || out_of_budget {
            return Val::unknown(v.span);
        }
        if is_date {
            // Changed in place before this use: no longer the date it was made as.
            if found.iter().any(|mu| matches!(mu, Mutation::Reset { .. })) {
                return Val::unknown(v.span);
            }
            return v;
        }
        if let Value::HmacState(h) = &v.value {
            let mut h = (**h).clone();
            for mu in found {
                if let Mutation::Feed { init, arg, .. } = mu {
                    let a = self.eval_in(*arg, ctx);
                    if *init {
                        h.key = a;
                    } else {
                        h.data.push(a);
                    }
                }
            }
            return Val::new(Value::HmacState(Rc::new(h)), v.span);
        }
        if let Value::Array(items) = &v.value {
            let pushes: Vec<ExprId> = found
                .iter()
                .filter_map(|mu| match mu {
                    Mutation::Push { value, .. } => Some(*value),
                    _ => None,
                })
                .collect();
            if !pushes.is_empty() || !items.is_empty() {
                let mut items = items.to_vec();
                for p in pushes {
                    items.push(self.eval_in(p, ctx).at_site(m.span(p)));
                }
                return Val::new(Value::Array(items.into()), v.span);
            }
            // An empty array filled by key (`$p['role'] = 0`) is a map.
        }
        let mut obj = match &v.value {
            Value::Object(o) => (**o).clone(),
            _ => Obj {
                entries: Vec::new(),
                open: false,
                span: v.span,
            },
        };
        for mu in found {
            match mu {
                Mutation::SetNamed {
                    key,
                    key_span,
                    value,
                    ..
                } => {
                    let val = self.eval_in(*value, ctx).at_site(m.span(*value));
                    obj.set(key.clone(), val, *key_span);
                }
                Mutation::Set { key, value, .. } => {
                    let k = self.eval_in(*key, ctx);
                    match k.as_str() {
                        Some(k) => {
                            let val = self.eval_in(*value, ctx).at_site(m.span(*value));
                            obj.set(k.to_string(), val, m.span(*key));
                        }
                        None => obj.open = true,
                    }
                }
                Mutation::Merge { value, .. } => match &self.eval_in(*value, ctx).value {
                    Value::Object(o) => {
                        obj.open |= o.open;
                        for e in &o.entries {
                            obj.set(e.key.clone(), e.value.clone(), e.key_span);
                        }
                    }
                    _ => obj.open = true,
                },
                Mutation::Feed { .. } | Mutation::Push { .. } | Mutation::Reset { .. } => {}
            }
        }
        Val::new(Value::Object(Rc::new(obj)), v.span)
    }

    /// Records `span` as a clock read when a library call made a time out of no time.
    fn note_clock_read(
        &self,
        value: &Value,
        receiver: Option<&Val>,
        args: &[library::ArgVal],
        span: Span,
    ) {
        let timely = |v: &Value| {
            matches!(
                v,
                Value::Time(_) | Value::DateSeconds(_) | Value::Moment { .. }
            )
        };
        if timely(value)
            && !receiver.is_some_and(|r| timely(&r.value))
            && !args.iter().any(|a| timely(&a.val.value))
        {
            self.clock_reads.borrow_mut().insert(span);
        }
    }

    /// Spans of the library calls evaluated so far that read the clock.
    pub fn clock_reads(&self) -> std::collections::HashSet<Span> {
        self.clock_reads.borrow().clone()
    }

    /// A scope from `inner` up to (not including) `outer` binds `name` again.
    fn shadows(&self, inner: ScopeId, outer: ScopeId, name: &str) -> bool {
        let m = self.model;
        let mut s = Some(inner);
        while let Some(id) = s {
            if id == outer {
                return false;
            }
            let param = m
                .function_of_scope(id)
                .is_some_and(|f| m.function(f).params.iter().any(|p| p.name == name));
            if param || m.assignments_to(id, name).next().is_some() {
                return true;
            }
            s = m.scope(id).parent;
        }
        false
    }

    fn scope_within(&self, inner: ScopeId, outer: ScopeId) -> bool {
        let mut s = self.model.scope(inner).parent;
        while let Some(id) = s {
            if id == outer {
                return true;
            }
            s = self.model.scope(id).parent;
        }
        false
    }

    fn member(&self, object: ExprId, name: &str, span: Span, ctx: Ctx) -> Val {
        let m = self.model;
        match m.kind(object) {
            ExprKind::SelfRef => {
                let scope = m.expr(object).scope;
                if let Some(class) = m.enclosing_class(scope) {
                    return self.class_member(class, name, span, ctx);
                }
                return Val::unknown(span);
            }
            ExprKind::Name(n) if m.class_named(n).is_some() && !self.is_local(n, object) => {
                let class = m.class_named(n).expect("checked");
                return self.class_member(class, name, span, ctx);
            }
            _ => {}
        }
        let recv = self.eval_in(object, ctx);
        match &recv.value {
            Value::Object(o) => match o.get(name) {
                Some(e) => e.value.clone(),
                None => Val::unknown(span),
            },
            Value::Class(c) => self.class_member(*c, name, span, ctx),
            _ => {
                // Property-style library members (Carbon `->timestamp`, Ruby calls without
                // parentheses are already calls).
                let path = m.path(object);
                Val::new(
                    library::property(self.language, path.as_deref(), &recv, name, span)
                        .unwrap_or(Value::Unknown),
                    span,
                )
            }
        }
    }

    fn is_local(&self, name: &str, at: ExprId) -> bool {
        let scope = self.model.expr(at).scope;
        self.model.assignments_to(scope, name).next().is_some()
    }

    fn class_member(&self, class: ScopeId, name: &str, span: Span, ctx: Ctx) -> Val {
        let m = self.model;
        let root = root(ctx);
        if let Some(a) = m.assignments_to(class, name).last() {
            return self.eval_in(a.value, root);
        }
        let assigned: Vec<&Assignment> = m.self_member_assignments(class, name).collect();
        if let [a] = assigned.as_slice() {
            return self.eval_in(a.value, root);
        }
        if let Some(f) = self.function_in_scope(class, name) {
            return Val::new(Value::Function(f), span);
        }
        Val::unknown(span)
    }

    fn call(&self, callee: ExprId, args: &[crate::model::Arg], span: Span, ctx: Ctx) -> Val {
        let m = self.model;
        let argv = self.eval_args(args, ctx);
        let path = m.path(callee);
        match m.kind(callee) {
            ExprKind::Member { object, name } => {
                // Same-file methods: `this.helper()`, `self::helper()`, `Util.helper()`.
                let target = match m.kind(*object) {
                    ExprKind::SelfRef => m
                        .enclosing_class(m.expr(*object).scope)
                        .and_then(|c| self.function_in_scope(c, name)),
                    ExprKind::Name(n) => m
                        .class_named(n)
                        .and_then(|c| self.function_in_scope(c, name)),
                    _ => None,
                };
                if let Some(f) = target {
                    return self.apply(f, argv, span, ctx);
                }
                let recv = if matches!(m.kind(*object), ExprKind::SelfRef) {
                    Val::unknown(m.span(*object))
                } else {
                    self.eval_in(*object, ctx).at_site(m.span(*object))
                };
                if let Value::Function(f) = recv.value {
                    // `helper.call(x)`, `fn.()`: Ruby/JS calling a function value.
                    if matches!(name.as_str(), "call" | "()" | "apply") {
                        return self.apply(f, argv, span, ctx);
                    }
                }
                if let Value::Object(o) = &recv.value {
                    if let Some(Value::Function(f)) = o.get(name).map(|e| &e.value.value) {
                        return self.apply(*f, argv, span, ctx);
                    }
                }
                let site = library::CallSite {
                    language: self.language,
                    path: path.as_deref(),
                    method: name,
                    receiver: Some(&recv),
                    args: &argv,
                    span,
                };
                let value = library::call(&site).unwrap_or(Value::Unknown);
                self.note_clock_read(&value, site.receiver, &argv, span);
                Val::new(value, span)
            }
            ExprKind::Name(name) => {
                let f = self.lookup(name, m.span(callee), m.expr(callee).scope, ctx);
                if let Value::Function(fid) = f.value {
                    return self.apply(fid, argv, span, ctx);
                }
                let site = library::CallSite {
                    language: self.language,
                    path: Some(name),
                    method: name,
                    receiver: None,
                    args: &argv,
                    span,
                };
                let value = library::call(&site).unwrap_or(Value::Unknown);
                self.note_clock_read(&value, site.receiver, &argv, span);
                Val::new(value, span)
            }
            _ => {
                let f = self.eval_in(callee, ctx);
                if let Value::Function(fid) = f.value {
                    return self.apply(fid, argv, span, ctx);
                }
                Val::unknown(span)
            }
        }
    }

    /// Evaluates a same-file helper for a call with the given arguments.
    fn apply(&self, fid: FunctionId, args: Vec<library::ArgVal>, span: Span, ctx: Ctx) -> Val {
        let m = self.model;
        let f = m.function(fid);
        if ctx.depth > MAX_DEPTH / 2 || f.returns.is_empty() {
            return Val::unknown(span);
        }
        let mut positional = args.iter().filter(|a| a.name.is_none());
        let mut frame_args = Vec::new();
        for p in &f.params {
            let given = args
                .iter()
                .find(|a| a.name.as_deref() == Some(p.name.as_str()))
                .or_else(|| positional.next());
            let v = match (given, p.default) {
                (Some(a), _) => a.val.clone(),
                (None, Some(d)) => self.eval_in(d, root(ctx)),
                (None, None) => Val::unknown(span),
            };
            frame_args.push((p.name.clone(), v));
        }
        let frame = Frame {
            function: fid,
            args: frame_args,
        };
        let inner = Ctx {
            frame: Some(&frame),
            depth: ctx.depth + 1,
        };
        let results: Vec<Val> = f.returns.iter().map(|r| self.eval_in(*r, inner)).collect();
        let v = choice(results, span);
        // A time computed by a helper is the value of the call: point at the call.
        match v.value {
            Value::Time(_) | Value::Int(_) | Value::Moment { .. } => Val::new(v.value, span),
            _ => v,
        }
    }
}

/// Methods that change a date object in place (JS `setHours`, moment `add`, PHP `modify`,
/// Carbon `addHours`, Java `Calendar.add`).
fn date_mutator(name: &str) -> bool {
    name.starts_with("set")
        || name.starts_with("add")
        || name.starts_with("sub")
        || matches!(name, "modify" | "roll")
}

fn open_collections(v: Val) -> Val {
    match &v.value {
        Value::Object(o) => {
            let mut o = (**o).clone();
            o.open = true;
            Val::new(Value::Object(Rc::new(o)), v.span)
        }
        Value::Array(_) => Val::unknown(v.span),
        _ => v,
    }
}

fn root(ctx: Ctx) -> Ctx<'static> {
    Ctx {
        frame: None,
        depth: ctx.depth,
    }
}

/// One value of several; nested choices are flattened and a single value collapses to itself.
/// More than [`MAX_CHOICES`] alternatives is unknown: the analysis would otherwise grow with
/// the product of every ternary in an expression.
pub fn choice(vals: Vec<Val>, span: Span) -> Val {
    let mut flat: Vec<Val> = Vec::new();
    for v in vals {
        match &v.value {
            Value::Choice(inner) => flat.extend(inner.iter().cloned()),
            _ => flat.push(v),
        }
        if flat.len() > MAX_CHOICES {
            return Val::unknown(span);
        }
    }
    if flat.len() == 1 {
        return flat.pop().expect("one");
    }
    if flat.is_empty() || flat.iter().all(|v| v.is_unknown()) {
        return Val::unknown(span);
    }
    Val::new(Value::Choice(flat.into()), span)
}

trait OrConcat {
    fn or_concat(self, op: BinOp, l: Val, r: Val, span: Span) -> Val;
}

impl OrConcat for Val {
    /// `+` on text is concatenation.
    fn or_concat(self, op: BinOp, l: Val, r: Val, span: Span) -> Val {
        if op == BinOp::Add && self.is_unknown() && (l.is_stringy() || r.is_stringy()) {
            return library::concat(vec![l, r], span);
        }
        self
    }
}
