//! The extraction of script code from pages (`siglint::lang::embedded`): for every page kind a
//! realistic Web SDK join page, with the exact script blocks and template placeholders, and the
//! invariants every extraction keeps (byte length, line breaks, blanks outside scripts, the
//! script text itself except for placeholders, a virtual source that parses).

use std::ops::Range;

use siglint::lang::embedded::{
    extract, page_kind, Embedded, HiddenInput, PageKind, Placeholder, PlaceholderKind,
    ServerLanguage,
};
use PlaceholderKind::{Expression, Statement};

/// The range of the only occurrence of `needle` in `page`.
fn at(page: &str, needle: &str) -> Range<usize> {
    let i = page
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in page"));
    assert!(
        page[i + 1..].find(needle).is_none(),
        "{needle:?} occurs twice in the page"
    );
    i..i + needle.len()
}

/// The code of the script whose start tag is `start_tag`: up to `</script` or the end.
fn block(page: &str, start_tag: &str) -> Range<usize> {
    let s = at(page, start_tag).start + start_tag.find('>').map_or(start_tag.len(), |k| k + 1);
    let e = page[s..]
        .to_ascii_lowercase()
        .find("</script")
        .map_or(page.len(), |k| s + k);
    s..e
}

fn ph(
    page: &str,
    needle: &str,
    kind: PlaceholderKind,
    code: &str,
    server: Option<ServerLanguage>,
) -> Placeholder {
    Placeholder {
        range: at(page, needle),
        kind,
        code: code.to_string(),
        server,
    }
}

/// The invariants of every extraction.
fn invariants(page: &str, e: &Embedded) {
    let (p, v) = (page.as_bytes(), e.virtual_source.as_bytes());
    assert_eq!(v.len(), p.len(), "virtual source length");
    for w in e.blocks.windows(2) {
        assert!(w[0].end <= w[1].start, "blocks in order, disjoint");
    }
    for w in e.placeholders.windows(2) {
        assert!(w[0].range.end <= w[1].range.start, "placeholders in order");
    }
    for ph in &e.placeholders {
        assert!(
            e.blocks
                .iter()
                .any(|b| b.start <= ph.range.start && ph.range.end <= b.end),
            "placeholder {ph:?} outside every block"
        );
        assert!(!ph.range.is_empty());
    }
    let mut in_block = vec![false; p.len()];
    for b in &e.blocks {
        in_block[b.clone()].fill(true);
    }
    let mut filler: Vec<Option<u8>> = vec![None; p.len()];
    for ph in &e.placeholders {
        let mut f = match ph.kind {
            Expression => b'_',
            Statement => b' ',
        };
        for i in ph.range.clone() {
            if p[i] == b'\n' || p[i] == b'\r' {
                f = b' ';
            } else {
                filler[i] = Some(f);
            }
        }
    }
    for i in 0..p.len() {
        let want = if p[i] == b'\n' || p[i] == b'\r' {
            p[i]
        } else if !in_block[i] {
            b' '
        } else {
            filler[i].unwrap_or(p[i])
        };
        assert_eq!(
            v[i],
            want,
            "byte {i} of the virtual source: {:?} for {:?} (page around it: {:?})",
            v[i] as char,
            want as char,
            String::from_utf8_lossy(&p[i.saturating_sub(20)..(i + 20).min(p.len())])
        );
    }
}

/// The ERROR and MISSING nodes of the virtual source parsed as JavaScript/TypeScript.
fn syntax_errors(e: &Embedded) -> Vec<String> {
    let language: tree_sitter::Language = if e.tsx {
        tree_sitter_typescript::LANGUAGE_TSX.into()
    } else if e.typescript {
        tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into()
    } else {
        tree_sitter_javascript::LANGUAGE.into()
    };
    let mut parser = tree_sitter::Parser::new();
    parser.set_language(&language).expect("grammar loads");
    let tree = parser.parse(&e.virtual_source, None).expect("parses");
    let mut out = Vec::new();
    let mut cursor = tree.walk();
    loop {
        let n = cursor.node();
        if n.is_error() || n.is_missing() {
            let r = n.byte_range();
            out.push(format!(
                "{} at {:?}: {:?}",
                n.kind(),
                r,
                &e.virtual_source
                    [r.start.saturating_sub(30)..(r.end + 30).min(e.virtual_source.len())]
            ));
        }
        if n.has_error() && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return out;
            }
        }
    }
}

/// Extracts, checks the invariants and, for a well-formed page, that the scripts parse.
fn well_formed(kind: PageKind, page: &str) -> Embedded {
    let e = extract(kind, page);
    invariants(page, &e);
    let errors = syntax_errors(&e);
    assert!(errors.is_empty(), "syntax errors: {errors:#?}");
    assert!(e.incomplete.is_none());
    e
}

// ---------------------------------------------------------------------------------------------
// PHP views

const PHP_LEGACY: &str = r#"<?php
// Join page of the support portal (Web SDK 1.9): API key and secret come from config.php.
require __DIR__ . '/config.php';
$meeting = preg_replace('/\D/', '', $_GET['mn'] ?? '');
$name = $_SESSION['display_name'] ?? 'Guest';
?>
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Join meeting <?= htmlspecialchars($meeting) ?></title>
  <link type="text/css" rel="stylesheet" href="https://source.zoom.us/1.9.9/css/bootstrap.css" />
</head>
<body>
  <script src="https://source.zoom.us/1.9.9/lib/vendor/react.min.js"></script>
  <script src="https://source.zoom.us/zoom-meeting-1.9.9.min.js"></script>
  <script>
    ZoomMtg.preLoadWasm();
    ZoomMtg.prepareJssdk();

    var meetingNumber = '<?= $meeting ?>';
    var userName = "<?php echo htmlspecialchars($name, ENT_QUOTES); ?>";
    var apiKey = '<?= API_KEY ?>';

    ZoomMtg.generateSignature({
      meetingNumber: meetingNumber,
      apiKey: apiKey,
      apiSecret: '<?= API_SECRET ?>',
      role: 0,
      success: function (res) {
        <?php if (DEBUG): ?>
        console.log('signature', res.result);
        <?php endif; ?>
        ZoomMtg.init({
          leaveUrl: '<?= SITE_URL ?>/meetings',
          success: function () {
            ZoomMtg.join({
              signature: res.result,
              apiKey: apiKey,
              meetingNumber: meetingNumber,
              userName: userName,
              passWord: ''
            });
          }
        });
      }
    });
  </script>
</body>
</html>
"#;

