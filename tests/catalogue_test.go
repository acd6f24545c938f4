package tests

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/vpclab/vpclab/awsrules"
	"github.com/vpclab/vpclab/cost"
	"github.com/vpclab/vpclab/cost/costgraph"
	"github.com/vpclab/vpclab/labs"
	"github.com/vpclab/vpclab/sim"
)

// Issue 19: S3 and DynamoDB interface endpoints on a toggle combination of
// an existing lab. The dev stack keeps its Session Manager endpoints
// (sessionManagerEndpoints) while interfaceEndpoints adds s3 and dynamodb;
// both take the account-only policy, their private DNS answers only
// inbound resolvers, so the gateway endpoints exist first and the DNS
// checks expect public answers inside the VPC.
func TestS3AndDynamoDBInterfaceEndpointsOnDev(t *testing.T) {
	res := plan(t, "dev", map[string]string{"interfaceEndpoints": `["s3","dynamodb"]`, "s3GatewayEndpoint": "true"})
	g := res.Graph
	for _, svc := range []string{"ssm", "ssmmessages", "ec2messages", "s3", "dynamodb"} {
		if g.Find(tEndpoint, "vpce-"+svc+"-endpoint") == nil {
			t.Errorf("no %s interface endpoint", svc)
		}
	}
	for _, svc := range []string{"s3", "dynamodb"} {
		ep := find(t, g, tEndpoint, "vpce-"+svc+"-endpoint")
		gw := find(t, g, tEndpoint, svc+"-endpoint")
		if ep.Str("serviceName") != "com.amazonaws.ap-northeast-2."+svc || ep.Str("vpcEndpointType") != "Interface" || gw.Str("vpcEndpointType") != "Gateway" {
			t.Errorf("%s: %s %s / %s", svc, ep.Str("vpcEndpointType"), ep.Str("serviceName"), gw.Str("vpcEndpointType"))
		}
		if !strings.Contains(ep.Str("policy"), `"aws:PrincipalAccount":["123456789012"]`) {
			t.Errorf("%s interface endpoint policy %q", svc, ep.Str("policy"))
		}
		if !slices.Contains(ep.Dependencies, gw.URN) {
			t.Errorf("%s interface endpoint does not wait for its gateway endpoint", svc)
		}
		if v := ep.Object("dnsOptions")["privateDnsOnlyForInboundResolverEndpoint"]; !v.IsBool() || !v.BoolValue() {
			t.Errorf("%s dnsOptions %v", svc, ep.Object("dnsOptions"))
		}
	}
	private := fmt.Sprint(res.Exports["privateDnsServices"])
	if strings.Contains(private, "s3") || strings.Contains(private, "dynamodb") || !strings.Contains(private, "ssm") {
		t.Errorf("privateDnsServices %s: inbound-only private DNS resolves publicly inside the VPC", private)
	}
	if !slices.ContainsFunc(res.Warnings, func(w string) bool { return strings.Contains(w, "adding the DynamoDB gateway endpoint") }) {
		t.Errorf("warnings %v: the added DynamoDB gateway endpoint is not announced", res.Warnings)
	}
	// Before the S3 gateway endpoint (step 1), S3 may send the VPC's
	// traffic through the interface endpoint instead.
	g = plan(t, "dev", map[string]string{"step": "1", "interfaceEndpoints": `["s3"]`, "privateDnsOnlyForInboundResolverEndpoint": "false"}).Graph
	if g.Find(tEndpoint, "s3-endpoint") != nil || g.Find(tEndpoint, "vpce-s3-endpoint") == nil {
		t.Error("want the S3 interface endpoint without a gateway endpoint")
	}
}

