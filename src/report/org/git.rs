//! The user's `git`, with their credentials and configuration: `git ls-remote` for a
//! repository's current commit and a shallow `git clone`, each bounded in time (and a clone in
//! size). Git never waits for a password: a prompt would hang an unattended run, so
//! `GIT_TERMINAL_PROMPT=0` makes it fail instead (credential helpers still answer).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Why a git command did not give what was asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GitError {
    /// `auth`, `not-found`, `network`, `timeout`, `too-large`, `empty` or `git`.
    pub kind: &'static str,
    pub reason: String,
}

/// Limits of one clone.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub timeout: Duration,
    /// Bytes on disk (checkout and `.git`).
    pub max_size: u64,
}

/// The commit the remote's HEAD points at (`git ls-remote SOURCE HEAD`).
pub fn remote_head(
    source: &str,
    secret: Option<&str>,
    timeout: Duration,
) -> Result<String, GitError> {
    let mut cmd = git();
    cmd.args(["ls-remote", "--quiet", "--", source, "HEAD"]);
    let out = run(cmd, timeout, None).map_err(|e| masked(e, secret))?;
    if !out.ok {
        return Err(masked(classify(&out.stderr), secret));
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    stdout
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .find(|(_, name)| *name == "HEAD")
        .map(|(sha, _)| sha.trim().to_string())
        .ok_or_else(|| GitError {
            kind: "empty",
            reason: "the repository has no commits (no HEAD)".to_string(),
        })
}

/// Clones `source` shallowly into `dest` (which must not exist) and returns the commit.
pub fn clone(
    source: &str,
    secret: Option<&str>,
    dest: &Path,
    limits: Limits,
) -> Result<String, GitError> {
    let start = Instant::now();
    let mut cmd = git();
    cmd.args([
        "-c",
        "advice.detachedHead=false",
        "clone",
        "--quiet",
        "--depth",
        "1",
        "--single-branch",
        "--no-tags",
        "--",
        source,
    ])
    .arg(dest)
    // Signature code is never in Git LFS: do not download its objects.
    .env("GIT_LFS_SKIP_SMUDGE", "1");
    let out =
        run(cmd, limits.timeout, Some((dest, limits.max_size))).map_err(|e| masked(e, secret))?;
    if !out.ok {
        return Err(masked(classify(&out.stderr), secret));
    }
    // A clone faster than the first size check is measured once it is done.
    let size = disk_size(dest);
    if size > limits.max_size {
        return Err(too_large(limits.max_size));
    }
    if let Some(sha) = head_of(dest) {
        return Ok(sha);
    }
    let left = limits
        .timeout
        .saturating_sub(start.elapsed())
        .max(Duration::from_secs(5));
    let mut cmd = git();
    cmd.arg("-C")
        .arg(dest)
        .args(["rev-parse", "--verify", "--quiet", "HEAD"]);
    let head = run(cmd, left, None).map_err(|e| masked(e, secret))?;
    let sha = String::from_utf8_lossy(&head.stdout).trim().to_string();
    if !head.ok || sha.is_empty() {
        return Err(GitError {
            kind: "empty",
            reason: "the repository has no commits (no HEAD)".to_string(),
        });
    }
    Ok(sha)
}

/// The commit of a fresh clone's HEAD, read from `.git` (a process less per repository):
/// `HEAD` names a branch whose commit is in `refs/heads/…` or `packed-refs`. `None` when it is
/// anything else; git is asked then.
fn head_of(clone: &Path) -> Option<String> {
    let git_dir = clone.join(".git");
    let head = std::fs::read_to_string(git_dir.join("HEAD")).ok()?;
    let is_sha = |s: &str| s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit());
    let head = head.trim();
    if is_sha(head) {
        return Some(head.to_string());
    }
    let name = head.strip_prefix("ref: ")?;
    if !name.starts_with("refs/") || name.contains("..") {
        return None;
    }
    if let Ok(sha) = std::fs::read_to_string(git_dir.join(name)) {
        let sha = sha.trim();
        return is_sha(sha).then(|| sha.to_string());
    }
    let packed = std::fs::read_to_string(git_dir.join("packed-refs")).ok()?;
    packed.lines().find_map(|l| {
        let (sha, r) = l.split_once(' ')?;
        (r == name && is_sha(sha)).then(|| sha.to_string())
    })
}

