//! Regression tests from fuzzing: every input kept in tests/fuzz_corpus/ (the
//! smallest of the corpus `cargo fuzz` built over the scenario reader; see
//! fuzz/) goes through the fuzz target's path, bytes → reader → validation →
//! one solve per model, with every model in `ModelKind::ALL` (the fuzz target
//! solves with the static ones only, to keep exploring fast). None may panic.

use rand::SeedableRng;
use zopa::model::{self, TrialRng};
use zopa::model_kind::ModelKind;
use zopa::scenario;
use zopa::world::World;

#[test]
fn every_kept_fuzz_input_is_handled_without_panic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_corpus");
    let mut inputs = 0;
    let mut accepted = 0;
    for entry in std::fs::read_dir(&dir).expect("the corpus directory") {
        let bytes = std::fs::read(entry.expect("an entry").path()).expect("a readable input");
        inputs += 1;
        let Ok(scenario) = scenario::parse_bytes(&bytes, "fuzz.ron") else {
            continue;
        };
        accepted += 1;
        if scenario.actors.len() * scenario.issues.len() > 64 {
            continue;
        }
        let world = World::nominal(&scenario);
        let mut rng = TrialRng::seed_from_u64(1);
        for kind in ModelKind::ALL {
            let _ = model::build(kind).solve(&world, &mut rng);
        }
    }
    assert!(inputs > 100, "the corpus is there ({inputs} inputs)");
    assert!(
        accepted > 0,
        "some inputs are valid scenarios, so the models run too"
    );
}
