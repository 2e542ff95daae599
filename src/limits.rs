//! Per-file time limits: how long parsing one file, and evaluating its values, may take. A file
//! that takes longer is pathological (generated code, a bundle), and one such file must not hold
//! a worker, or the CI job, for minutes. Each limit is one value for the whole run, set once from
//! the command line before scanning and read by every worker thread.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// A time limit per file; `None` means no limit.
pub struct TimeLimit {
    /// Milliseconds; 0 means none.
    ms: AtomicU64,
}

impl TimeLimit {
    const fn new(default: Duration) -> TimeLimit {
        TimeLimit {
            ms: AtomicU64::new(default.as_millis() as u64),
        }
    }

    /// Sets the limit from now on, in every thread (`None`: no limit).
    pub fn set(&self, limit: Option<Duration>) {
        let ms = limit.map_or(0, |d| {
            u64::try_from(d.as_millis()).unwrap_or(u64::MAX).max(1)
        });
        self.ms.store(ms, Ordering::Relaxed);
    }

    /// The limit in force (`None`: no limit).
    pub fn get(&self) -> Option<Duration> {
        match self.ms.load(Ordering::Relaxed) {
            0 => None,
            ms => Some(Duration::from_millis(ms)),
        }
    }

    /// Sets the limit from a command-line value in milliseconds, where 0 means none.
    pub fn set_ms(&self, ms: u64) {
        self.set((ms > 0).then(|| Duration::from_millis(ms)));
    }
}

/// Files larger than this are skipped with a note (a minified bundle is no signature code).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// How long parsing one file may take before it is given up (`--parse-timeout-ms`); the file is
/// then skipped with a note. A generated minified bundle at the 10 MB size limit takes 4 to 5 s
/// to parse in a release build on a shared 2-core machine: the default leaves it room, so that
/// whether a file is analysed does not depend on the load.
pub const DEFAULT_PARSE_TIMEOUT: Duration = Duration::from_secs(10);

/// How long the evaluation of one file's values may take (`--analysis-timeout-ms`); after that
/// every value still to compute is unknown, so the rules stay silent on it, and the file gets a
/// note that findings may be missing. Ordinary files take milliseconds, and a generated file of
/// 16 000 signature functions (3.8 MB) under 4 s in all, parsing included.
pub const DEFAULT_ANALYSIS_TIMEOUT: Duration = Duration::from_secs(10);

/// The parse time limit: applied by the parser of each language front end.
pub static PARSE: TimeLimit = TimeLimit::new(DEFAULT_PARSE_TIMEOUT);

/// The evaluation time limit: applied by the evaluator.
pub static ANALYSIS: TimeLimit = TimeLimit::new(DEFAULT_ANALYSIS_TIMEOUT);

/// The size and time limits of a scan, on the command line of `siglint check` and
/// `siglint report` alike.
#[derive(clap::Args, Debug, Clone)]
pub struct LimitArgs {
    /// Skip files larger than this many bytes (reported as skipped).
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
    /// Give up parsing a file after this many milliseconds (reported as skipped; 0: no limit).
    #[arg(long, value_name = "MS", default_value_t = DEFAULT_PARSE_TIMEOUT.as_millis() as u64)]
    pub parse_timeout_ms: u64,
    /// Stop evaluating a file's values after this many milliseconds; what is found so far is
    /// reported, with a note that findings may be missing (0: no limit).
    #[arg(long, value_name = "MS", default_value_t = DEFAULT_ANALYSIS_TIMEOUT.as_millis() as u64)]
    pub analysis_timeout_ms: u64,
}

impl LimitArgs {
    /// Puts the time limits in force for the scan that follows.
    pub fn apply(&self) {
        PARSE.set_ms(self.parse_timeout_ms);
        ANALYSIS.set_ms(self.analysis_timeout_ms);
    }
}
