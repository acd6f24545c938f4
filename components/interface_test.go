package components_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/components"
	"github.com/vpclab/vpclab/sim"
)

// endpointIn builds a private network with one subnet per AZ index in the
// region, then an interface endpoint over all its subnets.
func endpointIn(region string, azIdx []int, mutate func(*components.InterfaceEndpointArgs)) (*sim.Result, error) {
	return sim.Run(&sim.Stack{Project: "vpclab", Name: "unit", Config: map[string]string{"aws:region": region}}, func(ctx *pulumi.Context) error {
		azs, err := components.AvailableZones(ctx)
		if err != nil {
			return err
		}
		var specs []components.SubnetSpec
		for _, i := range azIdx {
			specs = append(specs, components.SubnetSpec{AZIndex: i})
		}
		nb, err := components.NewNetworkBase(ctx, "net", &components.NetworkBaseArgs{CIDR: "10.0.0.0/16", AvailabilityZones: azs, PrivateSubnets: specs})
		if err != nil {
			return err
		}
		args := &components.InterfaceEndpointArgs{VpcID: nb.VPCID, VpcCIDR: nb.CIDR, VpcDNSHostnames: nb.DNSHostnames, VpcDNSSupport: true, Service: "ssm"}
		for _, s := range nb.PrivateSubnets {
			args.Subnets = append(args.Subnets, components.EndpointSubnet{ID: s.ID, AZ: s.AZ})
		}
		if mutate != nil {
			mutate(args)
		}
		_, err = components.NewInterfaceEndpoint(ctx, "ep", args)
		return err
	})
}

// Subnets in AZs the service does not offer are left out.
func TestInterfaceEndpointSkipsUnsupportedAZs(t *testing.T) {
	res, err := endpointIn("us-east-1", []int{0, 4}, nil) // us-east-1a and the constrained us-east-1e
	if err != nil {
		t.Fatal(err)
	}
	ep := find(t, res.Graph, "aws:ec2/vpcEndpoint:VpcEndpoint", "ep-endpoint")
	ids := ep.Strs("subnetIds")
	if len(ids) != 1 || res.Graph.ByID(ids[0]).Name != "net-private-0" {
		t.Errorf("endpoint subnets %v, want only the us-east-1a subnet", ids)
	}
	if ep.Str("serviceName") != "com.amazonaws.us-east-1.ssm" || ep.Str("privateDnsEnabled") != "true" {
		t.Errorf("service %s privateDns %s", ep.Str("serviceName"), ep.Str("privateDnsEnabled"))
	}
}

func TestInterfaceEndpointFailsWhenNoAZIsOffered(t *testing.T) {
	res, err := endpointIn("us-east-1", []int{4}, nil)
	if err == nil || !strings.Contains(err.Error(), `InterfaceEndpoint: Subnets = ["us-east-1e"]: ssm is offered only in`) {
		t.Fatalf("error %v", err)
	}
	if res.Graph.Find("aws:ec2/vpcEndpoint:VpcEndpoint", "ep-endpoint") != nil {
		t.Error("the endpoint was registered anyway")
	}
}

func TestInterfaceEndpointPolicyAndPort(t *testing.T) {
	doc := components.PolicyDocument{Statement: []components.Statement{{
		Effect: "Allow", Principal: &components.Principal{Any: true}, Action: []string{"kms:Decrypt"}, Resource: []string{"*"},
	}}}
	res, err := endpointIn("ap-northeast-2", []int{0}, func(a *components.InterfaceEndpointArgs) {
		a.Service, a.Policy, a.Port, a.AllowedCIDRs = "kms", &doc, 8443, []string{"10.0.1.0/24"}
	})
	if err != nil {
		t.Fatal(err)
	}
	ep := find(t, res.Graph, "aws:ec2/vpcEndpoint:VpcEndpoint", "ep-endpoint")
	if !strings.Contains(ep.Str("policy"), `"kms:Decrypt"`) {
		t.Errorf("policy %s", ep.Str("policy"))
	}
	in := find(t, res.Graph, tIngress, "ep-ingress-0")
	if in.Str("fromPort") != "8443" || in.Str("cidrIpv4") != "10.0.1.0/24" {
		t.Errorf("ingress %s from %s", in.Str("fromPort"), in.Str("cidrIpv4"))
	}
}

