//! `synclens man`: the man page (roff), one page for the whole program, generated from
//! the command-line definitions (clap_mangen renders each command's synopsis and
//! options) with the sections a man page needs that clap does not know: exit status,
//! environment, files and examples.

use std::fmt::Write as _;

use clap::{Args, CommandFactory};
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, italic, roman};

use super::{Cli, EXIT_OK, examples, print_stdout};

#[derive(Debug, Args)]
pub(crate) struct ManArgs {}

pub(crate) fn run(_args: &ManArgs) -> anyhow::Result<u8> {
    print_stdout(&page()?)?;
    Ok(EXIT_OK)
}

/// The whole page.
pub(crate) fn page() -> std::io::Result<String> {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let man = Man::new(command.clone()).date("").manual("synclens manual");
    let mut page = String::new();
    for render in [
        Man::render_title,
        Man::render_name_section,
        Man::render_synopsis_section,
    ] {
        let part = rendered(|out| render(&man, out))?;
        page.push_str(&if page.is_empty() { part } else { body(&part) });
    }
    page.push_str(&description());
    page.push_str(&body(&rendered(|out| man.render_options_section(out))?));
    page.push_str(".SH COMMANDS\n");
    let mut pending: Vec<clap::Command> = command.get_subcommands().cloned().collect();
    pending.reverse();
    while let Some(sub) = pending.pop() {
        if sub.is_hide_set() {
            continue;
        }
        let name = sub
            .get_bin_name()
            .map_or_else(|| sub.get_name().to_owned(), str::to_owned);
        page.push_str(&body(&Roff::new().control("SS", [name.as_str()]).render()));
        let sub_man = Man::new(sub.clone());
        page.push_str(&without_headings(&body(&rendered(|out| {
            sub_man.render_synopsis_section(out)
        })?)));
        page.push_str(&without_headings(&body(&rendered(|out| {
            sub_man.render_description_section(out)
        })?)));
        page.push_str(&without_headings(&body(&rendered(|out| {
            sub_man.render_options_section(out)
        })?)));
        let first = pending.len();
        pending.extend(sub.get_subcommands().cloned());
        pending.get_mut(first..).unwrap_or_default().reverse();
    }
    page.push_str(&exit_status());
    page.push_str(&environment());
    page.push_str(&files());
    page.push_str(&examples_section());
    page.push_str(&see_also());
    page.push_str(&body(&rendered(|out| man.render_version_section(out))?));
    Ok(page)
}

