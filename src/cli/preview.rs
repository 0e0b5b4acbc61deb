//! `synclens preview`: the arguments resolved into [`PreviewOptions`], the job done by
//! [`synclens::preview::preview_path`] (streamed: each object printed as soon as it is
//! previewed), the totals after them (on stderr with `--format jsonl`).

use std::path::PathBuf;

use clap::Args;

use synclens::expr::eval::EvalOptions;
use synclens::preview::{PreviewOptions, preview_path};
use synclens::render::preview::{PreviewFormat, object, summary, summary_json, summary_markdown};

use super::progress::Progress;
use super::{EXIT_OK, print_stdout};

/// The examples at the end of `synclens preview --help`.
pub(crate) const EXAMPLES: &str = "\
Examples:
  synclens preview schema.json --sample users.jsonl
  synclens preview schema.json --sample users.json --object-mapping 'user -> User' --format jsonl
  synclens preview schema.json --sample users.csv --multi-separator ';'
  Get-ADUser -Filter * -Properties * | ConvertTo-Json -Depth 5 > users.json   # Windows PowerShell";

#[derive(Debug, Args)]
pub(crate) struct PreviewArgs {
    /// A schema, job or template export.
    #[arg(value_name = "SCHEMA")]
    schema: PathBuf,
    /// Source objects: JSON Lines (one object per line), a JSON array of objects, or CSV
    /// with a header row (`*.csv`, as Export-Csv writes it), in UTF-8 or UTF-16;
    /// attribute names match the schema's ignoring case.
    #[arg(long, value_name = "FILE")]
    sample: PathBuf,
    /// The object mapping (its name, or `source -> target` object names); default: the
    /// only enabled one, else the one whose source object the sample's rows describe.
    #[arg(long, value_name = "NAME")]
    object_mapping: Option<String>,
    /// The time Now() returns (RFC 3339); default: the clock.
    #[arg(long, value_name = "RFC3339")]
    now: Option<String>,
    /// A runtime placeholder's value (`DomainFQDN=contoso.com`); repeatable.
    #[arg(long = "placeholder", value_name = "NAME=VALUE")]
    placeholders: Vec<String>,
    /// Split the text of a multi-valued attribute (by the schema) at this separator,
    /// e.g. `;` for a CSV cell of proxyAddresses joined with `-join ';'`.
    #[arg(long, value_name = "SEP")]
    multi_separator: Option<String>,
    /// Output format.
    #[arg(long, value_parser = super::args::choice::<PreviewFormat>(), default_value = "human")]
    format: PreviewFormat,
    /// No progress line on stderr (it is shown only on a terminal anyway).
    #[arg(long, short)]
    quiet: bool,
}

pub(crate) fn run(args: &PreviewArgs) -> anyhow::Result<u8> {
    let now = super::eval::now(args.now.as_ref())?;
    let placeholders = super::eval::placeholders(&args.placeholders)?;
    let options = PreviewOptions {
        object_mapping: args.object_mapping.clone(),
        multi_separator: args.multi_separator.clone(),
        eval: EvalOptions {
            now,
            // Repeatable previews: Guid() and RandomString() from a fixed seed.
            seed: Some(0),
            placeholders,
            existing: Vec::new(),
            trace: false,
        },
        examples: None,
        read_bytes: None,
    };
    let mut printed = Ok(());
    let mut progress = Progress::new(!args.quiet, &args.sample);
    let options = PreviewOptions {
        read_bytes: progress.as_ref().map(Progress::counter),
        ..options
    };
    let totals = preview_path(&args.schema, &args.sample, &options, |preview| {
        if printed.is_ok() {
            printed = print_stdout(&object(&preview, args.format));
        }
        if let Some(progress) = &mut progress {
            progress.tick();
        }
    });
    if let Some(progress) = progress {
        progress.finish();
    }
    let totals = totals?;
    printed?;
    match args.format {
        PreviewFormat::Human => print_stdout(&summary(&totals))?,
        PreviewFormat::Jsonl => eprint!("{}", summary(&totals)),
        PreviewFormat::Json => print_stdout(&summary_json(&totals))?,
        PreviewFormat::Markdown => print_stdout(&summary_markdown(&totals))?,
    }
    Ok(EXIT_OK)
}
