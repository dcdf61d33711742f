//! Every class of mistake a user can make in a scenario file, and what zopa says about it.
//!
//! Each test starts from one small valid scenario ([`BASE`]), makes one change, and
//! checks the four things a user relies on: that it is an error, that `line:col`
//! points at the offending key or value, that the message names the problem, and
//! that a help line says how to fix it. Expected locations are computed from the
//! test text itself (see [`location_of`]), so they stay exact when [`BASE`] changes.

use zopa::scenario::{self, Diagnostic, Location, MAX_FILE_BYTES, Scenario, ScenarioError};

/// Two actors, one continuous and one discrete issue, a proposal: valid as written.
const BASE: &str = r#"// Base scenario for validation tests.
Scenario(
    name: "Base",
    issues: [
        Issue(id: "price", name: "Price", min: 0.0, max: 100.0),
        Issue(id: "colour", name: "Colour", options: ["red", "green", "blue"]),
    ],
    actors: [
        Actor(
            id: "buyer", name: "Buyer",
            power: 1.0,
            reservation: 0.2,
            stances: {
                "price": (position: 10.0, salience: 0.6),
                "colour": (position: "red", salience: 0.4),
            },
        ),
        Actor(
            id: "seller", name: "Seller",
            power: 2.0,
            reservation: 0.3,
            patience: 0.9,
            stances: {
                "price": (position: 90.0, salience: 0.5, red_line: (min: 40.0)),
                "colour": (values: {"red": 0.2, "green": 1.0, "blue": 0.5}, salience: 0.5),
            },
        ),
    ],
    proposals: [
        Proposal(name: "Middle", values: { "price": 50.0, "colour": "green" }),
    ],
    trials: 1000,
)
"#;

const FILE: &str = "test.ron";

/// `BASE` with each `(old, new)` applied; every `old` must occur exactly once.
fn base_with(changes: &[(&str, &str)]) -> String {
    let mut text = BASE.to_string();
    for (old, new) in changes {
        assert_eq!(text.matches(old).count(), 1, "`{old}` must occur once");
        text = text.replacen(old, new, 1);
    }
    text
}

/// Line and column (1-based, in characters) where `needle` starts; it must occur once.
fn location_of(text: &str, needle: &str) -> Location {
    assert_eq!(
        text.matches(needle).count(),
        1,
        "`{needle}` must occur once"
    );
    let offset = text.find(needle).expect("needle occurs");
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    Location {
        line: 1 + before.matches('\n').count(),
        col: 1 + before[line_start..].chars().count(),
    }
}

/// Where a text ends: just after the last character of its last line (a final newline
/// does not start a line).
fn end_of(text: &str) -> Location {
    Location {
        line: text.lines().count(),
        col: 1 + text.lines().last().unwrap_or_default().chars().count(),
    }
}

/// Deterministic bytes for the no-panic test (xorshift64).
fn pseudo_random_bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed.max(1);
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

fn parse_err(text: &str) -> ScenarioError {
    match scenario::parse(text, FILE) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(err) => err,
    }
}

/// The diagnostic whose message contains all `words`; checks it sits where `needle`
/// starts and carries a help line.
fn expect_error(text: &str, needle: &str, words: &[&str]) -> Diagnostic {
    let err = parse_err(text);
    let diagnostic = err
        .diagnostics
        .iter()
        .find(|diagnostic| words.iter().all(|word| diagnostic.message.contains(word)))
        .unwrap_or_else(|| panic!("no diagnostic mentions {words:?}; got:\n{err}"))
        .clone();
    assert_eq!(
        diagnostic.at,
        location_of(text, needle),
        "location of `{needle}` in: {diagnostic}"
    );
    assert_eq!(diagnostic.file, FILE);
    assert!(diagnostic.help.is_some(), "no help in: {diagnostic}");
    diagnostic
}

fn help(diagnostic: &Diagnostic) -> &str {
    diagnostic.help.as_deref().unwrap_or_default()
}

fn assert_suggests(diagnostic: &Diagnostic, word: &str) {
    let expected = format!("did you mean `{word}`?");
    assert!(
        help(diagnostic).contains(&expected),
        "help should contain {expected:?}: {diagnostic}"
    );
}

