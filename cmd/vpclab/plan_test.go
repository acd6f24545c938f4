package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/vpclab/vpclab/labs"
	"github.com/vpclab/vpclab/sim"
)

var update = flag.Bool("update", false, "rewrite the README's generated plan blocks and the golden files in testdata/")

const projectDir = "../.."

func simulate(t testing.TB, stack string, over map[string]string) *sim.Result {
	t.Helper()
	res, err := sim.LoadAndRun(projectDir, stack, over, labs.Program)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func mustPrices(t testing.TB) priceTable {
	t.Helper()
	p, err := loadPrices()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestCostOfPerAZNat(t *testing.T) {
	prices := mustPrices(t)
	res := simulate(t, "nat-bastion", map[string]string{"natMode": "per-az", "publicSubnetAzs": "[0,1,2]", "privateSubnetAzs": "[0,1,2]",
		"publicSubnetCidrs": "[]", "privateSubnetCidrs": "[]"})
	c := estimate(res, prices)
	nat := prices.Regions["ap-northeast-2"].Prices["nat-gateway-hour"].USD
	ipv4 := prices.Regions["ap-northeast-2"].Prices["public-ipv4-hour"].USD
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
	c := estimate(simulate(t, "ssm", nil), prices)
	var n, hourly float64
	for _, l := range c.Lines {
		if l.Item == "interface-endpoint-az-hour" {
			n += l.Quantity
			hourly += l.Hourly
		}
	}
	per := prices.Regions["ap-northeast-2"].Prices["interface-endpoint-az-hour"].USD
	if n != 6 || !near(hourly, 6*per) {
		t.Errorf("ssm lab: %v endpoint-AZs costing %.4f, want 3 services × 2 AZs = 6 × %.3f", n, hourly, per)
	}
	for _, free := range []string{"s3-gateway", "dev"} {
		c := estimate(simulate(t, free, nil), prices)
		if !strings.Contains(strings.Join(c.Free, ","), "s3-endpoint (gateway endpoints are free)") {
			t.Errorf("%s: the S3 gateway endpoint is not listed as free: %v", free, c.Free)
		}
	}
}

func TestUnknownPricesAreSaidNotGuessed(t *testing.T) {
	prices := mustPrices(t)
	c := estimate(simulate(t, "nat-bastion", map[string]string{"instanceType": "c5.large"}), prices)
	if !strings.Contains(strings.Join(c.Unknown, "\n"), "ec2:Instance access-private: no price for instance-hour:c5.large in ap-northeast-2") {
		t.Errorf("unknown instance price not reported: %v", c.Unknown)
	}
	for _, l := range c.Lines {
		if strings.Contains(l.Item, "c5.large") {
			t.Errorf("guessed a price: %+v", l)
		}
	}
	delete(prices.Regions, "us-east-1")
	c = estimate(simulate(t, "nat-bastion", map[string]string{"aws:region": "us-east-1"}), prices)
	if !c.NoPrices || len(c.Lines) != 0 || !strings.Contains(renderCosts(c), "no prices for region us-east-1 in the price table (it has ap-northeast-2)") {
		t.Errorf("unknown region: %+v", c)
	}
}

func TestPriceTableCitesEveryPrice(t *testing.T) {
	p := mustPrices(t)
	for _, region := range []string{"ap-northeast-2", "us-east-1"} {
		rp, ok := p.Regions[region]
		if !ok || rp.AsOf == "" {
			t.Fatalf("no dated prices for %s", region)
		}
		for k, v := range rp.Prices {
			if v.USD <= 0 || v.Unit == "" || !strings.HasPrefix(v.Source, "https://aws.amazon.com/") {
				t.Errorf("%s %s: %+v lacks a price, unit or AWS source", region, k, v)
			}
		}
	}
}

func TestJSONOutput(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"plan", "--dir", projectDir, "--format", "json", "privatelink"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var doc PlanJSON
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
		m := renderMermaid(res.Graph)
		g := res.Graph
		for _, typ := range []string{"aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/vpcEndpoint:VpcEndpoint", "aws:ec2/instance:Instance", "aws:lb/loadBalancer:LoadBalancer"} {
			for _, r := range g.OfType(typ) {
				if !strings.Contains(m, nodeID(r)) {
					t.Errorf("%s: diagram lacks %s %s", stack, typ, r.Name)
				}
			}
		}
		for _, r := range g.OfType("aws:ec2/route:Route") {
			rt := g.Source(r, "routeTableId")
			for _, k := range []string{"gatewayId", "natGatewayId"} {
				if to := g.Source(r, k); to != nil && !strings.Contains(m, nodeID(rt)+` -- "0.0.0.0/0" --> `+nodeID(to)) {
					t.Errorf("%s: diagram lacks the route %s → %s", stack, rt.Name, to.Name)
				}
			}
		}
		for _, ep := range g.OfType("aws:ec2/vpcEndpoint:VpcEndpoint") {
			for _, id := range ep.Strs("routeTableIds") {
				if !strings.Contains(m, nodeID(g.ByID(id))+` -- "`+ep.Out("prefixListId")+`" --> `+nodeID(ep)) {
					t.Errorf("%s: diagram lacks %s on %s", stack, ep.Name, g.ByID(id).Name)
				}
			}
		}
		if stack == "privatelink" && (!strings.Contains(m, `-. "PrivateLink" .->`) || !strings.Contains(m, `n_custom_nlb -- "TCP:80" --> n_web_1`)) {
			t.Errorf("privatelink diagram lacks the PrivateLink path or the NLB targets:\n%s", m)
		}
	}
}

var block = regexp.MustCompile(`(?s)<!-- plan:([a-z0-9-]+):(diagram|cost) -->\n.*?<!-- /plan -->`)

func generated(t testing.TB, stack, kind string) string {
	res := simulate(t, stack, nil)
	if kind == "diagram" {
		return "```mermaid\n" + renderMermaid(res.Graph) + "```\n"
	}
	return renderCosts(estimate(res, mustPrices(t)))
}

// The README's diagrams and cost tables are what the command prints;
// `go test ./cmd/vpclab -run TestREADME -update` rewrites them.
func TestREADMEMatchesGeneratedPlans(t *testing.T) {
	path := projectDir + "/README.md"
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	updated := block.ReplaceAllStringFunc(string(raw), func(b string) string {
		m := block.FindStringSubmatch(b)
		seen[m[1]+":"+m[2]] = true
		return fmt.Sprintf("<!-- plan:%s:%s -->\n%s<!-- /plan -->", m[1], m[2], generated(t, m[1], m[2]))
	})
	stacks, _ := sim.Stacks(projectDir)
	for _, s := range stacks {
		for _, kind := range []string{"diagram", "cost"} {
			if !seen[s+":"+kind] {
				t.Errorf("README has no generated %s block for %s", kind, s)
			}
		}
	}
	if *update {
		if err := os.WriteFile(path, []byte(updated), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if updated != string(raw) {
		t.Error("README's plan blocks differ from the command's output; run: go test ./cmd/vpclab -run TestREADME -update")
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
				if _, err := render("text", stack, res, prices); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
