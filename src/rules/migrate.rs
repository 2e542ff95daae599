//! The SIG001 migration: a function that builds and returns a legacy API-key signature is
//! rewritten into a Meeting SDK JWT generator in the same language. The function keeps its
//! name and parameters; its body becomes: header HS256/JWT, `appKey` + `sdkKey`, `mn`, `role`,
//! `iat` = now - 30, `exp` = `tokenExp` = iat + 7200, base64url segments, HMAC-SHA256 with the
//! key the old code signed with. Only the standard library is used (Node `crypto` through the
//! file's own `createHmac`, Ruby `openssl`/`base64`/`json`, PHP `hash_hmac`/`json_encode`, Java
//! `javax.crypto`/`java.util.Base64` by full name, Python `hmac`/`hashlib`/`base64`/`json`/
//! `time`), so the user adds no dependency; missing Python imports and Ruby requires are added.
//!
//! The values come from the old signature itself: the expressions written for the API key, the
//! meeting number and the role, and the HMAC key. The migration is offered only when each of
//! them still means the same once the body is replaced: it names only parameters and things
//! defined outside the function.

use crate::diagnostic::{Edit, Fix};
use crate::model::{ExprKind, Function, Language, Span};
use crate::rules::rewrite::{ensure_modules, line_indent, text};
use crate::rules::Input;
use crate::sites::LegacyGenerator;

/// Names the generated body declares: expressions using them would be captured.
const DECLARED: &[&str] = &[
    "iat", "exp", "payload", "encode", "unsigned", "header", "encoder", "mac", "e", "part", "data",
];

