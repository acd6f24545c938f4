package tests

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/vpclab/vpclab/components"
	"github.com/vpclab/vpclab/labs"
	"github.com/vpclab/vpclab/sim"
)

// stepGraph runs a stack at one step (by name or number).
func stepGraph(t *testing.T, stack, step string, over map[string]string) *sim.Result {
	t.Helper()
	o := map[string]string{"step": step}
	for k, v := range over {
		o[k] = v
	}
	return plan(t, stack, o)
}

// labOf returns the lab a shipped stack builds.
func labOf(t *testing.T, stack string) labs.Lab {
	t.Helper()
	name, _ := plan(t, stack, nil).Exports["lab"].(string)
	lab, ok := labs.LabByName(name)
	if !ok {
		t.Fatalf("stack %s builds lab %q, which has no steps", stack, name)
	}
	return lab
}

// summary renders a diff as sorted "op short-type name" lines.
func summary(d *sim.GraphDiff) []string {
	var out []string
	for _, r := range d.Resources {
		out = append(out, fmt.Sprintf("%s %s %s", r.Op, r.Type[strings.LastIndex(r.Type, ":")+1:], r.Name))
	}
	sort.Strings(out)
	return out
}

func changedPaths(d *sim.GraphDiff, name string) []string {
	for _, r := range d.Resources {
		if r.Name == name {
			var out []string
			for _, c := range r.Changes {
				out = append(out, c.Path)
			}
			return out
		}
	}
	return nil
}

// The labs declare their guides' stages completely and consistently.
func TestEveryLabDeclaresItsGuideSteps(t *testing.T) {
	nameRe := regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	hangul := regexp.MustCompile(`\p{Hangul}`)
	used := map[string]bool{}
	for _, name := range labs.LabNames() {
		lab, ok := labs.LabByName(name)
		if !ok || len(lab.Steps) < 2 {
			t.Errorf("lab %s has no guide steps", name)
			continue
		}
		if lab.Seed == "" || lab.Title == "" || !hangul.MatchString(lab.TitleKo) {
			t.Errorf("lab %s: seed %q title %q Korean title %q", name, lab.Seed, lab.Title, lab.TitleKo)
		}
		keys := map[string]bool{}
		for _, s := range lab.Steps {
			for k := range s.Sets {
				keys[k] = true
			}
		}
		for i, s := range lab.Steps {
			if !nameRe.MatchString(s.Name) || s.Title == "" || s.TitleKo == "" || s.Guide == "" {
				t.Errorf("%s step %d: name %q title %q Korean %q guide %q", name, i+1, s.Name, s.Title, s.TitleKo, s.Guide)
			}
			// Every step gives every key its lab's steps set: a step is a whole
			// state, not a delta, so it can be chosen on its own.
			for k := range keys {
				if _, ok := s.Sets[k]; !ok {
					t.Errorf("%s step %s leaves %s to chance; its other steps set it", name, s.Name, k)
				}
				if !slices.Contains(labs.StepKeys(), k) {
					t.Errorf("%s step %s sets %s, which is not a step key", name, s.Name, k)
				}
			}
			if len(s.Expect) == 0 {
				t.Errorf("%s step %s expects no check result", name, s.Name)
			}
			for _, e := range s.Expect {
				if _, ok := labs.CheckByID(e.Check); !ok || (e.Want != labs.Pass && e.Want != labs.Fail) {
					t.Errorf("%s step %s: check %q want %q", name, s.Name, e.Check, e.Want)
				}
				used[e.Check] = true
			}
		}
		if i, err := lab.StepIndex(""); err != nil || i != len(lab.Steps)-1 {
			t.Errorf("%s: the default step is %d, want the last", name, i)
		}
	}
	for _, c := range labs.GuideChecks() {
		if !used[c.ID] {
			t.Errorf("check %s is expected at no step", c.ID)
		}
		if c.Title == "" || !hangul.MatchString(c.TitleKo) || c.Guide == "" {
			t.Errorf("check %s: title %q Korean %q guide %q", c.ID, c.Title, c.TitleKo, c.Guide)
		}
	}
}

