package components_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/components"
	"github.com/vpclab/vpclab/sim"
	"github.com/vpclab/vpclab/sim/iam"
)

const (
	tSG       = "aws:ec2/securityGroup:SecurityGroup"
	tEndpoint = "aws:ec2/vpcEndpoint:VpcEndpoint"
)

// A platform's shared endpoint security group: the bundle creates no group
// and no rule, every endpoint sits in the caller's group, and the outputs
// and the exposed resources say so.
func TestBundleWithTheCallersSecurityGroup(t *testing.T) {
	var b *components.InterfaceEndpoints
	g := mustRun(t, func(ctx *pulumi.Context) error {
		nb, err := components.NewNetworkBase(ctx, "net", &components.NetworkBaseArgs{CIDR: "10.0.0.0/16", AvailabilityZones: seoul,
			PrivateSubnets: []components.SubnetSpec{{AZIndex: 0}, {AZIndex: 1}}})
		if err != nil {
			return err
		}
		shared, err := components.NewInterfaceEndpoint(ctx, "probe", &components.InterfaceEndpointArgs{VpcID: nb.VPCID, VpcCIDR: nb.CIDR,
			VpcDNSHostnames: true, VpcDNSSupport: true, Service: "sts", Subnets: []components.EndpointSubnet{{ID: nb.PrivateSubnets[0].ID, AZ: nb.PrivateSubnets[0].AZ}}})
		if err != nil {
			return err
		}
		var subnets []components.EndpointSubnet
		for _, s := range nb.PrivateSubnets {
			subnets = append(subnets, components.EndpointSubnet{ID: s.ID, AZ: s.AZ})
		}
		b, err = components.NewInterfaceEndpoints(ctx, "vpce", &components.InterfaceEndpointsArgs{
			Services: []string{"ecr.api", "ecr.dkr", "logs"},
			Endpoint: components.InterfaceEndpointArgs{VpcID: nb.VPCID, VpcDNSHostnames: true, VpcDNSSupport: true, Subnets: subnets,
				// The group another endpoint created stands for the platform's own.
				SecurityGroupIDs: pulumi.StringArray{shared.SecurityGroupID}},
		})
		return err
	})
	shared := find(t, g, tSG, "probe-sg")
	if sgs := g.OfType(tSG); len(sgs) != 1 {
		t.Errorf("%d security groups, want only the caller's", len(sgs))
	}
	for _, svc := range []string{"ecr-api", "ecr-dkr", "logs"} {
		ep := find(t, g, tEndpoint, "vpce-"+svc+"-endpoint")
		if got := ep.Strs("securityGroupIds"); !slices.Equal(got, []string{shared.ID}) {
			t.Errorf("%s: security groups %v, want the caller's %s", svc, got, shared.ID)
		}
		if g.Find(tIngress, "vpce-"+svc+"-ingress-0") != nil {
			t.Errorf("%s: the component opened a rule with the caller's group", svc)
		}
	}
	for svc, ep := range b.Endpoints {
		if ep.SecurityGroup != nil || ep.Endpoint == nil {
			t.Errorf("%s: exposed security group %v, endpoint %v", svc, ep.SecurityGroup, ep.Endpoint)
		}
	}
}

