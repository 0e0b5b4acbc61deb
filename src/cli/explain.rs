//! `synclens explain <CODE>`: a rule's documentation; `--list` lists every rule,
//! `--all` prints docs/rules.md.

use std::fmt::Write as _;

use anyhow::bail;
use clap::Args;

use synclens::validate::registry;

use super::{EXIT_OK, print_stdout};

#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// A rule code (`R203`) or name (`unknown-target-attribute`).
    #[arg(value_name = "CODE", required_unless_present_any = ["list", "all"])]
    code: Option<String>,
    /// List every rule: code, severity, name.
    #[arg(long, conflicts_with = "all")]
    list: bool,
    /// Print the documentation of every rule (docs/rules.md).
    #[arg(long)]
    all: bool,
}

pub(crate) fn run(args: &ExplainArgs) -> anyhow::Result<u8> {
    if args.list {
        let mut text = String::new();
        for meta in registry::rules() {
            let _ = writeln!(text, "{}  {:<8} {}", meta.code, meta.severity, meta.name);
        }
        print_stdout(&text)?;
    } else if args.all {
        print_stdout(&registry::rules_markdown())?;
    } else if let Some(code) = &args.code {
        let Some(meta) = registry::lookup(code) else {
            bail!("no rule `{code}`; `synclens explain --list` lists them");
        };
        print_stdout(&registry::explain(meta))?;
    }
    Ok(EXIT_OK)
}
