//! The walk's shortcuts (issue 7) must not change what applies to a file: configuration lookup
//! caches every directory on the way up, files are sent to the workers in batches.

use std::path::{Path, PathBuf};

use siglint::config::{discover, ConfigResolver};

fn write(root: &Path, rel: &str, text: &str) -> PathBuf {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p
}

/// A tree with a configuration at the top, one in a nested service, and files at many depths.
fn tree(root: &Path) -> Vec<PathBuf> {
    write(root, "siglint.toml", "ignore = [\"SIG011\"]\n");
    write(root, "svc/api/.siglint.toml", "ignore = [\"SIG003\"]\n");
    write(
        root,
        "svc/api/deep/er/still/siglint.toml",
        "ignore = [\"SIG005\"]\n",
    );
    [
        "a.js",
        "web/src/a.js",
        "web/src/b/c/d.js",
        "svc/x.js",
        "svc/api/a.js",
        "svc/api/src/zoom/sign.js",
        "svc/api/deep/a.js",
        "svc/api/deep/er/still/a.js",
        "svc/api/deep/er/still/below/a.js",
        "svc/other/a.js",
    ]
    .iter()
    .map(|f| write(root, f, "x"))
    .collect()
}

#[test]
fn cached_lookup_finds_what_discovery_finds_in_any_order() {
    let dir = tempfile::tempdir().unwrap();
    let files = tree(dir.path());
    let expected: Vec<Option<PathBuf>> = files.iter().map(|f| discover(f)).collect();
    // Each configuration is found for some file, and not every file has the same.
    let distinct: std::collections::BTreeSet<_> = expected.iter().flatten().collect();
    assert_eq!(distinct.len(), 3, "{expected:?}");

    // Deepest first, shallowest first, and interleaved: the cache must answer the same.
    let mut orders: Vec<Vec<usize>> = vec![(0..files.len()).collect()];
    orders.push((0..files.len()).rev().collect());
    orders.push((0..files.len()).map(|i| (i * 7) % files.len()).collect());
    for order in orders {
        let resolver = ConfigResolver::new(None).unwrap();
        for i in order {
            let abs = resolver.absolute(files[i].parent().unwrap());
            let via_file = resolver.for_dir(&abs).unwrap();
            let via_path = resolver.for_path(&files[i]).unwrap();
            assert_eq!(via_file.path, expected[i], "{}", files[i].display());
            assert_eq!(via_path.path, expected[i], "{}", files[i].display());
        }
    }
}

#[test]
fn relative_paths_are_made_absolute_against_the_current_directory() {
    let resolver = ConfigResolver::new(None).unwrap();
    let cwd = std::env::current_dir().unwrap();
    assert_eq!(
        resolver.absolute(Path::new("./src/../tests/x.js")),
        cwd.join("tests/x.js")
    );
    assert_eq!(
        resolver.absolute(Path::new("/a/./b/../c")),
        Path::new("/a/c")
    );
}

#[test]
fn every_file_of_a_large_tree_is_analysed_once() {
    // More files than a batch, spread over folders, with findings in some: each is reported
    // exactly once, none lost at the end of a walker thread's last batch.
    let dir = tempfile::tempdir().unwrap();
    let sign = "function sign(mn, role) {\n  const iat = Math.floor(Date.now() / 1000)\n  const exp = iat + 7200\n  return require('jsonwebtoken').sign({ appKey: K, sdkKey: K, mn, role, iat, exp, tokenExp: exp }, process.env.S)\n}\n";
    let mut expected = Vec::new();
    for i in 0..1000 {
        let rel = format!("d{}/e{}/f{i}.js", i % 13, i % 5);
        if i % 37 == 0 {
            write(dir.path(), &rel, sign);
            expected.push(rel);
        } else {
            write(dir.path(), &rel, "export const x = 1;\n");
        }
    }
    expected.sort();
    for threads in ["1", "2", "3"] {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_siglint"))
            .args(["check", "--format", "json", "-j", threads, "."])
            .current_dir(dir.path())
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["summary"]["files_scanned"], 1000);
        let mut paths: Vec<String> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap().to_string())
            .collect();
        paths.sort();
        assert_eq!(paths, expected, "-j {threads}");
    }
}

