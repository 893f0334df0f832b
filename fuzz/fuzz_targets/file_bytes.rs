//! Arbitrary bytes through the CLI's file reading: either a clear refusal or an article the
//! engine analyzes without panicking.
#![no_main]

use copydesk::cli::files::decode_article;
use copydesk::engine::{analyze, Format, Settings};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(text) = decode_article(bytes.to_vec()) {
        let _ = analyze(&text, Format::Plain, &Settings::default());
    }
});
