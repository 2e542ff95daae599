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
    Assignment, BinOp, CastKind, Entry, ExprId, ExprKind, FileId, FunctionId, Key, Language, Model,
    Part, ScopeId, ScopeKind, Span, UnOp,
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

/// The names of a class's constructor, beside the class's own name (Java, PHP 4).
const CONSTRUCTORS: [&str; 4] = ["constructor", "__init__", "initialize", "__construct"];

/// A call frame: the parameter values of a helper being evaluated for a call, and for a method
/// called on an instance of a project class, that instance (`this`).
struct Frame {
    file: FileId,
    function: FunctionId,
    args: Vec<(String, Val)>,
    this: Option<Rc<Obj>>,
}

impl Frame {
    fn is(&self, m: &Model, function: FunctionId) -> bool {
        self.file == m.file && self.function == function
    }

    /// The instance `this` is at `at` (a `this` of the method the frame evaluates, or of a
    /// function inside it), when the frame has one.
    fn this_at(&self, m: &Model, at: ExprId) -> Option<&Rc<Obj>> {
        self.this_in(m, m.enclosing_class(m.expr(at).scope)?)
    }

    /// The instance the frame's method is called on, when its class is `class` of `m`.
    fn this_in(&self, m: &Model, class: ScopeId) -> Option<&Rc<Obj>> {
        let this = self.this.as_ref()?;
        if self.file != m.file {
            return None;
        }
        let method = m.function(self.function).scope;
        (m.enclosing_class(method) == Some(class)).then_some(this)
    }
}

/// Where an expression is evaluated: the model of its file, the call frame of the helper it is
/// in (if it is evaluated for a call), and how deep the evaluation is.
#[derive(Clone, Copy)]
struct Ctx<'f> {
    m: &'f Model,
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
    /// `jwt.sign(new MACSigner(secret))` on an unsigned JWT (nimbus `SignedJWT`): the variable
    /// holds the signed token afterwards.
    Sign {
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
            | Mutation::Feed { at, .. }
            | Mutation::Sign { at, .. } => *at,
        }
    }
}

/// Mutations by variable name, with the scope they are written in (one file's).
type Mutations = HashMap<String, Vec<(ScopeId, Mutation)>>;

pub struct Evaluator<'m> {
    /// The model of the file being analysed.
    pub model: &'m Model,
    pub language: Language,
    /// The other files of the project, reached through imports.
    workspace: &'m dyn Workspace,
    cache: RefCell<HashMap<(FileId, ExprId), Val>>,
    /// Each file's mutations, indexed when the file is first evaluated.
    mutations: RefCell<HashMap<FileId, Rc<Mutations>>>,
    in_progress: RefCell<Vec<(FileId, ExprId)>>,
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
    /// Environment reads (`process.env.X`, `import.meta.env.X`) evaluated, by span: the name.
    env_reads: RefCell<HashMap<Span, String>>,
    /// The files other than the analysed one whose code the evaluation read.
    visited: RefCell<std::collections::BTreeSet<FileId>>,
    /// Calls of the Web SDK's own signing helpers evaluated and not yet taken
    /// ([`Evaluator::take_web_sdk_signings`]).
    web_sdk_signings: RefCell<Vec<WebSdkSigning>>,
}

/// A call of the Web SDK's browser helpers that sign with the secret in their options (SPEC
/// §5): `ZoomMtg.generateSignature({ apiKey, apiSecret, … })` makes a legacy signature,
/// `ZoomMtg.generateSDKSignature({ sdkKey, sdkSecret, … })` (Web SDK 2.3+) a Meeting SDK JWT.
/// Recorded wherever it is evaluated, also inside a helper evaluated for a caller (an Angular
/// component calling its service), whatever becomes of the signature afterwards (an
/// `Observable`, a callback): the options are then the caller's.
#[derive(Clone, Debug)]
pub struct WebSdkSigning {
    /// The helper call.
    pub span: Span,
    pub legacy: bool,
    /// The options argument.
    pub options: Option<Val>,
}

impl<'m> Evaluator<'m> {
    /// An evaluator of one file alone: imports of other files are unknown.
    pub fn new(model: &'m Model) -> Evaluator<'m> {
        Evaluator::with_workspace(model, &NoWorkspace)
    }

    /// An evaluator of `model` that follows imports into the files of `workspace`.
    pub fn with_workspace(model: &'m Model, workspace: &'m dyn Workspace) -> Evaluator<'m> {
        Evaluator {
            model,
            language: model.language,
            workspace,
            cache: RefCell::new(HashMap::new()),
            mutations: RefCell::new(HashMap::new()),
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
            env_reads: RefCell::default(),
            visited: RefCell::default(),
            web_sdk_signings: RefCell::default(),
        }
    }

    /// The mutations of the file of `m`, indexed on first use.
    fn mutations_of(&self, m: &Model) -> Rc<Mutations> {
        if let Some(x) = self.mutations.borrow().get(&m.file) {
            return x.clone();
        }
        let x = Rc::new(index_mutations(m));
        self.mutations.borrow_mut().insert(m.file, x.clone());
        x
    }
}

fn index_mutations(m: &Model) -> Mutations {
    {
        let mut muts: Mutations = HashMap::new();
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
                ("sign", [k]) => Mutation::Sign { arg: k.value, at },
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
        muts
    }
}

impl<'m> Evaluator<'m> {
    /// Evaluates an expression in its own context (no call frame).
    pub fn eval(&self, id: ExprId) -> Val {
        self.eval_in(id, self.home())
    }

    /// What the methods of an instance of a project class return when called on it with no
    /// arguments seen (`new TenantSigner(secret)` whose `sign(mn)` signs with `this.secret`):
    /// an instance built with a literal secret signs with it whoever calls it later. The
    /// constructor is not among them.
    pub fn instance_methods(&self, v: &Val) -> Vec<Val> {
        let Value::Object(o) = &v.value else {
            return Vec::new();
        };
        let Some((file, class)) = o.class else {
            return Vec::new();
        };
        let mut out = Vec::new();
        self.in_file(file, self.home(), |ctx| {
            let m = ctx.m;
            let class_name = m.scope(class).name.clone().unwrap_or_default();
            let methods: Vec<FunctionId> = (0..m.functions.len() as u32)
                .map(FunctionId)
                .filter(|f| {
                    let func = m.function(*f);
                    m.scope(func.scope).parent == Some(class)
                        && !func.name.is_empty()
                        && func.name != class_name
                        && !CONSTRUCTORS.contains(&func.name.as_str())
                })
                .collect();
            for f in methods {
                if self.budget_exhausted() {
                    break;
                }
                out.push(self.apply_with(f, Some(o.clone()), Vec::new(), v.span, ctx));
            }
            Val::unknown(v.span)
        });
        out
    }

