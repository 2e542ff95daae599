//! Progress of an organisation scan on standard error: a bar with the repositories done, the
//! findings so far and an ETA on a terminal (indicatif); plain lines every so often otherwise
//! (CI logs), and nothing with `--quiet`. Failures are printed as they happen in both.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How often a plain line is printed when standard error is not a terminal.
const PLAIN_EVERY: Duration = Duration::from_secs(10);

pub struct Progress {
    mode: Mode,
    total: usize,
    done: usize,
    scanned: usize,
    reused: usize,
    failed: usize,
    findings: usize,
    start: Instant,
    last_line: Instant,
    every: Duration,
}

enum Mode {
    Quiet,
    Plain,
    Bar(ProgressBar),
}

impl Progress {
    pub fn new(total: usize, quiet: bool) -> Progress {
        let mode = if quiet {
            Mode::Quiet
        } else if std::io::stderr().is_terminal() {
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} [{bar:30}] {pos}/{len} repositories · {msg} · {elapsed} elapsed, ETA {eta}",
                )
                .expect("a valid template")
                .progress_chars("=> "),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            Mode::Bar(bar)
        } else {
            Mode::Plain
        };
        // Tests and impatient logs may ask for more lines.
        let every = std::env::var("SIGLINT_PROGRESS_EVERY_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .map_or(PLAIN_EVERY, Duration::from_millis);
        let now = Instant::now();
        let p = Progress {
            mode,
            total,
            done: 0,
            scanned: 0,
            reused: 0,
            failed: 0,
            findings: 0,
            start: now,
            last_line: now,
            every,
        };
        p.update_message();
        p
    }

    /// A line above the bar (or on its own).
    pub fn note(&self, line: &str) {
        match &self.mode {
            Mode::Quiet => {}
            Mode::Plain => eprintln!("{line}"),
            Mode::Bar(bar) => bar.println(line),
        }
    }

    /// A warning shown even with `--quiet`.
    pub fn warn(&self, line: &str) {
        match &self.mode {
            Mode::Bar(bar) => bar.println(line),
            _ => eprintln!("{line}"),
        }
    }

    /// One repository done: `findings` found (now or earlier), `reused` when its earlier result
    /// stood, `failed` when it could not be scanned.
    pub fn done(&mut self, findings: usize, reused: bool, failed: bool) {
        self.done += 1;
        self.findings += findings;
        if failed {
            self.failed += 1;
        } else if reused {
            self.reused += 1;
        } else {
            self.scanned += 1;
        }
        match &self.mode {
            Mode::Quiet => {}
            Mode::Bar(bar) => {
                bar.set_position(self.done as u64);
                self.update_message();
            }
            Mode::Plain => {
                if self.last_line.elapsed() >= self.every && self.done < self.total {
                    self.last_line = Instant::now();
                    eprintln!("{}", self.line());
                }
            }
        }
    }

    /// The last word: how it went.
    pub fn finish(&self) {
        match &self.mode {
            Mode::Quiet => {}
            Mode::Bar(bar) => {
                bar.finish_and_clear();
                eprintln!("{}", self.line());
            }
            Mode::Plain => eprintln!("{}", self.line()),
        }
    }

    fn counts(&self) -> String {
        format!(
            "{} scanned, {} unchanged, {} failed · {} {}",
            self.scanned,
            self.reused,
            self.failed,
            self.findings,
            if self.findings == 1 {
                "finding"
            } else {
                "findings"
            }
        )
    }

    fn update_message(&self) {
        if let Mode::Bar(bar) = &self.mode {
            bar.set_message(self.counts());
        }
    }

    /// `siglint report: 40/200 repositories (…), 25 s elapsed, about 1 min 40 s left`.
    fn line(&self) -> String {
        let elapsed = self.start.elapsed();
        let mut s = format!(
            "siglint report: {}/{} repositories ({}), {} elapsed",
            self.done,
            self.total,
            self.counts(),
            duration(elapsed)
        );
        if self.done > 0 && self.done < self.total {
            let left = elapsed.mul_f64((self.total - self.done) as f64 / self.done as f64);
            s.push_str(&format!(", about {} left", duration(left)));
        }
        s
    }
}

/// `4 s`, `3 min 05 s`, `2 h 10 min`.
fn duration(d: Duration) -> String {
    let s = d.as_secs();
    if s < 60 {
        format!("{s} s")
    } else if s < 3600 {
        format!("{} min {:02} s", s / 60, s % 60)
    } else {
        format!("{} h {:02} min", s / 3600, (s % 3600) / 60)
    }
}
