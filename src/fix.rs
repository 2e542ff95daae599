//! Applying fixes safely: choosing non-overlapping edits, the re-check loop, and writing files.
//!
//! A rule describes a fix as text edits with byte spans and declares how safe it is
//! ([`Applicability`], ruff's three levels). This module only *applies* fixes; it never decides
//! what a fix is. Its promises, each covered by a test:
//!
//! - A fix is applied whole or not at all; fixes whose edits overlap are never applied in the same
//!   pass (the later one is retried on the next pass, against the new text).
//! - [`fix_loop`] re-checks after every pass, stops when nothing changes or after
//!   [`MAX_PASSES`], detects cycles, and rolls back a pass that adds syntax errors (the offending
//!   fixes are refused and reported, the others applied).
//! - The file keeps its line endings (replacements are written with `\n` and converted), its
//!   encoding and byte-order mark ([`FileText`]: UTF-8 with or without one, UTF-16 LE/BE with
//!   one) and the presence or absence of its final newline.
//! - [`write_atomically`] writes only when the file is still what was read, through a temporary
//!   file renamed over the original: a reader, a crash or a kill sees the old or the new content,
//!   never a mix, and the original's permissions are kept.
//!
//! Wiring one file (what `siglint check --fix` / `--diff` do):
//!
//! ```no_run
//! use siglint::fix::{fix_loop, unified_diff, write_atomically, Applicability, FileText, Fix, MAX_PASSES};
//! use siglint::model::Language;
//! # fn produce(_text: &str) -> Vec<Fix> { Vec::new() }
//! let path = std::path::Path::new("src/signature.js");
//! let bytes = std::fs::read(path)?;
//! let Some(file) = FileText::decode(&bytes) else { return Ok(()) }; // not text: not fixed
//! let unsafe_fixes = false;
//! let outcome = fix_loop(&file.text, Language::JavaScript, MAX_PASSES, produce, |f| {
//!     f.applicability.is_applied(unsafe_fixes)
//! });
//! if outcome.text != file.text {
//!     print!("{}", unified_diff("src/signature.js", &file.text, &outcome.text)); // --diff
//!     write_atomically(path, &bytes, &file.encode(&outcome.text))?; // --fix
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;
use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::hash::{Hash, Hasher};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::model::{Language, Span};

/// The most passes [`fix_loop`] runs on one file (ruff's bound): a rule whose fix keeps
/// producing new fixes cannot hang the run.
pub const MAX_PASSES: usize = 100;

use crate::diagnostic::overlaps;
pub use crate::diagnostic::{Applicability, Edit, Fix, InvalidFix};

// ---------------------------------------------------------------------------------------------
// Line endings, final newline, byte-order mark
// ---------------------------------------------------------------------------------------------

/// The line ending a file uses, judged by its first line break (as ruff does); `\n` when it has
/// none. Mixed files keep every untouched line as it was; only inserted text follows this style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineEnding {
    Lf,
    CrLf,
}

impl LineEnding {
    pub fn detect(text: &str) -> LineEnding {
        match text.find('\n') {
            Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => LineEnding::CrLf,
            _ => LineEnding::Lf,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
        }
    }

    /// `text` (whose line breaks may be `\n` or `\r\n`) with this file's line breaks.
    pub fn convert(self, text: &str) -> Cow<'_, str> {
        match self {
            LineEnding::Lf if text.contains("\r\n") => Cow::Owned(text.replace("\r\n", "\n")),
            LineEnding::CrLf if text.contains('\n') => {
                let mut out = String::with_capacity(text.len() + 16);
                let mut prev = '\0';
                for c in text.chars() {
                    if c == '\n' && prev != '\r' {
                        out.push('\r');
                    }
                    out.push(c);
                    prev = c;
                }
                Cow::Owned(out)
            }
            _ => Cow::Borrowed(text),
        }
    }
}

/// Gives `text` a final line break exactly when the original had one: a fix that rewrites the
/// end of a file must not add or drop it.
fn keep_final_newline(text: &mut String, final_newline: bool, ending: LineEnding) {
    let has = text.ends_with('\n');
    if final_newline && !has && !text.is_empty() {
        text.push_str(ending.as_str());
    } else if !final_newline && has {
        text.pop();
        if text.ends_with('\r') {
            text.pop();
        }
    }
}

/// How a file's text is stored. siglint reads UTF-8 (with or without a byte-order mark) and
/// UTF-16 with a byte-order mark (as Windows editors save "Unicode" files); without a mark,
/// UTF-16 cannot be told from binary data and is skipped as binary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
}

const UTF16LE_BOM: &[u8] = b"\xFF\xFE";
const UTF16BE_BOM: &[u8] = b"\xFE\xFF";

impl TextEncoding {
    /// The encoding the file's byte-order mark announces; UTF-8 when it has none.
    pub fn sniff(bytes: &[u8]) -> TextEncoding {
        if bytes.starts_with(UTF16LE_BOM) {
            TextEncoding::Utf16Le
        } else if bytes.starts_with(UTF16BE_BOM) {
            TextEncoding::Utf16Be
        } else {
            TextEncoding::Utf8
        }
    }

