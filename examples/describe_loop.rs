//! scratch
use ecs_runcommand::schedule::{Frequency, Lang};
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let f = Frequency::parse(&args[1]).unwrap_or_else(|_| std::process::exit(3));
    let lang = if args.get(2).map(String::as_str) == Some("zh") {
        Lang::ZhCn
    } else {
        Lang::En
    };
    let mut n = 0;
    for _ in 0..20000 {
        n += std::hint::black_box(&f).describe(lang).len();
    }
    println!("{n}");
}
