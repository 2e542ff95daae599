//! UTC dates and human durations, without a date library.

/// `2023-11-14 22:13:20 UTC` for Unix seconds (proleptic Gregorian; any i64).
pub fn utc(t: i64) -> String {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Howard Hinnant's days → (year, month, day).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `1 h 59 min`, `3 d 4 h`, `12 min 5 s`, `45 s`, `53 years`: the two largest units.
pub fn duration(secs: u64) -> String {
    const YEAR: u64 = 31_557_600;
    let pair = |a: u64, ua: &str, b: u64, ub: &str| {
        if b == 0 {
            format!("{a} {ua}")
        } else {
            format!("{a} {ua} {b} {ub}")
        }
    };
    if secs >= YEAR {
        let y = secs / YEAR;
        format!("{y} year{}", if y == 1 { "" } else { "s" })
    } else if secs >= 86_400 {
        pair(secs / 86_400, "d", secs % 86_400 / 3600, "h")
    } else if secs >= 3600 {
        pair(secs / 3600, "h", secs % 3600 / 60, "min")
    } else if secs >= 60 {
        pair(secs / 60, "min", secs % 60, "s")
    } else {
        format!("{secs} s")
    }
}

/// `in 1 h 59 min`, `2 h 3 min ago`, `now`.
pub fn relative(t: i64, now: i64) -> String {
    let diff = t as i128 - now as i128;
    let abs = diff.unsigned_abs().min(u64::MAX as u128) as u64;
    match diff {
        0 => "now".into(),
        d if d > 0 => format!("in {}", duration(abs)),
        _ => format!("{} ago", duration(abs)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_durations() {
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc(1_700_000_000), "2023-11-14 22:13:20 UTC");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(utc(-1), "1969-12-31 23:59:59 UTC");
        // Extremes do not overflow.
        let _ = utc(i64::MAX);
        let _ = utc(i64::MIN);
        assert_eq!(duration(7170), "1 h 59 min");
        assert_eq!(duration(7200), "2 h");
        assert_eq!(duration(600), "10 min");
        assert_eq!(duration(45), "45 s");
        assert_eq!(duration(90_000), "1 d 1 h");
        assert_eq!(relative(100, 100), "now");
        assert_eq!(relative(7170, 0), "in 1 h 59 min");
        assert_eq!(relative(0, 7380), "2 h 3 min ago");
        let _ = relative(i64::MIN, i64::MAX);
    }
}