#[test]
fn php_view_with_echoed_secret() {
    let page = PHP_LEGACY;
    let e = well_formed(PageKind::Php, page);
    assert_eq!(e.blocks, vec![block(page, "<script>")]);
    assert!(!e.typescript);
    let php = Some(ServerLanguage::Php);
    assert_eq!(
        e.placeholders,
        vec![
            ph(page, "<?= $meeting ?>", Expression, "$meeting", php),
            ph(
                page,
                "<?php echo htmlspecialchars($name, ENT_QUOTES); ?>",
                Expression,
                "htmlspecialchars($name, ENT_QUOTES)",
                php
            ),
            ph(page, "<?= API_KEY ?>", Expression, "API_KEY", php),
            ph(page, "<?= API_SECRET ?>", Expression, "API_SECRET", php),
            ph(page, "<?php if (DEBUG): ?>", Statement, "if (DEBUG):", php),
            ph(page, "<?php endif; ?>", Statement, "endif", php),
            ph(page, "<?= SITE_URL ?>", Expression, "SITE_URL", php),
        ]
    );
    let secret = at(page, "<?= API_SECRET ?>");
    assert_eq!(
        &e.virtual_source[secret.start - 1..secret.end + 1],
        "'_________________'"
    );
    assert_eq!(
        e.placeholder_at(secret.start + 4).map(|p| p.code.as_str()),
        Some("API_SECRET")
    );
    assert_eq!(e.placeholder_at(secret.start - 1), None);
}

#[test]
fn php_file_without_inline_html_is_skipped() {
    let page = "<?php\n$html = '<script>var s = 1;</script>';\necho $html;\n";
    let e = extract(PageKind::Php, page);
    assert!(e.blocks.is_empty());
    assert_eq!(e.virtual_source.len(), page.len());
    // With inline HTML but the script only inside a PHP string: still nothing (echoed script
    // is out of scope).
    let page = "<?php $s = '<script>x()</script>'; ?>\n<p>hi</p>\n";
    let e = well_formed(PageKind::Php, page);
    assert!(e.blocks.is_empty());
}

#[test]
fn php_islands_back_to_back_and_unclosed_at_the_end() {
    let page = "<script>\nvar a = '<?= $a ?><?= $b ?>';\n</script>\n<?php\nrender_footer();\n";
    let e = well_formed(PageKind::Php, page);
    let php = Some(ServerLanguage::Php);
    assert_eq!(
        e.placeholders,
        vec![
            ph(page, "<?= $a ?>", Expression, "$a", php),
            ph(page, "<?= $b ?>", Expression, "$b", php),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Single-file components

const VUE_FRAME: &str = r#"<template>
  <div class="zoom-frame">
    <div v-if="error" class="alert">{{ error }}</div>
    <div id="zmmtg-root"></div>
  </div>
</template>

<script>
import { ZoomMtg } from '@zoomus/websdk';

ZoomMtg.setZoomJSLib('https://source.zoom.us/2.4.0/lib', '/av');
ZoomMtg.preLoadWasm();
ZoomMtg.prepareWebSDK();

export default {
  name: 'ZoomFrame',
  props: { meetingNumber: String, passWord: String },
  data() {
    return {
      apiKey: 'pQ4nR7sT0uV3wX6yZ9aB',
      apiSecret: 'Hd83kLm2Qp9Zt7Xw4Vb6Nc1Rs5Gj0Fy8',
      userName: 'Vue',
      error: null,
    };
  },
  mounted() {
    ZoomMtg.generateSignature({
      meetingNumber: this.meetingNumber,
      apiKey: this.apiKey,
      apiSecret: this.apiSecret,
      role: 0,
      success: (res) => this.join(res.result),
    });
  },
  methods: {
    join(signature) {
      ZoomMtg.init({
        leaveUrl: window.location.origin,
        success: () =>
          ZoomMtg.join({
            signature,
            meetingNumber: this.meetingNumber,
            userName: this.userName,
            apiKey: this.apiKey,
            passWord: this.passWord,
            error: (e) => {
              this.error = e.reason;
            },
          }),
      });
    },
  },
};
</script>

<style scoped>
.zoom-frame { height: 100vh; }
</style>
"#;

#[test]
fn vue_component_with_secret_in_data() {
    let page = VUE_FRAME;
    let e = well_formed(PageKind::Vue, page);
    assert_eq!(e.blocks, vec![block(page, "<script>")]);
    assert!(e.placeholders.is_empty());
    assert!(!e.typescript);
    let secret = at(page, "'Hd83kLm2Qp9Zt7Xw4Vb6Nc1Rs5Gj0Fy8'");
    assert_eq!(&e.virtual_source[secret.clone()], &page[secret]);
    // The template's `{{ error }}` is Vue's, outside the script: blank.
    let mustache = at(page, "{{ error }}");
    assert!(e.virtual_source[mustache].bytes().all(|b| b == b' '));
}

const VUE_SETUP_TS: &str = r#"<script lang="ts">
export default { name: 'MeetingEmbed', inheritAttrs: false };
</script>

<script setup lang="ts">
import { onMounted, ref } from 'vue';
import ZoomMtgEmbedded from '@zoom/meetingsdk/embedded';

const props = defineProps<{ meetingNumber: string; userName: string }>();
const root = ref<HTMLElement | null>(null);

onMounted(async () => {
  const res = await fetch('/api/zoom/signature', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ meetingNumber: props.meetingNumber, role: 0 }),
  });
  const { signature, sdkKey } = (await res.json()) as { signature: string; sdkKey: string };
  const client = ZoomMtgEmbedded.createClient();
  await client.init({ zoomAppRoot: root.value as HTMLElement, language: 'en-US' });
  await client.join({ signature, sdkKey, meetingNumber: props.meetingNumber, userName: props.userName });
});
</script>

<template>
  <div ref="root" class="meeting" />
  <script type="text/x-template" id="fallback"><p>{{ message }}</p></script>
</template>
"#;

#[test]
fn vue_script_setup_in_typescript() {
    let page = VUE_SETUP_TS;
    let e = well_formed(PageKind::Vue, page);
    assert_eq!(
        e.blocks,
        vec![
            block(page, "<script lang=\"ts\">"),
            block(page, "<script setup lang=\"ts\">")
        ]
    );
    assert!(e.typescript && !e.tsx);
    assert_eq!(e.language(), siglint::model::Language::TypeScript);
    assert!(e.placeholders.is_empty());
}

const SVELTE_JOIN: &str = r#"<script context="module" lang="ts">
  export const prerender = false;
