//! Any bytes → scenario reader → validation → one solve with every static model.
//! Must never panic, hang or allocate without bound.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rand::SeedableRng;
use zopa::model::{self, TrialRng};
use zopa::model_kind::ModelKind;
use zopa::scenario;
use zopa::world::World;

fuzz_target!(|data: &[u8]| {
    let Ok(scenario) = scenario::parse_bytes(data, "fuzz.ron") else { return };
    // Keep each input fast: the fuzzer should explore the reader, not big LPs.
    if scenario.actors.len() * scenario.issues.len() > 64 {
        return;
    }
    let world = World::nominal(&scenario);
    let mut rng = TrialRng::seed_from_u64(1);
    for kind in ModelKind::ALL.into_iter().filter(|kind| kind.is_static()) {
        let _ = model::build(kind).solve(&world, &mut rng);
    }
});
