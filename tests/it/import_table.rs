//! `zopa import table`: the EU example as a table solves to the classroom
//! scenario's answers, gaps and dropped actors behave as documented, and every
//! class of bad input is refused with its exact line and column.

use rand::SeedableRng;
use std::path::Path;
use zopa::ModelKind;
use zopa::import::{self, table};
use zopa::model::{self, TrialRng};
use zopa::scenario::{self, Scenario};
use zopa::world::World;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/table")
        .join(name)
}

fn solve(scenario: &Scenario, kind: ModelKind) -> f64 {
    let world = World::nominal(scenario);
    let mut rng = TrialRng::seed_from_u64(1);
    let outcome = model::build(kind)
        .solve(&world, &mut rng)
        .outcome
        .expect("an agreement");
    scenario.issues[0].denormalise(outcome[0])
}

/// tests/fixtures/table/eu_example.csv is scenarios/classroom/eu_expected_utility.ron
/// as a table: the same capabilities, saliences × 100, and positions 4/7/10 put on
/// 0–100 as 0/50/100, i.e. p ↦ (p − 4)/6 · 100. Every model is equivariant under
/// that map (the expected-utility model normalises distances by the actors' spread,
/// the others by the issue's range, and both are mapped alike), so each imported
/// answer must be the classroom answer mapped. Hand-worked checks, from the
/// classroom file: weighted mean 5003/677 = 7.389955686853767 → 56.49926144756278;
/// KS 7.0 → 50.0; Nash 7.194755 → 53.24592.
#[test]
fn the_eu_example_as_a_table_solves_to_the_classroom_answers() {
    let imported = import::table_file(&fixture("eu_example.csv"), Default::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(imported.warnings.is_empty());
    let table = &imported.scenario;
    assert_eq!(
        table.name,
        "EU expected-utility example (ten member states)"
    );
    assert!(
        table
            .description
            .starts_with("Scholz, Calbert & Smith (2011)")
    );
    assert_eq!(
        table.model,
        ModelKind::ExpectedUtility {
            rounds: 10,
            rules: zopa::model::EuRules::Paper,
        }
    );
    assert_eq!(table.actors[6].id, "united_kingdom");
    let classroom_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/classroom/eu_expected_utility.ron");
    let classroom = scenario::load(&classroom_path).unwrap();
    let to_table = |p: f64| (p - 4.0) / 6.0 * 100.0;
    let kinds = [
        ModelKind::Compromise,
        ModelKind::ExpectedUtility {
            rounds: 10,
            rules: zopa::model::EuRules::Paper,
        },
        ModelKind::Nash,
        ModelKind::KalaiSmorodinsky,
    ];
    for kind in kinds {
        let (imported, expected) = (solve(table, kind), to_table(solve(&classroom, kind)));
        assert!(
            (imported - expected).abs() < 1e-9,
            "{kind:?}: {imported} vs {expected}"
        );
    }
    assert!((solve(table, ModelKind::Compromise) - to_table(5003.0 / 677.0)).abs() < 1e-9);
    assert!((solve(table, ModelKind::KalaiSmorodinsky) - 50.0).abs() < 1e-6);
    assert!((solve(table, ModelKind::Nash) - 53.24592).abs() < 1e-5);
}

/// tests/fixtures/table/budget_gaps.csv: South has no tax position, Observer none
/// at all, Sleepy only zero saliences.
/// South's placeholder tax position is the power × salience weighted mean of the
/// positions taken: North 10 (30 × 50), East 60 (10 × 90) → (30·50·10 + 10·90·60)
/// / (1500 + 900) = 69000/2400 = 28.75. Compromise on the budget (power × salience
/// 24, 12, 4 for North, South, East): (24·20 + 12·90 + 4·50)/40 = 44; on tax
/// (15, 0, 9): (15·10 + 9·60)/24 = 28.75.
#[test]
fn gaps_get_salience_zero_and_actors_without_stakes_are_left_out() {
    let imported = import::table_file(&fixture("budget_gaps.csv"), Default::default()).unwrap();
    let warnings: Vec<String> = imported.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 2);
    assert!(warnings[0].ends_with("budget_gaps.csv:6:1: warning: actor `Observer` (line 6) takes no position, or only with salience 0: left out, since it cannot prefer anything"), "{}", warnings[0]);
    assert!(warnings[1].ends_with("budget_gaps.csv:7:1: warning: actor `Sleepy` (line 7) takes no position, or only with salience 0: left out, since it cannot prefer anything"));
    let scenario = &imported.scenario;
    let ids: Vec<&str> = scenario.actors.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["north", "south", "east"]);
    let south_tax = &scenario.actors[1].stances[1];
    assert_eq!(south_tax.salience.nominal(), 0.0);
    assert_eq!(south_tax.ideal_text(&scenario.issues[1]), "28.75");
    assert_eq!(scenario.actors[0].stances[0].salience.nominal(), 0.8);
    let world = World::nominal(scenario);
    let mut rng = TrialRng::seed_from_u64(1);
    let outcome = model::build(ModelKind::Compromise)
        .solve(&world, &mut rng)
        .outcome
        .unwrap();
    assert!((scenario.issues[0].denormalise(outcome[0]) - 44.0).abs() < 1e-9);
    assert!((scenario.issues[1].denormalise(outcome[1]) - 28.75).abs() < 1e-9);
    assert!(
        imported
            .text
            .contains("Fields after the description on the first line (e.g. counts) were ignored.")
    );
}