</script>

<script lang="ts">
  import { onMount } from 'svelte';
  import ZoomMtgEmbedded from '@zoom/meetingsdk/embedded';

  export let meetingNumber: string;
  export let userName = 'Guest';
  let root: HTMLDivElement;
  let status: 'idle' | 'joining' | 'error' = 'idle';

  onMount(async () => {
    status = 'joining';
    const res = await fetch('/api/zoom/signature', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ meetingNumber, role: 0 }),
    });
    const { signature, sdkKey } = await res.json();
    const client = ZoomMtgEmbedded.createClient();
    await client.init({ zoomAppRoot: root, language: 'en-US' });
    await client.join({ signature, sdkKey, meetingNumber, userName, password: '' });
  });
</script>

{#if status === 'error'}
  <p class="error">Could not join the meeting.</p>
{/if}
<div bind:this={root} class="meeting" on:click={() => (status = 'idle')}></div>
"#;

#[test]
fn svelte_component_with_module_and_instance_scripts() {
    let page = SVELTE_JOIN;
    let e = well_formed(PageKind::Svelte, page);
    assert_eq!(
        e.blocks,
        vec![
            block(page, "<script context=\"module\" lang=\"ts\">"),
            block(page, "<script lang=\"ts\">")
        ]
    );
    assert!(e.typescript);
    assert!(e.placeholders.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Blade

const BLADE: &str = r#"@extends('layouts.app')

@section('title', 'Join meeting')

@section('content')
  <div id="meetingSDKElement"></div>
  <input type="hidden" id="zoom-sdk-secret" value="{{ config('zoom.sdk_secret') }}">
  {{-- The key is public; the secret should never be here. --}}
@endsection

@push('scripts')
<script src="https://source.zoom.us/2.18.0/zoom-meeting-2.18.0.min.js"></script>
<script>
  const sdkKey = '{{ config('zoom.sdk_key') }}';
  const meeting = @json($meeting);
  const sdkSecret = document.getElementById('zoom-sdk-secret').value;
  const support = 'help@example.com';
  let role = 0;
  @if ($user->isHost())
  role = 1;
  @endif

  ZoomMtg.preLoadWasm();
  ZoomMtg.prepareWebSDK();
  ZoomMtg.generateSDKSignature({
    meetingNumber: meeting.number,
    sdkKey: sdkKey,
    sdkSecret: sdkSecret,
    role: role,
    success: function (res) {
      ZoomMtg.init({
        leaveUrl: '{{ route('meetings.index') }}',
        success: function () {
          ZoomMtg.join({ signature: res.result, sdkKey: sdkKey, meetingNumber: meeting.number, userName: {!! json_encode($user->name) !!}, passWord: meeting.password });
        },
      });
    },
  });
</script>
@endpush
"#;

#[test]
fn blade_view_with_config_echoes_and_directives() {
    let page = BLADE;
    let e = well_formed(PageKind::Blade, page);
    assert_eq!(e.blocks, vec![block(page, "<script>")]);
    let php = Some(ServerLanguage::Php);
    assert_eq!(
        e.placeholders,
        vec![
            ph(
                page,
                "{{ config('zoom.sdk_key') }}",
                Expression,
                "config('zoom.sdk_key')",
                php
            ),
            ph(page, "@json($meeting)", Expression, "$meeting", php),
            ph(
                page,
                "@if ($user->isHost())",
                Statement,
                "if ($user->isHost())",
                php
            ),
            ph(page, "@endif", Statement, "endif", php),
            ph(
                page,
                "{{ route('meetings.index') }}",
                Expression,
                "route('meetings.index')",
                php
            ),
            ph(
                page,
                "{!! json_encode($user->name) !!}",
                Expression,
                "json_encode($user->name)",
                php
            ),
        ]
    );
    let secret = ph(
        page,
        "{{ config('zoom.sdk_secret') }}",
        Expression,
        "config('zoom.sdk_secret')",
        php,
    );
    assert_eq!(
        e.hidden_inputs,
        vec![HiddenInput {
            id: Some("zoom-sdk-secret".into()),
            name: None,
            value: secret.range.clone(),
            placeholders: vec![secret],
        }]
    );
}

#[test]
fn blade_php_blocks_verbatim_and_escapes() {
    let page = "<script>\n@php\n  $key = config('zoom.sdk_key');\n@endphp\nconst key = '{{ $key }}';\n@verbatim\nconst tpl = '{{ vue }}';\n@endverbatim\nconst t = '@{{ vue }}';\nconst at = '@@if';\n<?php echo $x; ?>\n</script>\n";
    let e = well_formed(PageKind::Blade, page);
    let php = Some(ServerLanguage::Php);
    assert_eq!(
        e.placeholders,
        vec![
            ph(
                page,
                "@php\n  $key = config('zoom.sdk_key');\n@endphp",
                Statement,
                "$key = config('zoom.sdk_key');",
                php
            ),
            ph(page, "{{ $key }}", Expression, "$key", php),
            ph(page, "@verbatim", Statement, "verbatim", php),
            ph(page, "@endverbatim", Statement, "endverbatim", php),
            ph(page, "<?php echo $x; ?>", Expression, "$x", php),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// ERB and EJS

const ERB: &str = r#"<%# Legacy join page: the signature is made in the browser with the API secret. %>
<% content_for :head do %>
  <%= javascript_include_tag "https://source.zoom.us/1.9.9/zoom-meeting-1.9.9.min.js" %>
<% end %>

<div id="zmmtg-root"></div>
<script>
  var API_KEY = "<%= ENV['ZOOM_API_KEY'] %>";
  var API_SECRET = "<%= ENV['ZOOM_API_SECRET'] %>";
  var meetingNumber = <%= @meeting.number.to_json %>;
  <%# Hosts join with role 1 %>
  var role = <%= current_user.host? ? 1 : 0 %>;
  <% if Rails.env.development? %>
  ZoomMtg.setZoomJSLib('/zoom/lib', '/av');
  <% end -%>

  ZoomMtg.generateSignature({
    meetingNumber: meetingNumber,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    role: role,
    success: function (res) {
      ZoomMtg.init({
        leaveUrl: "<%= meetings_url %>",
        success: function () {
          ZoomMtg.join({ signature: res.result, apiKey: API_KEY, meetingNumber: meetingNumber, userName: "<%= j current_user.name %>" });
        }
      });
    }
  });
</script>
"#;

#[test]
fn erb_view_with_env_secret() {
    let page = ERB;
    let e = well_formed(PageKind::Erb, page);
    assert_eq!(e.blocks, vec![block(page, "<script>")]);
    let ruby = Some(ServerLanguage::Ruby);
    assert_eq!(
        e.placeholders,
        vec![
            ph(
                page,
                "<%= ENV['ZOOM_API_KEY'] %>",
                Expression,
                "ENV['ZOOM_API_KEY']",
                ruby
            ),
            ph(
                page,
                "<%= ENV['ZOOM_API_SECRET'] %>",
                Expression,
                "ENV['ZOOM_API_SECRET']",
                ruby
            ),
            ph(
                page,
                "<%= @meeting.number.to_json %>",
                Expression,
                "@meeting.number.to_json",
                ruby
            ),
            ph(
                page,
                "<%# Hosts join with role 1 %>",
                Statement,
                "Hosts join with role 1",
                None
            ),
            ph(
                page,
                "<%= current_user.host? ? 1 : 0 %>",
                Expression,
                "current_user.host? ? 1 : 0",
                ruby
            ),
            ph(
                page,
                "<% if Rails.env.development? %>",
                Statement,
                "if Rails.env.development?",
                ruby
            ),
            ph(page, "<% end -%>", Statement, "end", ruby),
            ph(
                page,
                "<%= meetings_url %>",
                Expression,
                "meetings_url",
                ruby
            ),
            ph(
                page,
                "<%= j current_user.name %>",
                Expression,
                "j current_user.name",
                ruby
            ),
        ]
    );
}

const EJS: &str = r#"<!DOCTYPE html>
<html>
<head>
  <title><%= title %></title>
  <%- include('partials/zoom-css') %>
</head>
<body>
  <div id="meetingSDKElement"></div>
  <script src="/js/zoom-meeting-embedded.min.js"></script>
  <script>
    <%# The signature is made by POST /signature; the page only joins. %>
    const client = ZoomMtgEmbedded.createClient();
    const meetingNumber = '<%= meetingNumber %>';
    const userName = <%- JSON.stringify(user.displayName) %>;
    <% if (locals.passcode) { %>
    const password = '<%= passcode %>';
    <% } else { %>
    const password = '';
    <% } %>

    async function start() {
      const res = await fetch('/signature', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ meetingNumber, role: 0 }),
      });
      const { signature, sdkKey } = await res.json();
      await client.init({ zoomAppRoot: document.getElementById('meetingSDKElement'), language: 'en-US' });
      await client.join({ signature, sdkKey, meetingNumber, userName, password });
    }
    start();
  </script>
</body>
</html>
"#;

#[test]
fn ejs_view_that_only_joins() {
    let page = EJS;
    let e = well_formed(PageKind::Ejs, page);
    assert_eq!(e.blocks, vec![block(page, "<script>")]);
    let js = Some(ServerLanguage::JavaScript);
    assert_eq!(
        e.placeholders,
        vec![
            ph(
                page,
                "<%# The signature is made by POST /signature; the page only joins. %>",
                Statement,
                "The signature is made by POST /signature; the page only joins.",
                None
            ),
            ph(
                page,
                "<%= meetingNumber %>",
                Expression,
                "meetingNumber",
                js
            ),
            ph(
                page,
                "<%- JSON.stringify(user.displayName) %>",
                Expression,
                "JSON.stringify(user.displayName)",
                js
            ),
            ph(
                page,
                "<% if (locals.passcode) { %>",
                Statement,
                "if (locals.passcode) {",
                js
            ),
            ph(page, "<%= passcode %>", Expression, "passcode", js),
            ph(page, "<% } else { %>", Statement, "} else {", js),
            ph(page, "<% } %>", Statement, "}", js),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// JSP

const JSP: &str = r#"<%@ page contentType="text/html;charset=UTF-8" language="java" %>
<%@ taglib prefix="c" uri="http://java.sun.com/jsp/jstl/core" %>
<%-- Legacy join page: ZoomController puts zoomApiKey and zoomSecret in the model. --%>
<html>
<head><title>Join</title></head>
<body>
<div id="zmmtg-root"></div>
<script src="https://source.zoom.us/1.9.9/zoom-meeting-1.9.9.min.js"></script>
<script type="text/javascript">
  var apiKey = "${zoomApiKey}";
  var apiSecret = "${zoomSecret}";
  var meetingNumber = "<%= request.getParameter("mn") %>";
  var role = 0;
  <c:if test="${sessionScope.user.host}">
  role = 1;
  </c:if>
  var leaveUrl = `${pageContext.request.contextPath}/meetings`;

  ZoomMtg.generateSignature({
    meetingNumber: meetingNumber,
    apiKey: apiKey,
    apiSecret: apiSecret,
    role: role,
    success: function (res) {
      ZoomMtg.init({
        leaveUrl: leaveUrl,
        success: function () {
          ZoomMtg.join({ signature: res.result, apiKey: apiKey, meetingNumber: meetingNumber, userName: "<c:out value="${sessionScope.user.name}"/>" });
        }
      });
    }
  });
</script>
</body>
</html>
"#;

#[test]
fn jsp_with_el_secret_scriptlets_and_tags() {
    let page = JSP;
    let e = well_formed(PageKind::Jsp, page);
    assert_eq!(
        e.blocks,
        vec![block(page, "<script type=\"text/javascript\">")]
    );
    let (el, java) = (Some(ServerLanguage::JavaEl), Some(ServerLanguage::Java));
    assert_eq!(
        e.placeholders,
        vec![
            ph(page, "${zoomApiKey}", Expression, "zoomApiKey", el),
            ph(page, "${zoomSecret}", Expression, "zoomSecret", el),
            ph(
                page,
                "<%= request.getParameter(\"mn\") %>",
                Expression,
                "request.getParameter(\"mn\")",
                java
            ),
            ph(
                page,
                "<c:if test=\"${sessionScope.user.host}\">",
                Statement,
                "<c:if test=\"${sessionScope.user.host}\">",
                el
            ),
            ph(page, "</c:if>", Statement, "</c:if>", el),
            ph(
                page,
                "${pageContext.request.contextPath}",
                Expression,
                "pageContext.request.contextPath",
                el
            ),
            ph(
                page,
                "<c:out value=\"${sessionScope.user.name}\"/>",
                Expression,
                "sessionScope.user.name",
                el
            ),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Twig, Jinja, Handlebars

const TWIG: &str = r#"{% extends 'base.html.twig' %}

{% block body %}
  <div id="zmmtg-root"></div>
{% endblock %}

{% block javascripts %}
  {{ parent() }}
  <script src="https://source.zoom.us/2.9.5/zoom-meeting-2.9.5.min.js"></script>
  <script>
    {# The SDK secret comes from the controller: it ends up in the page. #}
    const sdkKey = '{{ zoom_sdk_key }}';
    const sdkSecret = '{{ zoom_sdk_secret|e('js') }}';
    const meetingNumber = {{ meeting.number|json_encode|raw }};
    {% if app.user %}
    const userName = '{{ app.user.displayName|e('js') }}';
    {% else %}
    const userName = 'Guest';
    {% endif %}

    ZoomMtg.preLoadWasm();
    ZoomMtg.prepareWebSDK();
    ZoomMtg.generateSDKSignature({
      meetingNumber: meetingNumber,
      sdkKey: sdkKey,
      sdkSecret: sdkSecret,
      role: 0,
      success: function (res) {
        ZoomMtg.init({
          leaveUrl: '{{ path('meeting_list') }}',
          success: function () {
            ZoomMtg.join({ signature: res.result, sdkKey: sdkKey, meetingNumber: meetingNumber, userName: userName });
          }
        });
      }
    });
  </script>
{% endblock %}
"#;

#[test]
fn twig_template_with_secret_echo() {
    let page = TWIG;
    let e = well_formed(PageKind::Twig, page);
    assert_eq!(e.blocks, vec![block(page, "<script>")]);
    let twig = Some(ServerLanguage::Twig);
    assert_eq!(
        e.placeholders,
        vec![
            ph(
                page,
                "{# The SDK secret comes from the controller: it ends up in the page. #}",
                Statement,
                "The SDK secret comes from the controller: it ends up in the page.",
                None
            ),
            ph(page, "{{ zoom_sdk_key }}", Expression, "zoom_sdk_key", twig),
            ph(
                page,
                "{{ zoom_sdk_secret|e('js') }}",
                Expression,
                "zoom_sdk_secret|e('js')",
                twig
            ),
            ph(
                page,
                "{{ meeting.number|json_encode|raw }}",
                Expression,
                "meeting.number|json_encode|raw",
                twig
            ),
            ph(page, "{% if app.user %}", Statement, "if app.user", twig),
            ph(
                page,
                "{{ app.user.displayName|e('js') }}",
                Expression,
                "app.user.displayName|e('js')",
                twig
            ),
            ph(page, "{% else %}", Statement, "else", twig),
            ph(page, "{% endif %}", Statement, "endif", twig),
            ph(
                page,
                "{{ path('meeting_list') }}",
                Expression,
                "path('meeting_list')",
                twig
            ),
        ]
    );
}

const JINJA: &str = r#"{% extends "base.html" %}
{% block scripts %}
<script src="https://source.zoom.us/2.9.5/zoom-meeting-2.9.5.min.js"></script>
<script>
  {#- Config comes from the Flask view; the signature is made by /api/signature. -#}
  const cfg = {{ zoom_config|tojson }};
  {% raw %}
  const banner = `{{ not a jinja tag }}`;
  {% endraw %}
  async function join() {
    const res = await fetch('{{ url_for("api.signature") }}', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': '{{ csrf_token() }}' },
      body: JSON.stringify({ meetingNumber: cfg.meetingNumber, role: 0 }),
    });
    const { signature } = await res.json();
    ZoomMtg.init({
      leaveUrl: cfg.leaveUrl,
      success: () => ZoomMtg.join({ signature, sdkKey: cfg.sdkKey, meetingNumber: cfg.meetingNumber, userName: cfg.userName, passWord: cfg.passcode }),
    });
  }
  join();
</script>
{% endblock %}
"#;

#[test]
fn jinja_template_with_raw_block() {
    let page = JINJA;
    let e = well_formed(PageKind::Jinja, page);
    assert_eq!(e.blocks, vec![block(page, "<script>")]);
    let jinja = Some(ServerLanguage::Jinja);
    assert_eq!(
        e.placeholders,
        vec![
            ph(
                page,
                "{#- Config comes from the Flask view; the signature is made by /api/signature. -#}",
                Statement,
                "- Config comes from the Flask view; the signature is made by /api/signature. -",
                None
            ),
            ph(page, "{{ zoom_config|tojson }}", Expression, "zoom_config|tojson", jinja),
            ph(page, "{% raw %}", Statement, "raw", jinja),
            ph(page, "{% endraw %}", Statement, "endraw", jinja),
            ph(
                page,
                "{{ url_for(\"api.signature\") }}",
                Expression,
                "url_for(\"api.signature\")",
                jinja
            ),
            ph(page, "{{ csrf_token() }}", Expression, "csrf_token()", jinja),
        ]
    );
    // The raw block is literal: its `{{ }}` reaches the script.
    let raw = at(page, "{{ not a jinja tag }}");
    assert_eq!(&e.virtual_source[raw.clone()], &page[raw]);
}

const HBS: &str = r#"{{!-- views/join.hbs: the Express route renders the keys into the page. --}}
<div id="zmmtg-root"></div>
<script src="https://source.zoom.us/1.9.9/zoom-meeting-1.9.9.min.js"></script>
<script>
  var meetConfig = {
    apiKey: '{{apiKey}}',
    apiSecret: '{{{apiSecret}}}',
    meetingNumber: '{{meeting.number}}',
    userName: '{{ user.name }}',
    role: 0
  };
  {{#if user.isHost}}
  meetConfig.role = 1;
  {{/if}}
  {{! the list of meetings is where the leave button goes }}
  ZoomMtg.generateSignature({
    meetingNumber: meetConfig.meetingNumber,
    apiKey: meetConfig.apiKey,
    apiSecret: meetConfig.apiSecret,
    role: meetConfig.role,
    success: function (res) {
      ZoomMtg.init({
        leaveUrl: '/meetings',
        success: function () {
          ZoomMtg.join({ signature: res.result, apiKey: meetConfig.apiKey, meetingNumber: meetConfig.meetingNumber, userName: meetConfig.userName });
        }
      });
    }
  });
</script>
"#;

#[test]
fn handlebars_view_with_triple_stash_secret() {
    let page = HBS;
    let e = well_formed(PageKind::Handlebars, page);
    assert_eq!(e.blocks, vec![block(page, "<script>")]);
    let hbs = Some(ServerLanguage::Handlebars);
    assert_eq!(
        e.placeholders,
        vec![
            ph(page, "{{apiKey}}", Expression, "apiKey", hbs),
            ph(page, "{{{apiSecret}}}", Expression, "apiSecret", hbs),
            ph(
                page,
                "{{meeting.number}}",
                Expression,
                "meeting.number",
                hbs
            ),
            ph(page, "{{ user.name }}", Expression, "user.name", hbs),
            ph(
                page,
                "{{#if user.isHost}}",
                Statement,
                "#if user.isHost",
                hbs
            ),
            ph(page, "{{/if}}", Statement, "/if", hbs),
            ph(
                page,
                "{{! the list of meetings is where the leave button goes }}",
                Statement,
                "the list of meetings is where the leave button goes",
                None
            ),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Plain HTML: Thymeleaf, unknown engines, literal secrets

const THYMELEAF: &str = r##"<!DOCTYPE html>
<html xmlns:th="http://www.thymeleaf.org">
<head>
  <meta charset="utf-8">
  <title th:text="#{meeting.join.title}">Join</title>
</head>
<body>
<div id="zmmtg-root"></div>
<input type="hidden" id="sdk-secret" th:value="${zoomSecret}" value="">
<script th:src="@{/js/zoom-meeting-2.9.5.min.js}" src="/js/zoom-meeting-2.9.5.min.js"></script>
<script th:inline="javascript">
  /*<![CDATA[*/
  const sdkKey = [[${zoomSdkKey}]];
  const sdkSecret = document.getElementById('sdk-secret').value;
  const meetingNumber = /*[[${meeting.number}]]*/ '85746352413';
  const leaveUrl = '[(@{/meetings})]';
  const grid = [[1, 2], [3, 4]];
  /*[+ const debug = [[${debug}]]; +]*/
  /*[- const debug = true; -]*/
  /*]]>*/
  ZoomMtg.generateSDKSignature({
    meetingNumber: meetingNumber,
    sdkKey: sdkKey,
    sdkSecret: sdkSecret,
    role: 0,
    success: function (res) {
      ZoomMtg.init({ leaveUrl: leaveUrl, success: function () { ZoomMtg.join({ signature: res.result, sdkKey: sdkKey, meetingNumber: meetingNumber, userName: [[${user.name}]] }); } });
    }
  });
</script>
</body>
</html>
"##;

#[test]
fn thymeleaf_page_with_inlined_expressions() {
    let page = THYMELEAF;
    let e = well_formed(PageKind::Html, page);
    assert_eq!(
        e.blocks,
        vec![block(page, "<script th:inline=\"javascript\">")]
    );
    let el = Some(ServerLanguage::JavaEl);
    assert_eq!(
        e.placeholders,
        vec![
            ph(page, "[[${zoomSdkKey}]]", Expression, "zoomSdkKey", el),
            ph(
                page,
                "/*[[${meeting.number}]]*/ '85746352413'",
                Expression,
                "meeting.number",
                el
            ),
            ph(page, "[(@{/meetings})]", Expression, "@{/meetings}", el),
            ph(page, "/*[+", Statement, "", None),
            ph(page, "[[${debug}]]", Expression, "debug", el),
            ph(page, "+]*/", Statement, "", None),
            ph(
                page,
                "/*[- const debug = true; -]*/",
                Statement,
                "const debug = true;",
                None
            ),
            ph(page, "[[${user.name}]]", Expression, "user.name", el),
        ]
    );
    let th_value = at(page, "${zoomSecret}");
    assert_eq!(
        e.hidden_inputs,
        vec![HiddenInput {
            id: Some("sdk-secret".into()),
            name: None,
            value: th_value.clone(),
            placeholders: vec![Placeholder {
                range: th_value,
                kind: Expression,
                code: "zoomSecret".into(),
                server: el,
            }],
        }]
    );
}

const HTML_LITERAL: &str = "\u{feff}<!DOCTYPE html>\r\n<html>\r\n<head>\r\n  <meta charset=\"utf-8\">\r\n  <title>Réunion — rejoindre</title>\r\n  <script type=\"application/ld+json\">{\"@type\": \"Event\", \"name\": \"Café\"}</script>\r\n  <script type=\"text/template\" id=\"row\"><tr><td>{{ name }}</td></tr></script>\r\n</head>\r\n<body>\r\n  <!-- <script>ZoomMtg.join({});</script> -->\r\n  <script src=\"https://source.zoom.us/2.9.5/zoom-meeting-2.9.5.min.js\"></script>\r\n  <script type=\"module\">\r\n    // Réunion hebdomadaire — « équipe »\r\n    const SDK_KEY = 'Lp4Wq8Zr2Tx6Vn9Kb3Hc';\r\n    const SDK_SECRET = 'Fg7Hj2Kl9Qw4Er1Ty6Ui3Op8As5Dz0Xc';\r\n    ZoomMtg.generateSDKSignature({ meetingNumber: '85746352413', sdkKey: SDK_KEY, sdkSecret: SDK_SECRET, role: 0, success: (res) => ZoomMtg.init({ leaveUrl: location.href, success: () => ZoomMtg.join({ signature: res.result, sdkKey: SDK_KEY, meetingNumber: '85746352413', userName: 'Kiosk' }) }) });\r\n  </script>\r\n  <SCRIPT LANGUAGE=\"JavaScript\">\r\n    if (window.top !== window.self) { window.top.location = window.location; }\r\n  </SCRIPT>\r\n  <script language=\"VBScript\">MsgBox \"hi\"</script>\r\n</body>\r\n</html>\r\n";

#[test]
fn html_page_with_bom_crlf_utf8_and_non_javascript_scripts() {
    let page = HTML_LITERAL;
    let e = well_formed(PageKind::Html, page);
    assert_eq!(
        e.blocks,
        vec![
            block(page, "<script type=\"module\">"),
            block(page, "<SCRIPT LANGUAGE=\"JavaScript\">")
        ]
    );
    assert!(e.placeholders.is_empty());
    let first_line = " ".repeat("\u{feff}<!DOCTYPE html>".len()) + "\r\n";
    assert!(
        e.virtual_source.starts_with(&first_line),
        "the BOM is blanked"
    );
    let line = at(page, "// Réunion hebdomadaire — « équipe »");
    assert_eq!(&e.virtual_source[line.clone()], &page[line]);
}

const FLASK_HTML: &str = r#"<!doctype html>
<title>{{ title }}</title>
<script>
  var apiKey = "{{ api_key }}";
  var apiSecret = "{{ api_secret }}";
  var role = {{ role|int }};
  {% if debug %}console.log("debug");{% endif %}
  var tpl = /\{\{\s*name\s*\}\}/g;
  var legacy = '<%= secret %>';
  ZoomMtg.generateSignature({ meetingNumber: "{{ mn }}", apiKey: apiKey, apiSecret: apiSecret, role: role, success: function (res) { ZoomMtg.init({ leaveUrl: "/", success: function () { ZoomMtg.join({ signature: res.result, apiKey: apiKey, meetingNumber: "{{ mn }}".trim(), userName: "x" }); } }); } });
</script>
<input type="hidden" name="csrf" value="{{ csrf_token() }}">
"#;

#[test]
fn html_template_of_an_unknown_engine() {
    let page = FLASK_HTML;
    let e = well_formed(PageKind::Html, page);
    assert_eq!(e.blocks, vec![block(page, "<script>")]);
    let codes: Vec<(&str, PlaceholderKind, Option<ServerLanguage>)> = e
        .placeholders
        .iter()
        .map(|p| (p.code.as_str(), p.kind, p.server))
        .collect();
    assert_eq!(
        codes,
        vec![
            ("api_key", Expression, None),
            ("api_secret", Expression, None),
            ("role|int", Expression, None),
            ("if debug", Statement, None),
            ("endif", Statement, None),
            ("secret", Expression, None),
            ("mn", Expression, None),
            ("mn", Expression, None),
        ]
    );
    assert_eq!(e.placeholders[1].range, at(page, "{{ api_secret }}"));
    assert_eq!(e.hidden_inputs.len(), 1);
    assert_eq!(e.hidden_inputs[0].name.as_deref(), Some("csrf"));
    assert_eq!(e.hidden_inputs[0].placeholders[0].code, "csrf_token()");
}

// ---------------------------------------------------------------------------------------------
// Bad input

#[test]
fn unclosed_script_runs_to_the_end() {
    let page = "<html><body><div>x</div>\n<script>\nvar a = 1;\nZoomMtg.init({ leaveUrl: '/' });\n";
    let e = well_formed(PageKind::Html, page);
    assert_eq!(e.blocks, vec![block(page, "<script>")]);
    assert_eq!(e.blocks[0].end, page.len());
}

#[test]
fn script_end_tag_inside_a_string_ends_the_script() {
    let page = "<script>\nvar s = '</script>';\nvar t = 1;\n</script>\n";
    let e = extract(PageKind::Html, page);
    invariants(page, &e);
    assert_eq!(e.blocks, vec![8..18]);
    // The JavaScript is broken there, as in the browser.
    assert!(!syntax_errors(&e).is_empty());
}

#[test]
fn script_with_syntax_errors_is_still_extracted() {
    let page = "<p>a</p><script>function ( { var x = ;</script><script>ok();</script>";
    let e = extract(PageKind::Html, page);
    invariants(page, &e);
    assert_eq!(e.blocks.len(), 2);
}

#[test]
fn template_syntax_inside_strings_regexes_and_nested_quotes() {
    let page = r#"<script>
var a = '{{ "it's }}" }}';
var re = /{{ pattern }}/g;
var b = "{% set s = "%}" %}done";
var c = `${x} {{ {'k': {'n': 1}} }}`;
</script>"#;
    let e = well_formed(PageKind::Jinja, page);
    let jinja = Some(ServerLanguage::Jinja);
    assert_eq!(
        e.placeholders,
        vec![
            ph(page, "{{ \"it's }}\" }}", Expression, "\"it's }}\"", jinja),
            ph(page, "{{ pattern }}", Expression, "pattern", jinja),
            ph(
                page,
                "{% set s = \"%}\" %}",
                Statement,
                "set s = \"%}\"",
                jinja
            ),
            ph(
                page,
                "{{ {'k': {'n': 1}} }}",
                Expression,
                "{'k': {'n': 1}}",
                jinja
            ),
        ]
    );
}

#[test]
fn invalid_nesting_of_template_tags() {
    for (kind, page) in [
        (
            PageKind::Jinja,
            "<script>\nvar a = '{{ x {% endif %}';\nvar b = 1;\n</script>",
        ),
        (
            PageKind::Jinja,
            "<script>\nvar a = '{% if %}{{ x';\nvar b = '{#';\n</script>",
        ),
        (PageKind::Twig, "<script>{{ '}}</script>"),
        (
            PageKind::Blade,
            "<script>\n@if(\nvar a = '{{ x';\n</script>",
        ),
        (PageKind::Blade, "<script>@php var a = 1;</script>"),
        (
            PageKind::Handlebars,
            "<script>{{#if a}}{{{ b }}{{/if}</script>",
        ),
        (
            PageKind::Jsp,
            "<script>var a = \"${x\"; <% if (a) { %></script>",
        ),
        (PageKind::Erb, "<script>var a = '<%= x';</script>"),
        (PageKind::Ejs, "<script><% if (a) { %>x()<% } </script>"),
        (PageKind::Php, "<script>var a = '<?= $x'; </script>"),
        (
            PageKind::Html,
            "<html xmlns:th=\"x\"><script>var a = [[${x];</script>",
        ),
        (PageKind::Html, "<script>var a = '{{ x';</script>"),
    ] {
        let e = extract(kind, page);
        invariants(page, &e);
    }
}

#[test]
fn an_unclosed_delimiter_is_text_and_the_rest_is_still_read() {
    let page = "<script>\nvar a = '{#';\nvar b = '{{ secret }}';\n</script>";
    let e = well_formed(PageKind::Jinja, page);
    assert_eq!(e.placeholders.len(), 1);
    assert_eq!(e.placeholders[0].code, "secret");
}

#[test]
fn many_unclosed_openers_stay_linear() {
    // Quadratic rescans would take minutes here; each family gives up once.
    let n = 200_000;
    for (kind, unit) in [
        (PageKind::Jinja, "{{ '"),
        (PageKind::Jinja, "{# "),
        (PageKind::Twig, "{% \" "),
        (PageKind::Blade, "@if( '"),
        (PageKind::Blade, "{{ "),
        (PageKind::Handlebars, "{{ \""),
        (PageKind::Jsp, "${ '"),
        (PageKind::Jsp, "<c:if "),
        (PageKind::Html, "{{ '"),
    ] {
        let page = format!("<script>\n{}\n</script>\n", unit.repeat(n));
        let start = std::time::Instant::now();
        let e = extract(kind, &page);
        assert_eq!(e.virtual_source.len(), page.len());
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "{kind:?} {unit:?} took {:?}",
            start.elapsed()
        );
    }
    let page = format!(
        "<html th:x=\"\"><script>\n{}\n</script>\n",
        "[[${[[${".repeat(n)
    );
    let e = extract(PageKind::Html, &page);
    assert_eq!(e.virtual_source.len(), page.len());
}

#[test]
fn a_ten_megabyte_page_with_inline_data() {
    let mut page = String::from("<!DOCTYPE html>\n<html><body>\n<script>\nwindow.__DATA__ = [");
    while page.len() < 10 * 1024 * 1024 {
        page.push_str("{\"id\": 1, \"title\": \"Weekly sync — <b>all hands</b>\", \"tags\": [\"a\", \"b\"]},\n");
    }
    page.push_str("{}];\n</script>\n<img src=\"data:image/png;base64,");
    page.push_str(&"iVBORw0KGgo".repeat(50_000));
    page.push_str("\">\n<script>ZoomMtg.init({ leaveUrl: '/' });</script>\n</body></html>\n");
    let start = std::time::Instant::now();
    let e = extract(PageKind::Html, &page);
    let took = start.elapsed();
    assert_eq!(e.blocks.len(), 2);
    assert_eq!(e.virtual_source.len(), page.len());
    let last = e.blocks[1].clone();
    assert_eq!(&e.virtual_source[last.clone()], &page[last]);
    // Generous for an unoptimised build on a loaded machine; a release build takes ~0.1 s.
    assert!(took < std::time::Duration::from_secs(30), "took {took:?}");
}

#[test]
fn page_kinds_of_the_fixture_names() {
    use std::path::Path;
    for (name, kind) in [
        ("join_legacy_echo_secret.php", PageKind::Php),
        ("ZoomFrame.vue", PageKind::Vue),
        ("zoom.blade.php", PageKind::Blade),
        ("join.html.erb", PageKind::Erb),
        ("join.ejs", PageKind::Ejs),
        ("join_literal_secret.html", PageKind::Html),
        ("Join.svelte", PageKind::Svelte),
        ("join.jsp", PageKind::Jsp),
        ("join.html.twig", PageKind::Twig),
        ("join.html.j2", PageKind::Jinja),
        ("join.hbs", PageKind::Handlebars),
        ("join.handlebars", PageKind::Handlebars),
        ("join.jinja", PageKind::Jinja),
        ("join.htm", PageKind::Html),
    ] {
        assert_eq!(page_kind(Path::new(name)), Some(kind), "{name}");
    }
}

/// Every page under `fixtures/templates/` is extracted without syntax errors in its scripts.
#[test]
fn template_fixtures_extract_cleanly() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/templates");
    let mut stack = vec![root];
    let mut seen = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("fixtures/templates readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let Some(kind) = page_kind(&path) else {
                continue;
            };
            let page = std::fs::read_to_string(&path).expect("UTF-8 fixture");
            let e = extract(kind, &page);
            invariants(&page, &e);
            assert!(!e.blocks.is_empty(), "{}: no script block", path.display());
            let errors = syntax_errors(&e);
            assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
            seen += 1;
        }
    }
    assert!(seen >= 20, "only {seen} template fixtures");
}

/// Pages larger than one parse window (512 KiB) read the same as small ones: scripts, comments,
/// attribute values and hidden inputs that straddle a window's end (the items are long and
/// dense, so that every window ends inside one or just before one).
#[test]
fn large_pages_are_read_exactly_across_parse_windows() {
    let row = "<tr><td class=\"n\">7</td><td><a href=\"/m/1\">Weekly sync</a></td></tr>\n";
    let mut page = String::from("<!DOCTYPE html>\n<html><body><table>\n");
    let mut scripts = Vec::new();
    let mut inputs = Vec::new();
    let mut i = 0;
    while page.len() < 3 * 1024 * 1024 {
        for _ in 0..100 {
            page.push_str(row);
        }
        match i % 4 {
            0 => {
                // A script whose code is longer than the gap between items.
                page.push_str("<script>");
                let start = page.len();
                for k in 0..400 {
                    page.push_str(&format!(
                        "\n  ZoomMtg.i18n.load('{k}'); /* <b>not a tag</b> */"
                    ));
                }
                page.push('\n');
                scripts.push(start..page.len());
                page.push_str("</script>\n");
            }
            1 => {
                // A comment that holds script tags: no script.
                page.push_str("<!-- ");
                page.push_str(&"<script>bad()</script>\n".repeat(600));
                page.push_str("-->\n");
            }
            2 => {
                // An attribute value that holds script tags: no script.
                page.push_str("<div title=\"");
                page.push_str(&"<script>worse()</script>\n".repeat(600));
                page.push_str("\"></div>\n");
            }
            _ => {
                let pad = "x".repeat(12_000);
                page.push_str(&format!(
                    "<input type=\"hidden\" id=\"k{i}\" data-pad=\"{pad}\" value=\""
                ));
                let start = page.len();
                page.push_str("{{ secret }}");
                inputs.push(start..page.len());
                page.push_str("\">\n");
            }
        }
        i += 1;
    }
    page.push_str(
        "</table>\n<script>\nZoomMtg.init({ leaveUrl: '{{ url }}' });\n</script>\n</body></html>\n",
    );
    scripts.push(block(&page, "<script>\nZoomMtg.init"));
    let e = extract(PageKind::Html, &page);
    assert_eq!(e.virtual_source.len(), page.len());
    assert_eq!(e.blocks, scripts);
    assert_eq!(
        e.hidden_inputs
            .iter()
            .map(|h| h.value.clone())
            .collect::<Vec<_>>(),
        inputs
    );
    assert!(e.hidden_inputs.iter().all(|h| h.placeholders.len() == 1));
    assert_eq!(e.placeholders.len(), 1);
    assert!(syntax_errors(&e).is_empty());
}

/// A known limit: template control flow that picks one of two alternatives inside an
/// expression leaves both in the script. The error stays local to that statement.
#[test]
fn alternatives_in_template_control_flow_are_both_kept() {
    let page = "<script>\nvar role = {% if host %}1{% else %}0{% endif %};\nvar secret = '{{ s }}';\n</script>";
    let e = extract(PageKind::Jinja, page);
    invariants(page, &e);
    let line = at(page, "var role = {% if host %}1{% else %}0{% endif %};");
    assert_eq!(
        e.virtual_source[line]
            .split_whitespace()
            .collect::<Vec<_>>(),
        ["var", "role", "=", "1", "0", ";"]
    );
    let errors = syntax_errors(&e);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(e.placeholders.iter().any(|p| p.code == "s"));
}