// vpclab:step takes a name or a number; the default is the last step; the
// stack's exports say which step it is at.
func TestStepSelection(t *testing.T) {
	for _, tc := range []struct {
		step string
		want string
		num  int
	}{
		{"", "interface-endpoint", 3}, {"1", "before-endpoints", 1}, {"gateway-endpoint", "gateway-endpoint", 2}, {"3", "interface-endpoint", 3},
	} {
		res := stepGraph(t, "gateway-vs-interface", tc.step, nil)
		if res.Exports["step"] != tc.want || res.Exports["stepNumber"] != tc.num {
			t.Errorf("step %q: exports step %v %v, want %s %v", tc.step, res.Exports["step"], res.Exports["stepNumber"], tc.want, tc.num)
		}
	}
}

// An unknown step is refused naming vpclab:step and listing the lab's steps;
// a step key with a value that is neither its type nor "step" names the key.
func TestBadStepsAreRefused(t *testing.T) {
	for _, tc := range []struct {
		stack string
		over  map[string]string
		key   string
		want  string
	}{
		{"gateway-vs-interface", map[string]string{"step": "ferry"}, "vpclab:step",
			`config vpclab:step = "ferry": the gateway-vs-interface lab's steps are 1 before-endpoints, 2 gateway-endpoint, 3 interface-endpoint`},
		{"nat-bastion", map[string]string{"step": "3"}, "vpclab:step", "the nat-bastion lab's steps are 1 vpc-and-bastion, 2 nat-gateway"},
		{"nat-bastion", map[string]string{"step": "0"}, "vpclab:step", "1 vpc-and-bastion"},
		{"nat-bastion", map[string]string{"step": "nat-gateway", "lab": "ssm"}, "vpclab:step", "the ssm lab's steps are 1 isolated-instance, 2 ssm-endpoints"},
		{"s3-gateway", map[string]string{"s3GatewayEndpoint": "yes"}, "vpclab:s3GatewayEndpoint", "must be true or false, or step for the value of the selected vpclab:step"},
		{"ssm", map[string]string{"interfaceEndpoints": "ssm"}, "vpclab:interfaceEndpoints", "put it in brackets, each text in double quotes"},
		{"s3-gateway", map[string]string{"bucketPolicyCondition": "sourceIp"}, "vpclab:bucketPolicyCondition", "must be one of sourceVpce, sourceVpc, none, or step"},
		// A step's value that conflicts with the stack's own config says so.
		{"privatelink", map[string]string{"acceptanceRequired": "false"}, "vpclab:acceptConnection",
			"nothing to accept (vpclab:acceptConnection is the value of step 4 accepted; set it, or choose another step)"},
		{"privatelink", map[string]string{"step": "internet-nlb", "consumerEndpoint": "true"}, "vpclab:consumerEndpoint", "vpclab:endpointService is false"},
		{"privatelink", map[string]string{"step": "endpoint-service", "acceptConnection": "true"}, "vpclab:acceptConnection", "there is no consumer endpoint to accept"},
	} {
		res, err := sim.LoadAndRun(projectDir, tc.stack, tc.over, labs.Program)
		var ce *labs.ConfigError
		if !errors.As(err, &ce) || ce.Key != tc.key || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %v: error %v, want %s: …%s…", tc.stack, tc.over, err, tc.key, tc.want)
			continue
		}
		if res.Graph.Len() != 0 {
			t.Errorf("%s %v: %d resources registered before the error", tc.stack, tc.over, res.Graph.Len())
		}
	}
}

// A step sets only the keys the stack leaves at "step": an explicit value
// wins at every step, and "step" hands the key back.
func TestExplicitConfigWinsOverTheStep(t *testing.T) {
	// The stack pins the S3 endpoint on: step 1 keeps it.
	g := stepGraph(t, "gateway-vs-interface", "before-endpoints", map[string]string{"s3GatewayEndpoint": "true"}).Graph
	if g.Find(tEndpoint, "s3-endpoint") == nil {
		t.Error("explicit s3GatewayEndpoint true lost to step 1")
	}
	// Pinned off: the last step keeps it off, and still adds the interface endpoint.
	g = stepGraph(t, "gateway-vs-interface", "", map[string]string{"s3GatewayEndpoint": "false"}).Graph
	if g.Find(tEndpoint, "s3-endpoint") != nil || g.Find(tEndpoint, "vpce-cloudformation-endpoint") == nil {
		t.Error("explicit s3GatewayEndpoint false: want no S3 endpoint and the CloudFormation endpoint")
	}
	// An explicit value equal to the project's old default is still explicit.
	g = stepGraph(t, "nat-bastion", "nat-gateway", map[string]string{"natMode": "none"}).Graph
	if len(g.OfType(tNAT)) != 0 {
		t.Error("explicit natMode none lost to step nat-gateway")
	}
	// "step" hands the key back.
	g = stepGraph(t, "nat-bastion", "nat-gateway", map[string]string{"natMode": "step"}).Graph
	if len(g.OfType(tNAT)) != 1 {
		t.Error("natMode step at step nat-gateway built no NAT gateway")
	}
}

