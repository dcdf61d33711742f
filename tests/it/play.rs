//! `zopa play`: whole games with known answers, driven by a moves file, by
//! standard input and through a pseudo-terminal; the agents checked to play
//! exactly as the model does in `zopa run`; the concession chart and
//! `negotiation.json` it writes, also from `zopa explain --chart`.

use crate::common::{fresh_dir, svg_texts, zopa};
use std::path::{Path, PathBuf};
use zopa::model::alternating::{
    AlternatingOffers, Behaviour, Observer, Proposer, Reply, RoundEvent, Turn, accepts,
};
use zopa::report::negotiation::{Ending, NegotiationFile};
use zopa::world::{Party, World};
use zopa::{Model, trial_rng};

/// A scenario file written for a test.
fn scenario_file(name: &str, text: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("play-scenarios");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// One unit split between A (share x) and B (1 − x), reservations 0,
/// patience `delta`, played with `model`.
fn pie(name: &str, delta: f64, model: &str) -> PathBuf {
    scenario_file(
        name,
        &format!(
            r#"Scenario(
                name: "Pie", description: "One unit to split.",
                issues: [Issue(id: "x", name: "Share to A", min: 0.0, max: 1.0)],
                actors: [
                    Actor(id: "a", name: "A", power: 1.0, reservation: 0.0, patience: {delta},
                          stances: {{"x": (position: 1.0, salience: 1.0)}}),
                    Actor(id: "b", name: "B", power: 1.0, reservation: 0.0, patience: {delta},
                          stances: {{"x": (position: 0.0, salience: 1.0)}}),
                ],
                model: {model},
                trials: 1, seed: 1,
            )"#
        ),
    )
}

/// A moves file.
fn moves_file(name: &str, lines: &[&str]) -> PathBuf {
    scenario_file(name, &(lines.join("\n") + "\n"))
}

/// Plays `scenario` as `actor` with `args` and the moves in `moves`;
/// returns stdout, stderr and the folder written.
fn play(
    scenario: &Path,
    actor: &str,
    args: &[&str],
    moves: &Path,
    out: &str,
) -> (String, String, PathBuf) {
    let dir = fresh_dir("play", out);
    let output = zopa()
        .arg("play")
        .arg(scenario)
        .args(["--as", actor])
        .args(args)
        .arg("--moves")
        .arg(moves)
        .arg("--out")
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{stdout}\n{stderr}");
    (stdout, stderr, dir)
}

fn negotiation(dir: &Path) -> NegotiationFile {
    NegotiationFile::parse(&std::fs::read_to_string(dir.join("negotiation.json")).unwrap()).unwrap()
}

/// The student's utility at the end: the agreed round's, or the reservation.
fn student_utility(file: &NegotiationFile) -> f64 {
    match file.agreement() {
        Some(round) => round.utilities.unwrap().0,
        None => file.reservations().0,
    }
}

#[test]
fn accepting_the_first_offer_gets_the_rubinstein_share() {
    // Equilibrium with a deadline of T rounds, A first, no breakdown, one
    // pie, patience δ: A offers x_T = (1 − (−δ)^T)/(1 + δ) in round 1 and B,
    // accepting, gets 1 − x_T (Rubinstein; docs/theory.md).
    let delta: f64 = 0.9;
    for deadline in [7u32, 8] {
        let scenario = pie(
            &format!("rubinstein_{deadline}.ron"),
            delta,
            "AlternatingOffers(behaviour: Equilibrium)",
        );
        let moves = moves_file("accept.txt", &["accept"]);
        let (stdout, _, dir) = play(
            &scenario,
            "b",
            &["--rounds", &deadline.to_string()],
            &moves,
            &format!("rubinstein_{deadline}"),
        );
        let x = (1.0 - (-delta).powi(deadline as i32)) / (1.0 + delta);
        let file = negotiation(&dir);
        assert_eq!(file.ending, Ending::Agreement);
        assert_eq!(file.last_round, 1);
        let got = student_utility(&file);
        assert!(
            (got - (1.0 - x)).abs() < 1e-8,
            "T = {deadline}: {got} against {}",
            1.0 - x
        );
        // The equilibrium the verdict compares with is this same deal.
        assert!(
            stdout.contains(&format!("You got {:.3}: the same as", 1.0 - x)),
            "{stdout}"
        );
        assert!(
            stdout.contains("Your deal lies on the Pareto frontier"),
            "{stdout}"
        );
    }
}