    /// The name of the encoding when the file starts with the byte-order mark of one siglint
    /// does not read (UTF-32, whose little-endian mark begins like UTF-16's).
    pub fn unsupported_bom(bytes: &[u8]) -> Option<&'static str> {
        (bytes.starts_with(b"\xFF\xFE\0\0") || bytes.starts_with(b"\0\0\xFE\xFF"))
            .then_some("UTF-32")
    }

    /// The text of a UTF-16 file (`bytes` with its byte-order mark, which is dropped); `None`
    /// when the code units do not form characters (an odd length, an unpaired surrogate) or
    /// this is UTF-8.
    pub fn decode_utf16(self, bytes: &[u8]) -> Option<String> {
        let from: fn([u8; 2]) -> u16 = match self {
            TextEncoding::Utf16Le => u16::from_le_bytes,
            TextEncoding::Utf16Be => u16::from_be_bytes,
            TextEncoding::Utf8 => return None,
        };
        let body = bytes.get(2..)?;
        if body.len() % 2 != 0 {
            return None;
        }
        let units = body.chunks_exact(2).map(|p| from([p[0], p[1]]));
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .ok()
    }
}

/// The text of a file as the fixer works on it: UTF-8 with the byte-order mark taken off (and
/// put back by [`FileText::encode`]), so that an insertion at offset 0 lands after the mark.
/// A UTF-16 file is transcoded to UTF-8 here and back to UTF-16, with its mark, by `encode`.
/// `engine::decode` reads files into the same text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileText {
    /// The file starts with a byte-order mark (always, for UTF-16).
    pub bom: bool,
    pub encoding: TextEncoding,
    pub text: String,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

impl FileText {
    /// `None` when the bytes are not text siglint reads (not UTF-8, broken UTF-16, UTF-32):
    /// such files are never fixed.
    pub fn decode(bytes: &[u8]) -> Option<FileText> {
        if TextEncoding::unsupported_bom(bytes).is_some() {
            return None;
        }
        let encoding = TextEncoding::sniff(bytes);
        if encoding != TextEncoding::Utf8 {
            let text = encoding.decode_utf16(bytes)?;
            return Some(FileText {
                bom: true,
                encoding,
                text,
            });
        }
        let (bom, body) = match bytes.strip_prefix(BOM) {
            Some(rest) => (true, rest),
            None => (false, bytes),
        };
        let text = std::str::from_utf8(body).ok()?.to_string();
        Some(FileText {
            bom,
            encoding,
            text,
        })
    }