// What AWS refuses in those combinations is refused before anything is
// registered, naming the keys that fix it.
func TestInterfaceEndpointCombinationsAWSRefuses(t *testing.T) {
	for _, tc := range []struct {
		name, stack string
		overrides   map[string]string
		key, rule   string
	}{
		{"s3 private DNS without its gateway", "dev", map[string]string{"step": "1", "interfaceEndpoints": `["s3"]`}, "vpclab:interfaceEndpoints[3]",
			"set vpclab:s3GatewayEndpoint true, vpclab:privateDnsOnlyForInboundResolverEndpoint false"},
		{"dynamodb all resolvers", "dev", map[string]string{"interfaceEndpoints": `["dynamodb"]`, "dynamodbGatewayEndpoint": "true", "privateDnsOnlyForInboundResolverEndpoint": "false"},
			"vpclab:privateDnsOnlyForInboundResolverEndpoint", "the aws provider passes this option for S3 only"},
		{"instance type the AZ does not offer", "nat-bastion", map[string]string{"aws:region": "us-east-1", "privateSubnetAzs": "[4]", "publicSubnetAzs": "[4]"}, "vpclab:instanceType",
			"the simulation's offerings list does not have t3.micro in us-east-1e (t3.micro is an EC2 instance type; it has it in us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1f)"},
		// Whether a name is an instance type at all is the EC2 API's list,
		// not the simulation's offerings (issue 25 item 5).
		{"instance type EC2 does not have", "dev", map[string]string{"instanceType": "t99.huge"}, "vpclab:instanceType",
			"is not an EC2 instance type (the EC2 API's list of instance types)"},
		{"instance type misspelt", "dev", map[string]string{"instanceType": "t3.mirco"}, "vpclab:instanceType", "is not an EC2 instance type (the EC2 API's list of instance types); did you mean t3.micro?"},
		{"instance type the simulation does not offer", "dev", map[string]string{"instanceType": "p5.48xlarge"}, "vpclab:instanceType",
			"the simulation's offerings list does not have p5.48xlarge in ap-northeast-2a (p5.48xlarge is an EC2 instance type; no AZ of the region has it)"},
		{"t2 where the region has none", "dev", map[string]string{"aws:region": "eu-north-1", "instanceType": "t2.micro"}, "vpclab:instanceType",
			"the simulation's offerings list does not have t2.micro in eu-north-1a (t2.micro is an EC2 instance type; no AZ of the region has it)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := sim.LoadAndRun(projectDir, tc.stack, tc.overrides, labs.Program)
			var ce *labs.ConfigError
			if !errors.As(err, &ce) || ce.Key != tc.key || !strings.Contains(err.Error(), tc.rule) {
				t.Fatalf("error %v\nwant key %s and %q", err, tc.key, tc.rule)
			}
			if n := res.Graph.Len(); n != 0 {
				t.Errorf("%d resources registered before the error:\n%s", n, inventory(res.Graph))
			}
		})
	}
	// The privatelink lab checks its web servers' AZs too.
	_, err := sim.LoadAndRun(projectDir, "privatelink", map[string]string{"aws:region": "us-east-1", "providerSubnetAzs": "[0,4]"}, labs.Program)
	if err == nil || !strings.Contains(err.Error(), "does not have t3.micro in us-east-1e") {
		t.Errorf("web server in us-east-1e: %v", err)
	}
}

// Issue 18 item 3: every stack plans in every commercial region. A lab that
// pins AZ indexes a region does not have says so: us-west-1 offers new
// accounts two AZs, and lab 9-1 puts its private subnet in the third.
func TestEveryStackPlansInEveryRegion(t *testing.T) {
	if testing.Short() {
		t.Skip("plans every stack in 34 regions")
	}
	stacks, err := sim.Stacks(projectDir)
	if err != nil {
		t.Fatal(err)
	}
	table := cost.MustLoad()
	for _, region := range sim.RegionNames() {
		if !slices.Contains(table.Regions(), region) {
			t.Errorf("sim simulates %s, which the price table lacks", region)
		}
		t.Run(region, func(t *testing.T) {
			t.Parallel()
			for _, stack := range stacks {
				res, err := sim.LoadAndRun(projectDir, stack, map[string]string{"aws:region": region}, labs.Program)
				if region == "us-west-1" && stack == "gateway-vs-interface" {
					if err == nil || !strings.Contains(err.Error(), "privateSubnetAzs") {
						t.Errorf("%s: %v, want the missing third AZ named", stack, err)
					}
					continue
				}
				if err != nil {
					t.Errorf("%s: %v", stack, err)
					continue
				}
				if got := res.Exports["region"]; got != region {
					t.Errorf("%s: region output %v", stack, got)
				}
				// Every price the lab needs is known in every region.
				if c := costgraph.Estimate(res, table); !c.Complete || c.Hourly <= 0 {
					t.Errorf("%s: cost %+v", stack, c)
				}
			}
		})
	}
}

// The simulated catalogue agrees with the components' table of AWS
// services (awsrules.AWSServices): every simulated service is in it with
// the same endpoint types and the same endpoint-policy support, so a
// refusal before registration and the simulated EC2's answer never differ.
func TestSimulatedCatalogueAgreesWithTheServiceTable(t *testing.T) {
	for _, s := range sim.Catalogue {
		known, ok := awsrules.LookupAWSService(s.Name)
		switch {
		case !ok:
			t.Errorf("%s is simulated but not in awsrules.AWSServices", s.Name)
		case known.Gateway != s.Gateway || known.Interface != s.Interface || known.PolicySupported != s.PolicySupported:
			t.Errorf("%s: table %+v, simulation %+v", s.Name, known, s)
		}
	}
}
