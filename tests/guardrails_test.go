package tests

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/vpclab/vpclab/guard"
	"github.com/vpclab/vpclab/labs"
	"github.com/vpclab/vpclab/sim"
)

// toggles are the switches each stack documents (README, stack comments).
// Every step of each lab is one of them.
var toggles = map[string]map[string][]string{
	"nat-bastion": {"step": {"", "1"}, "natMode": {"step", "single", "none", "per-az", "regional"}, "access": {"ssh", "both"}, "flowLogs": {"false", "true"},
		"placementStrategy": {"", "spread"}},
	"dev": {"step": {"", "1", "2"}, "dynamodbGatewayEndpoint": {"false", "true"}, "flowLogs": {"false", "true"}},
	"s3-gateway": {"step": {"", "1", "2"}, "s3GatewayEndpoint": {"step", "true", "false"}, "dynamodbGatewayEndpoint": {"false", "true"},
		"bucketPolicyCondition": {"step", "sourceVpce", "sourceVpc", "none"}, "allowListAllBuckets": {"true", "false"}, "gatewayEndpointRouteTables": {"private", "both"}},
	"ssm": {"step": {"", "1"}, "interfaceEndpointPrivateDns": {"true", "false"}, "flowLogs": {"false", "true"}},
	"gateway-vs-interface": {"step": {"", "1", "2"}, "s3GatewayEndpoint": {"step", "true", "false"}, "interfaceEndpoints": {"step", `["cloudformation"]`, `[]`},
		"dnsHostnames": {"step", "true", "false"}, "interfaceEndpointPrivateDns": {"true", "false"}},
	"privatelink": {"step": {"", "1", "2", "3"}, "nlbInternetFacing": {"step", "false", "true"}, "acceptConnection": {"step", "true", "false"},
		"flowLogs": {"false", "true"}},
}

