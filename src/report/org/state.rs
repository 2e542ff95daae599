//! The state folder of an organisation scan (`--state DIR`): what is known of each repository,
//! so that a killed run resumes and a re-run redoes only failures and changed repositories, and
//! what each shard was asked to scan, so that `--merge` rebuilds the report of a single run.
//!
//! ```text
//! DIR/repos/<key>.json        one record per repository (scanned or failed), written whole
//! DIR/shard-<I>-of-<N>.json   the share of the list a run was given, and whether it finished
//! ```
//!
//! Every file is written to a temporary name and renamed, so a run killed at any moment leaves
//! either the old file or the new one. A record that cannot be read (cut short by a full disk,
//! edited by hand) is redone, with a note.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::super::model::{Document, Failure};

/// The version of the state files. A newer one is refused; an older one is redone.
pub const STATE_VERSION: u32 = 1;

/// What is known of one repository.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub version: u32,
    /// The repository as listed, credentials removed.
    pub source: String,
    /// Its position in the list (the report's order).
    pub index: usize,
    /// The name in the report.
    pub name: String,
    /// What decides whether a result can be reused: siglint's version and the options that
    /// change findings (configuration, `--no-ignore`, limits).
    pub settings: String,
    /// The commit scanned (`None` for a folder scanned in place, or a failure).
    #[serde(default)]
    pub commit: Option<String>,
    /// How many times this repository was scanned into this state folder.
    pub scans: u32,
    /// Unix time of the last attempt, in seconds.
    #[serde(default)]
    pub attempted_at: u64,
    /// Milliseconds the last attempt took (clone and scan).
    #[serde(default)]
    pub duration_ms: u64,
    /// The result: the one-repository report, or why there is none.
    pub result: Outcome,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// A report over this repository alone (`--format json`'s shape).
    Scanned(Box<Document>),
    Failed(Failure),
}

/// The share of the list a run was given.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    pub version: u32,
    pub shard: String,
    /// The list file, as named on the command line.
    pub list: String,
    /// Whether the run got to the end of its share.
    pub finished: bool,
    pub repositories: Vec<ManifestEntry>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ManifestEntry {
    pub index: usize,
    pub key: String,
    pub source: String,
    pub name: String,
}

/// An open state folder.
pub struct State {
    dir: PathBuf,
}

impl State {
    /// Opens (creating) `dir`. Errors when it cannot be created or written.
    pub fn open(dir: &Path) -> Result<State, String> {
        let repos = dir.join("repos");
        std::fs::create_dir_all(&repos).map_err(|e| {
            format!(
                "state folder {}: {}",
                dir.display(),
                super::super::io_error(&e)
            )
        })?;
        // Prove it is writable now rather than after the first clone.
        let probe = repos.join(format!(".probe-{}", std::process::id()));
        std::fs::write(&probe, b"").map_err(|e| {
            format!(
                "state folder {}: cannot write: {}",
                dir.display(),
                super::super::io_error(&e)
            )
        })?;
        let _ = std::fs::remove_file(&probe);
        // Temporary files of a run that was killed.
        if let Ok(entries) = std::fs::read_dir(&repos) {
            for e in entries.flatten() {
                if e.file_name().to_string_lossy().ends_with(".tmp") {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        Ok(State {
            dir: dir.to_path_buf(),
        })
    }

    fn record_path(&self, key: &str) -> PathBuf {
        self.dir.join("repos").join(format!("{key}.json"))
    }

    /// The record of `key`: `Ok(None)` when there is none, `Err` (a note) when it cannot be
    /// read — the repository is then scanned again.
    pub fn read(&self, key: &str) -> Result<Option<Record>, String> {
        read_record(&self.record_path(key))
    }

    pub fn write(&self, key: &str, record: &Record) -> Result<(), String> {
        let text = serde_json::to_vec(record).expect("records serialize");
        write_atomic(&self.record_path(key), &text)
    }

    /// Writes the manifest of `shard`, removing those of other splits (a list split in 4 and
    /// then in 3 leaves only the 3).
    pub fn write_manifest(&self, manifest: &Manifest, total: u32) -> Result<(), String> {
        if let Ok(entries) = std::fs::read_dir(&self.dir) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if let Some((_, n)) = manifest_shard(&name) {
                    if n != total {
                        let _ = std::fs::remove_file(e.path());
                    }
                }
            }
        }
        let name = format!("shard-{}.json", manifest.shard.replace('/', "-of-"));
        let text = serde_json::to_vec_pretty(manifest).expect("manifests serialize");
        write_atomic(&self.dir.join(name), &text)
    }
}

/// `shard-2-of-4.json` → (2, 4).
fn manifest_shard(file_name: &str) -> Option<(u32, u32)> {
    let rest = file_name.strip_prefix("shard-")?.strip_suffix(".json")?;
    let (i, n) = rest.split_once("-of-")?;
    Some((i.parse().ok()?, n.parse().ok()?))
}

fn read_record(path: &Path) -> Result<Option<Record>, String> {
    let text = match std::fs::read(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(format!(
                "{}: {}",
                path.display(),
                super::super::io_error(&e)
            ))
        }
    };
    let value: serde_json::Value = serde_json::from_slice(&text)
        .map_err(|e| format!("{}: not a state record ({e})", path.display()))?;
    match value.get("version").and_then(serde_json::Value::as_u64) {
        Some(v) if v == u64::from(STATE_VERSION) => {}
        Some(v) if v > u64::from(STATE_VERSION) => {
            return Err(format!(
                "{}: written by a newer siglint (state version {v})",
                path.display()
            ))
        }
        _ => {
            return Err(format!(
                "{}: not a state record (no version)",
                path.display()
            ))
        }
    }
    let mut record: Record = serde_json::from_value(value)
        .map_err(|e| format!("{}: not a state record ({e})", path.display()))?;
    if let Outcome::Scanned(doc) = &mut record.result {
        // The report inside is checked (and its totals derived) as `--merge` checks a report.
        let text = serde_json::to_string(doc).expect("serializes");
        let checked = Document::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        if checked.repositories.len() != 1 {
            return Err(format!(
                "{}: a record holds one repository, not {}",
                path.display(),
                checked.repositories.len()
            ));
        }
        **doc = checked;
    }
    Ok(Some(record))
}

