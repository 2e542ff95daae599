#!/usr/bin/env python3
"""Deterministic benchmark corpus for siglint.

Writes a polyglot monorepo -- Node services, TypeScript web apps, Rails, Laravel, Spring and
Django/FastAPI projects, shared libraries, JSON/YAML configuration, lock files, committed
minified bundles -- of real-world file sizes and shapes, with Meeting SDK signature code
(correct and defective JWT generators, legacy signatures, committed tokens) and look-alikes
(webhook verification, other APIs' JWTs, browser join code) planted at a known rate.

    gen_corpus.py OUT [--scale S] [--seed N] [--jobs J]
    gen_corpus.py --verify CORPUS FINDINGS.json     # compare `siglint check --format json` with the plan

Scale 1 is about 60 000 files and 500 MB; `--scale 0.25` is a quarter, `--scale 4` four times.
The same seed and scale give byte-identical output whatever the number of jobs: every file has its
own random stream seeded from (seed, index). The plan (paths, kinds, sizes, planted sites) is
written next to the corpus as OUT.manifest.json, never inside it, so it is not scanned.
"""

import argparse
import base64
import hashlib
import hmac
import json
import math
import os
import random
import shutil
import sys
import time
from multiprocessing import Pool

DEFAULT_FILES = 60_000
DEFAULT_BYTES = 500_000_000

# --------------------------------------------------------------------------------------------
# vocabulary (no word here contains a prefilter literal: sdkKey, tokenExp, hmac, ZoomMtg, `mn`)

NOUNS = """user account order invoice payment session report project ticket cart shipment product
inventory subscription notification customer address comment attachment document workspace team
member permission audit event schedule calendar booking message channel profile setting preference
plan coupon discount refund transaction ledger balance vendor supplier warehouse region tenant
organization invite credential device upload export batch queue task job metric alert incident
deployment build release feature flag experiment variant segment cohort campaign email template
page post category tag review rating favorite follower feed search index cache lock meeting webinar
room participant recording transcript contact lead deal pipeline stage quote contract signature
license seat quota usage bill charge payout dispute receipt tax currency price catalog bundle
asset image video thumbnail folder file share link domain route endpoint client server worker
""".split()
VERBS = """get find load fetch create update delete remove build compute calculate resolve validate
normalize serialize parse format render sync refresh archive restore publish schedule cancel
approve reject assign notify dispatch import export merge split filter sort group map reduce
apply ensure check mark track record handle process enqueue retry flush list count attach detach
""".split()
ADJS = """active pending default current previous next primary total remaining expired archived
visible enabled raw cached normalized filtered sorted grouped latest initial final partial max
internal external public private local remote daily weekly monthly
""".split()
FIELDS = """id name title status email created_at updated_at amount currency total description
type owner_id account_id quantity price notes url slug position priority due_at starts_at ends_at
locale timezone label color metadata source external_id version enabled count score
""".split()
STATUSES = "active pending archived failed completed draft scheduled cancelled open closed".split()
MESSAGES = [
    "could not {v} {n}", "{n} not found", "{v} {n} for account", "skipping {a} {n}",
    "failed to {v} {n}, retrying", "{n} {v}ed", "invalid {n}: expected {a} value",
    "{a} {n} limit reached", "{v}ing {n} batch", "unexpected {n} state", "missing {n} id",
    "{n} is {a}", "no {a} {n} to {v}", "{v} {n} took too long",
]
WORDS = """the a of to and in is it for on with as was at by this be from or have an they which one
you had not but what all were when we there can more if out so up said about than into them only
could new some time these two may first then do any like my now over such our man me even most
made after also did many before must through back years where much your way well down should
because each just those people how too little state good very make world still own see men work
long get here between both life being under never day same another know while last might us great
old year off come since against go came right used take three""".split()

