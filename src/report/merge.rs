//! `--merge`: combines JSON reports written elsewhere (e.g. one CI job per repository) into one
//! report, without scanning.

use std::path::PathBuf;

use super::model::{Document, Repository, Rule};

/// Reads every file and combines their repositories, in the order given. Repository names that
/// collide get a suffix (`api (2)`); the rules' metadata comes from the inputs (the first
/// description of a code wins), so a report made by another siglint version renders as made.
pub fn merge(files: &[PathBuf]) -> Result<Document, String> {
    let mut repositories: Vec<Repository> = Vec::new();
    let mut rules: Vec<Rule> = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: {}", path.display(), crate::files::io_message(&e)))?;
        let doc = Document::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        repositories.extend(doc.repositories);
        rules.extend(doc.rules);
    }
    Document::new(repositories, rules)
}
