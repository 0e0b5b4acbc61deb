//! `synclens plan`: what deploying committed schemas would change in jobs' live
//! schemas (validated first; each job's diff live → committed in any of `diff`'s
//! formats), and, with `--out`, the plan file `synclens apply` takes
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
    /// A job's committed schema.json, or a service principal's folder as fetch writes
    /// it (each `jobs/<job id>/schema.json` planned for its job).
    #[arg(value_name = "SCHEMA|DIR")]
    path: PathBuf,
    /// The service principal: object id, appId, or display name.
    #[arg(long, value_name = "ID|APPID|NAME")]
    service_principal: String,
    /// The job; default: the folder name of `…/jobs/<job id>/schema.json`. With a
    /// folder: only this job.
    #[arg(long, value_name = "JOB_ID")]
    job: Option<String>,
    /// Write the plan file here (atomically); none when nothing changes.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Output format of the changes.
    #[arg(long, value_parser = super::args::choice::<DiffFormat>(), default_value = "human")]
    format: DiffFormat,
    /// Colour in human output.
    #[arg(long, value_enum, default_value = "auto")]
    color: super::validate::ColorChoice,
    #[command(flatten)]
    sample: super::sample::SampleArgs,
    /// Print every request (method, URL, status, time) to stderr; never tokens.
    #[arg(long, short)]
    verbose: bool,
    #[command(flatten)]
    graph: GraphArgs,
}

pub(crate) fn run(args: &PlanArgs) -> anyhow::Result<u8> {
    let env = process_env();
    let options = args.graph.options(&env)?;
    let session = Session::connect(&options, &env, observer(args.verbose))?;
    let mut planned = match session.plan(
        &args.path,
        &args.service_principal,
        args.job.as_deref(),
        &DiffOptions::default(),
    ) {
        Ok(planned) => planned,
        // A committed schema does not validate: no plan, as a finding (exit 1).
        Err(DeployError::Invalid { path, findings }) => {
            for finding in &findings {
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
            eprintln!("synclens plan: {}", DeployError::Invalid { path, findings });
            return Ok(EXIT_FINDINGS);
        }
        Err(error) => return Err(error.into()),
    };
    for job in &mut planned.jobs {
        if !job.report.changes.is_empty() {
            let (live, committed) = &job.sides;
            args.sample
                .add_to(&mut job.report, (&live.document, &committed.document))?;
        }
        let live = format!("live job {}", job.job);
        let committed = job.sides.1.path.display().to_string();
        print_stdout(&synclens::render::diff::render(
            &job.report,
            args.format,
            &DiffStyle {
                labels: (&live, &committed),
                style: synclens::render::Style {
                    color: super::validate::use_color(args.color),
                },
                verbose: false,
            },
        ))?;
    }
    let Some(plan) = planned.plan else {
        eprintln!("nothing to apply: every live schema is the committed one");
        return Ok(EXIT_OK);
    };
    if let Some(out) = &args.out {
        let mut text = serde_json::to_string_pretty(&plan)?;
        text.push('\n');
        synclens::fs::write_atomically(out, text.as_bytes())?;
        eprintln!(
            "plan for {} written to {}: apply it with `synclens apply {}`",
            synclens::text::plural(plan.jobs.len(), "job"),
            out.display(),
            out.display()
        );
    }
    Ok(EXIT_OK)
}