    /// The bytes to write for `text`, a fixed version of this file's text: in the file's
    /// encoding, with its byte-order mark.
    pub fn encode(&self, text: &str) -> Vec<u8> {
        let to: fn(u16) -> [u8; 2] = match self.encoding {
            TextEncoding::Utf16Le => u16::to_le_bytes,
            TextEncoding::Utf16Be => u16::to_be_bytes,
            TextEncoding::Utf8 => {
                let mut out = Vec::with_capacity(text.len() + 3);
                if self.bom {
                    out.extend_from_slice(BOM);
                }
                out.extend_from_slice(text.as_bytes());
                return out;
            }
        };
        let mut out = Vec::with_capacity(2 * text.len() + 2);
        out.extend_from_slice(&to(0xFEFF));
        for unit in text.encode_utf16() {
            out.extend_from_slice(&to(unit));
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Applying one pass
// ---------------------------------------------------------------------------------------------

/// The result of [`apply_fixes`]: indices refer to the `fixes` slice given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppliedFixes {
    pub text: String,
    /// Fixes applied, all their edits.
    pub applied: Vec<usize>,
    /// Fixes left out of this pass because they overlap a fix chosen earlier in source order;
    /// the fix loop asks for them again against the new text.
    pub skipped: Vec<usize>,
    /// Fixes that do not fit the text (see [`Fix::validate`]); never applied.
    pub invalid: Vec<usize>,
}

/// Applies a non-overlapping subset of `fixes` to `source`: fixes are taken in source order
/// (by their first edit) and one is chosen only when none of its edits overlaps an edit of a
/// fix already chosen; all edits of a chosen fix are applied, none of a skipped one. An edit
/// identical to one already chosen (two fixes adding the same `require`) is applied once.
/// Replacement line breaks follow the line ending of `source`.
///
/// This applies what it is given, whatever its [`Applicability`]: filtering is the caller's
/// (or [`fix_loop`]'s) job.
pub fn apply_fixes(source: &str, fixes: &[&Fix]) -> AppliedFixes {
    apply_with(source, fixes, LineEnding::detect(source))
}

fn apply_with(source: &str, fixes: &[&Fix], ending: LineEnding) -> AppliedFixes {
    let mut valid = Vec::new();
    let mut invalid = Vec::new();
    for (i, fix) in fixes.iter().enumerate() {
        match fix.validate(source) {
            Ok(()) => valid.push(i),
            Err(_) => invalid.push(i),
        }
    }
    valid.sort_by_key(|&i| (fixes[i].start(), i));

    let mut chosen: Vec<(Span, Cow<'_, str>)> = Vec::new();
    let mut applied = Vec::new();
    let mut skipped = Vec::new();
    for i in valid {
        let mut own = Vec::new();
        let mut conflict = false;
        for edit in &fixes[i].edits {
            let replacement = ending.convert(&edit.replacement);
            if chosen
                .iter()
                .any(|(s, r)| *s == edit.span && *r == replacement)
            {
                continue; // already made by an earlier fix
            }
            if chosen.iter().any(|(s, _)| overlaps(*s, edit.span)) {
                conflict = true;
                break;
            }
            own.push((edit.span, replacement));
        }
        if conflict {
            skipped.push(i);
        } else {
            chosen.extend(own);
            applied.push(i);
        }
    }
    applied.sort_unstable();
    skipped.sort_unstable();

    // Stable: insertions at one point keep the order of their fixes.
    chosen.sort_by_key(|(s, _)| (s.start, s.end));
    let mut text = String::with_capacity(source.len() + 64);
    let mut pos = 0;
    for (span, replacement) in &chosen {
        text.push_str(&source[pos..span.start]);
        text.push_str(replacement);
        pos = span.end;
    }
    text.push_str(&source[pos..]);
    AppliedFixes {
        text,
        applied,
        skipped,
        invalid,
    }
}

// ---------------------------------------------------------------------------------------------
// The fix loop
// ---------------------------------------------------------------------------------------------

/// What [`fix_loop`] did to one text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixOutcome {
    /// The fixed text (the input when nothing was applied).
    pub text: String,
    /// Passes that changed the text.
    pub passes: usize,
    /// Fixes applied over all passes.
    pub applied: usize,
    /// The last pass found nothing left to apply. False when the pass bound was reached or
    /// the fixes went round in a cycle: the text is then a consistent, parsed state, but a
    /// rule's fix does not settle (a rule bug worth reporting).
    pub converged: bool,
    /// Descriptions of fixes that were not applied because they would add syntax errors, or
    /// whose edits do not fit the text, each once, in the order they were refused.
    pub refused: Vec<String>,
}

/// Applies fixes until none is left: each pass asks `produce` for the fixes of the current
/// text, applies the non-overlapping subset that `allowed` accepts (never a
/// [`Applicability::DisplayOnly`] one), and re-parses the result with `language`'s grammar.
///
/// A pass whose result has more syntax-error nodes than its input is rolled back; each of its
/// fixes is then tried alone, those that add errors alone are refused (and reported), and the
/// loop goes on, so one bad fix does not block the good ones (if none fails alone, the whole
/// combination is refused). A refused fix is recognised by its description and the text it
/// replaces, so it is not retried later at a shifted position.
///
/// Stops when a pass changes nothing, after `max_passes` passes (counting rolled-back ones), or
/// when a text comes back (a cycle). Line endings of inserted text follow the original's, and
/// the original's final newline (or its absence) is kept.
pub fn fix_loop(
    source: &str,
    language: Language,
    max_passes: usize,
    produce: impl FnMut(&str) -> Vec<Fix>,
    allowed: impl Fn(&Fix) -> bool,
) -> FixOutcome {
    fix_loop_judged_by(
        source,
        |text| syntax_error_count(language, text),
        max_passes,
        produce,
        allowed,
    )
}

/// [`fix_loop`] with another judge of syntax errors than one language's parser: a page's
/// script blocks (`lang::lower_page`) are judged by their own model.
pub fn fix_loop_judged_by(
    source: &str,
    syntax_errors: impl Fn(&str) -> Option<usize>,
    max_passes: usize,
    mut produce: impl FnMut(&str) -> Vec<Fix>,
    allowed: impl Fn(&Fix) -> bool,
) -> FixOutcome {
    let ending = LineEnding::detect(source);
    let final_newline = source.ends_with('\n');
    let mut outcome = FixOutcome {
        text: source.to_string(),
        passes: 0,
        applied: 0,
        converged: false,
        refused: Vec::new(),
    };
    let mut refused_keys: HashSet<RefusalKey> = HashSet::new();
    fn refuse(outcome: &mut FixOutcome, keys: &mut HashSet<RefusalKey>, key: RefusalKey) {
        if !outcome.refused.contains(&key.description) {
            outcome.refused.push(key.description.clone());
        }
        keys.insert(key);
    }
    let Some(mut errors) = syntax_errors(source) else {
        // Without a baseline no pass can be judged: apply nothing.
        return outcome;
    };
    let mut seen = HashSet::from([text_hash(source)]);

    for _ in 0..max_passes {
        let text = outcome.text.clone();
        let fixes = produce(&text);
        let mut candidates: Vec<&Fix> = Vec::new();
        for fix in &fixes {
            if fix.applicability == Applicability::DisplayOnly || !allowed(fix) {
                continue;
            }
            if fix.validate(&text).is_err() {
                // A fix generation bug: the edits do not fit the text they were made for.
                let key = RefusalKey::new(fix, &text);
                if !refused_keys.contains(&key) {
                    refuse(&mut outcome, &mut refused_keys, key);
                }
                continue;
            }
            if is_noop(fix, &text, ending) || refused_keys.contains(&RefusalKey::new(fix, &text)) {
                continue;
            }
            candidates.push(fix);
        }
        if candidates.is_empty() {
            outcome.converged = true;
            return outcome;
        }

        let pass = apply_with(&text, &candidates, ending);
        let mut new_text = pass.text;
        keep_final_newline(&mut new_text, final_newline, ending);
        if new_text == text {
            outcome.converged = true;
            return outcome;
        }
        match syntax_errors(&new_text) {
            Some(n) if n <= errors => {
                errors = n;
                outcome.passes += 1;
                outcome.applied += pass.applied.len();
                outcome.text = new_text;
                if !seen.insert(text_hash(&outcome.text)) {
                    return outcome; // a cycle: not converged
                }
            }
            _ => {
                // Roll back (the text is left as it was) and find the culprits.
                let mut culprits: Vec<usize> = pass
                    .applied
                    .iter()
                    .copied()
                    .filter(|&i| {
                        let mut alone = apply_with(&text, &[candidates[i]], ending).text;
                        keep_final_newline(&mut alone, final_newline, ending);
                        syntax_errors(&alone).is_none_or(|n| n > errors)
                    })
                    .collect();
                if culprits.is_empty() {
                    culprits = pass.applied.clone();
                }
                for i in culprits {
                    let key = RefusalKey::new(candidates[i], &text);
                    refuse(&mut outcome, &mut refused_keys, key);
                }
            }
        }
    }
    outcome
}

/// A fix as recognised after a rollback: its description and what it replaces with what, not
/// where (the same bad fix comes back at a shifted offset after other fixes are applied).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct RefusalKey {
    description: String,
    edits: Vec<(String, String)>,
}

impl RefusalKey {
    fn new(fix: &Fix, text: &str) -> RefusalKey {
        RefusalKey {
            description: fix.description.clone(),
            edits: fix
                .edits
                .iter()
                .map(|e| {
                    let old = text.get(e.span.start..e.span.end).unwrap_or("");
                    (old.to_string(), e.replacement.clone())
                })
                .collect(),
        }
    }
}

fn is_noop(fix: &Fix, text: &str, ending: LineEnding) -> bool {
    fix.edits
        .iter()
        .all(|e| text[e.span.start..e.span.end] == *ending.convert(&e.replacement))
}

fn text_hash(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// Syntax-error nodes (`ERROR` and `MISSING`) tree-sitter finds in `text`; `None` when it could
/// not parse at all. Counts what `engine::Analysis::syntax_errors` counts.
pub fn syntax_error_count(language: Language, text: &str) -> Option<usize> {
    let tree = crate::lang::parse(language, text)?;
    let root = tree.root_node();
    if !root.has_error() {
        return Some(0);
    }
    // Iterative: a deeply nested file must not overflow the stack here either.
    let mut count = 0;
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        if node.is_error() || node.is_missing() {
            count += 1;
        }
        if node.has_error() && !node.is_error() && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return Some(count);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Writing a fixed file
// ---------------------------------------------------------------------------------------------

/// Why a fixed file was not written. In every case the file is left as it was.
#[derive(Debug)]
pub enum FixWriteError {
    /// The file's bytes are no longer those that were read and fixed: someone changed it in
    /// the meantime, and their change wins.
    Changed { path: PathBuf },
    /// The path is not a regular file (a directory, a device).
    NotAFile { path: PathBuf },
    /// Reading, creating the temporary file, writing, syncing or renaming failed.
    Io {
        path: PathBuf,
        action: &'static str,
        source: io::Error,
    },
}

impl fmt::Display for FixWriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FixWriteError::Changed { path } => write!(
                f,
                "{}: changed since it was read; not overwritten",
                path.display()
            ),
            FixWriteError::NotAFile { path } => {
                write!(f, "{}: not a regular file; not written", path.display())
            }
            FixWriteError::Io {
                path,
                action,
                source,
            } => write!(f, "{}: could not {action}: {source}", path.display()),
        }
    }
}