pub(crate) fn migration(input: &Input, g: &LegacyGenerator) -> Option<Fix> {
    let f = input.model.function(g.function);
    let key = expression(input, f, &g.key)?;
    let mn = expression(input, f, &g.mn)?;
    let role = expression(input, f, &g.role)?;
    let secret = expression(input, f, &g.secret)?;
    let (start, end) = body(input, f)?;
    let language = input.sites.language;
    let mut edits = Vec::new();
    let comment_key = |t: &str| {
        if t.contains(['"', '\'', '`']) {
            "the key".to_string()
        } else {
            format!("`{t}`")
        }
    };
    let note = format!(
        "Meeting SDK JWT, rewritten by siglint from the legacy API-key signature (SIG001):\n{} and {} must now be the Meeting SDK key and secret.",
        comment_key(key),
        comment_key(secret),
    );
    let lines: Vec<String> = match language {
        Language::JavaScript | Language::TypeScript | Language::Tsx => {
            let hmac = node_hmac(input, f)?;
            let typed = if language == Language::JavaScript { "" } else { ": object" };
            vec![
                format!("// {}", note.replace('\n', "\n// ")),
                "const iat = Math.floor(Date.now() / 1000) - 30;".into(),
                "const exp = iat + 60 * 60 * 2;".into(),
                format!("const payload = {{ appKey: {key}, sdkKey: {key}, mn: {mn}, role: Number({role}), iat, exp, tokenExp: exp }};"),
                format!("const encode = (part{typed}) => Buffer.from(JSON.stringify(part)).toString('base64url');"),
                "const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}`;".into(),
                format!("return `${{unsigned}}.${{{hmac}('sha256', {secret}).update(unsigned).digest('base64url')}}`;"),
            ]
        }
        Language::Python => {
            edits.extend(ensure_modules(input, &["base64", "hashlib", "hmac", "json", "time"])?);
            vec![
                format!("# {}", note.replace('\n', "\n# ")),
                "iat = int(time.time()) - 30".into(),
                "exp = iat + 60 * 60 * 2".into(),
                format!("payload = {{\"appKey\": {key}, \"sdkKey\": {key}, \"mn\": {mn}, \"role\": int({role}), \"iat\": iat, \"exp\": exp, \"tokenExp\": exp}}"),
                String::new(),
                "def encode(data):".into(),
                "\treturn base64.urlsafe_b64encode(data).rstrip(b\"=\").decode(\"ascii\")".into(),
                String::new(),
                "unsigned = encode(json.dumps({\"alg\": \"HS256\", \"typ\": \"JWT\"}).encode()) + \".\" + encode(json.dumps(payload).encode())".into(),
                format!("return unsigned + \".\" + encode(hmac.new({secret}, unsigned.encode(), hashlib.sha256).digest())"),
            ]
        }
        Language::Ruby => {
            edits.extend(ensure_modules(input, &["base64", "json", "openssl"])?);
            vec![
                format!("# {}", note.replace('\n', "\n# ")),
                "iat = Time.now.to_i - 30".into(),
                "exp = iat + 60 * 60 * 2".into(),
                format!("payload = {{ appKey: {key}, sdkKey: {key}, mn: {mn}, role: {role}.to_i, iat: iat, exp: exp, tokenExp: exp }}"),
                "header = Base64.urlsafe_encode64(JSON.generate({ alg: 'HS256', typ: 'JWT' }), padding: false)".into(),
                "unsigned = \"#{header}.#{Base64.urlsafe_encode64(JSON.generate(payload), padding: false)}\"".into(),
                format!("\"#{{unsigned}}.#{{Base64.urlsafe_encode64(OpenSSL::HMAC.digest('SHA256', {secret}, unsigned), padding: false)}}\""),
            ]
        }
        Language::Php => vec![
            format!("// {}", note.replace('\n', "\n// ")),
            "$iat = time() - 30;".into(),
            "$exp = $iat + 60 * 60 * 2;".into(),
            format!("$payload = ['appKey' => {key}, 'sdkKey' => {key}, 'mn' => {mn}, 'role' => (int) {role}, 'iat' => $iat, 'exp' => $exp, 'tokenExp' => $exp];"),
            "$encode = function ($data) {".into(),
            "\treturn rtrim(strtr(base64_encode($data), '+/', '-_'), '=');".into(),
            "};".into(),
            "$unsigned = $encode(json_encode(['alg' => 'HS256', 'typ' => 'JWT'])) . '.' . $encode(json_encode($payload));".into(),
            format!("return $unsigned . '.' . $encode(hash_hmac('sha256', $unsigned, {secret}, true));"),
        ],
        Language::Java => {
            let spec = java_key(&g.secret, secret);
            let utf8 = "java.nio.charset.StandardCharsets.UTF_8";
            vec![
                format!("// {}", note.replace('\n', "\n// ")),
                "long iat = System.currentTimeMillis() / 1000 - 30;".into(),
                "long exp = iat + 60 * 60 * 2;".into(),
                format!("String payload = \"{{\\\"appKey\\\":\\\"\" + {key} + \"\\\",\\\"sdkKey\\\":\\\"\" + {key} + \"\\\",\\\"mn\\\":\\\"\" + {mn} + \"\\\",\\\"role\\\":\" + {role}"),
                "\t\t+ \",\\\"iat\\\":\" + iat + \",\\\"exp\\\":\" + exp + \",\\\"tokenExp\\\":\" + exp + \"}\";".into(),
                "java.util.Base64.Encoder encoder = java.util.Base64.getUrlEncoder().withoutPadding();".into(),
                format!("String unsigned = encoder.encodeToString(\"{{\\\"alg\\\":\\\"HS256\\\",\\\"typ\\\":\\\"JWT\\\"}}\".getBytes({utf8}))"),
                format!("\t\t+ \".\" + encoder.encodeToString(payload.getBytes({utf8}));"),
                "try {".into(),
                "\tjavax.crypto.Mac mac = javax.crypto.Mac.getInstance(\"HmacSHA256\");".into(),
                format!("\tmac.init({spec});"),
                format!("\treturn unsigned + \".\" + encoder.encodeToString(mac.doFinal(unsigned.getBytes({utf8})));"),
                "} catch (java.security.GeneralSecurityException e) {".into(),
                "\tthrow new IllegalStateException(\"HmacSHA256 is unavailable\", e);".into(),
                "}".into(),
            ]
        }
    };
    edits.push(Edit::replace(
        Span::new(start, end),
        layout(input, f, start, end, &lines),
    ));
    Some(Fix::unsafe_fix(
        format!(
            "rewrite `{}` to build a Meeting SDK JWT (HS256, appKey/sdkKey, iat - 30, exp = iat + 2 h); {} and {} must be the Meeting SDK key and secret",
            f.name,
            comment_key(key),
            comment_key(secret)
        ),
        edits,
    ))
}

/// The source text of a value the new body reuses, when it means the same there: written in
/// this function (a part of the signature it builds), naming only parameters and names not
/// assigned inside the function, and none of the names the new body declares.
fn expression<'a>(input: &'a Input, f: &Function, v: &crate::eval::Val) -> Option<&'a str> {
    // `str(meeting_number)` / `String(role)`: the value inside the conversion.
    let span = match &v.value {
        crate::eval::Value::Text(inner) if v.site.contains(inner.site) => inner.site,
        _ => v.site,
    };
    if !f.span.contains(span) || span.start == span.end {
        return None;
    }
    let m = input.model;
    let params: Vec<&str> = f.params.iter().map(|p| p.name.as_str()).collect();
    for id in m.expr_ids() {
        if !span.contains(m.span(id)) {
            continue;
        }
        if let ExprKind::Name(n) = m.kind(id) {
            if DECLARED.contains(&n.as_str()) {
                return None;
            }
            if params.contains(&n.as_str()) {
                continue;
            }
            if assigned_in(input, f, n) {
                return None;
            }
        }
    }
    let t = text(input, span);
    (!t.is_empty()).then_some(t)
}