#[test]
fn a_time_dependent_agent_concedes_on_its_schedule() {
    // A concedes with e = 0.5 towards the deadline T = 9: at τ = (t − 1)/8
    // its target is 1 − τ², and its offer gives B exactly 1 − target = τ².
    // A proposes in odd rounds. B, rejecting rounds 1 and 3 and offering
    // A nothing in its own rounds, accepts in round 5: τ = 1/2, B gets 1/4.
    let scenario = pie("conceder.ron", 1.0, "AlternatingOffers(max_rounds: 9)");
    let moves = moves_file(
        "wait_for_round_5.txt",
        &["reject", "offer x=0", "reject", "offer x=0", "accept"],
    );
    let (_, _, dir) = play(&scenario, "b", &["--against", "e=0.5"], &moves, "td_accept");
    let file = negotiation(&dir);
    assert_eq!(file.last_round, 5);
    assert!((student_utility(&file) - 0.25).abs() < 1e-9);
    // Round 1: A's target is its ideal; round 3: τ = 1/4, B is offered 1/16.
    let offered: Vec<f64> = file
        .rounds
        .iter()
        .filter(|r| r.proposer == "a")
        .map(|r| r.utilities.unwrap().0)
        .collect();
    assert_eq!(offered.len(), 3);
    assert!(
        offered[0].abs() < 1e-9 && (offered[1] - 0.0625).abs() < 1e-9,
        "{offered:?}"
    );
    // What A needed in round 6 is its target there, 1 − (5/8)²: an offer of
    // 0.61 to A is accepted, one of 0.6 is not.
    let target = 1.0 - (5.0f64 / 8.0).powi(2);
    for (share, deal) in [(0.61, true), (0.6, false)] {
        let offer = format!("offer x={share}");
        let moves = moves_file(
            "offer_in_round_6.txt",
            &[
                "reject",
                "offer x=0",
                "reject",
                "offer x=0",
                "reject",
                &offer,
                "quit",
            ],
        );
        let (stdout, _, dir) = play(&scenario, "b", &["--against", "e=0.5"], &moves, "td_offer");
        let file = negotiation(&dir);
        let round_6 = &file.rounds[5];
        assert_eq!(round_6.proposer, "b");
        assert!((round_6.needs.1.unwrap() - target).abs() < 1e-9);
        assert_eq!(round_6.accepted, deal, "{share}: {stdout}");
        if deal {
            assert!((student_utility(&file) - (1.0 - share)).abs() < 1e-9);
            assert!(stdout.contains("A accepts."), "{stdout}");
        } else {
            assert_eq!(file.ending, Ending::Left, "quit in round 7");
            assert!(stdout.contains("A rejects."), "{stdout}");
            assert!(
                stdout.contains("You left the table in round 7: no deal"),
                "{stdout}"
            );
        }
    }
}

#[test]
fn the_deadline_passes_without_a_deal_and_leaves_the_reservation() {
    // B asks for everything and rejects every offer: after round 4 the
    // deadline passes, and B keeps its reservation, 0.1.
    let moves = moves_file(
        "hold_out.txt",
        &["reject", "offer share_a=0", "reject", "offer share_a=0"],
    );
    let (stdout, _, dir) = play(
        Path::new("scenarios/classroom/divide_the_dollar.ron"),
        "b",
        &["--rounds", "4"],
        &moves,
        "deadline",
    );
    let file = negotiation(&dir);
    assert_eq!(file.ending, Ending::Deadline);
    assert_eq!(file.last_round, 4);
    assert!((student_utility(&file) - 0.1).abs() < 1e-12);
    assert!(
        stdout.contains("The deadline passed after round 4: no deal"),
        "{stdout}"
    );
    assert!(stdout.contains("Your result (no deal)"), "{stdout}");
    // Equilibrium play would have given B 0.8 here (even deadline: B proposes last).
    assert!(
        stdout.contains("0.700 less than what the agents' equilibrium"),
        "{stdout}"
    );
}

