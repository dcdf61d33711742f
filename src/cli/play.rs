//! `zopa play FILE --as ACTOR [--against BEHAVIOUR] [--rounds N] [--seed S]
//! [--moves FILE] [--out DIR]`: a negotiation against zopa's agents in the
//! terminal (the game is `zopa::play`).
//!
//! Moves come from the terminal, or, so that games can be scripted and
//! tested, from `--moves FILE` or standard input when it is not a terminal;
//! a script's moves are echoed after each prompt, so the transcript reads as
//! the game did. The output folder is checked before the game (a student
//! never plays to be refused at the end) but written only after it: the
//! concession chart, `negotiation.json` and `moves.txt` (a script that
//! replays the game) are switched in whole, as every result set is. A game
//! stopped with Ctrl-C writes nothing.

use super::error::CliError;
use super::output::{Folder, OutputFolder, ResultSet, refuse_foreign};
use super::session::{admit, refused, slow_allowed};
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use zopa::ModelKind;
use zopa::cost::{Cost, Refusal};
use zopa::model::Behaviour;
use zopa::play::moves::strip_comment;
use zopa::play::{AGAINST_HELP, Console, PlayError, Setup, parse_against, play};
use zopa::report::charts::registry::ConcessionChart;
use zopa::report::charts::{self, Format};
use zopa::report::negotiation::NegotiationFile;
use zopa::scenario;

