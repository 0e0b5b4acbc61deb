//! `synclens explain <CODE>`: a rule's documentation; `--list` lists every rule,
//! `--all` prints docs/rules.md.

use std::fmt::Write as _;

use anyhow::bail;
use clap::Args;

use synclens::validate::registry;

use super::{EXIT_OK, print_stdout};

#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// A rule code (`R203`) or name (`unknown-target-attribute`), or a change code of
    /// `synclens diff` (`T602`).
    #[arg(value_name = "CODE", required_unless_present_any = ["list", "all", "changes"])]
    code: Option<String>,
    /// List every rule: code, severity, name.
    #[arg(long, conflicts_with = "all")]
    list: bool,
    /// Print the documentation of every rule (docs/rules.md).
    #[arg(long, conflicts_with = "changes")]
    all: bool,
    /// Print the change codes of `synclens diff` with their impact (docs/changes.md).
    #[arg(long)]
    changes: bool,
}

pub(crate) fn run(args: &ExplainArgs) -> anyhow::Result<u8> {
    if args.list {
        let mut text = String::new();
        for meta in registry::rules() {
            let _ = writeln!(text, "{}  {:<8} {}", meta.code, meta.severity, meta.name);
        }
        print_stdout(&text)?;
    } else if args.changes {
        print_stdout(&synclens::diff::change::changes_markdown())?;
    } else if args.all {
        print_stdout(&registry::rules_markdown())?;
    } else if let Some(code) = &args.code {
        if let Some(meta) = registry::lookup(code) {
            print_stdout(&registry::explain(meta))?;
        } else if let Some(meta) = synclens::diff::change::lookup(code) {
            print_stdout(&format!(
                "## {} {}\n\nImpact: **{}**{}\n\n{}\n",
                meta.code,
                meta.name,
                meta.impact,
                if meta.noise {
                    " (hidden unless `--all`)"
                } else {
                    ""
                },
                meta.reason
            ))?;
        } else {
            bail!("no rule or change code `{code}`; `synclens explain --list` lists the rules");
        }
    }
    Ok(EXIT_OK)
}