#[test]
fn invalid_moves_are_explained_and_asked_again() {
    let scenario = Path::new("scenarios/classroom/mixed_issues.ron");
    let clean = moves_file(
        "clean.txt",
        &[
            "offer price=110 delivery=\"2 weeks\"",
            "reject",
            "offer price=140",
            "accept",
        ],
    );
    let noisy = moves_file(
        "noisy.txt",
        &[
            "# the buyer opens",
            "accept",
            "offer price=110",
            "offer price=110 delivery=\"2 weeks\"",
            "",
            "acept",
            "offer price=300",
            "offer price=abc",
            "offer colour=red",
            "offer delivery=\"1 week\"",
            "offer delivery=4weeks",
            "offer price=120 price=130",
            "offer price=\"130",
            "offer",
            "help",
            "reject",
            "offer price=140   # a concession",
            "accept",
        ],
    );
    let args = ["--against", "boulware", "--rounds", "10"];
    let (_, _, clean_dir) = play(scenario, "buyer", &args, &clean, "clean");
    let (stdout, _, noisy_dir) = play(scenario, "buyer", &args, &noisy, "noisy");
    let expected = [
        "noisy.txt:2: error: it is your turn to propose: there is no offer to accept",
        "noisy.txt:3: error: your first offer needs a value for every issue; missing: delivery",
        "noisy.txt:6: error: unknown move `acept`\n  help: did you mean `accept`?",
        "noisy.txt:7: error: price = 300 is outside its range, 100 to 200 EUR",
        "noisy.txt:8: error: price = `abc` is not a number",
        "noisy.txt:9: error: there is no issue `colour`\n  help: issues: price, delivery",
        "noisy.txt:10: error: delivery = 1 week crosses Seller's red line (delivery one of \"2 weeks\", \"4 weeks\")",
        "noisy.txt:11: error: delivery has no option `4weeks`\n  help: did you mean `4 weeks`?",
        "noisy.txt:12: error: `price` is given twice",
        "noisy.txt:13: error: the value of `price` opens a quote it never closes",
        "noisy.txt:14: error: an offer names at least one issue",
        "The others' red lines (they refuse any deal beyond them):\n  Seller: delivery one of",
    ];
    for text in expected {
        assert!(stdout.contains(text), "missing {text:?} in\n{stdout}");
    }
    // Every error is followed by the prompt again, and the game is the
    // clean script's game.
    assert_eq!(stdout.matches("error:").count(), 11, "{stdout}");
    assert_eq!(negotiation(&noisy_dir), negotiation(&clean_dir));
    // moves.txt holds the moves that took effect, and replays the game.
    let recorded = std::fs::read_to_string(noisy_dir.join("moves.txt")).unwrap();
    assert!(recorded.starts_with("# zopa play scenarios/classroom/mixed_issues.ron --as buyer --against e=0.2 --rounds 10 --seed 1"), "{recorded}");
    assert_eq!(
        recorded.lines().filter(|l| !l.starts_with('#')).count(),
        4,
        "{recorded}"
    );
    let replay = moves_file("replay.txt", &[&recorded]);
    let (_, _, replay_dir) = play(scenario, "buyer", &args, &replay, "replay");
    assert_eq!(negotiation(&replay_dir), negotiation(&clean_dir));
}

#[test]
fn an_offer_beyond_the_students_own_red_line_cannot_be_made_or_accepted() {
    // The seller plays; its red line refuses "1 week".
    let moves = moves_file(
        "seller.txt",
        &[
            "offer price=150 delivery=\"1 week\"",
            "offer price=190 delivery=\"4 weeks\"",
            "quit",
        ],
    );
    let (stdout, _, dir) = play(
        Path::new("scenarios/classroom/mixed_issues.ron"),
        "seller",
        &["--rounds", "6"],
        &moves,
        "own_red_line",
    );
    assert!(
        stdout.contains("error: delivery = 1 week crosses your red line (delivery one of \"2 weeks\", \"4 weeks\")"),
        "{stdout}"
    );
    assert_eq!(negotiation(&dir).ending, Ending::Left);
}