impl std::error::Error for FixWriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FixWriteError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The points of [`write_atomically`] where the unit tests inject failures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum WriteStage {
    Created,
    Written,
    Synced,
    BeforeRename,
}

/// Replaces the content of `path` with `new`, only if the file still holds exactly
/// `expected_original` (the bytes the fix was computed from); otherwise
/// [`FixWriteError::Changed`] and nothing is written.
///
/// The new content goes to a temporary file in the same directory (a unique, hidden name:
/// `.NAME.siglint-PID-N.tmp`, created exclusively, readable by the owner only while written),
/// which gets the original's permission bits (and, where allowed, its owner and group), is
/// synced, and is renamed over the original, then the directory is synced. The rename is
/// atomic on POSIX file systems: any reader, and the file after a crash or a kill at any point,
/// sees the old or the new content, never a part. On any error the temporary file is removed and
/// the original is untouched. The file is compared again just before the rename, which narrows
/// (no portable API closes) the window in which a concurrent writer could be overwritten.
///
/// A symbolic link is written through: the link stays a link and its target gets the new
/// content (the temporary file is created next to the target). A file with several hard links
/// is replaced under this name only; the other names keep the old content (as with any
/// rename-based writer). A kill between creating and renaming the temporary file leaves it
/// behind (a hidden file; the original is intact).
pub fn write_atomically(
    path: &Path,
    expected_original: &[u8],
    new: &[u8],
) -> Result<(), FixWriteError> {
    write_atomically_with(path, expected_original, new, &mut |_| Ok(()))
}