/// Whether `dir` is a git repository, bare or not: its own git folder is `dir` (bare) or
/// `dir/.git`. A plain folder that merely lies inside another repository's work tree (an
/// exported tree under a checkout) is not one: it is scanned as a folder.
pub fn is_repository(dir: &Path) -> bool {
    let mut cmd = git();
    cmd.arg("-C")
        .arg(dir)
        .args(["rev-parse", "--absolute-git-dir"]);
    let Ok(out) = run(cmd, Duration::from_secs(30), None) else {
        return false;
    };
    if !out.ok {
        return false;
    }
    let git_dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (git_dir, dir) = (canon(&git_dir), canon(dir));
    git_dir == dir || git_dir == dir.join(".git")
}

/// Whether a `git` program can be run.
pub fn available() -> Result<(), String> {
    let mut cmd = git();
    cmd.arg("--version");
    match run(cmd, Duration::from_secs(30), None) {
        Ok(o) if o.ok => Ok(()),
        Ok(o) => Err(format!(
            "`git --version` failed: {}",
            String::from_utf8_lossy(&o.stderr).trim()
        )),
        Err(e) => Err(e.reason),
    }
}

fn git() -> Command {
    let mut cmd = Command::new("git");
    cmd.env("GIT_TERMINAL_PROMPT", "0")
        // Git Credential Manager: no dialog either.
        .env("GCM_INTERACTIVE", "never")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if std::env::var_os("GIT_SSH_COMMAND").is_none() && std::env::var_os("GIT_SSH").is_none() {
        // ssh asks on the terminal (a host key, a passphrase): fail instead. A user's
        // core.sshCommand is kept: git reads it only when GIT_SSH_COMMAND is unset, so it is
        // passed through the configuration, where it loses to the user's own.
        cmd.args(["-c", "core.sshCommand=ssh -o BatchMode=yes"]);
        if let Some(own) = configured_ssh_command() {
            cmd.arg("-c").arg(format!("core.sshCommand={own}"));
        }
    }
    #[cfg(unix)]
    {
        // Its own process group, so that a timeout ends ssh and the helpers too.
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    cmd
}

/// The user's `core.sshCommand`, read once.
fn configured_ssh_command() -> Option<String> {
    static OWN: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    OWN.get_or_init(|| {
        let out = Command::new("git")
            .args(["config", "--get", "core.sshCommand"])
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        let s = String::from_utf8_lossy(&out.stdout).trim().to_string();
        (out.status.success() && !s.is_empty()).then_some(s)
    })
    .clone()
}

struct Output {
    ok: bool,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

/// Runs `cmd` for at most `timeout`; with `watch`, stops it once the folder grows past the
/// size.
fn run(
    mut cmd: Command,
    timeout: Duration,
    watch: Option<(&Path, u64)>,
) -> Result<Output, GitError> {
    let start = Instant::now();
    let mut child = cmd.spawn().map_err(|e| GitError {
        kind: "git",
        reason: if e.kind() == std::io::ErrorKind::NotFound {
            "`git` was not found on the PATH (siglint clones with the git command)".to_string()
        } else {
            format!("git could not be started: {e}")
        },
    })?;
    let reader = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut p) = pipe {
                // Keep the last 64 KiB: git's error is at the end.
                let mut chunk = [0u8; 8192];
                while let Ok(n) = p.read(&mut chunk) {
                    if n == 0 {
                        break;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    if buf.len() > 1 << 17 {
                        buf.drain(..buf.len() - (1 << 16));
                    }
                }
            }
            buf
        })
    };
    let out = reader(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let err = reader(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    // A thread waits for the child, so that its end is seen at once (no polling); this one
    // wakes every second to check the time limit and the clone's size.
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    let waiter = std::thread::spawn(move || {
        let status = child.wait();
        let _ = tx.send(());
        status
    });
    let mut stopped: Option<GitError> = None;
    loop {
        let wake = timeout
            .saturating_sub(start.elapsed())
            .min(Duration::from_secs(1))
            .max(Duration::from_millis(1));
        match rx.recv_timeout(wake) {
            Ok(()) | Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
        }
        if start.elapsed() >= timeout {
            stopped = Some(GitError {
                kind: "timeout",
                reason: format!("git did not finish within {} s", timeout.as_secs()),
            });
        } else if let Some((dir, max)) = watch {
            if disk_size(dir) > max {
                stopped = Some(too_large(max));
            }
        }
        if stopped.is_some() {
            kill(pid);
            break;
        }
    }
    let status = waiter.join().ok().and_then(Result::ok);
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    if let Some(e) = stopped {
        return Err(e);
    }
    Ok(Output {
        ok: status.is_some_and(|s| s.success()),
        stdout,
        stderr,
    })
}

/// Ends the process `pid` and everything it started (its process group on Unix, its tree on
/// Windows).
fn kill(pid: u32) {
    #[cfg(unix)]
    let (program, args) = (
        "kill",
        vec!["-KILL".to_string(), "--".to_string(), format!("-{pid}")],
    );
    #[cfg(not(unix))]
    let (program, args) = (
        "taskkill",
        vec![
            "/F".to_string(),
            "/T".to_string(),
            "/PID".to_string(),
            pid.to_string(),
        ],
    );
    let _ = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

fn too_large(max: u64) -> GitError {
    GitError {
        kind: "too-large",
        reason: format!(
            "the clone grew past {} MB on disk (--max-repo-size)",
            max / (1024 * 1024)
        ),
    }
}

/// Bytes of the files under `dir` (symbolic links not followed).
pub fn disk_size(dir: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                total += meta.len();
            }
        }
    }
    total
}

