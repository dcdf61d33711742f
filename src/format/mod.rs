//! Formatting helpers every output shares: thousands separators, percentages,
//! JSON layout and rounding, CSV fields. One place, so the terminal, the
//! report, the charts and the files say the same number the same way.

pub mod json;

/// 1234567 → "1,234,567".
pub fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (k, digit) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `n` of `noun` in the singular or plural: "1 trial", "1,000 trials".
pub fn count(n: u64, noun: &str) -> String {
    format!("{} {noun}{}", thousands(n), if n == 1 { "" } else { "s" })
}

/// 0.98251 → "98.3%"; "0%" and "100%" only when exact, "<0.1%" and ">99.9%"
/// near the ends, so a rare rejection never reads as certain acceptance. The
/// one percentage format of the terminal, the report and the charts.
pub fn percent(share: f64) -> String {
    if share <= 0.0 {
        "0%".into()
    } else if share >= 1.0 {
        "100%".into()
    } else if share < 0.001 {
        "<0.1%".into()
    } else if share > 0.999 {
        ">99.9%".into()
    } else {
        format!("{:.1}%", share * 100.0)
    }
}

/// A number with at most `places` decimals and no trailing zeros (0.9, not
/// 0.900000; never "-0"): a parameter as a reader wrote it.
pub fn decimals(value: f64, places: usize) -> String {
    let text = format!("{value:.places$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// `count / total`, 0 when there is nothing to divide.
pub fn rate(count: u64, total: u64) -> f64 {
    if total == 0 {
        0.0
    } else {
        count as f64 / total as f64
    }
}

/// One CSV line: the fields, each quoted when it needs it, and a newline. The
/// one CSV writer of trials.csv, sweep.csv and compare.csv.
pub fn csv_line<S: AsRef<str>>(fields: impl IntoIterator<Item = S>) -> String {
    let mut line = fields
        .into_iter()
        .map(|field| csv_field(field.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push('\n');
    line
}

/// Quotes a CSV field when it needs it (a comma, a quote or a line break).
///
/// Text that a spreadsheet would take for a formula (starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return, and not a number) gets a leading `'`,
/// so a scenario's names and ids can never run as formulas in a CSV opened
/// in Excel or LibreOffice.
pub fn csv_field(text: &str) -> String {
    let formula =
        text.starts_with(['=', '+', '-', '@', '\t', '\r']) && text.parse::<f64>().is_err();
    let text = if formula {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// A number for a CSV cell: as written, or an empty cell when not finite, so
/// no file holds `inf` or `NaN`.
pub fn csv_number(value: f64) -> String {
    if value.is_finite() {
        value.to_string()
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_in_the_singular_for_one() {
        assert_eq!(count(1, "trial"), "1 trial");
        assert_eq!(count(0, "trial"), "0 trials");
        assert_eq!(count(1000, "trial"), "1,000 trials");
    }

    #[test]
    fn decimals_drop_trailing_zeros() {
        assert_eq!(decimals(0.9, 6), "0.9");
        assert_eq!(decimals(0.943333333, 6), "0.943333");
        assert_eq!(decimals(10.0, 6), "10");
        assert_eq!(decimals(100.0, 0), "100");
        assert_eq!(decimals(-0.0000001, 6), "0");
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(10_000_000), "10,000,000");
    }

    #[test]
    fn percentages_never_round_to_certainty() {
        assert_eq!(percent(0.9996), ">99.9%");
        assert_eq!(percent(0.5), "50.0%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(0.0004), "<0.1%");
        assert_eq!(percent(1.0), "100%");
    }

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_line(["a", "b,c", ""]), "a,\"b,c\",\n");
    }

    #[test]
    fn csv_text_never_reads_as_a_formula() {
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("+x"), "'+x");
        assert_eq!(csv_field("-0.25"), "-0.25");
        assert_eq!(csv_field("-1e300"), "-1e300");
        assert_eq!(csv_number(f64::INFINITY), "");
        assert_eq!(csv_number(f64::NAN), "");
        assert_eq!(csv_number(-0.5), "-0.5");
    }
}
