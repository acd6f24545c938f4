// Command vpclab works with the labs offline, against the simulated AWS of
// package sim; no AWS account or Pulumi CLI is needed.
//
//	vpclab plan [--dir DIR] [--config key=value]... [--format text|json|mermaid] <stack>
//	vpclab verify [--dir DIR] <stack>
//
// plan runs the stack's program (Pulumi.yaml defaults merged with
// Pulumi.<stack>.yaml, as `pulumi up` would) and prints the resource tree with
// each resource's key wiring, the stack outputs, a Mermaid diagram of the
// network, the hourly and monthly cost from the versioned price table
// (prices.json), and the guardrail findings with the exceptions that accept
// them. --format json prints the same as one JSON document; --format mermaid
// only the diagram.
//
// verify runs a deployed lab's guide checks on its instance through SSM Run
// Command (package verify). A bad configuration
// exits non-zero with the validation message.
package main

import (
	"encoding/json"
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

const usage = `usage: vpclab plan [--dir DIR] [--config key=value]... [--format text|json|mermaid] <stack>

Runs a lab's stack offline against simulated AWS and prints what it would
build. Stacks are the Pulumi.<stack>.yaml files in DIR (default: .).
`

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "verify" {
		return runVerify(args[1:], stdout, stderr)
	}
	if len(args) == 0 || args[0] != "plan" {
		fmt.Fprint(stderr, usage+"\n"+verifyUsage)
		return 2
	}
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	dir := fs.String("dir", ".", "directory holding Pulumi.yaml and the stack files")
	overrides := configFlags{}
	fs.Var(overrides, "config", "override a config value, like `pulumi config set` (repeatable)")
	format := fs.String("format", "text", "text, json or mermaid")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if *format != "text" && *format != "json" && *format != "mermaid" {
		fmt.Fprintf(stderr, "vpclab plan: --format %q: use text, json or mermaid\n", *format)
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
	prices, err := loadPrices()
	if err != nil {
		fmt.Fprintf(stderr, "vpclab plan: prices.json: %v\n", err)
		return 1
	}
	out, err := render(*format, stack, res, prices)
	if err != nil {
		fmt.Fprintf(stderr, "vpclab plan %s: %v\n", stack, err)
		return 1
	}
	fmt.Fprint(stdout, out)
	return 0
}

// PlanJSON is the --format json document.
type PlanJSON struct {
	Stack     string          `json:"stack"`
	Region    string          `json:"region"`
	Resources []ResourceJSON  `json:"resources"`
	Outputs   map[string]any  `json:"outputs"`
	Costs     Costs           `json:"costs"`
	Findings  []guard.Finding `json:"findings"`
	Quotas    []QuotaJSON     `json:"quotas"`
	Warnings  []string        `json:"warnings"`
	Mermaid   string          `json:"mermaid"`
}

// QuotaJSON is one default AWS quota the stack uses.
type QuotaJSON struct {
	Name     string `json:"name"`
	Code     string `json:"code"`
	Default  int    `json:"default"`
	Used     int    `json:"used"`
	In       string `json:"in"`
	Exceeded bool   `json:"exceeded"`
	Source   string `json:"source"`
}

// ResourceJSON is one resource of the plan.
type ResourceJSON struct {
	Type    string `json:"type"`
	Name    string `json:"name"`
	Parent  string `json:"parent,omitempty"` // the parent's logical name; "" at the top
	ID      string `json:"id,omitempty"`
	Summary string `json:"summary"`
}

func render(format, stack string, res *sim.Result, prices priceTable) (string, error) {
	costs := estimate(res, prices)
	report := guard.Check(res)
	quotas := sim.QuotaUsage(res.Graph, res.Region.Name)
	switch format {
	case "mermaid":
		return renderMermaid(res.Graph), nil
	case "json":
		doc := PlanJSON{Stack: stack, Region: res.Region.Name, Outputs: res.Exports, Costs: costs, Findings: report.Findings,
			Warnings: res.Warnings, Mermaid: renderMermaid(res.Graph)}
		if doc.Findings == nil {
			doc.Findings = []guard.Finding{}
		}
		if doc.Warnings == nil {
			doc.Warnings = []string{}
		}
		doc.Quotas = []QuotaJSON{}
		for _, q := range quotas {
			doc.Quotas = append(doc.Quotas, QuotaJSON{Name: q.Name, Code: q.Code, Default: q.Default, Used: q.Used, In: q.In, Exceeded: q.Exceeded(), Source: q.Source})
		}
		for _, r := range res.Graph.Resources {
			parent := ""
			if p := res.Graph.ByURN(r.Parent); p != nil {
				parent = p.Name
			}
			doc.Resources = append(doc.Resources, ResourceJSON{Type: r.Type, Name: r.Name, Parent: parent, ID: r.ID, Summary: describe(res.Graph, r)})
		}
		b, err := json.MarshalIndent(doc, "", "  ")
		return string(b) + "\n", err
	}
	return renderPlan(stack, res) + "\ndiagram (Mermaid):\n\n" + renderMermaid(res.Graph) + "\ncost:\n\n" + renderCosts(costs) + renderQuotas(quotas) + renderFindings(report), nil
}