/// The callee of the Node `createHmac` call in the function (`crypto.createHmac`,
/// `createHmac`), when it names something defined outside the function.
fn node_hmac<'a>(input: &'a Input, f: &Function) -> Option<&'a str> {
    let m = input.model;
    m.expr_ids().find_map(|id| {
        let ExprKind::Call { callee, .. } = m.kind(id) else {
            return None;
        };
        let path = m.path(*callee)?;
        if !(path == "createHmac" || path.ends_with(".createHmac")) || !f.span.contains(m.span(id))
        {
            return None;
        }
        let root = path.split('.').next()?;
        let local = assigned_in(input, f, root) || f.params.iter().any(|p| p.name == root);
        (!local).then(|| text(input, m.span(*callee)))
    })
}

/// Whether the function assigns the plain name `name` somewhere in its text.
fn assigned_in(input: &Input, f: &Function, name: &str) -> bool {
    let m = input.model;
    m.assignments.iter().any(|a| {
        f.span.contains(m.span(a.target))
            && matches!(m.kind(a.target), ExprKind::Name(t) if t == name)
    })
}

/// The `Mac.init` argument: the old `SecretKeySpec` when it was one, else a new one around the
/// key's bytes.
fn java_key(v: &crate::eval::Val, secret: &str) -> String {
    if secret.starts_with("new ") && secret.contains("SecretKeySpec") {
        return secret.to_string();
    }
    match &v.value {
        crate::eval::Value::Bytes(_) => {
            format!("new javax.crypto.spec.SecretKeySpec({secret}, \"HmacSHA256\")")
        }
        _ => format!(
            "new javax.crypto.spec.SecretKeySpec({secret}.getBytes(java.nio.charset.StandardCharsets.UTF_8), \"HmacSHA256\")"
        ),
    }
}

/// The byte range of the function's body to replace: inside the braces (JS/TS, PHP, Java),
/// between the signature line and `end` (Ruby), after the `:` of the signature (Python).
fn body(input: &Input, f: &Function) -> Option<(usize, usize)> {
    let src = input.source;
    let text = src.get(f.span.start..f.span.end)?;
    let after_params = f
        .params
        .iter()
        .map(|p| p.span.end)
        .chain([f.name_span.end, f.span.start])
        .max()?;
    match input.sites.language {
        Language::Ruby => {
            if !text.ends_with("end") {
                return None;
            }
            let line_end = after_params + src[after_params..].find('\n')?;
            Some((line_end, f.span.end - 3))
        }
        Language::Python => {
            let mut depth = 0i32;
            for (i, c) in src[f.name_span.end..f.span.end].char_indices() {
                match c {
                    '(' | '[' | '{' => depth += 1,
                    ')' | ']' | '}' => depth -= 1,
                    ':' if depth == 0 => return Some((f.name_span.end + i + 1, f.span.end)),
                    _ => {}
                }
            }
            None
        }
        _ => {
            if !text.ends_with('}') {
                return None;
            }
            let open = after_params + src[after_params..f.span.end].find('{')?;
            Some((open + 1, f.span.end - 1))
        }
    }
}

/// The new body text: the lines at the body's indentation (`\t` in a line is one more level),
/// with the closing line of brace languages and Ruby at the function's own indentation.
fn layout(input: &Input, f: &Function, start: usize, end: usize, lines: &[String]) -> String {
    let src = input.source;
    let outer = line_indent(src, f.span.start);
    let inner = src[start..end]
        .lines()
        .skip(1)
        .find(|l| !l.trim().is_empty())
        .or_else(|| src[start..end].lines().find(|l| !l.trim().is_empty()))
        .map(|l| {
            l.chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect::<String>()
        })
        .filter(|i| i.len() > outer.len())
        .unwrap_or_else(|| format!("{outer}    "));
    let unit = inner[outer.len()..].to_string();
    let mut out = String::from("\n");
    for l in lines.iter().flat_map(|l| l.split('\n')) {
        if l.is_empty() {
            out.push('\n');
            continue;
        }
        let level = l.chars().take_while(|c| *c == '\t').count();
        out.push_str(&inner);
        out.push_str(&unit.repeat(level));
        out.push_str(&l[level..]);
        out.push('\n');
    }
    match input.sites.language {
        Language::Python => {
            out.pop(); // the function's text ends with its last statement
        }
        _ => out.push_str(outer),
    }
    out
}