// The caller's endpoint policies: JSON passed through as written (computed
// by another resource here), a typed document with the grammar's
// negations, extra statements on top of the least-privilege one, and the
// ECR layer statement as AWS documents it.
func TestGatewayEndpointTakesTheCallersPolicy(t *testing.T) {
	raw := `{"Version":"2012-10-17","Statement":[{"Sid":"Mine","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::corp-artifacts/*"}]}`
	policyOf := func(mutate func(*components.GatewayEndpointArgs)) string {
		t.Helper()
		return find(t, mustRun(t, gatewayOn(mutate)), tEndpoint, "gw-endpoint").Str("policy")
	}
	if got := policyOf(func(a *components.GatewayEndpointArgs) {
		a.Resources, a.PolicyJSON = nil, pulumi.String(raw).ToStringOutput()
	}); got != raw {
		t.Errorf("PolicyJSON became %s", got)
	}
	deny := components.Statement{Sid: "OnlyOurOrg", Effect: "Deny", Principal: &components.Principal{Any: true}, NotAction: []string{"s3:GetObject"},
		NotResource: []string{"arn:aws:s3:::my-lab-bucket/*"}, Condition: map[string]map[string][]string{"StringNotEqualsIfExists": {"aws:PrincipalOrgID": {"o-abc123"}}}}
	got := policyOf(func(a *components.GatewayEndpointArgs) { a.ExtraStatements = []components.Statement{deny} })
	doc, err := components.ParsePolicyDocument(got)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(doc.Statement); n != 2 || doc.Statement[0].Sid != "LabResourcesOnly" || doc.Statement[1].Sid != "OnlyOurOrg" || doc.Statement[1].NotAction[0] != "s3:GetObject" {
		t.Errorf("extra statements: %s", got)
	}
	typed := policyOf(func(a *components.GatewayEndpointArgs) {
		a.Resources, a.PolicyDocument = nil, &components.PolicyDocument{Statement: []components.Statement{deny, {Effect: "Allow", Principal: &components.Principal{Any: true}, Action: []string{"s3:*"}, Resource: []string{"*"}}}}
	})
	if !strings.Contains(typed, `"NotResource":["arn:aws:s3:::my-lab-bucket/*"]`) || strings.Contains(typed, "LabResourcesOnly") {
		t.Errorf("typed policy: %s", typed)
	}

	// ECR's layer bucket: an ECR pull's layer request through the endpoint
	// is allowed (the signed request is not the account's own), and
	// nothing else of that bucket.
	res, err := run(t, gatewayOn(func(a *components.GatewayEndpointArgs) { a.AllowECRLayers = true }))
	if err != nil {
		t.Fatal(err)
	}
	ep := find(t, res.Graph, tEndpoint, "gw-endpoint")
	doc, err = components.ParsePolicyDocument(ep.Str("policy"))
	if err != nil {
		t.Fatal(err)
	}
	endpoint := &iam.Policy{Name: ep.Name, Layer: iam.Endpoint, Doc: doc}
	layers := "arn:aws:s3:::prod-ap-northeast-2-starport-layer-bucket"
	everyone := &iam.Policy{Name: "layers", Layer: iam.Resource, Doc: components.PolicyDocument{Statement: []components.Statement{{
		Effect: "Allow", Principal: &components.Principal{Any: true}, Action: []string{"s3:*"}, Resource: []string{layers, layers + "/*"}}}}}
	for _, c := range []struct {
		action, resource string
		allowed          bool
	}{
		{"s3:GetObject", layers + "/sha256/abc", true},
		{"s3:PutObject", layers + "/sha256/abc", false},
		{"s3:GetObject", "arn:aws:s3:::prod-us-east-1-starport-layer-bucket/sha256/abc", false},
	} {
		req := iam.Request{Principal: "arn:aws:iam::999999999999:role/ecr", Action: c.action, Resource: c.resource,
			Context: iam.NewContext("arn:aws:iam::999999999999:role/ecr", ep.ID, ep.Str("vpcId"), true)}
		// The bucket's owner account makes the request through the endpoint:
		// its bucket policy allows it; the endpoint policy decides.
		d, err := iam.Evaluate(req, iam.Policies{Endpoint: endpoint, Resource: everyone, SameAccount: true})
		if err != nil {
			t.Fatal(err)
		}
		if d.Allowed != c.allowed {
			t.Errorf("%s %s: %s, want allowed=%v", c.action, c.resource, d, c.allowed)
		}
	}
}

