package components_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/components"
)

// linkLab builds a provider network with web servers in AZs 0 and 1, a
// consumer network in AZ 0, and a PrivateLinkService named name between them.
func linkLab(name string, mutate func(*components.PrivateLinkServiceArgs)) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		prov, err := components.NewNetworkBase(ctx, "prov", &components.NetworkBaseArgs{CIDR: "10.1.0.0/16", AvailabilityZones: seoul,
			PrivateSubnets: []components.SubnetSpec{{AZIndex: 0}, {AZIndex: 1}}})
		if err != nil {
			return err
		}
		cons, err := components.NewNetworkBase(ctx, "cons", &components.NetworkBaseArgs{CIDR: "10.0.0.0/16", AvailabilityZones: seoul,
			PrivateSubnets: []components.SubnetSpec{{AZIndex: 0}}})
		if err != nil {
			return err
		}
		web, err := components.NewWebServers(ctx, "web", &components.WebServersArgs{VpcID: prov.VPCID, Servers: []components.WebServer{
			{SubnetID: prov.PrivateSubnets[0].ID, AZ: prov.PrivateSubnets[0].AZ, Page: "one"},
			{SubnetID: prov.PrivateSubnets[1].ID, AZ: prov.PrivateSubnets[1].AZ, Page: "two"},
		}})
		if err != nil {
			return err
		}
		args := &components.PrivateLinkServiceArgs{VpcID: prov.VPCID, Targets: web.Instances, TargetSecurityGroupID: web.SecurityGroupID,
			Consumer: &components.PrivateLinkConsumer{VpcID: cons.VPCID, VpcCIDR: cons.CIDR, Accept: true,
				Subnets: []components.EndpointSubnet{{ID: cons.PrivateSubnets[0].ID, AZ: cons.PrivateSubnets[0].AZ}}}}
		for _, s := range prov.PrivateSubnets {
			args.Subnets = append(args.Subnets, components.EndpointSubnet{ID: s.ID, AZ: s.AZ})
		}
		if mutate != nil {
			mutate(args)
		}
		_, err = components.NewPrivateLinkService(ctx, name, args)
		return err
	}
}

func TestPrivateLinkServiceDefaults(t *testing.T) {
	g := mustRun(t, linkLab("svc", nil))
	eps := find(t, g, "aws:ec2/vpcEndpointService:VpcEndpointService", "svc-service")
	if eps.Str("acceptanceRequired") != "true" || eps.Strs("allowedPrincipals")[0] != "arn:aws:iam::123456789012:root" {
		t.Errorf("acceptance %s principals %v; want acceptance required and only the deploying account", eps.Str("acceptanceRequired"), eps.Strs("allowedPrincipals"))
	}
	if n := find(t, g, "aws:lb/loadBalancer:LoadBalancer", "svc-nlb"); n.Str("enforceSecurityGroupInboundRulesOnPrivateLinkTraffic") != "on" {
		t.Error("the NLB stops filtering PrivateLink traffic")
	}
	// The consumer endpoint is a nested InterfaceEndpoint of the service.
	ie := find(t, g, "vpclab:index:InterfaceEndpoint", "svc-consumer")
	if ie.Parent != find(t, g, "vpclab:index:PrivateLinkService", "svc").URN {
		t.Error("the consumer endpoint is not parented to the service")
	}
	if find(t, g, "aws:ec2/vpcEndpoint:VpcEndpoint", "svc-consumer-endpoint").Out("state") != "pendingAcceptance" {
		t.Error("an acceptance-required endpoint starts pendingAcceptance")
	}
}

// Without the endpoint service the NLB stands alone (a guide's baseline), and
// the same NLB, target group and listener keep their names when the service
// is added: publishing does not replace the load balancer.
func TestPrivateLinkServiceWithoutEndpointService(t *testing.T) {
	off := false
	g := mustRun(t, linkLab("svc", func(a *components.PrivateLinkServiceArgs) {
		a.EndpointService, a.Consumer, a.ClientCIDRs = &off, nil, []string{"10.0.0.0/16"}
	}))
	if n := len(g.OfType("aws:ec2/vpcEndpointService:VpcEndpointService")) + len(g.OfType("aws:ec2/vpcEndpoint:VpcEndpoint")); n != 0 {
		t.Errorf("%d endpoint services or endpoints without EndpointService", n)
	}
	for _, r := range []struct{ typ, name string }{{"aws:lb/loadBalancer:LoadBalancer", "svc-nlb"}, {"aws:lb/targetGroup:TargetGroup", "svc-tg"}, {"aws:lb/listener:Listener", "svc-listener"}} {
		find(t, g, r.typ, r.name)
	}
	_, err := run(t, linkLab("svc", func(a *components.PrivateLinkServiceArgs) { a.EndpointService = &off }))
	if ae, ok := components.AsArgError(err); !ok || ae.Arg != "Consumer" || !strings.Contains(ae.Rule, "EndpointService is false") {
		t.Errorf("a consumer without a service: %v", err)
	}
}

