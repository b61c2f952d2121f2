//! scratch
use ecs_runcommand::schedule::{Frequency, Lang};
fn main() {
    for line in std::io::stdin().lines() {
        let line = line.unwrap_or_default();
        match Frequency::parse(&line) {
            Ok(f) => println!(
                "{line}\n  {}\n  {}",
                f.describe(Lang::En),
                f.describe(Lang::ZhCn)
            ),
            Err(e) => println!("{line}: {e}"),
        }
    }
}
