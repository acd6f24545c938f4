// Command vpclab works with the labs offline, against the simulated AWS of
// package sim; no AWS account or Pulumi CLI is needed.
//
//	vpclab plan [--dir DIR] [--config key=value]... <stack>
//
// plan runs the stack's program (Pulumi.yaml defaults merged with
// Pulumi.<stack>.yaml, as `pulumi up` would) and prints the resource tree with
// each resource's key wiring, the stack outputs, and the guardrail findings
// with the exceptions that accept them. A bad configuration
// exits non-zero with the validation message.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/vpclab/vpclab/guard"
	"github.com/vpclab/vpclab/labs"
	"github.com/vpclab/vpclab/sim"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

type configFlags map[string]string

func (c configFlags) String() string { return fmt.Sprint(map[string]string(c)) }
func (c configFlags) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("want key=value, got %q", s)
	}
	c[k] = v
	return nil
}

const usage = `usage: vpclab plan [--dir DIR] [--config key=value]... <stack>

Runs a lab's stack offline against simulated AWS and prints what it would
build. Stacks are the Pulumi.<stack>.yaml files in DIR (default: .).
`

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "plan" {
		fmt.Fprint(stderr, usage)
		return 2
	}
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	dir := fs.String("dir", ".", "directory holding Pulumi.yaml and the stack files")
	overrides := configFlags{}
	fs.Var(overrides, "config", "override a config value, like `pulumi config set` (repeatable)")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		stacks, _ := sim.Stacks(*dir)
		fmt.Fprintf(stderr, "%sstacks: %s\n", usage, strings.Join(stacks, ", "))
		return 2
	}
	stack := fs.Arg(0)
	res, err := sim.LoadAndRun(*dir, stack, overrides, labs.Program)
	if err != nil {
		fmt.Fprintf(stderr, "vpclab plan %s: %v\n", stack, err)
		return 1
	}
	report := guard.Check(res)
	fmt.Fprint(stdout, renderPlan(stack, res), renderFindings(report))
	return 0
}