/// What kind of failure git's message describes, and its gist.
pub fn classify(stderr: &[u8]) -> GitError {
    const KINDS: [(&str, &[&str]); 3] = [
        (
            "auth",
            &[
                "authentication failed",
                "could not read username",
                "could not read password",
                "terminal prompts disabled",
                "permission denied (publickey",
                "invalid username or password",
                "host key verification failed",
                "the requested url returned error: 401",
                "the requested url returned error: 403",
                "access denied",
            ],
        ),
        (
            "not-found",
            &[
                "repository not found",
                "not found",
                "does not exist",
                "does not appear to be a git repository",
                "the requested url returned error: 404",
                "no such file or directory",
            ],
        ),
        (
            "network",
            &[
                "could not resolve host",
                "could not resolve hostname",
                "connection refused",
                "connection timed out",
                "network is unreachable",
                "failed to connect",
                "connection reset",
                "operation timed out",
                "unable to access",
            ],
        ),
    ];
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    for (kind, needles) in KINDS {
        // The line that tells is the reason (`Permission denied (publickey)` rather than the
        // `Could not read from remote repository` that follows it).
        let telling = lines.iter().find(|l| {
            let lower = l.to_lowercase();
            needles.iter().any(|n| lower.contains(n))
        });
        if let Some(line) = telling {
            return GitError {
                kind,
                reason: shorten(line),
            };
        }
    }
    let line = lines
        .iter()
        .find(|l| l.starts_with("fatal:"))
        .or_else(|| lines.iter().find(|l| l.starts_with("error:")))
        .or(lines.last())
        .copied()
        .unwrap_or("git failed without a message");
    GitError {
        kind: "git",
        reason: shorten(line),
    }
}

/// One line of git's, without control characters, at most 300 characters.
fn shorten(line: &str) -> String {
    let mut s: String = line.chars().filter(|c| !c.is_control()).take(300).collect();
    if line.chars().count() > 300 {
        s.push('…');
    }
    s
}

/// The error with the URL's credentials masked.
fn masked(mut e: GitError, secret: Option<&str>) -> GitError {
    if let Some(secret) = secret.filter(|s| !s.is_empty()) {
        e.reason = e.reason.replace(secret, "***");
        if let Some((user, password)) = secret.split_once(':') {
            if !password.is_empty() {
                e.reason = e.reason.replace(password, "***");
            }
            if !user.is_empty() && user.len() >= 8 {
                e.reason = e.reason.replace(user, "***");
            }
        }
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_classified() {
        let cases = [
            ("fatal: could not read Username for 'https://github.com': terminal prompts disabled", "auth"),
            ("remote: Repository not found.\nfatal: repository 'https://github.com/a/b.git/' not found", "not-found"),
            ("fatal: '/tmp/nope' does not appear to be a git repository\nfatal: Could not read from remote repository.", "not-found"),
            ("fatal: unable to access 'https://x.invalid/a.git/': Could not resolve host: x.invalid", "network"),
            ("git@github.com: Permission denied (publickey).\r\nfatal: Could not read from remote repository.", "auth"),
            ("fatal: early EOF", "git"),
        ];
        for (stderr, kind) in cases {
            let e = classify(stderr.as_bytes());
            assert_eq!(e.kind, kind, "{stderr}");
            assert!(!e.reason.contains("Could not read from remote"), "{e:?}");
        }
        assert_eq!(
            classify(b"fatal: '/srv/x' does not appear to be a git repository\nfatal: Could not read from remote repository.\n").reason,
            "fatal: '/srv/x' does not appear to be a git repository"
        );
    }

    #[test]
    fn credentials_are_masked_in_messages() {
        let e = GitError {
            kind: "auth",
            reason: "fatal: Authentication failed for 'https://bot:ghp_token123@host/a.git'".into(),
        };
        let m = masked(e, Some("bot:ghp_token123"));
        assert!(!m.reason.contains("ghp_token123"), "{m:?}");
    }
}
