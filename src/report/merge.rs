//! `--merge`: combines results written elsewhere into one report, without scanning: JSON
//! reports (e.g. one CI job per repository) and the state folders of an organisation scan's
//! shards (`--repos … --shard I/N --state DIR`).

use std::path::{Path, PathBuf};

use super::model::{Document, Failure, Repository, Rule};
use super::org::state;

/// Reads every input and combines their repositories, in the order given; the repositories of
/// all the state folders come together, in the order of the list they were scanned from, where
/// the first state folder is named. Repository names that collide get a suffix (`api (2)`);
/// the rules' metadata comes from the inputs (the first description of a code wins), so a
/// report made by another siglint version renders as made. Notes (an unfinished shard, a
/// missing one) go to `notes`.
pub fn merge(inputs: &[PathBuf], notes: &mut Vec<String>) -> Result<Document, String> {
    let mut repositories: Vec<Repository> = Vec::new();
    let mut failures: Vec<Failure> = Vec::new();
    let mut rules: Vec<Rule> = Vec::new();
    let dirs: Vec<&PathBuf> = inputs.iter().filter(|p| p.is_dir()).collect();
    let mut states_done = false;
    for path in inputs {
        if path.is_dir() {
            if states_done {
                continue;
            }
            states_done = true;
            let doc = read_states(&dirs, notes)?;
            repositories.extend(doc.repositories);
            failures.extend(doc.failures);
            rules.extend(doc.rules);
        } else {
            let doc = read_report(path)?;
            repositories.extend(doc.repositories);
            failures.extend(doc.failures);
            rules.extend(doc.rules);
        }
    }
    Document::with_failures(repositories, failures, rules)
}

/// A report written by `--format json`, or a state folder's report: the older side of
/// `--compare`.
pub fn read_one(path: &Path, notes: &mut Vec<String>) -> Result<Document, String> {
    if path.is_dir() {
        read_states(&[&path.to_path_buf()], notes)
    } else {
        read_report(path)
    }
}

fn read_report(path: &Path) -> Result<Document, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: {}", path.display(), super::io_error(&e)))?;
    Document::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The report of one or more state folders: the shards' shares joined, in list order.
fn read_states(dirs: &[&PathBuf], notes: &mut Vec<String>) -> Result<Document, String> {
    let mut entries = Vec::new();
    let mut shards: Vec<(u32, u32)> = Vec::new();
    for dir in dirs {
        let loaded = state::load(dir)?;
        notes.extend(loaded.notes);
        shards.extend(loaded.shards);
        entries.extend(loaded.entries);
    }
    // The same repository in two folders (a shard's state given twice, or scanned again
    // elsewhere): the scanned result wins over a failure, else the first one named.
    entries.sort_by_key(|e| e.index);
    let mut chosen: Vec<state::Entry> = Vec::new();
    let mut at: std::collections::HashMap<String, usize> = Default::default();
    for e in entries {
        match at.get(&e.key) {
            Some(&i) => {
                let better = matches!(
                    (&chosen[i].result, &e.result),
                    (Err(_), Ok(_))
                        | (
                            Ok(state::Record {
                                result: state::Outcome::Failed(_),
                                ..
                            }),
                            Ok(state::Record {
                                result: state::Outcome::Scanned(_),
                                ..
                            })
                        )
                );
                if better {
                    chosen[i] = e;
                }
            }
            None => {
                at.insert(e.key.clone(), chosen.len());
                chosen.push(e);
            }
        }
    }
    // Shards of one split that were not given.
    shards.sort();
    shards.dedup();
    let totals: std::collections::BTreeSet<u32> = shards.iter().map(|s| s.1).collect();
    for n in &totals {
        let missing: Vec<String> = (1..=*n)
            .filter(|i| !shards.contains(&(*i, *n)))
            .map(|i| format!("{i}/{n}"))
            .collect();
        if !missing.is_empty() {
            notes.push(format!(
                "shard {} of the split in {n} {} not given: {} repositories are not in the report",
                missing.join(", "),
                if missing.len() == 1 { "was" } else { "were" },
                if missing.len() == 1 { "its" } else { "their" },
            ));
        }
    }
    if totals.len() > 1 {
        notes.push(format!(
            "the state folders hold shards of different splits ({}); each repository is reported once",
            totals.iter().map(|n| format!("in {n}")).collect::<Vec<_>>().join(", ")
        ));
    }
    let mut repositories = Vec::new();
    let mut failures = Vec::new();
    let mut rules = Vec::new();
    for entry in chosen {
        match entry.result {
            Ok(record) => match record.result {
                state::Outcome::Scanned(doc) => {
                    let doc = *doc;
                    rules.extend(doc.rules);
                    if let Some(mut repo) = doc.repositories.into_iter().next() {
                        repo.name = entry.name;
                        repositories.push(repo);
                    }
                }
                state::Outcome::Failed(mut f) => {
                    f.name = entry.name;
                    failures.push(f);
                }
            },
            Err(f) => failures.push(f),
        }
    }
    rules.extend(super::catalogue());
    Document::with_failures(repositories, failures, rules)
}
