//! Imports, includes, namespaces and top-level returns as the Python, Ruby, PHP and Java front
//! ends lower them (SPEC §6): an import is `Import { spec, kind }`, every name it binds is a
//! constant assignment of the import or of a member of it, and what a file includes whole is in
//! `Model::includes`. The last tests follow the imports through a project on disk.

use std::path::Path;

use siglint::engine::{analyze_text_in, detect_kind, InProject};
use siglint::lang::lower;
use siglint::model::{AssignKind, ExprKind, ImportKind, Language, Model};
use siglint::project::Project;

fn model(language: Language, src: &str) -> Model {
    lower(language, src).expect("parses")
}

#[track_caller]
fn assert_lines(dump: &str, lines: &[&str]) {
    for line in lines {
        assert!(
            dump.lines().any(|l| l.trim_end() == *line),
            "missing line {line:?} in dump:\n{dump}"
        );
    }
}

/// The includes, rendered.
fn includes(m: &Model) -> Vec<String> {
    m.includes.iter().map(|i| m.render(*i)).collect()
}

fn text(src: &str, span: siglint::model::Span) -> &str {
    &src[span.start..span.end]
}

/// The text of the bound name, of the bound value, and of the import's spec, for the constant
/// assignment to `name` in the file scope.
fn binding_spans<'s>(m: &Model, src: &'s str, name: &str) -> (&'s str, &'s str, &'s str) {
    let a = m
        .assignments
        .iter()
        .find(|a| matches!(m.kind(a.target), ExprKind::Name(n) if n == name))
        .unwrap_or_else(|| panic!("no binding of {name}:\n{}", m.dump()));
    assert_eq!(a.kind, AssignKind::Const, "{name}");
    let mut import = a.value;
    if let ExprKind::Member { object, .. } = m.kind(import) {
        import = *object;
    }
    let ExprKind::Import { spec, .. } = m.kind(import) else {
        panic!("{name} is not bound to an import:\n{}", m.dump());
    };
    (
        text(src, m.span(a.target)),
        text(src, m.span(a.value)),
        text(src, m.span(*spec)),
    )
}

// ---------------------------------------------------------------------------------------------
// Python

