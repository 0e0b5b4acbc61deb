//! `synclens apply PLAN`: deploys what was reviewed, safely
//! ([`synclens::fetch::Session::apply`]): refuses when a live schema or a committed
//! file moved since the plan, asks on a terminal (`--yes` for pipelines; neither is a
//! refusal), backs each live schema up before its one PUT, and verifies after.
//! Exit 0 applied and verified, 1 applied with differences, 2 refused or failed.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;

use synclens::diff::DiffOptions;
use synclens::fetch::{DEFAULT_BACKUPS, Plan, Session, read_plan};
use synclens::render::diff::{DiffFormat, DiffStyle};

use super::fetch::{GraphArgs, observer, process_env};
use super::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, print_stdout};

#[derive(Debug, Args)]
pub(crate) struct ApplyArgs {
    /// The plan file `synclens plan --out` wrote; or, with --service-principal, a
    /// schema (or a service principal's folder) to plan and apply in one go, the
    /// changes shown and confirmed first.
    #[arg(value_name = "PLAN|SCHEMA", required_unless_present = "restore")]
    plan: Option<PathBuf>,
    /// Put a backup back (with --service-principal and --job): planned, shown,
    /// confirmed, backed up, sent and verified as a plan is.
    #[arg(long, value_name = "BACKUP", conflicts_with = "plan", requires_all = ["service_principal", "job"])]
    restore: Option<PathBuf>,
    /// With a schema or --restore: the service principal (object id, appId or display
    /// name).
    #[arg(long, value_name = "ID|APPID|NAME")]
    service_principal: Option<String>,
    /// With a schema or --restore: the job; default: the folder name of
    /// `…/jobs/<job id>/schema.json`.
    #[arg(long, value_name = "JOB_ID", requires = "service_principal")]
    job: Option<String>,
    /// Apply without asking (for pipelines). Without it, and without a terminal to
    /// ask on, apply refuses.
    #[arg(long)]
    yes: bool,
    /// Folder of the backups of the live schemas, written before each PUT as
    /// `<dir>/<job>/<UTC time>.schema.json`.
    #[arg(long, value_name = "DIR", default_value = DEFAULT_BACKUPS)]
    backup_dir: PathBuf,
    /// Print every request (method, URL, status, time) to stderr; never tokens.
    #[arg(long, short)]
    verbose: bool,
    #[command(flatten)]
    graph: GraphArgs,
}

fn style<'a>(labels: (&'a str, &'a str)) -> DiffStyle<'a> {
    DiffStyle {
        labels,
        style: synclens::render::Style {
            color: super::validate::use_color(super::validate::ColorChoice::Auto),
        },
        verbose: false,
    }
}

/// The committed file of `job` in `plan`, for labels.
fn committed_of(plan: &Plan, job: &str) -> String {
    plan.jobs
        .iter()
        .find(|planned| planned.target.job == job)
        .map(|planned| planned.committed.display().to_string())
        .unwrap_or_default()
}

/// Asks on the terminal; `false` without one.
fn ask(plan: &Plan) -> bool {
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        eprintln!(
            "synclens apply: refusing without a terminal to ask on; pass --yes to apply from \
             a pipeline"
        );
        return false;
    }
    let jobs: Vec<&str> = plan
        .jobs
        .iter()
        .map(|job| job.target.job.as_str())
        .collect();
    eprint!(
        "Replace the schema of job {} with the committed one? Each job restarts in an \
         initial cycle. [y/N] ",
        jobs.join(", ")
    );
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    let _ = std::io::stdin().lock().read_line(&mut answer);
    matches!(answer.trim(), "y" | "Y" | "yes")
}

pub(crate) fn run(args: &ApplyArgs) -> anyhow::Result<u8> {
    let env = process_env();
    let options = args.graph.options(&env)?;
    let session = Session::connect(&options, &env, observer(args.verbose))?;
    // A schema to plan and apply in one go (a backup to restore is one too).
    let schema = args.restore.as_ref().or(args
        .plan
        .as_ref()
        .filter(|_| args.service_principal.is_some()));
    let plan = match (schema, &args.plan, &args.service_principal) {
        (Some(schema), _, Some(service_principal)) => {
            let planned = session.plan(
                schema,
                service_principal,
                args.job.as_deref(),
                &DiffOptions::default(),
            )?;
            let Some(plan) = planned.plan else {
                print_stdout(&format!(
                    "nothing to apply: the live schema is already that of {}\n",
                    schema.display()
                ))?;
                return Ok(EXIT_OK);
            };
            plan
        }
        (None, Some(path), _) => read_plan(path)?,
        _ => anyhow::bail!(
            "give a plan file, a schema with --service-principal, or --restore BACKUP with \
             --service-principal and --job"
        ),
    };
    let yes = args.yes;
    let applied = session.apply(
        &plan,
        &args.backup_dir,
        &DiffOptions::default(),
        |reports| {
            for (job, report) in reports {
                let live = format!("live job {job}");
                let committed = committed_of(&plan, job);
                let _ = print_stdout(&synclens::render::diff::render(
                    report,
                    DiffFormat::Human,
                    &style((&live, &committed)),
                ));
            }
            yes || ask(&plan)
        },
    )?;
    let Some(applied) = applied else {
        eprintln!("nothing was written");
        return Ok(EXIT_FAILURE);
    };
    let mut verified = true;
    for job in &applied.jobs {
        eprintln!(
            "backup of the live schema of job {}: {}",
            job.job,
            job.backup.display()
        );
        let committed = committed_of(&plan, &job.job);
        if job.verification.changes.is_empty() {
            print_stdout(&format!(
                "applied and verified: job {} now has the schema of {committed}; it restarts \
                 in an initial cycle\n",
                job.job
            ))?;
        } else {
            verified = false;
            let live = format!("live job {}", job.job);
            print_stdout(&synclens::render::diff::render(
                &job.verification,
                DiffFormat::Human,
                &style((&committed, &live)),
            ))?;
            print_stdout(&format!(
                "applied, but the service holds something else than what was sent (above: \
                 sent → now live); job {} restarts in an initial cycle\n",
                job.job
            ))?;
        }
    }
    Ok(if verified { EXIT_OK } else { EXIT_FINDINGS })
}