func TestPrivateLinkServiceRejectsBadArgs(t *testing.T) {
	for _, tc := range []struct {
		name, comp string
		mutate     func(*components.PrivateLinkServiceArgs)
		arg, rule  string
	}{
		{"NLB and target group names over 32", strings.Repeat("n", 21), nil, "name", "at most 32"},
		{"name with a dot", "svc.1", nil, "name", "letters, digits and hyphens"},
		{"no targets", "svc", func(a *components.PrivateLinkServiceArgs) { a.Targets = nil }, "Targets", "serves nothing"},
		{"target outside the NLB's AZs", "svc", func(a *components.PrivateLinkServiceArgs) { a.Subnets = a.Subnets[:1] }, "Targets[1].AZ", "only in [ap-northeast-2a]"},
		{"consumer AZ outside the NLB's", "svc", func(a *components.PrivateLinkServiceArgs) { a.Consumer.Subnets[0].AZ = "ap-northeast-2c" }, "Consumer.Subnets[0].AZ", "only in the load balancer's AZs"},
		{"two NLB subnets in one AZ", "svc", func(a *components.PrivateLinkServiceArgs) { a.Subnets[1].AZ = a.Subnets[0].AZ }, "Subnets[1].AZ", "one subnet per AZ"},
		{"any principal", "svc", func(a *components.PrivateLinkServiceArgs) { a.AllowedPrincipals = []string{"*"} }, "AllowedPrincipals[0]", "any account"},
		{"accept without acceptance", "svc", func(a *components.PrivateLinkServiceArgs) {
			off := false
			a.AcceptanceRequired = &off
		}, "Consumer.Accept", "nothing to accept"},
		{"no target SG", "svc", func(a *components.PrivateLinkServiceArgs) { a.TargetSecurityGroupID = nil }, "TargetSecurityGroupID", "only from the load balancer"},
		{"listener open to the internet", "svc", func(a *components.PrivateLinkServiceArgs) { a.ClientCIDRs = []string{"0.0.0.0/0"} }, "ClientCIDRs[0]", "whole internet is refused"},
		{"no clients", "svc", func(a *components.PrivateLinkServiceArgs) { a.Consumer = nil }, "ClientCIDRs", "name who may reach the listener"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := run(t, linkLab(tc.comp, tc.mutate))
			ae, ok := components.AsArgError(err)
			if !ok || ae.Component != "PrivateLinkService" || ae.Arg != tc.arg || !strings.Contains(ae.Rule, tc.rule) {
				t.Fatalf("got %v, want PrivateLinkService %s: …%s…", err, tc.arg, tc.rule)
			}
			for _, r := range res.Graph.Resources {
				if strings.HasPrefix(r.Name, tc.comp) {
					t.Errorf("%s registered despite the bad argument", r)
				}
			}
		})
	}
}

func TestWebServersRejectBadArgs(t *testing.T) {
	for name, args := range map[string]components.WebServersArgs{
		"no servers":   {},
		"html in page": {Servers: []components.WebServer{{SubnetID: pulumi.String("s"), AZ: "a", Page: "<b>hi</b>"}}},
		"no AZ":        {Servers: []components.WebServer{{SubnetID: pulumi.String("s"), Page: "hi"}}},
		"arm type":     {InstanceType: "m7g.large", Servers: []components.WebServer{{SubnetID: pulumi.String("s"), AZ: "a", Page: "hi"}}},
	} {
		if err := args.Validate("web"); err == nil {
			t.Errorf("%s: accepted", name)
		} else if ae, ok := components.AsArgError(err); !ok || ae.Component != "WebServers" {
			t.Errorf("%s: %v is not a WebServers ArgError", name, err)
		}
	}
}