#[test]
fn base_scenario_is_valid() {
    let scenario: Scenario = scenario::parse(BASE, FILE).expect("BASE parses");
    assert_eq!(scenario.issues.len(), 2);
    assert_eq!(scenario.actors.len(), 2);
    assert_eq!(scenario.proposals.len(), 1);
}

#[test]
fn location_helper_counts_lines_and_columns_from_one() {
    assert_eq!(location_of("ab\ncd", "d"), Location { line: 2, col: 2 });
    assert_eq!(location_of("é=x", "x"), Location { line: 1, col: 3 });
}

#[test]
fn every_shipped_scenario_parses() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut checked = 0;
    for dir in [root.clone(), root.join("classroom")] {
        for entry in std::fs::read_dir(&dir).expect("scenario folder exists") {
            let path = entry.expect("readable entry").path();
            if path.extension().is_some_and(|ext| ext == "ron") {
                if let Err(err) = scenario::load(&path) {
                    panic!("{} does not parse:\n{err}", path.display());
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 7, "found only {checked} scenario files");
}

#[test]
fn display_names_file_line_col_and_help() {
    let text = base_with(&[("power: 2.0", "power: -2.0")]);
    let shown = parse_err(&text).to_string();
    let at = location_of(&text, "-2.0");
    assert!(
        shown.starts_with(&format!("{FILE}:{}:{}: error: ", at.line, at.col)),
        "{shown}"
    );
    assert!(shown.contains("\n  help: "), "{shown}");
}

// ---- Syntax and schema: caught while ron reads the text ----

#[test]
fn unknown_field_suggests_the_closest_name() {
    let text = base_with(&[("salience: 0.6", "saliance: 0.6")]);
    let diagnostic = expect_error(&text, "saliance", &["unknown field", "saliance"]);
    assert_suggests(&diagnostic, "salience");
}

#[test]
fn unknown_field_messages_do_not_name_internal_types() {
    for (old, new) in [
        ("salience: 0.6", "saliance: 0.6"),
        ("red_line: (min: 40.0)", "red_line: (mni: 40.0)"),
    ] {
        let err = parse_err(&base_with(&[(old, new)]));
        assert!(!err.to_string().contains("Raw"), "{err}");
    }
}

#[test]
fn missing_required_field_is_named() {
    let text = base_with(&[("reservation: 0.2,\n", "")]);
    // ron notices the gap when the actor closes; the message names the field.
    let diagnostic = expect_error(
        &text,
        "),\n        Actor(",
        &["missing field", "reservation"],
    );
    assert!(
        help(&diagnostic).contains("reservation: .."),
        "{diagnostic}"
    );
}

#[test]
fn text_where_an_integer_belongs_is_a_type_error_on_its_line() {
    let text = base_with(&[("trials: 1000", "trials: \"many\"")]);
    let err = parse_err(&text);
    let diagnostic = &err.diagnostics[0];
    assert_eq!(diagnostic.at.line, location_of(&text, "\"many\"").line);
    assert!(diagnostic.message.contains("whole number"), "{diagnostic}");
    assert!(help(diagnostic).contains("number"), "{diagnostic}");
}

#[test]
fn text_where_an_integer_belongs_is_located_at_the_value() {
    let text = base_with(&[("trials: 1000", "trials: \"many\"")]);
    expect_error(&text, "\"many\"", &["whole number"]);
}

#[test]
fn text_where_a_number_belongs_is_a_type_error() {
    let text = base_with(&[("power: 1.0", "power: \"strong\"")]);
    let diagnostic = expect_error(&text, "\"strong\"", &["number", "string"]);
    assert!(help(&diagnostic).contains("number"), "{diagnostic}");
    assert!(!help(&diagnostic).contains("double quotes"), "{diagnostic}");
}

#[test]
fn truncated_file_reports_unexpected_end() {
    let cut = BASE.find("stances: {\n                \"price\": (position: 90.0");
    // Files end with a newline; the message points just past the last character.
    let text = format!(
        "{}\n",
        BASE[..cut.expect("seller's stances in BASE")].trim_end()
    );
    let err = parse_err(&text);
    let diagnostic = &err.diagnostics[0];
    assert!(diagnostic.message.contains("ends"), "{diagnostic}");
    assert_eq!(diagnostic.at, end_of(&text), "{diagnostic}");
    assert!(diagnostic.help.is_some());
}

#[test]
fn truncated_file_reports_unexpected_end_wherever_it_is_cut() {
    let before_id = &BASE[..BASE.find("\"seller\"").expect("seller in BASE")];
    for text in [before_id.trim_end(), "Scenario(name: \"x\""] {
        let text = format!("{text}\n");
        let err = parse_err(&text);
        let diagnostic = &err.diagnostics[0];
        assert!(diagnostic.message.contains("ends"), "{diagnostic}");
        assert_eq!(diagnostic.at, end_of(&text), "{diagnostic}");
    }
}

#[test]
fn unknown_distribution_suggests_the_closest_name() {
    let text = base_with(&[("power: 1.0", "power: Normall(mean: 1.0, sd: 0.1)")]);
    let diagnostic = expect_error(&text, "Normall", &["unknown distribution", "Normall"]);
    assert_suggests(&diagnostic, "Normal");
}

#[test]
fn distribution_with_a_wrong_parameter_is_named() {
    let text = base_with(&[("power: 1.0", "power: Normal(mean: 1.0, sdev: 0.1)")]);
    let diagnostic = expect_error(&text, "sdev", &["Normal", "no parameter", "sdev"]);
    assert_suggests(&diagnostic, "sd");
}

#[test]
fn distribution_without_a_name_asks_for_one() {
    let text = base_with(&[("power: 1.0", "power: (mean: 1, sd: 1)")]);
    expect_error(&text, "(mean: 1", &["without a distribution name"]);
}

#[test]
fn triangular_mode_outside_its_bounds_is_rejected() {
    let text = base_with(&[(
        "power: 1.0",
        "power: Triangular(min: 0.5, mode: 2.0, max: 1.5)",
    )]);
    let diagnostic = expect_error(&text, "Triangular", &["mode"]);
    assert!(!help(&diagnostic).is_empty());
}

// ---- Ranges of single numbers ----

#[test]
fn position_outside_the_issue_range_is_rejected() {
    let text = base_with(&[("position: 10.0", "position: 150.0")]);
    expect_error(&text, "150.0", &["position", "[0, 100]", "150"]);
}

#[test]
fn negative_salience_is_rejected() {
    let text = base_with(&[("salience: 0.6", "salience: -0.6")]);
    expect_error(&text, "-0.6", &["salience", "-0.6"]);
}

#[test]
fn all_saliences_zero_means_the_actor_prefers_nothing() {
    let text = base_with(&[
        ("salience: 0.6", "salience: 0.0"),
        ("salience: 0.4", "salience: 0.0"),
    ]);
    let stances = "{\n                \"price\": (position: 10.0";
    expect_error(&text, stances, &["buyer", "salience 0 on every issue"]);
}

#[test]
fn reservation_above_one_is_rejected() {
    let text = base_with(&[("reservation: 0.2", "reservation: 1.5")]);
    expect_error(&text, "1.5", &["reservation", "[0, 1]", "1.5"]);
}

#[test]
fn negative_reservation_is_rejected() {
    let text = base_with(&[("reservation: 0.2", "reservation: -0.1")]);
    expect_error(&text, "-0.1", &["reservation", "[0, 1]"]);
}

#[test]
fn patience_zero_is_rejected() {
    let text = base_with(&[("patience: 0.9", "patience: 0.0")]);
    expect_error(&text, "0.0,\n            stances", &["patience", "(0, 1]"]);
}

#[test]
fn patience_above_one_is_rejected() {
    let text = base_with(&[("patience: 0.9", "patience: 1.1")]);
    expect_error(&text, "1.1", &["patience", "(0, 1]", "1.1"]);
}

#[test]
fn nan_is_not_a_number_zopa_accepts() {
    let text = base_with(&[("power: 1.0", "power: NaN")]);
    expect_error(&text, "NaN", &["power", "finite"]);
}

#[test]
fn infinity_is_not_a_number_zopa_accepts() {
    let text = base_with(&[("reservation: 0.3", "reservation: inf")]);
    expect_error(&text, "inf", &["reservation", "finite"]);
}

// ---- Cross-references between actors, issues and proposals ----

#[test]
fn duplicate_actor_id_is_rejected() {
    let text = base_with(&[("id: \"seller\"", "id: \"buyer\"")]);
    let needle = "\"buyer\", name: \"Seller\"";
    expect_error(&text, needle, &["duplicate actor id", "buyer"]);
}

#[test]
fn duplicate_issue_id_is_rejected() {
    let text = base_with(&[("id: \"colour\"", "id: \"price\"")]);
    let needle = "\"price\", name: \"Colour\"";
    expect_error(&text, needle, &["duplicate issue id", "price"]);
}

#[test]
fn stance_on_unknown_issue_suggests_the_closest_id() {
    let text = base_with(&[("\"price\": (position: 10.0", "\"prise\": (position: 10.0")]);
    let diagnostic = expect_error(&text, "\"prise\"", &["unknown issue", "prise"]);
    assert_suggests(&diagnostic, "price");
}

#[test]
fn missing_stance_on_an_issue_is_named() {
    let text = base_with(&[("\"colour\": (position: \"red\", salience: 0.4),\n", "")]);
    let stances = "{\n                \"price\": (position: 10.0";
    let diagnostic = expect_error(&text, stances, &["buyer", "no stance", "colour"]);
    assert!(help(&diagnostic).contains("\"colour\""), "{diagnostic}");
}

#[test]
fn proposal_naming_an_unknown_issue_suggests_the_closest_id() {
    let text = base_with(&[("\"price\": 50.0", "\"prise\": 50.0")]);
    let diagnostic = expect_error(&text, "\"prise\"", &["Middle", "unknown issue", "prise"]);
    assert_suggests(&diagnostic, "price");
}

#[test]
fn proposal_missing_an_issue_is_named() {
    let text = base_with(&[(", \"colour\": \"green\"", "")]);
    expect_error(
        &text,
        "{ \"price\": 50.0 }",
        &["Middle", "no value", "colour"],
    );
}

// ---- Red lines ----

#[test]
fn continuous_red_line_excluding_own_position_is_rejected() {
    let text = base_with(&[("red_line: (min: 40.0)", "red_line: (min: 95.0)")]);
    expect_error(
        &text,
        "(min: 95.0)",
        &["seller", "red line", "excludes", "own position"],
    );
}

#[test]
fn discrete_red_line_excluding_favoured_option_is_rejected() {
    let text = base_with(&[(
        "\"blue\": 0.5}, salience: 0.5)",
        "\"blue\": 0.5}, salience: 0.5, red_line: (allowed: [\"red\"]))",
    )]);
    expect_error(
        &text,
        "(allowed: [\"red\"])",
        &["seller", "red line", "excludes", "green"],
    );
}

// ---- Discrete issues ----

#[test]
fn discrete_position_that_is_not_an_option_suggests_the_closest() {
    let text = base_with(&[("position: \"red\"", "position: \"rde\"")]);
    let diagnostic = expect_error(&text, "\"rde\"", &["rde", "not an option"]);
    assert_suggests(&diagnostic, "red");
}

#[test]
fn numeric_position_on_a_discrete_issue_asks_for_an_option_name() {
    let text = base_with(&[("position: \"red\"", "position: 2")]);
    let diagnostic = expect_error(&text, "2, salience: 0.4", &["discrete", "option name"]);
    assert!(
        help(&diagnostic).contains("red, green, blue"),
        "{diagnostic}"
    );
}

// ---- Shape of the scenario as a whole ----

#[test]
fn empty_actor_list_is_rejected() {
    let start = BASE.find("    actors: [").expect("actors in BASE");
    let end = BASE.find("    proposals:").expect("proposals in BASE");
    let text = format!("{}    actors: [],\n{}", &BASE[..start], &BASE[end..]);
    expect_error(&text, "[],", &["at least two actors", "found 0"]);
}

#[test]
fn a_single_actor_is_not_a_negotiation() {
    let start = BASE
        .find("        Actor(\n            id: \"seller\"")
        .expect("seller");
    let end = BASE.find("    ],\n    proposals").expect("end of actors");
    let text = format!("{}{}", &BASE[..start], &BASE[end..]);
    expect_error(
        &text,
        "[\n        Actor(",
        &["at least two actors", "found 1"],
    );
}

#[test]
fn scenario_without_issues_is_rejected() {
    let start = BASE.find("        Issue(id: \"price\"").expect("issues");
    let end = BASE.find("    ],\n    actors").expect("end of issues");
    let text = format!("{}{}", &BASE[..start], &BASE[end..]);
    expect_error(&text, "[\n    ],", &["at least one issue"]);
}

#[test]
fn issue_with_both_options_and_range_is_rejected() {
    let text = base_with(&[(
        "options: [\"red\", \"green\", \"blue\"]",
        "min: 0.0, options: [\"red\", \"green\", \"blue\"]",
    )]);
    expect_error(
        &text,
        "Issue(id: \"colour\"",
        &["colour", "both options and min/max"],
    );
}

#[test]
fn issue_with_min_not_below_max_is_rejected() {
    let text = base_with(&[("max: 100.0", "max: 0.0")]);
    expect_error(&text, "0.0),", &["price", "min < max"]);
}

#[test]
fn zero_trials_is_rejected() {
    let text = base_with(&[("trials: 1000", "trials: 0")]);
    expect_error(&text, "0,\n)", &["trials", "at least 1"]);
}

#[test]
fn absurd_trial_count_is_rejected() {
    let text = base_with(&[("trials: 1000", "trials: 99000000000")]);
    expect_error(&text, "99000000000", &["99000000000 trials"]);
}

#[test]
fn scenario_without_any_veto_actor_is_rejected() {
    let text = base_with(&[
        ("power: 1.0,", "power: 1.0, veto: false,"),
        ("power: 2.0,", "power: 2.0, veto: false,"),
    ]);
    expect_error(&text, "[\n        Actor(", &["no actor has a veto"]);
}

#[test]
fn several_errors_are_reported_together() {
    let text = base_with(&[
        ("power: 2.0", "power: -2.0"),
        ("reservation: 0.2", "reservation: 1.5"),
        ("trials: 1000", "trials: 0"),
    ]);
    let err = parse_err(&text);
    assert!(err.diagnostics.len() >= 3, "{err}");
    let lines: Vec<usize> = err.diagnostics.iter().map(|d| d.at.line).collect();
    for needle in ["-2.0", "1.5", "0,\n)"] {
        let line = location_of(&text, needle).line;
        assert!(lines.contains(&line), "no error on line {line}: {err}");
    }
}

// ---- Bytes that are not a scenario at all ----

#[test]
fn invalid_utf8_is_located() {
    let mut bytes = b"Scenario(\n    name: \"Caf".to_vec();
    bytes.push(0xe9); // Latin-1 é
    bytes.extend_from_slice(b"\",\n)");
    let err = scenario::parse_bytes(&bytes, FILE).expect_err("not UTF-8");
    let diagnostic = &err.diagnostics[0];
    assert_eq!(diagnostic.at, Location { line: 2, col: 15 }, "{diagnostic}");
    assert!(diagnostic.message.contains("UTF-8"), "{diagnostic}");
    assert!(diagnostic.message.contains("0xe9"), "{diagnostic}");
    assert!(diagnostic.help.is_some());
}

#[test]
fn oversized_file_is_refused_before_parsing() {
    let bytes = vec![b' '; MAX_FILE_BYTES + 1];
    let err = scenario::parse_bytes(&bytes, FILE).expect_err("too large");
    let diagnostic = &err.diagnostics[0];
    assert_eq!(diagnostic.at, Location { line: 1, col: 1 });
    assert!(diagnostic.message.contains("bytes"), "{diagnostic}");
    assert!(
        diagnostic.message.contains(&MAX_FILE_BYTES.to_string()),
        "{diagnostic}"
    );
    assert!(diagnostic.help.is_some());
}

#[test]
fn binary_garbage_is_an_error_with_help() {
    let bytes = [0x7f, b'E', b'L', b'F', 0x02, 0x01, 0x01, 0x00, 0xff, 0xfe];
    let err = scenario::parse_bytes(&bytes, FILE).expect_err("garbage");
    assert!(!err.diagnostics.is_empty());
    assert!(err.diagnostics.iter().all(|d| d.help.is_some()), "{err}");
}

#[test]
fn odd_input_never_panics() {
    let deep_list = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let deep_parens = format!("Scenario(name: {}", "(".repeat(10_000));
    let deep_map = format!("{}{}", "{\"a\": ".repeat(10_000), "}".repeat(10_000));
    let mut texts: Vec<String> = [
        "",
        "(",
        ")",
        "Scenario(",
        "Scenario()",
        "Scenario(name: \"",
        "Scenario(name: \"x\", issues: [Issue(",
        "/* never closed",
        "r#\"raw",
        "'",
        "Scenario(name: \"x\", issues: [], actors: [], proposals: [Proposal(name: \"p\", values: {})])",
    ]
    .iter()
    .map(|text| text.to_string())
    .collect();
    texts.extend([deep_list, deep_parens, deep_map]);
    // Every prefix of a valid file: truncation at any point.
    texts.extend(
        BASE.char_indices()
            .map(|(offset, _)| BASE[..offset].to_string()),
    );
    for text in &texts {
        let _ = scenario::parse(text, FILE);
    }
    for seed in 1..200 {
        let _ = scenario::parse_bytes(&pseudo_random_bytes(seed, 256), FILE);
    }
}

#[test]
fn a_discrete_issue_without_options_and_a_stance_without_a_position_is_an_error_not_a_panic() {
    let text = r#"Scenario(
    name: "Empty options",
    issues: [ Issue(id: "z", name: "Z", options: []) ],
    actors: [
        Actor(id: "a", name: "A", power: 1.0, reservation: 0.1, stances: { "z": (salience: 0.5) }),
        Actor(id: "b", name: "B", power: 1.0, reservation: 0.1, stances: { "z": (salience: 0.5) }),
    ],
)"#;
    expect_error(text, "[]", &["needs at least two options"]);
    let err = parse_err(text);
    assert!(
        err.diagnostics
            .iter()
            .any(|d| d.message.contains("missing `position` or `values`")),
        "{err}"
    );
}

#[test]
fn an_issue_range_beyond_1e15_is_refused_at_check() {
    let text = r#"Scenario(
    name: "Huge range",
    issues: [ Issue(id: "x", name: "X", min: -9e307, max: 9e307) ],
    actors: [
        Actor(id: "a", name: "A", power: 1.0, reservation: 0.1, stances: { "x": (position: 9e307, salience: 0.5) }),
        Actor(id: "b", name: "B", power: 1.0, reservation: 0.1, stances: { "x": (position: -9e307, salience: 0.5) }),
    ],
)"#;
    let diagnostic = expect_error(text, "9e307)", &["beyond ±1e15", "-9e307"]);
    assert!(help(&diagnostic).contains("larger units"), "{diagnostic}");
    // A wide but representable range is fine.
    let fine = text.replace("9e307", "1e15");
    assert!(scenario::parse(&fine, FILE).is_ok());
}