fn write_atomically_with(
    path: &Path,
    expected_original: &[u8],
    new: &[u8],
    fault: &mut dyn FnMut(WriteStage) -> io::Result<()>,
) -> Result<(), FixWriteError> {
    let io_err = |action: &'static str| {
        move |source: io::Error| FixWriteError::Io {
            path: path.to_path_buf(),
            action,
            source,
        }
    };
    // Through symbolic links to the file itself, so the link is not replaced by a file.
    let target = fs::canonicalize(path).map_err(io_err("resolve the path"))?;
    let meta = fs::metadata(&target).map_err(io_err("read the metadata"))?;
    if !meta.is_file() {
        return Err(FixWriteError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    let unchanged = || -> Result<(), FixWriteError> {
        let current = fs::read(&target).map_err(io_err("read the file"))?;
        if current != expected_original {
            return Err(FixWriteError::Changed {
                path: path.to_path_buf(),
            });
        }
        Ok(())
    };
    unchanged()?;

    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (temp, mut file) =
        TempFile::create(dir, &name).map_err(io_err("create a temporary file"))?;
    fault(WriteStage::Created).map_err(io_err("create a temporary file"))?;
    file.write_all(new)
        .and_then(|()| fault(WriteStage::Written))
        .map_err(io_err("write the temporary file"))?;
    copy_owner(&file, &meta);
    fs::set_permissions(&temp.path, meta.permissions()).map_err(io_err("set permissions"))?;
    file.sync_all()
        .and_then(|()| fault(WriteStage::Synced))
        .map_err(io_err("sync the temporary file"))?;
    drop(file);
    unchanged()?;
    fault(WriteStage::BeforeRename).map_err(io_err("replace the file"))?;
    fs::rename(&temp.path, &target).map_err(io_err("replace the file"))?;
    temp.disarm();
    // Makes the rename durable. The content is already consistent either way, and some file
    // systems cannot sync a directory, so a failure here is not reported.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(unix)]
fn copy_owner(file: &File, meta: &fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    // Only root (or the owner, for the group) may do this; otherwise the file takes the
    // writer's owner, as with any editor that saves by rename.
    let _ = std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()));
}

#[cfg(not(unix))]
fn copy_owner(_file: &File, _meta: &fs::Metadata) {}

/// A temporary file that is removed when dropped, unless it was renamed into place.
struct TempFile {
    path: PathBuf,
    armed: bool,
}

impl TempFile {
    fn create(dir: &Path, name: &str) -> io::Result<(TempFile, File)> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let mut last = None;
        for _ in 0..64 {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.subsec_nanos())
                .unwrap_or(0);
            let path = dir.join(format!(
                ".{name}.siglint-{}-{n}-{nanos:x}.tmp",
                std::process::id()
            ));
            let mut options = OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                // The content may hold a secret: nobody else reads it before the permissions
                // are copied from the original.
                options.mode(0o600);
            }
            match options.open(&path) {
                Ok(file) => return Ok((TempFile { path, armed: true }, file)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
                Err(e) => return Err(e),
            }
        }
        Err(last.unwrap_or_else(|| io::Error::other("no unique temporary name")))
    }

    fn disarm(mut self) {
        self.armed = false;
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if self.armed {
            let _ = fs::remove_file(&self.path);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Unified diff
// ---------------------------------------------------------------------------------------------

/// Lines of unchanged context around each change.
const CONTEXT: usize = 3;

/// A unified diff of `old` and `new` as `diff -u` (and `git diff`) print it: `--- a/LABEL`,
/// `+++ b/LABEL`, then hunks `@@ -l,n +l,n @@` with three lines of context, hunks closer than
/// that merged, and `\ No newline at end of file` after a last line without one. Empty when the
/// texts are equal. Lines are compared with their line endings; the alignment is a shortest
/// edit script (Myers' algorithm in linear space).
pub fn unified_diff(path_label: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let regions = changed_regions(&a, &b);

    let mut out = format!("--- a/{path_label}\n+++ b/{path_label}\n");
    let mut i = 0;
    while i < regions.len() {
        // A hunk: regions separated by at most 2 * CONTEXT unchanged lines.
        let mut j = i;
        while j + 1 < regions.len() && regions[j + 1].old.start - regions[j].old.end <= 2 * CONTEXT
        {
            j += 1;
        }
        let (first, last) = (&regions[i], &regions[j]);
        let before = first.old.start.min(CONTEXT);
        let after = (a.len() - last.old.end).min(CONTEXT);
        let old_start = first.old.start - before;
        let new_start = first.new.start - before;
        let old_len = last.old.end + after - old_start;
        let new_len = last.new.end + after - new_start;
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            hunk_range(old_start, old_len),
            hunk_range(new_start, new_len)
        ));
        let mut pos = old_start;
        for r in &regions[i..=j] {
            for line in &a[pos..r.old.start] {
                push_line(&mut out, ' ', line);
            }
            for line in &a[r.old.clone()] {
                push_line(&mut out, '-', line);
            }
            for line in &b[r.new.clone()] {
                push_line(&mut out, '+', line);
            }
            pos = r.old.end;
        }
        for line in &a[pos..last.old.end + after] {
            push_line(&mut out, ' ', line);
        }
        i = j + 1;
    }
    out
}