/// The arguments of `zopa play`.
#[derive(Debug, clap::Args)]
pub struct PlayArgs {
    /// Scenario file (RON).
    file: PathBuf,
    /// The actor you play (its id; a veto actor).
    #[arg(long = "as", value_name = "ACTOR")]
    actor: String,
    /// The other actors' agents: equilibrium, boulware, linear, conceder,
    /// e=NUMBER, or faratin:<any of these but equilibrium>; default: the
    /// scenario's own (equilibrium if its model is not alternating offers).
    #[arg(long, value_name = "BEHAVIOUR", value_parser = against)]
    against: Option<Behaviour>,
    /// The deadline in rounds; default: the scenario's (100 if its model is
    /// not alternating offers).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    rounds: Option<u32>,
    /// Seed of the protocol's draws (random proposers, breakdown); default:
    /// the scenario's `seed`.
    #[arg(long)]
    seed: Option<u64>,
    /// Read the moves from FILE, one a line (`accept`, `reject`,
    /// `offer ISSUE=VALUE ...`, `quit`; `#` comments); default: the terminal,
    /// or standard input when it is not one.
    #[arg(long, value_name = "FILE")]
    moves: Option<PathBuf>,
    /// Where to write the concession chart, negotiation.json and moves.txt;
    /// default: output/<scenario file name>-play/.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

fn against(text: &str) -> Result<Behaviour, String> {
    parse_against(text).map_err(|err| format!("{err}\n  ({AGAINST_HELP})"))
}

/// The most a script of moves (a file or standard input) or a line of
/// input may hold.
const MAX_MOVES_BYTES: usize = 1024 * 1024;
const MAX_LINE_BYTES: u64 = 10_000;

pub fn run(args: PlayArgs) -> Result<(), CliError> {
    let scenario = scenario::load(&args.file)?;
    let setup = Setup::new(&scenario, &args.actor, args.against, args.rounds, args.seed)?;
    admit(
        &scenario,
        &args.file,
        &[ModelKind::AlternatingOffers(setup.protocol)],
    )?;
    // The verdict sets the game beside the agents' equilibrium play under the
    // same protocol, which may cost far more than the game itself.
    let reference = ModelKind::AlternatingOffers(zopa::model::AlternatingOffers {
        behaviour: Behaviour::Equilibrium,
        ..setup.protocol
    });
    if let Some(refusal) = Cost::of(&scenario, reference).refusal(slow_allowed()) {
        let refusal = Refusal {
            message: format!(
                "the verdict compares your game with the agents' equilibrium play, and {}",
                refusal.message
            ),
            help: refusal.help,
        };
        return Err(refused(&scenario, &args.file, reference, refusal).into());
    }
    let dir = args.out.clone().unwrap_or_else(|| {
        let stem = args
            .file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("scenario");
        Path::new("output").join(format!("{stem}-play"))
    });
    refuse_foreign(&dir, Folder::Results)?;
    let mut script = match &args.moves {
        Some(path) => Some(Script::from_file(path)?),
        None if std::io::stdin().is_terminal() => None,
        None => Some(Script::stdin()),
    };
    let played = match script.as_mut() {
        Some(script) => play(&setup, script),
        None => play(&setup, &mut Terminal),
    };
    let game = match played {
        Ok(game) => game,
        Err(PlayError::Closed) => return Err(CliError::PipeClosed),
        Err(PlayError::Input(message)) => {
            return Err(CliError::Input(format!("error: {message}")));
        }
    };
    if let Some(unused) = script.as_mut().and_then(Script::unused) {
        eprintln!("{unused}");
    }
    let mut moves = format!(
        "# zopa play {} --as {} --against {} --rounds {} --seed {} --moves moves.txt\n",
        args.file.display().to_string().replace(['\n', '\r'], " "),
        args.actor,
        zopa::play::against::name(setup.protocol.behaviour),
        setup.deadline(),
        setup.seed
    );
    for line in &game.moves {
        moves.push_str(line);
        moves.push('\n');
    }
    let written = write(&dir, &game.file, &moves);
    match written {
        Ok(()) => {
            eprintln!(
                "\nWrote concession.svg, concession.png, negotiation.json and moves.txt to {}",
                dir.display()
            );
            Ok(())
        }
        // A game is not lost to a folder that could not be written: its
        // moves replay it anywhere else.
        Err(CliError::Input(message)) => Err(CliError::Input(format!(
            "{message}\n  help: the game is not lost: save these moves in a file and replay \
             them with --moves FILE --out ANOTHER_FOLDER\n{moves}"
        ))),
        Err(other) => Err(other),
    }
}

/// Writes the game's files into `dir` as one result set.
fn write(dir: &Path, file: &NegotiationFile, moves: &str) -> Result<(), CliError> {
    let files = charts::files(&ConcessionChart, file, &[Format::Svg, Format::Png])?;
    let output = OutputFolder::open(dir, Folder::Results)?;
    let mut staged = output.stage(ResultSet::Negotiation)?;
    staged.write_files(&files)?;
    staged.write("negotiation.json", file.to_json().as_bytes())?;
    staged.write("moves.txt", moves.as_bytes())?;
    staged.commit()
}

/// Writes to standard output; a closed pipe ends the game quietly.
fn say(text: &str) -> Result<(), PlayError> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|err| match err.kind() {
            std::io::ErrorKind::BrokenPipe => PlayError::Closed,
            _ => PlayError::Input(format!("cannot write to standard output: {err}")),
        })
}

/// Reads one line of at most [`MAX_LINE_BYTES`]; `None` at the end.
fn read_line(input: impl BufRead, origin: &str) -> Result<Option<String>, PlayError> {
    let mut bytes = Vec::new();
    input
        .take(MAX_LINE_BYTES + 1)
        .read_until(b'\n', &mut bytes)
        .map_err(|err| PlayError::Input(format!("{origin}: cannot read: {err}")))?;
    if bytes.is_empty() {
        return Ok(None);
    }
    if bytes.len() as u64 > MAX_LINE_BYTES {
        return Err(PlayError::Input(format!(
            "{origin}: a line longer than {MAX_LINE_BYTES} bytes\n  help: one move a line"
        )));
    }
    String::from_utf8(bytes)
        .map(|line| Some(line.trim_end_matches(['\n', '\r']).to_string()))
        .map_err(|_| PlayError::Input(format!("{origin}: not UTF-8 text")))
}

