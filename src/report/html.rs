//! `--format html`: one self-contained page — inline CSS, inline SVG charts, no scripts, no
//! network (a Content-Security-Policy forbids every fetch), so it can be mailed, attached to a
//! CI run or opened from disk. Every piece of text is HTML-escaped.

use std::fmt::Write;

use super::compare::Comparison;
use super::count;
use super::markdown::href;
use super::model::{fix_words, Counts, Document, Repository};

const STYLE: &str = r#"
:root{--fg:#1f2328;--muted:#59636e;--border:#d1d9e0;--bg:#f6f8fa;--err:#cf222e;--warn:#9a6700;--ok:#1a7f37;--accent:#0969da}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif;color:var(--fg);background:#fff}
header{background:#0b1f3a;color:#fff;padding:22px 32px}
header h1{margin:0;font-size:24px;font-weight:600}
header p{margin:4px 0 0;color:#c3cfdf}
main{max-width:1180px;margin:0 auto;padding:20px 32px 40px}
h2{font-size:20px;margin:28px 0 10px;padding-bottom:6px;border-bottom:1px solid var(--border)}
h3{font-size:16px;margin:18px 0 6px}
a{color:var(--accent);text-decoration:none}
a:hover{text-decoration:underline}
.cards{display:grid;grid-template-columns:repeat(5,1fr);gap:12px;margin-top:4px}
@media (max-width:900px){.cards{grid-template-columns:repeat(2,1fr)}}
.card{border:1px solid var(--border);border-radius:8px;padding:10px 14px;background:var(--bg)}
.card .n{font-size:28px;font-weight:600;line-height:1.2;font-variant-numeric:tabular-nums}
.card .l{color:var(--muted)}
.card.error .n{color:var(--err)}
.card.warning .n{color:var(--warn)}
.card.safe .n{color:var(--ok)}
.card.legacy .n{color:#8250df}
.charts{display:grid;align-items:start;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:16px}
.chart{border:1px solid var(--border);border-radius:8px;padding:12px 14px}
.chart h3{margin:0 0 6px}
.chart svg{display:block;width:100%;height:auto;max-width:560px}
.legend{color:var(--muted);font-size:12px;margin-top:4px}
.legend span{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 10px;vertical-align:-1px}
svg text{font:12px -apple-system,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif;fill:#1f2328}
svg .count{fill:#59636e}
svg .cut{fill:#fff}
.bar-error,.key-error{fill:#cf222e;background:#cf222e}
.bar-warning,.key-warning{fill:#d4a72c;background:#d4a72c}
.bar-fixed,.key-fixed{fill:#1a7f37;background:#1a7f37}
.bar-remaining,.key-remaining{fill:#8c959f;background:#8c959f}
.bar-new,.key-new{fill:#cf222e;background:#cf222e}
th button.sort{all:unset;cursor:pointer;white-space:nowrap}
th button.sort:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
th[aria-sort=ascending] button.sort::after{content:" \25B2";font-size:10px}
th[aria-sort=descending] button.sort::after{content:" \25BC";font-size:10px}
.filter{display:flex;gap:10px;align-items:center;margin:6px 0}
.filter input{font:inherit;padding:4px 8px;border:1px solid var(--border);border-radius:6px;min-width:280px}
tr[hidden]{display:none}
details.quiet{border:1px solid var(--border);border-radius:6px;padding:6px 12px;margin:8px 0;background:var(--bg)}
details.quiet summary{cursor:pointer;color:var(--muted)}
details.quiet p.names{margin:6px 0;overflow-wrap:anywhere}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin:6px 0 14px}
th,td{border-bottom:1px solid var(--border);padding:5px 8px;text-align:left;vertical-align:top}
th{background:var(--bg);font-weight:600;white-space:nowrap}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
tr.total td{font-weight:600;border-top:2px solid var(--border)}
td.msg{min-width:320px;overflow-wrap:anywhere}
td.loc{white-space:nowrap}
code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;background:#eff2f5;padding:1px 4px;border-radius:4px;overflow-wrap:anywhere}
.pill{display:inline-block;padding:0 8px;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap}
.pill.error{background:#ffebe9;color:var(--err)}
.pill.warning{background:#fff8c5;color:var(--warn)}
.pill.safe{background:#dafbe1;color:var(--ok)}
.pill.unsafe{background:#ddf4ff;color:var(--accent)}
.pill.none{background:#eff2f5;color:var(--muted)}
.todo{border:1px solid var(--border);border-left:4px solid #cf222e;border-radius:6px;padding:8px 14px;margin:10px 0}
.todo.warning{border-left-color:#d4a72c}
.todo h3{margin:2px 0 4px;font-size:15px}
.todo p{margin:4px 0}
.muted{color:var(--muted)}
section.repo{margin-top:36px}
footer{color:var(--muted);font-size:12px;border-top:1px solid var(--border);margin-top:32px;padding-top:10px}
"#;

/// The page's one script: sorts and filters the tables marked `sortable` (the repositories, the
/// repositories not scanned, the changes since the last report). Without it (scripts off, a
/// mail client) they are plain tables in the report's order. The filter and sort of the
/// repositories table live in the address (`#q=billing&sort=findings&order=desc`), so a view
/// can be linked to. The Content-Security-Policy allows this script by its hash and nothing
/// else.
const SCRIPT: &str = r#"
(function () {
  'use strict';
  function value(row, i, numeric) {
    var cell = row.cells[i];
    if (!cell) return numeric ? 0 : '';
    var v = cell.getAttribute('data-v');
    if (v === null) v = cell.textContent.trim();
    return numeric ? (parseFloat(v) || 0) : v.toLowerCase();
  }
  function setup(table) {
    var body = table.tBodies[0];
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    if (!body || !heads.length) return null;
    var rows = Array.prototype.slice.call(body.rows);
    var count = null, input = null;
    function sortBy(i, desc) {
      var numeric = heads[i].classList.contains('n');
      var sorted = rows.slice().sort(function (a, b) {
        var x = value(a, i, numeric), y = value(b, i, numeric);
        var r = x < y ? -1 : x > y ? 1 : 0;
        if (r === 0) r = rows.indexOf(a) - rows.indexOf(b);
        else if (desc) r = -r;
        return r;
      });
      sorted.forEach(function (r) { body.appendChild(r); });
      for (var k = 0; k < heads.length; k++) heads[k].removeAttribute('aria-sort');
      heads[i].setAttribute('aria-sort', desc ? 'descending' : 'ascending');
    }
    function filter(q) {
      q = (q || '').trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (r) {
        var hit = !q || r.textContent.toLowerCase().indexOf(q) >= 0;
        r.hidden = !hit;
        if (hit) shown++;
      });
      if (count) count.textContent = q ? shown + ' of ' + rows.length + ' shown' : rows.length + ' in all';
    }
    var api = { table: table, heads: heads, sortBy: sortBy, filter: filter, changed: null };
    Array.prototype.forEach.call(heads, function (th, i) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'sort';
      b.title = 'Sort by this column';
      while (th.firstChild) b.appendChild(th.firstChild);
      th.appendChild(b);
      b.addEventListener('click', function () {
        var now = th.getAttribute('aria-sort');
        var desc = now ? now === 'ascending' : th.classList.contains('n');
        sortBy(i, desc);
        if (api.changed) api.changed();
      });
    });
    if (table.hasAttribute('data-filter')) {
      var bar = document.createElement('div');
      bar.className = 'filter';
      input = document.createElement('input');
      input.type = 'search';
      input.placeholder = table.getAttribute('data-filter');
      input.setAttribute('aria-label', table.getAttribute('data-filter'));
      count = document.createElement('span');
      count.className = 'muted';
      bar.appendChild(input);
      bar.appendChild(count);
      var wrap = table.parentNode.classList.contains('scroll') ? table.parentNode : table;
      wrap.parentNode.insertBefore(bar, wrap);
      input.addEventListener('input', function () {
        filter(input.value);
        if (api.changed) api.changed();
      });
      api.input = input;
      filter('');
    }
    return api;
  }
  var tables = document.querySelectorAll('table.sortable');
  var main = null;
  for (var t = 0; t < tables.length; t++) {
    var api = setup(tables[t]);
    if (api && tables[t].id === 'repositories') main = api;
  }
  if (!main) return;
  function keyIndex(key) {
    for (var i = 0; i < main.heads.length; i++) {
      if (main.heads[i].getAttribute('data-key') === key) return i;
    }
    return -1;
  }
  var hash = location.hash.replace(/^#/, '');
  if (hash.indexOf('=') >= 0) {
    var params = {};
    hash.split('&').forEach(function (kv) {
      var p = kv.split('=');
      try { params[decodeURIComponent(p[0])] = decodeURIComponent((p[1] || '').replace(/\+/g, ' ')); } catch (e) {}
    });
    if (params.q && main.input) { main.input.value = params.q; main.filter(params.q); }
    var i = keyIndex(params.sort);
    if (i >= 0) main.sortBy(i, params.order ? params.order === 'desc' : main.heads[i].classList.contains('n'));
  }
  main.changed = function () {
    var parts = [];
    if (main.input && main.input.value) parts.push('q=' + encodeURIComponent(main.input.value));
    for (var i = 0; i < main.heads.length; i++) {
      var s = main.heads[i].getAttribute('aria-sort');
      if (s) parts.push('sort=' + main.heads[i].getAttribute('data-key') + '&order=' + (s === 'descending' ? 'desc' : 'asc'));
    }
    try { history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname); } catch (e) {}
  };
})();
"#;

/// How many repositories the chart of findings per repository shows; the rest are summed in
/// one bar.
pub const TOP_REPOSITORIES: usize = 20;

/// How many repository names a rule's "What to do" lists before "and N more".
const NAMES_LISTED: usize = 10;

/// `'sha256-…'`: the Content-Security-Policy source that allows [`SCRIPT`] and nothing else.
fn script_hash() -> String {
    use base64::Engine;
    use sha2::Digest;
    let digest = sha2::Sha256::digest(SCRIPT.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

pub fn render(doc: &Document) -> String {
    let t = &doc.totals.counts;
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // Nothing is fetched: no images from anywhere, no fonts, no favicon request; the one
    // inline script runs by its hash.
    let _ = writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src {}\">",
        script_hash()
    );
    out.push_str("<link rel=\"icon\" href=\"data:,\">\n");
    out.push_str("<title>siglint migration report</title>\n<style>");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<header>\n");
    out.push_str("<h1>Zoom Meeting SDK signature migration report</h1>\n");
    let with_code = doc
        .repositories
        .iter()
        .filter(|r| r.has_signature_code())
        .count();
    let mut header = format!(
        "{} {} · {}: {} with signature code, {} without",
        esc(&doc.tool.name),
        esc(&doc.tool.version),
        count(doc.totals.repositories, "repository", "repositories"),
        with_code,
        doc.totals.repositories - with_code,
    );
    if !doc.failures.is_empty() {
        let _ = write!(
            header,
            " · <a href=\"#not-scanned\">{} not scanned</a>",
            doc.failures.len()
        );
    }
    let _ = writeln!(out, "<p id=\"summary\">{header}</p>\n</header>\n<main>");

    out.push_str("<section class=\"cards\" aria-label=\"Totals\">\n");
    let cards: [(&str, &str, usize, &str); 10] = [
        (
            "total-repositories",
            "",
            doc.totals.repositories,
            "repositories",
        ),
        ("total-files", "", t.files_scanned, "files scanned"),
        ("total-sites", "", t.signature_sites, "signature sites"),
        ("total-legacy", "legacy", t.legacy_sites, "legacy sites"),
        ("total-findings", "", t.findings, "findings"),
        ("total-errors", "error", t.errors, "errors"),
        ("total-warnings", "warning", t.warnings, "warnings"),
        ("total-fix-safe", "safe", t.fix_safe, "fixable safely"),
        ("total-fix-unsafe", "", t.fix_unsafe, "fixable with review"),
        ("total-fix-none", "", t.fix_none, "to fix by hand"),
    ];
    for (id, class, n, label) in cards {
        let _ = writeln!(
            out,
            "<div class=\"card {class}\"><div class=\"n\" id=\"{id}\">{n}</div><div class=\"l\">{label}</div></div>"
        );
    }
    out.push_str("</section>\n");

    if let Some(c) = &doc.comparison {
        comparison(&mut out, doc, c);
    }

    // Charts.
    out.push_str("<h2>Findings</h2>\n<div class=\"charts\">\n");
    let by_rule: Vec<Bar> = doc
        .rules
        .iter()
        .map(|r| {
            let n = t.by_rule.get(&r.code).copied().unwrap_or(0);
            let class = if r.severity == "warning" {
                "bar-warning"
            } else {
                "bar-error"
            };
            Bar {
                label: format!("{} {}", r.code, r.name),
                parts: vec![(n, class, format!("{} {}: {n}", r.code, r.name))],
                capped: false,
            }
        })
        .collect();
    chart(
        &mut out,
        "Findings per rule",
        "chart-rules",
        &by_rule,
        ERROR_LEGEND_RULES,
    );
    repositories_chart(&mut out, doc);
    out.push_str("</div>\n");

    // Repositories.
    out.push_str("<h2>Repositories</h2>\n");
    let quiet: Vec<&Repository> = doc.without_signature_code().collect();
    if with_code > 0 {
        out.push_str("<div class=\"scroll\"><table id=\"repositories\" class=\"sortable\" data-filter=\"Filter repositories (name, rule, …)\">\n<thead>");
        out.push_str(&counts_header("repository", true, true));
        out.push_str("</thead>\n<tbody>\n");
        for (i, repo) in doc.repositories.iter().enumerate() {
            if !repo.has_signature_code() {
                continue;
            }
            let name = format!("<a href=\"#repo-{}\">{}</a>", i + 1, esc(&repo.name));
            counts_row(
                &mut out,
                &name,
                &repo.summary,
                "",
                Some(&rules_cell(&repo.summary)),
            );
        }
        out.push_str("</tbody>\n<tfoot>\n");
        counts_row(&mut out, "total", t, " class=\"total\"", Some(""));
        out.push_str("</tfoot>\n</table></div>\n");
    }
    if !quiet.is_empty() {
        let files: usize = quiet.iter().map(|r| r.summary.files_scanned).sum();
        let names: Vec<String> = quiet.iter().map(|r| esc(&r.name)).collect();
        let _ = writeln!(
            out,
            "<details class=\"quiet\" id=\"without-signature-code\"><summary>{} without signature code ({}, no signature site, no finding: nothing to migrate)</summary>\n<p class=\"names\">{}</p></details>",
            count(quiet.len(), "repository", "repositories"),
            count(files, "file scanned", "files scanned"),
            names.join(", ")
        );
    }
    if !doc.failures.is_empty() {
        let _ = writeln!(
            out,
            "<h2 id=\"not-scanned\">Not scanned</h2>\n<p class=\"muted\">{} could not be cloned or scanned; the report leaves them out. A re-run with the same <code>--state</code> tries them again.</p>",
            count(doc.failures.len(), "repository", "repositories")
        );
        out.push_str("<div class=\"scroll\"><table id=\"failures\" class=\"sortable\" data-filter=\"Filter (name, reason, …)\">\n<thead><tr><th data-key=\"name\">repository</th><th data-key=\"kind\">failure</th><th data-key=\"reason\">reason</th><th data-key=\"source\">source</th></tr></thead>\n<tbody>\n");
        for f in &doc.failures {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td><span class=\"pill error\">{}</span></td><td class=\"msg\">{}</td><td><code>{}</code></td></tr>",
                esc(&f.name),
                esc(&f.kind),
                esc(&f.reason),
                esc(&f.source)
            );
        }
        out.push_str("</tbody>\n</table></div>\n");
    }

    // Rules and what to do.
    if !doc.rules.is_empty() {
        out.push_str("<h2>What to do</h2>\n");
        for rule in &doc.rules {
            let n = t.by_rule.get(&rule.code).copied().unwrap_or(0);
            let repos = doc.repositories_with(&rule.code);
            let mut names: Vec<String> = repos.iter().take(NAMES_LISTED).map(|r| esc(r)).collect();
            if repos.len() > NAMES_LISTED {
                names.push(format!("and {} more", repos.len() - NAMES_LISTED));
            }
            let _ = writeln!(
                out,
                "<div class=\"todo {sev}\" id=\"rule-{code}\"><h3><code>{code}</code> {name} \
                 <span class=\"pill {sev}\">{sev}</span> <span class=\"pill {fix}\">{fixw}</span></h3>\n\
                 <p class=\"muted\">{count} in {in_repos}: {repos}</p>\n<p><strong>Reports:</strong> {summary}</p>\n<p><strong>What to do:</strong> {help}</p></div>",
                sev = esc(&rule.severity),
                code = esc(&rule.code),
                name = esc(&rule.name),
                fix = esc(&rule.fix),
                fixw = fix_words(&rule.fix),
                count = count(n, "finding", "findings"),
                in_repos = count(repos.len(), "repository", "repositories"),
                repos = names.join(", "),
                summary = inline(&rule.summary),
                help = inline(&rule.help),
            );
        }
    }

    for (i, repo) in doc.repositories.iter().enumerate() {
        if repo.has_signature_code() {
            repository(&mut out, i + 1, repo);
        }
    }

    let _ = writeln!(
        out,
        "<footer>Made by {} {}. Paths are relative to each repository's root; a legacy site is an \
         API-key signature that must be migrated to a Meeting SDK JWT. This page is self-contained: \
         nothing is loaded from the network, and its one script (sorting and filtering the tables) \
         is optional.</footer>\n</main>\n<script>{SCRIPT}</script>\n</body>\n</html>",
        esc(&doc.tool.name),
        esc(&doc.tool.version)
    );
    out
}

/// Findings per repository: the [`TOP_REPOSITORIES`] with most findings, the rest summed.
fn repositories_chart(out: &mut String, doc: &Document) {
    let mut ranked: Vec<&Repository> = doc
        .repositories
        .iter()
        .filter(|r| r.summary.findings > 0)
        .collect();
    ranked.sort_by_key(|r| std::cmp::Reverse(r.summary.findings));
    let bar = |label: String, errors: usize, warnings: usize, capped: bool| Bar {
        capped,
        parts: vec![
            (
                errors,
                "bar-error",
                format!("{label}: {}", count(errors, "error", "errors")),
            ),
            (
                warnings,
                "bar-warning",
                format!("{label}: {}", count(warnings, "warning", "warnings")),
            ),
        ],
        label,
    };
    let mut bars: Vec<Bar> = ranked
        .iter()
        .take(TOP_REPOSITORIES)
        .map(|r| bar(r.name.clone(), r.summary.errors, r.summary.warnings, false))
        .collect();
    let rest = &ranked[ranked.len().min(TOP_REPOSITORIES)..];
    if !rest.is_empty() {
        bars.push(bar(
            format!(
                "{} other {}",
                rest.len(),
                if rest.len() == 1 {
                    "repository"
                } else {
                    "repositories"
                }
            ),
            rest.iter().map(|r| r.summary.errors).sum(),
            rest.iter().map(|r| r.summary.warnings).sum(),
            true,
        ));
    }
    let title = if rest.is_empty() {
        "Findings per repository".to_string()
    } else {
        format!(
            "Findings per repository (top {TOP_REPOSITORIES} of {})",
            ranked.len()
        )
    };
    chart(out, &title, "chart-repos", &bars, ERROR_LEGEND);
}

/// `--compare`: what changed since the older report.
fn comparison(out: &mut String, doc: &Document, c: &Comparison) {
    let _ = writeln!(
        out,
        "<h2 id=\"since\">Since the last report</h2>\n<p>Compared with <code>{}</code> (siglint {}, {}): \
         <span class=\"pill safe\" id=\"change-fixed\">{} fixed</span> <span class=\"pill error\" id=\"change-new\">{} new</span> \
         <span class=\"pill none\" id=\"change-remaining\">{} remaining</span></p>",
        esc(&c.against),
        esc(&c.against_version),
        count(c.against_repositories, "repository", "repositories"),
        c.total.fixed,
        c.total.new,
        c.total.remaining,
    );
    let mut lists = Vec::new();
    for (names, what) in [
        (
            &c.added,
            "new in this report (all their findings count as new)",
        ),
        (&c.not_compared, "not scanned this time (not compared)"),
        (&c.removed, "no longer listed (not counted as fixed)"),
    ] {
        if !names.is_empty() {
            let shown: Vec<String> = names.iter().take(NAMES_LISTED).map(|n| esc(n)).collect();
            let more = if names.len() > NAMES_LISTED {
                format!(" and {} more", names.len() - NAMES_LISTED)
            } else {
                String::new()
            };
            lists.push(format!(
                "{} {what}: {}{more}",
                count(names.len(), "repository", "repositories"),
                shown.join(", ")
            ));
        }
    }
    for l in lists {
        let _ = writeln!(out, "<p class=\"muted\">{l}</p>");
    }
    let bars: Vec<Bar> = c
        .rules
        .iter()
        .map(|r| {
            let ch = c.by_rule.get(&r.code).copied().unwrap_or_default();
            let label = format!("{} {}", r.code, r.name);
            Bar {
                parts: vec![
                    (
                        ch.fixed,
                        "bar-fixed",
                        format!("{label}: {} fixed", ch.fixed),
                    ),
                    (
                        ch.remaining,
                        "bar-remaining",
                        format!("{label}: {} remaining", ch.remaining),
                    ),
                    (ch.new, "bar-new", format!("{label}: {} new", ch.new)),
                ],
                label,
                capped: false,
            }
        })
        .collect();
    out.push_str("<div class=\"charts\">\n");
    chart(
        out,
        "Fixed, remaining and new findings per rule",
        "chart-changes",
        &bars,
        CHANGE_LEGEND,
    );
    out.push_str("</div>\n");
    let moved: Vec<&super::compare::RepositoryChange> =
        c.repositories.iter().filter(|r| r.total.moved()).collect();
    if moved.is_empty() {
        out.push_str("<p class=\"muted\">No repository changed since the last report.</p>\n");
        return;
    }
    let anchor: std::collections::HashMap<&str, usize> = doc
        .repositories
        .iter()
        .enumerate()
        .filter(|(_, r)| r.has_signature_code())
        .map(|(i, r)| (r.name.as_str(), i + 1))
        .collect();
    out.push_str("<div class=\"scroll\"><table id=\"changes\" class=\"sortable\" data-filter=\"Filter changes (repository, rule, …)\">\n<thead><tr><th data-key=\"repository\">repository</th><th class=\"n\" data-key=\"fixed\">fixed</th><th class=\"n\" data-key=\"new\">new</th><th class=\"n\" data-key=\"remaining\">remaining</th><th data-key=\"rules\">per rule (fixed / new / remaining)</th></tr></thead>\n<tbody>\n");
    for r in moved {
        let name = match anchor.get(r.name.as_str()) {
            Some(i) => format!("<a href=\"#repo-{i}\">{}</a>", esc(&r.name)),
            None => esc(&r.name),
        };
        let per_rule: Vec<String> = r
            .by_rule
            .iter()
            .filter(|(_, ch)| ch.moved())
            .map(|(code, ch)| {
                format!(
                    "<a href=\"#rule-{0}\">{0}</a> −{1} +{2} ={3}",
                    esc(code),
                    ch.fixed,
                    ch.new,
                    ch.remaining
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "<tr><td>{name}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            r.total.fixed,
            r.total.new,
            r.total.remaining,
            per_rule.join(", ")
        );
    }
    out.push_str("</tbody>\n</table></div>\n");
}

fn repository(out: &mut String, index: usize, repo: &Repository) {
    let s = &repo.summary;
    let _ = writeln!(
        out,
        "<section class=\"repo\" id=\"repo-{index}\">\n<h2>{}</h2>\n<p class=\"muted\">Root <code>{}</code>{} · {} · {} ({} legacy) · {}</p>",
        esc(&repo.name),
        esc(&repo.root),
        repo.commit
            .as_deref()
            .map(|c| format!(" at commit <code title=\"{}\">{}</code>", esc(c), esc(&c.chars().take(12).collect::<String>())))
            .unwrap_or_default(),
        count(s.files_scanned, "file scanned", "files scanned"),
        count(s.signature_sites, "signature site", "signature sites"),
        s.legacy_sites,
        count(s.findings, "finding", "findings"),
    );
    if !repo.languages.is_empty() {
        out.push_str("<div class=\"scroll\"><table class=\"languages\">\n");
        out.push_str(&counts_header("language", true, false));
        for l in &repo.languages {
            counts_row(
                out,
                &esc(&l.language),
                &l.counts,
                "",
                Some(&rules_cell(&l.counts)),
            );
        }
        counts_row(out, "total", s, " class=\"total\"", Some(&rules_cell(s)));
        out.push_str("</table></div>\n");
    }
    if repo.files_with_syntax_errors > 0 {
        let _ = writeln!(
            out,
            "<p class=\"muted\">{} with syntax errors, analysed where the syntax tree is sound.</p>",
            count(repo.files_with_syntax_errors, "file", "files")
        );
    }
    if !repo.files.is_empty() {
        out.push_str("<h3>Files</h3>\n<div class=\"scroll\"><table class=\"files\">\n<tr><th>file</th><th>language</th><th class=\"n\">signature sites</th><th class=\"n\">legacy</th><th class=\"n\">findings</th><th>lines</th></tr>\n");
        for f in &repo.files {
            let mut lines: Vec<usize> = repo
                .findings
                .iter()
                .filter(|x| x.path == f.path)
                .map(|x| x.line)
                .collect();
            lines.dedup();
            let links: Vec<String> = lines
                .iter()
                .map(|l| format!("<a href=\"{}\">{l}</a>", esc(&href(&f.path, Some(*l)))))
                .collect();
            let _ = writeln!(
                out,
                "<tr><td><a href=\"{}\"><code>{}</code></a></td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                esc(&href(&f.path, None)),
                esc(&f.path),
                esc(&f.language),
                f.jwt_sites + f.legacy_sites,
                f.legacy_sites,
                f.findings,
                links.join(" ")
            );
        }
        out.push_str("</table></div>\n");
    }
    if repo.findings.is_empty() {
        out.push_str("<p>No findings.</p>\n");
    } else {
        out.push_str("<h3>Findings</h3>\n<div class=\"scroll\"><table class=\"findings\">\n<tr><th>location</th><th>rule</th><th>severity</th><th>fix</th><th>message</th></tr>\n");
        for f in &repo.findings {
            let _ = writeln!(
                out,
                "<tr><td class=\"loc\"><a href=\"{}\"><code>{}:{}:{}</code></a></td><td><a href=\"#rule-{code}\"><code>{code}</code></a> {}</td><td><span class=\"pill {sev}\">{sev}</span></td><td><span class=\"pill {fix}\">{fix}</span></td><td class=\"msg\">{}</td></tr>",
                esc(&href(&f.path, Some(f.line))),
                esc(&f.path),
                f.line,
                f.column,
                esc(&f.name),
                inline(&f.message),
                code = esc(&f.code),
                sev = esc(&f.severity),
                fix = esc(&f.fix),
            );
        }
        out.push_str("</table></div>\n");
    }
    if !repo.not_analysed.is_empty() {
        out.push_str("<h3>Not analysed</h3>\n<div class=\"scroll\"><table class=\"notes\">\n<tr><th>file</th><th>kind</th><th>reason</th></tr>\n");
        for n in &repo.not_analysed {
            let _ = writeln!(
                out,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                esc(&n.path),
                esc(&n.kind),
                esc(&n.reason)
            );
        }
        out.push_str("</table></div>\n");
    }
    out.push_str("</section>\n");
}

fn counts_header(first: &str, rules: bool, keys: bool) -> String {
    let key = |k: &str| {
        if keys {
            format!(" data-key=\"{k}\"")
        } else {
            String::new()
        }
    };
    let mut s = format!("<tr><th{}>{first}</th>", key("name"));
    for (h, k) in [
        ("files scanned", "files"),
        ("signature sites", "sites"),
        ("legacy", "legacy"),
        ("findings", "findings"),
        ("errors", "errors"),
        ("warnings", "warnings"),
        ("safe fix", "safe"),
        ("unsafe fix", "unsafe"),
        ("by hand", "by-hand"),
    ] {
        let _ = write!(s, "<th class=\"n\"{}>{h}</th>", key(k));
    }
    if rules {
        let _ = write!(s, "<th{}>rules</th>", key("rules"));
    }
    s.push_str("</tr>\n");
    s
}

/// A row of counts; `name` is HTML already.
fn counts_row(out: &mut String, name: &str, c: &Counts, attrs: &str, rules: Option<&str>) {
    let _ = write!(out, "<tr{attrs}><td>{name}</td>");
    for n in [
        c.files_scanned,
        c.signature_sites,
        c.legacy_sites,
        c.findings,
        c.errors,
        c.warnings,
        c.fix_safe,
        c.fix_unsafe,
        c.fix_none,
    ] {
        let _ = write!(out, "<td class=\"n\">{n}</td>");
    }
    if let Some(rules) = rules {
        let _ = write!(out, "<td>{rules}</td>");
    }
    out.push_str("</tr>\n");
}

/// `SIG001 ×2, SIG003 ×1`, as HTML.
fn rules_cell(c: &Counts) -> String {
    c.by_rule
        .iter()
        .map(|(code, n)| format!("<a href=\"#rule-{0}\">{0}</a> ×{n}", esc(code)))
        .collect::<Vec<_>>()
        .join(", ")
}

const ERROR_LEGEND: &str = "<div class=\"legend\"><span class=\"key-error\"></span>errors<span class=\"key-warning\"></span>warnings</div>";
const ERROR_LEGEND_RULES: &str = "<div class=\"legend\"><span class=\"key-error\"></span>error rules<span class=\"key-warning\"></span>warning rules</div>";
const CHANGE_LEGEND: &str = "<div class=\"legend\"><span class=\"key-fixed\"></span>fixed<span class=\"key-remaining\"></span>remaining<span class=\"key-new\"></span>new</div>";

/// One bar of a chart: stacked parts of (value, CSS class, tooltip).
struct Bar {
    label: String,
    parts: Vec<(usize, &'static str, String)>,
    /// A sum of many (the repositories past the top 20): drawn on the others' scale and cut
    /// at the chart's edge, its total written beside it, so that it does not flatten them.
    capped: bool,
}

/// A horizontal bar chart as inline SVG.
fn chart(out: &mut String, title: &str, id: &str, bars: &[Bar], legend: &str) {
    const WIDTH: usize = 560;
    const LABEL: usize = 230;
    const ROW: usize = 26;
    const BAR: usize = 16;
    let area = WIDTH - LABEL - 48;
    let sum = |b: &Bar| b.parts.iter().map(|p| p.0).sum::<usize>();
    let max = bars
        .iter()
        .filter(|b| !b.capped)
        .map(sum)
        .max()
        .filter(|m| *m > 0)
        .or_else(|| bars.iter().map(sum).max())
        .unwrap_or(0);
    let _ = writeln!(out, "<div class=\"chart\"><h3>{}</h3>", esc(title));
    if max == 0 {
        out.push_str("<p class=\"muted\">No findings.</p></div>\n");
        return;
    }
    let height = bars.len() * ROW + 6;
    let _ = writeln!(
        out,
        "<svg id=\"{id}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"img\" aria-label=\"{}\">",
        esc(title)
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = i * ROW + 4;
        let total: usize = bar.parts.iter().map(|p| p.0).sum();
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\"><title>{}</title>{}</text>",
            LABEL - 8,
            y + BAR - 3,
            esc(&bar.label),
            esc(&truncate(&bar.label, 34))
        );
        let mut x = LABEL as f64;
        // A capped bar longer than the area is shrunk to it, its parts in proportion.
        let shrink = if bar.capped && total > max {
            max as f64 / total as f64
        } else {
            1.0
        };
        for (value, class, tip) in &bar.parts {
            if *value == 0 {
                continue;
            }
            let w = (*value as f64 * shrink / max as f64 * area as f64).max(2.0);
            let _ = writeln!(
                out,
                "<rect class=\"{class}\" x=\"{x:.1}\" y=\"{y}\" width=\"{w:.1}\" height=\"{BAR}\" rx=\"2\"><title>{}</title></rect>",
                esc(tip)
            );
            x += w;
        }
        if shrink < 1.0 {
            // The cut: a white gap across the bar near its end.
            let _ = writeln!(
                out,
                "<path class=\"cut\" d=\"M{:.1} {} l6 -{BAR} h4 l-6 {BAR} z\"/>",
                x - 24.0,
                y + BAR,
            );
        }
        let _ = writeln!(
            out,
            "<text class=\"count\" x=\"{:.1}\" y=\"{}\">{total}</text>",
            x + 6.0,
            y + BAR - 3
        );
    }
    out.push_str("</svg>\n");
    out.push_str(legend);
    out.push_str("</div>\n");
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

/// HTML-escapes text for element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Text in which `…` pairs are code: those become `<code>`, everything escaped.
fn inline(s: &str) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    if parts.len() % 2 != 1 {
        return esc(s);
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i % 2 == 1 {
                format!("<code>{}</code>", esc(p))
            } else {
                esc(p)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            esc("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(
            inline("`<b>` is & bold"),
            "<code>&lt;b&gt;</code> is &amp; bold"
        );
        assert_eq!(truncate("abcdef", 4), "abc…");
    }
}