    fn home(&self) -> Ctx<'m> {
        Ctx {
            m: self.model,
            frame: None,
            depth: 0,
        }
    }

    /// The files other than the analysed one whose code the evaluation read so far.
    pub fn visited(&self) -> Vec<FileId> {
        self.visited.borrow().iter().copied().collect()
    }

    /// Evaluates the value of `name` as seen at the end of `scope` (after all its mutations).
    pub fn eval_binding_at_end(&self, assignment: &Assignment) -> Val {
        let ExprKind::Name(name) = self.model.kind(assignment.target) else {
            return self.eval(assignment.value);
        };
        let root = self.home();
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
        let span = ctx.m.span(id);
        let key = (ctx.m.file, id);
        if ctx.depth > MAX_DEPTH || self.budget_exhausted() {
            return Val::unknown(span);
        }
        let cacheable = ctx.frame.is_none();
        if cacheable {
            if let Some(v) = self.cache.borrow().get(&key) {
                return v.clone();
            }
            if self.in_progress.borrow().contains(&key) {
                // A cycle (`x = x + 1` resolved to itself, modules importing each other): unknown.
                return Val::unknown(span);
            }
            self.in_progress.borrow_mut().push(key);
        }
        let ctx2 = Ctx {
            depth: ctx.depth + 1,
            ..ctx
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
            self.in_progress.borrow_mut().retain(|x| *x != key);
            // A value cut short by a budget is not the expression's value: do not keep it.
            if self.exhausted.get() == exhausted_before {
                self.cache.borrow_mut().insert(key, v.clone());
            }
        }
        v
    }

    fn eval_kind(&self, id: ExprId, span: Span, ctx: Ctx) -> Val {
        let m = ctx.m;
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
            ExprKind::Lambda { function } => Value::Function(m.file, *function),
            ExprKind::Import { spec, kind } => return self.import(*spec, *kind, span, ctx),
            ExprKind::Name(name) => {
                let v = self.lookup(name, span, m.expr(id).scope, ctx);
                // Ruby: a bare name of a zero-argument method is a call of it.
                if m.language == crate::model::Language::Ruby {
                    if let Value::Function(file, f) = v.value {
                        return self.in_file(file, ctx, |fctx| {
                            if fctx
                                .m
                                .function(f)
                                .params
                                .iter()
                                .all(|p| p.default.is_some())
                            {
                                self.apply(f, Vec::new(), span, fctx)
                            } else {
                                v.clone()
                            }
                        });
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
                if let Some(v) = self.promise_value(*class, args, span, ctx) {
                    return v;
                }
                let args = self.eval_args(args, ctx);
                // A class of the project: an object of its fields.
                if let Value::Class(file, scope) = self.eval_in(*class, ctx).value {
                    return self
                        .in_file(file, ctx, |fctx| self.instantiate(scope, args, span, fctx));
                }
                let path = m.path(*class).unwrap_or_default();
                let qualified = self.qualified_path(*class, m);
                let value =
                    library::construct(m.language, &path, qualified.as_deref(), &args, span)
                        .unwrap_or(Value::Unknown);
                self.note_clock_read(&value, None, &args, span);
                value
            }
            ExprKind::Binary { op, left, right } => {
                let l = self.eval_in(*left, ctx).at_site(m.span(*left));
                let r = self.eval_in(*right, ctx).at_site(m.span(*right));
                return self.binary(m.language, *op, l, r, span);
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
                    (UnOp::Plus, _) => library::to_number(m.language, &v).unwrap_or(Value::Unknown),
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
                    class: None,
                    entries: Vec::new(),
                    open: true,
                    span,
                }))
            }
            ExprKind::Array { items } if items.len() > MAX_PARTS => Value::Unknown,
            ExprKind::Object { entries } => {
                let mut obj = Obj {
                    class: None,
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
                val: self.eval_in(a.value, ctx).at_site(ctx.m.span(a.value)),
            })
            .collect();
        // Ruby passes `f(a: 1, b: 2)` as keywords or, to a method taking a hash, as one hash:
        // the named arguments are also offered as a trailing positional hash.
        if ctx.m.language == crate::model::Language::Ruby {
            let named: Vec<&library::ArgVal> = out
                .iter()
                .filter(|a| a.name.as_deref().is_some_and(|n| !n.starts_with('*')))
                .collect();
            if let (Some(first), Some(last)) = (named.first(), named.last()) {
                let span = Span::new(first.val.site.start, last.val.site.end);
                let mut obj = Obj {
                    class: None,
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

    fn binary(&self, language: Language, op: BinOp, l: Val, r: Val, span: Span) -> Val {
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
                .map(|x| self.binary(language, op, x.clone(), r.clone(), x.span))
                .collect();
            return choice(vs, span);
        }
        if let Value::Choice(rs) = &r.value {
            let vs = rs
                .iter()
                .map(|x| self.binary(language, op, l.clone(), x.clone(), x.span))
                .collect();
            return choice(vs, span);
        }
        match op {
            BinOp::Or => {
                // JS, PHP and Python treat 0 and "" as false too; Ruby only nil and false.
                let ruby = language == crate::model::Language::Ruby;
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
        // An epoch time plus or minus the zone offset (`Date.now() - offset * 60000`): the
        // same "now", off by the server's UTC offset.
        if matches!(op, BinOp::Add | BinOp::Sub) {
            // (`source` is the epoch operand: what the expression is without the offset.)
            let skew = |kept: &Val| {
                Some(Skew {
                    kind: SkewKind::OffsetApplied,
                    at: span,
                    source: Some(kept.site),
                })
            };
            match (&l.value, &r.value) {
                (Value::Time(_) | Value::Moment { .. }, Value::ZoneOffset { .. }) => {
                    return Val::new(l.value.clone().with_skew(skew(&l)), span);
                }
                (Value::ZoneOffset { .. }, Value::Time(_) | Value::Moment { .. })
                    if op == BinOp::Add =>
                {
                    return Val::new(r.value.clone().with_skew(skew(&r)), span);
                }
                _ => {}
            }
        }
        Val::new(
            library::arithmetic(language, op, &l, &r).unwrap_or(Value::Unknown),
            span,
        )
        .or_concat(op, l, r, span)
    }

    /// Resolves a name at `span` in `scope`.
    fn lookup(&self, name: &str, span: Span, scope: ScopeId, ctx: Ctx) -> Val {
        let m = ctx.m;
        let mut s = Some(scope);
        // Inside a helper call, names of the helper's own scopes see its frame.
        let mut in_frame = ctx.frame.is_some();
        while let Some(sid) = s {
            let sc = m.scope(sid);
            let sctx = if in_frame { ctx } else { root(ctx) };
            // A field named bare in a method called on an instance (Java `secret` for
            // `this.secret`): the instance's value, which its constructor may have set.
            if sc.kind == ScopeKind::Class {
                if let Some(e) = ctx
                    .frame
                    .and_then(|f| f.this_in(m, sid))
                    .and_then(|this| this.get(name))
                {
                    return e.value.clone();
                }
            }
            if let Some(a) = m.assignment_seen_at(sid, name, span) {
                let v = self.eval_in(a.value, sctx);
                return self.apply_mutations(v, name, sid, a.span, Some(span), sctx);
            }
            if let Some(fid) = m.function_of_scope(sid) {
                let f = m.function(fid);
                if let Some(p) = f.params.iter().find(|p| p.name == name) {
                    if let Some(frame) = ctx.frame.filter(|fr| fr.is(m, fid)) {
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
                if ctx.frame.is_some_and(|fr| fr.is(m, fid)) {
                    in_frame = false;
                }
            }
            // A class's own name inside it is the class, not its Java/PHP-4 style constructor.
            if sc.kind == ScopeKind::Class && sc.name.as_deref() == Some(name) {
                return Val::new(Value::Class(m.file, sid), span);
            }
            if let Some(f) = function_in_scope(m, sid, name) {
                return Val::new(Value::Function(m.file, f), span);
            }
            s = sc.parent;
        }
        if let Some(class) = m.class_named(name) {
            return Val::new(Value::Class(m.file, class), span);
        }
        // Ruby: a bare identifier may be a call of a zero-argument method.
        if m.language == crate::model::Language::Ruby {
            if let Some(f) = m
                .functions_named(name)
                .find(|f| m.function(*f).params.is_empty())
            {
                return self.apply(f, Vec::new(), span, ctx);
            }
        }
        self.lookup_elsewhere(name, span, ctx)
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
        let m = ctx.m;
        let is_collection = matches!(v.value, Value::Object(_) | Value::Array(_));
        let is_hmac = matches!(v.value, Value::HmacState(_));
        let is_date = matches!(v.value, Value::Moment { .. });
        let is_jwt = matches!(v.value, Value::JwtBuilder(_));
        if !is_collection && !is_hmac && !is_date && !is_jwt {
            return v;
        }
        let mutations = self.mutations_of(m);
        let Some(list) = mutations.get(name) else {
            return v;
        };
        // Only mutations between the definition and the use (or the end of the defining scope)
        // count; the list is sorted by position, so find that window by binary search.
        let until = use_at.map_or(m.scope(scope).span.end, |u| u.end);
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
                *s == scope || (scope_within(m, *s, scope) && !shadows(m, *s, scope, name));
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
            if found.iter().any(|mu| matches!(mu, Mutation::Reset { .. }))
                && !immutable_date(m, def)
            {
                return Val::unknown(v.span);
            }
            return v;
        }
        if let Value::JwtBuilder(b) = &v.value {
            // Signed in place (nimbus `jwt.sign(signer)`): the last signing wins.
            return match found.iter().rev().find_map(|mu| match mu {
                Mutation::Sign { arg, at } => Some((*arg, *at)),
                _ => None,
            }) {
                Some((arg, at)) => {
                    let key = self.eval_in(arg, ctx).at_site(m.span(arg));
                    let signed = library::sign_builder(m.language, b, &[&key], at);
                    Val::new(signed, at)
                }
                None => v,
            };
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
                class: None,
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
                Mutation::Feed { .. }
                | Mutation::Push { .. }
                | Mutation::Reset { .. }
                | Mutation::Sign { .. } => {}
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

    /// The environment reads evaluated so far (`process.env.X`), by span.
    pub fn env_reads(&self) -> HashMap<Span, String> {
        self.env_reads.borrow().clone()
    }

    /// Spans of the library calls evaluated so far that read the clock.
    pub fn clock_reads(&self) -> std::collections::HashSet<Span> {
        self.clock_reads.borrow().clone()
    }

    /// The Web SDK signing helper calls evaluated since the last take.
    pub fn take_web_sdk_signings(&self) -> Vec<WebSdkSigning> {
        std::mem::take(&mut self.web_sdk_signings.borrow_mut())
    }
}

/// A scope from `inner` up to (not including) `outer` binds `name` again.
fn shadows(m: &Model, inner: ScopeId, outer: ScopeId, name: &str) -> bool {
    {
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
}

fn scope_within(m: &Model, inner: ScopeId, outer: ScopeId) -> bool {
    let mut s = m.scope(inner).parent;
    while let Some(id) = s {
        if id == outer {
            return true;
        }
        s = m.scope(id).parent;
    }
    false
}

fn function_in_scope(m: &Model, scope: ScopeId, name: &str) -> Option<FunctionId> {
    m.functions_named(name)
        .find(|f| m.scope(m.function(*f).scope).parent == Some(scope))
}

/// The `this` that the name at `at` holds: `const self = this` (`var _this = this`, `vm`…),
/// the assignment reaching `at` in the nearest scope that binds the name.
fn self_alias(m: &Model, at: ExprId, name: &str) -> Option<ExprId> {
    let span = m.span(at);
    let mut s = Some(m.expr(at).scope);
    while let Some(sid) = s {
        if let Some(a) = m.assignment_seen_at(sid, name, span) {
            return matches!(m.kind(a.value), ExprKind::SelfRef).then_some(a.value);
        }
        let param = m
            .function_of_scope(sid)
            .is_some_and(|f| m.function(f).params.iter().any(|p| p.name == name));
        if param {
            return None;
        }
        s = m.scope(sid).parent;
    }
    None
}

fn is_local(m: &Model, name: &str, at: ExprId) -> bool {
    let scope = m.expr(at).scope;
    m.assignments_to(scope, name).next().is_some()
}

impl<'m> Evaluator<'m> {
    fn member(&self, object: ExprId, name: &str, span: Span, ctx: Ctx) -> Val {
        let m = ctx.m;
        match m.kind(object) {
            ExprKind::SelfRef => {
                // A method called on an instance: the instance's field.
                if let Some(this) = ctx.frame.and_then(|f| f.this_at(m, object)) {
                    if let Some(e) = this.get(name) {
                        return e.value.clone();
                    }
                }
                let scope = m.expr(object).scope;
                if let Some(class) = m.enclosing_class(scope) {
                    return self.class_member(class, name, span, ctx);
                }
                if m.language.is_javascript() {
                    return self.component_member(name, span, ctx);
                }
                return Val::unknown(span);
            }
            ExprKind::Name(n) if m.class_named(n).is_some() && !is_local(m, n, object) => {
                let class = m.class_named(n).expect("checked");
                return self.class_member(class, name, span, ctx);
            }
            // `var _this = this; … _this.meetConfig`: a member of what `this` was there.
            ExprKind::Name(n) if m.language.is_javascript() => {
                if let Some(this) = self_alias(m, object, n) {
                    return self.member(this, name, span, ctx);
                }
            }
            _ => {}
        }
        let recv = self.eval_in(object, ctx);
        match &recv.value {
            Value::Object(o) => match o.get(name) {
                Some(e) => e.value.clone(),
                None => Val::unknown(span),
            },
            Value::Class(file, c) => {
                let c = *c;
                self.in_file(*file, ctx, |fctx| self.class_member(c, name, span, fctx))
            }
            Value::Module(file) => self.module_member(*file, name, span, ctx),
            // `document.getElementById('apiSecret').value`: the page's hidden input.
            _ if name == "value" && hidden_input(m, object).is_some() => {
                let h = hidden_input(m, object).expect("checked");
                match &h.literal {
                    Some(text) => Val::new(Value::Str(text.clone()), h.value),
                    None => Val::unknown(h.value),
                }
            }
            _ => {
                // Property-style library members (Carbon `->timestamp`, Ruby calls without
                // parentheses are already calls).
                let path = m.path(object);
                if m.language.is_javascript()
                    && matches!(path.as_deref(), Some("process.env" | "import.meta.env"))
                {
                    self.env_reads.borrow_mut().insert(span, name.to_string());
                }
                Val::new(
                    library::property(m.language, path.as_deref(), &recv, name, span)
                        .unwrap_or(Value::Unknown),
                    span,
                )
            }
        }
    }

    fn class_member(&self, class: ScopeId, name: &str, span: Span, ctx: Ctx) -> Val {
        let m = ctx.m;
        let root = root(ctx);
        if let Some(a) = m.assignments_to(class, name).last() {
            return self.eval_in(a.value, root);
        }
        let assigned: Vec<&Assignment> = m.self_member_assignments(class, name).collect();
        if let [a] = assigned.as_slice() {
            return self.eval_in(a.value, root);
        }
        if let Some(f) = function_in_scope(m, class, name) {
            return Val::new(Value::Function(m.file, f), span);
        }
        self.parent_member(class, name, span, ctx)
    }

    /// A member `name` a class inherits: the first of its parents (`extends`, `<`, Python
    /// bases) that has it, in whatever file the parent is.
    fn parent_member(&self, class: ScopeId, name: &str, span: Span, ctx: Ctx) -> Val {
        let m = ctx.m;
        let up = Ctx {
            depth: ctx.depth + 1,
            ..root(ctx)
        };
        if up.depth > MAX_DEPTH || self.budget_exhausted() {
            return Val::unknown(span);
        }
        for (_, p) in m.class_parents.iter().filter(|(c, _)| *c == class) {
            if let Value::Class(file, parent) = self.eval_in(*p, up).value {
                let v = self.in_file(file, up, |fctx| self.class_member(parent, name, span, fctx));
                if !v.is_unknown() {
                    return v;
                }
            }
        }
        Val::unknown(span)
    }

    fn call(&self, callee: ExprId, args: &[crate::model::Arg], span: Span, ctx: Ctx) -> Val {
        let m = ctx.m;
        let argv = self.eval_args(args, ctx);
        let path = m.path(callee);
        match m.kind(callee) {
            ExprKind::Member { object, name } => {
                // Same-file methods: `this.helper()`, `self::helper()`, `Util.helper()`.
                let target = match m.kind(*object) {
                    ExprKind::SelfRef => m
                        .enclosing_class(m.expr(*object).scope)
                        .and_then(|c| function_in_scope(m, c, name)),
                    ExprKind::Name(n) => {
                        m.class_named(n).and_then(|c| function_in_scope(m, c, name))
                    }
                    _ => None,
                };
                if let Some(f) = target {
                    // `this.helper()` in a method called on an instance: the same instance.
                    let this = match m.kind(*object) {
                        ExprKind::SelfRef => ctx.frame.and_then(|fr| fr.this_at(m, *object)),
                        _ => None,
                    };
                    return self.apply_with(f, this.cloned(), argv, span, ctx);
                }
                // A method the class inherits (`$this->issuedAt()` of a parent class).
                if let ExprKind::SelfRef = m.kind(*object) {
                    if let Some(class) = m.enclosing_class(m.expr(*object).scope) {
                        if let Value::Function(file, f) =
                            self.parent_member(class, name, span, ctx).value
                        {
                            return self.apply_in(file, f, argv, span, ctx);
                        }
                    }
                }
                let recv = if matches!(m.kind(*object), ExprKind::SelfRef) {
                    Val::unknown(m.span(*object))
                } else {
                    self.eval_in(*object, ctx).at_site(m.span(*object))
                };
                if let Value::Function(file, f) = recv.value {
                    // `helper.call(x)`, `fn.()`: Ruby/JS calling a function value.
                    if matches!(name.as_str(), "call" | "()" | "apply") {
                        return self.apply_in(file, f, argv, span, ctx);
                    }
                }
                if let Value::Object(o) = &recv.value {
                    if let Some(Value::Function(file, f)) = o.get(name).map(|e| &e.value.value) {
                        return self.apply_in(*file, *f, argv, span, ctx);
                    }
                    // A method of an instance of a project class (`signer.sign(mn, role)`),
                    // with the instance as `this`.
                    if let Some((file, class)) = o.class {
                        let method = self.in_file(file, ctx, |fctx| {
                            match function_in_scope(fctx.m, class, name) {
                                Some(f) => Val::new(Value::Function(file, f), span),
                                None => self.parent_member(class, name, span, fctx),
                            }
                        });
                        if let Value::Function(file, f) = method.value {
                            let this = Some(o.clone());
                            return self.in_file(file, ctx, |fctx| {
                                self.apply_with(f, this, argv, span, fctx)
                            });
                        }
                    }
                }
                // A function or class of another module (`utils.sign(…)`, `Config::secret()`).
                let method = match &recv.value {
                    Value::Module(file) => Some(self.module_member(*file, name, span, ctx)),
                    Value::Class(file, c) => {
                        let c = *c;
                        Some(
                            self.in_file(*file, ctx, |fctx| self.class_member(c, name, span, fctx)),
                        )
                    }
                    _ => None,
                };
                if let Some(Value::Function(file, f)) = method.as_ref().map(|v| &v.value) {
                    return self.apply_in(*file, *f, argv, span, ctx);
                }
                if let Some(Value::Class(file, c)) = method.as_ref().map(|v| &v.value) {
                    let c = *c;
                    return self.in_file(*file, ctx, |fctx| self.instantiate(c, argv, span, fctx));
                }
                if m.language.is_javascript() {
                    let p = path.as_deref().unwrap_or_default();
                    let legacy = p.ends_with("ZoomMtg.generateSignature");
                    if legacy || p.ends_with("ZoomMtg.generateSDKSignature") {
                        self.web_sdk_signings.borrow_mut().push(WebSdkSigning {
                            span,
                            legacy,
                            options: argv
                                .iter()
                                .find(|a| a.name.is_none())
                                .map(|a| a.val.clone()),
                        });
                    }
                }
                let qualified = self.qualified_path(callee, m);
                let site = library::CallSite {
                    language: m.language,
                    path: path.as_deref(),
                    method: name,
                    receiver: Some(&recv),
                    args: &argv,
                    span,
                    qualified: qualified.as_deref(),
                };
                let value = library::call(&site).unwrap_or(Value::Unknown);
                self.note_clock_read(&value, site.receiver, &argv, span);
                let given = std::iter::once(&recv).chain(argv.iter().map(|a| &a.val));
                unchanged_text(value, given, span)
            }
            ExprKind::Name(name) => {
                // PHP functions and variables live apart: `time()` is no `$time`.
                let f = if m.language == Language::Php {
                    match m
                        .functions_named(name)
                        .find(|f| !m.function(*f).name.is_empty())
                    {
                        Some(f) => Val::new(Value::Function(m.file, f), span),
                        None => self.lookup_elsewhere(name, span, ctx),
                    }
                } else {
                    self.lookup(name, m.span(callee), m.expr(callee).scope, ctx)
                };
                match f.value {
                    Value::Function(file, fid) => return self.apply_in(file, fid, argv, span, ctx),
                    // Python `Settings()`: an instance.
                    Value::Class(file, c) => {
                        return self
                            .in_file(file, ctx, |fctx| self.instantiate(c, argv, span, fctx))
                    }
                    _ => {}
                }
                if m.language == Language::Php && name == "config" {
                    if let Some(v) = self.framework_config(&argv, span, ctx) {
                        return v;
                    }
                }
                let qualified = self.qualified_path(callee, m);
                let site = library::CallSite {
                    language: m.language,
                    path: Some(name),
                    method: name,
                    receiver: None,
                    args: &argv,
                    span,
                    qualified: qualified.as_deref(),
                };
                let value = library::call(&site).unwrap_or(Value::Unknown);
                self.note_clock_read(&value, site.receiver, &argv, span);
                unchanged_text(value, argv.iter().map(|a| &a.val), span)
            }
            _ => {
                let f = self.eval_in(callee, ctx);
                if let Value::Function(file, fid) = f.value {
                    return self.apply_in(file, fid, argv, span, ctx);
                }
                Val::unknown(span)
            }
        }
    }

    /// Evaluates a helper of `file` for a call with the given arguments.
    fn apply_in(
        &self,
        file: FileId,
        fid: FunctionId,
        args: Vec<library::ArgVal>,
        span: Span,
        ctx: Ctx,
    ) -> Val {
        self.in_file(file, ctx, |fctx| self.apply(fid, args, span, fctx))
    }

    /// `new Promise((resolve, reject) => { …; resolve(x) })`: what the executor hands to
    /// `resolve` is the promise's value to the caller's `await` or `.then` (a helper that signs
    /// inside its executor, as older Web SDK samples do). The `x`s are evaluated where they are
    /// written, with the frame of the function around the executor (its parameters are the
    /// caller's arguments). `None` when it is no such promise.
    fn promise_value(
        &self,
        class: ExprId,
        args: &[crate::model::Arg],
        span: Span,
        ctx: Ctx,
    ) -> Option<Val> {
        let m = ctx.m;
        if !m.language.is_javascript() || m.path(class).as_deref() != Some("Promise") {
            return None;
        }
        let executor = args.first()?.value;
        let ExprKind::Lambda { function } = m.kind(executor) else {
            return None;
        };
        let f = m.function(*function);
        let resolve = f.params.first()?.name.as_str();
        let within = |at: Span| at.start >= f.span.start && at.end <= f.span.end;
        // The executor's body is lowered before the lambda that wraps it: its expressions are
        // the ones just before it, back to the first that lies outside the executor.
        let resolved: Vec<Val> = (0..executor.0)
            .rev()
            .map(ExprId)
            .take_while(|id| within(m.span(*id)))
            .filter_map(|id| {
                let ExprKind::Call { callee, args } = m.kind(id) else {
                    return None;
                };
                let called = matches!(m.kind(*callee), ExprKind::Name(n) if n == resolve);
                called.then(|| args.first().map(|a| a.value))?
            })
            .map(|x| self.eval_in(x, ctx))
            .collect();
        Some(choice(resolved, span))
    }

    /// Evaluates a helper of the file of `ctx` for a call with the given arguments.
    fn apply(&self, fid: FunctionId, args: Vec<library::ArgVal>, span: Span, ctx: Ctx) -> Val {
        self.apply_with(fid, None, args, span, ctx)
    }

    /// [`Self::apply`] for a method called on an instance (`this`), or for a plain call.
    fn apply_with(
        &self,
        fid: FunctionId,
        this: Option<Rc<Obj>>,
        args: Vec<library::ArgVal>,
        span: Span,
        ctx: Ctx,
    ) -> Val {
        let m = ctx.m;
        let f = m.function(fid);
        if ctx.depth > MAX_DEPTH / 2 || f.returns.is_empty() {
            return Val::unknown(span);
        }
        let mut positional = args.iter().filter(|a| a.name.is_none());
        let mut frame_args = Vec::new();
        let mut params = f.params.iter().peekable();
        // Python's method called on an instance: `self` is the instance, no argument.
        if let (Some(this), Language::Python) = (&this, m.language) {
            if let Some(p) = params.next_if(|p| p.name == "self") {
                let obj = Val::new(Value::Object(this.clone()), span);
                frame_args.push((p.name.clone(), obj));
            }
        }
        for p in params {
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
            file: m.file,
            function: fid,
            args: frame_args,
            this,
        };
        let inner = Ctx {
            m,
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

/// The value of a library call at `span` that hands back a text it was given, unchanged
/// (`secret.toString()`, `String(secret)`, `Promise.resolve(secret)`): still the text where it
/// was written, so that a literal secret is reported at the literal.
fn unchanged_text<'a>(value: Value, given: impl IntoIterator<Item = &'a Val>, span: Span) -> Val {
    if let Value::Str(s) = &value {
        if let Some(origin) = given.into_iter().find(|v| v.as_str() == Some(s.as_str())) {
            return Val {
                value,
                span: origin.span,
                site: span,
            };
        }
    }
    Val::new(value, span)
}

/// The assignment at `def` makes an immutable date (PHP `new DateTimeImmutable()`,
/// `CarbonImmutable::now()`, `date_create_immutable()`, `->toImmutable()`): its `modify` and
/// `add…` methods return a new date and leave the variable as it was.
fn immutable_date(m: &Model, def: Span) -> bool {
    let Some(a) = m.assignments.iter().find(|a| a.span == def) else {
        return false;
    };
    let path = match m.kind(a.value) {
        ExprKind::New { class, .. } => m.path(*class),
        ExprKind::Call { callee, .. } => m.path(*callee).or_else(|| match m.kind(*callee) {
            ExprKind::Member { name, .. } => Some(name.clone()),
            _ => None,
        }),
        _ => None,
    };
    m.language == Language::Php
        && path.is_some_and(|p| {
            let p = p.to_ascii_lowercase();
            p.contains("immutable")
        })
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

fn root(ctx: Ctx) -> Ctx {
    Ctx {
        m: ctx.m,
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

/// The other files of a project, as the evaluator reaches them through imports. The engine
/// implements it (reading and lowering files on first use); [`NoWorkspace`] is one file alone.
pub trait Workspace {
    /// The model of `file`, when siglint read and lowered it.
    fn model(&self, file: FileId) -> Option<std::sync::Arc<Model>>;
    /// The file an import in `from` names (`./config`, `app.core.config`, `App\Config\Zoom`),
    /// when it is a file of the project siglint reads.
    fn resolve(&self, from: FileId, spec: &str, kind: crate::model::ImportKind) -> Option<FileId>;
    /// A file that defines the global name `name` used in `from`: a Ruby constant (Rails's
    /// autoload by file name), a PHP class of the file's namespace, a Java class of its package.
    fn define(&self, from: FileId, name: &str) -> Option<FileId>;
    /// The module `name` inside the package whose `__init__.py` is `package` (Python).
    fn submodule(&self, package: FileId, name: &str) -> Option<FileId>;
    /// The directory of `file`, as PHP's `__DIR__` gives it.
    fn dir(&self, file: FileId) -> Option<String>;
    /// A framework's configuration file named `name`, as `from` reads it: Laravel's
    /// `config/<name>.php` of the application `from` is in.
    fn config_file(&self, from: FileId, name: &str) -> Option<FileId>;
    /// The text of `file`.
    fn text(&self, file: FileId) -> Option<std::sync::Arc<str>>;
    /// Which Zoom SDKs the project declares as dependencies (`package.json`); unknown
    /// (`None`) for one file alone.
    fn sdk_use(&self, _from: FileId) -> Option<SdkUse> {
        None
    }
}

/// The Zoom SDKs a project depends on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SdkUse {
    /// The Meeting SDK (`@zoom/meetingsdk`, `@zoomus/websdk`).
    pub meeting: bool,
    /// The Video SDK (`@zoom/videosdk`).
    pub video: bool,
}

/// One file alone: every import is unknown.
pub struct NoWorkspace;

/// One file alone with a second model of its own text (a PHP view's PHP, for its page script).
pub struct SideModel {
    pub model: Option<std::sync::Arc<Model>>,
    pub text: std::sync::Arc<str>,
}

impl Workspace for SideModel {
    fn model(&self, file: FileId) -> Option<std::sync::Arc<Model>> {
        self.model.clone().filter(|m| m.file == file)
    }
    fn resolve(&self, _: FileId, _: &str, _: crate::model::ImportKind) -> Option<FileId> {
        None
    }
    fn define(&self, _: FileId, _: &str) -> Option<FileId> {
        None
    }
    fn submodule(&self, _: FileId, _: &str) -> Option<FileId> {
        None
    }
    fn dir(&self, _: FileId) -> Option<String> {
        None
    }
    fn config_file(&self, _: FileId, _: &str) -> Option<FileId> {
        None
    }
    fn text(&self, file: FileId) -> Option<std::sync::Arc<str>> {
        self.model
            .as_ref()
            .filter(|m| m.file == file)
            .map(|_| self.text.clone())
    }
}

impl Workspace for NoWorkspace {
    fn model(&self, _: FileId) -> Option<std::sync::Arc<Model>> {
        None
    }
    fn resolve(&self, _: FileId, _: &str, _: crate::model::ImportKind) -> Option<FileId> {
        None
    }
    fn define(&self, _: FileId, _: &str) -> Option<FileId> {
        None
    }
    fn submodule(&self, _: FileId, _: &str) -> Option<FileId> {
        None
    }
    fn dir(&self, _: FileId) -> Option<String> {
        None
    }
    fn config_file(&self, _: FileId, _: &str) -> Option<FileId> {
        None
    }
    fn text(&self, _: FileId) -> Option<std::sync::Arc<str>> {
        None
    }
}

impl<'m> Evaluator<'m> {
    /// Runs `f` in the file `file`: the same context when it is the file of `ctx`, else the
    /// model of that file (no call frame; one level deeper). Unknown when the file is not read.
    fn in_file(&self, file: FileId, ctx: Ctx, f: impl FnOnce(Ctx) -> Val) -> Val {
        if file == ctx.m.file {
            return f(ctx);
        }
        if file == self.model.file {
            return f(Ctx {
                m: self.model,
                frame: None,
                depth: ctx.depth + 1,
            });
        }
        let Some(model) = self.workspace.model(file) else {
            return Val::unknown(Span::in_file(file, 0, 0));
        };
        self.visited.borrow_mut().insert(file);
        f(Ctx {
            m: &model,
            frame: None,
            depth: ctx.depth + 1,
        })
    }

    /// An import's module: the file of the project it names, as a module (or, for a class
    /// import, the class); a PHP file included for its value is what it returns.
    fn import(&self, spec: ExprId, kind: crate::model::ImportKind, span: Span, ctx: Ctx) -> Val {
        let name = self.eval_in(spec, ctx);
        let Some(text) = name.as_str() else {
            return Val::unknown(span);
        };
        let Some(file) = self.workspace.resolve(ctx.m.file, text, kind) else {
            return Val::unknown(span);
        };
        match kind {
            crate::model::ImportKind::Module => self.in_file(file, ctx, |fctx| {
                let m = fctx.m;
                if m.language == Language::Php && !m.file_returns.is_empty() {
                    let vals = m
                        .file_returns
                        .iter()
                        .map(|r| self.eval_in(*r, root(fctx)))
                        .collect();
                    return choice(vals, span);
                }
                Val::new(Value::Module(file), span)
            }),
            crate::model::ImportKind::Class => {
                let last = text.rsplit(['.', '\\']).next().unwrap_or(text).to_string();
                self.in_file(file, ctx, |fctx| match fctx.m.class_named(&last) {
                    Some(c) => Val::new(Value::Class(file, c), span),
                    None => Val::unknown(span),
                })
            }
        }
    }

    /// A member of another module: what it exports under `name`.
    fn module_member(&self, file: FileId, name: &str, span: Span, ctx: Ctx) -> Val {
        self.in_file(file, ctx, |fctx| self.export(name, span, fctx))
    }

    /// What the module of `ctx` exports as `name`: a name bound at its top (`export const X`,
    /// `X = …` in Python, `define('X', …)`, `export default` as `default`), a function or class
    /// of it, a CommonJS `exports.X` / `module.exports`, a re-export, or (a Python package) a
    /// submodule.
    fn export(&self, name: &str, span: Span, ctx: Ctx) -> Val {
        use crate::model::FILE_SCOPE;
        let m = ctx.m;
        let top = root(ctx);
        if let Some(a) = m.assignments_to(FILE_SCOPE, name).last() {
            let v = self.eval_in(a.value, top);
            return self.apply_mutations(v, name, FILE_SCOPE, a.span, None, top);
        }
        if let Some(f) = function_in_scope(m, FILE_SCOPE, name) {
            return Val::new(Value::Function(m.file, f), span);
        }
        if let Some(c) = m.class_named(name) {
            return Val::new(Value::Class(m.file, c), span);
        }
        if let Some(v) = self.commonjs_export(name, span, top) {
            return v;
        }
        for r in &m.reexports {
            if let Value::Module(f) = self.eval_in(*r, top).value {
                let v = self.module_member(f, name, span, top);
                if !v.is_unknown() {
                    return v;
                }
            }
        }
        if m.language == Language::Python {
            if let Some(f) = self.workspace.submodule(m.file, name) {
                return Val::new(Value::Module(f), span);
            }
        }
        Val::unknown(span)
    }

    /// CommonJS exports: `exports.X = …` / `module.exports.X = …`, else the member `X` of what
    /// `module.exports` is set to (all of it for `default`).
    fn commonjs_export(&self, name: &str, span: Span, ctx: Ctx) -> Option<Val> {
        let m = ctx.m;
        if !m.language.is_javascript() {
            return None;
        }
        let mut whole = None;
        let mut named = None;
        self.charge(m.assignments.len() / 16);
        for a in &m.assignments {
            let Some(path) = m.path(a.target) else {
                continue;
            };
            match path.as_str() {
                "module.exports" => whole = Some(a),
                p if p
                    .strip_prefix("module.exports.")
                    .or_else(|| p.strip_prefix("exports."))
                    == Some(name) =>
                {
                    named = Some(a)
                }
                _ => {}
            }
        }
        if let Some(a) = named {
            return Some(self.eval_in(a.value, ctx));
        }
        let v = self.eval_in(whole?.value, ctx);
        if name == "default" {
            return Some(v);
        }
        match &v.value {
            Value::Object(o) => o.get(name).map(|e| e.value.clone()),
            Value::Module(f) => Some(self.module_member(*f, name, span, ctx)),
            _ => None,
        }
    }

    /// A name bound nowhere in its file: one of an included file (PHP `require`, Ruby
    /// `require`, Python `from m import *`, Java `import a.b.*`), or a global name another file
    /// of the project defines (a Ruby constant, a PHP class, a Java class of the package).
    fn lookup_elsewhere(&self, name: &str, span: Span, ctx: Ctx) -> Val {
        let m = ctx.m;
        if m.language == Language::Php && name == "__DIR__" {
            return match self.workspace.dir(m.file) {
                Some(dir) => Val::new(Value::Str(dir), span),
                None => Val::unknown(span),
            };
        }
        for inc in &m.includes {
            // Java `import com.acme.config.*;`: a class of that package.
            if let ExprKind::Import {
                spec,
                kind: crate::model::ImportKind::Class,
            } = m.kind(*inc)
            {
                if let ExprKind::Str(s) = m.kind(*spec) {
                    if let Some(package) = s.strip_suffix(".*") {
                        let qualified = format!("{package}.{name}");
                        let found = self.workspace.resolve(
                            m.file,
                            &qualified,
                            crate::model::ImportKind::Class,
                        );
                        if let Some(f) = found.filter(|f| *f != m.file) {
                            let v = self.module_member(f, name, span, ctx);
                            if !v.is_unknown() {
                                return v;
                            }
                        }
                        continue;
                    }
                }
            }
            let v = match self.eval_in(*inc, root(ctx)).value {
                Value::Module(f) if f != m.file => self.module_member(f, name, span, ctx),
                // Java `import static com.acme.Config.*;`: a member of that class.
                Value::Class(f, c) => {
                    self.in_file(f, ctx, |fctx| self.class_member(c, name, span, fctx))
                }
                _ => continue,
            };
            if !v.is_unknown() {
                return v;
            }
        }
        if let Some(f) = self.workspace.define(m.file, name) {
            if f != m.file {
                // `App\Support\IssuesTokens`: the class `IssuesTokens` of that file.
                let simple = name.rsplit(['\\', '.']).next().unwrap_or(name);
                return self.module_member(f, simple, span, ctx);
            }
        }
        Val::unknown(span)
    }
}

impl<'m> Evaluator<'m> {
    /// An instance of a class of the project: an object of its fields, as its field
    /// initialisers and its constructor (called with `args`) set them: a Jackson/Gson POJO built
    /// by a positional constructor, a Python settings object, a PHP DTO.
    fn instantiate(&self, class: ScopeId, args: Vec<library::ArgVal>, span: Span, ctx: Ctx) -> Val {
        let m = ctx.m;
        let mut obj = Obj {
            class: Some((m.file, class)),
            entries: Vec::new(),
            open: false,
            span,
        };
        for a in m.assignments.iter().filter(|a| a.scope == class) {
            if let ExprKind::Name(n) = m.kind(a.target) {
                let v = self.eval_in(a.value, root(ctx)).at_site(m.span(a.value));
                obj.set(n.clone(), v, a.span);
            }
        }
        let class_name = m.scope(class).name.clone().unwrap_or_default();
        let constructor = CONSTRUCTORS
            .into_iter()
            .chain([class_name.as_str()])
            .find_map(|n| function_in_scope(m, class, n));
        if let Some(f) = constructor {
            let function = m.function(f);
            // Python's `self` is no argument of the call.
            let params = function.params.iter().filter(|p| {
                !(m.language == Language::Python && matches!(p.name.as_str(), "self" | "cls"))
            });
            let mut positional = args.iter().filter(|a| a.name.is_none());
            let mut frame_args = Vec::new();
            for p in params {
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
                file: m.file,
                function: f,
                args: frame_args,
                this: None,
            };
            let inner = Ctx {
                m,
                frame: Some(&frame),
                depth: ctx.depth + 1,
            };
            self.charge(m.assignments.len() / 16);
            for a in &m.assignments {
                let ExprKind::Member { object, name } = m.kind(a.target) else {
                    continue;
                };
                let is_self = match m.kind(*object) {
                    ExprKind::SelfRef => true,
                    ExprKind::Name(n) => n == "self" && m.language == Language::Python,
                    _ => false,
                };
                let in_constructor =
                    a.scope == function.scope || scope_within(m, a.scope, function.scope);
                if is_self && in_constructor {
                    let v = self.eval_in(a.value, inner).at_site(m.span(a.value));
                    obj.set(name.clone(), v, m.span(a.target));
                }
            }
        }
        Val::new(Value::Object(Rc::new(obj)), span)
    }

    /// Laravel's `config('zoom.sdk_secret')`: the entry of `config/zoom.php`'s returned array
    /// (nested keys follow dots); `None` when that file or entry is not known.
    fn framework_config(&self, args: &[library::ArgVal], span: Span, ctx: Ctx) -> Option<Val> {
        let key = args
            .iter()
            .find(|a| a.name.is_none())?
            .val
            .as_str()?
            .to_string();
        let mut parts = key.split('.');
        let file_name = parts.next()?;
        let path: Vec<&str> = parts.collect();
        let file = self.workspace.config_file(ctx.m.file, file_name)?;
        let mut v = self.in_file(file, ctx, |fctx| {
            let vals = fctx
                .m
                .file_returns
                .iter()
                .map(|r| self.eval_in(*r, root(fctx)))
                .collect();
            choice(vals, span)
        });
        for p in path {
            v = v.as_object()?.get(p)?.value.clone();
        }
        (!v.is_unknown()).then_some(v)
    }

    /// The callee's path with its first name replaced by the module the file imports it from
    /// (see `CallSite::qualified`).
    fn qualified_path(&self, callee: ExprId, m: &Model) -> Option<String> {
        let path = m.path(callee)?;
        let (first, rest) = match path.split_once('.') {
            Some((f, r)) => (f, Some(r)),
            None => (path.as_str(), None),
        };
        let a = m.assignments_to(crate::model::FILE_SCOPE, first).last()?;
        let module = import_path(m, a.value, 0)?;
        Some(match rest {
            // `import * as hmacSha256 from 'crypto-js/hmac-sha256'; hmacSha256.default(…)`:
            // the module's default export is the module's function.
            Some("default") => module,
            Some(r) => format!("{module}.{r}"),
            None => module,
        })
    }
}

/// The dotted name of what an import brings in: `jose.jwt` for `Member(Import("jose"), "jwt")`,
/// the module itself for a default import (`Member(Import("jsonwebtoken"), "default")`).
fn import_path(m: &Model, e: ExprId, depth: usize) -> Option<String> {
    if depth > 8 {
        return None;
    }
    match m.kind(e) {
        ExprKind::Import { spec, .. } => match m.kind(*spec) {
            ExprKind::Str(s) => Some(s.strip_prefix("node:").unwrap_or(s).to_string()),
            _ => None,
        },
        ExprKind::Member { object, name } => {
            let base = import_path(m, *object, depth + 1)?;
            Some(if name == "default" {
                base
            } else {
                format!("{base}.{name}")
            })
        }
        _ => None,
    }
}

/// The hidden input of the page that `object` looks up: `document.getElementById('secret')`,
/// `document.querySelector('#secret')` or `document.querySelector('[name=secret]')`.
fn hidden_input(m: &Model, object: ExprId) -> Option<&crate::model::HiddenInput> {
    let page = m.page.as_ref()?;
    let ExprKind::Call { callee, args } = m.kind(object) else {
        return None;
    };
    let path = m.path(*callee)?;
    let ExprKind::Str(key) = m.kind(args.first()?.value) else {
        return None;
    };
    let (id, name) = if path.ends_with("getElementById") {
        (Some(key.as_str()), None)
    } else if path.ends_with("querySelector") {
        match key.strip_prefix('#') {
            Some(id) => (Some(id), None),
            None => {
                let inner = key.strip_prefix('[')?.strip_suffix(']')?;
                let value = inner.strip_prefix("name=")?.trim_matches(['"', '\'']);
                (None, Some(value))
            }
        }
    } else {
        return None;
    };
    page.hidden_inputs.iter().find(|h| {
        id.is_some_and(|id| h.id.as_deref() == Some(id))
            || name.is_some_and(|n| h.name.as_deref() == Some(n))
    })
}

impl<'m> Evaluator<'m> {
    /// The value an echo of the analysed page prints, evaluated in the page's server-side code
    /// (the PHP of a PHP view): `'<?= API_SECRET ?>'` is what `API_SECRET` is there.
    pub fn echo_value(&self, echo: &crate::model::Echo) -> Option<Val> {
        let server = self.model.page.as_ref()?.server?;
        let home = self.home();
        let v = self.in_file(server, home, |ctx| {
            let m = ctx.m;
            // The outermost expression inside the placeholder (its delimiters excluded).
            let inner = Span::in_file(m.file, echo.span.start, echo.span.end);
            let found = m
                .expr_ids()
                .filter(|id| {
                    let s = m.span(*id);
                    inner.contains(s) && s.start > inner.start && s.end < inner.end
                })
                .max_by_key(|id| {
                    let s = m.span(*id);
                    (s.end - s.start, std::cmp::Reverse(id.0))
                });
            match found {
                Some(id) => self.eval_in(id, ctx),
                None => Val::unknown(echo.span),
            }
        });
        (!v.is_unknown()).then_some(v)
    }
}

impl<'m> Evaluator<'m> {
    /// `this.apiSecret` in an object-literal component (Vue's options API): the one
    /// `this.apiSecret = …` of the component's methods, else what its `data()` returns under
    /// that name.
    fn component_member(&self, name: &str, span: Span, ctx: Ctx) -> Val {
        let m = ctx.m;
        let top = root(ctx);
        // Set by a component method (`created()` setting what `mounted()` reads): what it is
        // set to, when it is set once; `data()` gives only the initial value.
        self.charge(m.assignments.len() / 16);
        let set: Vec<&Assignment> = m
            .assignments
            .iter()
            .filter(|a| {
                matches!(m.kind(a.target), ExprKind::Member { object, name: n }
                    if n == name && matches!(m.kind(*object), ExprKind::SelfRef))
                    && m.enclosing_class(a.scope).is_none()
            })
            .collect();
        match set.as_slice() {
            [a] => return self.eval_in(a.value, top),
            [] => {}
            _ => return Val::unknown(span),
        }
        for f in m.functions_named("data") {
            for r in &m.function(f).returns {
                if let Some(e) = self.eval_in(*r, top).as_object().and_then(|o| o.get(name)) {
                    return e.value.clone();
                }
            }
        }
        Val::unknown(span)
    }
}