/// The terminal: the student types after each prompt; end of input (Ctrl-D)
/// leaves the table.
struct Terminal;

impl Console for Terminal {
    fn show(&mut self, text: &str) -> Result<(), PlayError> {
        say(text)
    }

    fn ask(&mut self, prompt: &str) -> Result<Option<String>, PlayError> {
        say(prompt)?;
        read_line(std::io::stdin().lock(), "standard input")
    }

    fn origin(&self) -> Option<String> {
        None
    }
}

/// Moves from a file or a pipe, echoed after each prompt; blank lines and
/// comments are skipped.
struct Script {
    /// The file's name, or "stdin".
    name: String,
    /// A file's lines, read whole before the game; `None`: standard input,
    /// read as the game goes.
    lines: Option<std::vec::IntoIter<String>>,
    /// The line last read (1-based).
    line: usize,
    /// Bytes read from standard input so far: a pipe's script is held to
    /// [`MAX_MOVES_BYTES`] as a file is, so an endless stream of blank lines,
    /// comments or refused moves ends the game instead of looping forever.
    read: usize,
}

impl Script {
    fn from_file(path: &Path) -> Result<Script, CliError> {
        let name = path.display().to_string();
        let bytes = scenario::read_bounded(path, MAX_MOVES_BYTES).map_err(|problem| {
            format!(
                "{name}: {}\n  help: name a file of moves, one a line",
                problem.message
            )
        })?;
        if bytes.len() > MAX_MOVES_BYTES {
            return Err(CliError::Input(format!(
                "{name}: longer than the {} MiB a moves file may be\n  help: one move a line",
                MAX_MOVES_BYTES / (1024 * 1024)
            )));
        }
        let text = String::from_utf8(bytes)
            .map_err(|_| format!("{name}: not UTF-8 text\n  help: save it as UTF-8"))?;
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        Ok(Script {
            name,
            lines: Some(lines.into_iter()),
            line: 0,
            read: 0,
        })
    }

    fn stdin() -> Script {
        Script {
            name: "stdin".into(),
            lines: None,
            line: 0,
            read: 0,
        }
    }

    /// A note on the moves a file holds past the game's end, if any.
    fn unused(&mut self) -> Option<String> {
        let lines = self.lines.as_mut()?;
        let left = lines.filter(|line| !strip_comment(line).is_empty()).count();
        (left > 0).then(|| {
            format!(
                "note: the game ended before the last {left} move(s) of {} were read",
                self.name
            )
        })
    }

    fn next_line(&mut self) -> Result<Option<String>, PlayError> {
        self.line += 1;
        match &mut self.lines {
            Some(lines) => Ok(lines.next()),
            None => {
                let origin = format!("stdin:{}", self.line);
                let line = read_line(std::io::stdin().lock(), &origin)?;
                // The line's bytes and its line break.
                self.read += line.as_ref().map_or(0, |line| line.len() + 1);
                if self.read > MAX_MOVES_BYTES {
                    return Err(PlayError::Input(format!(
                        "{origin}: the moves on standard input pass the {} MiB a script of \
                         moves may hold\n  help: one move a line; a game needs at most a move \
                         a round",
                        MAX_MOVES_BYTES / (1024 * 1024)
                    )));
                }
                Ok(line)
            }
        }
    }
}

impl Console for Script {
    fn show(&mut self, text: &str) -> Result<(), PlayError> {
        say(text)
    }

    fn ask(&mut self, prompt: &str) -> Result<Option<String>, PlayError> {
        loop {
            let Some(line) = self.next_line()? else {
                return Ok(None);
            };
            if strip_comment(&line).is_empty() {
                continue;
            }
            say(&format!("{prompt}{line}\n"))?;
            return Ok(Some(line));
        }
    }

    fn origin(&self) -> Option<String> {
        Some(format!("{}:{}", self.name, self.line))
    }
}
