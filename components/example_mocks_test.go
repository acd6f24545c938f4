package components_test

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/components"
)

// seoulMocks are the plain pulumi.WithMocks a user's own test writes. The
// invokes NetworkBase makes, which a user's mocks must answer:
//
//   - aws:index/getAvailabilityZones:getAvailabilityZones (AvailableZones)
//   - aws:index/getCallerIdentity:getCallerIdentity (only with FlowLogs)
type seoulMocks struct{}

func (seoulMocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	return args.Name + "-id", args.Inputs, nil
}

func (seoulMocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	switch args.Token {
	case "aws:index/getAvailabilityZones:getAvailabilityZones":
		return resource.NewPropertyMapFromMap(map[string]any{
			"names": []string{"ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"}, "zoneIds": []string{"apne2-az1", "apne2-az2", "apne2-az3"}}), nil
	case "aws:index/getCallerIdentity:getCallerIdentity":
		return resource.NewPropertyMapFromMap(map[string]any{"accountId": "123456789012"}), nil
	}
	return nil, fmt.Errorf("unmocked invoke %s", args.Token)
}

// NetworkBase under plain pulumi.WithMocks: three AZs, a NAT gateway per
// AZ, EKS's tag on the public subnets, and each private subnet reached as a
// resource with its AZ, block, route table and NAT gateway.
func ExampleNewNetworkBase_withMocks() {
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		azs, err := components.AvailableZones(ctx)
		if err != nil {
			return err
		}
		spread := []components.SubnetSpec{{AZIndex: 0}, {AZIndex: 1}, {AZIndex: 2}}
		net, err := components.NewNetworkBase(ctx, "platform", &components.NetworkBaseArgs{
			CIDR: "10.40.0.0/16", AvailabilityZones: azs, NAT: components.NATPerAZ,
			PublicSubnets: spread, PrivateSubnets: spread,
			PublicTags: components.TierTags{Subnets: map[string]string{"kubernetes.io/role/elb": "1"}},
			Tags:       map[string]string{"CostCenter": "platform"},
		})
		if err != nil {
			return err
		}
		for _, s := range net.PrivateSubnets {
			fmt.Println(s.AZ, s.CIDR, "NAT in", s.NATGateway.AZ, "hosted by", s.NATGateway.Subnet.CIDR)
		}
		fmt.Println(len(net.NATGateways), "NAT gateways;", len(net.NATGatewaysByAZ), "AZs")
		return nil
	}, pulumi.WithMocks("example", "dev", seoulMocks{}))
	fmt.Println("error:", err)
	// Output:
	// ap-northeast-2a 10.40.3.0/24 NAT in ap-northeast-2a hosted by 10.40.0.0/24
	// ap-northeast-2b 10.40.4.0/24 NAT in ap-northeast-2b hosted by 10.40.1.0/24
	// ap-northeast-2c 10.40.5.0/24 NAT in ap-northeast-2c hosted by 10.40.2.0/24
	// 3 NAT gateways; 3 AZs
	// error: <nil>
}