/// Time-dependent agents on a big scenario are quick, but the verdict's
/// yardstick, the agents' equilibrium play under the same protocol, is not:
/// refused before the game, saying why (a campaign case: 50 actors, 27,000
/// combinations, 10,000 rounds ran 40 s past the student's last move).
#[test]
fn a_game_whose_equilibrium_yardstick_is_too_slow_is_refused_before_it_starts() {
    let issues: Vec<String> = (0..4)
        .map(|d| format!(r#"Issue(id: "c{d}", name: "C{d}", min: 0.0, max: 1.0)"#))
        .chain((0..3).map(|d| {
            let options: Vec<String> = (0..20).map(|k| format!(r#""o{k}""#)).collect();
            format!(
                r#"Issue(id: "d{d}", name: "D{d}", options: [{}])"#,
                options.join(", ")
            )
        }))
        .collect();
    let actors: Vec<String> = (0..4)
        .map(|j| {
            let stances: Vec<String> = (0..4)
                .map(|d| format!(r#""c{d}": (position: 0.{}, salience: 1.0)"#, (j + d) % 10))
                .chain(
                    (0..3).map(|d| format!(r#""d{d}": (position: "o{}", salience: 1.0)"#, j + d)),
                )
                .collect();
            format!(
                r#"Actor(id: "a{j}", name: "A{j}", power: 1.0, reservation: 0.3, veto: {},
                         stances: {{{}}})"#,
                j == 0,
                stances.join(", ")
            )
        })
        .collect();
    let scenario = scenario_file(
        "big_yardstick.ron",
        &format!(
            r#"Scenario(name: "Big", issues: [{}], actors: [{}],
                 model: AlternatingOffers(behaviour: TimeDependent(e: 1.0), max_rounds: 10000),
                 trials: 1, seed: 1)"#,
            issues.join(", "),
            actors.join(", ")
        ),
    );
    let dir = fresh_dir("play", "big_yardstick");
    let moves = moves_file("big_yardstick.txt", &["quit"]);
    let output = zopa()
        .arg("play")
        .arg(&scenario)
        .args(["--as", "a0", "--moves"])
        .arg(&moves)
        .arg("--out")
        .arg(&dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("the verdict compares your game with the agents' equilibrium play")
            && stderr.contains("--allow-slow"),
        "{stderr}"
    );
    assert!(!dir.exists(), "nothing is written");
    // The same game is quick under `zopa run`'s own check.
    let check = zopa().arg("check").arg(&scenario).output().unwrap();
    assert!(check.status.success(), "{check:?}");
}

#[test]
fn moves_that_run_out_are_an_error_and_nothing_is_written() {
    let dir = fresh_dir("play", "ran_out");
    let moves = moves_file("short.txt", &["reject"]);
    let output = zopa()
        .args([
            "play",
            "scenarios/classroom/divide_the_dollar.ron",
            "--as",
            "b",
        ])
        .arg("--moves")
        .arg(&moves)
        .arg("--out")
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("error: the moves ended in round 2, before the game did"),
        "{stderr}"
    );
    assert!(!dir.exists(), "nothing is written");
}

#[test]
fn standard_input_is_held_to_the_size_of_a_moves_file() {
    // An endless pipe of comments, blank lines or refused moves once kept
    // the game asking forever: past 1 MiB it ends, nothing written, even
    // though a valid move follows.
    let dir = fresh_dir("play", "stdin_flood");
    let mut flood = "# thinking\n\n".repeat(90_000);
    flood.push_str("offer share_a=0.9\naccept\n");
    let output = play_dollar_from_stdin(&dir, flood);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("pass the 1 MiB a script of moves may hold"),
        "{stderr}"
    );
    assert!(!dir.exists(), "nothing is written");
}

#[test]
fn standard_input_drives_a_game_when_it_is_not_a_terminal() {
    let dir = fresh_dir("play", "stdin");
    let output = play_dollar_from_stdin(&dir, "offer share_a=0.9\naccept\n".into());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "{stdout}");
    // The moves are echoed after the prompts, so the transcript reads whole.
    assert!(
        stdout.contains("Round 1 · your offer> offer share_a=0.9\n"),
        "{stdout}"
    );
    assert!(stdout.contains("Round 2 · your move> accept\n"), "{stdout}");
    // B (Conceder, e = 2) rejects 0.9 in round 1 (its target is its ideal)
    // and offers A 1 − target in round 2: τ = 1/4, target 0.1 + 0.9·(1 − √τ)
    // = 0.55, so A gets 0.45.
    let file = negotiation(&dir);
    assert_eq!(file.last_round, 2);
    assert!((student_utility(&file) - 0.45).abs() < 1e-9, "{file:?}");
}

#[test]
fn a_game_in_a_pseudo_terminal() {
    // `script` (util-linux) runs zopa on a pseudo-terminal: standard input
    // is a terminal, so zopa does not echo the moves (the terminal does) and
    // the end of input (Ctrl-D) leaves the table instead of failing.
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: `script` (util-linux) is not installed");
        return;
    }
    let dir = fresh_dir("play", "pty");
    let command = format!(
        "{} play scenarios/classroom/divide_the_dollar.ron --as b --rounds 4 --out {}",
        env!("CARGO_BIN_EXE_zopa"),
        dir.display()
    );
    let output = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(b"reject\noffer share_a=0.1\nreject\n")?;
            child.wait_with_output()
        })
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).replace('\r', "");
    assert!(output.status.success(), "{stdout}");
    // A (equilibrium, patience 1) rejects 0.1 in round 2: it needs what it
    // gets from proposing in round 3, its reservation 0.2. B then rejects
    // round 3's offer and input ends in round 4: B leaves.
    assert!(stdout.contains("Player A rejects."), "{stdout}");
    assert!(
        stdout.contains("(End of input: you leave the table.)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("You left the table in round 4: no deal"),
        "{stdout}"
    );
    // The terminal echoes each line once, when `script` writes it: before or
    // after zopa's prompt, as the two processes happen to run (a loaded
    // machine printed `your move> reject`). Echoed by zopa too, each move
    // would show twice.
    assert_eq!(
        stdout.matches("reject\n").count(),
        2,
        "only the terminal echoes the moves: {stdout}"
    );
    assert_eq!(stdout.matches("offer share_a=0.1\n").count(), 1, "{stdout}");
    let file = negotiation(&dir);
    assert_eq!(file.ending, Ending::Left);
    assert_eq!(file.rounds.len(), 4);
}

