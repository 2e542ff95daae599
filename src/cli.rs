//! Command-line definitions (clap only; no behaviour here).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "siglint",
    version,
    about = "Finds and fixes Zoom Meeting SDK signature code that breaks joins"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Scan files and directories for signature defects.
    Check(CheckArgs),
    /// Decode and check one signature: a Meeting SDK JWT or a legacy Web SDK signature.
    Token(TokenArgs),
    /// Report over many repositories.
    Report(siglint::report::ReportArgs),
    /// List every rule: code, name, severity, fix, summary.
    Rules(RulesArgs),
    /// Print a rule's documentation (`siglint explain SIG004`).
    Explain(ExplainArgs),
    /// Run the language server (LSP over standard input and output) for editors.
    Server(ServerArgs),
    /// Print the language-neutral model of one file (for front-end development).
    #[command(hide = true)]
    DumpModel { path: PathBuf },
    /// Print the signature sites found in one file (for development).
    #[command(hide = true)]
    DumpSites { path: PathBuf },
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Files or directories to scan (default: the current directory).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// After the findings, print how many each rule has (to standard error for the JSON, SARIF,
    /// JUnit and GitLab formats, which must stay parseable).
    #[arg(long)]
    pub statistics: bool,
    /// Also scan files that .gitignore/.ignore exclude, and hidden files.
    #[arg(long)]
    pub no_ignore: bool,
    /// Number of worker threads (default: all cores).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// When to use colour in text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Use this configuration file for every path (default: the nearest `siglint.toml` or
    /// `.siglint.toml` above each scanned file).
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in a baseline file (and exit 0).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Apply safe fixes to the files (atomically; never to a file changed since it was read).
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff: apply unsafe fixes too.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print a unified diff of what --fix would change, write nothing (exit 1 when there is a diff).
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    #[command(flatten)]
    pub limits: siglint::limits::LimitArgs,
}

/// `siglint token`: exit 0 valid, 1 problems, 2 not a token (or a usage error).
#[derive(clap::Args, Debug)]
pub struct TokenArgs {
    /// The token; `-` or nothing reads it from standard input.
    pub token: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Verify the HMAC with the secret held in this environment variable.
    #[arg(long, value_name = "VAR", conflicts_with = "secret_file")]
    pub secret_env: Option<String>,
    /// Verify the HMAC with the secret in this file (one trailing line break is ignored).
    #[arg(long, value_name = "PATH")]
    pub secret_file: Option<PathBuf>,
    /// Judge expiry at this Unix time in seconds instead of the current time.
    #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
    pub now: Option<i64>,
}

/// `siglint server`.
#[derive(clap::Args, Debug)]
pub struct ServerArgs {
    /// Use this configuration file for every document (default: the nearest `siglint.toml` or
    /// `.siglint.toml` above each file, reloaded when it changes).
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Wait this long after the last change of a document before analysing it.
    #[arg(long, value_name = "MS", default_value_t = 20)]
    pub debounce_ms: u64,
}

/// `siglint rules`.
#[derive(clap::Args, Debug)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// `siglint explain`.
#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    /// The rule's code (`SIG004`, any case) or name (`non-url-safe-base64`).
    pub rule: String,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// The formats of `check`: for people, for programs, and for CI systems.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckFormat {
    /// rustc-style diagnostics with the source line.
    Text,
    /// One JSON object: findings and summary.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// JUnit XML, for CI test-report views.
    Junit,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// One line per finding: `path:line:col: CODE message`.
    Concise,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
