//! The `--sample` options that `diff` and `plan` share, and the one pass that adds a
//! sample's impact to a diff report (with the progress bar on a terminal).

use std::path::PathBuf;

use clap::Args;
use synclens::diff::DiffReport;
use synclens::model::Document;

/// Impact on real people: the options of a sample run.
#[derive(Debug, Args)]
pub(crate) struct SampleArgs {
    /// Impact on real people: preview this sample of the source directory (as
    /// `synclens preview --sample` reads it) with the old and the new schema, and
    /// report who enters or leaves scope and whose target values change.
    #[arg(long, value_name = "FILE")]
    pub(crate) sample: Option<PathBuf>,
    /// With --sample: the object mapping (name or `source -> target`).
    #[arg(long, value_name = "NAME", requires = "sample")]
    object_mapping: Option<String>,
    /// With --sample: replace the personal values of the examples (objects, old and new
    /// values) with short stable hashes, for a pull-request comment.
    #[arg(long, requires = "sample")]
    redact: bool,
    /// With --sample: split multi-valued attributes' text at this separator.
    #[arg(long, value_name = "SEP", requires = "sample")]
    multi_separator: Option<String>,
    /// With --sample: examples shown per change (object, old value, new value).
    #[arg(long, value_name = "N", default_value_t = synclens::preview::DEFAULT_EXAMPLES, requires = "sample")]
    examples: usize,
    /// With --sample: no progress line on stderr (it is shown only on a terminal anyway).
    #[arg(long, short, requires = "sample")]
    quiet: bool,
}

impl SampleArgs {
    /// Adds the sample's impact of `old` → `new` to `report` (nothing without
    /// `--sample`), drawing the progress bar while the sample is read.
    pub(crate) fn add_to(
        &self,
        report: &mut DiffReport,
        (old, new): (&Document, &Document),
    ) -> anyhow::Result<()> {
        let Some(sample) = &self.sample else {
            return Ok(());
        };
        let mut progress = super::progress::Progress::new(!self.quiet, sample);
        let options = synclens::preview::PreviewOptions {
            object_mapping: self.object_mapping.clone(),
            multi_separator: self.multi_separator.clone(),
            eval: synclens::expr::eval::EvalOptions {
                seed: Some(0),
                ..synclens::expr::eval::EvalOptions::default()
            },
            examples: Some(self.examples),
            read_bytes: progress.as_ref().map(super::progress::Progress::counter),
        };
        let added = synclens::diff::sample::add_sample(
            report,
            (old, new),
            sample,
            &options,
            self.redact,
            |objects| {
                if let Some(progress) = &mut progress {
                    progress.set(objects);
                }
            },
        );
        if let Some(progress) = progress {
            progress.finish();
        }
        Ok(added?)
    }
}