// Pulumi.yaml declares exactly the step keys with the default "step" and no
// type (a boolean cannot hold "step"), and every other key typed.
func TestPulumiYamlDeclaresTheStepKeys(t *testing.T) {
	st, err := sim.Load(projectDir, "nat-bastion", nil)
	if err != nil {
		t.Fatal(err)
	}
	raw := loadProjectConfig(t)
	for _, k := range labs.StepKeys() {
		decl, ok := raw[k]
		if !ok || decl.Type != "" || decl.Default != labs.StepDefault || !strings.Contains(decl.Description, `"step"`) {
			t.Errorf("Pulumi.yaml %s: %+v, want an untyped key with default step that says so", k, decl)
		}
		if st.Config["vpclab:"+k] != labs.StepDefault {
			t.Errorf("nat-bastion sets %s = %s: the stack files leave step keys to the steps", k, st.Config["vpclab:"+k])
		}
	}
	for k, decl := range raw {
		if !slices.Contains(labs.StepKeys(), k) && decl.Type == "" {
			t.Errorf("Pulumi.yaml %s has no type", k)
		}
	}
	if _, ok := raw["step"]; !ok {
		t.Error("Pulumi.yaml does not declare step")
	}
}

// Each step changes the graph exactly as the guide's stage does, nothing else.
func TestEachStepChangesWhatTheGuideChanges(t *testing.T) {
	t.Parallel()
	type pair struct {
		stack, from, to string
		want            []string // summary lines
		check           func(t *testing.T, d *sim.GraphDiff, g *sim.Graph)
	}
	for _, p := range []pair{
		{"nat-bastion", "vpc-and-bastion", "nat-gateway", []string{
			// The NAT gateway with its EIP in the public subnet, the private
			// default route to it, and the private SG's egress that it serves.
			"create Eip network-public-0-nat-eip", "create NatGateway network-public-0-nat", "create Route network-private-0-default-route",
			"create SecurityGroupEgressRule access-private-http-out", "create SecurityGroupEgressRule access-private-https-out",
			"create SecurityGroupEgressRule access-private-icmp-out",
		}, func(t *testing.T, d *sim.GraphDiff, g *sim.Graph) {
			route, nat := find(t, g, tRoute, "network-private-0-default-route"), find(t, g, tNAT, "network-public-0-nat")
			wiredTo(t, g, route, "natGatewayId", nat)
			wiredTo(t, g, nat, "subnetId", find(t, g, tSubnet, "network-public-0"))
			if route.Str("destinationCidrBlock") != "0.0.0.0/0" {
				t.Errorf("private route to %s", route.Str("destinationCidrBlock"))
			}
		}},
		{"gateway-vs-interface", "before-endpoints", "gateway-endpoint", []string{
			// The guide: the gateway endpoint, and one pl-… route per route table
			// (routes of a gateway endpoint are its route-table associations).
			// vpclab also opens the private SG to the prefix list (its egress is
			// scoped), lets it ping that prefix list as the guide does
			// (pingGatewayEndpoints), and lets the lab bucket answer through the
			// new endpoint.
			"create GatewayEndpoint s3", "create SecurityGroupEgressRule access-private-https-prefix-list-0",
			"create SecurityGroupEgressRule access-private-icmp-prefix-list-0", "create VpcEndpoint s3-endpoint",
			"update BucketPolicy vpclab-policy",
		}, func(t *testing.T, d *sim.GraphDiff, g *sim.Graph) {
			ep := find(t, g, tEndpoint, "s3-endpoint")
			rts := []string{find(t, g, tRouteTable, "network-public-rt").ID, find(t, g, tRouteTable, "network-private-0-rt").ID}
			if got := ep.Strs("routeTableIds"); !slices.Equal(got, rts) || ep.Out("prefixListId") != "pl-78a54011" {
				t.Errorf("S3 endpoint on %v with %s, want one pl-78a54011 route in each of %v", got, ep.Out("prefixListId"), rts)
			}
			if !strings.Contains(find(t, g, tBucketPolicy, "vpclab-policy").Str("policy"), ep.ID) {
				t.Error("the bucket policy does not name the new endpoint")
			}
		}},
		{"gateway-vs-interface", "gateway-endpoint", "interface-endpoint", []string{
			// DNS hostnames on, then the endpoint with its own SG and ENIs.
			"create InterfaceEndpoint vpce-cloudformation", "create SecurityGroup vpce-cloudformation-sg",
			"create SecurityGroupIngressRule vpce-cloudformation-ingress-0", "create VpcEndpoint vpce-cloudformation-endpoint",
			"update Vpc network-vpc",
		}, func(t *testing.T, d *sim.GraphDiff, g *sim.Graph) {
			if got := changedPaths(d, "network-vpc"); !slices.Equal(got, []string{"enableDnsHostnames"}) || find(t, g, tVpc, "network-vpc").Str("enableDnsHostnames") != "true" {
				t.Errorf("VPC changes %v, want DNS hostnames turned on", got)
			}
			ep := find(t, g, tEndpoint, "vpce-cloudformation-endpoint")
			subnets := []*sim.Resource{find(t, g, tSubnet, "network-private-0"), find(t, g, tSubnet, "network-public-0")}
			if !slices.Equal(g.Sources(ep, "subnetIds"), subnets) || ep.Str("privateDnsEnabled") != "true" ||
				g.Source(ep, "securityGroupIds") != find(t, g, tSG, "vpce-cloudformation-sg") {
				t.Errorf("CloudFormation endpoint in %v private DNS %s SG %v", g.Sources(ep, "subnetIds"), ep.Str("privateDnsEnabled"), g.Source(ep, "securityGroupIds"))
			}
		}},
		{"s3-gateway", "no-endpoint", "gateway-endpoint", []string{
			"create GatewayEndpoint s3", "create SecurityGroupEgressRule access-private-https-prefix-list-0", "create VpcEndpoint s3-endpoint",
		}, func(t *testing.T, d *sim.GraphDiff, g *sim.Graph) {
			ep := find(t, g, tEndpoint, "s3-endpoint")
			if got := ep.Strs("routeTableIds"); !slices.Equal(got, []string{find(t, g, tRouteTable, "network-private-0-rt").ID}) {
				t.Errorf("S3 endpoint on %v, want the private route table only", got)
			}
			if !strings.Contains(ep.Str("policy"), `"FullAccessOptIn"`) {
				t.Errorf("the guide's endpoint starts with the console's Full access policy: %s", ep.Str("policy"))
			}
		}},
		{"s3-gateway", "gateway-endpoint", "endpoint-policies", []string{
			"update BucketPolicy vpclab-policy", "update VpcEndpoint s3-endpoint",
		}, func(t *testing.T, d *sim.GraphDiff, g *sim.Graph) {
			ep := find(t, g, tEndpoint, "s3-endpoint")
			bucket := find(t, g, tBucket, "vpclab-bucket")
			if p := ep.Str("policy"); !strings.Contains(p, `"LabResourcesOnly"`) || !strings.Contains(p, bucket.Out("arn")) || strings.Contains(p, "FullAccessOptIn") {
				t.Errorf("endpoint policy %s, want the lab bucket only", p)
			}
			if p := find(t, g, tBucketPolicy, "vpclab-policy").Str("policy"); !strings.Contains(p, "DenyDataAccessOutsideTheEndpoint") || !strings.Contains(p, ep.ID) {
				t.Errorf("bucket policy %s, want the endpoint-only rule naming %s", p, ep.ID)
			}
			if got := changedPaths(d, "s3-endpoint"); !slices.Equal(got, []string{"policy", "tags.vpclab:exception:LAB-VPCE-01"}) {
				t.Errorf("endpoint changes %v", got)
			}
		}},
		{"ssm", "isolated-instance", "ssm-endpoints", []string{
			"create InterfaceEndpoint vpce-ec2messages", "create InterfaceEndpoint vpce-ssm", "create InterfaceEndpoint vpce-ssmmessages",
			"create SecurityGroup vpce-ec2messages-sg", "create SecurityGroup vpce-ssm-sg", "create SecurityGroup vpce-ssmmessages-sg",
			"create SecurityGroupIngressRule vpce-ec2messages-ingress-0", "create SecurityGroupIngressRule vpce-ssm-ingress-0",
			"create SecurityGroupIngressRule vpce-ssmmessages-ingress-0",
			"create VpcEndpoint vpce-ec2messages-endpoint", "create VpcEndpoint vpce-ssm-endpoint", "create VpcEndpoint vpce-ssmmessages-endpoint",
			// The instance loses the exception of the step that left it unreachable.
			"update Instance access-private",
		}, func(t *testing.T, d *sim.GraphDiff, g *sim.Graph) {
			if got := changedPaths(d, "access-private"); !slices.Equal(got, []string{"tags.vpclab:exception:LAB-VPCE-03"}) {
				t.Errorf("instance changes %v", got)
			}
		}},
		{"privatelink", "internet-nlb", "endpoint-service", []string{"create VpcEndpointService custom-service"},
			func(t *testing.T, d *sim.GraphDiff, g *sim.Graph) {
				eps := find(t, g, tEPS, "custom-service")
				if src := g.Sources(eps, "networkLoadBalancerArns"); len(src) != 1 || src[0] != find(t, g, tNLB, "custom-nlb") || eps.Str("acceptanceRequired") != "true" {
					t.Errorf("endpoint service fronts %v, acceptance %s", src, eps.Str("acceptanceRequired"))
				}
			}},
		{"privatelink", "endpoint-service", "consumer-endpoint", []string{
			"create InterfaceEndpoint custom-consumer", "create SecurityGroup custom-consumer-sg", "create SecurityGroupIngressRule custom-consumer-ingress-0",
			"create VpcEndpoint custom-consumer-endpoint",
		}, func(t *testing.T, d *sim.GraphDiff, g *sim.Graph) {
			if ep := find(t, g, tEndpoint, "custom-consumer-endpoint"); ep.Out("state") != "pendingAcceptance" {
				t.Errorf("consumer endpoint %s, want pendingAcceptance", ep.Out("state"))
			}
		}},
		{"privatelink", "consumer-endpoint", "accepted", []string{"create VpcEndpointConnectionAccepter custom-accepter", "update VpcEndpoint custom-consumer-endpoint"},
			func(t *testing.T, d *sim.GraphDiff, g *sim.Graph) {
				ep := find(t, g, tEndpoint, "custom-consumer-endpoint")
				wiredTo(t, g, find(t, g, tAccepter, "custom-accepter"), "vpcEndpointId", ep)
				// Forward, the endpoint is only retagged: its request is accepted in code.
				if got := changedPaths(d, "custom-consumer-endpoint"); !slices.Equal(got, []string{"tags." + components.ConnectionTag}) || ep.Tag(components.ConnectionTag) != components.ConnectionAccepted {
					t.Errorf("consumer endpoint changes %v, tag %q", got, ep.Tag(components.ConnectionTag))
				}
			}},
	} {
		t.Run(p.stack+"/"+p.to, func(t *testing.T) {
			to := stepGraph(t, p.stack, p.to, nil).Graph
			d := sim.Diff(stepGraph(t, p.stack, p.from, nil).Graph, to)
			if got := summary(d); !slices.Equal(got, p.want) {
				t.Errorf("%s → %s:\n  %s\nwant:\n  %s", p.from, p.to, strings.Join(got, "\n  "), strings.Join(p.want, "\n  "))
			}
			p.check(t, d, to)
		})
	}
}