SHORT_IDS = [c for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"]
SHORT_IDS2 = [a + b for a in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
              for b in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$"]
JS_KEYWORDS = {"do", "if", "in"}
SHORT_IDS2 = [x for x in SHORT_IDS2 if x not in JS_KEYWORDS]


def cap(w):
    return w[:1].upper() + w[1:]


def camel(words):
    return words[0] + "".join(cap(w) for w in words[1:])


def pascal(words):
    return "".join(cap(w) for w in words)


def snake(words):
    return "_".join(words)


def field_words(f):
    return f.split("_")


def sentence(r, n=None):
    n = n or r.randint(4, 14)
    s = " ".join(r.choice(WORDS) for _ in range(n))
    return cap(s)


def message(r):
    return r.choice(MESSAGES).format(v=r.choice(VERBS), n=r.choice(NOUNS), a=r.choice(ADJS))


def rand_alnum(r, n, alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"):
    return "".join(r.choice(alphabet) for _ in range(n))


# --------------------------------------------------------------------------------------------
# ordinary code, per language


class Syntax:
    """What differs between the languages, for ordinary code."""

    ind = "  "
    semi = ";"
    andop, orop, notop = "&&", "||", "!"
    null, true, false = "null", "true", "false"
    eq = "==="

    def __init__(self, r, ctx):
        self.r = r
        self.ctx = ctx  # the file's domain nouns

    # names
    def name(self, words):
        return camel(words)

    def var(self, name):
        return name

    def fn(self, words):
        return camel(words)

    # expressions
    def s(self, text):
        return "'" + text.replace("'", "") + "'"

    def field(self, obj, f):
        return f"{obj}.{camel(field_words(f))}"

    def call(self, f, args):
        return f"{f}({', '.join(args)})"

    def mcall(self, obj, m, args):
        return f"{obj}.{m}({', '.join(args)})"

    def mapl(self, pairs):
        return "{ " + ", ".join(f"{camel(field_words(k))}: {v}" for k, v in pairs) + " }"

    def listl(self, items):
        return "[" + ", ".join(items) + "]"

    def ternary(self, c, a, b):
        return f"{c} ? {a} : {b}"

    def collaborator(self):
        n = self.r.choice(self.ctx)
        return self.name([n, self.r.choice(["repository", "service", "client", "store", "api"])])

    def query(self):
        r = self.r
        n = r.choice(self.ctx)
        return self.mcall(self.collaborator(), self.fn([r.choice(VERBS), n]), self.args())

    def args(self, k=None):
        r = self.r
        k = r.randint(0, 3) if k is None else k
        return [self.atom() for _ in range(k)]

    def atom(self):
        r = self.r
        x = r.random()
        vs = self.scope
        if x < 0.35 and vs:
            return self.var(r.choice(vs))
        if x < 0.5 and vs:
            return self.field(self.var(r.choice(vs)), r.choice(FIELDS))
        if x < 0.62:
            return str(r.choice([0, 1, 2, 10, 25, 50, 100, 250, 1000, 3600, 86400, r.randint(3, 9999)]))
        if x < 0.85:
            return self.s(r.choice([message(r), r.choice(STATUSES), r.choice(FIELDS),
                                    "/" + "/".join(r.sample(NOUNS, 2)), r.choice(NOUNS) + "." + r.choice(VERBS)]))
        return r.choice([self.null, self.true, self.false])

    def expr(self, depth=0):
        r = self.r
        x = r.random()
        if depth > 1 or x < 0.3:
            return self.atom()
        if x < 0.55:
            return self.query()
        if x < 0.65:
            return f"{self.atom()} {r.choice(['+', '-', '*'])} {self.atom()}"
        if x < 0.75:
            return self.mapl([(k, self.atom()) for k in r.sample(FIELDS, r.randint(1, 4))])
        if x < 0.82:
            return self.listl([self.atom() for _ in range(r.randint(0, 4))])
        if x < 0.9:
            return self.ternary(self.cond(), self.atom(), self.atom())
        return self.call(self.fn([r.choice(VERBS), r.choice(self.ctx)]), self.args())

    def cond(self):
        r = self.r
        x = r.random()
        a = self.atom()
        if x < 0.3:
            return f"{self.notop}{a}"
        if x < 0.6:
            return f"{a} {r.choice(['>', '<', '>=', self.eq])} {self.atom()}"
        if x < 0.8:
            return f"{a} {self.andop} {self.atom()}"
        return self.query()

    # statements: each returns a list of lines without the leading indent of the block
    def decl(self, name, e):
        return [f"const {name} = {e};"]

    def assign(self, target, e):
        return [f"{target} = {e};"]

    def stmt(self, e):
        return [e + self.semi]

    def ret(self, e):
        return [f"return {e};"]

    def log(self):
        r = self.r
        return [f"logger.{r.choice(['info', 'debug', 'warn', 'error'])}({self.s(message(r))}{', ' + self.atom() if r.random() < 0.6 else ''});"]

    def comment(self):
        return ["// " + sentence(self.r).lower()]

    def if_(self, c, body, other):
        out = [f"if ({c}) {{"] + [self.ind + l for l in body]
        if other:
            out += ["} else {"] + [self.ind + l for l in other]
        return out + ["}"]

    def for_(self, item, coll, body):
        return [f"for (const {item} of {coll}) {{"] + [self.ind + l for l in body] + ["}"]

    def try_(self, body, handler):
        return ["try {"] + [self.ind + l for l in body] + ["} catch (err) {"] + [self.ind + l for l in handler] + ["}"]

    def throw(self):
        return [f"throw new Error({self.s(message(self.r))});"]

    # generation
    def block(self, n, depth=0):
        r = self.r
        out = []
        for _ in range(n):
            x = r.random()
            if x < 0.3:
                name = self.name([r.choice(ADJS), r.choice(self.ctx)] if r.random() < 0.5 else [r.choice(self.ctx), r.choice(FIELDS).split("_")[0]])
                out += self.decl(name, self.expr())
                self.scope.append(name)
            elif x < 0.42:
                out += self.stmt(self.query())
            elif x < 0.5:
                out += self.log()
            elif x < 0.56:
                out += self.comment()
            elif x < 0.68 and depth < 3:
                out += self.if_(self.cond(), self.block(r.randint(1, 4), depth + 1),
                                self.block(r.randint(1, 3), depth + 1) if r.random() < 0.3 else None)
            elif x < 0.76 and depth < 3:
                item = self.name([r.choice(self.ctx)])
                coll = self.var(self.r.choice(self.scope)) if self.scope else self.query()
                self.scope.append(item)
                out += self.for_(item, coll, self.block(r.randint(1, 4), depth + 1))
            elif x < 0.8 and depth < 2:
                out += self.try_(self.block(r.randint(1, 4), depth + 1), self.log() + (self.throw() if r.random() < 0.5 else []))
            elif x < 0.85 and self.scope:
                out += self.assign(self.field(self.var(r.choice(self.scope)), r.choice(FIELDS)), self.atom())
            elif x < 0.9 and depth > 0:
                out += self.throw()
            else:
                out += self.stmt(self.call(self.fn([r.choice(VERBS), r.choice(self.ctx)]), self.args()))
        if all(l.startswith(("#", "//")) for l in out):
            out += self.stmt(self.call(self.fn([r.choice(VERBS), r.choice(self.ctx)]), self.args()))
        return out

    def params(self):
        r = self.r
        return [self.name([w]) for w in r.sample(["id", "input", "options", "context", "payload", "limit", "filters", "user", "req", "data", "item", "query"], r.randint(0, 3))]

    def body(self, params):
        r = self.r
        self.scope = list(params)
        lines = self.block(r.randint(2, 12))
        lines += self.ret(self.expr())
        return lines

    def doc(self, lines):
        return ["/**"] + [" * " + l for l in lines] + [" */"]


class JS(Syntax):
    ext = "js"

    def header(self, kind):
        r = self.r
        out = []
        if r.random() < 0.3:
            out.append("'use strict';")
            out.append("")
        for mod in r.sample(["express", "lodash", "axios", "dayjs", "pg", "ioredis", "zod", "uuid", "winston", "bull", "knex", "./config", "../lib/db", "../utils/errors"], r.randint(1, 6)):
            base = mod.split("/")[-1]
            out.append(f"const {camel(base.split('-')) if base != 'lodash' else '_'} = require('{mod}');")
        out.append("const logger = require('../lib/logger');")
        out.append("")
        return out

    def unit(self, kind):
        r = self.r
        n = r.choice(self.ctx)
        v = r.choice(VERBS)
        x = r.random()
        params = self.params()
        if kind == "test":
            self.scope = []
            body = self.block(r.randint(2, 6)) + [f"expect({self.atom()}).{r.choice(['toBe', 'toEqual', 'toHaveLength', 'toMatchObject'])}({self.atom()});"]
            return [f"it('{v}s the {n}', async () => {{"] + [self.ind + l for l in body] + ["});", ""]
        name = self.fn([v, n] if r.random() < 0.7 else [v, r.choice(ADJS), n])
        if x < 0.35:
            head = f"{'async ' if r.random() < 0.5 else ''}function {name}({', '.join(params)}) {{"
            tail = "}"
        elif x < 0.6:
            head = f"const {name} = async ({', '.join(params)}) => {{"
            tail = "};"
        elif x < 0.8:
            path = "/" + "/".join([n + "s"] + ([":id"] if r.random() < 0.5 else []))
            params = ["req", "res"]
            head = f"router.{r.choice(['get', 'post', 'put', 'delete'])}('{path}', async (req, res) => {{"
            tail = "});"
        else:
            head = f"exports.{name} = async function {name}({', '.join(params)}) {{"
            tail = "};"
        pre = self.doc([sentence(r), ""] + [f"@param {{{r.choice(['string', 'number', 'object'])}}} {p}" for p in params]) if r.random() < 0.4 else []
        return pre + [head] + [self.ind + l for l in self.body(params)] + [tail, ""]

    def wrap(self, kind, units):
        if kind == "test":
            return [f"describe('{self.ctx[0]}', () => {{"] + [self.ind + l if l else l for l in units] + ["});"]
        return units + [f"module.exports = {{ {', '.join(self.exports[:6])} }};"] if getattr(self, "exports", None) else units


class TS(JS):
    ext = "ts"
    TYPES = ["string", "number", "boolean", "Date", "unknown", "Record<string, unknown>", "string[]"]

    def decl(self, name, e):
        if self.r.random() < 0.3:
            return [f"const {name}: {self.r.choice(self.TYPES)} = {e};"]
        return [f"const {name} = {e};"]

    def header(self, kind):
        r = self.r
        out = []
        for mod in r.sample(["@nestjs/common", "rxjs", "zod", "date-fns", "axios", "./types", "../lib/http", "../config", "@prisma/client", "lodash-es"], r.randint(1, 5)):
            names = ", ".join(pascal([w]) for w in r.sample(NOUNS, r.randint(1, 3)))
            out.append(f"import {{ {names} }} from '{mod}';")
        out.append("import { logger } from '../lib/logger';")
        out.append("")
        for _ in range(r.randint(0, 3)):
            out += self.interface()
        return out

    def interface(self):
        r = self.r
        name = pascal([r.choice(self.ctx), r.choice(["props", "input", "options", "dto", "state", "row"])])
        lines = [f"export interface {name} {{"]
        for f in r.sample(FIELDS, r.randint(2, 9)):
            lines.append(f"  {camel(field_words(f))}{'?' if r.random() < 0.3 else ''}: {r.choice(self.TYPES)};")
        return lines + ["}", ""]

    def unit(self, kind):
        r = self.r
        if kind == "component":
            return self.component()
        if kind != "test" and r.random() < 0.5:
            return self.klass()
        if kind != "test" and r.random() < 0.1:
            return self.interface()
        params = self.params()
        n = r.choice(self.ctx)
        if kind == "test":
            return JS.unit(self, kind)
        name = self.fn([r.choice(VERBS), n])
        typed = ", ".join(f"{p}: {r.choice(self.TYPES)}" for p in params)
        head = f"export {'async ' if r.random() < 0.5 else ''}function {name}({typed}): {r.choice(['Promise<void>', 'string', 'number', pascal([n]), 'boolean'])} {{"
        return [head] + [self.ind + l for l in self.body(params)] + ["}", ""]

    def klass(self):
        r = self.r
        n = r.choice(self.ctx)
        cls = pascal([n, r.choice(["service", "controller", "repository", "handler", "manager"])])
        lines = ["@Injectable()" if r.random() < 0.5 else "", f"export class {cls} {{"]
        deps = r.sample(NOUNS, r.randint(1, 3))
        lines.append("  constructor(" + ", ".join(f"private readonly {camel([d, 'service'])}: {pascal([d, 'service'])}" for d in deps) + ") {}")
        lines.append("")
        for _ in range(r.randint(1, 5)):
            params = self.params()
            typed = ", ".join(f"{p}: {r.choice(self.TYPES)}" for p in params)
            lines.append(f"  {'async ' if r.random() < 0.5 else ''}{self.fn([r.choice(VERBS), r.choice(self.ctx)])}({typed}) {{")
            lines += ["    " + l for l in self.body(params)]
            lines += ["  }", ""]
        return [l for l in lines if l is not None] + ["}", ""]

    def component(self):
        r = self.r
        n = r.choice(self.ctx)
        comp = pascal([n, r.choice(["list", "card", "panel", "form", "table", "row", "modal", "page"])])
        props = r.sample(FIELDS, r.randint(1, 4))
        lines = [f"export function {comp}({{ {', '.join(camel(field_words(p)) for p in props)} }}: {pascal([n, 'props'])}) {{"]
        self.scope = [camel(field_words(p)) for p in props]
        lines += ["  " + l for l in self.block(r.randint(1, 5))]
        cls = "-".join(r.sample(["flex", "grid", "gap-2", "p-4", "rounded", "shadow", "text-sm", "items-center", "border"], 3))
        jsx = [f'  return (', f'    <div className="{cls}">']
        for _ in range(r.randint(1, 6)):
            p = camel(field_words(r.choice(props)))
            tag = r.choice(["span", "p", "button", "li", "td", "h3"])
            if r.random() < 0.3:
                jsx.append(f"      {{{p} && <{tag} key={{{p}}}>{{{p}}}</{tag}>}}")
            else:
                jsx.append(f"      <{tag} className=\"{r.choice(['label', 'value', 'muted', 'title'])}\">{sentence(r, 3)} {{{p}}}</{tag}>")
        jsx += ["    </div>", "  );", "}", ""]
        return lines + jsx


class Py(Syntax):
    ext = "py"
    eq = "=="
    ind = "    "
    semi = ""
    andop, orop, notop = "and", "or", "not "
    null, true, false = "None", "True", "False"

    def name(self, words):
        return snake(words)

    def fn(self, words):
        return snake(words)

    def s(self, text):
        return '"' + text.replace('"', "") + '"'

    def field(self, obj, f):
        return f"{obj}.{f}"

    def mapl(self, pairs):
        return "{" + ", ".join(f'"{k}": {v}' for k, v in pairs) + "}"

    def ternary(self, c, a, b):
        return f"{a} if {c} else {b}"

    def query(self):
        r = self.r
        if r.random() < 0.3:
            return f"{pascal([r.choice(self.ctx)])}.objects.filter({r.choice(FIELDS)}={self.atom()})"
        return super().query()

    def decl(self, name, e):
        return [f"{name} = {e}"]

    def assign(self, target, e):
        return [f"{target} = {e}"]

    def ret(self, e):
        return [f"return {e}"]

    def log(self):
        r = self.r
        return [f"logger.{r.choice(['info', 'debug', 'warning', 'error'])}({self.s(message(r) + ' %s')}, {self.atom()})"]

    def comment(self):
        return ["# " + sentence(self.r).lower()]

    def if_(self, c, body, other):
        out = [f"if {c}:"] + [self.ind + l for l in body]
        if other:
            out += ["else:"] + [self.ind + l for l in other]
        return out

    def for_(self, item, coll, body):
        return [f"for {item} in {coll}:"] + [self.ind + l for l in body]

    def try_(self, body, handler):
        return ["try:"] + [self.ind + l for l in body] + [f"except {self.r.choice(['ValueError', 'KeyError', 'Exception', 'DatabaseError'])} as exc:"] + [self.ind + l for l in handler]

    def throw(self):
        return [f"raise {self.r.choice(['ValueError', 'RuntimeError', 'PermissionError'])}({self.s(message(self.r))})"]

    def header(self, kind):
        r = self.r
        out = []
        if r.random() < 0.5:
            out += ['"""' + sentence(r) + ".", "", sentence(r, 12) + ".", '"""']
        std = ["logging"] + r.sample(["os", "json", "datetime", "typing", "uuid", "re", "collections", "dataclasses", "decimal", "itertools", "functools"], r.randint(1, 5))
        out += [f"import {m}" for m in sorted(std)]
        out.append("")
        for mod in r.sample(["django.db", "django.conf", "rest_framework", "fastapi", "pydantic", "sqlalchemy", "celery", "requests", ".models", ".serializers", "..utils"], r.randint(1, 4)):
            out.append(f"from {mod} import {', '.join(pascal([w]) for w in r.sample(NOUNS, r.randint(1, 3)))}")
        out += ["", "logger = logging.getLogger(__name__)", "", ""]
        return out

    def unit(self, kind):
        r = self.r
        n = r.choice(self.ctx)
        if kind == "test":
            self.scope = []
            body = self.block(r.randint(2, 6)) + [f"assert {self.cond()}"]
            return [f"def test_{r.choice(VERBS)}_{n}_{r.choice(ADJS)}({'db, client' if r.random() < 0.5 else ''}):"] + [self.ind + l for l in body] + ["", ""]
        if r.random() < 0.35:
            cls = pascal([n, r.choice(["service", "view", "serializer", "manager", "handler"])])
            lines = [f"class {cls}({r.choice(['object', 'APIView', 'BaseService', 'ModelSerializer'])}):",
                     f'    """{sentence(r)}."""', ""]
            for _ in range(r.randint(1, 5)):
                params = self.params()
                lines.append(f"    def {self.fn([r.choice(VERBS), r.choice(self.ctx)])}({', '.join(['self'] + params)}):")
                lines += ["        " + l for l in self.body(params)]
                lines.append("")
            return lines + [""]
        params = self.params()
        deco = [r.choice(["@api_view(['GET'])", "@router.get('/items')", "@transaction.atomic", "@shared_task", "@lru_cache(maxsize=128)"])] if r.random() < 0.3 else []
        head = f"def {self.fn([r.choice(VERBS), n])}({', '.join(params)}):"
        doc = [self.ind + f'"""{sentence(r)}."""'] if r.random() < 0.4 else []
        return deco + [head] + doc + [self.ind + l for l in self.body(params)] + ["", ""]

    def wrap(self, kind, units):
        return units


class Rb(Syntax):
    ext = "rb"
    eq = "=="
    semi = ""
    andop, orop, notop = "&&", "||", "!"
    null, true, false = "nil", "true", "false"

    def name(self, words):
        return snake(words)

    def fn(self, words):
        return snake(words)

    def field(self, obj, f):
        return f"{obj}.{f}"

    def mapl(self, pairs):
        return "{ " + ", ".join(f"{k}: {v}" for k, v in pairs) + " }"

    def call(self, f, args):
        return f"{f}({', '.join(args)})" if args else f

    def query(self):
        r = self.r
        if r.random() < 0.4:
            return f"{pascal([r.choice(self.ctx)])}.where({r.choice(FIELDS)}: {self.atom()}).{r.choice(['first', 'to_a', 'count', 'pluck(:id)', 'order(created_at: :desc)'])}"
        return super().query()

    def decl(self, name, e):
        return [f"{name} = {e}"]

    def assign(self, target, e):
        return [f"{target} = {e}"]

    def ret(self, e):
        return [e]

    def log(self):
        r = self.r
        return [f"Rails.logger.{r.choice(['info', 'debug', 'warn', 'error'])}(\"{message(r)}: #{{{self.atom()}}}\")"]

    def comment(self):
        return ["# " + sentence(self.r).lower()]

    def if_(self, c, body, other):
        out = [f"if {c}"] + [self.ind + l for l in body]
        if other:
            out += ["else"] + [self.ind + l for l in other]
        return out + ["end"]

    def for_(self, item, coll, body):
        return [f"{coll}.each do |{item}|"] + [self.ind + l for l in body] + ["end"]

    def try_(self, body, handler):
        return ["begin"] + [self.ind + l for l in body] + [f"rescue {self.r.choice(['StandardError', 'ActiveRecord::RecordNotFound', 'ArgumentError'])} => e"] + [self.ind + l for l in handler] + ["end"]

    def throw(self):
        return [f"raise {self.r.choice(['ArgumentError', 'NotAuthorized', 'RuntimeError'])}, {self.s(message(self.r))}"]

    def header(self, kind):
        r = self.r
        out = ["# frozen_string_literal: true", ""]
        out += [f"require '{m}'" for m in r.sample(["json", "net/http", "securerandom", "csv", "date", "set"], r.randint(0, 3))]
        out += ["", f"# {sentence(r)}.", f"# {sentence(r)}."]
        return out

    def unit(self, kind):
        r = self.r
        n = r.choice(self.ctx)
        if kind == "test":
            self.scope = []
            body = self.block(r.randint(2, 6)) + [f"expect({self.atom()}).to {r.choice(['eq', 'include', 'be', 'match'])}({self.atom()})"]
            return [f"it '{r.choice(VERBS)}s the {r.choice(ADJS)} {n}' do"] + [self.ind + l for l in body] + ["end", ""]
        if r.random() < 0.1:
            return [f"scope :{r.choice(ADJS)}, -> {{ where(status: '{r.choice(STATUSES)}') }}",
                    f"validates :{r.choice(FIELDS)}, presence: true", ""]
        params = self.params()
        head = f"def {self.fn([r.choice(VERBS), n])}" + (f"({', '.join(params)})" if params else "")
        return [head] + [self.ind + l for l in self.body(params)] + ["end", ""]

    def wrap(self, kind, units):
        cls = pascal([self.ctx[0], {"test": "spec"}.get(kind, self.r.choice(["controller", "service", "job", ""]))])
        if kind == "test":
            return [f"RSpec.describe {pascal([self.ctx[0]])} do"] + [self.ind + l if l else l for l in units] + ["end"]
        return [f"class {cls} < {self.r.choice(['ApplicationController', 'ApplicationRecord', 'ApplicationJob', 'BaseService'])}"] + [self.ind + l if l else l for l in units] + ["end"]


class PHP(Syntax):
    ext = "php"
    ind = "    "
    null, true, false = "null", "true", "false"

    def var(self, name):
        return "$" + name

    def field(self, obj, f):
        return f"{obj}->{camel(field_words(f))}"

    def mcall(self, obj, m, args):
        return f"{obj}->{m}({', '.join(args)})"

    def collaborator(self):
        return "$this->" + super().collaborator()

    def query(self):
        r = self.r
        if r.random() < 0.4:
            return f"{pascal([r.choice(self.ctx)])}::query()->where('{r.choice(FIELDS)}', {self.atom()})->{r.choice(['get()', 'first()', 'count()', 'paginate(25)'])}"
        return super().query()

    def mapl(self, pairs):
        return "[" + ", ".join(f"'{k}' => {v}" for k, v in pairs) + "]"

    def decl(self, name, e):
        return [f"${name} = {e};"]

    def log(self):
        r = self.r
        return [f"Log::{r.choice(['info', 'debug', 'warning', 'error'])}({self.s(message(r))}, ['id' => {self.atom()}]);"]

    def for_(self, item, coll, body):
        return [f"foreach ({coll} as ${item}) {{"] + [self.ind + l for l in body] + ["}"]

    def try_(self, body, handler):
        return ["try {"] + [self.ind + l for l in body] + ["} catch (\\Throwable $e) {"] + [self.ind + l for l in handler] + ["}"]

    def throw(self):
        return [f"throw new \\{self.r.choice(['RuntimeException', 'InvalidArgumentException', 'DomainException'])}({self.s(message(self.r))});"]

    def header(self, kind):
        r = self.r
        area = pascal([self.ctx[0]])
        ns = r.choice(["Http\\Controllers", "Services", "Models", "Jobs", "Support"])
        out = ["<?php", "", "declare(strict_types=1);", "", "namespace App\\" + ns + "\\" + area + ";", ""]
        for cls in r.sample(["Illuminate\\Http\\Request", "Illuminate\\Http\\JsonResponse", "Illuminate\\Support\\Facades\\Log",
                             "Illuminate\\Support\\Facades\\DB", "Illuminate\\Support\\Collection", "Carbon\\Carbon", "App\\Models\\" + area], r.randint(2, 6)):
            out.append(f"use {cls};")
        out.append("")
        return out

    def unit(self, kind):
        r = self.r
        n = r.choice(self.ctx)
        params = self.params()
        typed = ", ".join(f"{r.choice(['int', 'string', 'array', '?Request', 'Collection'])} ${p}" for p in params)
        name = ("test_" + snake([r.choice(VERBS), n])) if kind == "test" else self.fn([r.choice(VERBS), n])
        doc = ["/**", f" * {sentence(r)}.", " *"] + [f" * @param mixed ${p}" for p in params] + [" */"] if r.random() < 0.5 else []
        head = [f"{r.choice(['public', 'public', 'protected', 'private'])} function {name}({typed}){r.choice(['', ': array', ': JsonResponse', ': void', ': ?string'])}", "{"]
        body = self.body(params)
        return doc + head + [self.ind + l for l in body] + ["}", ""]

    def wrap(self, kind, units):
        cls = pascal([self.ctx[0], {"test": "test"}.get(kind, self.r.choice(["controller", "service", "repository", "job"]))])
        ext = {"test": " extends TestCase"}.get(kind, self.r.choice(["", " extends Controller", " implements ShouldQueue"]))
        props = [f"    private {pascal([d, 'service'])} ${camel([d, 'service'])};" for d in self.r.sample(NOUNS, 2)]
        return [f"class {cls}{ext}", "{"] + props + [""] + [self.ind + l if l else l for l in units] + ["}"]


class Java(Syntax):
    ext = "java"
    eq = "=="
    ind = "    "

    def mapl(self, pairs):
        return "Map.of(" + ", ".join(f'"{camel(field_words(k))}", {v}' for k, v in pairs) + ")"

    def listl(self, items):
        return "List.of(" + ", ".join(items) + ")"

    def s(self, text):
        return '"' + text.replace('"', "") + '"'

    def field(self, obj, f):
        return f"{obj}.get{pascal(field_words(f))}()"

    def decl(self, name, e):
        return [f"{self.r.choice(['var', 'var', 'final var', 'Object'])} {name} = {e};"]

    def log(self):
        r = self.r
        return [f"log.{r.choice(['info', 'debug', 'warn', 'error'])}({self.s(message(r) + ' {}')}, {self.atom()});"]

    def for_(self, item, coll, body):
        return [f"for (var {item} : {coll}) {{"] + [self.ind + l for l in body] + ["}"]

    def try_(self, body, handler):
        return ["try {"] + [self.ind + l for l in body] + [f"}} catch ({self.r.choice(['IOException', 'RuntimeException', 'DataAccessException'])} e) {{"] + [self.ind + l for l in handler] + ["}"]

    def throw(self):
        return [f"throw new {self.r.choice(['IllegalStateException', 'IllegalArgumentException', 'ResponseStatusException'])}({self.s(message(self.r))});"]

    def assign(self, target, e):
        return [f"{target.rsplit('.get', 1)[0]}.set{target.rsplit('.get', 1)[1][:-2] if '.get' in target else 'Value'}({e});"]

    def comment(self):
        return ["// " + sentence(self.r).lower()]

    def header(self, kind):
        r = self.r
        org = self.pkg
        out = [f"package {org};", ""]
        out += [f"import {i};" for i in sorted(r.sample([
            "java.util.List", "java.util.Map", "java.util.Optional", "java.time.Instant", "java.io.IOException",
            "org.springframework.stereotype.Service", "org.springframework.web.bind.annotation.*",
            "org.springframework.transaction.annotation.Transactional", "lombok.RequiredArgsConstructor",
            "lombok.extern.slf4j.Slf4j", "org.springframework.dao.DataAccessException"], r.randint(3, 8)))]
        return out + [""]

    def unit(self, kind):
        r = self.r
        n = r.choice(self.ctx)
        params = self.params()
        typed = ", ".join(f"{r.choice(['String', 'long', 'int', pascal([n]), 'Map<String, Object>'])} {p}" for p in params)
        ann = [r.choice(["@Transactional", "@GetMapping(\"/" + n + "s/{id}\")", "@PostMapping(\"/" + n + "s\")", "@Override", "@Test"])] if r.random() < 0.4 else []
        if kind == "test":
            ann = ["@Test"]
        head = f"{r.choice(['public', 'public', 'private', 'protected'])} {r.choice(['Object', 'void', 'String', 'List<' + pascal([n]) + '>', pascal([n]), 'Optional<' + pascal([n]) + '>'])} {self.fn([r.choice(VERBS), n])}({typed}) {{"
        body = self.body(params)
        if head.split()[1] == "void":
            body = body[:-1]
        return ann + [head] + [self.ind + l for l in body] + ["}", ""]

    def wrap(self, kind, units):
        r = self.r
        cls = self.cls
        anns = r.sample(["@Service", "@Slf4j", "@RequiredArgsConstructor", "@RestController", "@Component"], r.randint(1, 3))
        fields = [f"    private final {pascal([d, 'repository'])} {camel([d, 'repository'])};" for d in r.sample(NOUNS, r.randint(1, 4))]
        return anns + [f"public class {cls} {{", ""] + fields + [""] + [self.ind + l if l else l for l in units] + ["}"]


LANGS = {"js": JS, "ts": TS, "tsx": TS, "py": Py, "rb": Rb, "php": PHP, "java": Java}


def gen_source(r, lang, kind, size, ctx, path, site=None):
    sx = LANGS[lang](r, ctx)
    if lang == "java":
        parts = path.split("/")
        try:
            i = len(parts) - 1 - parts[::-1].index("java")
            sx.pkg = ".".join(parts[i + 1:-1]) or "com.acme"
        except ValueError:
            sx.pkg = "com.acme.app"
        sx.cls = parts[-1][:-5]
    header = sx.header(kind)
    units = []
    total = sum(len(l) + 1 for l in header) + 200
    site_lines = None
    site_at = None
    if site:
        site_header, site_lines = site
        header = header + site_header
        total += sum(len(l) + 1 for l in site_lines)
    while total < size:
        u = sx.unit(kind)
        total += sum(len(l) + 1 for l in u) + len(sx.ind) * len(u)
        units.append(u)
        if site_lines is not None and site_at is None and (r.random() < 0.5 or total >= size):
            site_at = len(units)
    if site_lines is not None:
        units.insert(site_at if site_at is not None else len(units), site_lines + [""])
    flat = [l for u in units for l in u]
    body = sx.wrap(kind, flat)
    return "\n".join(header + body) + "\n"


# --------------------------------------------------------------------------------------------
# minified bundles, configuration, lock files, docs

BUNDLE_SNIPPETS = [
    'var {a}=n({d}),{b}=n.n({a});',
    'function {a}({b},{c}){{return {b}.reduce(function({b},{d2}){{return {b}+{d2}[{c}]}},0)}}',
    'const {a}={{primary:"#{hex}",secondary:"#{hex}",radius:{d}}};',
    '{a}.exports=function({b}){{return null=={b}?"":String({b}).replace(/[&<>"\']/g,function({b}){{return {c}[{b}]}})}};',
    't.default=function({a}){{var {b}={a}.items,{c}={a}.onSelect;return o.createElement("ul",{{className:"{word}"}},{b}.map(function({a}){{return o.createElement("li",{{key:{a}.id,onClick:function(){{return {c}({a})}}}},{a}.label)}}))}};',
    'if(!{a}||"object"!=typeof {a})throw new TypeError("{msg}");',
    'for(var {a}=0,{b}={c}.length;{a}<{b};{a}++){d2}[{a}]={c}[{a}];',
    'Object.defineProperty({a},"__esModule",{{value:!0}}),{a}.{word}=void 0;',
    'var {a}=function(){{function {b}({c}){{this.{word}={c},this._{word2}=[]}}return {b}.prototype.{word2}=function({c}){{return this._{word2}.push({c}),this}},{b}}}();',
    '{a}.prototype.{word}=function({b},{c}){{var {d2}=this;return new Promise(function({a},{b2}){{{d2}.{word2}({b},{c}).then({a}).catch({b2})}})}};',
    'case {d}:return {a}.{word}?{a}.{word}({b}):{c};',
    'var {a}="{url}";',
    '{a}=({b},{c})=>{b}.filter({d2}=>{d2}.{word}!=={c}).map({d2}=>({{...{d2},{word2}:!0}}));',
    '"production"!==process.env.NODE_ENV&&console.warn("{msg}");',
    'function {a}({b}){{if(Array.isArray({b}))return {b};if("undefined"!=typeof Symbol&&null!={b}[Symbol.iterator]||null!={b}["@@iterator"])return Array.from({b})}}',
    'var {a}=/^(?:[a-z0-9!#$%&\'*+/=?^_`{{|}}~-]+)*$/i;',
]


def gen_bundle(r, size):
    ids = SHORT_IDS
    ids2 = SHORT_IDS2

    def ident():
        return r.choice(ids) if r.random() < 0.55 else r.choice(ids2)

    out = ['!function(e){var t={};function n(r){if(t[r])return t[r].exports;var o=t[r]={i:r,l:!1,exports:{}};'
           'return e[r].call(o.exports,o,o.exports,n),o.l=!0,o.exports}n.m=e,n.c=t,n.p="/static/",n(n.s=0)}([']
    total = len(out[0])
    line = 0
    while total < size:
        mod = ['function(e,t,n){"use strict";']
        for _ in range(r.randint(3, 40)):
            s = r.choice(BUNDLE_SNIPPETS).format(
                a=ident(), b=ident(), c=ident(), d2=ident(), b2=ident(), d=r.randint(0, 999),
                hex=rand_alnum(r, 6, "0123456789abcdef"), word=camel([r.choice(VERBS), r.choice(NOUNS)]),
                word2=r.choice(NOUNS), msg=message(r), url="https://api.example.com/v2/" + r.choice(NOUNS) + "s")
            mod.append(s)
        if r.random() < 0.02:
            data = base64.b64encode(r.randbytes(r.randint(120, 3000))).decode()
            mod.append(f'var {ident()}="data:image/png;base64,{data}";')
        mod.append("}")
        s = "".join(mod) + ","
        total += len(s)
        line += len(s)
        if line > r.randint(20_000, 200_000):
            s += "\n"
            line = 0
        out.append(s)
    out.append("function(e,t){}]);\n//# sourceMappingURL=" + "bundle.min.js.map\n")
    return "".join(out)


def gen_json(r, size, flavor):
    if flavor == "package":
        deps = {f"{r.choice(['@acme/', '', '@types/'])}{r.choice(NOUNS)}-{r.choice(VERBS)}": f"^{r.randint(0, 12)}.{r.randint(0, 30)}.{r.randint(0, 9)}" for _ in range(r.randint(5, 40))}
        return json.dumps({"name": "@acme/" + r.choice(NOUNS), "version": "1.0.0", "private": True,
                           "scripts": {"build": "tsc -p .", "test": "jest", "lint": "eslint ."},
                           "dependencies": deps}, indent=2) + "\n"
    if flavor == "lock":
        pkgs = {}
        total = 0
        while total < size:
            name = f"node_modules/{r.choice(NOUNS)}-{r.choice(VERBS)}-{r.randint(0, 99999)}"
            ver = f"{r.randint(0, 12)}.{r.randint(0, 30)}.{r.randint(0, 9)}"
            integ = "sha512-" + base64.b64encode(r.randbytes(64)).decode()
            entry = {"version": ver, "resolved": f"https://registry.npmjs.org/{name[13:]}/-/{name[13:]}-{ver}.tgz",
                     "integrity": integ, "dev": r.random() < 0.5}
            pkgs[name] = entry
            total += 260
        return json.dumps({"name": "monorepo", "lockfileVersion": 3, "requires": True, "packages": pkgs}, indent=2) + "\n"
    # i18n dictionaries and fixtures
    if r.random() < 0.5:
        d = {}
        total = 0
        while total < size:
            k = f"{r.choice(NOUNS)}.{r.choice(VERBS)}.{r.choice(ADJS)}.{r.randint(0, 999)}"
            v = sentence(r)
            d[k] = v
            total += len(k) + len(v) + 10
        return json.dumps(d, indent=2, ensure_ascii=False) + "\n"
    rows = []
    total = 0
    fields = r.sample(FIELDS, r.randint(3, 10))
    while total < size:
        row = {f: (r.randint(0, 10**6) if r.random() < 0.4 else sentence(r, r.randint(1, 5))) for f in fields}
        rows.append(row)
        total += 30 * len(fields)
    return json.dumps(rows, indent=2) + "\n"


def gen_yaml(r, size):
    out = []
    total = 0
    flavor = r.choice(["k8s", "compose", "ci", "locale"])
    while total < size:
        if flavor == "k8s":
            n = r.choice(NOUNS)
            block = f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {n}-{r.choice(['api', 'worker', 'web'])}
  labels:
    app: {n}
spec:
  replicas: {r.randint(1, 8)}
  template:
    spec:
      containers:
        - name: {n}
          image: registry.example.com/{n}:{r.randint(1, 400)}
          env:
            - name: {n.upper()}_URL
              value: "http://{n}.svc.cluster.local:{r.randint(3000, 9000)}"
          resources:
            limits:
              memory: {r.choice([128, 256, 512, 1024])}Mi
---
"""
        elif flavor == "compose":
            n = r.choice(NOUNS)
            block = f"""  {n}:
    image: {n}:{r.randint(1, 20)}
    ports:
      - "{r.randint(3000, 9000)}:{r.randint(3000, 9000)}"
    environment:
      - {n.upper()}_DATABASE_URL=postgres://app@db:5432/{n}
    depends_on: [db, redis]
"""
        elif flavor == "ci":
            n = r.choice(VERBS)
            block = f"""  {n}-{r.choice(NOUNS)}:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm ci && npm run {n}
      - name: {sentence(r, 4)}
        run: make {n}
"""
        else:
            block = f"  {r.choice(NOUNS)}_{r.choice(VERBS)}: \"{sentence(r)}\"\n"
        out.append(block)
        total += len(block)
    return "".join(out)


def gen_markdown(r, size):
    out = [f"# {pascal([r.choice(NOUNS), r.choice(NOUNS)])}", ""]
    total = 0
    while total < size:
        p = " ".join(sentence(r) + "." for _ in range(r.randint(2, 6)))
        out += [p, ""]
        if r.random() < 0.3:
            out += ["```sh", f"npm run {r.choice(VERBS)}", "```", ""]
        total += len(p)
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------------------------
# planted signature code


def secret_literal(r):
    return rand_alnum(r, 32)


def make_token(r, defect):
    iat = 1_700_000_000 + r.randint(0, 50_000_000)
    ttl = 72 * 3600 if defect else 7200
    key = rand_alnum(r, 22)
    header = {"alg": "HS256", "typ": "JWT"}
    payload = {"appKey": key, "sdkKey": key, "mn": str(r.randint(8_000_000_000, 9_999_999_999)),
               "role": r.choice([0, 1]), "iat": iat, "exp": iat + ttl, "tokenExp": iat + ttl}

    def seg(o):
        return base64.urlsafe_b64encode(json.dumps(o, separators=(",", ":")).encode()).rstrip(b"=").decode()

    signing = seg(header) + "." + seg(payload)
    sig = base64.urlsafe_b64encode(hmac.new(secret_literal(r).encode(), signing.encode(), hashlib.sha256).digest()).rstrip(b"=").decode()
    return signing + "." + sig


# JWT library generator slots per language: iat (ok, now, ms), ttl (ok, short, ms), key, secret, alg
SLOTS = {
    "js": dict(iat_ok="Math.round(new Date().getTime() / 1000) - 30", iat_now="Math.floor(Date.now() / 1000)",
               iat_ms="Date.now() - 30000", ttl="60 * 60 * 2", ttl_short="60 * 5", ttl_ms="2 * 60 * 60 * 1000",
               key="process.env.ZOOM_MEETING_SDK_KEY", secret="process.env.ZOOM_MEETING_SDK_SECRET", lit="'{}'"),
    "py": dict(iat_ok="int(time.time()) - 30", iat_now="int(time.time())", iat_ms="int(time.time() * 1000) - 30000",
               ttl="60 * 60 * 2", ttl_short="5 * 60", ttl_ms="2 * 60 * 60 * 1000",
               key='os.environ["ZOOM_SDK_KEY"]', secret='os.environ["ZOOM_SDK_SECRET"]', lit='"{}"'),
    "rb": dict(iat_ok="Time.now.to_i - 30", iat_now="Time.now.to_i", iat_ms="(Time.now.to_f * 1000).to_i - 30_000",
               ttl="2 * 60 * 60", ttl_short="5 * 60", ttl_ms="2 * 60 * 60 * 1000",
               key="ENV.fetch('ZOOM_SDK_KEY')", secret="ENV.fetch('ZOOM_SDK_SECRET')", lit="'{}'"),
    "php": dict(iat_ok="time() - 30", iat_now="time()", iat_ms="(int) round(microtime(true) * 1000) - 30000",
                ttl="60 * 60 * 2", ttl_short="60 * 5", ttl_ms="2 * 60 * 60 * 1000",
                key="config('services.zoom.sdk_key')", secret="config('services.zoom.sdk_secret')", lit="'{}'"),
    "java": dict(iat_ok="System.currentTimeMillis() / 1000 - 30", iat_now="System.currentTimeMillis() / 1000",
                 iat_ms="System.currentTimeMillis() - 30000", ttl="60 * 60 * 2", ttl_short="60 * 5", ttl_ms="2 * 60 * 60 * 1000",
                 key="sdkKey", secret="sdkSecret", lit='"{}"'),
}
SLOTS["ts"] = SLOTS["js"]
SLOTS["tsx"] = SLOTS["js"]

# site kind -> (expected codes, slot choices)
JWT_VARIANTS = {
    "jwt-ok": ((), dict()),
    "jwt-iat-now": (("SIG003",), dict(iat="iat_now")),
    "jwt-ms": (("SIG006",), dict(iat="iat_ms", ttl="ttl_ms")),
    "jwt-no-role": (("SIG002",), dict(role=False)),
    "jwt-short-exp": (("SIG005",), dict(ttl="ttl_short")),
    "jwt-literal-secret": (("SIG008",), dict(secret="lit")),
    "jwt-wrong-alg": (("SIG009",), dict(alg="HS512")),
}


def site_jwt(r, lang, variant):
    _, choice = JWT_VARIANTS[variant]
    s = SLOTS[lang]
    iat = s[choice.get("iat", "iat_ok")]
    ttl = s[choice.get("ttl", "ttl")]
    key = s["key"]
    secret = s["lit"].format(secret_literal(r)) if choice.get("secret") == "lit" else s["secret"]
    alg = choice.get("alg", "HS256")
    role = choice.get("role", True)
    fn = r.choice(["generateSignature", "meetingSignature", "createSdkJwt", "signJoinToken", "buildMeetingToken"])
    if lang in ("js", "ts", "tsx"):
        ts = lang != "js"
        sig = "(meetingNumber: string, role: number): string" if ts else "(meetingNumber, role)"
        if r.random() < 0.5:
            hdr = ["import jwt from 'jsonwebtoken';"] if ts else ["const jwt = require('jsonwebtoken');"]
            body = [f"export function {fn}{sig} {{" if ts else f"function {fn}{sig} {{",
                    f"  const iat = {iat};", f"  const exp = iat + {ttl};", "  const payload = {",
                    f"    appKey: {key},", f"    sdkKey: {key},", "    mn: meetingNumber,"]
            body += ["    role,"] if role else []
            body += ["    iat,", "    exp,", "    tokenExp: exp,", "  };",
                     f"  return jwt.sign(payload, {secret}, {{ algorithm: '{alg}' }});", "}"]
        else:
            hdr = ["import { KJUR } from 'jsrsasign';"] if ts else ["const { KJUR } = require('jsrsasign');"]
            body = [f"export function {fn}{sig} {{" if ts else f"function {fn}{sig} {{",
                    f"  const iat = {iat};", f"  const exp = iat + {ttl};",
                    f"  const oHeader = {{ alg: '{alg}', typ: 'JWT' }};", "  const oPayload = {",
                    f"    sdkKey: {key},", "    mn: meetingNumber,"]
            body += ["    role: role,"] if role else []
            body += ["    iat: iat,", "    exp: exp,", "    tokenExp: exp,", "  };",
                     f"  return KJUR.jws.JWS.sign('{alg}', JSON.stringify(oHeader), JSON.stringify(oPayload), {secret});", "}"]
        return hdr, body
    if lang == "py":
        hdr = ["import os", "import time", "", "import jwt", ""]
        body = [f"def {snake([w.lower() for w in split_camel(fn)])}(meeting_number, role):",
                f"    iat = {iat}", f"    exp = iat + {ttl}", "    payload = {",
                f'        "appKey": {key},', f'        "sdkKey": {key},', '        "mn": meeting_number,']
        body += ['        "role": role,'] if role else []
        body += ['        "iat": iat,', '        "exp": exp,', '        "tokenExp": exp,', "    }",
                 f'    return jwt.encode(payload, {secret}, algorithm="{alg}")', "", ""]
        return hdr, body
    if lang == "rb":
        hdr = ["require 'jwt'"]
        body = [f"def {snake([w.lower() for w in split_camel(fn)])}(meeting_number, role)",
                f"  iat = {iat}", f"  exp = iat + {ttl}", "  payload = {",
                f"    appKey: {key},", f"    sdkKey: {key},", "    mn: meeting_number,"]
        body += ["    role: role,"] if role else []
        body += ["    iat: iat,", "    exp: exp,", "    tokenExp: exp", "  }",
                 f"  JWT.encode(payload, {secret}, '{alg}')", "end"]
        return hdr, body
    if lang == "php":
        hdr = ["use Firebase\\JWT\\JWT;", ""]
        body = [f"public function {fn}(string $meetingNumber, int $role): string", "{",
                f"    $iat = {iat};", f"    $exp = $iat + {ttl};", "    $payload = [",
                f"        'appKey' => {key},", f"        'sdkKey' => {key},", "        'mn' => $meetingNumber,"]
        body += ["        'role' => $role,"] if role else []
        body += ["        'iat' => $iat,", "        'exp' => $exp,", "        'tokenExp' => $exp,", "    ];", "",
                 f"    return JWT::encode($payload, {secret}, '{alg}');", "}"]
        return hdr, body
    if lang == "java":
        hdr = ["import io.jsonwebtoken.Jwts;", "import io.jsonwebtoken.SignatureAlgorithm;",
               "import java.nio.charset.StandardCharsets;", "import org.springframework.beans.factory.annotation.Value;", ""]
        sec = secret if secret.startswith('"') else "sdkSecret"
        body = ['@Value("${zoom.sdk.key}")', "private String sdkKey;", "", '@Value("${zoom.sdk.secret}")', "private String sdkSecret;", "",
                f"public String {fn}(String meetingNumber, int role) {{",
                f"    long iat = {iat};", f"    long exp = iat + {ttl};", "    return Jwts.builder()",
                f'            .setHeaderParam("alg", "{alg}")', '            .setHeaderParam("typ", "JWT")',
                f'            .claim("appKey", {key})', f'            .claim("sdkKey", {key})', '            .claim("mn", meetingNumber)']
        body += ['            .claim("role", role)'] if role else []
        body += ['            .claim("iat", iat)', '            .claim("exp", exp)', '            .claim("tokenExp", exp)',
                 f"            .signWith(SignatureAlgorithm.{alg}, {sec}.getBytes(StandardCharsets.UTF_8))", "            .compact();", "}"]
        return hdr, body
    raise ValueError(lang)


def split_camel(s):
    out, cur = [], ""
    for ch in s:
        if ch.isupper() and cur:
            out.append(cur)
            cur = ch
        else:
            cur += ch
    return out + [cur]


def site_hand_rolled(r, lang, ok):
    """A JWT assembled by hand; `ok` uses the URL-safe alphabet without padding."""
    if lang in ("js", "ts", "tsx"):
        enc = "base64url" if ok else "base64"
        hdr = ["const crypto = require('crypto');"] if lang == "js" else ["import crypto from 'crypto';"]
        body = ["function segment(obj) {", f"  return Buffer.from(JSON.stringify(obj)).toString('{enc}');", "}", "",
                "function signMeetingToken(meetingNumber, role) {",
                "  const iat = Math.floor(Date.now() / 1000) - 30;", "  const exp = iat + 7200;",
                "  const claims = { appKey: process.env.ZOOM_SDK_KEY, sdkKey: process.env.ZOOM_SDK_KEY, mn: meetingNumber, role, iat, exp, tokenExp: exp };",
                "  const unsigned = `${segment({ alg: 'HS256', typ: 'JWT' })}.${segment(claims)}`;",
                f"  const signature = crypto.createHmac('sha256', process.env.ZOOM_SDK_SECRET).update(unsigned).digest('{enc}');",
                "  return `${unsigned}.${signature}`;", "}"]
        return hdr, body
    if lang == "py":
        hdr = ["import base64", "import hashlib", "import hmac", "import json", "import os", "import time", ""]
        b64 = "base64.urlsafe_b64encode(data).rstrip(b\"=\")" if ok else "base64.b64encode(data)"
        body = ["def _b64(data: bytes) -> str:", f"    return {b64}.decode(\"ascii\")", "", "",
                "def _segment(obj) -> str:", '    return _b64(json.dumps(obj, separators=(",", ":")).encode("utf-8"))', "", "",
                "def meeting_token(meeting_number, role):", "    iat = int(time.time()) - 30",
                '    payload = {"appKey": os.environ["ZOOM_SDK_KEY"], "sdkKey": os.environ["ZOOM_SDK_KEY"], "mn": meeting_number,',
                '               "role": role, "iat": iat, "exp": iat + 7200, "tokenExp": iat + 7200}',
                '    signing_input = _segment({"alg": "HS256", "typ": "JWT"}) + "." + _segment(payload)',
                '    digest = hmac.new(os.environ["ZOOM_SDK_SECRET"].encode("utf-8"), signing_input.encode("utf-8"), hashlib.sha256).digest()',
                '    return signing_input + "." + _b64(digest)', "", ""]
        return hdr, body
    if lang == "rb":
        hdr = ["require 'base64'", "require 'openssl'"]
        body = ["def meeting_token(meeting_number, role)", "  iat = Time.now.to_i - 30", "  exp = iat + 2 * 60 * 60",
                "  payload = { appKey: ENV['ZOOM_SDK_KEY'], sdkKey: ENV['ZOOM_SDK_KEY'], mn: meeting_number, role: role, iat: iat, exp: exp, tokenExp: exp }",
                "  header_segment = Base64.strict_encode64({ alg: 'HS256', typ: 'JWT' }.to_json)",
                "  payload_segment = Base64.strict_encode64(payload.to_json)",
                "  signing_input = \"#{header_segment}.#{payload_segment}\"",
                "  digest = OpenSSL::HMAC.digest('SHA256', ENV['ZOOM_SDK_SECRET'], signing_input)",
                "  \"#{signing_input}.#{Base64.strict_encode64(digest)}\"", "end"]
        return hdr, body
    if lang == "php":
        hdr = []
        body = ["public function meetingToken(string $meetingNumber, int $role): string", "{",
                "    $iat = time() - 30;", "    $exp = $iat + 7200;",
                "    $header = base64_encode(json_encode(['alg' => 'HS256', 'typ' => 'JWT']));",
                "    $payload = base64_encode(json_encode(['appKey' => $this->sdkKey, 'sdkKey' => $this->sdkKey, 'mn' => $meetingNumber, 'role' => $role, 'iat' => $iat, 'exp' => $exp, 'tokenExp' => $exp]));",
                "    $signature = base64_encode(hash_hmac('sha256', \"$header.$payload\", $this->sdkSecret, true));",
                "    return \"$header.$payload.$signature\";", "}"]
        return hdr, body
    if lang == "java":
        hdr = ["import javax.crypto.Mac;", "import javax.crypto.spec.SecretKeySpec;", "import java.nio.charset.StandardCharsets;", "import java.util.Base64;", ""]
        body = ["public String meetingToken(String sdkKey, String sdkSecret, String meetingNumber, int role) throws Exception {",
                "    long iat = System.currentTimeMillis() / 1000 - 30;", "    long exp = iat + 7200;",
                '    String header = Base64.getEncoder().encodeToString("{\\"alg\\":\\"HS256\\",\\"typ\\":\\"JWT\\"}".getBytes(StandardCharsets.UTF_8));',
                '    String json = String.format("{\\"appKey\\":\\"%s\\",\\"sdkKey\\":\\"%s\\",\\"mn\\":\\"%s\\",\\"role\\":%d,\\"iat\\":%d,\\"exp\\":%d,\\"tokenExp\\":%d}", sdkKey, sdkKey, meetingNumber, role, iat, exp, exp);',
                "    String payload = Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));",
                '    Mac mac = Mac.getInstance("HmacSHA256");',
                '    mac.init(new SecretKeySpec(sdkSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));',
                '    String signature = Base64.getEncoder().encodeToString(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.UTF_8)));',
                '    return header + "." + payload + "." + signature;', "}"]
        return hdr, body
    raise ValueError(lang)


def site_legacy(r, lang):
    if lang in ("js", "ts", "tsx"):
        hdr = ["const crypto = require('crypto');"] if lang == "js" else ["import * as crypto from 'crypto';"]
        body = ["function generateSignature(apiKey, apiSecret, meetingNumber, role) {",
                "  const timestamp = new Date().getTime() - 30000;",
                "  const msg = Buffer.from(apiKey + meetingNumber + timestamp + role).toString('base64');",
                "  const hash = crypto.createHmac('sha256', apiSecret).update(msg).digest('base64');",
                "  const signature = Buffer.from(`${apiKey}.${meetingNumber}.${timestamp}.${role}.${hash}`).toString('base64');",
                "  return signature;", "}"]
        return hdr, body
    if lang == "py":
        hdr = ["import base64", "import hashlib", "import hmac", "import time", ""]
        body = ["def generate_signature(api_key, api_secret, meeting_number, role):",
                "    ts = int(round(time.time() * 1000)) - 30000",
                '    message = base64.b64encode(f"{api_key}{meeting_number}{ts}{role}".encode("utf-8"))',
                '    hash_ = base64.b64encode(hmac.new(api_secret.encode("utf-8"), message, hashlib.sha256).digest())',
                '    tmp = f"{api_key}.{meeting_number}.{ts}.{role}.{hash_.decode()}"',
                '    return base64.b64encode(tmp.encode("utf-8")).decode("utf-8").rstrip("=")', "", ""]
        return hdr, body
    if lang == "rb":
        hdr = ["require 'base64'", "require 'openssl'"]
        body = ["def generate_signature(api_key, api_secret, meeting_number, role)",
                "  timestamp = (Time.now.to_f * 1000).to_i - 30_000",
                "  message = Base64.strict_encode64(\"#{api_key}#{meeting_number}#{timestamp}#{role}\")",
                "  hash = Base64.strict_encode64(OpenSSL::HMAC.digest('sha256', api_secret, message))",
                "  Base64.strict_encode64(\"#{api_key}.#{meeting_number}.#{timestamp}.#{role}.#{hash}\")", "end"]
        return hdr, body
    if lang == "php":
        hdr = []
        body = ["public function generateSignature(string $apiKey, string $apiSecret, string $meetingNumber, int $role): string", "{",
                "    $time = time() * 1000 - 30000;",
                "    $data = base64_encode($apiKey . $meetingNumber . $time . $role);",
                "    $hash = hash_hmac('sha256', $data, $apiSecret, true);",
                "    $signature = $apiKey . '.' . $meetingNumber . '.' . $time . '.' . $role . '.' . base64_encode($hash);",
                "    return rtrim(strtr(base64_encode($signature), '+/', '-_'), '=');", "}"]
        return hdr, body
    if lang == "java":
        hdr = ["import javax.crypto.Mac;", "import javax.crypto.spec.SecretKeySpec;", "import java.util.Base64;", ""]
        body = ["public static String generateSignature(String apiKey, String apiSecret, String meetingNumber, int role) throws Exception {",
                "    long ts = System.currentTimeMillis() - 30000;",
                "    String msg = Base64.getEncoder().encodeToString((apiKey + meetingNumber + ts + role).getBytes());",
                '    Mac hasher = Mac.getInstance("HmacSHA256");',
                '    hasher.init(new SecretKeySpec(apiSecret.getBytes(), "HmacSHA256"));',
                "    String hash = Base64.getEncoder().encodeToString(hasher.doFinal(msg.getBytes()));",
                '    String tmpString = String.format("%s.%s.%s.%d.%s", apiKey, meetingNumber, ts, role, hash);',
                "    return Base64.getEncoder().encodeToString(tmpString.getBytes()).replaceAll(\"=+$\", \"\");", "}"]
        return hdr, body
    raise ValueError(lang)


def site_lookalike(r, lang, variant):
    """Code that must stay silent: webhook verification (an HMAC), another API's JWT with appKey
    and role, browser code that passes a signature to ZoomMtg.join."""
    if variant == "look-join" and lang not in ("js", "ts", "tsx"):
        variant = "look-webhook"
    if variant == "look-webhook":
        if lang in ("js", "ts", "tsx"):
            hdr = ["const crypto = require('crypto');"] if lang == "js" else ["import crypto from 'crypto';"]
            body = ["function verifyWebhook(req) {", "  const timestamp = req.headers['x-zm-request-timestamp'];",
                    "  const message = `v0:${timestamp}:${req.rawBody}`;",
                    "  const digest = crypto.createHmac('sha256', process.env.ZOOM_WEBHOOK_SECRET).update(message).digest('hex');",
                    "  return `v0=${digest}` === req.headers['x-zm-signature'];", "}"]
        elif lang == "py":
            hdr = ["import hashlib", "import hmac", "import os", ""]
            body = ["def verify_webhook(request):", '    timestamp = request.headers["X-Zm-Request-Timestamp"]',
                    '    message = f"v0:{timestamp}:{request.body.decode()}"',
                    '    digest = hmac.new(os.environ["ZOOM_WEBHOOK_SECRET"].encode(), message.encode(), hashlib.sha256).hexdigest()',
                    '    return hmac.compare_digest(f"v0={digest}", request.headers.get("X-Zm-Signature", ""))', "", ""]
        elif lang == "rb":
            hdr = ["require 'openssl'"]
            body = ["def verify_webhook", "  message = \"v0:#{request.headers['x-zm-request-timestamp']}:#{request.raw_post}\"",
                    "  digest = OpenSSL::HMAC.hexdigest('SHA256', ENV.fetch('ZOOM_WEBHOOK_SECRET'), message)",
                    "  head :unauthorized unless ActiveSupport::SecurityUtils.secure_compare(\"v0=#{digest}\", request.headers['x-zm-signature'].to_s)", "end"]
        elif lang == "php":
            hdr = []
            body = ["public function verifyWebhook(Request $request): bool", "{",
                    "    $message = 'v0:' . $request->header('x-zm-request-timestamp') . ':' . $request->getContent();",
                    "    $digest = hash_hmac('sha256', $message, config('services.zoom.webhook_secret'));",
                    "    return hash_equals('v0=' . $digest, (string) $request->header('x-zm-signature'));", "}"]
        else:
            hdr = ["import javax.crypto.Mac;", "import javax.crypto.spec.SecretKeySpec;", "import java.nio.charset.StandardCharsets;", "import java.util.HexFormat;", ""]
            body = ["public boolean verifyWebhook(String timestamp, String body, String signature) throws Exception {",
                    '    Mac mac = Mac.getInstance("HmacSHA256");',
                    '    mac.init(new SecretKeySpec(webhookSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));',
                    '    String digest = HexFormat.of().formatHex(mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8)));',
                    '    return ("v0=" + digest).equals(signature);', "}"]
        return hdr, body
    if variant == "look-other-jwt":
        if lang in ("js", "ts", "tsx"):
            hdr = ["const jwt = require('jsonwebtoken');"] if lang == "js" else ["import jwt from 'jsonwebtoken';"]
            body = ["function partnerToken(user) {", "  const iat = Math.floor(Date.now() / 1000);",
                    "  return jwt.sign({ appKey: process.env.PARTNER_APP_KEY, role: user.role, sub: user.id, iat, exp: iat + 300 }, process.env.PARTNER_SECRET, { algorithm: 'HS512' });", "}"]
        elif lang == "py":
            hdr = ["import time", "import jwt", ""]
            body = ["def partner_token(user):", "    now = int(time.time())",
                    '    claims = {"appKey": settings.PARTNER_APP_KEY, "role": user.role, "sub": str(user.id), "iat": now, "exp": now + 300}',
                    '    return jwt.encode(claims, settings.PARTNER_SECRET, algorithm="HS512")', "", ""]
        elif lang == "rb":
            hdr = ["require 'jwt'"]
            body = ["def partner_token(user)", "  now = Time.now.to_i",
                    "  JWT.encode({ appKey: ENV['PARTNER_APP_KEY'], role: user.role, sub: user.id, iat: now, exp: now + 300 }, ENV['PARTNER_SECRET'], 'HS512')", "end"]
        elif lang == "php":
            hdr = ["use Firebase\\JWT\\JWT;", ""]
            body = ["public function partnerToken(User $user): string", "{", "    $now = time();",
                    "    return JWT::encode(['appKey' => config('partner.app_key'), 'role' => $user->role, 'sub' => $user->id, 'iat' => $now, 'exp' => $now + 300], config('partner.secret'), 'HS512');", "}"]
        else:
            hdr = ["import io.jsonwebtoken.Jwts;", "import io.jsonwebtoken.SignatureAlgorithm;", ""]
            body = ["public String partnerToken(String userId, String role) {", "    long now = System.currentTimeMillis() / 1000;",
                    '    return Jwts.builder().claim("appKey", partnerAppKey).claim("role", role).setSubject(userId)',
                    '            .claim("iat", now).claim("exp", now + 300).signWith(SignatureAlgorithm.HS512, partnerSecret.getBytes()).compact();', "}"]
        return hdr, body
    # look-join: browser code that only passes a signature along
    hdr = ["import { ZoomMtg } from '@zoom/meetingsdk';"]
    body = ["export async function joinMeeting(meetingNumber, userName, passWord) {",
            "  const { signature } = await fetch('/api/zoom/signature', { method: 'POST', body: JSON.stringify({ meetingNumber, role: 0 }) }).then((r) => r.json());",
            "  ZoomMtg.init({", "    leaveUrl: window.location.origin,", "    success: () => {",
            "      ZoomMtg.join({ signature, meetingNumber, userName, passWord, success: () => console.log('joined') });",
            "    },", "  });", "}"]
    return hdr, body


SITE_KINDS = {
    # kind: (weight, languages, expected codes)
    "jwt-ok": (5, "js ts py rb php java", ()),
    "jwt-iat-now": (3, "js ts py rb php java", ("SIG003",)),
    "jwt-ms": (2, "js ts py rb php java", ("SIG006",)),
    "jwt-no-role": (2, "js ts py rb php java", ("SIG002",)),
    "jwt-short-exp": (2, "js ts py rb php java", ("SIG005",)),
    "jwt-literal-secret": (2, "js ts py rb php java", ("SIG008",)),
    "jwt-wrong-alg": (1, "js ts py rb php java", ("SIG009",)),
    "hand-rolled-ok": (1, "js ts py", ()),
    "hand-rolled-std-base64": (2, "js ts py rb php java", ("SIG004",)),
    "legacy": (3, "js ts py rb php java", ("SIG001",)),
    "committed-token": (1, "json yaml", ("TOK005",)),
    "look-webhook": (5, "js ts py rb php java", ()),
    "look-other-jwt": (3, "js ts py rb php java", ()),
    "look-join": (2, "js ts tsx", ()),
}


def make_site(r, lang, kind):
    if kind in JWT_VARIANTS:
        return site_jwt(r, lang, kind)
    if kind.startswith("hand-rolled"):
        return site_hand_rolled(r, lang, kind == "hand-rolled-ok")
    if kind == "legacy":
        return site_legacy(r, lang)
    return site_lookalike(r, lang, kind)


# --------------------------------------------------------------------------------------------
# the plan: projects, paths, kinds, sizes, sites

PROJECT_TYPES = {
    # type: (weight by files, roles [(weight, lang, kind, dir pattern, name pattern)])
    "node-service": (14, [
        (22, "js", "src", "src/controllers/{f}", "{n}.controller.js"), (22, "js", "src", "src/services/{f}", "{n}.service.js"),
        (10, "js", "src", "src/utils", "{v}-{n}.js"), (8, "js", "src", "src/models", "{n}.js"), (8, "js", "src", "src/routes", "{n}.routes.js"),
        (12, "js", "test", "test/{f}", "{n}.test.js"), (10, "ts", "src", "src/jobs/{f}", "{v}-{n}.ts"),
        (4, "json", "config", "config", "{n}.json"), (2, "yaml", "config", "deploy", "{n}.yaml"), (0.6, "md", "doc", "docs", "{n}.md")]),
    "web-app": (24, [
        (30, "tsx", "component", "src/components/{F}", "{N}{K}.tsx"), (12, "ts", "src", "src/hooks", "use{N}.ts"),
        (12, "ts", "src", "src/api/{f}", "{n}.ts"), (8, "ts", "src", "src/store/{f}", "{n}Slice.ts"), (8, "ts", "src", "src/utils", "{v}{N}.ts"),
        (10, "ts", "test", "src/__tests__/{f}", "{n}.test.ts"), (6, "js", "src", "src/legacy/{f}", "{v}-{n}.js"),
        (6, "json", "config", "src/i18n/{l}", "{n}.json"), (0.25, "bundle", "bundle", "public/static/js", "{n}.{h}.min.js"), (0.5, "md", "doc", "docs", "{n}.md")]),
    "python": (15, [
        (20, "py", "src", "{p}/{f}", "views.py"), (20, "py", "src", "{p}/{f}", "{n}_service.py"), (12, "py", "src", "{p}/{f}", "models.py"),
        (10, "py", "src", "{p}/{f}", "serializers.py"), (10, "py", "src", "{p}/utils", "{v}_{n}.py"), (16, "py", "test", "tests/{f}", "test_{n}.py"),
        (4, "json", "config", "fixtures", "{n}.json"), (4, "yaml", "config", "config", "{n}.yaml"), (0.5, "md", "doc", "docs", "{n}.md")]),
    "java": (14, [
        (20, "java", "src", "src/main/java/com/acme/{p}/controller", "{N}Controller.java"), (24, "java", "src", "src/main/java/com/acme/{p}/service", "{N}Service.java"),
        (12, "java", "src", "src/main/java/com/acme/{p}/repository", "{N}Repository.java"), (12, "java", "src", "src/main/java/com/acme/{p}/model", "{N}.java"),
        (6, "java", "src", "src/main/java/com/acme/{p}/util", "{N}Utils.java"), (18, "java", "test", "src/test/java/com/acme/{p}/service", "{N}ServiceTest.java"),
        (4, "yaml", "config", "src/main/resources", "application-{n}.yml"), (0.3, "md", "doc", "docs", "{n}.md")]),
    "rails": (12, [
        (18, "rb", "src", "app/controllers/{f}", "{n}s_controller.rb"), (18, "rb", "src", "app/models", "{n}.rb"), (14, "rb", "src", "app/services/{f}", "{v}_{n}.rb"),
        (8, "rb", "src", "app/jobs", "{v}_{n}_job.rb"), (8, "rb", "src", "db/migrate", "2023{d}_{v}_{n}s.rb"), (20, "rb", "test", "spec/{f}", "{n}_spec.rb"),
        (3, "rb", "src", "lib/tasks", "{n}.rake"), (5, "yaml", "config", "config/locales/{l}", "{n}.yml"), (0.3, "md", "doc", "docs", "{n}.md")]),
    "laravel": (12, [
        (20, "php", "src", "app/Http/Controllers/{F}", "{N}Controller.php"), (18, "php", "src", "app/Services/{F}", "{N}Service.php"),
        (14, "php", "src", "app/Models", "{N}.php"), (8, "php", "src", "app/Jobs", "{V}{N}Job.php"), (8, "php", "src", "database/migrations", "2023_{d}_{v}_{n}s_table.php"),
        (16, "php", "test", "tests/Feature/{F}", "{N}Test.php"), (8, "js", "src", "resources/js/{f}", "{n}.js"), (4, "json", "config", "resources/lang/{l}", "{n}.json"),
        (0.15, "bundle", "bundle", "public/js", "{n}.min.js"), (0.3, "md", "doc", "docs", "{n}.md")]),
    "shared-lib": (9, [
        (30, "ts", "src", "packages/{p}/src", "{n}.ts"), (20, "ts", "src", "packages/{p}/src/{f}", "{v}{N}.ts"), (15, "js", "src", "packages/{p}/lib", "{n}.js"),
        (15, "ts", "test", "packages/{p}/test", "{n}.spec.ts"), (6, "json", "config", "packages/{p}", "{n}.json"), (0.3, "lock", "config", "packages/{p}", "package-lock.json"),
        (0.15, "bundle", "bundle", "packages/{p}/dist", "index.{h}.min.js"), (0.5, "md", "doc", "packages/{p}", "{n}.md")]),
}
LOCALES = "en de fr es ja pt-BR nl it".split()


def quotas(total, weights):
    """Splits `total` in proportion to `weights` (largest remainder), so that a corpus twice as
    large has twice as many files of every kind, not a different random mix."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    base = [int(x) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: base[i] - raw[i])[: total - sum(base)]:
        base[i] += 1
    return base


# size classes: (median, sigma, min, max) of a log-normal distribution of file sizes in bytes
SIZE_CLASSES = {
    "bundle": (350_000, 0.8, 40_000, 4_000_000),
    "lock": (400_000, 0.6, 50_000, 3_000_000),
    "config": (1_500, 1.2, 80, 400_000),
    "md": (2_500, 0.9, 200, 60_000),
    "source": (3_500, 1.0, 150, 400_000),
}
# gen_source stops after the unit that crosses the planned size: aim a little lower
OVERSHOOT = 0.93


def stratified_sizes(r, k, cls):
    """k sizes drawn one from each of k equal-probability strata of the class's distribution
    (then shuffled): the same distribution at every scale, without sampling noise in the tail."""
    from statistics import NormalDist
    median, sigma, lo, hi = SIZE_CLASSES[cls]
    nd = NormalDist(math.log(median), sigma)
    out = [int(min(hi, max(lo, math.exp(nd.inv_cdf((i + 0.05 + 0.9 * r.random()) / k))))) for i in range(k)]
    r.shuffle(out)
    return out


def size_class(lang, kind):
    if kind == "bundle":
        return "bundle"
    if lang == "lock":
        return "lock"
    if lang in ("json", "yaml"):
        return "config"
    if lang == "md":
        return "md"
    return "source"


def plan_corpus(scale, seed):
    r = random.Random(f"plan:{seed}")
    n_files = max(60, int(round(DEFAULT_FILES * scale)))
    target_bytes = int(DEFAULT_BYTES * scale)
    types = list(PROJECT_TYPES)
    tweights = [PROJECT_TYPES[t][0] for t in types]
    n_projects = max(len(types), n_files // 700)
    projects = []
    for t, count in zip(types, quotas(n_projects, tweights)):
        for _ in range(max(1, count)):
            i = len(projects)
            name = f"{r.choice(NOUNS)}-{r.choice(['api', 'service', 'portal', 'web', 'core', 'hub', 'admin', 'sync'])}"
            top = {"node-service": "services", "web-app": "apps", "python": "python", "java": "java",
                   "rails": "rails", "laravel": "php", "shared-lib": "libs"}[t]
            features = r.sample(NOUNS, r.randint(4, 16))
            projects.append((t, f"{top}/{name}-{i}", features, r.uniform(0.3, 2.0)))
    # every (project type, role) gets its exact share of the files
    slots = []
    for t, tcount in zip(types, quotas(n_files, tweights)):
        roles = PROJECT_TYPES[t][1]
        for role, count in zip(roles, quotas(tcount, [x[0] for x in roles])):
            slots += [(t, role)] * count
    r.shuffle(slots)
    by_type = {}
    for p in projects:
        by_type.setdefault(p[0], []).append(p)
    files = []
    used = set()
    for idx, (ptype, role) in enumerate(slots):
        cands = by_type[ptype]
        _, root, features, _ = r.choices(cands, [c[3] for c in cands])[0]
        _, lang, kind, dpat, npat = role
        f = r.choice(features)
        sub = {"f": f, "F": pascal([f]), "l": r.choice(LOCALES), "p": f.replace("-", "_")}
        nouns = [f, r.choice(NOUNS), r.choice(NOUNS)]
        for _ in range(20):
            n = r.choice([f] + r.sample(NOUNS, 3))
            v = r.choice(VERBS)
            name = npat.format(n=n, N=pascal([n]), v=v, V=pascal([v]), K=pascal([r.choice(["list", "card", "form", "view", "row", "modal"])]),
                               d=f"{r.randint(1, 12):02d}{r.randint(1, 28):02d}{r.randint(0, 999999):06d}", h=rand_alnum(r, 8, "0123456789abcdef"))
            path = f"{root}/{dpat.format(**sub)}/{name}"
            if path not in used:
                break
            sub["f"] = f"{f}/{r.choice(NOUNS)}"
            sub["F"] = pascal([f]) + "/" + pascal([r.choice(NOUNS)])
        else:
            path = f"{root}/{dpat.format(**sub)}/{idx}-{name}"
        used.add(path)
        files.append([idx, path, lang, kind, 0, None, nouns])
    by_class = {}
    for f in files:
        by_class.setdefault(size_class(f[2], f[3]), []).append(f)
    for cls, members in sorted(by_class.items()):
        for f, size in zip(members, stratified_sizes(r, len(members), cls)):
            f[4] = size
    # scale the ordinary files' sizes so the total hits the target
    fixed = sum(f[4] for f in files if size_class(f[2], f[3]) in ("bundle", "lock"))
    flexible = sum(f[4] for f in files if size_class(f[2], f[3]) not in ("bundle", "lock"))
    factor = max(0.2, (target_bytes * OVERSHOOT - fixed) / max(1, flexible))
    for f in files:
        if size_class(f[2], f[3]) not in ("bundle", "lock"):
            f[4] = max(80, int(f[4] * factor))
    # planted sites: one signature-code site per 300 files and one look-alike per 300 files
    # (so ~0.7% of files hold one: real trees have ~0.5% files with an HMAC API in them)
    by_lang = {}
    for f in files:
        if f[3] in ("src", "test", "component") and f[4] < 60_000:
            by_lang.setdefault(f[2], []).append(f)
        if f[2] in ("json", "yaml") and f[4] < 20_000:
            by_lang.setdefault(f[2], []).append(f)
    sig_kinds = [k for k in SITE_KINDS if not k.startswith("look-")]
    look_kinds = [k for k in SITE_KINDS if k.startswith("look-")]
    taken = set()

    def plant(kinds, count):
        counts = [max(1, c) for c in quotas(count, [SITE_KINDS[k][0] for k in kinds])]
        for kind, c in zip(kinds, counts):
            langs = SITE_KINDS[kind][1].split()
            for _ in range(c):
                for _ in range(100):
                    lang = r.choice(langs)
                    pool = by_lang.get(lang)
                    if not pool:
                        continue
                    f = r.choice(pool)
                    if f[0] in taken or (f[3] == "test" and kind != "jwt-ok"):
                        continue
                    taken.add(f[0])
                    f[5] = kind
                    if f[3] == "component" and kind != "look-join":
                        f[3] = "src"
                    break

    plant(sig_kinds, n_files // 300)
    plant(look_kinds, n_files // 300)
    return files, projects


# --------------------------------------------------------------------------------------------
# writing


def render(entry, seed):
    idx, path, lang, kind, size, site, nouns = entry
    r = random.Random(f"file:{seed}:{idx}")
    if kind == "bundle":
        return gen_bundle(r, size)
    if lang == "lock":
        return gen_json(r, size, "lock")
    if lang == "md":
        return gen_markdown(r, size)
    if lang in ("json", "yaml"):
        if site == "committed-token":
            tok = make_token(r, defect=r.random() < 0.5)
            if lang == "json":
                base = json.loads(gen_json(r, min(size, 4000), "package"))
                base["zoom"] = {"meetingNumber": str(r.randint(8_000_000_000, 9_999_999_999)), "signature": tok}
                return json.dumps(base, indent=2) + "\n"
            return gen_yaml(r, min(size, 4000)) + f"zoom_demo:\n  signature: \"{tok}\"\n"
        if lang == "json":
            if path.endswith("package.json") or r.random() < 0.2:
                return gen_json(r, size, "package")
            return gen_json(r, size, "data")
        return gen_yaml(r, size)
    site_code = None
    if site:
        site_code = make_site(r, lang, site)
    return gen_source(r, lang, kind, size, nouns, path, site_code)


def write_chunk(args):
    entries, seed, out = args
    n = 0
    for e in entries:
        text = render(e, seed)
        p = os.path.join(out, e[1])
        with open(p, "w", encoding="utf-8") as fh:
            fh.write(text)
        n += len(text.encode("utf-8"))
    return len(entries), n


def expected_for(site):
    return list(SITE_KINDS[site][2]) if site else []


def generate(out, scale, seed, jobs):
    t0 = time.time()
    files, projects = plan_corpus(scale, seed)
    with open(os.path.abspath(__file__), "rb") as fh:
        source_hash = hashlib.sha1(fh.read()).hexdigest()[:12]
    stamp = {"generator": source_hash, "scale": scale, "seed": seed}
    manifest_path = out.rstrip("/") + ".manifest.json"
    if os.path.exists(manifest_path) and os.path.isdir(out):
        try:
            with open(manifest_path) as fh:
                old = json.load(fh)
            if old.get("stamp") == stamp and old.get("complete"):
                print(f"corpus {out} is up to date (scale {scale}, seed {seed})", file=sys.stderr)
                print_summary(old)
                return old
        except (OSError, ValueError):
            pass
    if os.path.exists(out):
        shutil.rmtree(out)
    dirs = sorted({os.path.dirname(os.path.join(out, f[1])) for f in files})
    for d in dirs:
        os.makedirs(d, exist_ok=True)
    # big files first so the pool stays balanced; chunks of ~4 MB planned bytes
    order = sorted(files, key=lambda f: -f[4])
    chunks, cur, cur_bytes = [], [], 0
    for f in order:
        cur.append(f)
        cur_bytes += f[4]
        if cur_bytes > 4_000_000 or len(cur) >= 400:
            chunks.append(cur)
            cur, cur_bytes = [], 0
    if cur:
        chunks.append(cur)
    total_files = total_bytes = 0
    with Pool(jobs) as pool:
        for nf, nb in pool.imap_unordered(write_chunk, [(c, seed, out) for c in chunks]):
            total_files += nf
            total_bytes += nb
    by_lang = {}
    for f in files:
        k = "bundle" if f[3] == "bundle" else f[2]
        c = by_lang.setdefault(k, [0, 0])
        c[0] += 1
    sites = [{"path": f[1], "lang": f[2], "site": f[5], "expect": expected_for(f[5])} for f in files if f[5]]
    sites.sort(key=lambda s: s["path"])
    counts = {}
    for s in sites:
        counts[s["site"]] = counts.get(s["site"], 0) + 1
    manifest = {"stamp": stamp, "complete": True, "files": total_files, "bytes": total_bytes,
                "projects": len(projects), "files_by_kind": {k: v[0] for k, v in sorted(by_lang.items())},
                "site_counts": dict(sorted(counts.items())), "sites": sites,
                "seconds": round(time.time() - t0, 1)}
    with open(manifest_path, "w") as fh:
        json.dump(manifest, fh, indent=1)
    print_summary(manifest)
    return manifest


def print_summary(m):
    print(f"corpus: {m['files']} files, {m['bytes'] / 1e6:.1f} MB, {m['projects']} projects "
          f"(generated in {m['seconds']} s)", file=sys.stderr)
    print("files: " + ", ".join(f"{k} {v}" for k, v in m["files_by_kind"].items()), file=sys.stderr)
    sig = sum(v for k, v in m["site_counts"].items() if not k.startswith("look-"))
    look = sum(v for k, v in m["site_counts"].items() if k.startswith("look-"))
    print(f"planted: {sig} signature sites, {look} look-alikes "
          f"(1 in {m['files'] // max(1, sig)} files; 1 in {m['files'] // max(1, look)} files)", file=sys.stderr)
    for k, v in m["site_counts"].items():
        exp = ",".join(SITE_KINDS[k][2]) or "none"
        print(f"  {k:24} {v:5}   expect {exp}", file=sys.stderr)


def verify(corpus, findings_path):
    """Compares siglint's JSON with the plan: each defective site must be reported with its code,
    correct code and look-alikes must stay silent. Prints a table; exit status 0 unless a
    planted defect is missed or a silent site is reported."""
    with open(corpus.rstrip("/") + ".manifest.json") as fh:
        m = json.load(fh)
    with open(findings_path) as fh:
        report = json.load(fh)
    by_path = {}
    for f in report["findings"]:
        p = f["path"]
        by_path.setdefault(os.path.normpath(p), set()).add(f["code"])
    root = os.path.normpath(corpus)

    def codes_for(rel):
        for cand in (os.path.normpath(os.path.join(root, rel)), os.path.normpath(rel)):
            if cand in by_path:
                return by_path[cand]
        return set()

    rows = {}
    planted = set()
    bad = 0
    for s in m["sites"]:
        planted.add(os.path.normpath(os.path.join(root, s["path"])))
        planted.add(os.path.normpath(s["path"]))
        got = codes_for(s["path"])
        row = rows.setdefault(s["site"], [0, 0, 0])
        row[0] += 1
        if s["expect"]:
            ok = all(c in got for c in s["expect"])
        else:
            ok = not got
        if ok:
            row[1] += 1
        else:
            row[2] += 1
            bad += 1
            if row[2] <= 2:
                print(f"  mismatch {s['site']}: {s['path']} expected {s['expect'] or 'nothing'}, got {sorted(got) or 'nothing'}")
    stray = sorted(p for p in by_path if p not in planted)
    print("| site | planted | as expected | mismatched |")
    print("|---|---:|---:|---:|")
    for k, (n, ok, miss) in sorted(rows.items()):
        print(f"| {k} | {n} | {ok} | {miss} |")
    print(f"\nfiles with findings that hold no planted site: {len(stray)}")
    for p in stray[:5]:
        print(f"  {p}: {sorted(by_path[p])}")
    return 0 if bad == 0 and not stray else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", help="corpus directory to write (replaced), or the corpus for --verify")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--verify", metavar="FINDINGS_JSON")
    a = ap.parse_args()
    if a.verify:
        sys.exit(verify(a.out, a.verify))
    generate(a.out, a.scale, a.seed, a.jobs)


if __name__ == "__main__":
    main()