/// `l,n` as diff prints it: `l` alone for one line; for none, the line before (`0,0` at top).
fn hunk_range(start: usize, len: usize) -> String {
    match len {
        0 => format!("{start},0"),
        1 => format!("{}", start + 1),
        _ => format!("{},{len}", start + 1),
    }
}

fn push_line(out: &mut String, sign: char, line: &str) {
    out.push(sign);
    out.push_str(line);
    if !line.ends_with('\n') {
        out.push_str("\n\\ No newline at end of file\n");
    }
}

/// Lines `old` of the old text replaced by lines `new` of the new text.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Region {
    old: std::ops::Range<usize>,
    new: std::ops::Range<usize>,
}

fn changed_regions<'t>(a: &[&'t str], b: &[&'t str]) -> Vec<Region> {
    // Lines as small integers: the algorithm compares them many times.
    let mut ids: HashMap<&'t str, u32> = HashMap::new();
    let mut intern = |l: &'t str| -> u32 {
        let next = ids.len() as u32;
        *ids.entry(l).or_insert(next)
    };
    let a_ids: Vec<u32> = a.iter().map(|&l| intern(l)).collect();
    let b_ids: Vec<u32> = b.iter().map(|&l| intern(l)).collect();

    let mut regions = Vec::new();
    let (mut pa, mut pb) = (0, 0);
    let mut matches = matching_lines(&a_ids, &b_ids);
    matches.push((a.len(), b.len()));
    for (x, y) in matches {
        if x > pa || y > pb {
            regions.push(Region {
                old: pa..x,
                new: pb..y,
            });
        }
        (pa, pb) = (x + 1, y + 1);
    }
    regions
}

/// The pairs of lines a shortest edit script keeps, in order: common prefixes and suffixes are
/// peeled off, and the rest is split at a middle snake (Myers 1986, linear space), with an
/// explicit work list instead of recursion.
fn matching_lines(a: &[u32], b: &[u32]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut work = vec![(0, a.len(), 0, b.len())];
    while let Some((mut a0, mut a1, mut b0, mut b1)) = work.pop() {
        while a0 < a1 && b0 < b1 && a[a0] == b[b0] {
            out.push((a0, b0));
            a0 += 1;
            b0 += 1;
        }
        while a0 < a1 && b0 < b1 && a[a1 - 1] == b[b1 - 1] {
            a1 -= 1;
            b1 -= 1;
            out.push((a1, b1));
        }
        if a0 == a1 || b0 == b1 {
            continue;
        }
        if let Some((x, y)) = middle_split(&a[a0..a1], &b[b0..b1]) {
            // A split at a corner would not shrink the problem (cannot happen after peeling;
            // guarded so that a mistake costs minimality, not a hang).
            if (x, y) != (0, 0) && (x, y) != (a1 - a0, b1 - b0) {
                work.push((a0, a0 + x, b0, b0 + y));
                work.push((a0 + x, a1, b0 + y, b1));
            }
        }
    }
    out.sort_unstable();
    out
}

