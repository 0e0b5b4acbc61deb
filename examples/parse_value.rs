//! The floor `bench/compare.sh` holds synclens against: reading each file given on
//! the command line and parsing it into a `serde_json::Value`, nothing else.
//!
//! Run: `cargo run --release --example parse_value -- FILE…`

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut status = ExitCode::SUCCESS;
    for path in std::env::args_os().skip(1) {
        let parsed = std::fs::read(&path)
            .map_err(|error| error.to_string())
            .and_then(|bytes| {
                serde_json::from_slice::<serde_json::Value>(&bytes).map_err(|e| e.to_string())
            });
        if let Err(error) = parsed {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("{}: {error}", std::path::Path::new(&path).display());
            }
            status = ExitCode::FAILURE;
        }
    }
    status
}
