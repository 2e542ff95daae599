//! The list of repositories of an organisation scan (`--repos FILE`) and its split into shards
//! (`--shard I/N`).
//!
//! One repository per line: a git URL (`https://…`, `ssh://…`, `git@host:org/repo.git`,
//! `file://…`) or a local path (relative to the list's folder). Blank lines and `#` comments
//! (whole lines, or after a space) are ignored; a repeated repository is scanned once.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Where a repository comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// Cloned with git: a URL, an scp-like address, or a local repository (as a `file://` URL,
    /// so that the clone is shallow).
    Git(String),
    /// A local folder that is not a git repository: scanned in place, every run.
    Folder(PathBuf),
}

/// One repository of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The line's number in the list (1-based).
    pub line: usize,
    /// Its position among the list's repositories (0-based, duplicates left out): the order of
    /// the report, whatever the shard.
    pub index: usize,
    /// As written, credentials removed: shown in reports and kept in the state.
    pub shown: String,
    pub location: Location,
    /// The name in the report: `org/repo` for a hosted repository, the folder's name otherwise.
    pub name: String,
    /// Identifies the repository in the state folder (file-name safe, unique).
    pub key: String,
    /// Credentials written in the URL (`user:token`), masked in git's messages.
    pub secret: Option<String>,
}

/// A line of the list that is not used, and why (duplicates, option-like lines).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListNote {
    pub line: usize,
    pub message: String,
}

/// Reads the list. Errors: the file cannot be read, is not UTF-8, or names no repository.
pub fn read_list(file: &Path) -> Result<(Vec<Source>, Vec<ListNote>), String> {
    let bytes = std::fs::read(file)
        .map_err(|e| format!("{}: {}", file.display(), super::super::io_error(&e)))?;
    let text =
        String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8 text", file.display()))?;
    let base = file
        .parent()
        .map(Path::to_path_buf)
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| PathBuf::from("."));
    let (sources, notes) = parse_list(&text, &base);
    if sources.is_empty() {
        return Err(format!(
            "{}: lists no repository (one git URL or local path per line; `#` starts a comment)",
            file.display()
        ));
    }
    Ok((sources, notes))
}

/// Parses the text of a list; relative paths are relative to `base`.
pub fn parse_list(text: &str, base: &Path) -> (Vec<Source>, Vec<ListNote>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut sources: Vec<Source> = Vec::new();
    let mut notes = Vec::new();
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let entry = strip_comment(raw).trim();
        if entry.is_empty() {
            continue;
        }
        if entry.starts_with('-') {
            // git would read it as an option (`--upload-pack=…`): never pass it on.
            notes.push(ListNote {
                line,
                message: format!("`{entry}` is not a repository (it starts with `-`); skipped"),
            });
            continue;
        }
        let source = match make_source(entry, base, line, sources.len()) {
            Ok(s) => s,
            Err(message) => {
                notes.push(ListNote { line, message });
                continue;
            }
        };
        if let Some(first) = seen.get(&source.key) {
            notes.push(ListNote {
                line,
                message: format!(
                    "`{}` is listed on line {first} already; skipped",
                    source.shown
                ),
            });
            continue;
        }
        seen.insert(source.key.clone(), line);
        sources.push(source);
    }
    (sources, notes)
}

/// The line without a comment: a `#` at the start or after whitespace starts one (a `#` inside
/// a URL or a path stays).
fn strip_comment(line: &str) -> &str {
    let mut prev_space = true;
    for (i, c) in line.char_indices() {
        if c == '#' && prev_space {
            return &line[..i];
        }
        prev_space = c.is_whitespace();
    }
    line
}

fn make_source(entry: &str, base: &Path, line: usize, index: usize) -> Result<Source, String> {
    let (shown, secret) = redact(entry);
    let (location, identity) = if is_url(entry) || is_scp_like(entry) {
        (Location::Git(entry.to_string()), normalise_url(&shown))
    } else {
        let path = base.join(entry);
        let abs = std::path::absolute(&path).unwrap_or(path.clone());
        let abs = lexical(&abs);
        let identity = abs.to_string_lossy().into_owned();
        // A local repository is cloned like a remote one; a plain folder is scanned in place.
        // Which it is is decided when it is scanned (it may not exist yet).
        (Location::Folder(abs), identity)
    };
    let name = name_of(&shown, &location);
    if name.is_empty() {
        return Err(format!("`{shown}` names no repository; skipped"));
    }
    Ok(Source {
        line,
        index,
        key: key_of(&identity),
        shown,
        location,
        name,
        secret,
    })
}