#[test]
fn python_imports_bind_modules_and_their_members() {
    let config = r#"
ZOOM_SDK_KEY = "abc"
ZOOM_SDK_SECRET = "s3cr3t"
"#;
    let m = model(Language::Python, config);
    assert!(m.includes.is_empty() && m.imports.is_empty());

    let src = r#"
import time
import jwt as pyjwt
import app.core.settings
import app.core.config as cfg, os
from datetime import datetime, timezone
from .config import ZOOM_SDK_KEY, ZOOM_SDK_SECRET as SECRET
from . import config
from ..core.config import settings
from .keys import (API_KEY,
                   API_SECRET as LEGACY_SECRET)
from .helpers import *

def sign(meeting_number):
    from .clock import now
    return pyjwt.encode({"appKey": ZOOM_SDK_KEY, "iat": now()}, SECRET)
"#;
    let m = model(Language::Python, src);
    let d = m.dump();
    assert_lines(
        &d,
        &[
            r#"[scope 0] const time = import Module "time""#,
            r#"[scope 0] const pyjwt = import Module "jwt""#,
            r#"[scope 0] const app = import Module "app""#,
            r#"[scope 0] const cfg = import Module "app.core.config""#,
            r#"[scope 0] const os = import Module "os""#,
            r#"[scope 0] const datetime = import Module "datetime".datetime"#,
            r#"[scope 0] const timezone = import Module "datetime".timezone"#,
            r#"[scope 0] const ZOOM_SDK_KEY = import Module ".config".ZOOM_SDK_KEY"#,
            r#"[scope 0] const SECRET = import Module ".config".ZOOM_SDK_SECRET"#,
            r#"[scope 0] const config = import Module ".".config"#,
            r#"[scope 0] const settings = import Module "..core.config".settings"#,
            r#"[scope 0] const API_KEY = import Module ".keys".API_KEY"#,
            r#"[scope 0] const LEGACY_SECRET = import Module ".keys".API_SECRET"#,
            // An import in a function binds in the function.
            r#"[scope 1] const now = import Module ".clock".now"#,
        ],
    );
    assert_eq!(includes(&m), [r#"import Module ".helpers""#]);
    // The module names, as before (browser/server signals and fixes read them).
    assert_eq!(
        m.imports,
        [
            "time",
            "jwt",
            "app.core.settings",
            "app.core.config",
            "os",
            "datetime",
            ".config",
            ".",
            "..core.config",
            ".keys",
            ".helpers",
            ".clock"
        ]
    );
    assert!(m.namespace.is_none() && m.file_returns.is_empty());
    for e in m.expr_ids() {
        if let ExprKind::Import { kind, .. } = m.kind(e) {
            assert_eq!(*kind, ImportKind::Module);
        }
    }
    // Spans: the spec is the module name, the value the imported name, the target the local one.
    assert_eq!(
        binding_spans(&m, src, "SECRET"),
        ("SECRET", "ZOOM_SDK_SECRET", ".config")
    );
    assert_eq!(binding_spans(&m, src, "app"), ("app", "app", "app"));
    assert_eq!(
        binding_spans(&m, src, "cfg"),
        ("cfg", "app.core.config", "app.core.config")
    );
    assert_eq!(
        binding_spans(&m, src, "settings"),
        ("settings", "settings", "..core.config")
    );
}

// ---------------------------------------------------------------------------------------------
// Ruby

#[test]
fn ruby_requires_are_includes() {
    let src = r#"
require 'jwt'
require 'openssl'
require_relative 'config'
require_relative "../lib/zoom/keys"
require_relative './signer'
require("zoom/settings")
load './tasks/zoom.rb'
load 'zoom_env.rb'
require 'dotenv' if ENV['RACK_ENV'] == 'development'
begin
  require 'pry'
rescue LoadError
end

module Zoom
  def self.signature(meeting_number, role)
    payload = { sdkKey: ZOOM_SDK_KEY, mn: meeting_number, role: role }
    JWT.encode(payload, ZOOM_SDK_SECRET, 'HS256')
  end
end
"#;
    let m = model(Language::Ruby, src);
    assert_eq!(
        includes(&m),
        [
            r#"import Module "jwt""#,
            r#"import Module "openssl""#,
            r#"import Module "./config""#,
            r#"import Module "./../lib/zoom/keys""#,
            r#"import Module "./signer""#,
            r#"import Module "zoom/settings""#,
            r#"import Module "./tasks/zoom.rb""#,
            r#"import Module "zoom_env.rb""#,
            r#"import Module "dotenv""#,
            r#"import Module "pry""#,
        ]
    );
    // `require` names are still recorded as the file's libraries (the fixes read them).
    assert_eq!(
        m.imports,
        ["jwt", "openssl", "zoom/settings", "dotenv", "pry"]
    );
    // Nothing is bound: the names of a required file are found through the includes.
    assert!(m
        .assignments
        .iter()
        .all(|a| !matches!(m.kind(a.value), ExprKind::Import { .. })));
    // The relative spec keeps the literal's place.
    let ExprKind::Import { spec, .. } = m.kind(m.includes[2]) else {
        unreachable!()
    };
    assert_eq!(text(src, m.span(*spec)), "'config'");
    // A `require` inside a method is an include of the file too.
    let m = model(
        Language::Ruby,
        "def load_config\n  require_relative 'config'\n  ZOOM_SDK_SECRET\nend\n",
    );
    assert_eq!(includes(&m), [r#"import Module "./config""#]);
    assert_lines(&m.dump(), &["  return ZOOM_SDK_SECRET"]);
}

// ---------------------------------------------------------------------------------------------
// PHP

#[test]
fn php_config_file_returns_its_array() {
    let src = r#"<?php
// config/zoom.php
return [
    'sdk_key' => env('ZOOM_SDK_KEY'),
    'sdk_secret' => env('ZOOM_SDK_SECRET', 's3cr3t'),
];
"#;
    let m = model(Language::Php, src);
    let returns: Vec<String> = m.file_returns.iter().map(|r| m.render(*r)).collect();
    assert_eq!(
        returns,
        [r#"{sdk_key: env("ZOOM_SDK_KEY"), sdk_secret: env("ZOOM_SDK_SECRET", "s3cr3t")}"#]
    );
    assert!(m.functions.is_empty());
}

#[test]
fn php_namespace_use_and_require() {
    let src = r#"<?php
declare(strict_types=1);

namespace App\Services;

use App\Config\Zoom;
use App\Config\Zoom as ZoomConfig;
use App\Config\{Keys, Secrets as S, Sub\Clock};
use \Firebase\JWT\JWT, Carbon\Carbon as Clock2;
use function App\Helpers\base64url;
use const App\Config\TTL;
use function App\Support\{now, later as after};

require_once __DIR__ . '/../bootstrap.php';
require dirname(__FILE__) . '/constants.php';
include 'helpers.php';
include_once('legacy.php');
@include 'optional.php';
$config = require __DIR__ . '/config/zoom.php';
define('ZOOM_SDK_KEY', 'abc');

class SignatureService
{
    public function sign(int $mn): string
    {
        $settings = include __DIR__ . '/settings.php';
        return JWT::encode(['sdkKey' => ZOOM_SDK_KEY, 'mn' => $mn], Zoom::SECRET, 'HS256');
    }
}
"#;
    let m = model(Language::Php, src);
    assert_eq!(m.namespace.as_deref(), Some("App\\Services"));
    let d = m.dump();
    assert_lines(
        &d,
        &[
            r#"[scope 0] const Zoom = import Class "App\\Config\\Zoom""#,
            r#"[scope 0] const ZoomConfig = import Class "App\\Config\\Zoom""#,
            r#"[scope 0] const Keys = import Class "App\\Config\\Keys""#,
            r#"[scope 0] const S = import Class "App\\Config\\Secrets""#,
            r#"[scope 0] const Clock = import Class "App\\Config\\Sub\\Clock""#,
            r#"[scope 0] const JWT = import Class "Firebase\\JWT\\JWT""#,
            r#"[scope 0] const Clock2 = import Class "Carbon\\Carbon""#,
            // An include used as a value is the included file's value, not an include.
            r#"[scope 0] config = import Module (__DIR__ Concat "/config/zoom.php")"#,
            r#"[scope 2] settings = import Module (__DIR__ Concat "/settings.php")"#,
            // `define` is still a constant of the file.
            r#"[scope 0] const ZOOM_SDK_KEY = "abc""#,
        ],
    );
    // `use function` / `use const` bind nothing (see `use_declaration` in src/lang/php.rs).
    for name in ["base64url", "TTL", "now", "after", "later"] {
        assert!(
            !d.contains(&format!("const {name} =")),
            "{name} is bound:\n{d}"
        );
    }
    assert_eq!(
        includes(&m),
        [
            r#"import Module (__DIR__ Concat "/../bootstrap.php")"#,
            r#"import Module (__DIR__ Concat "/constants.php")"#,
            r#"import Module "helpers.php""#,
            r#"import Module "legacy.php""#,
            r#"import Module "optional.php""#,
        ]
    );
    assert_eq!(binding_spans(&m, src, "S"), ("S", "Secrets", "Secrets"));
    assert_eq!(
        binding_spans(&m, src, "Zoom"),
        ("Zoom", "App\\Config\\Zoom", "App\\Config\\Zoom")
    );
    assert!(m.file_returns.is_empty());
}

#[test]
fn php_dir_constants() {
    let m = model(
        Language::Php,
        "<?php\n$a = __DIR__;\n$b = dirname(__FILE__);\n$c = dirname(__DIR__);\n$d = dirname(__FILE__, 2);\n",
    );
    assert_lines(
        &m.dump(),
        &[
            "[scope 0] a = __DIR__",
            "[scope 0] b = __DIR__",
            "[scope 0] c = dirname(__DIR__)",
            "[scope 0] d = dirname(__FILE__, 2)",
        ],
    );
    // The braced form names the namespace too; the first one is the file's.
    let m = model(
        Language::Php,
        "<?php\nnamespace App\\Zoom {\n  const TTL = 7200;\n}\nnamespace Other {\n}\n",
    );
    assert_eq!(m.namespace.as_deref(), Some("App\\Zoom"));
    assert_lines(&m.dump(), &["[scope 0] const TTL = 7200"]);
}

// ---------------------------------------------------------------------------------------------
// Java

#[test]
fn java_package_imports_and_static_imports() {
    let src = r#"
package com.acme.zoom;

import com.acme.config.ZoomConfig;
import static com.acme.config.ZoomConfig.SDK_SECRET;
import static com.acme.config.Keys.*;
import com.acme.shared.*;
import io.jsonwebtoken.Jwts;
import java.util.Map;

public class SignatureService {
    public String sign(String mn) {
        return Jwts.builder().claim("sdkKey", ZoomConfig.SDK_KEY).claim("mn", mn)
            .signWith(SignatureAlgorithm.HS256, SDK_SECRET.getBytes()).compact();
    }
}
"#;
    let m = model(Language::Java, src);
    assert_eq!(m.namespace.as_deref(), Some("com.acme.zoom"));
    assert_lines(
        &m.dump(),
        &[
            r#"[scope 0] const ZoomConfig = import Class "com.acme.config.ZoomConfig""#,
            r#"[scope 0] const SDK_SECRET = import Class "com.acme.config.ZoomConfig".SDK_SECRET"#,
            r#"[scope 0] const Jwts = import Class "io.jsonwebtoken.Jwts""#,
            r#"[scope 0] const Map = import Class "java.util.Map""#,
        ],
    );
    assert_eq!(
        includes(&m),
        [
            r#"import Class "com.acme.config.Keys""#,
            r#"import Class "com.acme.shared.*""#,
        ]
    );
    assert_eq!(
        binding_spans(&m, src, "SDK_SECRET"),
        (
            "SDK_SECRET",
            "com.acme.config.ZoomConfig.SDK_SECRET",
            "com.acme.config.ZoomConfig"
        )
    );
    assert_eq!(
        binding_spans(&m, src, "ZoomConfig"),
        (
            "ZoomConfig",
            "com.acme.config.ZoomConfig",
            "com.acme.config.ZoomConfig"
        )
    );
    // Java records no module names (nothing reads them for Java).
    assert!(m.imports.is_empty());
}

#[test]
fn java_records_have_a_canonical_constructor() {
    let src = r#"
package com.acme.zoom;

public record ZoomClaims(String appKey, long iat, @JsonProperty("exp") long exp, String... extra) {
    static final long TTL = 7200;

    public String mn() { return appKey; }
}

record Checked(String sdkKey, int role) {
    Checked {
        if (role < 0) throw new IllegalArgumentException();
        sdkKey = sdkKey.trim();
    }
}

record Explicit(String sdkKey) {
    Explicit(String sdkKey) { this.sdkKey = sdkKey.strip(); }
}

class Plain {
    private final String sdkKey;
    Plain(String sdkKey) { this.sdkKey = sdkKey; }
}
"#;
    let m = model(Language::Java, src);
    let d = m.dump();
    assert_lines(
        &d,
        &[
            "scope 1: Class ZoomClaims parent=Some(0)",
            "fn#1 ZoomClaims(appKey, iat, exp, extra) scope=3",
            "  return self.appKey",
            "[scope 1] const TTL = 7200",
            "[scope 3] self.appKey = appKey",
            "[scope 3] self.iat = iat",
            "[scope 3] self.exp = exp",
            "[scope 3] self.extra = extra",
            // A compact constructor's body runs first, on the parameters.
            "fn#2 Checked(sdkKey, role) scope=5",
            "[scope 5] sdkKey = sdkKey.trim()",
            "[scope 5] self.sdkKey = sdkKey",
            "[scope 5] self.role = role",
            // A canonical constructor written out is lowered as written, once.
            "fn#3 Explicit(sdkKey) scope=7",
            "[scope 7] self.sdkKey = sdkKey.strip()",
            // The same shape as an ordinary class's constructor.
            "fn#4 Plain(sdkKey) scope=9",
            "[scope 9] self.sdkKey = sdkKey",
        ],
    );
    assert_eq!(d.matches("fn#").count(), 5, "{d}");
    assert_eq!(m.functions_named("Explicit").count(), 1);
    // The constructor of a record is found like any class member function.
    let class = m.class_named("ZoomClaims").expect("record scope");
    let ctor = m.functions_named("ZoomClaims").next().expect("constructor");
    assert_eq!(m.scope(m.function(ctor).scope).parent, Some(class));
    assert_eq!(
        m.self_member_assignments(class, "iat").count(),
        1,
        "the component is a field"
    );
}

// ---------------------------------------------------------------------------------------------
// Odd input

#[test]
fn odd_imports_do_not_panic() {
    let cases: &[(Language, &str)] = &[
        (Language::Python, "import\nfrom x import\nfrom import y\nimport a.b as\nfrom . import *\nfrom .. import (a,)\nimport (a)\nfrom .x import a as\n"),
        (Language::Python, "from \\\n  . \\\n  cfg import K\nimport a . b . c\n"),
        (Language::Ruby, "require\nrequire()\nrequire 1\nrequire name\nrequire_relative\nrequire_relative ''\nrequire_relative \"#{dir}/x\"\nrequire 'a', 'b'\nload\nload ENV['X']\nrequire <<~X\n  heredoc\nX\n"),
        (Language::Php, "<?php\nuse ;\nuse App\\{};\nuse function ;\nuse App\\{Foo,\nrequire;\ninclude $path;\nrequire_once(__DIR__ . \"/$name.php\");\ninclude;\nnamespace ;\nnamespace\n"),
        (Language::Php, "<?php\nreturn;\nreturn\n"),
        (Language::Java, "import ;\nimport static Foo;\nimport static ;\nimport a.b.\npackage x.y;\nimport .*;\nrecord Empty() {}\nrecord () {}\nrecord R(int a {}\n"),
        (Language::Java, "package ;\nimport java.util.*\n"),
    ];
    for (language, src) in cases {
        let m = model(*language, src);
        for i in &m.includes {
            assert!(matches!(m.kind(*i), ExprKind::Import { .. }));
        }
        m.dump();
    }
    // A dynamic path is no import, but its parts are still lowered.
    let m = model(
        Language::Ruby,
        "require_relative \"#{File.dirname(x = 1)}/config\"\n",
    );
    assert!(m.includes.is_empty());
    assert_lines(&m.dump(), &["[scope 0] x = 1"]);
    // A PHP include of a non-string is an import all the same (the evaluator may know the path).
    let m = model(Language::Php, "<?php\n$p = 'config.php';\nrequire $p;\n");
    assert_eq!(includes(&m), ["import Module p"]);
}

#[test]
fn ten_thousand_imports() {
    let n = 10_000;
    let mut py = String::new();
    let mut rb = String::new();
    let mut php = String::from("<?php\nnamespace App;\n");
    let mut java = String::from("package com.acme;\n");
    for i in 0..n {
        py.push_str(&format!("from .m{i} import K{i} as L{i}\n"));
        rb.push_str(&format!("require_relative 'lib/m{i}'\n"));
        php.push_str(&format!(
            "use App\\Config\\K{i};\nrequire __DIR__ . '/m{i}.php';\n"
        ));
        java.push_str(&format!("import com.acme.config.K{i};\n"));
    }
    let m = model(Language::Python, &py);
    assert_eq!(m.assignments.len(), n);
    assert_eq!(m.imports.len(), n);
    let m = model(Language::Ruby, &rb);
    assert_eq!(m.includes.len(), n);
    let m = model(Language::Php, &php);
    assert_eq!((m.assignments.len(), m.includes.len()), (n, n));
    let m = model(Language::Java, &java);
    assert_eq!(m.assignments.len(), n);
    assert_eq!(m.namespace.as_deref(), Some("com.acme"));
}

// ---------------------------------------------------------------------------------------------
// Through a project on disk: the evaluator follows what the front ends produce.

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// The files (relative to `root`) where the analysis of `rel` places a SIG008 finding.
fn secret_found_in(root: &Path, rel: &str) -> Vec<String> {
    let path = root.join(rel);
    let project = Project::new(&Project::root_of(&path), 1 << 20);
    let text = std::fs::read_to_string(&path).unwrap();
    let analysis = analyze_text_in(
        detect_kind(&path).expect("source"),
        &text,
        Some(&path),
        &Default::default(),
        Some(InProject {
            project: &project,
            path: &path,
            overriding: None,
        }),
    );
    let root = std::fs::canonicalize(root).unwrap();
    let mut out: Vec<String> = analysis
        .elsewhere
        .iter()
        .filter(|(_, f)| f.code == "SIG008")
        .map(|(p, _)| {
            p.strip_prefix(&root)
                .unwrap_or(p)
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    out.extend(
        analysis
            .findings
            .iter()
            .filter(|f| f.code == "SIG008")
            .map(|_| rel.to_string()),
    );
    out.sort();
    out
}

const SECRET: &str = "s3cr3tS3cr3tS3cr3tS3cr3tS3cr3t12";

#[test]
fn python_secret_in_the_imported_config_module() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join(".git")).unwrap();
    write(root, "app/__init__.py", "");
    write(root, "app/core/__init__.py", "");
    write(
        root,
        "app/core/config.py",
        &format!("ZOOM_SDK_KEY = 'abcdefghijklmnop'\nZOOM_SDK_SECRET = '{SECRET}'\n"),
    );
    let signer = |import: &str| {
        format!(
            "import time\nimport jwt\n{import}\n\n\
             def generate(meeting_number, role):\n\
             \x20   iat = int(time.time()) - 30\n\
             \x20   exp = iat + 7200\n\
             \x20   payload = {{'sdkKey': KEY, 'appKey': KEY, 'mn': meeting_number, 'role': role, \
             'iat': iat, 'exp': exp, 'tokenExp': exp}}\n\
             \x20   return jwt.encode(payload, SECRET, algorithm='HS256')\n"
        )
    };
    write(
        root,
        "app/signature.py",
        &signer("from .core.config import ZOOM_SDK_KEY as KEY, ZOOM_SDK_SECRET as SECRET"),
    );
    assert_eq!(
        secret_found_in(root, "app/signature.py"),
        ["app/core/config.py"]
    );
    write(
        root,
        "app/api/views.py",
        &signer(
            "from ..core import config\nKEY = config.ZOOM_SDK_KEY\nSECRET = config.ZOOM_SDK_SECRET",
        ),
    );
    assert_eq!(
        secret_found_in(root, "app/api/views.py"),
        ["app/core/config.py"]
    );
}

#[test]
fn ruby_secret_in_the_required_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join(".git")).unwrap();
    write(
        root,
        "lib/zoom/config.rb",
        &format!("ZOOM_SDK_KEY = 'abcdefghijklmnop'\nZOOM_SDK_SECRET = '{SECRET}'\n"),
    );
    write(
        root,
        "lib/zoom/signature.rb",
        "require 'jwt'\nrequire_relative 'config'\n\n\
         def generate(meeting_number, role)\n\
         \x20 iat = Time.now.to_i - 30\n\
         \x20 exp = iat + 7200\n\
         \x20 payload = { sdkKey: ZOOM_SDK_KEY, appKey: ZOOM_SDK_KEY, mn: meeting_number, \
         role: role, iat: iat, exp: exp, tokenExp: exp }\n\
         \x20 JWT.encode(payload, ZOOM_SDK_SECRET, 'HS256')\n\
         end\n",
    );
    assert_eq!(
        secret_found_in(root, "lib/zoom/signature.rb"),
        ["lib/zoom/config.rb"]
    );
}

#[test]
fn php_secret_in_a_used_class_and_in_a_required_config() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join(".git")).unwrap();
    write(
        root,
        "composer.json",
        r#"{"autoload": {"psr-4": {"App\\": "src/"}}}"#,
    );
    write(
        root,
        "src/Config/Zoom.php",
        &format!(
            "<?php\nnamespace App\\Config;\n\nclass Zoom\n{{\n    const SECRET = '{SECRET}';\n}}\n"
        ),
    );
    write(
        root,
        "src/Services/Signer.php",
        "<?php\nnamespace App\\Services;\n\nuse App\\Config\\Zoom as ZoomConfig;\nuse Firebase\\JWT\\JWT;\n\n\
         class Signer\n{\n    public function sign($mn, $role)\n    {\n\
         \x20       $iat = time() - 30;\n        $exp = $iat + 7200;\n\
         \x20       $payload = ['sdkKey' => 'k', 'appKey' => 'k', 'mn' => $mn, 'role' => $role, \
         'iat' => $iat, 'exp' => $exp, 'tokenExp' => $exp];\n\
         \x20       return JWT::encode($payload, ZoomConfig::SECRET, 'HS256');\n    }\n}\n",
    );
    assert_eq!(
        secret_found_in(root, "src/Services/Signer.php"),
        ["src/Config/Zoom.php"]
    );
    write(
        root,
        "config/zoom.php",
        &format!(
            "<?php\nreturn [\n    'key' => 'abcdefghijklmnop',\n    'secret' => '{SECRET}',\n];\n"
        ),
    );
    write(
        root,
        "helpers.php",
        &format!("<?php\nconst ZOOM_SECRET = '{SECRET}';\n"),
    );
    write(
        root,
        "public/sign.php",
        "<?php\nrequire_once '../helpers.php';\n$config = require '../config/zoom.php';\n\
         $iat = time() - 30;\n$exp = $iat + 7200;\n\
         $payload = ['sdkKey' => $config['key'], 'appKey' => $config['key'], 'mn' => 1, \
         'role' => 0, 'iat' => $iat, 'exp' => $exp, 'tokenExp' => $exp];\n\
         echo \\Firebase\\JWT\\JWT::encode($payload, $config['secret'], 'HS256');\n\
         echo \\Firebase\\JWT\\JWT::encode($payload, ZOOM_SECRET, 'HS256');\n",
    );
    assert_eq!(
        secret_found_in(root, "public/sign.php"),
        ["config/zoom.php", "helpers.php"]
    );
}

#[test]
fn java_secret_in_a_statically_imported_constant() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join(".git")).unwrap();
    let base = "src/main/java/com/acme";
    write(
        root,
        &format!("{base}/config/ZoomConfig.java"),
        &format!(
            "package com.acme.config;\n\npublic class ZoomConfig {{\n\
             \x20   public static final String SDK_KEY = \"abcdefghijklmnop\";\n\
             \x20   public static final String SDK_SECRET = \"{SECRET}\";\n}}\n"
        ),
    );
    let signer = |imports: &str, secret: &str| {
        format!(
            "package com.acme.zoom;\n\n{imports}\nimport io.jsonwebtoken.Jwts;\n\
             import io.jsonwebtoken.SignatureAlgorithm;\n\n\
             public class Signer {{\n    public String sign(String mn, int role) {{\n\
             \x20       long iat = System.currentTimeMillis() / 1000 - 30;\n\
             \x20       long exp = iat + 7200;\n\
             \x20       return Jwts.builder().claim(\"sdkKey\", ZoomConfig.SDK_KEY).claim(\"mn\", mn)\n\
             \x20           .claim(\"role\", role).claim(\"iat\", iat).claim(\"exp\", exp)\n\
             \x20           .claim(\"tokenExp\", exp)\n\
             \x20           .signWith(SignatureAlgorithm.HS256, {secret}.getBytes()).compact();\n\
             \x20   }}\n}}\n"
        )
    };
    write(
        root,
        &format!("{base}/zoom/Signer.java"),
        &signer(
            "import com.acme.config.ZoomConfig;\nimport static com.acme.config.ZoomConfig.SDK_SECRET;",
            "SDK_SECRET",
        ),
    );
    assert_eq!(
        secret_found_in(root, &format!("{base}/zoom/Signer.java")),
        [format!("{base}/config/ZoomConfig.java")]
    );
    write(
        root,
        &format!("{base}/zoom/Signer.java"),
        &signer(
            "import com.acme.config.ZoomConfig;",
            "ZoomConfig.SDK_SECRET",
        ),
    );
    assert_eq!(
        secret_found_in(root, &format!("{base}/zoom/Signer.java")),
        [format!("{base}/config/ZoomConfig.java")]
    );
}