// The consumer endpoint of a PrivateLinkService: the caller's group, no
// vpclab: tag and no replaceOnChanges by default; the connection record
// (tag and replaceOnChanges while requested) only when asked.
func TestPrivateLinkConsumerIsTheCallers(t *testing.T) {
	g := mustRun(t, linkLab("svc", func(a *components.PrivateLinkServiceArgs) {
		a.Consumer.Accept = false
		a.Consumer.SecurityGroupIDs = pulumi.StringArray{a.TargetSecurityGroupID}
	}))
	ep := find(t, g, tEndpoint, "svc-consumer-endpoint")
	web := find(t, g, tSG, "web-sg")
	if got := ep.Strs("securityGroupIds"); !slices.Equal(got, []string{web.ID}) || g.Find(tSG, "svc-consumer-sg") != nil {
		t.Errorf("consumer groups %v, want only the caller's %s", got, web.ID)
	}
	if ep.Tag(components.ConnectionTag) != "" || len(ep.ReplaceOnChanges) != 0 {
		t.Errorf("consumer tag %q, replaceOnChanges %v without RecordConnection", ep.Tag(components.ConnectionTag), ep.ReplaceOnChanges)
	}
	g = mustRun(t, linkLab("svc", func(a *components.PrivateLinkServiceArgs) {
		a.Consumer.Accept, a.Consumer.RecordConnection = false, true
	}))
	ep = find(t, g, tEndpoint, "svc-consumer-endpoint")
	if ep.Tag(components.ConnectionTag) != components.ConnectionRequested || !slices.Equal(ep.ReplaceOnChanges, []string{"tags"}) {
		t.Errorf("consumer tag %q, replaceOnChanges %v with RecordConnection", ep.Tag(components.ConnectionTag), ep.ReplaceOnChanges)
	}
}

// The library's defaults carry no setting that changes into a security
// group description, and no vpclab: tag: the CIDRs and port live in the
// rules, whose descriptions EC2 updates in place.
func TestDefaultDescriptionsNameNoSetting(t *testing.T) {
	res, err := endpointIn("ap-northeast-2", []int{0, 1}, func(a *components.InterfaceEndpointArgs) { a.Service = "ssmmessages" })
	if err != nil {
		t.Fatal(err)
	}
	checkNeutral(t, res)
	g := mustRun(t, linkLab("svc", nil))
	for _, name := range []string{"svc-nlb-sg", "svc-consumer-sg"} {
		if d := find(t, g, tSG, name).Str("description"); strings.ContainsAny(d, "0123456789") {
			t.Errorf("%s description %q names a port or CIDR", name, d)
		}
	}
	var bp *components.BastionPair
	g = mustRun(t, func(ctx *pulumi.Context) error {
		nb, err := components.NewNetworkBase(ctx, "net", &components.NetworkBaseArgs{CIDR: "10.0.0.0/16", AvailabilityZones: seoul, PrivateSubnets: []components.SubnetSpec{{}}})
		if err != nil {
			return err
		}
		bp, err = components.NewBastionPair(ctx, "access", &components.BastionPairArgs{VpcID: nb.VPCID, VpcCIDR: nb.CIDR, PrivateSubnetID: nb.PrivateSubnets[0].ID})
		return err
	})
	// The pair hands over its resources; without a bastion, none of the bastion's.
	if bp.PrivateInstance == nil || bp.PrivateSecurityGroup == nil || bp.PrivateRole == nil || bp.Bastion != nil || bp.BastionSecurityGroup != nil {
		t.Errorf("exposed: instance %v group %v role %v bastion %v", bp.PrivateInstance, bp.PrivateSecurityGroup, bp.PrivateRole, bp.Bastion)
	}
	if d := find(t, g, tSG, "access-private-sg").Str("description"); strings.Contains(d, "ssm") {
		t.Errorf("private group description %q names the access mode", d)
	}
	if d := find(t, g, "aws:iam/role:Role", "access-private-role").Str("description"); strings.Contains(d, "vpclab") {
		t.Errorf("role description %q is the lab's wording", d)
	}
	for _, r := range g.Resources {
		for k := range r.Object("tags") {
			if strings.HasPrefix(r.Name, "access") && strings.HasPrefix(string(k), "vpclab:") {
				t.Errorf("%s: tag %s on a default bastion pair", r, k)
			}
		}
	}
}

func checkNeutral(t *testing.T, res *sim.Result) {
	t.Helper()
	sg := find(t, res.Graph, tSG, "ep-sg")
	if d := sg.Str("description"); d != "ssmmessages interface endpoint" {
		t.Errorf("endpoint group description %q", d)
	}
	if in := find(t, res.Graph, tIngress, "ep-ingress-0"); !strings.Contains(in.Str("description"), "10.0.0.0/16") {
		t.Errorf("the allowed CIDR is not in the rule's description: %q", in.Str("description"))
	}
	for _, r := range res.Graph.Resources {
		for k := range r.Object("tags") {
			if strings.HasPrefix(r.Name, "ep") && strings.HasPrefix(string(k), "vpclab:") {
				t.Errorf("%s: tag %s on a default endpoint", r, k)
			}
		}
	}
}
