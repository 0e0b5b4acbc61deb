//! S107 truncated-powershell-dump: a PowerShell export that `ConvertTo-Json` cut off
//! at its depth limit. Found by the loader ([`crate::load::powershell`]), which leaves
//! the cut-off values out so the rest loads; reported once per document by the
//! pipeline.

use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "S107",
    name: "truncated-powershell-dump",
    severity: Severity::Error,
    summary: "The document was written by PowerShell's `ConvertTo-Json` without `-Depth` \
              (default depth 2): objects and arrays deeper than that are text such as \
              `\"@{Key=…; Value=…}\"`, `\"System.Collections.Hashtable\"` or \
              `\"Microsoft.Graph.PowerShell.Models.MicrosoftGraphAttributeMappingSource\"`. \
              Reported once per document, with the number of values lost and the first of \
              them; the wrong-type findings (S102) those values would give are not reported, \
              and the other semantic rules, which would report the lost parts as missing, \
              are skipped (X801 still runs).",
    why: "The text replaced the configuration: directories, rules, mappings or expressions \
          below that depth are gone, and uploading the file would erase them. `fmt` and \
          `diff` refuse such a file.",
    example: "```json\n{\"Id\": \"…\", \"Directories\": [\"Microsoft.Graph.PowerShell.Models.\
              MicrosoftGraphDirectoryDefinition\"], \"SynchronizationRules\": [\"Microsoft.\
              Graph.PowerShell.Models.MicrosoftGraphSynchronizationRule\"]}\n```\n\nExport it \
              again with enough depth, e.g. `Get-MgServicePrincipalSynchronizationJobSchema \
              -ServicePrincipalId $sp -SynchronizationJobId $job | ConvertTo-Json -Depth 100 \
              | Set-Content -Encoding utf8 schema.json`, or use `synclens fetch`.",
};

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/directories/0"), "{findings:?}");
    }
}