#[test]
fn nested_configurations_apply_their_patterns_however_the_tree_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let sign = "function sign(mn, role) {\n  const iat = Math.floor(Date.now() / 1000)\n  const exp = iat + 7200\n  return require('jsonwebtoken').sign({ appKey: K, sdkKey: K, mn, role, iat, exp, tokenExp: exp }, process.env.S)\n}\n";
    write(
        root,
        "siglint.toml",
        "exclude = [\"vendor/\"]\n[per-file-ignores]\n\"/legacy/**\" = [\"SIG003\"]\n",
    );
    write(root, "svc/siglint.toml", "exclude = [\"gen/\"]\n");
    for f in [
        "vendor/sign.js",
        "legacy/old/sign.js",
        "src/sign.js",
        "svc/gen/sign.js",
        "svc/vendor/sign.js",
        "svc/legacy/sign.js",
        "svc/src/sign.js",
    ] {
        write(root, f, sign);
    }
    let run = |cwd: &Path, arg: &str| -> Vec<String> {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_siglint"))
            .args(["check", "--format", "json", arg])
            .current_dir(cwd)
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let mut paths: Vec<String> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap().to_string())
            .collect();
        paths.sort();
        paths
    };
    // The root's `vendor/` and `/legacy/**` do not reach into svc/, which has its own file.
    let expected = [
        "src/sign.js",
        "svc/legacy/sign.js",
        "svc/src/sign.js",
        "svc/vendor/sign.js",
    ];
    assert_eq!(run(root, "."), expected);
    let abs = root.to_str().unwrap();
    let absolute: Vec<String> = expected.iter().map(|e| format!("{abs}/{e}")).collect();
    assert_eq!(run(root, abs), absolute);
    let from_below: Vec<String> = expected.iter().map(|e| format!("../{e}")).collect();
    assert_eq!(run(&root.join("svc"), ".."), from_below);
}

#[test]
fn one_thread_walks_and_analyses_alone_with_the_same_result() {
    // `-j 1` walks and analyses in one thread: the same report as with several, for deep
    // nesting (the thread's stack), files named twice, missing paths and skipped files.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let sign = "function sign(mn, role) {\n  const iat = Math.floor(Date.now() / 1000)\n  const exp = iat + 7200\n  return require('jsonwebtoken').sign({ appKey: K, sdkKey: K, mn, role, iat, exp, tokenExp: exp }, process.env.S)\n}\n";
    write(root, "a/sign.js", sign);
    write(root, "b/c/sign.py", "import jwt\n");
    let deep = format!(
        "const sdkKey = {}1{};\n",
        "f(".repeat(5000),
        ")".repeat(5000)
    );
    write(root, "a/deep.js", &deep);
    std::fs::write(root.join("a/blob.js"), b"\x00\x01").unwrap();
    let run = |j: &str| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_siglint"))
            .args([
                "check",
                "--format",
                "json",
                "-j",
                j,
                ".",
                "a/sign.js",
                "missing",
            ])
            .current_dir(root)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "-j {j}");
        String::from_utf8(o.stdout).unwrap()
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    let v: serde_json::Value = serde_json::from_str(&one).unwrap();
    assert_eq!(v["summary"]["files_scanned"], 3, "{v}");
    assert_eq!(v["findings"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v["summary"]["depth_limited"][0], "a/deep.js", "{v}");
    assert_eq!(v["summary"]["skipped"][0]["path"], "a/blob.js", "{v}");
    assert_eq!(v["summary"]["problems"][0]["path"], "missing", "{v}");
}