// Moving a deployed stack from one step to the next updates it in place:
// nothing is deleted or replaced and every changed type has replacement
// rules, so common resources keep their URNs and IDs. Going back a step only
// deletes what the later step added — with one exception, made on purpose:
// going back from an accepted PrivateLink connection replaces the consumer
// endpoint, because deleting the accepter rejects its connection and AWS
// cannot request a rejected one again (components.ConnectionTag).
func TestMovingBetweenStepsNeverReplaces(t *testing.T) {
	t.Parallel()
	stacks, _ := sim.Stacks(projectDir)
	for _, stack := range stacks {
		lab := labOf(t, stack)
		var graphs []*sim.Graph
		for i := range lab.Steps {
			graphs = append(graphs, stepGraph(t, stack, fmt.Sprint(i+1), nil).Graph)
		}
		for i := 1; i < len(graphs); i++ {
			for _, dir := range []struct {
				name     string
				from, to *sim.Graph
				allowed  []sim.Op
			}{
				{"forward", graphs[i-1], graphs[i], []sim.Op{sim.OpCreate, sim.OpUpdate}},
				{"back", graphs[i], graphs[i-1], []sim.Op{sim.OpDelete, sim.OpUpdate}},
			} {
				d := sim.Diff(dir.from, dir.to)
				if len(d.Resources) == 0 {
					t.Errorf("%s: steps %d and %d build the same graph", stack, i, i+1)
				}
				for _, r := range d.Resources {
					if dir.name == "back" && reRequests(r) {
						continue
					}
					if !slices.Contains(dir.allowed, r.Op) || r.Unknown {
						t.Errorf("%s %s between steps %d and %d: %s %s %s (unknown rules: %v) %+v", stack, dir.name, i, i+1, r.Op, r.Type, r.Name, r.Unknown, r.Changes)
					}
				}
			}
		}
	}
}

