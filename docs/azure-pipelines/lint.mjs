// Lints the Azure Pipelines templates (docs/azure-pipelines/*.yml) with a real YAML
// parser, the npm package `yaml` (pinned, installed into target/tools as .ci/run does):
//
//   npm install --prefix target/tools yaml@2.9.1
//   node docs/azure-pipelines/lint.mjs [FILE.yml]...
//
// SYNCLENS_TOOLS_DIR is the folder npm installed into (default: SYNCLENS_ACTIONLINT_DIR,
// then target/tools). A file is a pipeline (it has trigger, pr, schedules, pool, jobs,
// stages or extends) or a steps template (parameters and steps only). Checked:
//
// - YAML syntax, duplicate keys, one document per file;
// - a pipeline states its triggers (`trigger`, `pr` and/or `schedules`; a pipeline with
//   none runs on every push to every branch), in their documented shapes, and every
//   schedule's `cron` has five valid fields;
// - exactly one of stages, jobs, steps or extends; every job has steps and a pool (its
//   own or the pipeline's), a pool names a `vmImage` or a `name`;
// - every step has exactly one of task, script, bash, pwsh, powershell, checkout,
//   template (or download, publish) and only the properties its kind takes;
// - a task is `Name@Major` and one of the tasks below (real Azure Pipelines tasks, with
//   their inputs and aliases): unknown inputs, missing required inputs and values outside
//   a pick list are errors;
// - a step template exists (relative to the file that uses it) and declares every
//   parameter passed to it, and the required ones are passed; `${{ parameters.x }}`
//   names a declared parameter; parameter and step names are identifiers.
//
// Prints one line per finding (file:line:column: message) and exits 1 on any, 2 when
// it cannot run.
import { existsSync, readFileSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const tools = resolve(
  process.env.SYNCLENS_TOOLS_DIR ||
    process.env.SYNCLENS_ACTIONLINT_DIR ||
    join(root, "target/tools")
);

let YAML;
try {
  YAML = createRequire(join(tools, "package.json"))("yaml");
} catch (error) {
  console.error(`cannot load the yaml package from ${tools}: ${error.message}`);
  console.error("install it with: npm install --prefix target/tools yaml@2.9.1");
  process.exit(2);
}
const { LineCounter, isMap, isSeq, isScalar, parseAllDocuments } = YAML;

// The tasks the templates may use: major version → inputs. An input is a name or a
// list of a name and its aliases; `required` lists inputs (or alternatives) that must
// be given, `when` those required only for some value of another input, `choices`
// the allowed values of pick lists. From the tasks' reference pages on
// learn.microsoft.com and their task.json in microsoft/azure-pipelines-tasks.
const TASKS = {
  AzureCLI: {
    2: {
      inputs: [
        ["azureSubscription", "connectedServiceNameARM"],
        "scriptType",
        "scriptLocation",
        "scriptPath",
        "inlineScript",
        ["arguments", "scriptArguments"],
        "powerShellErrorActionPreference",
        "addSpnToEnvironment",
        "useGlobalConfig",
        ["workingDirectory", "cwd"],
        "failOnStandardError",
        "powerShellIgnoreLASTEXITCODE",
        "visibleAzLogin",
        "allowNoSubscriptions",
        "keepAzSessionActive",
      ],
      required: [["azureSubscription", "connectedServiceNameARM"], "scriptType"],
      when: { scriptLocation: { scriptPath: "scriptPath", inlineScript: "inlineScript" } },
      defaults: { scriptLocation: "scriptPath" },
      choices: {
        scriptType: ["ps", "pscore", "batch", "bash"],
        scriptLocation: ["inlineScript", "scriptPath"],
        powerShellErrorActionPreference: ["stop", "continue", "silentlyContinue"],
      },
    },
  },
  AzurePowerShell: {
    5: {
      inputs: [
        ["azureSubscription", "ConnectedServiceNameARM"],
        "ScriptType",
        "ScriptPath",
        "Inline",
        "ScriptArguments",
        "errorActionPreference",
        "FailOnStandardError",
        ["azurePowerShellVersion", "TargetAzurePs"],
        ["preferredAzurePowerShellVersion", "CustomTargetAzurePs"],
        "pwsh",
        "validateScriptSignature",
        "workingDirectory",
      ],
      required: [["azureSubscription", "ConnectedServiceNameARM"]],
      choices: {
        ScriptType: ["FilePath", "InlineScript"],
        azurePowerShellVersion: ["LatestVersion", "OtherVersion"],
        errorActionPreference: ["stop", "continue", "silentlyContinue"],
      },
    },
  },
  PublishTestResults: {
    2: {
      inputs: [
        ["testResultsFormat", "testRunner"],
        "testResultsFiles",
        "searchFolder",
        "mergeTestResults",
        "failTaskOnFailedTests",
        "failTaskOnFailureToPublishResults",
        "failTaskOnMissingResultsFile",
        "testRunTitle",
        ["buildPlatform", "platform"],
        ["buildConfiguration", "configuration"],
        "publishRunAttachments",
      ],
      required: [],
      choices: { testResultsFormat: ["JUnit", "NUnit", "VSTest", "XUnit", "CTest"] },
    },
  },
  "AdvancedSecurity-Publish": {
    1: {
      inputs: [
        "SarifsInputDirectory",
        "EnableRecursiveScanning",
        "Category",
        "WaitForProcessing",
        "WaitForProcessingInterval",
        "WaitForProcessingTimeout",
      ],
      required: [],
    },
  },
  PowerShell: {
    2: {
      inputs: [
        "targetType",
        "filePath",
        "arguments",
        "script",
        "errorActionPreference",
        "warningPreference",
        "informationPreference",
        "verbosePreference",
        "debugPreference",
        "progressPreference",
        "failOnStderr",
        "showWarnings",
        "ignoreLASTEXITCODE",
        "pwsh",
        "workingDirectory",
        "runScriptInSeparateScope",
      ],
      required: [],
      when: { targetType: { filePath: "filePath", inline: "script" } },
      defaults: { targetType: "filePath" },
      choices: { targetType: ["filePath", "inline"] },
    },
  },
  Bash: {
    3: {
      inputs: ["targetType", "filePath", "arguments", "script", "workingDirectory", "failOnStderr", "bashEnvValue"],
      required: [],
      when: { targetType: { filePath: "filePath", inline: "script" } },
      defaults: { targetType: "filePath" },
      choices: { targetType: ["filePath", "inline"] },
    },
  },
};

// What each kind of step may say besides its own key.
const COMMON_STEP_KEYS = [
  "condition",
  "continueOnError",
  "displayName",
  "enabled",
  "env",
  "name",
  "retryCountOnTaskFailure",
  "target",
  "timeoutInMinutes",
];
const SCRIPT_KEYS = ["failOnStderr", "workingDirectory"];
const POWERSHELL_KEYS = [
  ...SCRIPT_KEYS,
  "errorActionPreference",
  "ignoreLASTEXITCODE",
  "warningPreference",
  "informationPreference",
  "verbosePreference",
  "debugPreference",
  "progressPreference",
];
const STEP_KINDS = {
  task: [...COMMON_STEP_KEYS, "inputs"],
  script: [...COMMON_STEP_KEYS, ...SCRIPT_KEYS],
  bash: [...COMMON_STEP_KEYS, ...SCRIPT_KEYS],
  pwsh: [...COMMON_STEP_KEYS, ...POWERSHELL_KEYS],
  powershell: [...COMMON_STEP_KEYS, ...POWERSHELL_KEYS],
  checkout: [
    ...COMMON_STEP_KEYS,
    "clean",
    "fetchDepth",
    "fetchFilter",
    "fetchTags",
    "lfs",
    "path",
    "persistCredentials",
    "sparseCheckoutDirectories",
    "sparseCheckoutPatterns",
    "submodules",
    "workspaceRepo",
  ],
  template: ["parameters"],
  download: [...COMMON_STEP_KEYS, "artifact", "patterns"],
  publish: [...COMMON_STEP_KEYS, "artifact", "artifactType", "fileSharePath", "parallel", "parallelCount"],
};
const JOB_KEYS = [
  "job",
  "displayName",
  "dependsOn",
  "condition",
  "continueOnError",
  "timeoutInMinutes",
  "cancelTimeoutInMinutes",
  "variables",
  "strategy",
  "pool",
  "container",
  "services",
  "workspace",
  "uses",
  "steps",
  "templateContext",
];
const STAGE_KEYS = [
  "stage",
  "displayName",
  "dependsOn",
  "condition",
  "variables",
  "jobs",
  "lockBehavior",
  "trigger",
  "isSkippable",
  "pool",
  "templateContext",
];
const PIPELINE_KEYS = [
  "name",
  "appendCommitMessageToRunName",
  "trigger",
  "pr",
  "schedules",
  "resources",
  "parameters",
  "variables",
  "lockBehavior",
  "pool",
  "container",
  "services",
  "workspace",
  "stages",
  "jobs",
  "steps",
  "extends",
];
const TEMPLATE_KEYS = ["parameters", "steps"];
const PARAMETER_TYPES = [
  "string",
  "number",
  "boolean",
  "object",
  "step",
  "stepList",
  "job",
  "jobList",
  "deployment",
  "deploymentList",
  "stage",
  "stageList",
];
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const EXPRESSION = /^\$\{\{.*\}\}$/s;

class Linter {
  constructor(file, text) {
    this.file = file;
    this.text = text;
    this.lines = new LineCounter();
    this.findings = [];
  }

  report(node, message) {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = this.lines.linePos(offset);
    this.findings.push({ line, col, message });
  }

  /** The pairs of a map as [key text, key node, value node]. */
  pairs(map) {
    return map.items.map((pair) => [String(pair.key?.value ?? pair.key), pair.key, pair.value]);
  }

  get(map, key) {
    const pair = map.items.find((item) => String(item.key?.value ?? item.key) === key);
    return pair ? pair.value : undefined;
  }

  keyNode(map, key) {
    return map.items.find((item) => String(item.key?.value ?? item.key) === key)?.key;
  }

  scalar(node) {
    return isScalar(node) ? node.value : undefined;
  }

  onlyKeys(map, allowed, what) {
    for (const [key, keyNode] of this.pairs(map)) {
      if (!allowed.includes(key) && !EXPRESSION.test(key)) {
        this.report(keyNode, `${what} has no property \`${key}\` (it takes ${allowed.join(", ")})`);
      }
    }
  }

  stringList(node, what) {
    if (!isSeq(node)) {
      this.report(node, `${what} must be a list of strings`);
      return;
    }
    for (const item of node.items) {
      if (!isScalar(item) || typeof item.value !== "string") {
        this.report(item, `${what} must be a list of strings`);
      }
    }
  }

  includeExclude(node, what) {
    if (!isMap(node)) {
      this.report(node, `${what} must be a map with include and/or exclude lists`);
      return;
    }
    this.onlyKeys(node, ["include", "exclude"], what);
    for (const [key, , value] of this.pairs(node)) {
      if (key === "include" || key === "exclude") this.stringList(value, `${what}.${key}`);
    }
  }

  lint() {
    const docs = parseAllDocuments(this.text, {
      lineCounter: this.lines,
      prettyErrors: false,
      uniqueKeys: true,
    });
    const list = Array.isArray(docs) ? docs : [docs];
    for (const doc of list) {
      for (const error of [...doc.errors, ...doc.warnings]) {
        this.report({ range: error.pos }, `YAML: ${error.message.split("\n")[0]}`);
      }
    }
    if (this.findings.length > 0) return;
    if (list.length !== 1) {
      this.report(list[1]?.contents, "one YAML document per file");
      return;
    }
    const top = list[0].contents;
    if (!isMap(top)) {
      this.report(top, "a pipeline or template is a map at its top level");
      return;
    }
    this.parameters = this.declaredParameters(top);
    this.checkParameterReferences();
    const keys = this.pairs(top).map(([key]) => key);
    const pipelineKeys = ["trigger", "pr", "schedules", "pool", "jobs", "stages", "extends"];
    if (keys.some((key) => pipelineKeys.includes(key))) {
      this.pipeline(top);
    } else if (keys.includes("steps")) {
      this.onlyKeys(top, TEMPLATE_KEYS, "a steps template");
      this.steps(this.get(top, "steps"), "steps");
    } else {
      this.report(top, "neither a pipeline (trigger, pr, schedules, pool, jobs, stages or extends) nor a steps template (parameters and steps)");
    }
  }

  declaredParameters(top) {
    const names = new Map();
    const node = this.get(top, "parameters");
    if (node === undefined) return names;
    if (!isSeq(node)) {
      this.report(node, "parameters must be a list of { name, type, default }");
      return names;
    }
    for (const item of node.items) {
      if (!isMap(item)) {
        this.report(item, "a parameter is a map with name, type and default");
        continue;
      }
      this.onlyKeys(item, ["name", "displayName", "type", "default", "values"], "a parameter");
      const name = this.scalar(this.get(item, "name"));
      if (typeof name !== "string" || !IDENTIFIER.test(name)) {
        this.report(this.get(item, "name") ?? item, "a parameter needs a `name` that is an identifier");
        continue;
      }
      const type = this.get(item, "type");
      if (type !== undefined && !PARAMETER_TYPES.includes(this.scalar(type))) {
        this.report(type, `parameter ${name}: type must be one of ${PARAMETER_TYPES.join(", ")}`);
      }
      names.set(name, { required: this.get(item, "default") === undefined });
    }
    return names;
  }

  checkParameterReferences() {
    const pattern = /\bparameters\.([A-Za-z_][A-Za-z0-9_]*)/g;
    for (const expression of this.text.matchAll(/\$\{\{(.*?)\}\}/gs)) {
      for (const reference of expression[1].matchAll(pattern)) {
        if (!this.parameters.has(reference[1])) {
          const offset = expression.index + 3 + reference.index;
          this.report({ range: [offset] }, `\`parameters.${reference[1]}\` is not a declared parameter`);
        }
      }
    }
  }

  pipeline(top) {
    this.onlyKeys(top, PIPELINE_KEYS, "a pipeline");
    const triggers = ["trigger", "pr", "schedules"].filter((key) => this.get(top, key) !== undefined);
    if (triggers.length === 0) {
      this.report(top, "no trigger, pr or schedules: the pipeline would run on every push to every branch (say `trigger: none` if that is not meant)");
    }
    const trigger = this.get(top, "trigger");
    if (trigger !== undefined) this.trigger(trigger, "trigger", ["batch", "branches", "paths", "tags"]);
    const pr = this.get(top, "pr");
    if (pr !== undefined) this.trigger(pr, "pr", ["autoCancel", "branches", "paths", "drafts"]);
    const schedules = this.get(top, "schedules");
    if (schedules !== undefined) this.schedules(schedules);
    const variables = this.get(top, "variables");
    if (variables !== undefined) this.variables(variables);

    const bodies = ["stages", "jobs", "steps", "extends"].filter((key) => this.get(top, key) !== undefined);
    if (bodies.length !== 1) {
      this.report(top, `a pipeline has exactly one of stages, jobs, steps or extends (this one: ${bodies.join(", ") || "none"})`);
      return;
    }
    const pool = this.get(top, "pool");
    if (pool !== undefined) this.pool(pool);
    if (bodies[0] === "steps") {
      if (pool === undefined) this.report(this.keyNode(top, "steps"), "steps without a pool: add `pool: vmImage: …`");
      this.steps(this.get(top, "steps"), "steps");
    } else if (bodies[0] === "jobs") {
      this.jobs(this.get(top, "jobs"), pool !== undefined);
    } else if (bodies[0] === "stages") {
      const stages = this.get(top, "stages");
      if (!isSeq(stages)) {
        this.report(stages, "stages must be a list");
        return;
      }
      for (const stage of stages.items) {
        if (!isMap(stage)) {
          this.report(stage, "a stage is a map");
          continue;
        }
        if (this.get(stage, "template") !== undefined) continue;
        this.onlyKeys(stage, STAGE_KEYS, "a stage");
        if (this.get(stage, "stage") === undefined) this.report(stage, "a stage needs `stage: <identifier>`");
        const stagePool = this.get(stage, "pool");
        if (stagePool !== undefined) this.pool(stagePool);
        this.jobs(this.get(stage, "jobs") ?? stage, pool !== undefined || stagePool !== undefined);
      }
    }
  }

  trigger(node, what, keys) {
    if (isScalar(node)) {
      if (node.value !== "none") this.report(node, `${what}: \`none\`, a list of branches, or a map`);
      return;
    }
    if (isSeq(node)) {
      this.stringList(node, what);
      return;
    }
    if (!isMap(node)) {
      this.report(node, `${what}: \`none\`, a list of branches, or a map`);
      return;
    }
    this.onlyKeys(node, keys, what);
    for (const [key, , value] of this.pairs(node)) {
      if (["branches", "paths", "tags"].includes(key)) this.includeExclude(value, `${what}.${key}`);
    }
  }

  schedules(node) {
    if (!isSeq(node) || node.items.length === 0) {
      this.report(node, "schedules must be a list of { cron, branches, … }");
      return;
    }
    for (const schedule of node.items) {
      if (!isMap(schedule)) {
        this.report(schedule, "a schedule is a map with cron and branches");
        continue;
      }
      this.onlyKeys(schedule, ["cron", "displayName", "branches", "batch", "always"], "a schedule");
      const cron = this.get(schedule, "cron");
      if (cron === undefined) {
        this.report(schedule, "a schedule needs `cron`");
      } else {
        const problem = cronProblem(this.scalar(cron));
        if (problem) this.report(cron, `cron: ${problem}`);
      }
      const branches = this.get(schedule, "branches");
      if (branches !== undefined) this.includeExclude(branches, "schedules.branches");
    }
  }

  variables(node) {
    if (isMap(node)) {
      for (const [key, keyNode, value] of this.pairs(node)) {
        if (!EXPRESSION.test(key) && !isScalar(value)) this.report(keyNode, `variable ${key}: the value must be a string`);
      }
      return;
    }
    if (!isSeq(node)) {
      this.report(node, "variables must be a map or a list of { name, value } / { group } / { template }");
      return;
    }
    for (const item of node.items) {
      if (!isMap(item)) {
        this.report(item, "a variable is { name, value }, { group } or { template }");
        continue;
      }
      const kind = ["name", "group", "template"].filter((key) => this.get(item, key) !== undefined);
      if (kind.length !== 1 && !this.pairs(item).some(([key]) => EXPRESSION.test(key))) {
        this.report(item, "a variable is { name, value }, { group } or { template }");
      }
    }
  }

  pool(node) {
    if (isScalar(node)) {
      if (typeof node.value !== "string" || node.value === "") this.report(node, "pool: a pool name or { vmImage | name }");
      return;
    }
    if (!isMap(node)) {
      this.report(node, "pool: a pool name or { vmImage | name }");
      return;
    }
    this.onlyKeys(node, ["name", "vmImage", "demands"], "pool");
    if (this.get(node, "vmImage") === undefined && this.get(node, "name") === undefined) {
      this.report(node, "pool needs `vmImage` (Microsoft-hosted) or `name` (a self-hosted pool)");
    }
  }

  jobs(node, hasPool) {
    if (!isSeq(node)) {
      this.report(node, "jobs must be a list");
      return;
    }
    for (const job of node.items) {
      if (!isMap(job)) {
        this.report(job, "a job is a map");
        continue;
      }
      if (this.pairs(job).some(([key]) => EXPRESSION.test(key))) continue;
      if (this.get(job, "template") !== undefined) {
        this.template(job, "template", "a job template");
        continue;
      }
      if (this.get(job, "deployment") !== undefined) continue;
      this.onlyKeys(job, JOB_KEYS, "a job");
      const name = this.get(job, "job");
      if (name === undefined || !IDENTIFIER.test(String(this.scalar(name)))) {
        this.report(name ?? job, "a job needs `job: <identifier>`");
      }
      const pool = this.get(job, "pool");
      if (pool !== undefined) this.pool(pool);
      else if (!hasPool) this.report(name ?? job, "a job without a pool, in a pipeline without one");
      const steps = this.get(job, "steps");
      if (steps === undefined) this.report(name ?? job, "a job needs steps");
      else this.steps(steps, "steps");
    }
  }

  steps(node, what) {
    if (!isSeq(node) || node.items.length === 0) {
      this.report(node, `${what} must be a non-empty list of steps`);
      return;
    }
    for (const step of node.items) {
      if (!isMap(step)) {
        this.report(step, "a step is a map (task, script, pwsh, …)");
        continue;
      }
      const pairs = this.pairs(step);
      // `- ${{ if … }}:` inserts the steps below it.
      if (pairs.length === 1 && EXPRESSION.test(pairs[0][0])) {
        this.steps(pairs[0][2], `the steps of ${pairs[0][0]}`);
        continue;
      }
      const kinds = pairs.map(([key]) => key).filter((key) => key in STEP_KINDS);
      if (kinds.length !== 1) {
        this.report(
          step,
          kinds.length === 0
            ? `a step needs one of ${Object.keys(STEP_KINDS).join(", ")}`
            : `a step has exactly one of ${Object.keys(STEP_KINDS).join(", ")} (this one: ${kinds.join(", ")})`
        );
        continue;
      }
      const kind = kinds[0];
      this.onlyKeys(step, [kind, ...STEP_KINDS[kind]], `a ${kind} step`);
      const value = this.get(step, kind);
      const name = this.get(step, "name");
      if (name !== undefined && !IDENTIFIER.test(String(this.scalar(name)))) {
        this.report(name, "a step name is an identifier (letters, digits, _)");
      }
      const env = this.get(step, "env");
      if (env !== undefined) {
        if (!isMap(env)) this.report(env, "env must be a map of variable names to strings");
        else
          for (const [key, keyNode, envValue] of this.pairs(env)) {
            if (!isScalar(envValue)) this.report(keyNode, `env ${key}: the value must be a string`);
          }
      }
      if (kind === "task") this.task(step, value);
      else if (kind === "template") this.template(step, "template", "a steps template");
      else if (kind === "checkout") {
        if (!isScalar(value) || !/^(self|none|[A-Za-z_][A-Za-z0-9_]*)$/.test(String(value.value))) {
          this.report(value, "checkout: self, none or a repository resource");
        }
        const depth = this.get(step, "fetchDepth");
        if (depth !== undefined && !/^\d+$/.test(String(this.scalar(depth)))) {
          this.report(depth, "fetchDepth is a number (0: the whole history)");
        }
      } else if (["script", "bash", "pwsh", "powershell"].includes(kind)) {
        if (!isScalar(value) || typeof value.value !== "string" || value.value.trim() === "") {
          this.report(value ?? step, `${kind}: the script text`);
        }
      }
    }
  }

  task(step, value) {
    const reference = this.scalar(value);
    const match = /^([A-Za-z][A-Za-z0-9_.-]*)@(\d+)$/.exec(String(reference));
    if (!match) {
      this.report(value, `task \`${reference}\`: a task reference is Name@Major, e.g. PublishTestResults@2`);
      return;
    }
    const [, name, major] = match;
    const spec = TASKS[name]?.[major];
    if (!spec) {
      const known = Object.entries(TASKS).flatMap(([task, majors]) => Object.keys(majors).map((m) => `${task}@${m}`));
      this.report(value, `task ${reference} is not one this linter knows (${known.join(", ")}); add it to TASKS in lint.mjs with its inputs`);
      return;
    }
    const inputsNode = this.get(step, "inputs");
    if (inputsNode !== undefined && !isMap(inputsNode)) {
      this.report(inputsNode, "inputs must be a map");
      return;
    }
    // Canonical (first) name of each input, by any of its names, case-insensitively.
    const canonical = new Map();
    for (const input of spec.inputs) {
      const names = Array.isArray(input) ? input : [input];
      for (const n of names) canonical.set(n.toLowerCase(), names[0]);
    }
    const given = new Map();
    for (const [key, keyNode, inputValue] of inputsNode ? this.pairs(inputsNode) : []) {
      const input = canonical.get(key.toLowerCase());
      if (!input) {
        this.report(keyNode, `${reference} has no input \`${key}\``);
        continue;
      }
      if (given.has(input)) this.report(keyNode, `${reference}: input ${input} given twice (by an alias)`);
      given.set(input, inputValue);
      const choices = spec.choices?.[input];
      const text = String(this.scalar(inputValue));
      if (choices && !text.includes("$(") && !text.includes("${{") && !choices.includes(text)) {
        this.report(inputValue, `${reference}: ${input} is one of ${choices.join(", ")}, not \`${text}\``);
      }
    }
    const where = inputsNode ?? value;
    for (const required of spec.required) {
      const names = Array.isArray(required) ? required : [required];
      if (!given.has(names[0])) this.report(where, `${reference} needs the input ${names.join(" (or ")}${names.length > 1 ? ")" : ""}`);
    }
    for (const [selector, byValue] of Object.entries(spec.when ?? {})) {
      const chosen = given.has(selector) ? String(this.scalar(given.get(selector))) : spec.defaults?.[selector];
      const needed = byValue[chosen];
      if (needed && !given.has(needed)) {
        this.report(where, `${reference} needs the input ${needed} when ${selector} is ${chosen}`);
      }
    }
  }

  template(node, key, what) {
    const value = this.get(node, key);
    const path = this.scalar(value);
    if (typeof path !== "string" || path === "") {
      this.report(value ?? node, `${what}: the path of a template file`);
      return;
    }
    // Templates from another repository (path@alias) or computed paths are not read.
    if (path.includes("@") || path.includes("${{")) return;
    const file = resolve(dirname(this.file), path.replace(/^\//, ""));
    if (!existsSync(file)) {
      this.report(value, `template ${path} not found (relative to ${relative(process.cwd(), this.file) || this.file})`);
      return;
    }
    let declared;
    try {
      const text = readFileSync(file, "utf8");
      const doc = YAML.parseDocument(text);
      const top = doc.contents;
      const parameters = isMap(top) ? top.get("parameters", true) : undefined;
      declared = new Map();
      if (isSeq(parameters)) {
        for (const item of parameters.items) {
          if (isMap(item) && typeof item.get("name") === "string") {
            declared.set(item.get("name"), { required: !item.has("default") });
          }
        }
      }
    } catch {
      return; // its own lint reports it
    }
    const passed = this.get(node, "parameters");
    const names = new Set();
    if (passed !== undefined) {
      if (!isMap(passed)) {
        this.report(passed, "template parameters must be a map");
        return;
      }
      for (const [name, keyNode] of this.pairs(passed)) {
        names.add(name);
        if (!declared.has(name)) {
          this.report(keyNode, `template ${path} has no parameter \`${name}\` (it declares ${[...declared.keys()].join(", ") || "none"})`);
        }
      }
    }
    for (const [name, { required }] of declared) {
      if (required && !names.has(name)) this.report(value, `template ${path} needs the parameter ${name}`);
    }
  }
}

/** What is wrong with a five-field cron expression, or undefined. */
function cronProblem(text) {
  if (typeof text !== "string") return "a string of five fields (minute hour day month weekday)";
  const fields = text.trim().split(/\s+/);
  if (fields.length !== 5) return `five fields (minute hour day month weekday), not ${fields.length}`;
  const months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
  const days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
  const specs = [
    ["minute", 0, 59, []],
    ["hour", 0, 23, []],
    ["day of month", 1, 31, []],
    ["month", 1, 12, months],
    ["day of week", 0, 6, days],
  ];
  for (let i = 0; i < 5; i += 1) {
    const [what, min, max, names] = specs[i];
    const number = (part) => {
      const index = names.indexOf(part.toLowerCase());
      if (index >= 0) return index + min;
      return /^\d+$/.test(part) ? Number(part) : NaN;
    };
    for (const item of fields[i].split(",")) {
      const [range, step] = item.split("/");
      if (step !== undefined && !/^[1-9]\d*$/.test(step)) return `${what}: bad step in \`${item}\``;
      if (range === "*") continue;
      const bounds = range.split("-").map(number);
      if (bounds.length > 2 || bounds.some((b) => Number.isNaN(b) || b < min || b > max)) {
        return `${what}: \`${item}\` is not within ${min}-${max}`;
      }
      if (bounds.length === 2 && bounds[0] > bounds[1]) return `${what}: \`${item}\` is an empty range`;
    }
  }
  return undefined;
}

const targets = process.argv.slice(2);
if (targets.length === 0) {
  for (const name of (await readdir(here)).sort()) {
    if (/\.ya?ml$/.test(name)) targets.push(join(here, name));
  }
}

let findings = 0;
for (const target of targets) {
  const path = resolve(target);
  const file = relative(process.cwd(), path) || path;
  let text;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    console.error(`${file}: cannot read: ${error.message}`);
    process.exit(2);
  }
  const linter = new Linter(path, text);
  linter.lint();
  linter.findings.sort((a, b) => a.line - b.line || a.col - b.col);
  for (const { line, col, message } of linter.findings) {
    console.log(`${file}:${line}:${col}: ${message}`);
  }
  findings += linter.findings.length;
}
console.log(`azure-pipelines lint: ${findings} finding(s) in ${targets.length} file(s)`);
process.exit(findings === 0 ? 0 : 1);
