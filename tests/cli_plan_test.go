package tests

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"github.com/vpclab/vpclab/internal/cli"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vpclab/vpclab/cost"
	"github.com/vpclab/vpclab/i18n"
	"github.com/vpclab/vpclab/labs"
	"github.com/vpclab/vpclab/sim"
)

var update = flag.Bool("update", false, "rewrite the documents' generated blocks and the golden files in testdata/cli")

// parallelUnlessUpdating runs a test alongside the package's other parallel
// tests, except under -update: the tests that rewrite the same documents
// then take turns.
func parallelUnlessUpdating(t *testing.T) {
	if !*update {
		t.Parallel()
	}
}

func simulate(t testing.TB, stack string, over map[string]string) *sim.Result {
	t.Helper()
	res, err := shared.run(projectDir, stack, over)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func mustPrices(t testing.TB) cost.Table {
	t.Helper()
	p, err := cost.Load()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// seoul is a price of the guides' region.
func seoul(t testing.TB, prices cost.Table, item string) float64 {
	t.Helper()
	p, ok := prices.ItemPrice("ap-northeast-2", item)
	if !ok {
		t.Fatalf("no Seoul price for %s", item)
	}
	return p.USD
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestCostOfPerAZNat(t *testing.T) {
	prices := mustPrices(t)
	res := simulate(t, "nat-bastion", map[string]string{"natMode": "per-az", "publicSubnetAzs": "[0,1,2]", "privateSubnetAzs": "[0,1,2]",
		"publicSubnetCidrs": "[]", "privateSubnetCidrs": "[]"})
	c := cli.Estimate(res, prices)
	nat := seoul(t, prices, cost.NatGateway)
	ipv4 := seoul(t, prices, cost.PublicIPv4)
	var nats, eips float64
	for _, l := range c.Lines {
		switch {
		case l.Item == "nat-gateway-hour":
			nats += l.Hourly
		case l.Item == "public-ipv4-hour" && strings.HasPrefix(l.Resource, "ec2:Eip"):
			eips += l.Hourly
		}
	}
	if !near(nats, 3*nat) || !near(eips, 3*ipv4) {
		t.Errorf("per-AZ NAT ×3: NAT %.4f (want %.4f), EIPs %.4f (want %.4f)", nats, 3*nat, eips, 3*ipv4)
	}
	var sum float64
	for _, l := range c.Lines {
		sum += l.Hourly
	}
	if !near(c.Hourly, sum) || !near(c.Monthly, sum*730) {
		t.Errorf("total %.6f/%.2f, lines sum to %.6f", c.Hourly, c.Monthly, sum)
	}
}

func TestCostOfInterfaceEndpointsIsPerAZPerService(t *testing.T) {
	prices := mustPrices(t)
	c := cli.Estimate(simulate(t, "ssm", nil), prices)
	var n, hourly float64
	for _, l := range c.Lines {
		if l.Item == "interface-endpoint-az-hour" {
			n += l.Quantity
			hourly += l.Hourly
		}
	}
	per := seoul(t, prices, cost.InterfaceEndpoint)
	if n != 6 || !near(hourly, 6*per) {
		t.Errorf("ssm lab: %v endpoint-AZs costing %.4f, want 3 services × 2 AZs = 6 × %.3f", n, hourly, per)
	}
	for _, free := range []string{"s3-gateway", "dev"} {
		c := cli.Estimate(simulate(t, free, nil), prices)
		if !strings.Contains(strings.Join(c.Free, ","), "s3-endpoint (gateway endpoints are free)") {
			t.Errorf("%s: the S3 gateway endpoint is not listed as free: %v", free, c.Free)
		}
	}
}

func TestUnknownPricesAreSaidNotGuessed(t *testing.T) {
	prices := mustPrices(t)
	c := cli.Estimate(simulate(t, "nat-bastion", map[string]string{"instanceType": "r5.large"}), prices)
	if c.Complete || !strings.Contains(strings.Join(c.Unknown, "\n"), "ec2:Instance access-private: no price for r5.large in ap-northeast-2") {
		t.Errorf("unknown instance price not reported: %v", c.Unknown)
	}
	for _, l := range c.Lines {
		if strings.Contains(l.Item, "r5.large") {
			t.Errorf("guessed a price: %+v", l)
		}
	}
	if text := cli.RenderCosts(c, i18n.En); !strings.Contains(text, "total: ≥ USD ") || !strings.Contains(text, "not priced (the total is a lower bound): ec2:Instance access-private: no price for r5.large") {
		t.Errorf("the total is not marked incomplete:\n%s", text)
	}
}

func TestJSONOutput(t *testing.T) {
	var out, errb bytes.Buffer
	if code := cli.Run([]string{"plan", "--dir", projectDir, "--format", "json", "privatelink"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var doc cli.PlanJSON
	dec := json.NewDecoder(&out)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	res := simulate(t, "privatelink", nil)
	if doc.Stack != "privatelink" || doc.Region != "ap-northeast-2" || len(doc.Resources) != res.Graph.Len() {
		t.Errorf("stack %q region %q resources %d (want %d)", doc.Stack, doc.Region, len(doc.Resources), res.Graph.Len())
	}
	if doc.Costs.Hourly <= 0 || len(doc.Costs.Lines) == 0 || doc.Outputs["serviceName"] == nil || !strings.HasPrefix(doc.Mermaid, "flowchart LR") {
		t.Errorf("costs %.4f lines %d serviceName %v mermaid %.20q", doc.Costs.Hourly, len(doc.Costs.Lines), doc.Outputs["serviceName"], doc.Mermaid)
	}
	excepted := 0
	for _, f := range doc.Findings {
		if f.Exception == "" {
			t.Errorf("unexplained finding %v", f)
		}
		excepted++
	}
	if excepted == 0 {
		t.Error("no findings in the JSON")
	}
	var iamIDs []string
	for _, o := range doc.IAMChecks {
		iamIDs = append(iamIDs, o.ID)
		if !o.OK || len(o.Requests) == 0 || o.Requests[0].Answer == "" || len(o.Requests[0].DecidedBy) == 0 {
			t.Errorf("IAM check %s in the JSON: ok=%v requests %+v", o.ID, o.OK, o.Requests)
		}
	}
	if strings.Join(iamIDs, " ") != "DNF-BASTION DNF-WEB" {
		t.Errorf("iamChecks %v, want the privatelink checks DNF-BASTION DNF-WEB", iamIDs)
	}
	for _, r := range doc.Resources {
		if r.Type == "aws:ec2/vpc:Vpc" && (r.Parent == "" || r.ID == "") {
			t.Errorf("VPC %s lacks its parent or ID", r.Name)
		}
	}
}

// The diagram shows every VPC, subnet and endpoint, and every route's target.
func TestMermaidShowsTheWholeNetwork(t *testing.T) {
	stacks, _ := sim.Stacks(projectDir)
	for _, stack := range stacks {
		res := simulate(t, stack, nil)
		m := cli.RenderMermaid(res.Graph)
		g := res.Graph
		for _, typ := range []string{"aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/vpcEndpoint:VpcEndpoint", "aws:ec2/instance:Instance", "aws:lb/loadBalancer:LoadBalancer"} {
			for _, r := range g.OfType(typ) {
				if !strings.Contains(m, cli.NodeID(r)) {
					t.Errorf("%s: diagram lacks %s %s", stack, typ, r.Name)
				}
			}
		}
		for _, r := range g.OfType("aws:ec2/route:Route") {
			rt := g.Source(r, "routeTableId")
			for _, k := range []string{"gatewayId", "natGatewayId"} {
				if to := g.Source(r, k); to != nil && !strings.Contains(m, cli.NodeID(rt)+` -- "0.0.0.0/0" --> `+cli.NodeID(to)) {
					t.Errorf("%s: diagram lacks the route %s → %s", stack, rt.Name, to.Name)
				}
			}
		}
		for _, ep := range g.OfType("aws:ec2/vpcEndpoint:VpcEndpoint") {
			for _, id := range ep.Strs("routeTableIds") {
				if !strings.Contains(m, cli.NodeID(g.ByID(id))+` -- "`+ep.Out("prefixListId")+`" --> `+cli.NodeID(ep)) {
					t.Errorf("%s: diagram lacks %s on %s", stack, ep.Name, g.ByID(id).Name)
				}
			}
		}
		if stack == "privatelink" && (!strings.Contains(m, `-. "PrivateLink" .->`) || !strings.Contains(m, `n_custom_nlb -- "TCP:80" --> n_web_1`)) {
			t.Errorf("privatelink diagram lacks the PrivateLink path or the NLB targets:\n%s", m)
		}
	}
}

// block is a generated README block: <!-- plan:<stack>[ key=value]...:<kind> -->,
// the key=value pairs being --config overrides.
var block = regexp.MustCompile(`(?s)<!-- plan:([a-z0-9-]+)((?: [A-Za-z]+=[^ :]+)*):(diagram|cost|cost-ko) -->\n.*?<!-- /plan -->`)

func generated(t testing.TB, stack, overrides, kind string) string {
	var over map[string]string
	for _, kv := range strings.Fields(overrides) {
		k, v, _ := strings.Cut(kv, "=")
		if over == nil {
			over = map[string]string{}
		}
		over[k] = v
	}
	res := simulate(t, stack, over)
	if kind == "diagram" {
		return "```mermaid\n" + cli.RenderMermaid(res.Graph) + "```\n"
	}
	lang := i18n.En
	if kind == "cost-ko" {
		lang = i18n.Ko
	}
	return "```\n" + cli.RenderCosts(cli.Estimate(res, mustPrices(t)), lang) + "```\n"
}

// docFiles are the documents that hold generated blocks: README.md and the
// pages under docs/.
func docFiles(t testing.TB) []string {
	pages, _ := filepath.Glob(projectDir + "/docs/*.md")
	labPages, _ := filepath.Glob(projectDir + "/docs/labs/*.md")
	return append([]string{projectDir + "/README.md"}, append(pages, labPages...)...)
}

// rewriteBlocks replaces the generated blocks of every document with gen's
// output, and with -update writes them back; else it reports each document
// whose blocks differ.
func rewriteBlocks(t *testing.T, re *regexp.Regexp, gen func(block string) string, fix string) {
	for _, path := range docFiles(t) {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		updated := re.ReplaceAllStringFunc(string(raw), gen)
		if *update {
			if updated != string(raw) {
				if err := os.WriteFile(path, []byte(updated), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			continue
		}
		if updated != string(raw) {
			t.Errorf("%s: generated blocks differ from the commands' output; run: %s", path, fix)
		}
	}
}

// The documents' diagrams and cost lines are what the command prints;
// `go test ./tests -run TestREADME -update` rewrites them.
func TestREADMEMatchesGeneratedPlans(t *testing.T) {
	parallelUnlessUpdating(t)
	seen := map[string]bool{}
	rewriteBlocks(t, block, func(b string) string {
		m := block.FindStringSubmatch(b)
		if m[2] == "" {
			seen[m[1]+":"+m[3]] = true
		}
		return fmt.Sprintf("<!-- plan:%s%s:%s -->\n%s<!-- /plan -->", m[1], m[2], m[3], generated(t, m[1], m[2], m[3]))
	}, "go test ./tests -run TestREADME -update")
	stacks, _ := sim.Stacks(projectDir)
	for _, s := range stacks {
		for _, kind := range []string{"diagram", "cost"} {
			if !seen[s+":"+kind] {
				t.Errorf("no document has a generated %s block for %s", kind, s)
			}
		}
	}
}

// BenchmarkPlan runs each lab's program offline and renders its plan.
func BenchmarkPlan(b *testing.B) {
	prices := mustPrices(b)
	stacks, _ := sim.Stacks(projectDir)
	for _, stack := range stacks {
		st, err := sim.Load(projectDir, stack, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(stack, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				res, err := sim.Run(st, labs.Program)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := cli.Render("text", stack, res, prices, i18n.En); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// A regional NAT gateway is billed one NAT Gateway-hour per AZ it serves; in
// auto mode AWS's own addresses are estimated one per AZ and said so.
func TestCostOfRegionalNat(t *testing.T) {
	prices := mustPrices(t)
	twoAZs := map[string]string{"natMode": "regional", "privateSubnetAzs": "[0,2]", "privateSubnetCidrs": `["10.0.1.0/24","10.0.2.0/24"]`}
	lines := func(c cost.Costs, resource string) map[string]cost.Line {
		out := map[string]cost.Line{}
		for _, l := range c.Lines {
			if l.Resource == resource {
				out[l.Item] = l
			}
		}
		return out
	}
	auto := cli.Estimate(simulate(t, "nat-bastion", twoAZs), prices)
	nat := lines(auto, "ec2:NatGateway network-nat")
	if l := nat["regional-nat-gateway-az-hour"]; l.Quantity != 2 || !near(l.Hourly, 2*seoul(t, prices, cost.RegionalNatAZ)) || l.Source != "https://aws.amazon.com/vpc/pricing/" {
		t.Errorf("auto mode gateway line %+v, want 2 AZ-hours", l)
	}
	if l := nat["public-ipv4-hour"]; l.Quantity != 2 || !strings.Contains(strings.Join(auto.Assumed, "\n"), "network-nat is in auto mode") ||
		!strings.Contains(strings.Join(auto.Assumed, "\n"), "(ap-northeast-2a, ap-northeast-2c)") {
		t.Errorf("auto mode addresses %+v, assumptions %q", l, auto.Assumed)
	}
	if _, zonal := nat["nat-gateway-hour"]; zonal || !strings.Contains(cli.RenderCosts(auto, i18n.En), "Assumed: ec2:NatGateway network-nat is in auto mode") {
		t.Errorf("regional gateway priced as zonal, or the assumption is not printed:\n%s", cli.RenderCosts(auto, i18n.En))
	}

	twoAZs["natAddressMode"] = "manual"
	manual := cli.Estimate(simulate(t, "nat-bastion", twoAZs), prices)
	nat = lines(manual, "ec2:NatGateway network-nat")
	if l := nat["regional-nat-gateway-az-hour"]; l.Quantity != 2 || len(nat) != 1 || len(manual.Assumed) != 0 {
		t.Errorf("manual mode: gateway lines %+v, assumptions %v", nat, manual.Assumed)
	}
	eips := 0
	for _, l := range manual.Lines {
		if strings.HasPrefix(l.Resource, "ec2:Eip network-nat-az") && l.Item == "public-ipv4-hour" {
			eips++
		}
	}
	if eips != 2 {
		t.Errorf("manual mode prices %d EIPs, want 2", eips)
	}
}

// `vpclab plan --config vpclab:natMode=regional nat-bastion` shows the
// regional gateway in the tree, the diagram and the cost.
func TestPlanShowsTheRegionalGateway(t *testing.T) {
	var out, errb bytes.Buffer
	if code := cli.Run([]string{"plan", "--dir", projectDir, "--config", "vpclab:natMode=regional", "nat-bastion"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{
		"ec2:NatGateway network-nat  [NAT-Lab-NAT] regional in network-vpc auto addresses",
		"ec2:Route network-private-0-default-route  0.0.0.0/0 → network-nat in network-private-0-rt",
		`n_network_nat(["NAT-Lab-NAT<br/>network-nat<br/>regional NAT, auto addresses"])`,
		`n_network_private_0_rt -- "0.0.0.0/0" --> n_network_nat`,
		`n_network_nat -- "0.0.0.0/0" --> n_network_igw`,
		"ec2:NatGateway network-nat   regional-nat-gateway-az-hour      1 × 0.059000 = 0.0590/h",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("plan lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "network-public-0-nat") {
		t.Error("plan still shows the zonal NAT gateway")
	}
}

// plan prints the IAM decisions of every stack's checks, each as expected.
func TestPlanPrintsIAMDecisions(t *testing.T) {
	t.Parallel()
	stacks, _ := sim.Stacks(projectDir)
	for _, stack := range stacks {
		var out, errb bytes.Buffer
		if code := cli.Run([]string{"plan", "--dir", projectDir, stack}, &out, &errb); code != 0 {
			t.Fatalf("%s: exit %d: %s", stack, code, errb.String())
		}
		text := out.String()
		_, section, ok := strings.Cut(text, "IAM decisions for the guide's checks")
		if !ok {
			t.Errorf("%s: no IAM decisions section", stack)
			continue
		}
		if strings.Contains(section, "FAIL ") || !strings.Contains(section, "ok   ") {
			t.Errorf("%s: IAM decisions:\n%s", stack, section)
		}
	}
	var out, errb bytes.Buffer
	cli.Run([]string{"plan", "--dir", projectDir, "gateway-vs-interface"}, &out, &errb)
	for _, want := range []string{
		"ok   S3-NOT-THROUGH-ENDPOINT  expected deny, decided deny",
		"ok   DNF-BASTION  expected allow, decided allow",
		"by access-bastion (anonymous: dnf signs nothing) through s3-endpoint",
		"denied explicitly by resource vpclab-policy\n           DenyDataAccessOutsideTheEndpoint",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("gateway-vs-interface plan lacks %q", want)
		}
	}
}