// reRequests reports the one replacement a step may make: a consumer
// endpoint whose connection goes from accepted back to requested, by
// replaceOnChanges and nothing else.
func reRequests(r sim.ResourceDiff) bool {
	if r.Op != sim.OpReplace || r.Type != tEndpoint || len(r.Changes) != 1 {
		return false
	}
	c := r.Changes[0]
	return c.Path == "tags."+components.ConnectionTag && c.Rule == "replaceOnChanges tags" &&
		sim.Str(c.Old) == components.ConnectionAccepted && sim.Str(c.New) == components.ConnectionRequested
}

// A new Amazon Linux release between two `pulumi up` changes no instance:
// they keep the image they were launched with.
func TestAMIReleaseReplacesNothing(t *testing.T) {
	stacks, _ := sim.Stacks(projectDir)
	for _, stack := range stacks {
		before := plan(t, stack, nil).Graph
		after, err := sim.LoadAndRun(projectDir, stack, nil, labs.Program, sim.WithAMIRelease(1))
		if err != nil {
			t.Fatal(err)
		}
		d := sim.Diff(before, after.Graph)
		instances := 0
		for _, r := range d.Resources {
			if r.Op != sim.OpSame || r.Type != tInstance || len(r.Changes) != 1 || r.Changes[0].Path != "ami" || !r.Changes[0].Ignored {
				t.Errorf("%s: %s %s %+v", stack, r.Op, r.Name, r.Changes)
			}
			instances++
		}
		if instances != len(before.OfType(tInstance)) {
			t.Errorf("%s: the new AMI reached %d of %d instances", stack, instances, len(before.OfType(tInstance)))
		}
	}
}

type configDecl struct {
	Type, Default, Description string
}

// loadProjectConfig reads Pulumi.yaml's config declarations.
func loadProjectConfig(t *testing.T) map[string]configDecl {
	t.Helper()
	proj, err := workspace.LoadProject(projectDir + "/Pulumi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]configDecl{}
	for k, v := range proj.Config {
		d := configDecl{Type: v.TypeName(), Description: v.Description}
		if s, ok := v.Default.(string); ok {
			d.Default = s
		}
		out[k] = d
	}
	return out
}

// Package guide names the policy keys' fallbacks as text (it does not
// import the components): they are the components' own values.
func TestStepFallbacksAreTheComponentsValues(t *testing.T) {
	setsNothing := labs.Lab{Steps: []labs.Step{{}}}
	for key, want := range map[string]string{
		"endpointPolicy":        string(components.PolicyLeastPrivilege),
		"bucketPolicyCondition": string(components.SourceVpce),
	} {
		if got := setsNothing.Value(0, key); got != want {
			t.Errorf("%s falls back to %q, want %q", key, got, want)
		}
	}
}