// ---- Bad input: file:line:col, what is wrong, how to fix it. ----

const GOOD: &str =
    "T,desc\nActor,Description,Power,X Position,X Salience\nA,,1,10,50\nB,,1,90,50\n";

fn error(text: &str) -> String {
    match table::import("t.csv", text) {
        Ok(_) => panic!("expected an error for {text:?}"),
        Err(err) => err.to_string(),
    }
}

fn assert_starts(text: &str, expected: &str) {
    assert!(
        text.starts_with(expected),
        "expected `{expected}`, got:\n{text}"
    );
    assert!(text.contains("\n  help: "), "no help in:\n{text}");
}

#[test]
fn the_minimal_table_imports() {
    let imported = table::import("t.csv", GOOD).unwrap();
    assert_eq!(imported.scenario.actors.len(), 2);
    let quoted = GOOD.replace("A,,1", "\"A, Inc.\",\"the \"\"first\"\"\",1");
    let imported = table::import("t.csv", &quoted).unwrap();
    assert_eq!(imported.scenario.actors[0].name, "A, Inc.");
    assert_eq!(imported.scenario.actors[0].id, "a_inc");
}

#[test]
fn a_header_not_matching_the_pattern_is_refused() {
    assert_starts(
        &error(&GOOD.replace("Actor,", "Name,")),
        "t.csv:2:1: error: column 1 of the header should be `Actor`, found `Name`",
    );
    assert_starts(
        &error(&GOOD.replace(",Power,", ",Strength,")),
        "t.csv:2:19: error: column 3 of the header should be `Power` (or `Capability`), found `Strength`",
    );
    assert_starts(
        &error(&GOOD.replace("X Salience", "Y Salience")),
        "t.csv:2:36: error: expected `X Salience` after `X Position`, found `Y Salience`",
    );
    assert_starts(
        &error(&GOOD.replace("X Position", "X Stance")),
        "t.csv:2:25: error: expected `<Issue> Position`, found `X Stance`",
    );
    assert_starts(
        &error("T\nActor,Description,Power,X Position\nA,,1,10\nB,,1,20\n"),
        "t.csv:2:35: error: the header has 4 columns and names no issue",
    );
    assert_starts(
        &error("T\nActor,Description,Power,X Position,X Salience,Y Position\n"),
        "t.csv:2:47: error: issue column `Y Position` has no partner",
    );
    let capability = GOOD.replace(",Power,", ",capability,");
    assert!(table::import("t.csv", &capability).is_ok());
}