/// A point on a shortest edit path of `a` to `b` (both non-empty, differing in their first and
/// last elements), found where the forward and reverse searches meet; `None` when the two have
/// nothing in common.
fn middle_split(a: &[u32], b: &[u32]) -> Option<(usize, usize)> {
    let n = a.len() as isize;
    let m = b.len() as isize;
    let max_d = (n + m + 1) / 2;
    let offset = max_d;
    let len = (2 * max_d + 2) as usize;
    let mut v1 = vec![-1isize; len];
    let mut v2 = vec![-1isize; len];
    v1[(offset + 1) as usize] = 0;
    v2[(offset + 1) as usize] = 0;
    let delta = n - m;
    // With an odd delta the forward search detects the overlap, with an even one the reverse.
    let front = delta % 2 != 0;
    let (mut k1_start, mut k1_end, mut k2_start, mut k2_end) = (0, 0, 0, 0);
    let at = |v: &[isize], k: isize| -> Option<isize> {
        let i = offset + k;
        (i >= 0 && (i as usize) < len && v[i as usize] != -1).then(|| v[i as usize])
    };
    for d in 0..max_d {
        let mut k1 = -d + k1_start;
        while k1 <= d - k1_end {
            let i = (offset + k1) as usize;
            let mut x1 = if k1 == -d || (k1 != d && v1[i - 1] < v1[i + 1]) {
                v1[i + 1]
            } else {
                v1[i - 1] + 1
            };
            let mut y1 = x1 - k1;
            while x1 < n && y1 < m && a[x1 as usize] == b[y1 as usize] {
                x1 += 1;
                y1 += 1;
            }
            v1[i] = x1;
            if x1 > n {
                k1_end += 2;
            } else if y1 > m {
                k1_start += 2;
            } else if front {
                if let Some(r) = at(&v2, delta - k1) {
                    if x1 >= n - r {
                        return Some((x1 as usize, y1 as usize));
                    }
                }
            }
            k1 += 2;
        }
        let mut k2 = -d + k2_start;
        while k2 <= d - k2_end {
            let i = (offset + k2) as usize;
            let mut x2 = if k2 == -d || (k2 != d && v2[i - 1] < v2[i + 1]) {
                v2[i + 1]
            } else {
                v2[i - 1] + 1
            };
            let mut y2 = x2 - k2;
            while x2 < n && y2 < m && a[(n - x2 - 1) as usize] == b[(m - y2 - 1) as usize] {
                x2 += 1;
                y2 += 1;
            }
            v2[i] = x2;
            if x2 > n {
                k2_end += 2;
            } else if y2 > m {
                k2_start += 2;
            } else if !front {
                let k1 = delta - k2;
                if let Some(x1) = at(&v1, k1) {
                    let y1 = x1 - k1;
                    if x1 >= n - x2 {
                        return Some((x1 as usize, y1 as usize));
                    }
                }
            }
            k2 += 2;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize) -> Span {
        Span::new(start, end)
    }

    #[test]
    fn validate_rejects_bad_edits() {
        let src = "let é = 1;";
        let ok = Fix::safe("x", vec![Edit::replace(span(0, 3), "var")]);
        assert_eq!(ok.validate(src), Ok(()));
        let out = Fix::safe("x", vec![Edit::insert(span(99, 99), "a")]);
        assert!(matches!(
            out.validate(src),
            Err(InvalidFix::OutOfBounds { .. })
        ));
        let mid_char = Fix::safe("x", vec![Edit::insert(span(5, 5), "a")]);
        assert_eq!(mid_char.validate(src), Err(InvalidFix::NotCharBoundary(5)));
        let reversed = Fix {
            applicability: Applicability::Safe,
            description: "x".into(),
            edits: vec![Edit::replace(span(3, 1), "")],
        };
        assert_eq!(
            reversed.validate(src),
            Err(InvalidFix::Reversed(span(3, 1)))
        );
        let overlap = Fix::safe(
            "x",
            vec![
                Edit::replace(span(0, 4), "a"),
                Edit::replace(span(3, 6), "b"),
            ],
        );
        assert!(matches!(
            overlap.validate(src),
            Err(InvalidFix::Overlapping(..))
        ));
        // An insertion strictly inside a replaced range overlaps it; at its ends it does not.
        let inside = Fix::safe(
            "x",
            vec![
                Edit::replace(span(0, 4), "a"),
                Edit::insert(span(2, 2), "b"),
            ],
        );
        assert!(inside.validate(src).is_err());
        let touching = Fix::safe(
            "x",
            vec![
                Edit::replace(span(0, 3), "a"),
                Edit::insert(span(3, 3), "b"),
                Edit::replace(span(3, 4), "c"),
            ],
        );
        assert_eq!(touching.validate(src), Ok(()));
        assert_eq!(apply_fixes(src, &[&touching]).text, "abcé = 1;");
    }

    #[test]
    fn line_endings_are_converted() {
        assert_eq!(LineEnding::detect("a\r\nb\n"), LineEnding::CrLf);
        assert_eq!(LineEnding::detect("a\nb\r\n"), LineEnding::Lf);
        assert_eq!(LineEnding::detect("\n"), LineEnding::Lf);
        assert_eq!(LineEnding::detect("abc"), LineEnding::Lf);
        assert_eq!(LineEnding::CrLf.convert("a\nb\r\nc\n"), "a\r\nb\r\nc\r\n");
        assert_eq!(LineEnding::Lf.convert("a\r\nb\n"), "a\nb\n");
        assert!(matches!(LineEnding::Lf.convert("a\nb"), Cow::Borrowed(_)));
    }

    #[test]
    fn final_newline_is_kept_or_kept_absent() {
        let mut t = "a\nb".to_string();
        keep_final_newline(&mut t, true, LineEnding::Lf);
        assert_eq!(t, "a\nb\n");
        let mut t = "a\r\nb\r\n".to_string();
        keep_final_newline(&mut t, false, LineEnding::CrLf);
        assert_eq!(t, "a\r\nb");
        let mut t = String::new();
        keep_final_newline(&mut t, true, LineEnding::Lf);
        assert_eq!(t, "");
    }

    #[test]
    fn file_text_round_trips_the_bom() {
        let bytes = b"\xEF\xBB\xBFconst a = 1;\n";
        let f = FileText::decode(bytes).unwrap();
        assert!(f.bom);
        assert_eq!(f.text, "const a = 1;\n");
        assert_eq!(f.encode(&f.text), bytes.to_vec());
        assert_eq!(FileText::decode(b"\xc3\x28"), None);
        let plain = FileText::decode(b"x").unwrap();
        assert_eq!(plain.encode("y"), b"y".to_vec());
    }

    #[test]
    fn file_text_round_trips_utf16_with_its_mark() {
        let text = "const é = '😀';\r\n";
        for (encoding, bom, unit) in [
            (
                TextEncoding::Utf16Le,
                [0xFF, 0xFE],
                u16::to_le_bytes as fn(u16) -> [u8; 2],
            ),
            (TextEncoding::Utf16Be, [0xFE, 0xFF], u16::to_be_bytes),
        ] {
            let mut bytes = bom.to_vec();
            bytes.extend(text.encode_utf16().flat_map(unit));
            let f = FileText::decode(&bytes).unwrap();
            assert_eq!((f.bom, f.encoding, f.text.as_str()), (true, encoding, text));
            assert_eq!(f.encode(&f.text), bytes);
            // A fix that adds a non-BMP character is written as a surrogate pair.
            let fixed = f.encode("x = '𝄞'");
            assert_eq!(FileText::decode(&fixed).unwrap().text, "x = '𝄞'");
            assert_eq!(fixed.len(), 2 + 2 * "x = '".len() + 4 + 2);
            // Odd length and an unpaired surrogate are not UTF-16: never fixed.
            assert_eq!(FileText::decode(&bytes[..bytes.len() - 1]), None);
            let mut lone = bom.to_vec();
            lone.extend(unit(0xD800));
            assert_eq!(FileText::decode(&lone), None);
        }
        assert_eq!(
            FileText::decode(b"\xFF\xFE\0\0a\0\0\0"),
            None,
            "UTF-32 is not read"
        );
        assert_eq!(FileText::decode(b"\xFF\xFE").unwrap().text, "");
    }

    #[test]
    fn fixes_serialize_for_json_output() {
        let fix = Fix::unsafe_fix(
            "move the secret to ZOOM_SDK_SECRET",
            vec![Edit::replace(span(10, 18), "process.env.ZOOM_SDK_SECRET")],
        );
        assert_eq!(
            serde_json::to_value(&fix).unwrap(),
            serde_json::json!({
                "applicability": "unsafe",
                "description": "move the secret to ZOOM_SDK_SECRET",
                "edits": [{"start": 10, "end": 18, "replacement": "process.env.ZOOM_SDK_SECRET"}],
            })
        );
        assert_eq!(
            serde_json::to_value(Applicability::DisplayOnly).unwrap(),
            "display-only"
        );
    }

    /// The length of a longest common subsequence, by dynamic programming.
    fn lcs(a: &[u32], b: &[u32]) -> usize {
        let mut row = vec![0usize; b.len() + 1];
        for &x in a {
            let mut prev = 0;
            for (j, &y) in b.iter().enumerate() {
                let tmp = row[j + 1];
                row[j + 1] = if x == y {
                    prev + 1
                } else {
                    row[j + 1].max(row[j])
                };
                prev = tmp;
            }
        }
        row[b.len()]
    }

    #[test]
    fn myers_finds_a_longest_common_subsequence() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..3000 {
            let alphabet = 1 + (round % 6) as u64;
            let n = (next() % 14) as usize;
            let m = (next() % 14) as usize;
            let a: Vec<u32> = (0..n).map(|_| (next() % alphabet) as u32).collect();
            let b: Vec<u32> = (0..m).map(|_| (next() % alphabet) as u32).collect();
            let pairs = matching_lines(&a, &b);
            for w in pairs.windows(2) {
                assert!(w[0].0 < w[1].0 && w[0].1 < w[1].1, "{a:?} {b:?} {pairs:?}");
            }
            for &(x, y) in &pairs {
                assert_eq!(a[x], b[y]);
            }
            assert_eq!(pairs.len(), lcs(&a, &b), "{a:?} {b:?} {pairs:?}");
        }
    }

    #[test]
    fn diff_of_large_rewrites_is_fast_and_minimal() {
        let a: Vec<u32> = (0..6000).collect();
        let b: Vec<u32> = (0..6000)
            .map(|i| if i % 3 == 0 { i + 100_000 } else { i })
            .collect();
        let pairs = matching_lines(&a, &b);
        assert_eq!(pairs.len(), 4000);
    }

    fn fixture(dir: &Path) -> PathBuf {
        let path = dir.join("sig.js");
        fs::write(&path, "old content\n").unwrap();
        path
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".siglint-"))
            .collect()
    }

    #[test]
    fn a_failure_at_any_stage_leaves_the_original_and_no_temporary_file() {
        for stage in [
            WriteStage::Created,
            WriteStage::Written,
            WriteStage::Synced,
            WriteStage::BeforeRename,
        ] {
            let dir = tempfile::tempdir().unwrap();
            let path = fixture(dir.path());
            let err = write_atomically_with(&path, b"old content\n", b"new\n", &mut |s| {
                if s == stage {
                    Err(io::Error::other("injected"))
                } else {
                    Ok(())
                }
            })
            .unwrap_err();
            assert!(matches!(err, FixWriteError::Io { .. }), "{stage:?}: {err}");
            assert_eq!(fs::read(&path).unwrap(), b"old content\n", "{stage:?}");
            assert_eq!(leftovers(dir.path()), Vec::<String>::new(), "{stage:?}");
        }
    }

    #[test]
    fn a_change_during_the_write_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = fixture(dir.path());
        let p = path.clone();
        let err = write_atomically_with(&path, b"old content\n", b"new\n", &mut |s| {
            if s == WriteStage::Synced {
                fs::write(&p, "someone else's edit\n")?;
            }
            Ok(())
        })
        .unwrap_err();
        assert!(matches!(err, FixWriteError::Changed { .. }), "{err}");
        assert_eq!(fs::read(&path).unwrap(), b"someone else's edit\n");
        assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    }
}