/// `scheme://…`.
fn is_url(s: &str) -> bool {
    match s.find("://") {
        Some(i) => {
            i > 0
                && s[..i]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// git's scp-like syntax, `[user@]host:path`: a colon before any slash (and not a Windows
/// drive letter).
fn is_scp_like(s: &str) -> bool {
    match (s.find(':'), s.find('/')) {
        (Some(colon), slash) => colon > 1 && slash.is_none_or(|sl| colon < sl) && !s.contains('\\'),
        _ => false,
    }
}

/// The entry with credentials removed, and the credentials. An `https://user:token@host/…`
/// URL loses its whole user part (a token is often the user name); other URLs keep the user
/// (`ssh://git@host`) and lose a password.
pub fn redact(entry: &str) -> (String, Option<String>) {
    let Some(scheme_end) = entry.find("://") else {
        return (entry.to_string(), None);
    };
    let rest = &entry[scheme_end + 3..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let Some(at) = authority.rfind('@') else {
        return (entry.to_string(), None);
    };
    let userinfo = &authority[..at];
    let scheme = &entry[..scheme_end];
    let host_and_rest = &rest[at + 1..];
    if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") {
        (
            format!("{scheme}://{host_and_rest}"),
            Some(userinfo.to_string()),
        )
    } else if let Some(colon) = userinfo.find(':') {
        (
            format!("{scheme}://{}@{host_and_rest}", &userinfo[..colon]),
            Some(userinfo.to_string()),
        )
    } else {
        (entry.to_string(), None)
    }
}

/// One spelling per repository: no trailing `/` or `.git`, the scheme and host in lower case.
fn normalise_url(shown: &str) -> String {
    let mut s = shown.trim_end_matches('/').to_string();
    if let Some(stripped) = s.strip_suffix(".git") {
        s = stripped.to_string();
    }
    match s.find("://") {
        Some(i) => {
            let rest = &s[i + 3..];
            let host_end = rest.find('/').unwrap_or(rest.len());
            format!(
                "{}://{}{}",
                s[..i].to_ascii_lowercase(),
                rest[..host_end].to_ascii_lowercase(),
                &rest[host_end..]
            )
        }
        None => s,
    }
}

/// `.` and `..` resolved without asking the file system.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// The name in the report.
fn name_of(shown: &str, location: &Location) -> String {
    let strip = |s: &str| -> String {
        let s = s.trim_end_matches(['/', '\\']);
        s.strip_suffix(".git").unwrap_or(s).to_string()
    };
    match location {
        Location::Folder(p) => p
            .file_name()
            .map(|n| strip(&n.to_string_lossy()))
            .unwrap_or_else(|| strip(&p.to_string_lossy())),
        Location::Git(_) => {
            let trimmed = shown.trim_end_matches('/');
            let path = if let Some(i) = trimmed.find("://") {
                let scheme = &trimmed[..i];
                let rest = &trimmed[i + 3..];
                let path = rest.find('/').map_or("", |p| &rest[p + 1..]);
                if scheme.eq_ignore_ascii_case("file") {
                    // A folder on disk: its own name.
                    path.rsplit('/').next().unwrap_or(path)
                } else {
                    path
                }
            } else {
                // scp-like: host:path
                trimmed.split_once(':').map_or(trimmed, |(_, p)| p)
            };
            let path = path.split(['?', '#']).next().unwrap_or(path);
            strip(path.trim_start_matches('/'))
        }
    }
}

/// A file-name-safe key: a readable part and a hash of the identity.
fn key_of(identity: &str) -> String {
    let digest = Sha256::digest(identity.as_bytes());
    let hash: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
    let readable: String = identity
        .rsplit(['/', '\\', ':'])
        .find(|s| !s.is_empty())
        .unwrap_or("repo")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .take(60)
        .collect();
    let readable = readable.trim_start_matches('.');
    format!("{readable}-{hash}")
}

/// `--shard I/N`: the I-th of N shares of the list (1-based, as GitLab numbers parallel jobs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub total: u32,
}

impl Shard {
    pub const WHOLE: Shard = Shard { index: 1, total: 1 };

    /// Whether `source` belongs to this shard. The split hashes the repository's identity, so a
    /// repository stays in its shard when others are added to or removed from the list.
    pub fn contains(&self, source: &Source) -> bool {
        if self.total <= 1 {
            return true;
        }
        let digest = Sha256::digest(source.key.as_bytes());
        let n = u64::from_be_bytes(digest[..8].try_into().expect("8 bytes"));
        n % u64::from(self.total) == u64::from(self.index - 1)
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.total)
    }
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let usage = "expected I/N: the I-th of N shards, 1 ≤ I ≤ N (e.g. 2/4)";
        let (i, n) = s
            .trim()
            .split_once('/')
            .ok_or_else(|| format!("`{s}`: {usage}"))?;
        let parse = |x: &str| {
            x.trim()
                .parse::<u32>()
                .map_err(|_| format!("`{s}`: {usage}"))
        };
        let (index, total) = (parse(i)?, parse(n)?);
        if total == 0 {
            return Err(format!("`{s}`: N must be at least 1 ({usage})"));
        }
        if index == 0 || index > total {
            return Err(format!(
                "`{s}`: I must be between 1 and {total} (shards are numbered from 1)"
            ));
        }
        Ok(Shard { index, total })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_with_comments_blank_lines_and_duplicates() {
        let text = "\u{feff}# the payments team\n\nhttps://github.com/acme/billing.git  # owner: ana\n\
                    https://github.com/acme/billing\n git@github.com:acme/web.git \n--upload-pack=x\n\
                    ../local/api\r\nfile:///srv/git/tools.git\n";
        let (sources, notes) = parse_list(text, Path::new("/lists"));
        let names: Vec<&str> = sources.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["acme/billing", "acme/web", "api", "tools"]);
        assert_eq!(
            sources.iter().map(|s| s.index).collect::<Vec<_>>(),
            [0, 1, 2, 3]
        );
        assert_eq!(sources[2].location, Location::Folder("/local/api".into()));
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert_eq!(notes[0].line, 4);
        assert!(notes[0].message.contains("line 3"), "{notes:?}");
        assert_eq!(notes[1].line, 6);
    }

    #[test]
    fn credentials_never_reach_names_or_keys() {
        let (sources, _) = parse_list(
            "https://x-access-token:ghp_SECRET@github.com/acme/api.git\nssh://git:pw@host/r.git\n",
            Path::new("."),
        );
        assert_eq!(sources[0].shown, "https://github.com/acme/api.git");
        assert_eq!(
            sources[0].secret.as_deref(),
            Some("x-access-token:ghp_SECRET")
        );
        assert!(!sources[0].key.contains("SECRET"));
        assert_eq!(sources[1].shown, "ssh://git@host/r.git");
        // The key does not change when the token does.
        let (again, _) = parse_list(
            "https://x-access-token:other@github.com/acme/api.git\n",
            Path::new("."),
        );
        assert_eq!(again[0].key, sources[0].key);
    }

    #[test]
    fn shard_specs() {
        assert_eq!("2/4".parse::<Shard>(), Ok(Shard { index: 2, total: 4 }));
        for bad in ["0/0", "3/2", "0/2", "1/0", "x", "1/", "/2", "-1/2", "1/2/3"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn shards_split_the_list_into_disjoint_shares() {
        let text: String = (0..500)
            .map(|i| format!("https://git.example/org/repo-{i}.git\n"))
            .collect();
        let (sources, _) = parse_list(&text, Path::new("."));
        let shards: Vec<Shard> = (1..=4).map(|index| Shard { index, total: 4 }).collect();
        for s in &sources {
            assert_eq!(shards.iter().filter(|sh| sh.contains(s)).count(), 1);
        }
        for sh in &shards {
            let n = sources.iter().filter(|s| sh.contains(s)).count();
            assert!((90..=160).contains(&n), "{sh}: {n}");
        }
    }
}
