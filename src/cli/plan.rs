//! `synclens plan`: what deploying a committed schema would change in a job's live
//! schema (validated first; the diff live → committed in any of `diff`'s formats),
//! and, with `--out`, the plan file `synclens apply` takes
//! ([`synclens::fetch::Session::plan`]).

use std::path::PathBuf;

use clap::Args;

use synclens::diff::DiffOptions;
use synclens::fetch::{DeployError, Session};
use synclens::render::diff::{DiffFormat, DiffStyle};

use super::fetch::{GraphArgs, observer, process_env};
use super::{EXIT_FINDINGS, EXIT_OK, print_stdout};

#[derive(Debug, Args)]
pub(crate) struct PlanArgs {
    /// The committed schema: a job's schema.json (as fetch writes it).
    #[arg(value_name = "SCHEMA")]
    path: PathBuf,
    /// The service principal: object id, appId, or display name.
    #[arg(long, value_name = "ID|APPID|NAME")]
    service_principal: String,
    /// The job whose schema the file replaces; default: the folder name when the file
    /// is `…/jobs/<job id>/schema.json`, as fetch lays it out.
    #[arg(long, value_name = "JOB_ID")]
    job: Option<String>,
    /// Also the impact on this sample of the source directory, as `diff --sample`.
    #[arg(long, value_name = "FILE")]
    sample: Option<PathBuf>,
    /// With --sample: the object mapping (name or `source -> target`).
    #[arg(long, value_name = "NAME", requires = "sample")]
    object_mapping: Option<String>,
    /// With --sample: replace the examples' personal values with stable hashes.
    #[arg(long, requires = "sample")]
    redact: bool,
    /// Write the plan file here (atomically); none when nothing changes.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Output format of the changes.
    #[arg(long, value_parser = super::args::choice::<DiffFormat>(), default_value = "human")]
    format: DiffFormat,
    /// Colour in human output.
    #[arg(long, value_enum, default_value = "auto")]
    color: super::validate::ColorChoice,
    /// Print every request (method, URL, status, time) to stderr; never tokens.
    #[arg(long, short)]
    verbose: bool,
    #[command(flatten)]
    graph: GraphArgs,
}

/// The job of a schema in fetch's layout: `…/jobs/<job id>/schema.json`.
pub(crate) fn job_of(path: &std::path::Path) -> Option<String> {
    let folder = path.parent()?;
    let jobs = folder.parent()?;
    (jobs.file_name()? == "jobs")
        .then(|| folder.file_name()?.to_str().map(str::to_owned))
        .flatten()
}

pub(crate) fn run(args: &PlanArgs) -> anyhow::Result<u8> {
    let Some(job) = args.job.clone().or_else(|| job_of(&args.path)) else {
        anyhow::bail!(
            "{}: which job? pass --job (the file is not in fetch's layout, \
             …/jobs/<job id>/schema.json)",
            args.path.display()
        );
    };
    let env = process_env();
    let options = args.graph.options(&env)?;
    let session = Session::connect(&options, &env, observer(args.verbose))?;
    let planned = match session.plan(
        &args.path,
        &args.service_principal,
        &job,
        &DiffOptions::default(),
    ) {
        Ok(planned) => planned,
        // The committed schema does not validate: no plan, as a finding (exit 1).
        Err(error @ DeployError::Invalid { .. }) => {
            if let DeployError::Invalid { path, findings } = &error {
                for finding in findings {
                    eprintln!(
                        "{}:{}:{}: {}[{}] {}",
                        path.display(),
                        finding.line,
                        finding.column,
                        finding.severity,
                        finding.code,
                        synclens::escape::controls(&finding.message)
                    );
                }
            }
            eprintln!("synclens plan: {error}");
            return Ok(EXIT_FINDINGS);
        }
        Err(error) => return Err(error.into()),
    };
    let mut planned = planned;
    if let Some(sample) = &args.sample {
        let options = synclens::preview::PreviewOptions {
            object_mapping: args.object_mapping.clone(),
            eval: synclens::expr::eval::EvalOptions {
                seed: Some(0),
                ..synclens::expr::eval::EvalOptions::default()
            },
            ..synclens::preview::PreviewOptions::default()
        };
        let (live, committed) = &planned.sides;
        synclens::diff::sample::add_sample(
            &mut planned.report,
            (&live.document, &committed.document),
            sample,
            &options,
            args.redact,
            |_| {},
        )?;
    }
    let live = format!("live job {job}");
    let committed = args.path.display().to_string();
    print_stdout(&synclens::render::diff::render(
        &planned.report,
        args.format,
        &DiffStyle {
            labels: (&live, &committed),
            style: synclens::render::Style {
                color: super::validate::use_color(args.color),
            },
            verbose: false,
        },
    ))?;
    let Some(plan) = planned.plan else {
        eprintln!("nothing to apply: the live schema of job {job} is the committed one");
        return Ok(EXIT_OK);
    };
    if let Some(out) = &args.out {
        let mut text = serde_json::to_string_pretty(&plan)?;
        text.push('\n');
        synclens::fs::write_atomically(out, text.as_bytes())?;
        eprintln!(
            "plan written to {}: apply it with `synclens apply {}`",
            out.display(),
            out.display()
        );
    }
    Ok(EXIT_OK)
}
