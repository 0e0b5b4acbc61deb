//! The "Examples" sections shown after each subcommand's `--help`, kept in one place
//! so they read alike and stay short. Each starts with the line `Examples:` (a test
//! checks that every `--help` ends with one); `synclens man` shows them too.

pub(crate) const MAIN: &str = "\
Examples:
  synclens validate exports/                  check every synchronization document below
  synclens diff old/schema.json new/schema.json
  synclens fmt --check exports/
  synclens fetch --service-principal 'Contoso SCIM' --out exports
  synclens explain R203
  synclens <COMMAND> --help                   options and examples of a command";

pub(crate) const INSPECT: &str = "\
Examples:
  synclens inspect schema.json
  synclens inspect --mappings exports/
  synclens inspect --format json job.json | jq .status
  Get-Content schema.json | synclens inspect -";

pub(crate) const VALIDATE: &str = "\
Examples:
  synclens validate schema.json
  synclens validate --deny-warnings exports/
  synclens validate --allow F601 --format sarif exports/ > synclens.sarif
  synclens validate --filter-operators filter-operators.json schema.json";

pub(crate) const EXPLAIN: &str = "\
Examples:
  synclens explain F601
  synclens explain unknown-operator
  synclens explain --list
  synclens explain T604               a change code of synclens diff
  synclens explain --changes          every change code with its impact";

pub(crate) const DIFF: &str = "\
Examples:
  synclens diff old/schema.json new/schema.json
  synclens diff --format markdown --fail-on breaking main-exports/ branch-exports/
  synclens diff --labels template,job --customizations template.json job-schema.json
  synclens diff --format json --ignore 'rules[*]/objectMappings[*]/attributeMappings[extension*' a.json b.json
  GIT_EXTERNAL_DIFF='synclens diff' git diff      (see README: git integration)
  synclens diff graph:servicePrincipals/<id>/jobs/<job id> jobs/<job id>/schema.json
  synclens diff old.json new.json --sample users.jsonl --examples 5 --fail-on-leaving 0
  synclens diff old.json new.json --sample users.json --format markdown --redact";

pub(crate) const FETCH: &str = "\
Examples:
  synclens fetch --service-principal 'Contoso SCIM' --out exports
  synclens fetch --service-principal 0c9e9e0a-7f4b-4a7e-9e0f-3e1c2b1a0d9f --templates --out exports
  SYNCLENS_TOKEN=$(az account get-access-token --resource https://graph.microsoft.com \\
    --query accessToken -o tsv) synclens fetch --service-principal <appId> --out exports
  synclens fetch --cloud usgov --auth client-secret --service-principal <id> --out exports
  synclens fetch --users 10000 --schema jobs/<job id>/schema.json --out users.jsonl";

#[cfg(feature = "fetch")]
pub(crate) const PLAN: &str = "\
Examples:
  synclens plan exports/<sp id>/jobs/<job id>/schema.json --service-principal 'Contoso SCIM' --job <job id>
  synclens plan schema.json --service-principal <id> --job <job id> --format markdown --out plan.json";

#[cfg(feature = "fetch")]
pub(crate) const APPLY: &str = "\
Examples:
  synclens apply plan.json
  synclens apply plan.json --yes --backup-dir backups      (in a pipeline, after review)
  synclens apply --restore .synclens/backups/<job id>/<time>.schema.json --service-principal <id> --job <job id>";

pub(crate) const SCHEMA: &str = "\
Examples:
  synclens schema schema > synchronization-schema.schema.json
  synclens schema job
  synclens schema --write --dir schemas";

pub(crate) const FMT: &str = "\
Examples:
  synclens fmt schema.json            rewrite in canonical form (only if it changes)
  synclens fmt exports/               every synchronization document below the folder
  synclens fmt --check exports/       exit 1 and list the files that are not canonical
  synclens fmt --stdout schema.json   print the canonical form, change nothing
  synclens fmt --bom schema.json      write a UTF-8 byte order mark (Windows PowerShell 5.1)
  Get-Content schema.json | synclens fmt -";

pub(crate) const COMPLETIONS: &str = "\
Examples:
  source <(synclens completions bash)
  synclens completions zsh > ~/.zfunc/_synclens
  synclens completions fish > ~/.config/fish/completions/synclens.fish
  synclens completions powershell | Out-String | Invoke-Expression";

pub(crate) const MAN: &str = "\
Examples:
  synclens man > synclens.1 && man ./synclens.1
  synclens man | gzip > /usr/local/share/man/man1/synclens.1.gz";

pub(crate) const EXPR: &str = "\
Examples:
  synclens expr parse 'Join(\"@\", [givenName], \"contoso.com\")'
  synclens expr parse --format json 'IIF(IsPresent([mail]), [mail], [userPrincipalName])'
  synclens expr fmt 'Trim( [displayName] )'
  echo '[mail]' | synclens expr parse -";

pub(crate) const EXPR_PARSE: &str = "\
Examples:
  synclens expr parse 'Join(\"@\", [sAMAccountName], %DomainFQDN%)'
  synclens expr parse --format json 'IIF(IsPresent([mail]), [mail], [userPrincipalName])'
  synclens expr parse --functions functions.json 'MyFunction([mail])'
  echo '[mail]' | synclens expr parse -";

pub(crate) const EXPR_FMT: &str = "\
Examples:
  synclens expr fmt 'Trim( [displayName] )'
  synclens expr fmt 'Mid([givenName],1,3)'
  echo 'Join(\"@\",[givenName],\"contoso.com\")' | synclens expr fmt -";