// ---- Hostile input: every limit holds at check, quickly, with a location ----

/// A scenario whose first issue and actors are generated: `issues` continuous
/// issues `i0`, `i1`, .. and two actors with a stance on each.
fn many_issues(issues: usize) -> String {
    let ids: Vec<String> = (0..issues).map(|d| format!("i{d}")).collect();
    let declared: Vec<String> = ids
        .iter()
        .map(|id| format!("Issue(id: \"{id}\", name: \"{id}\", min: 0.0, max: 1.0)"))
        .collect();
    let stances = |ideal: f64| {
        ids.iter()
            .map(|id| format!("\"{id}\": (position: {ideal:.1}, salience: 1.0)"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "Scenario(\n    name: \"Many\",\n    issues: [{}],\n    actors: [\n        Actor(id: \"a\", name: \"A\", power: 1.0, reservation: 0.1, stances: {{ {} }}),\n        Actor(id: \"b\", name: \"B\", power: 1.0, reservation: 0.1, stances: {{ {} }}),\n    ],\n)",
        declared.join(", "),
        stances(0.0),
        stances(1.0)
    )
}

#[test]
fn ids_are_ascii_words_of_bounded_length() {
    let text = base_with(&[("id: \"price\"", "id: \"pri/ce\"")]);
    let diagnostic = expect_error(&text, "\"pri/ce\"", &["issue id `pri/ce`", "U+002F"]);
    assert!(
        help(&diagnostic).contains("ASCII letters, digits, `_` and `-`, starting with a letter"),
        "{diagnostic}"
    );
    let text = base_with(&[("id: \"buyer\"", "id: \"2buyer\"")]);
    expect_error(
        &text,
        "\"2buyer\"",
        &["actor id `2buyer`", "start with an ASCII letter"],
    );
    // 900,000 characters, referred to with a typo: refused as too long at once,
    // no edit distance between the two is computed.
    let long = "p".repeat(900_000);
    let text = base_with(&[
        ("id: \"price\"", &format!("id: \"{long}\"")),
        ("\"price\": 50.0", &format!("\"{long}q\": 50.0")),
    ]);
    let err = parse_err(&text);
    let too_long = err
        .diagnostics
        .iter()
        .find(|d| d.message.contains("900000 characters long"))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(too_long.to_string().len() < 500, "quoted short: {too_long}");
    assert!(err.to_string().len() < 10_000, "no message pastes the id");
}

#[test]
fn control_characters_in_names_are_refused_and_never_echoed_raw() {
    let text = base_with(&[("name: \"Buyer\"", "name: \"Buy\\u{1b}]0;pwned\\u{7}er\"")]);
    let diagnostic = expect_error(
        &text,
        "\"Buy",
        &["the name of actor `buyer`", "control character", "U+001B"],
    );
    let shown = diagnostic.to_string();
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
        "{shown:?}"
    );
    assert!(shown.contains("\\u{1b}"), "{shown}");
    // A vertical tab in an option, a NUL in a description.
    let text = base_with(&[("\"blue\"]", "\"bl\\u{b}ue\"]")]);
    let err = parse_err(&text);
    assert!(err.to_string().contains("U+000B"), "{err}");
    let text = base_with(&[(
        "name: \"Base\",",
        "name: \"Base\", description: \"a\\u{0}b\",",
    )]);
    expect_error(&text, "\"a\\u{0}b\"", &["description", "U+0000"]);
    // Line breaks and tabs are fine in a description, not in a name.
    let fine = base_with(&[(
        "name: \"Base\",",
        "name: \"Base\", description: \"one\\n\\ttwo\",",
    )]);
    assert!(scenario::parse(&fine, FILE).is_ok());
    let text = base_with(&[("name: \"Price\"", "name: \"Pri\\nce\"")]);
    expect_error(&text, "\"Pri\\nce\"", &["control character", "U+000A"]);
}

#[test]
fn hostile_ids_in_references_reach_messages_escaped() {
    let text = base_with(&[("\"price\": 50.0", "\"\\u{1b}[2J\": 50.0")]);
    let err = parse_err(&text);
    let shown = err.to_string();
    assert!(shown.contains("unknown issue `\\u{1b}[2J`"), "{shown}");
    assert!(!shown.contains('\u{1b}'), "{shown:?}");
}

#[test]
fn a_long_name_is_refused_at_check() {
    let long = "Ceasefire ".repeat(2_000);
    let text = base_with(&[("name: \"Colour\"", &format!("name: \"{long}\""))]);
    let diagnostic = expect_error(&text, "\"Ceasefire", &["longer than 200 characters"]);
    assert!(diagnostic.message.len() < 200, "{diagnostic}");
}

#[test]
fn a_values_map_over_many_options_checks_in_linear_time_and_reports_a_bounded_list() {
    // 72,000 options, each given a value twice: every limit and duplicate is
    // found without a quadratic search, and the report stops after 100.
    let options: Vec<String> = (0..72_000).map(|k| format!("o{k}")).collect();
    let listed = options
        .iter()
        .map(|o| format!("\"{o}\""))
        .collect::<Vec<_>>()
        .join(",");
    let values = options
        .iter()
        .map(|o| format!("\"{o}\": 0.5, \"{o}\": 0.5"))
        .collect::<Vec<_>>()
        .join(",");
    let text = base_with(&[
        (
            "options: [\"red\", \"green\", \"blue\"]",
            &format!("options: [{listed}]"),
        ),
        (
            "values: {\"red\": 0.2, \"green\": 1.0, \"blue\": 0.5}",
            &format!("values: {{{values}}}"),
        ),
        (
            "position: \"red\", salience: 0.4",
            "position: \"o1\", salience: 0.4",
        ),
        ("\"colour\": \"green\"", "\"colour\": \"o2\""),
    ]);
    let err = parse_err(&text);
    assert!(
        err.diagnostics[0]
            .message
            .contains("72000 options, more than the 1000"),
        "{}",
        err.diagnostics[0]
    );
    assert!(
        err.diagnostics
            .iter()
            .any(|d| d.message.contains("`o0` is given two values")),
        "{err}"
    );
    assert_eq!(err.diagnostics.len(), 101);
    assert!(
        err.diagnostics[100]
            .message
            .contains("more problems not shown"),
        "{}",
        err.diagnostics[100]
    );
}

#[test]
fn issue_and_zone_pair_counts_are_bounded_at_check() {
    assert!(scenario::parse(&many_issues(100), FILE).is_ok());
    let text = many_issues(101);
    let diagnostic = expect_error(&text, "[Issue", &["101 issues", "more than the 100"]);
    assert!(help(&diagnostic).contains("split"), "{diagnostic}");
    // 46 named pairs is one more than a run keeps grids for.
    let pairs: Vec<String> = (1..=46).map(|k| format!("(\"i0\", \"i{k}\")")).collect();
    let text = many_issues(50).replacen(
        "\n)",
        &format!("\n    charts: (pairs: [{}]),\n)", pairs.join(", ")),
        1,
    );
    expect_error(&text, "[(\"i0\"", &["46 zone pairs", "45"]);
}

#[test]
fn weights_whose_products_could_overflow_are_refused() {
    let text = base_with(&[("power: 2.0", "power: 1e300")]);
    let diagnostic = expect_error(
        &text,
        "1e300",
        &["power must lie in [0, 1e12], found 1e300"],
    );
    assert!(
        !diagnostic.to_string().contains("000000000000000000"),
        "{diagnostic}"
    );
    let text = base_with(&[("salience: 0.6", "salience: Normal(mean: 1e200, sd: 1.0)")]);
    expect_error(&text, "Normal", &["salience must lie in [0, 1e12]"]);
}

#[test]
fn a_duplicate_key_in_a_proposals_values_is_an_error() {
    let text = base_with(&[(
        "values: { \"price\": 50.0, \"colour\": \"green\" }",
        "values: { \"price\": 50.0, \"colour\": \"green\", \"price\": 60.0 }",
    )]);
    expect_error(
        &text,
        "\"price\": 60.0",
        &["gives issue `price` two values"],
    );
    let text = base_with(&[("\"blue\": 0.5}", "\"blue\": 0.5, \"red\": 0.9}")]);
    expect_error(&text, "\"red\": 0.9", &["`red` is given two values"]);
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend_from_slice(BASE.as_bytes());
    assert!(scenario::parse_bytes(&bytes, FILE).is_ok());
}

#[test]
fn old_mac_line_endings_give_the_right_line() {
    let text = base_with(&[("salience: 0.6", "salience: -0.6")]).replace('\n', "\r");
    let err = parse_err(&text);
    let expected = location_of(&text.replace('\r', "\n"), "-0.6");
    assert!(expected.line > 10);
    assert!(
        err.diagnostics.iter().any(|d| d.at == expected),
        "expected {expected:?}: {err}"
    );
}

#[test]
fn an_unterminated_string_does_not_echo_the_rest_of_the_file() {
    let filler = "x".repeat(5_000);
    let text =
        format!("Scenario(name: \"Open, description: 3, issues: [], actors: [] /* {filler} */)");
    let err = parse_err(&text);
    assert!(err.to_string().len() < 1_000, "{err}");
    // All on one line, a long string where a number belongs.
    let text = format!(
        "Scenario(name: \"x\", issues: [Issue(id: \"a\", name: \"A\", min: \"{filler}\", max: 1.0)], actors: [])"
    );
    let err = parse_err(&text);
    assert!(err.to_string().len() < 1_000, "{err}");
}

#[cfg(unix)]
#[test]
fn devices_and_pipes_are_refused_without_reading_them() {
    let err = scenario::load(std::path::Path::new("/dev/zero")).expect_err("a device");
    assert!(err.to_string().contains("not a regular file"), "{err}");
    let dir = std::env::temp_dir().join(format!("zopa-fifo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("pipe.ron");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|status| status.success()) {
        // Opening a FIFO with no writer would block forever; it is not opened.
        let err = scenario::load(&fifo).expect_err("a pipe");
        assert!(err.to_string().contains("not a regular file"), "{err}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_file_is_read_only_up_to_one_byte_past_the_limit() {
    let dir = std::env::temp_dir().join(format!("zopa-big-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("big.ron");
    std::fs::write(&path, vec![b' '; 3 * MAX_FILE_BYTES]).unwrap();
    let bytes = scenario::read_bounded(&path, MAX_FILE_BYTES).expect("readable");
    assert_eq!(bytes.len(), MAX_FILE_BYTES + 1);
    let err = scenario::load(&path).expect_err("too large");
    assert!(err.to_string().contains("larger than"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
