//! Times keystrokes through the incremental analyzer on a generated article, for profiling:
//! `cargo bench --bench keystroke -- 1MB 20` (or run its binary under `valgrind --tool=callgrind`).

use copydesk::engine::{analyze, Analyzer, Format, Settings};
use std::time::Instant;

#[path = "support/synthetic.rs"]
mod synthetic;

fn main() {
    let mut args = std::env::args().skip(1);
    let size = match args.next().as_deref() {
        Some("10MB") => 10 << 20,
        Some("seed") => 0,
        _ => 1 << 20,
    };
    let edits: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(20);
    let full = args.next().as_deref() == Some("full");
    let text = if size == 0 {
        include_str!("../seeds/rafah-virtual-meeting.txt").to_string()
    } else {
        synthetic::article(size, 1)
    };
    let settings = Settings::default();
    let mut analyzer = Analyzer::new();
    let t = Instant::now();
    analyzer.analyze(&text, Format::Plain, &settings);
    eprintln!("first analysis: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let mut middle = text.len() / 2;
    while !text.is_char_boundary(middle) {
        middle -= 1;
    }
    let mut times = Vec::new();
    let mut cur = text.clone();
    for i in 0..edits {
        if i % 2 == 0 {
            cur.insert(middle, 'x');
        } else {
            cur.remove(middle);
        }
        let t = Instant::now();
        let a = if full {
            analyze(&cur, Format::Plain, &settings)
        } else {
            analyzer.analyze(&cur, Format::Plain, &settings)
        };
        times.push(t.elapsed().as_secs_f64() * 1e3);
        drop(a);
    }
    times.sort_by(f64::total_cmp);
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        for line in status
            .lines()
            .filter(|l| l.starts_with("VmHWM") || l.starts_with("VmRSS"))
        {
            eprintln!("{line}");
        }
    }
    eprintln!(
        "{} keystrokes: median {:.2} ms, max {:.2} ms",
        edits,
        times[times.len() / 2],
        times[times.len() - 1]
    );
}
