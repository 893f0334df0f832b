//! Times keystrokes through the incremental analyzer on a generated article, for profiling:
//! `cargo bench --bench keystroke -- 1MB 20` (or run its binary under `valgrind --tool=callgrind`).
//! The first argument may also be an article's path: the server benchmark's own 1 MB article is
//! not this one (`python3 -c 'import lsp_latency; print(lsp_latency.article("1MB"), end="")'`
//! from `benches/` writes it), and paragraphs repeated as it repeats them cost what these do not.
//!
//! A third argument picks the edits: none toggles an `x` in the middle of the article; `full`
//! does the same with a full analysis each time; `typing` types a sentence with names and
//! figures in it, a character at a time, at the end of the middle paragraph, and counts the
//! keystrokes whose entity linking was reused; `cycle` makes `benches/lsp_latency.py`'s edits
//! (an `x` inserted at the start, in the middle at a word's start, at the end, then removed in
//! turn), so the server benchmark's keystrokes can be profiled in-process.

use copydesk::engine::{analyze, Analyzer, Format, Settings};
use std::time::Instant;

#[path = "support/synthetic.rs"]
mod synthetic;

fn main() {
    let mut args = std::env::args().skip(1);
    // `seed`, `1MB` (the default), `10MB`, or the path of an article (the server benchmark's
    // own, say, to profile its edits in-process).
    let first = args.next().unwrap_or_default();
    let from_file = std::fs::read_to_string(&first).ok();
    let size = match first.as_str() {
        "10MB" => 10 << 20,
        "seed" => 0,
        _ => 1 << 20,
    };
    let edits: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(20);
    let mode = args.next().unwrap_or_default();
    let full = mode == "full";
    let typing = mode == "typing";
    let cycle = mode == "cycle";
    let text = if let Some(text) = from_file {
        text
    } else if size == 0 {
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
    // Typing: at the end of the paragraph holding the middle.
    let typed = " Officials said the storm killed 12 people near Manila, and Mayor Ana Cruz said \
                 the city would need $3 million to rebuild. The mayor spoke on Monday.";
    let mut at = cur[middle..].find("\n\n").map_or(cur.len(), |i| middle + i);
    let mut reused = 0;
    for i in 0..edits {
        if typing {
            let c = typed.chars().nth(i % typed.chars().count()).unwrap_or(' ');
            cur.insert(at, c);
            at += c.len_utf8();
        } else if cycle {
            // As lsp_latency.py: round i/3 inserts (even) or removes (odd) at start, middle, end.
            let mut off = match i % 3 {
                0 => 0,
                1 => {
                    let mut half = cur.len() / 2;
                    while !cur.is_char_boundary(half) {
                        half -= 1;
                    }
                    cur[..half].rfind(' ').map_or(half, |sp| sp + 1)
                }
                _ => cur.len(),
            };
            if (i / 3) % 2 == 0 {
                cur.insert(off, 'x');
            } else {
                if i % 3 == 2 {
                    off = cur.len() - 1;
                }
                cur.remove(off);
            }
        } else if i % 2 == 0 {
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
        if analyzer.linking_reused() > 0 {
            reused += 1;
        }
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
        "{} keystrokes: median {:.2} ms, p95 {:.2} ms, max {:.2} ms; entity linking reused at {}",
        edits,
        times[times.len() / 2],
        times[(times.len() * 95).div_ceil(100).saturating_sub(1)],
        times[times.len() - 1],
        reused
    );
}
