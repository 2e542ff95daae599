use std::process::ExitCode;

use clap::Parser;

mod cli;

use cli::{CheckArgs, CheckFormat, Cli, ColorChoice, Command, Format};
use codespan_reporting::term::termcolor::{self, StandardStream};
use siglint::output::Report;
use siglint::output::{concise, github, gitlab, json, junit, rule_docs, sarif, statistics, text};
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
                Some(model) => print_or_exit(&model.dump()),
                None => {
                    eprintln!("error: {}: could not be parsed", path.display());
                    ExitCode::from(2)
                }
            }
        }
        Command::Check(args) => check(args),
        Command::Token(args) => token(args),
        Command::Rules(args) => {
            let out = match args.format {
                Format::Text => rule_docs::table(),
                Format::Json => rule_docs::json(),
            };
            print_or_exit(&out)
        }
        Command::Explain(args) => match rule_docs::find(&args.rule) {
            Some(rule) => print_or_exit(&rule_docs::explain(&rule)),
            None => {
                eprintln!(
                    "error: unknown rule `{}`; `siglint rules` lists the codes",
                    args.rule
                );
                ExitCode::from(2)
            }
        },
        Command::Report(args) => siglint::report::run(args),
        Command::Server(args) => ExitCode::from(siglint::server::run(siglint::server::Options {
            config: args.config,
            debounce: std::time::Duration::from_millis(args.debounce_ms),
        })),
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
            print_or_exit(&format!("{:#?}\n", siglint::sites::find(&model)))
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
    let policy = siglint::walk::Policy::for_scan(
        args.config.as_deref(),
        &paths,
        args.baseline.as_deref(),
        args.write_baseline.is_some(),
    );
    let policy = match policy {
        Ok(p) => std::sync::Arc::new(p),
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    args.limits.apply();
    let opts = WalkOptions {
        no_ignore: args.no_ignore,
        threads,
        max_file_size: args.limits.max_file_size,
        policy: Some(policy.clone()),
    };
    let mut scanned = scan(&paths, &opts);
    if let Some(file) = &args.write_baseline {
        let entries = std::mem::take(&mut scanned.baseline_entries);
        return match siglint::baseline::write_baseline(file, &entries) {
            Ok(()) => {
                eprintln!(
                    "wrote {} finding{} to the baseline {}",
                    entries.len(),
                    if entries.len() == 1 { "" } else { "s" },
                    file.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        };
    }
    if args.fix || args.diff {
        let fixed = fix_files(&scanned, &policy, &args);
        if args.diff {
            return fixed;
        }
        // Report what remains after fixing.
        scanned = scan(&paths, &opts);
    }
    let mut report = Report::from_scan(scanned);
    report.apply_severity_overrides(&policy.configs);
    // CI formats give paths relative to the directory siglint runs in: the repository root.
    let cwd = std::env::current_dir().unwrap_or_default();
    let machine = |out: String| {
        use std::io::Write;
        std::io::stdout().write_all(out.as_bytes())
    };
    let written = match args.format {
        CheckFormat::Json => machine(json::render(&report)),
        CheckFormat::Sarif => machine(sarif::render(&report, &cwd)),
        CheckFormat::Github => machine(github::render(&report, &cwd)),
        CheckFormat::Junit => machine(junit::render(&report, &cwd)),
        CheckFormat::Gitlab => {
            // The report holds code issues only: unreadable paths go to the job log.
            for (path, message) in &report.summary.problems {
                eprintln!("error: {path}: {message}");
            }
            machine(gitlab::render(&report, &cwd))
        }
        CheckFormat::Concise => machine(concise::render(&report)),
        CheckFormat::Text => {
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
    let written = written.and_then(|()| {
        if !args.statistics {
            return Ok(());
        }
        let table = statistics::render(&report);
        match args.format {
            CheckFormat::Text | CheckFormat::Concise | CheckFormat::Github => machine(table),
            // Formats a program parses get the table on standard error.
            CheckFormat::Json | CheckFormat::Sarif | CheckFormat::Junit | CheckFormat::Gitlab => {
                use std::io::Write;
                std::io::stderr().write_all(table.as_bytes())
            }
        }
    });
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

/// Prints to standard output; a closed pipe (`siglint rules | head`) is not an error.
fn print_or_exit(out: &str) -> ExitCode {
    use std::io::Write;
    match std::io::stdout().write_all(out.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: writing the output failed: {e}");
            ExitCode::from(2)
        }
        _ => ExitCode::SUCCESS,
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

/// `--fix` / `--diff`: runs the fix loop on every analysed file that has a fixable finding.
/// With `--diff` returns the exit status (1 when there is a diff); with `--fix` reports what
/// was changed on standard error.
fn fix_files(
    scanned: &siglint::walk::Scan,
    policy: &siglint::walk::Policy,
    args: &CheckArgs,
) -> ExitCode {
    use siglint::engine::FileOutcome;
    let mut any_diff = false;
    let (mut files, mut applied) = (0, 0);
    for file in &scanned.files {
        let FileOutcome::Analysed { kind, analysis, .. } = &file.outcome else {
            continue;
        };
        let fixable = analysis.findings.iter().any(|f| {
            f.fix
                .as_ref()
                .is_some_and(|x| x.applicability.is_applied(args.unsafe_fixes))
        });
        if !fixable {
            continue;
        }
        let config = policy.configs.for_path(&file.path).ok();
        let config_rel = config.as_ref().and_then(|c| c.relative(&file.path));
        let settings = config.as_ref().map(|c| c.settings()).unwrap_or_default();
        let filter = |source: &str, findings| {
            siglint::walk::filter_findings(
                config.as_deref(),
                config_rel.as_deref(),
                source,
                findings,
            )
        };
        let result = siglint::autofix::fix_file(
            &file.path,
            file.rel.as_deref(),
            *kind,
            &settings,
            &filter,
            args.unsafe_fixes,
            args.fix,
            &analysis.caused_by,
        );
        let shown = siglint::walk::display_path(&file.path);
        for r in &result.refused {
            eprintln!("warning: {shown}: fix not applied: {r}");
        }
        if let Some(e) = &result.error {
            eprintln!("error: {shown}: not fixed: {e}");
        }
        if args.diff && !result.diff.is_empty() {
            any_diff = true;
            use std::io::Write;
            if std::io::stdout().write_all(result.diff.as_bytes()).is_err() {
                break; // the reader went away (`| head`)
            }
        }
        if result.written {
            files += 1;
            applied += result.applied;
        }
    }
    if args.fix {
        eprintln!(
            "fixed {applied} problem{} in {files} file{}",
            if applied == 1 { "" } else { "s" },
            if files == 1 { "" } else { "s" }
        );
    }
    if any_diff {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