#[test]
fn wrong_cell_counts_are_refused() {
    assert_starts(
        &error(&GOOD.replace("A,,1,10,50", "A,,1,10")),
        "t.csv:3:8: error: line 3 has 4 cells; the header has 5",
    );
    assert_starts(
        &error(&GOOD.replace("A,,1,10,50", "A,,1,10,50,7")),
        "t.csv:3:12: error: line 3 has 6 cells; the header has 5",
    );
    assert!(
        table::import("t.csv", &GOOD.replace("A,,1,10,50", "A,,1,10,50,,")).is_ok(),
        "trailing empty cells are fine"
    );
}

#[test]
fn non_numbers_and_out_of_range_numbers_are_refused() {
    assert_starts(
        &error(&GOOD.replace("A,,1,10,50", "A,,1,ten,50")),
        "t.csv:3:6: error: `X` position must be a number, found `ten`",
    );
    assert_starts(
        &error(&GOOD.replace("A,,1,10,50", "A,,1,120,50")),
        "t.csv:3:6: error: `X` position must lie in [0, 100], found 120",
    );
    assert_starts(
        &error(&GOOD.replace("A,,1,10,50", "A,,1,10,-5")),
        "t.csv:3:9: error: `X` salience must lie in [0, 100], found -5",
    );
    assert_starts(
        &error(&GOOD.replace("A,,1,10,50", "A,,-1,10,50")),
        "t.csv:3:4: error: power must be >= 0, found -1",
    );
    assert_starts(
        &error(&GOOD.replace("A,,1,10,50", "A,,,10,50")),
        "t.csv:3:4: error: actor `A` has no power",
    );
    assert_starts(
        &error(&GOOD.replace("A,,1,10,50", "A,,1,NaN,50")),
        "t.csv:3:6: error: `X` position must lie in [0, 100], found NaN",
    );
}

#[test]
fn half_empty_stances_are_refused() {
    assert_starts(
        &error(&GOOD.replace("A,,1,10,50", "A,,1,,50")),
        "t.csv:3:6: error: actor `A` has a salience on `X` but no position",
    );
    assert_starts(
        &error(&GOOD.replace("A,,1,10,50", "A,,1,10,")),
        "t.csv:3:9: error: actor `A` has a position on `X` but no salience",
    );
}

#[test]
fn tables_need_a_name_a_header_and_two_actors() {
    assert_starts(&error(""), "t.csv:1:1: error: the file is empty");
    assert_starts(
        &error(",desc\n"),
        "t.csv:1:1: error: the first line must start with the scenario's name",
    );
    assert_starts(
        &error("T,desc\n"),
        "t.csv:2:1: error: the header line is missing",
    );
    assert_starts(
        &error(&GOOD.replace("B,,1,90,50", "B,,1,,")),
        "t.csv:2:1: error: 1 actor(s) with a position and a positive salience; a negotiation needs at least two",
    );
    assert_starts(
        &error(&GOOD.replace("B,,1,90,50", "A,,1,90,50")),
        "t.csv:4:1: error: actor `A` appears twice (also on line 3)",
    );
    assert_starts(
        &error(&GOOD.replace("B,,1,90,50", ",,1,90,50")),
        "t.csv:4:1: error: an actor line needs a name in the Actor column",
    );
    assert_starts(
        &error(&GOOD.replace(",1,", ",0,")),
        "t.csv:2:19: error: every actor has power 0",
    );
}

#[test]
fn files_that_are_not_utf8_are_refused_with_their_place() {
    let path = std::env::temp_dir().join(format!("zopa-import-latin1-{}.csv", std::process::id()));
    std::fs::write(&path, b"T,desc\nActor,Descr\xe9ption,Power\n").unwrap();
    let err = import::table_file(&path, Default::default())
        .unwrap_err()
        .to_string();
    let _ = std::fs::remove_file(&path);
    assert!(
        err.contains(".csv:2:12: error: the file is not UTF-8 text (invalid byte 0xe9)"),
        "{err}"
    );
}

#[test]
fn garbage_never_panics() {
    for text in [
        "\"",
        "\n\n\n",
        ",,,,",
        "a\nb\nc",
        "T\nActor,Description,Power,\"X Position,X Salience\n",
        "T\nActor,Description,Power,X Position,X Salience\n\"A\n",
    ] {
        assert!(table::import("t.csv", text).is_err(), "{text:?}");
    }
}

