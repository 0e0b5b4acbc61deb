<#
Drift check for Azure Pipelines: fetches the live configuration of each service
principal with `synclens fetch` and diffs it against the committed exports. The Azure
DevOps counterpart of docs/workflows/scripts/drift.sh, for PowerShell 7 (pwsh) and
Windows PowerShell 5.1.

Usage:  drift.ps1 SERVICE_PRINCIPAL_ID...   (default: the ids in SERVICE_PRINCIPALS,
                                             separated by spaces)
Env:    EXPORTS           committed exports, laid out as `synclens fetch` writes them:
                          <EXPORTS>/<service principal>/jobs/<job id>/schema.json, ...
                          (default: exports)
        SYNCLENS_FAIL_ON  any (default), needs-review or breaking
        SYNCLENS_AUTH     synclens fetch's --auth (default: azure-pipelines, the service
                          connection of the AzureCLI@2 or AzurePowerShell@5 task this
                          runs in, with SYSTEM_ACCESSTOKEN mapped into the step)
        AGENT_TEMPDIRECTORY  set by Azure Pipelines: where the live copy goes
Output: the Markdown report as the run's summary and the artifact synclens-drift, and
        the output variable `drift` (true or false) of the step.
Exit:   0 no drift, 1 drift, 2 a fetch or diff failed.
#>
param(
    [Parameter(ValueFromRemainingArguments = $true)]
    [string[]] $ServicePrincipal
)
$ErrorActionPreference = 'Stop'

if (-not $ServicePrincipal) {
    $ServicePrincipal = "$env:SERVICE_PRINCIPALS" -split '\s+' | Where-Object { $_ }
}
if (-not $ServicePrincipal) {
    Write-Host '##vso[task.logissue type=error]no service principal: pass ids or set SERVICE_PRINCIPALS'
    exit 2
}
$exports = if ($env:EXPORTS) { $env:EXPORTS } else { 'exports' }
$failOn = if ($env:SYNCLENS_FAIL_ON) { $env:SYNCLENS_FAIL_ON } else { 'any' }
$auth = if ($env:SYNCLENS_AUTH) { $env:SYNCLENS_AUTH } else { 'azure-pipelines' }
$temp = if ($env:AGENT_TEMPDIRECTORY) { $env:AGENT_TEMPDIRECTORY } else { [System.IO.Path]::GetTempPath() }
$live = Join-Path $temp 'synclens-live'
Remove-Item -LiteralPath $live -Recurse -Force -ErrorAction SilentlyContinue
New-Item -ItemType Directory -Path $live | Out-Null
$report = Join-Path $live 'drift.md'
# UTF-8 without a byte order mark, in both PowerShell editions.
$utf8 = New-Object System.Text.UTF8Encoding $false
$markdown = New-Object System.Text.StringBuilder

$status = 0
foreach ($sp in $ServicePrincipal) {
    [void]$markdown.AppendLine("### Service principal ``$sp``").AppendLine()
    synclens fetch --auth $auth --service-principal $sp --out $live
    if ($LASTEXITCODE -ne 0) {
        Write-Host "##vso[task.logissue type=error]synclens fetch failed for service principal $sp (exit code $LASTEXITCODE)"
        [void]$markdown.AppendLine("synclens fetch failed (exit code $LASTEXITCODE): see the log.").AppendLine()
        $status = 2
        continue
    }
    $committed = Join-Path $exports $sp
    $current = Join-Path $live $sp
    # The human diff for the log, the Markdown one (written as UTF-8 by synclens) for
    # the summary.
    synclens diff --color always --labels committed,live $committed $current
    $section = Join-Path $live "$sp.md"
    synclens diff --format markdown --fail-on $failOn --labels committed,live --output $section $committed $current
    $code = $LASTEXITCODE
    if (Test-Path -LiteralPath $section) {
        [void]$markdown.AppendLine([System.IO.File]::ReadAllText($section, $utf8))
    }
    if ($code -gt $status) {
        $status = $code
    }
}

[System.IO.File]::WriteAllText($report, $markdown.ToString(), $utf8)
Write-Host "##vso[task.uploadsummary]$report"
Write-Host "##vso[artifact.upload artifactname=synclens-drift]$report"
$drift = if ($status -eq 1) { 'true' } else { 'false' }
Write-Host "##vso[task.setvariable variable=drift;isOutput=true]$drift"
if ($status -eq 1) {
    Write-Host '##vso[task.logissue type=error]the live configuration differs from the committed exports (see the run summary)'
}
exit $status
