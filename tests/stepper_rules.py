"""The stepper's rules, run where they are written: ``assets/frontend/stepper.js``, in Node.

The rules (steps on show, next and previous, a hidden step shows its branch, hiding the branch
on show moves the step) exist once, in the stepper's ES module; its view applies them. Tests
call them through one Node process: ``rules.call("goTo", rules, state, k)``.
"""

import json
import shutil
import subprocess

from explainer.widgets.stepper import FRONTEND

# Load the module as anywidget does (from its text), then answer one JSON call a line.
HARNESS = """
import { readFileSync } from "node:fs";
import readline from "node:readline";
const text = readFileSync(process.argv[1], "utf8");
const rules = await import("data:text/javascript;base64," + Buffer.from(text).toString("base64"));
for await (const line of readline.createInterface({ input: process.stdin })) {
  const { fn, args } = JSON.parse(line);
  let answer;
  try { answer = { value: rules[fn](...args) ?? null }; } catch (e) { answer = { error: String(e) }; }
  process.stdout.write(JSON.stringify(answer) + "\\n");
}
"""


class StepperRules:
    """A Node process that runs the exported functions of ``module`` (one of the widgets' ES
    modules: the stepper's by default); close() ends it."""

    def __init__(self, module: str = "stepper.js"):
        self.module = module
        node = shutil.which("node")
        if node is None:
            raise RuntimeError("node not found: make setup needs Node.js (npm ci)")
        self.process = subprocess.Popen(
            [node, "--input-type=module", "-e", HARNESS, "--", str(FRONTEND / module)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def call(self, fn: str, *args):
        self.process.stdin.write(json.dumps({"fn": fn, "args": list(args)}) + "\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline())
        if "error" in answer:
            raise RuntimeError(f"{self.module} {fn}{args}: {answer['error']}")
        return answer["value"]

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=10)
        self.process.stdout.close()  # left to the garbage collector, it warns in whichever test runs then


def rules_of(stepper) -> dict:
    """What the view gives the rules: each step's side branch, and every branch in order."""
    return {"stepBranches": stepper.step_branches, "branches": [b for b, _ in stepper.branch_names]}


def state_of(stepper) -> dict:
    return {"step": stepper.step, "branches": list(stepper.branches)}


def act(rules: StepperRules, stepper, fn: str, *args) -> dict:
    """What the view does on a click or key: apply rule ``fn`` and write the state it gives."""
    new = rules.call(fn, rules_of(stepper), state_of(stepper), *args)
    stepper.branches = new["branches"]
    stepper.step = new["step"]
    return new
