//! `synclens apply PLAN`: deploys what was reviewed, safely
//! ([`synclens::fetch::Session::apply`]): refuses when the live schema or the committed
//! file moved since the plan, asks on a terminal (`--yes` for pipelines; neither is a
//! refusal), backs the live schema up before the one PUT, and verifies after.
//! Exit 0 applied and verified, 1 applied with differences, 2 refused or failed.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;

use synclens::diff::DiffOptions;
use synclens::fetch::{Session, default_backup, read_plan};
use synclens::render::diff::{DiffFormat, DiffStyle};

use super::fetch::{GraphArgs, observer, process_env};
use super::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, print_stdout};

#[derive(Debug, Args)]
pub(crate) struct ApplyArgs {
    /// The plan file `synclens plan --out` wrote; or, with --service-principal, a
    /// schema to plan and apply in one go (the changes shown and confirmed first).
    #[arg(value_name = "PLAN|SCHEMA", required_unless_present = "restore")]
    plan: Option<PathBuf>,
    /// Put a backup back (with --service-principal and --job): planned, shown,
    /// confirmed, backed up, sent and verified as a plan is.
    #[arg(
        long,
        value_name = "BACKUP",
        conflicts_with = "plan",
        requires = "service_principal"
    )]
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
    /// Folder of the backup of the live schema, written before the PUT; default
    /// `.synclens/backups`, as `<dir>/<job>/<UTC time>.schema.json`.
    #[arg(long, value_name = "DIR")]
    backup_dir: Option<PathBuf>,
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

pub(crate) fn run(args: &ApplyArgs) -> anyhow::Result<u8> {
    let env = process_env();
    let options = args.graph.options(&env)?;
    let session = Session::connect(&options, &env, observer(args.verbose))?;
    // A schema to plan and apply in one go (a backup to restore is one too).
    let schema = args.restore.as_ref().or(args
        .plan
        .as_ref()
        .filter(|_| args.service_principal.is_some()));
    let (plan, plan_path) = match (schema, &args.plan, &args.service_principal) {
        (Some(schema), _, Some(service_principal)) => {
            let Some(job) = args.job.clone().or_else(|| super::plan::job_of(schema)) else {
                anyhow::bail!(
                    "{}: which job? pass --job (the file is not in fetch's layout, \
                     …/jobs/<job id>/schema.json)",
                    schema.display()
                );
            };
            let planned = session.plan(schema, service_principal, &job, &DiffOptions::default())?;
            let Some(plan) = planned.plan else {
                print_stdout(&format!(
                    "nothing to apply: job {job} already has the schema of {}\n",
                    schema.display()
                ))?;
                return Ok(EXIT_OK);
            };
            (plan, schema.clone())
        }
        (None, Some(path), _) => (read_plan(path)?, path.clone()),
        _ => anyhow::bail!(
            "give a plan file, a schema with --service-principal, or --restore BACKUP with \
             --service-principal"
        ),
    };
    if session.client().base() != plan.target.graph {
        anyhow::bail!(
            "{}: the plan is for {}, not {}; pass the same --cloud or --graph-url as for plan",
            plan_path.display(),
            plan.target.graph,
            session.client().base()
        );
    }
    let backup = match &args.backup_dir {
        Some(dir) => {
            let default = default_backup(&plan.target.job, std::time::SystemTime::now());
            dir.join(
                default
                    .strip_prefix(".synclens/backups")
                    .unwrap_or(&default),
            )
        }
        None => default_backup(&plan.target.job, std::time::SystemTime::now()),
    };
    let live = format!("live job {}", plan.target.job);
    let committed = plan.committed.display().to_string();
    let yes = args.yes;
    let applied = session.apply(&plan, &backup, &DiffOptions::default(), |report| {
        let shown =
            synclens::render::diff::render(report, DiffFormat::Human, &style((&live, &committed)));
        let _ = print_stdout(&shown);
        if yes {
            return true;
        }
        if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
            eprintln!(
                "synclens apply: refusing without a terminal to ask on; pass --yes to apply \
                 from a pipeline"
            );
            return false;
        }
        eprint!(
            "Replace the schema of job {} with {}? The job restarts in an initial cycle. [y/N] ",
            plan.target.job, committed
        );
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        let _ = std::io::stdin().lock().read_line(&mut answer);
        matches!(answer.trim(), "y" | "Y" | "yes")
    })?;
    let Some(applied) = applied else {
        eprintln!("nothing was written");
        return Ok(EXIT_FAILURE);
    };
    eprintln!("backup of the live schema: {}", applied.backup.display());
    if applied.verification.changes.is_empty() {
        print_stdout(&format!(
            "applied and verified: job {} now has the schema of {}; it restarts in an initial \
             cycle\n",
            plan.target.job, committed
        ))?;
        Ok(EXIT_OK)
    } else {
        print_stdout(&synclens::render::diff::render(
            &applied.verification,
            DiffFormat::Human,
            &style((&committed, &live)),
        ))?;
        print_stdout(&format!(
            "applied, but the service holds something else than what was sent (above: sent → \
             now live); job {} restarts in an initial cycle\n",
            plan.target.job
        ))?;
        Ok(EXIT_FINDINGS)
    }
}