#[test]
fn who_and_whom_are_checked() {
    let run = |args: &[&str]| {
        let output = zopa()
            .args(["play", "scenarios/classroom/mixed_issues.ron"])
            .args(args)
            .write_stdin("")
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8(output.stderr).unwrap(),
        )
    };
    let (code, stderr) = run(&["--as", "buyr"]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("`buyr` is not an actor of Mixed issues"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `buyer`?"), "{stderr}");
    let (code, stderr) = run(&["--as", "buyer", "--against", "stubborn"]);
    assert_eq!(code, Some(2), "a usage error, as clap reports it");
    assert!(stderr.contains("unknown opponent `stubborn`"), "{stderr}");
    let (code, stderr) = run(&["--as", "buyer", "--against", "e=-1"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("must be a number above 0"), "{stderr}");
    // A mediator's answers would not count.
    let flagship = run(&[]);
    assert_eq!(flagship.0, Some(2), "--as is required");
    let output = zopa()
        .args([
            "play",
            "scenarios/ukraine_2026.ron",
            "--as",
            "united_states",
        ])
        .write_stdin("")
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("united_states has no veto"), "{stderr}");
    assert!(
        stderr.contains("play one of the veto actors: ukraine, russia"),
        "{stderr}"
    );
}

/// A seat that plays exactly as its agent would: it tables the agent's
/// offer and answers by the agent's rule.
struct Mimic {
    seat: usize,
    party: Party,
    asked: usize,
}

impl Observer for Mimic {
    fn round(&mut self, _: &RoundEvent) {}

    fn seat(&self) -> Option<usize> {
        Some(self.seat)
    }

    fn propose(&mut self, _: u32, agents: Option<&[f64]>) -> Turn {
        self.asked += 1;
        agents.map_or(Turn::Pass, |offer| Turn::Offer(offer.to_vec()))
    }

    fn respond(&mut self, _: u32, _: usize, offer: &[f64], needs: f64) -> Reply {
        self.asked += 1;
        if accepts(&self.party, offer, needs) {
            Reply::Accept
        } else {
            Reply::Reject
        }
    }
}

#[test]
fn the_agents_play_exactly_as_the_model_does() {
    // Through the seat the student takes, a seat that plays like its agent
    // must give the very negotiation `zopa run` plays: the other agents'
    // offers, answers and random draws are untouched by who sits there.
    let flagship = zopa::scenario::load("scenarios/ukraine_2026.ron".as_ref()).unwrap();
    let mut asked = 0;
    for behaviour in [
        Behaviour::Equilibrium,
        Behaviour::TimeDependent { e: 0.2 },
        Behaviour::Faratin { e: 0.5 },
    ] {
        for proposer in [Proposer::Rotating, Proposer::Random] {
            let protocol = AlternatingOffers {
                proposer,
                behaviour,
                breakdown: 0.02,
                max_rounds: 30,
                first: 1,
            };
            for trial in 0..6 {
                let mut rng = trial_rng(9, trial);
                let world = World::sample(&flagship, &mut rng);
                let model = protocol.solve(&world, &mut rng.clone());
                for seat in world.veto_actors() {
                    let mut mimic = Mimic {
                        seat,
                        party: world.actors[seat].clone(),
                        asked: 0,
                    };
                    let seated = protocol.solve_with(&world, &mut rng.clone(), &mut mimic);
                    assert_eq!(
                        seated, model,
                        "{behaviour:?}, {proposer:?}, trial {trial}, seat {seat}"
                    );
                    asked += mimic.asked;
                }
            }
        }
    }
    assert!(asked > 100, "the seat was asked {asked} times");
}

#[test]
fn the_concession_chart_shows_every_proposer_and_the_deal() {
    let moves = moves_file(
        "chart.txt",
        &[
            "offer price=110 delivery=\"2 weeks\"",
            "reject",
            "offer price=140",
            "accept",
        ],
    );
    let (_, stderr, dir) = play(
        Path::new("scenarios/classroom/mixed_issues.ron"),
        "buyer",
        &["--against", "boulware", "--rounds", "10"],
        &moves,
        "chart",
    );
    assert!(
        stderr.contains("Wrote concession.svg, concession.png, negotiation.json and moves.txt")
    );
    let svg = std::fs::read_to_string(dir.join("concession.svg")).unwrap();
    let texts = svg_texts(&svg);
    for wanted in [
        "Concessions: Buyer and Seller",
        "offer by Buyer (you)",
        "offer by Seller",
        "Pareto frontier",
        "Nash",
        "Kalai–Smorodinsky",
        "the agents' equilibrium",
        "deal, round 4",
        "Your utility (Buyer)",
        "Seller's utility",
        "what Seller needs to accept (dotted)",
        "r1",
        "r4",
    ] {
        assert!(
            texts.iter().any(|t| t.contains(wanted)),
            "no `{wanted}` in {texts:?}"
        );
    }
    let png = std::fs::read(dir.join("concession.png")).unwrap();
    let image = resvg::tiny_skia::Pixmap::decode_png(&png).expect("PNG decodes");
    let (w, h) = zopa::report::charts::concession::size();
    assert_eq!((image.width(), image.height()), (2 * w, 2 * h));
    // `zopa plot` redraws it from negotiation.json alone, byte for byte.
    let before = std::fs::read(dir.join("concession.svg")).unwrap();
    let output = zopa()
        .arg("plot")
        .arg(dir.join("negotiation.json"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(std::fs::read(dir.join("concession.svg")).unwrap(), before);
    assert!(dir.join("moves.txt").is_file(), "the set keeps its moves");

    // A frontier marked as left out has no points; without any, the legend
    // says why there is none.
    let path = dir.join("negotiation.json");
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert!(
        json.get("frontier_left_out").is_none(),
        "written only when true"
    );
    json["frontier_left_out"] = serde_json::json!(true);
    std::fs::write(&path, serde_json::to_string(&json).unwrap()).unwrap();
    let output = zopa().arg("plot").arg(&path).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success() && stderr.contains("a frontier left out has none"),
        "{stderr}"
    );
    for (left_out, legend) in [
        (true, "Pareto frontier left out: too costly to compute"),
        (false, "no Pareto frontier: no deal the veto actors allow"),
    ] {
        json["frontier_left_out"] = serde_json::json!(left_out);
        json["frontier"] = serde_json::json!([]);
        std::fs::write(&path, serde_json::to_string(&json).unwrap()).unwrap();
        let output = zopa().arg("plot").arg(&path).output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let svg = std::fs::read_to_string(dir.join("concession.svg")).unwrap();
        assert!(
            svg_texts(&svg).iter().any(|t| t.contains(legend)),
            "no `{legend}`"
        );
    }
}

#[test]
fn explain_draws_the_concession_chart_of_the_narrated_negotiation() {
    let scenario = pie(
        "explained.ron",
        1.0,
        "AlternatingOffers(behaviour: TimeDependent(e: 1.0), max_rounds: 6)",
    );
    let dir = fresh_dir("play", "explain_chart");
    let output = zopa()
        .arg("explain")
        .arg(&scenario)
        .arg("--chart")
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "{stdout}");
    let file = negotiation(&dir);
    // Linear concession (e = 1) over 6 rounds: targets 1, 0.8, 0.6, 0.4, ...
    // A's offer in round 3 leaves B 0.4 against B's target 0.6; B's in
    // round 4 leaves A 0.6 against A's 0.4: agreement, as the narration says.
    // The narration's concession table: one row per round played.
    let said = stdout
        .lines()
        .filter(|line| {
            let cells: Vec<&str> = line.split_whitespace().collect();
            cells.first().is_some_and(|c| c.parse::<u32>().is_ok())
                && cells
                    .last()
                    .is_some_and(|c| *c == "accepted" || *c == "rejected")
        })
        .count();
    assert_eq!(file.rounds.len(), said, "{stdout}");
    assert_eq!(file.last_round, 4);
    assert!(stdout.contains("Agreement in round 4"), "{stdout}");
    assert!((file.agreement().unwrap().utilities.unwrap().0 - 0.6).abs() < 1e-9);
    assert!(
        file.rounds
            .iter()
            .all(|r| r.needs.0.is_some() && r.needs.1.is_some())
    );
    assert!(file.actors.iter().all(|a| !a.human));
    assert!(dir.join("concession.png").is_file() && !dir.join("moves.txt").exists());
    // Only alternating offers has concessions to draw.
    let output = zopa()
        .args([
            "explain",
            "scenarios/classroom/divide_the_dollar.ron",
            "--chart",
        ])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("add --model alternating-offers"));
}

