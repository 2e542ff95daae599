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
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Also scan files that .gitignore/.ignore exclude, and hidden files.
    #[arg(long)]
    pub no_ignore: bool,
    /// Number of worker threads (default: all cores).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// When to use colour in text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
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

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
