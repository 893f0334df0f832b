//! Engine benchmarks: whole-article analysis of the seed and of generated 1 MB and 10 MB
//! articles, and the cost of each stage (parsing the article, each check).
//! Run: `cargo bench --bench engine` (BENCHMARKS.md records the figures).

use copydesk::engine::{
    analyze, checks_registry, find_figures, Analyzer, Article, Context, Format, Settings,
};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;

#[path = "support/synthetic.rs"]
mod synthetic;

const SEED: &str = include_str!("../seeds/rafah-virtual-meeting.txt");

fn whole_article(c: &mut Criterion) {
    let settings = Settings::default();
    let mut group = c.benchmark_group("analyze");
    let one_mb = synthetic::article(1 << 20, 1);
    let ten_mb = synthetic::article(10 << 20, 2);
    // The size of a CoNLL or PolNeAR story (1–5 KB): per-article overheads show here.
    let wire = synthetic::article(1300, 4);
    for (name, text) in [
        ("wire-1.3KB", wire.as_str()),
        ("seed", SEED),
        ("1MB", one_mb.as_str()),
        ("10MB", ten_mb.as_str()),
    ] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        if text.len() > 4 << 20 {
            group.sample_size(10);
        }
        group.bench_with_input(BenchmarkId::from_parameter(name), text, |b, text| {
            b.iter(|| analyze(black_box(text), Format::Plain, &settings))
        });
    }
    group.finish();
}

fn stages(c: &mut Criterion) {
    let settings = Settings::default();
    let text = synthetic::article(1 << 20, 3);
    let mut group = c.benchmark_group("stage-1MB");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("article-parse", |b| {
        b.iter(|| Article::parse(black_box(&text), Format::Plain))
    });
    let article = Article::parse(&text, Format::Plain);
    group.bench_function("figures-and-attribution", |b| {
        b.iter(|| find_figures(black_box(&article)))
    });
    let analysis = analyze(&text, Format::Plain, &settings);
    let cx = Context::new(
        &analysis.article,
        &analysis.entities,
        &analysis.figures,
        &analysis.attributions,
        &settings,
    );
    for check in checks_registry::all_checks() {
        group.bench_function(format!("check-{}", check.name()), |b| {
            b.iter(|| {
                let mut out = Vec::new();
                check.run(black_box(&cx), &mut out);
                out
            })
        });
    }
    group.finish();
}

/// What a keystroke costs the incremental analyzer: a character typed into (and then taken out
/// of) the middle of the article, analyzed with the cache of the previous text.
fn keystroke(c: &mut Criterion) {
    let settings = Settings::default();
    let mut group = c.benchmark_group("keystroke");
    let one_mb = synthetic::article(1 << 20, 1);
    let ten_mb = synthetic::article(10 << 20, 2);
    for (name, text) in [
        ("seed", SEED.to_string()),
        ("1MB", one_mb),
        ("10MB", ten_mb),
    ] {
        if text.len() > 4 << 20 {
            group.sample_size(10);
        }
        let mut middle = text.len() / 2;
        while !text.is_char_boundary(middle) {
            middle -= 1;
        }
        let mut edited = text.clone();
        edited.insert(middle, 'x');
        let mut analyzer = Analyzer::new();
        analyzer.analyze(&text, Format::Plain, &settings);
        let mut flip = false;
        group.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| {
                flip = !flip;
                let now = if flip { &edited } else { &text };
                analyzer.analyze(black_box(now), Format::Plain, &settings)
            })
        });
    }
    group.finish();
}

/// Start-up: indexing the embedded knowledge base from scratch, and the first lookups that
/// build city records (the shared instance is built once per process; this is that cost).
fn knowledge_base(c: &mut Criterion) {
    let mut group = c.benchmark_group("kb");
    group.sample_size(20);
    group.bench_function("build", |b| b.iter(copydesk::kb::KnowledgeBase::build));
    group.bench_function("build+lookups", |b| {
        b.iter(|| {
            let kb = copydesk::kb::KnowledgeBase::build();
            for name in ["Rafah", "Washington", "Paris", "Gaza", "PEORIA", "Kharkiv"] {
                black_box(kb.place(name, copydesk::kb::Case::Insensitive));
            }
            black_box(kb.surname("Kirby"));
            kb
        })
    });
    group.finish();
}

criterion_group!(benches, whole_article, stages, keystroke, knowledge_base);
criterion_main!(benches);