#[test]
fn hostile_names_become_text_check_accepts_or_are_refused_at_their_cell() {
    // Control characters are taken out, long names give ids within the limit,
    // and what comes out passes check (import::table runs it on its output).
    let long = "Ministry of ".repeat(15);
    let text = GOOD
        .replace("T,desc", "T\u{1b}]0;x\u{7},line\u{0}one\nnext")
        .replace("X Position,X Salience", "X\u{b} Position,X\u{b} Salience")
        .replace("A,,1", &format!("A\u{1b}[2J {long},,1"));
    // The description cell is quoted so that its line break stays in the cell.
    let text = text.replace("line\u{0}one\nnext", "\"line\u{0}one\nnext\"");
    let imported = table::import("t.csv", &text).unwrap_or_else(|err| panic!("{err}"));
    let scenario = &imported.scenario;
    assert_eq!(scenario.name, "T ]0;x");
    assert_eq!(scenario.description, "lineone\nnext");
    assert_eq!(scenario.issues[0].name, "X");
    assert!(scenario.actors[0].name.starts_with("A [2J Ministry of"));
    assert!(
        scenario.actors[0].id.len() <= 64,
        "{}",
        scenario.actors[0].id
    );
    // A name still too long once cleaned is refused where it is.
    let text = GOOD.replace("A,,1", &format!("{},,1", "A".repeat(201)));
    assert_starts(
        &error(&text),
        "t.csv:3:1: error: an actor's name `AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA…` is longer than 200 characters",
    );
}

#[test]
fn measurement_error_makes_positions_and_saliences_triangular_within_the_scale() {
    use zopa::import::table::{TableOptions, import_with};
    let text = "Budget,Shares\nActor,Description,Power,Size Position,Size Salience\nA,,1,95,50\nB,,2,40,100\nC,,1,,\n";
    let options = TableOptions {
        position_error: 10.0,
        salience_error: 20.0,
        ..TableOptions::default()
    };
    let imported = import_with("t.csv", text, options).unwrap_or_else(|e| panic!("{e}"));
    assert!(imported.text.contains("position: Triangular(min: 85.0, mode: 95.0, max: 100.0), salience: Triangular(min: 0.3, mode: 0.5, max: 0.7)"), "{}", imported.text);
    assert!(imported.text.contains("position: Triangular(min: 30.0, mode: 40.0, max: 50.0), salience: Triangular(min: 0.8, mode: 1.0, max: 1.0)"), "{}", imported.text);
    assert!(!zopa::backtest::has_uncertain_inputs(
        &import_with("t.csv", text, TableOptions::default())
            .unwrap()
            .scenario
    ));
    assert!(zopa::backtest::has_uncertain_inputs(&imported.scenario));
    let bad = TableOptions {
        position_error: -1.0,
        ..TableOptions::default()
    };
    let err = import_with("t.csv", text, bad).unwrap_err().to_string();
    assert!(
        err.contains("t.csv:1:1: error: the position error must lie between 0 and 100"),
        "{err}"
    );
}

#[test]
fn a_table_of_more_actors_than_a_scenario_file_holds_is_refused_before_it_is_written() {
    // Each actor takes over 100 bytes of the written scenario, so 25,000
    // cannot fit in the 2 MiB zopa reads; 1.19 million such rows (16.7 MB,
    // within the import limit) took 2.16 GB to find that out from the text.
    let mut text = String::from("T,desc\nActor,Description,Power,X Position,X Salience\n");
    for row in 0..25_000 {
        text.push_str(&format!("{row},,1,{},50\n", row % 101));
    }
    assert_starts(
        &error(&text),
        "t.csv:2:1: error: 25000 actors would make a scenario larger than the 2097152 bytes",
    );
    // 2,000 such rows fit (about 200 bytes each).
    let mut text = String::from("T,desc\nActor,Description,Power,X Position,X Salience\n");
    for row in 0..2_000 {
        text.push_str(&format!("{row},,1,{},50\n", row % 101));
    }
    assert_eq!(
        table::import("t.csv", &text).unwrap().scenario.actors.len(),
        2_000
    );
}
