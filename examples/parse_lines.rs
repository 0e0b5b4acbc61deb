//! The floor `bench/sample.sh` holds `synclens diff --sample` against: reading a JSON
//! Lines file and parsing every line with serde_json into `serde::de::IgnoredAny`
//! (nothing kept), then printing how many lines it parsed (blank lines are skipped).
//!
//! Run: `cargo run --release --example parse_lines -- FILE.jsonl`

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::BufRead;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1).map(std::path::PathBuf::from) else {
        eprintln!("usage: parse_lines FILE.jsonl");
        return ExitCode::from(2);
    };
    let fail = |at: &str, error: &dyn std::fmt::Display| {
        eprintln!("{}{at}: {error}", path.display());
        ExitCode::FAILURE
    };
    let mut reader = match std::fs::File::open(&path) {
        Ok(file) => std::io::BufReader::with_capacity(1 << 16, file),
        Err(error) => return fail("", &error),
    };
    let (mut line, mut number, mut parsed) = (Vec::new(), 0_u64, 0_u64);
    loop {
        line.clear();
        number += 1;
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) if line.trim_ascii().is_empty() => {}
            Ok(_) => match serde_json::from_slice::<serde::de::IgnoredAny>(&line) {
                Ok(_) => parsed += 1,
                Err(error) => return fail(&format!(":{number}"), &error),
            },
            Err(error) => return fail(&format!(":{number}"), &error),
        }
    }
    println!("{parsed}");
    ExitCode::SUCCESS
}
