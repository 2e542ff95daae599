//! `--compare OLD`: what changed since an older report — per repository and rule, the findings
//! fixed (in the older report, gone now), new (not in the older report) and remaining (in both).
//! The burn-down a migration lead reports each week.
//!
//! A finding is the same finding in both reports when its repository, file, rule and message
//! are the same: the line may move (code added above it does not make it new). Two findings
//! alike in all of that pair up in line order. A file that was renamed shows its findings as
//! fixed in the old name and new in the new one.
//!
//! Only repositories scanned in both reports are compared. One scanned now and not before
//! brings only new findings; one in the older report that failed now is "not compared" (its
//! findings are neither fixed nor remaining), and one no longer listed is "removed" — neither
//! counts as fixed. So `new + remaining` is always the current number of findings.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::model::{Document, Finding, Repository, Rule};

/// Counts of one repository, rule or the whole report.
#[derive(Serialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Change {
    pub fixed: usize,
    pub new: usize,
    pub remaining: usize,
}

impl Change {
    fn add(&mut self, other: Change) {
        self.fixed += other.fixed;
        self.new += other.new;
        self.remaining += other.remaining;
    }

    /// Whether anything was fixed or is new.
    pub fn moved(&self) -> bool {
        self.fixed + self.new > 0
    }
}

/// The comparison of a report with an older one.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    /// The older report, as named on the command line.
    pub against: String,
    /// The version of siglint that wrote the older report.
    pub against_version: String,
    /// Repositories in the older report.
    pub against_repositories: usize,
    pub total: Change,
    /// Per rule code, over all compared repositories.
    pub by_rule: BTreeMap<String, Change>,
    /// The metadata of every code in `by_rule` (from the current report, else the older one).
    pub rules: Vec<Rule>,
    /// Every repository with a finding in either report, in the current report's order.
    pub repositories: Vec<RepositoryChange>,
    /// Repositories of the older report that are no longer listed.
    pub removed: Vec<String>,
    /// Repositories of the older report that could not be scanned now.
    pub not_compared: Vec<String>,
    /// Repositories scanned now that the older report did not have (all their findings are new).
    pub added: Vec<String>,
}

#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct RepositoryChange {
    /// The repository's name in the current report.
    pub name: String,
    pub total: Change,
    pub by_rule: BTreeMap<String, Change>,
    /// The older report's findings that are gone.
    pub fixed: Vec<Finding>,
    /// The findings the older report did not have.
    pub new: Vec<Finding>,
}

impl RepositoryChange {
    /// Whether `f`, a finding of the current report, is new.
    pub fn is_new(&self, f: &Finding) -> bool {
        self.new.iter().any(|n| n == f)
    }
}

/// Compares `doc` with `old`; `against` names the older report.
pub fn compare(doc: &Document, old: &Document, against: &str) -> Comparison {
    // A repository is known by its root (for an organisation scan, its source), else its name.
    let mut old_by_root: HashMap<&str, &Repository> = HashMap::new();
    let mut old_by_name: HashMap<&str, &Repository> = HashMap::new();
    for r in &old.repositories {
        old_by_root.entry(r.root.as_str()).or_insert(r);
        old_by_name.entry(r.name.as_str()).or_insert(r);
    }
    let mut matched: std::collections::HashSet<*const Repository> = Default::default();
    let mut repositories = Vec::new();
    let mut added = Vec::new();
    let (mut total, mut by_rule) = (Change::default(), BTreeMap::<String, Change>::new());
    for repo in &doc.repositories {
        let before = old_by_root
            .get(repo.root.as_str())
            .or_else(|| old_by_name.get(repo.name.as_str()))
            .copied()
            .filter(|r| !matched.contains(&(*r as *const Repository)));
        let change = match before {
            Some(b) => {
                matched.insert(b as *const Repository);
                repository_change(repo, &b.findings)
            }
            None => {
                added.push(repo.name.clone());
                repository_change(repo, &[])
            }
        };
        total.add(change.total);
        for (code, c) in &change.by_rule {
            by_rule.entry(code.clone()).or_default().add(*c);
        }
        if change.total != Change::default() {
            repositories.push(change);
        }
    }
    // Old repositories not matched: failed now, or no longer listed.
    let failed_now: std::collections::HashSet<&str> =
        doc.failures.iter().map(|f| f.source.as_str()).collect();
    let failed_names: std::collections::HashSet<&str> =
        doc.failures.iter().map(|f| f.name.as_str()).collect();
    let (mut removed, mut not_compared) = (Vec::new(), Vec::new());
    for r in &old.repositories {
        if matched.contains(&(r as *const Repository)) {
            continue;
        }
        if failed_now.contains(r.root.as_str()) || failed_names.contains(r.name.as_str()) {
            not_compared.push(r.name.clone());
        } else {
            removed.push(r.name.clone());
        }
    }
    let rules = by_rule
        .keys()
        .filter_map(|code| {
            doc.rule(code)
                .or_else(|| old.rule(code))
                .cloned()
                .or_else(|| {
                    crate::catalogue::all_codes()
                        .iter()
                        .find(|r| r.code == code)
                        .map(Rule::from)
                })
        })
        .collect();
    Comparison {
        against: against.to_string(),
        against_version: old.tool.version.clone(),
        against_repositories: old.repositories.len(),
        total,
        by_rule,
        rules,
        repositories,
        removed,
        not_compared,
        added,
    }
}

