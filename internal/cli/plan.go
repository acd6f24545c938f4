package cli

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/vpclab/vpclab/awsrules"
	"github.com/vpclab/vpclab/checks"
	"github.com/vpclab/vpclab/cost"
	"github.com/vpclab/vpclab/guard"
	"github.com/vpclab/vpclab/i18n"
	"github.com/vpclab/vpclab/sim"
)

func runPlan(args []string, lang i18n.Lang, stdout, stderr io.Writer) int {
	fs := newStackFlags("plan", i18n.UsagePlan, i18n.FlagConfig, i18n.FlagFormatTJM, lang, stderr)
	pos, code, done := fs.parseArgs(args, 1, stdout, stderr, "text", "json", "mermaid")
	if done {
		return code
	}
	dir, overrides, format := fs.dir, fs.overrides, fs.format
	stack := pos[0]
	res, err := Simulate(*dir, stack, overrides)
	if err != nil {
		fail(stderr, fs.lang, "plan "+stack, err)
		return ExitFailed
	}
	out, err := Render(*format, stack, res, cost.MustLoad(), fs.lang)
	if err != nil {
		fail(stderr, fs.lang, "plan "+stack, err)
		return ExitFailed
	}
	fmt.Fprint(stdout, out)
	return ExitOK
}

// PlanJSON is the --format json document.
type PlanJSON struct {
	Stack     string          `json:"stack"`
	Region    string          `json:"region"`
	Resources []ResourceJSON  `json:"resources"`
	Outputs   map[string]any  `json:"outputs"`
	Costs     cost.Costs      `json:"costs"`
	Findings  []guard.Finding `json:"findings"`
	Quotas    []QuotaJSON     `json:"quotas"`
	// AWSInputRules is what the simulated AWS's input rules checked.
	AWSInputRules awsrules.RuleStats `json:"awsInputRules"`
	Warnings      []string           `json:"warnings"`
	Mermaid       string             `json:"mermaid"`
	// IAMChecks are the guide's checks as AWS requests, decided offline.
	IAMChecks []checks.Outcome `json:"iamChecks"`
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

// Render is what plan prints in a format: text, json or mermaid.
func Render(format, stack string, res *sim.Result, prices cost.Table, lang i18n.Lang) (string, error) {
	costs := Estimate(res, prices)
	report := guard.Check(res)
	iamChecks, err := checks.Decide(res)
	if err != nil {
		return "", fmt.Errorf("IAM checks: %w", err)
	}
	quotas := sim.QuotaUsage(res.Graph, res.Region.Name)
	switch format {
	case "mermaid":
		return RenderMermaid(res.Graph), nil
	case "json":
		doc := PlanJSON{Stack: stack, Region: res.Region.Name, Outputs: res.Exports, Costs: costs, Findings: report.Findings,
			AWSInputRules: res.Rules, Warnings: res.Warnings, Mermaid: RenderMermaid(res.Graph), IAMChecks: iamChecks}
		if doc.IAMChecks == nil {
			doc.IAMChecks = []checks.Outcome{}
		}
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
			doc.Resources = append(doc.Resources, ResourceJSON{Type: r.Type, Name: r.Name, Parent: parent, ID: r.ID, Summary: describe(res.Graph, r, lang)})
		}
		b, err := json.MarshalIndent(doc, "", "  ")
		return string(b) + "\n", err
	}
	// The diagram is Mermaid text: a terminal cannot draw it, so the plan
	// says where to see it drawn.
	return RenderPlanIn(stack, res, lang) + "\n" + lang.T(i18n.PlanMermaidHint) + "\n\n" + RenderMermaid(res.Graph) + "\n" + lang.T(i18n.PlanCost) + "\n\n" + RenderCosts(costs, lang) + renderQuotas(quotas, lang) + renderFindings(report, lang) +
		"\n" + wrapBlock(checks.RenderIn(iamChecks, lang)) + "\n" + wrapBlock(i18n.Localize(lang, res.Rules.String())), nil
}