#[test]
fn a_game_that_cannot_be_written_prints_its_moves_to_replay() {
    // Another writer holds the folder (flock, as zopa's own lock) when the
    // game ends: nothing is written, and the moves come with the error.
    let dir = fresh_dir("play", "held");
    std::fs::create_dir_all(&dir).unwrap();
    let marker = dir.join(".held");
    let Ok(mut holder) = std::process::Command::new("flock")
        .arg(&dir)
        .args(["-c", &format!("touch {}; sleep 20", marker.display())])
        .spawn()
    else {
        eprintln!("skipped: `flock` (util-linux) is not installed");
        return;
    };
    let started = std::time::Instant::now();
    while !marker.exists() && started.elapsed().as_secs() < 10 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let output = zopa()
        .args([
            "play",
            "scenarios/classroom/divide_the_dollar.ron",
            "--as",
            "b",
            "--out",
        ])
        .arg(&dir)
        .write_stdin("accept\n")
        .output()
        .unwrap();
    let _ = holder.kill();
    let _ = holder.wait();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("another zopa command is writing into"),
        "{stderr}"
    );
    assert!(stderr.contains("help: the game is not lost"), "{stderr}");
    assert!(
        stderr.contains("--as b --against equilibrium --rounds 100 --seed 1"),
        "{stderr}"
    );
    assert!(stderr.contains("\naccept "), "{stderr}");
    assert!(!dir.join("negotiation.json").exists());
}

/// `zopa play` of divide the dollar as `a` against a conceder for 5 rounds,
/// the moves read from standard input, the record written to `dir`.
fn play_dollar_from_stdin(dir: &std::path::Path, moves: String) -> std::process::Output {
    zopa()
        .args([
            "play",
            "scenarios/classroom/divide_the_dollar.ron",
            "--as",
            "a",
        ])
        .args(["--against", "conceder", "--rounds", "5", "--out"])
        .arg(dir)
        .write_stdin(moves)
        .output()
        .unwrap()
}