func TestInterfaceEndpointRejectsBadArgs(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*components.InterfaceEndpointArgs)
		arg    string
		rule   string
	}{
		{"two subnets in one AZ", func(a *components.InterfaceEndpointArgs) { a.Subnets[1].AZ = a.Subnets[0].AZ }, "Subnets[1].AZ", "one subnet per AZ"},
		{"no subnets", func(a *components.InterfaceEndpointArgs) { a.Subnets = nil }, "Subnets", "at least one subnet"},
		{"private DNS without hostnames", func(a *components.InterfaceEndpointArgs) { a.VpcDNSHostnames = false }, "PrivateDNS", "DNS hostnames on"},
		{"malformed full name", func(a *components.InterfaceEndpointArgs) { a.Service = "com.amazonaws.ssm" }, "Service", "not com.amazonaws.<region>.<service>"},
		{"malformed short name", func(a *components.InterfaceEndpointArgs) { a.Service = "SSM!" }, "Service", "not a service name"},
		{"private DNS on an endpoint service", func(a *components.InterfaceEndpointArgs) {
			a.Service = "com.amazonaws.vpce.ap-northeast-2.vpce-svc-0123456789abcdef0"
			on := true
			a.PrivateDNS = &on
		}, "PrivateDNS", "no private DNS name unless its provider verified one"},
		{"open to the internet", func(a *components.InterfaceEndpointArgs) { a.AllowedCIDRs = []string{"0.0.0.0/0"} }, "AllowedCIDRs[0]", "the whole internet is refused"},
		{"bad port", func(a *components.InterfaceEndpointArgs) { a.Port = 70000 }, "Port", "1 to 65535"},
		{"bad policy", func(a *components.InterfaceEndpointArgs) { a.Policy = &components.PolicyDocument{} }, "Policy", "no statements"},
		{"no vpc", func(a *components.InterfaceEndpointArgs) { a.VpcID = nil }, "VpcID", "is required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := endpointIn("ap-northeast-2", []int{0, 1}, tc.mutate)
			ae, ok := components.AsArgError(err)
			if !ok || ae.Component != "InterfaceEndpoint" || ae.Arg != tc.arg || !strings.Contains(ae.Rule, tc.rule) {
				t.Fatalf("got %v, want InterfaceEndpoint %s: …%s…", err, tc.arg, tc.rule)
			}
			for _, r := range res.Graph.Resources {
				if strings.HasPrefix(r.Name, "ep") {
					t.Errorf("%s registered despite the bad argument", r)
				}
			}
		})
	}
	// A full name for another region is caught when the region is known.
	if _, err := endpointIn("ap-northeast-2", []int{0}, func(a *components.InterfaceEndpointArgs) { a.Service = "com.amazonaws.us-east-1.ssm" }); err == nil ||
		!strings.Contains(err.Error(), "names region us-east-1 but the provider is in ap-northeast-2") {
		t.Errorf("cross-region service: %v", err)
	}
}

