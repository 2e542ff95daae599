use std::process::ExitCode;

use clap::Parser;

mod cli;

use cli::{CheckArgs, Cli, ColorChoice, Command, Format};
use codespan_reporting::term::termcolor::{self, StandardStream};
use siglint::output::{json, text, Report};
use siglint::walk::{scan, WalkOptions};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::DumpModel { path } => {
            let Some(language) = siglint::lang::detect(&path) else {
                eprintln!(
                    "error: {}: not a file siglint knows the language of",
                    path.display()
                );
                return ExitCode::from(2);
            };
            let source = match std::fs::read_to_string(&path) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("error: {}: {e}", path.display());
                    return ExitCode::from(2);
                }
            };
            match siglint::lang::lower(language, &source) {
                Some(model) => {
                    print!("{}", model.dump());
                    ExitCode::SUCCESS
                }
                None => {
                    eprintln!("error: {}: could not be parsed", path.display());
                    ExitCode::from(2)
                }
            }
        }
        Command::Check(args) => check(args),
        Command::Token(args) => token(args),
        Command::DumpSites { path } => {
            let Some(language) = siglint::lang::detect(&path) else {
                eprintln!(
                    "error: {}: not a file siglint knows the language of",
                    path.display()
                );
                return ExitCode::from(2);
            };
            let Ok(source) = std::fs::read_to_string(&path) else {
                eprintln!("error: {}: unreadable", path.display());
                return ExitCode::from(2);
            };
            let Some(model) = siglint::lang::lower(language, &source) else {
                return ExitCode::from(2);
            };
            println!("{:#?}", siglint::sites::find(&model));
            ExitCode::SUCCESS
        }
    }
}

fn check(args: CheckArgs) -> ExitCode {
    let paths = if args.paths.is_empty() {
        vec![std::path::PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let threads = args.threads.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    let opts = WalkOptions {
        no_ignore: args.no_ignore,
        threads,
        max_file_size: siglint::engine::DEFAULT_MAX_FILE_SIZE,
    };
    let report = Report::from_scan(scan(&paths, &opts));
    let written = match args.format {
        Format::Json => {
            use std::io::Write;
            std::io::stdout().write_all(json::render(&report).as_bytes())
        }
        Format::Text => {
            let choice = match args.color {
                ColorChoice::Always => termcolor::ColorChoice::Always,
                ColorChoice::Never => termcolor::ColorChoice::Never,
                ColorChoice::Auto => {
                    use std::io::IsTerminal;
                    if std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
                        termcolor::ColorChoice::Auto
                    } else {
                        termcolor::ColorChoice::Never
                    }
                }
            };
            let mut out = StandardStream::stdout(choice);
            text::render(&report, &mut out)
        }
    };
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: writing the report failed: {e}");
            return ExitCode::from(2);
        }
    }
    if report.nothing_read() {
        ExitCode::from(2)
    } else if report.findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// `siglint token`: decode and check one token from the argument or standard input.
fn token(args: cli::TokenArgs) -> ExitCode {
    use siglint::token::{self, Options, Secret};
    use std::io::{Read, Write};
    let (input, path) = match args.token.as_deref() {
        Some(t) if t != "-" => (t.as_bytes().to_vec(), "<token>"),
        _ => {
            // Read a bounded amount: a token is a few hundred bytes.
            let mut buf = Vec::new();
            let limit = 16 * token::MAX_TOKEN_LEN as u64;
            if let Err(e) = std::io::stdin().take(limit).read_to_end(&mut buf) {
                eprintln!("error: reading standard input failed: {e}");
                return ExitCode::from(2);
            }
            (buf, "<stdin>")
        }
    };
    let secret = match (&args.secret_env, &args.secret_file) {
        (Some(var), _) => Secret::from_env(var).map(Some),
        (None, Some(path)) => Secret::from_file(path).map(Some),
        (None, None) => Ok(None),
    };
    let secret = match secret {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let opts = Options {
        now: Some(args.now.unwrap_or_else(token::system_now)),
        secret,
    };
    let report = token::inspect_bytes(&input, &opts);
    let text = String::from_utf8_lossy(&input);
    let out = match args.format {
        Format::Json => token::render::json(&report, &text, path, &opts),
        Format::Text => token::render::text(&report, &text, path, &opts),
    };
    if let Err(e) = std::io::stdout().write_all(out.as_bytes()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: writing the report failed: {e}");
            return ExitCode::from(2);
        }
    }
    ExitCode::from(report.exit_code())
}