/// Writes `bytes` to a temporary file beside `path` and renames it over `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let tmp = path.with_extension(format!(
        "{}-{}.tmp",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let result = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("{}: {}", path.display(), super::super::io_error(&e))
    })
}

/// What a state folder holds for `--merge` and `--compare`: each shard's share, with the
/// results recorded for it.
pub struct Loaded {
    /// Every repository of every manifest, with its record or the failure to report.
    pub entries: Vec<Entry>,
    /// What could not be read, or is incomplete.
    pub notes: Vec<String>,
    /// The shards found, as (I, N).
    pub shards: Vec<(u32, u32)>,
}

/// A repository of a shard's share.
pub struct Entry {
    /// Its position in the list.
    pub index: usize,
    pub key: String,
    /// Its name in the report.
    pub name: String,
    pub result: Result<Record, Failure>,
}

/// Reads a state folder written by `--repos … --state DIR`.
pub fn load(dir: &Path) -> Result<Loaded, String> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {}", dir.display(), super::super::io_error(&e)))?;
    let mut manifests: Vec<(u32, u32, PathBuf)> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            manifest_shard(&name).map(|(i, n)| (i, n, e.path()))
        })
        .collect();
    manifests.sort();
    if manifests.is_empty() {
        return Err(format!(
            "{}: not a state folder (no shard-*.json; write one with `siglint report --repos FILE --state DIR`)",
            dir.display()
        ));
    }
    let mut loaded = Loaded {
        entries: Vec::new(),
        notes: Vec::new(),
        shards: Vec::new(),
    };
    let state = State {
        dir: dir.to_path_buf(),
    };
    for (i, n, path) in manifests {
        let text = std::fs::read(&path)
            .map_err(|e| format!("{}: {}", path.display(), super::super::io_error(&e)))?;
        let manifest: Manifest = serde_json::from_slice(&text)
            .map_err(|e| format!("{}: not a shard manifest ({e})", path.display()))?;
        if manifest.version > STATE_VERSION {
            return Err(format!(
                "{}: written by a newer siglint (state version {}); update siglint",
                path.display(),
                manifest.version
            ));
        }
        loaded.shards.push((i, n));
        let mut missing = 0;
        for entry in manifest.repositories {
            let result = match state.read(&entry.key) {
                Ok(Some(record)) => Ok(record),
                Ok(None) => {
                    missing += 1;
                    Err(Failure {
                        name: entry.name.clone(),
                        source: entry.source.clone(),
                        kind: "not-run".to_string(),
                        reason: format!("shard {i}/{n} stopped before this repository was scanned"),
                    })
                }
                Err(note) => {
                    loaded.notes.push(note.clone());
                    Err(Failure {
                        name: entry.name.clone(),
                        source: entry.source.clone(),
                        kind: "io".to_string(),
                        reason: format!("its state record could not be read: {note}"),
                    })
                }
            };
            loaded.entries.push(Entry {
                index: entry.index,
                key: entry.key,
                name: entry.name,
                result,
            });
        }
        if !manifest.finished || missing > 0 {
            loaded.notes.push(format!(
                "{}: shard {i}/{n} did not finish ({missing} repositories without a result; run it again to complete it)",
                dir.display()
            ));
        }
    }
    Ok(loaded)
}