func TestSSMBundleValidatesEveryServiceFirst(t *testing.T) {
	var eps map[string]*components.InterfaceEndpoint
	res, err := sim.Run(&sim.Stack{Project: "vpclab", Name: "unit", Config: map[string]string{"aws:region": "ap-northeast-2"}}, func(ctx *pulumi.Context) error {
		nb, err := components.NewNetworkBase(ctx, "net", &components.NetworkBaseArgs{CIDR: "10.0.0.0/16", AvailabilityZones: seoul, PrivateSubnets: []components.SubnetSpec{{AZIndex: 0}}})
		if err != nil {
			return err
		}
		base := components.InterfaceEndpointArgs{VpcID: nb.VPCID, VpcCIDR: nb.CIDR, VpcDNSHostnames: true, VpcDNSSupport: true,
			Subnets: []components.EndpointSubnet{{ID: nb.PrivateSubnets[0].ID, AZ: nb.PrivateSubnets[0].AZ}}}
		if _, err := components.NewInterfaceEndpoints(ctx, "bad", &components.InterfaceEndpointsArgs{Services: append(append([]string{}, components.SSMServices...), "com.amazonaws.x"), Endpoint: base}); err == nil {
			return nil
		}
		b, err := components.NewInterfaceEndpoints(ctx, "vpce", &components.InterfaceEndpointsArgs{Services: components.SSMServices, Endpoint: base})
		if b != nil {
			eps = b.Endpoints
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Graph.Resources {
		if strings.HasPrefix(r.Name, "bad") {
			t.Errorf("%s registered from a bundle with a bad service", r)
		}
	}
	if len(eps) != 3 || res.Graph.Find("vpclab:index:InterfaceEndpoint", "vpce-ssmmessages") == nil {
		t.Errorf("bundle built %d endpoints", len(eps))
	}
}

// Finding 6: a service whose VpcEndpointPolicySupported is false (the SSM
// message services) gets no custom policy, and the accepted guardrail
// finding says why; a service that supports one (Systems Manager,
// CloudFormation, S3 and DynamoDB interface endpoints among them) gets the
// account-only default; an explicit policy for a service that takes none is
// refused before the endpoint is registered.
func TestInterfaceEndpointPolicyFollowsTheService(t *testing.T) {
	for _, tc := range []struct {
		service    string
		wantPolicy bool
	}{{"ssm", true}, {"ssmmessages", false}, {"ec2messages", false}, {"cloudformation", true}, {"kms", true}, {"sts", true}, {"s3", true}, {"dynamodb", true}} {
		res, err := endpointIn("ap-northeast-2", []int{0}, func(a *components.InterfaceEndpointArgs) {
			a.Service, a.GuardrailTags = tc.service, true
			if slices.Contains(components.GatewayServices, tc.service) {
				a.PrivateDNS = new(bool) // private DNS would need a gateway endpoint
			}
		})
		if err != nil {
			t.Fatalf("%s: %v", tc.service, err)
		}
		ep := find(t, res.Graph, "aws:ec2/vpcEndpoint:VpcEndpoint", "ep-endpoint")
		exc := ep.Tag(components.ExceptionTagPrefix + "LAB-VPCE-01")
		switch {
		case tc.wantPolicy && !strings.Contains(ep.Str("policy"), `"aws:PrincipalAccount"`):
			t.Errorf("%s: policy %q, want the account-only default", tc.service, ep.Str("policy"))
		case tc.wantPolicy && exc != "":
			t.Errorf("%s: exception %q on an endpoint with a policy", tc.service, exc)
		case !tc.wantPolicy && !ep.Input("policy").IsNull():
			t.Errorf("%s: policy %v on a service that takes none", tc.service, ep.Input("policy"))
		case !tc.wantPolicy && !strings.Contains(exc, "takes no custom endpoint policy"):
			t.Errorf("%s: exception %q", tc.service, exc)
		}
	}
	doc := components.PolicyDocument{Statement: []components.Statement{{Effect: "Allow", Principal: &components.Principal{Any: true}, Action: []string{"ssm:*"}, Resource: []string{"*"}}}}
	res, err := endpointIn("ap-northeast-2", []int{0}, func(a *components.InterfaceEndpointArgs) { a.Service, a.Policy = "ssmmessages", &doc })
	if err == nil || !strings.Contains(err.Error(), `InterfaceEndpoint: Policy = "ssmmessages": ssmmessages takes no custom endpoint policy (VpcEndpointPolicySupported is false)`) {
		t.Errorf("explicit policy on ssmmessages: %v", err)
	}
	if res.Graph.Find("aws:ec2/vpcEndpoint:VpcEndpoint", "ep-endpoint") != nil {
		t.Error("the endpoint was registered with a policy its service refuses")
	}
	// A service newer than vpclab's table: EC2's answer decides, once known.
	res, err = endpointIn("ap-northeast-2", []int{0}, func(a *components.InterfaceEndpointArgs) {
		a.Service, a.Policy, a.UnlistedService = "ssmmessages", &doc, true
	})
	if err == nil || !strings.Contains(err.Error(), `InterfaceEndpoint: Policy = "ssmmessages": the service takes no custom endpoint policy (VpcEndpointPolicySupported is false)`) {
		t.Errorf("explicit policy on an unlisted ssmmessages: %v", err)
	}
	if res.Graph.Find("aws:ec2/vpcEndpoint:VpcEndpoint", "ep-endpoint") != nil {
		t.Error("the unlisted endpoint was registered with a policy its service refuses")
	}
}

// S3 and DynamoDB interface endpoints follow AWS's private DNS rule: with
// private DNS only for inbound resolver endpoints (AWS's default) the VPC
// needs the service's gateway endpoint, which the interface endpoint then
// depends on; S3 may turn the option off, DynamoDB cannot through the aws
// provider, and services without a gateway service take no such option. A
// refused configuration registers nothing.
func TestS3AndDynamoDBInterfaceEndpointsNeedTheirGatewayForPrivateDNS(t *testing.T) {
	yes, no := true, false
	for _, tc := range []struct {
		name, service string
		gateway       bool
		privateDNS    *bool
		onlyInbound   *bool
		wantErr       string
		wantDNSOption string // dnsOptions.privateDnsOnlyForInboundResolverEndpoint sent, "" none
	}{
		{name: "s3 private DNS with its gateway", service: "s3", gateway: true},
		{name: "dynamodb private DNS with its gateway", service: "dynamodb", gateway: true, onlyInbound: &yes, wantDNSOption: "true"},
		{name: "s3 private DNS without a gateway", service: "s3", wantErr: "GatewayEndpoints = \"s3\": private DNS for the s3 interface endpoint answers only Route 53 Resolver inbound endpoints"},
		{name: "s3 all resolvers", service: "s3", onlyInbound: &no, wantDNSOption: "false"},
		{name: "dynamodb all resolvers", service: "dynamodb", onlyInbound: &no, wantErr: "the aws provider passes this option for S3 only"},
		{name: "dynamodb without private DNS", service: "dynamodb", privateDNS: &no},
		{name: "ssm with the option", service: "ssm", onlyInbound: &yes, wantErr: "PrivateDNSOnlyForInboundResolverEndpoint = true: only services with a gateway endpoint service too (s3, dynamodb) take it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := run(t, func(ctx *pulumi.Context) error {
				nb, err := components.NewNetworkBase(ctx, "net", &components.NetworkBaseArgs{CIDR: "10.0.0.0/16", AvailabilityZones: seoul,
					PrivateSubnets: []components.SubnetSpec{{AZIndex: 0}}})
				if err != nil {
					return err
				}
				args := &components.InterfaceEndpointArgs{VpcID: nb.VPCID, VpcCIDR: nb.CIDR, VpcDNSHostnames: true, VpcDNSSupport: true,
					Service: tc.service, Subnets: []components.EndpointSubnet{{ID: nb.PrivateSubnets[0].ID, AZ: nb.PrivateSubnets[0].AZ}}, PrivateDNS: tc.privateDNS, PrivateDNSOnlyForInboundResolverEndpoint: tc.onlyInbound}
				if tc.gateway {
					gw, err := components.NewGatewayEndpoint(ctx, "gw", &components.GatewayEndpointArgs{VpcID: nb.VPCID, Service: tc.service,
						RouteTableIDs: []pulumi.StringInput{nb.PrivateSubnets[0].RouteTableID}, Policy: components.PolicyFullAccess,
						Exceptions: components.Exceptions{"LAB-VPCE-01": "a unit test chose full access"}})
					if err != nil {
						return err
					}
					args.GatewayEndpoints = map[string]pulumi.Resource{tc.service: gw}
				}
				_, err = components.NewInterfaceEndpoint(ctx, "ep", args)
				return err
			})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				if res.Graph.Find("vpclab:index:InterfaceEndpoint", "ep") != nil {
					t.Error("a refused endpoint registered its component")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			ep := find(t, res.Graph, "aws:ec2/vpcEndpoint:VpcEndpoint", "ep-endpoint")
			got := ""
			if v := ep.Object("dnsOptions")["privateDnsOnlyForInboundResolverEndpoint"]; v.IsBool() {
				got = fmt.Sprint(v.BoolValue())
			}
			if got != tc.wantDNSOption {
				t.Errorf("dnsOptions.privateDnsOnlyForInboundResolverEndpoint %q, want %q", got, tc.wantDNSOption)
			}
			if !strings.Contains(ep.Str("policy"), "aws:PrincipalAccount") {
				t.Errorf("policy %q, want the account-only default (the service takes policies)", ep.Str("policy"))
			}
			if gw := res.Graph.Find("aws:ec2/vpcEndpoint:VpcEndpoint", "gw-endpoint"); gw != nil && !slices.Contains(ep.Dependencies, gw.URN) {
				t.Errorf("the interface endpoint does not depend on its gateway endpoint: %v", ep.Dependencies)
			}
		})
	}
}
