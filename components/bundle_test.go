package components_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/components"
)

func TestInterfaceEndpointBundleParentsOneEndpointPerService(t *testing.T) {
	res, err := run(t, func(ctx *pulumi.Context) error {
		nb, err := components.NewNetworkBase(ctx, "net", &components.NetworkBaseArgs{CIDR: "10.0.0.0/16", AvailabilityZones: seoul,
			PrivateSubnets: []components.SubnetSpec{{AZIndex: 0}, {AZIndex: 1}}})
		if err != nil {
			return err
		}
		base := components.InterfaceEndpointArgs{VpcID: nb.VPCID, VpcCIDR: nb.CIDR, VpcDNSHostnames: true, VpcDNSSupport: true, NameTag: "Lab-VPCE"}
		for _, s := range nb.PrivateSubnets {
			base.Subnets = append(base.Subnets, components.EndpointSubnet{ID: s.ID, AZ: s.AZ})
		}
		_, err = components.NewInterfaceEndpoints(ctx, "ssm", &components.InterfaceEndpointsArgs{Services: components.SSMServices, Endpoint: base})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	g := res.Graph
	bundle := find(t, g, "vpclab:index:InterfaceEndpoints", "ssm")
	for _, svc := range components.SSMServices {
		ep := find(t, g, "vpclab:index:InterfaceEndpoint", "ssm-"+svc)
		if ep.Parent != bundle.URN {
			t.Errorf("endpoint %s parent = %s, want the bundle", ep.Name, ep.Parent)
		}
		vpce := find(t, g, "aws:ec2/vpcEndpoint:VpcEndpoint", "ssm-"+svc+"-endpoint")
		if vpce.Parent != ep.URN {
			t.Errorf("%s parent = %s, want %s", vpce.Name, vpce.Parent, ep.URN)
		}
		if got, want := vpce.Str("serviceName"), "com.amazonaws.ap-northeast-2."+svc; got != want {
			t.Errorf("%s serviceName = %s, want %s", vpce.Name, got, want)
		}
		if got, want := vpce.Tag("Name"), "Lab-VPCE-"+svc; got != want {
			t.Errorf("%s Name tag = %s, want %s", vpce.Name, got, want)
		}
		if got := len(vpce.List("subnetIds")); got != 2 {
			t.Errorf("%s has %d subnets, want both", vpce.Name, got)
		}
	}
}

func TestInterfaceEndpointBundleRejectsBadInputRegisteringNothing(t *testing.T) {
	for _, tc := range []struct {
		name     string
		services []string
		mutate   func(*components.InterfaceEndpointArgs)
		arg      string
		rule     string
	}{
		{"no services", nil, nil, "Services", "at least one service"},
		{"listed twice", []string{"ssm", "ssm"}, nil, "Services", "listed twice"},
		{"bad service", []string{"ssm", "Not A Service"}, nil, "Services", "not a service name"},
		{"service in the shared args", []string{"ssm"}, func(a *components.InterfaceEndpointArgs) { a.Service = "sts" }, "Endpoint.Service", "takes its services from Services"},
		{"shared rule", []string{"ssm"}, func(a *components.InterfaceEndpointArgs) { a.AllowedCIDRs = []string{"0.0.0.0/0"} }, "Endpoint.AllowedCIDRs[0]", "the whole internet is refused"},
		{"shared private DNS rule", []string{"ssm"}, func(a *components.InterfaceEndpointArgs) { a.VpcDNSHostnames = false }, "Endpoint.PrivateDNS", "private DNS needs"},
		{"no vpc", []string{"ssm"}, func(a *components.InterfaceEndpointArgs) { a.VpcID = nil }, "Endpoint.VpcID", "is required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var registered []string
			res, err := run(t, func(ctx *pulumi.Context) error {
				nb, err := components.NewNetworkBase(ctx, "net", &components.NetworkBaseArgs{CIDR: "10.0.0.0/16", AvailabilityZones: seoul,
					PrivateSubnets: []components.SubnetSpec{{AZIndex: 0}}})
				if err != nil {
					return err
				}
				base := components.InterfaceEndpointArgs{VpcID: nb.VPCID, VpcCIDR: nb.CIDR, VpcDNSHostnames: true, VpcDNSSupport: true,
					Subnets: []components.EndpointSubnet{{ID: nb.PrivateSubnets[0].ID, AZ: nb.PrivateSubnets[0].AZ}}}
				if tc.mutate != nil {
					tc.mutate(&base)
				}
				_, err = components.NewInterfaceEndpoints(ctx, "ssm", &components.InterfaceEndpointsArgs{Services: tc.services, Endpoint: base})
				return err
			})
			ae, ok := components.AsArgError(err)
			if !ok || ae.Component != "InterfaceEndpoints" || ae.Arg != tc.arg || !strings.Contains(ae.Rule, tc.rule) {
				t.Fatalf("got %v, want InterfaceEndpoints %s: …%s…", err, tc.arg, tc.rule)
			}
			for _, r := range res.Graph.Resources {
				if strings.HasPrefix(r.Name, "ssm") {
					registered = append(registered, r.String())
				}
			}
			if len(registered) > 0 {
				t.Errorf("registered despite the bad argument: %v", registered)
			}
		})
	}
}