fn rendered(render: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> std::io::Result<String> {
    let mut out = Vec::new();
    render(&mut out)?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// A section's body under this page's own heading: its `.SH` lines dropped.
fn without_headings(roff: &str) -> String {
    let mut out = String::new();
    for line in roff.lines().filter(|line| !line.starts_with(".SH ")) {
        let _ = writeln!(out, "{line}");
    }
    out
}

/// Roff text without the apostrophe macro definitions each rendered part starts with
/// (`.ie \n(.g .ds Aq …`): the page has them once, from its title.
fn body(roff: &str) -> String {
    let mut out = String::new();
    for line in roff.lines() {
        if !(line.starts_with(".ie \\n(.g") || line.starts_with(".el .ds Aq")) {
            let _ = writeln!(out, "{line}");
        }
    }
    out
}

fn paragraph(roff: &mut Roff, text: &str) {
    roff.control("PP", []).text([roman(text)]);
}

fn item(roff: &mut Roff, term: &str, text: &str) {
    roff.control("TP", [])
        .text([bold(term)])
        .text([roman(text)]);
}

fn description() -> String {
    let mut roff = Roff::new();
    roff.control("SH", ["DESCRIPTION"]);
    paragraph(
        &mut roff,
        "synclens reads, checks and compares the documents that configure Microsoft Entra ID \
         provisioning: synchronization schemas, jobs, templates and the Microsoft Graph \
         collections they come in (UTF-8 or UTF-16, Graph's JSON or a PowerShell export).",
    );
    paragraph(
        &mut roff,
        "Everything works offline except fetch (and graph: sides of diff), which only read \
         the live configuration through Microsoft Graph and never change it.",
    );
    body(&roff.render())
}

fn exit_status() -> String {
    let mut roff = Roff::new();
    roff.control("SH", ["EXIT STATUS"]);
    item(
        &mut roff,
        "0",
        "Success: no error-level finding (validate), no change or finding at the failing \
         level (diff; always 0 as git's external diff driver), every file loaded (inspect), \
         every file canonical (fmt --check), everything fetched (fetch), the expression \
         parsed (expr).",
    );
    item(
        &mut roff,
        "1",
        "The command ran and found a problem: error-level findings, or warnings with \
         --deny-warnings, including files that could not be loaded (validate); a finding at \
         the --fail-on-findings level or a change at the --fail-on level (diff); a file that \
         failed to load (inspect); files not in canonical form (fmt --check); some jobs or \
         templates failed to fetch, or --prune could not remove a file (fetch); an \
         expression that does not parse (expr).",
    );
    item(
        &mut roff,
        "2",
        "Usage error, invalid configuration, an unreadable path, a file that cannot be \
         loaded or written (diff, fmt), or a failure to run (authentication, nothing \
         fetched).",
    );
    body(&roff.render())
}

fn environment() -> String {
    let mut roff = Roff::new();
    roff.control("SH", ["ENVIRONMENT"]);
    for (name, text) in [
        (
            "NO_COLOR",
            "When set and not empty, reports are not coloured (as --color never); otherwise \
             they are coloured on a terminal that is not TERM=dumb.",
        ),
        (
            "CLICOLOR, CLICOLOR_FORCE",
            "CLICOLOR=0 turns off, and CLICOLOR_FORCE=1 forces (also through a pipe), the \
             colours of reports, --help and usage errors; NO_COLOR wins over both, --color \
             always and --color never over all three.",
        ),
        (
            "SYNCLENS_TOKEN",
            "fetch, diff graph:: a bearer token for Microsoft Graph, tried first (--token-env \
             names another variable).",
        ),
        (
            "AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET",
            "Client credentials, tried second. AZURE_CLIENT_ID also picks a user-assigned \
             managed identity.",
        ),
        (
            "AZURE_FEDERATED_TOKEN_FILE",
            "With AZURE_TENANT_ID and AZURE_CLIENT_ID: workload identity federation (GitHub \
             Actions OIDC, AKS workload identity), tried third. A regular file of at most \
             64 KiB.",
        ),
        (
            "IDENTITY_ENDPOINT, IDENTITY_HEADER",
            "The App Service managed identity endpoint, used for the managed identity (tried \
             fourth) instead of the instance metadata endpoint.",
        ),
        (
            "SYNCLENS_IMDS_ENDPOINT",
            "Replaces the managed identity endpoint (a local token service).",
        ),
        (
            "PATH",
            "Where the Azure CLI (az) is looked for, tried last: az account get-access-token.",
        ),
        (
            "HTTPS_PROXY, ALL_PROXY, NO_PROXY",
            "The proxy for hosts that are not loopback addresses, and the hosts reached \
             without it (lower-case names too).",
        ),
        (
            "GIT_DIFF_PATH_TOTAL",
            "Set by git when it runs synclens diff as its external diff driver.",
        ),
    ] {
        item(&mut roff, name, text);
    }
    paragraph(&mut roff, "An empty variable counts as unset.");
    body(&roff.render())
}

fn files() -> String {
    let mut roff = Roff::new();
    roff.control("SH", ["FILES"]);
    item(
        &mut roff,
        "synclens.toml",
        "Settings of validate and of diff's new side (deny-warnings, allow, warn, deny, \
         [[ignore]] entries), looked for in the current folder and its parents up to the \
         repository root (the nearest folder with .git), never above it; outside a \
         repository only in the current folder. --config FILE names one, --no-config \
         ignores it.",
    );
    item(
        &mut roff,
        "functions.json, filter-operators.json",
        "Captured /functions and /filterOperators responses lying next to a document (as \
         fetch writes them): used for it by validate and diff.",
    );
    body(&roff.render())
}

fn examples_section() -> String {
    let mut roff = Roff::new();
    roff.control("SH", ["EXAMPLES"]);
    for (command, text) in [
        ("synclens", examples::MAIN),
        ("synclens validate", examples::VALIDATE),
        ("synclens diff", examples::DIFF),
        ("synclens fmt", examples::FMT),
        ("synclens fetch", examples::FETCH),
        ("synclens inspect", examples::INSPECT),
        ("synclens expr", examples::EXPR),
    ] {
        roff.control("TP", []).text([bold(command)]);
        roff.control("nf", []);
        for line in text.lines().skip(1) {
            roff.text([roman(line.trim_start())]);
        }
        roff.control("fi", []);
    }
    body(&roff.render())
}

fn see_also() -> String {
    let mut roff = Roff::new();
    roff.control("SH", ["SEE ALSO"]);
    roff.text([
        bold("git"),
        roman("(1), "),
        bold("gitattributes"),
        roman("(5). "),
        roman(
            "synclens explain --list prints every rule, synclens explain --changes every \
               change code; the repository's ",
        ),
        italic("README.md"),
        roman(" and "),
        italic("docs/"),
        roman(" describe each in full."),
    ]);
    body(&roff.render())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_has_every_section_and_every_command() {
        let page = page().unwrap();
        for section in [
            ".SH NAME",
            ".SH SYNOPSIS",
            ".SH DESCRIPTION",
            ".SH OPTIONS",
            ".SH COMMANDS",
            ".SH \"EXIT STATUS\"",
            ".SH ENVIRONMENT",
            ".SH FILES",
            ".SH EXAMPLES",
            ".SH \"SEE ALSO\"",
        ] {
            assert!(page.contains(section), "{section} missing");
        }
        for command in Cli::command().get_subcommands() {
            let heading = format!(".SS \"synclens {}\"", command.get_name());
            let plain = format!(".SS synclens {}", command.get_name());
            assert!(
                page.contains(&heading) || page.contains(&plain),
                "{} missing",
                command.get_name()
            );
        }
        assert!(!page.contains("synclens-validate(1)"), "no page of its own");
    }
}
