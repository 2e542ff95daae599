use std::process::ExitCode;

use clap::Parser;

mod cli;

use cli::{Cli, Command};

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
        Command::Check(_) => {
            eprintln!("error: check is not implemented yet");
            ExitCode::from(2)
        }
    }
}
