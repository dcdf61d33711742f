//! Every example runs to completion. Each is compiled into this test as a module,
//! so `cargo test` runs it without spawning cargo.

#[path = "../../examples/solve_in_code.rs"]
mod solve_in_code;

#[test]
fn solve_in_code_runs() {
    solve_in_code::main();
}

#[path = "../../examples/custom_model.rs"]
mod custom_model;

#[test]
fn custom_model_runs_through_the_monte_carlo_engine() {
    custom_model::main();
}
