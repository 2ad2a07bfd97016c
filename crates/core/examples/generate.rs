//! Prints a synthetic configuration with about N jobs: `cargo run --release --example generate -- 5000`.

#[path = "../benches/support/generate.rs"]
mod generate;

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    print!("{}", generate::config(n));
}
