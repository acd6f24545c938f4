// Command vpclab works with the labs offline, against the simulated AWS of
// package sim; no AWS account or Pulumi CLI is needed except by verify.
//
//	vpclab plan   [--dir DIR] [--config key=value]... [--format text|json|mermaid] [--lang en|ko] <stack>
//	vpclab steps  [--dir DIR] [--config key=value]... [--format text|json] [--lang en|ko] <stack>
//	vpclab diff   [--dir DIR] [--config key=value]... [--to-config key=value]... [--format text|json] [--lang en|ko] <stack> <from-step> <to-step>
//	vpclab labs   [--dir DIR] [--format text|json] [--lang en|ko]
//	vpclab verify [--dir DIR] <stack>
//
// Flags may come before or after the arguments; every command takes --help.
// A stack is its name or its file (Pulumi.nat-bastion.yaml). --lang picks
// English or Korean (default: Korean when the locale is ko_*).
//
// plan runs the stack's program (Pulumi.yaml defaults merged with
// Pulumi.<stack>.yaml, as `pulumi up` would) and prints the resource tree with
// each resource's key wiring, the stack outputs, a Mermaid diagram of the
// network, the hourly and monthly cost from the versioned price table
// (package cost), the guardrail findings with the exceptions that accept
// them, what the simulated AWS's input rules checked (a value AWS would
// refuse fails the plan with AWS's error code), and IAM's decision on each of
// the lab's checks (package checks). --format json prints the same as one JSON document; --format mermaid
// only the diagram.
//
// steps lists the stack's lab's guide stages (package labs), each with what it
// creates, updates, replaces and deletes compared with the one before (computed
// by diffing the simulated graphs, sim.Diff), its hourly cost, and the guide's
// checks with the result the guide expects there. diff shows every property
// that changes between two steps, old → new, and flags each change that would
// replace a resource with the provider rule that says so (sim.Replacements);
// --to-config applies to the second step only, to preview a config change.
// labs lists every stack with its guide, steps and hourly cost per step.
//
// verify checks a deployed lab against what the guide expects at the step the
// stack is at (package verify): on its instance through SSM Run Command, or
// by SSH through the bastion for the SSH-only stacks, and through the AWS APIs.
//
// Exit codes: 0 done (verify: every expectation met); 1 the stack does not build
// (the message names the config key and the rule), an expectation was not met, or AWS or
// the pulumi CLI could not be reached; 2 a usage error: an unknown command,
// flag, stack or step argument, or a missing or extra argument.
package main

import (
	"os"

	"github.com/vpclab/vpclab/internal/cli"
)

func main() { os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr)) }