// combinations enumerates every assignment of a stack's toggles.
func combinations(tg map[string][]string) []map[string]string {
	keys := make([]string, 0, len(tg))
	for k := range tg {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := []map[string]string{{}}
	for _, k := range keys {
		var next []map[string]string
		for _, base := range out {
			for _, v := range tg[k] {
				m := map[string]string{k: v}
				for bk, bv := range base {
					m[bk] = bv
				}
				next = append(next, m)
			}
		}
		out = next
	}
	return out
}

// core are the resources a toggle must never replace.
var core = []string{tVpc, tSubnet, tRouteTable, tInstance, tBucket, tNLB}

func coreURNs(g *sim.Graph) string {
	var urns []string
	for _, typ := range core {
		for _, r := range g.OfType(typ) {
			urns = append(urns, r.URN)
		}
	}
	sort.Strings(urns)
	return strings.Join(urns, "\n")
}

// Every documented toggle combination of every stack: either a clear config
// error with nothing registered, or a plan that AWS's input rules accept
// (zero refusals) with zero unexplained findings and the same VPCs,
// subnets, route tables, instances, buckets and NLBs.
func TestEveryToggleCombination(t *testing.T) {
	stacks, _ := sim.Stacks(projectDir)
	for _, stack := range stacks {
		tg, ok := toggles[stack]
		if !ok {
			t.Errorf("stack %s documents no toggles in this test", stack)
			continue
		}
		t.Run(stack, func(t *testing.T) {
			t.Parallel() // independent simulated runs: the slowest test of the package
			everyCombination(t, stack, tg)
		})
	}
}

// toggleChunk is how many combinations one parallel subtest runs: s3-gateway
// alone has 288, and as one unit it was the package's last test to finish.
const toggleChunk = 40

func everyCombination(t *testing.T, stack string, tg map[string][]string) {
	base := plan(t, stack, nil)
	want := coreURNs(base.Graph)
	var valid atomic.Int64
	combos := combinations(tg)
	// t.Run returns once its parallel chunks have all run.
	t.Run("combinations", func(t *testing.T) {
		for lo := 0; lo < len(combos); lo += toggleChunk {
			chunk := combos[lo:min(lo+toggleChunk, len(combos))]
			t.Run(fmt.Sprintf("%d-%d", lo+1, lo+len(chunk)), func(t *testing.T) {
				t.Parallel()
				for _, combo := range chunk {
					if combinationIsValid(t, stack, combo, want) {
						valid.Add(1)
					}
				}
			})
		}
	})
	if n := valid.Load(); n < 2 {
		t.Errorf("%s: only %d valid toggle combinations", stack, n)
	}
}

// combinationIsValid runs one combination: a config error must register
// nothing; a plan must pass AWS's input rules, keep the stack file's core
// resources and have no unexplained finding.
func combinationIsValid(t *testing.T, stack string, combo map[string]string, want string) bool {
	name := fmt.Sprint(combo)
	res, err := sim.LoadAndRun(projectDir, stack, combo, labs.Program)
	if err != nil {
		var ce *labs.ConfigError
		if !errors.As(err, &ce) || res == nil || res.Graph.Len() != 0 {
			t.Errorf("%s %s: %v (want a config error with nothing registered)", stack, name, err)
		}
		return false
	}
	// Every registration was judged by the AWS input rules; a refusal
	// would have failed the run with AWS's error code.
	if res.Rules.Refusals != 0 || res.Rules.Checked == 0 {
		t.Errorf("%s %s: %s", stack, name, res.Rules)
	}
	if got := coreURNs(res.Graph); got != want {
		t.Errorf("%s %s: core resources differ from the stack file's:\n%s\nvs\n%s", stack, name, got, want)
	}
	for _, f := range guard.Check(res).Unexplained() {
		t.Errorf("%s %s: %s", stack, name, f)
	}
	return true
}

func TestExceptionsNameRulesAndGiveReasons(t *testing.T) {
	known := map[string]bool{}
	for _, r := range guard.Rules() {
		known[r.ID] = true
	}
	stacks, _ := sim.Stacks(projectDir)
	for _, stack := range stacks {
		res := plan(t, stack, nil)
		for where, reason := range guard.Exceptions(res.Graph) {
			id := strings.Fields(where)[0]
			if !known[id] {
				t.Errorf("%s: exception for unknown rule %s on %s", stack, id, where)
			}
			if len(reason) < 10 {
				t.Errorf("%s: exception %s has reason %q (under 10 characters)", stack, where, reason)
			}
		}
		if len(guard.Check(res).Unexplained()) != 0 {
			t.Errorf("%s has unexplained findings", stack)
		}
	}
}

// Each rule passes somewhere real: a run where it checked resources and at
// least one of them broke nothing. The load-balancer rules the privatelink
// lab accepts by exception pass in guard's hardened-NLB test.
func TestEveryRulePassesSomewhere(t *testing.T) {
	type run struct {
		stack string
		over  map[string]string
	}
	runs := []run{{"dev", nil}, {"nat-bastion", nil}, {"s3-gateway", nil}, {"ssm", nil}, {"gateway-vs-interface", nil}, {"privatelink", nil},
		{"nat-bastion", map[string]string{"flowLogs": "true", "access": "both"}}, {"privatelink", map[string]string{"flowLogs": "true", "allowPublicAddressSpace": "false",
			"providerVpcCidr": "10.1.0.0/16", "providerPublicSubnetCidrs": "[]", "providerPrivateSubnetCidrs": "[]", "nlbInternetFacing": "false"}}}
	passed := map[string]bool{"LAB-LB-02": true, "LAB-LB-03": true, "LAB-LB-04": true}
	for _, r := range runs {
		rep := guard.Check(plan(t, r.stack, r.over))
		perRule := map[string]int{}
		for _, f := range rep.Findings {
			perRule[f.Rule]++
			if f.Exception == "" {
				t.Errorf("%s %v: %s", r.stack, r.over, f)
			}
		}
		for id, n := range rep.Checked {
			if n > perRule[id] {
				passed[id] = true
			}
		}
	}
	for _, rule := range guard.Rules() {
		if !passed[rule.ID] {
			t.Errorf("%s never passes on a real stack", rule.ID)
		}
	}
}

// docs/rules.md lists every rule with its cross-references.
func TestREADMEListsTheRules(t *testing.T) {
	readme, err := os.ReadFile(projectDir + "/docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range guard.Rules() {
		row := fmt.Sprintf("| %s | %s | %s | %s |", r.ID, r.Title, r.Severity, strings.Join(r.Refs, ", "))
		if !strings.Contains(string(readme), row) {
			t.Errorf("docs/rules.md lacks the row\n%s", row)
		}
	}
}