/// Pairs the findings of one repository: same file, rule and message, in line order.
fn repository_change(repo: &Repository, old: &[Finding]) -> RepositoryChange {
    type Key<'a> = (&'a str, &'a str, &'a str);
    fn key(f: &Finding) -> Key<'_> {
        (f.path.as_str(), f.code.as_str(), f.message.as_str())
    }
    let mut before: BTreeMap<Key, Vec<&Finding>> = BTreeMap::new();
    for f in old {
        before.entry(key(f)).or_default().push(f);
    }
    let mut now: BTreeMap<Key, Vec<&Finding>> = BTreeMap::new();
    for f in &repo.findings {
        now.entry(key(f)).or_default().push(f);
    }
    let mut change = RepositoryChange {
        name: repo.name.clone(),
        total: Change::default(),
        by_rule: BTreeMap::new(),
        fixed: Vec::new(),
        new: Vec::new(),
    };
    for (k, current) in now {
        let previous = before.remove(&k).unwrap_or_default();
        let (kept, new, fixed) = pair(current, previous);
        let c = change.by_rule.entry(k.1.to_string()).or_default();
        c.remaining += kept;
        c.new += new.len();
        c.fixed += fixed.len();
        change.new.extend(new.into_iter().cloned());
        change.fixed.extend(fixed.into_iter().cloned());
    }
    for (k, previous) in before {
        change.by_rule.entry(k.1.to_string()).or_default().fixed += previous.len();
        change.fixed.extend(previous.into_iter().cloned());
    }
    for c in change.by_rule.values() {
        change.total.add(*c);
    }
    let order = |a: &Finding, b: &Finding| {
        (&a.path, a.line, a.column, &a.code).cmp(&(&b.path, b.line, b.column, &b.code))
    };
    change.fixed.sort_by(order);
    change.new.sort_by(order);
    change
}

/// Pairs findings alike in file, rule and message: those at the same place first, then the
/// others in line order. Returns how many pair up, the current ones left (new) and the older
/// ones left (fixed).
fn pair<'a>(
    mut current: Vec<&'a Finding>,
    mut previous: Vec<&'a Finding>,
) -> (usize, Vec<&'a Finding>, Vec<&'a Finding>) {
    let place = |f: &Finding| (f.line, f.column);
    let mut kept = 0;
    current.retain(
        |f| match previous.iter().position(|p| place(p) == place(f)) {
            Some(i) => {
                previous.remove(i);
                kept += 1;
                false
            }
            None => true,
        },
    );
    current.sort_by_key(|f| place(f));
    previous.sort_by_key(|f| place(f));
    let n = current.len().min(previous.len());
    kept += n;
    (kept, current.split_off(n), previous.split_off(n))
}
