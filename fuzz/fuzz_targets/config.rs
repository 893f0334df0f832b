//! Arbitrary configuration text and editor settings: an error naming the problem, never a panic.
#![no_main]

use copydesk::engine::settings::{Config, Settings};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(config) = Config::from_toml(text) {
        let _ = Settings::from_config(&config);
    }
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
        if let Ok(config) = Config::from_json(&value) {
            let _ = Settings::from_config(&config.merged(&Config::default()));
        }
    }
});
