package components_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/components"
)

// Every bad argument of the endpoint components is refused before anything
// is registered, naming the component, the argument and the rule: one rule,
// one message. The inputs are plain values, as a caller's are when known.
func TestEndpointComponentsRefuseBeforeRegistering(t *testing.T) {
	vpc := pulumi.String("vpc-0123456789abcdef0")
	subnets := []components.EndpointSubnet{{ID: pulumi.String("subnet-0123456789abcdef0"), AZ: "ap-northeast-2a"}}
	iface := func(mod func(*components.InterfaceEndpointArgs)) func(*pulumi.Context) error {
		return func(ctx *pulumi.Context) error {
			a := components.InterfaceEndpointArgs{VpcID: vpc, VpcCIDR: "10.0.0.0/16", VpcDNSHostnames: true, VpcDNSSupport: true, Service: "ssm", Subnets: subnets}
			mod(&a)
			_, err := components.NewInterfaceEndpoint(ctx, "ep", &a)
			return err
		}
	}
	bundle := func(services []string, mod func(*components.InterfaceEndpointArgs)) func(*pulumi.Context) error {
		return func(ctx *pulumi.Context) error {
			a := components.InterfaceEndpointArgs{VpcID: vpc, VpcCIDR: "10.0.0.0/16", VpcDNSHostnames: true, VpcDNSSupport: true, Subnets: subnets}
			mod(&a)
			_, err := components.NewInterfaceEndpoints(ctx, "vpce", &components.InterfaceEndpointsArgs{Services: services, Endpoint: a})
			return err
		}
	}
	gateway := func(name string, mod func(*components.GatewayEndpointArgs)) func(*pulumi.Context) error {
		return func(ctx *pulumi.Context) error {
			a := components.GatewayEndpointArgs{VpcID: vpc, Service: "s3", RouteTableIDs: []pulumi.StringInput{pulumi.String("rtb-0123456789abcdef0")},
				Resources: []pulumi.StringInput{pulumi.String("arn:aws:s3:::lab-bucket")}}
			mod(&a)
			_, err := components.NewGatewayEndpoint(ctx, name, &a)
			return err
		}
	}
	bastion := func(name string, mod func(*components.BastionPairArgs)) func(*pulumi.Context) error {
		return func(ctx *pulumi.Context) error {
			a := components.BastionPairArgs{VpcID: vpc, VpcCIDR: "10.0.0.0/16", PrivateSubnetID: subnets[0].ID, PrivateSubnetAZ: "ap-northeast-2a"}
			mod(&a)
			_, err := components.NewBastionPair(ctx, name, &a)
			return err
		}
	}
	pls := func(name string, mod func(*components.PrivateLinkServiceArgs)) func(*pulumi.Context) error {
		return func(ctx *pulumi.Context) error {
			a := components.PrivateLinkServiceArgs{VpcID: vpc, Subnets: subnets, ClientCIDRs: []string{"10.1.0.0/16"},
				Targets:               []components.Target{{InstanceID: pulumi.String("i-0123456789abcdef0"), AZ: "ap-northeast-2a"}},
				TargetSecurityGroupID: pulumi.String("sg-0123456789abcdef0"),
				Consumer:              &components.PrivateLinkConsumer{VpcID: pulumi.String("vpc-1"), VpcCIDR: "10.1.0.0/16", Subnets: subnets}}
			mod(&a)
			_, err := components.NewPrivateLinkService(ctx, name, &a)
			return err
		}
	}
	ssmPolicy := &components.PolicyDocument{Statement: []components.Statement{{Effect: "Allow", Principal: &components.Principal{Any: true}, Action: []string{"*"}, Resource: []string{"*"}}}}
	notAction := []components.Statement{{Effect: "Deny", Principal: &components.Principal{Any: true}, NotAction: []string{"ssm:*"}, Resource: []string{"*"}}}

	for name, tc := range map[string]struct {
		program        func(*pulumi.Context) error
		component, arg string
		rule           string
	}{
		"interface: unknown service": {iface(func(a *components.InterfaceEndpointArgs) { a.Service = "ecr.apii" }),
			"InterfaceEndpoint", "Service", "ecr.apii is not an AWS service with interface endpoints that vpclab knows; did you mean ecr.api?"},
		"interface: unknown full name": {iface(func(a *components.InterfaceEndpointArgs) { a.Service = "com.amazonaws.ap-northeast-2.ssmm" }),
			"InterfaceEndpoint", "Service", "did you mean ssm?"},
		"interface: gateway-only name": {iface(func(a *components.InterfaceEndpointArgs) { a.Service = "s4" }),
			"InterfaceEndpoint", "Service", "did you mean s3?"},
		"interface: policy on ssmmessages": {iface(func(a *components.InterfaceEndpointArgs) { a.Service, a.Policy = "ssmmessages", ssmPolicy }),
			"InterfaceEndpoint", "Policy", "ssmmessages takes no custom endpoint policy (VpcEndpointPolicySupported is false)"},
		"interface: JSON policy on ec2messages": {iface(func(a *components.InterfaceEndpointArgs) {
			a.Service, a.PolicyJSON = "ec2messages", pulumi.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`)
		}), "InterfaceEndpoint", "PolicyJSON", "ec2messages takes no custom endpoint policy"},
		"interface: extra statements on ssmmessages": {iface(func(a *components.InterfaceEndpointArgs) { a.Service, a.ExtraStatements = "ssmmessages", notAction }),
			"InterfaceEndpoint", "ExtraStatements", "ssmmessages takes no custom endpoint policy"},
		"interface: both policies": {iface(func(a *components.InterfaceEndpointArgs) { a.Policy, a.PolicyJSON = ssmPolicy, pulumi.String("{}") }),
			"InterfaceEndpoint", "PolicyJSON", "give Policy or PolicyJSON, not both"},
		"interface: policy JSON with a bad operator": {iface(func(a *components.InterfaceEndpointArgs) {
			a.PolicyJSON = pulumi.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"ssm:*","Resource":"*","Condition":{"StringEqual":{"aws:PrincipalAccount":"123456789012"}}}]}`)
		}), "InterfaceEndpoint", "PolicyJSON", `Condition operator "StringEqual" is not a condition operator`},
		"interface: typed policy with Action and NotAction": {iface(func(a *components.InterfaceEndpointArgs) {
			a.Policy = &components.PolicyDocument{Statement: []components.Statement{{Effect: "Allow", Principal: &components.Principal{Any: true}, Action: []string{"ssm:*"}, NotAction: []string{"ssm:Delete*"}}}}
		}), "InterfaceEndpoint", "Policy", "has both Action and NotAction"},
		"interface: own groups and CIDRs": {iface(func(a *components.InterfaceEndpointArgs) {
			a.SecurityGroupIDs, a.AllowedCIDRs = pulumi.StringArray{pulumi.String("sg-0123456789abcdef0")}, []string{"10.0.0.0/16"}
		}), "InterfaceEndpoint", "AllowedCIDRs", "with SecurityGroupIDs there is none"},
		"interface: own groups, not an ID": {iface(func(a *components.InterfaceEndpointArgs) {
			a.SecurityGroupIDs = pulumi.StringArray{pulumi.String("my-endpoints")}
		}), "InterfaceEndpoint", "SecurityGroupIDs[0]", "not a security group ID"},
		"interface: six own groups": {iface(func(a *components.InterfaceEndpointArgs) {
			a.SecurityGroupIDs = pulumi.ToStringArray([]string{"sg-00000001", "sg-00000002", "sg-00000003", "sg-00000004", "sg-00000005", "sg-00000006"})
		}), "InterfaceEndpoint", "SecurityGroupIDs", "give 1 to 5 security groups"},
		"interface: unknown exception ID": {iface(func(a *components.InterfaceEndpointArgs) {
			a.Exceptions = components.Exceptions{"LAB-VPCE-09": "a unit test accepts this"}
		}),
			"InterfaceEndpoint", "Exceptions", "no guardrail rule has this ID; did you mean LAB-VPCE-01"},
		"interface: blank name": {func(ctx *pulumi.Context) error {
			_, err := components.NewInterfaceEndpoint(ctx, " ", &components.InterfaceEndpointArgs{VpcID: vpc, VpcCIDR: "10.0.0.0/16", Service: "ssm", Subnets: subnets})
			return err
		}, "InterfaceEndpoint", "name", "must not be blank"},
		"bundle: unknown service": {bundle([]string{"ssm", "ssmmesages"}, func(*components.InterfaceEndpointArgs) {}),
			"InterfaceEndpoints", "Services", "did you mean ssmmessages?"},
		"bundle: policy on the SSM trio": {bundle(components.SSMServices, func(a *components.InterfaceEndpointArgs) { a.Policy = ssmPolicy }),
			"InterfaceEndpoints", "Endpoint.Policy", "takes no custom endpoint policy"},
		"bundle: blank name": {func(ctx *pulumi.Context) error {
			_, err := components.NewInterfaceEndpoints(ctx, "", &components.InterfaceEndpointsArgs{Services: []string{"ssm"}})
			return err
		}, "InterfaceEndpoints", "name", "must not be blank"},
		"gateway: unknown service": {gateway("s3", func(a *components.GatewayEndpointArgs) { a.Service = "s33" }),
			"GatewayEndpoint", "Service", "gateway endpoints exist only for s3 and dynamodb; did you mean s3?"},
		"gateway: a bucket name as an ARN": {gateway("s3", func(a *components.GatewayEndpointArgs) {
			a.Resources = []pulumi.StringInput{pulumi.String("lab-bucket")}
		}),
			"GatewayEndpoint", "Resources[0]", "is a bucket name, not its ARN: give arn:aws:s3:::lab-bucket"},
		"gateway: an object ARN": {gateway("s3", func(a *components.GatewayEndpointArgs) {
			a.Resources = []pulumi.StringInput{pulumi.String("arn:aws:s3:::lab-bucket/*")}
		}), "GatewayEndpoint", "Resources[0]", "not a bucket ARN"},
		"gateway: own policy and Resources": {gateway("s3", func(a *components.GatewayEndpointArgs) { a.PolicyDocument = ssmPolicy }),
			"GatewayEndpoint", "Resources", "PolicyDocument or PolicyJSON replaces it"},
		"gateway: own policy with NotResource and Resource": {gateway("s3", func(a *components.GatewayEndpointArgs) {
			a.Resources = nil
			a.PolicyDocument = &components.PolicyDocument{Statement: []components.Statement{{Effect: "Allow", Principal: &components.Principal{Any: true},
				Action: []string{"s3:GetObject"}, Resource: []string{"*"}, NotResource: []string{"arn:aws:s3:::x/*"}}}}
		}), "GatewayEndpoint", "PolicyDocument", "has both Resource and NotResource"},
		"gateway: ECR layers on dynamodb": {gateway("ddb", func(a *components.GatewayEndpointArgs) {
			a.Service, a.Resources, a.AllowECRLayers = "dynamodb", []pulumi.StringInput{pulumi.String("arn:aws:dynamodb:ap-northeast-2:123456789012:table/t")}, true
		}), "GatewayEndpoint", "AllowECRLayers", "only for the s3 service"},
		"gateway: extra statements with full access": {gateway("s3", func(a *components.GatewayEndpointArgs) {
			a.Policy, a.Resources, a.ExtraStatements = components.PolicyFullAccess, nil, notAction
		}), "GatewayEndpoint", "ExtraStatements", "full-access allows everything"},
		"gateway: blank name": {gateway("", func(*components.GatewayEndpointArgs) {}), "GatewayEndpoint", "name", "must not be blank"},
		"gateway: mistyped exception": {gateway("s3", func(a *components.GatewayEndpointArgs) {
			a.Exceptions = components.Exceptions{"LAB-VPC-10": "a unit test accepts this"}
		}), "GatewayEndpoint", "Exceptions", "known: LAB-EC2-01"},
		"bastion: a bucket name as an ARN": {bastion("access", func(a *components.BastionPairArgs) { a.BucketARNs = []pulumi.StringInput{pulumi.String("lab-bucket")} }),
			"BastionPair", "BucketARNs[0]", "is a bucket name, not its ARN"},
		"bastion: blank name": {bastion("\t", func(*components.BastionPairArgs) {}), "BastionPair", "name", "must not be blank"},
		"bastion: description EC2 refuses": {bastion("access", func(a *components.BastionPairArgs) { a.PrivateSecurityGroupDescription = "l'instance" }),
			"BastionPair", "PrivateSecurityGroupDescription", "EC2 refuses"},
		"privatelink: consumer's own groups and CIDRs": {pls("svc", func(a *components.PrivateLinkServiceArgs) {
			a.Consumer.SecurityGroupIDs, a.Consumer.AllowedCIDRs = pulumi.StringArray{pulumi.String("sg-0123456789abcdef0")}, []string{"10.1.0.0/16"}
		}), "PrivateLinkService", "Consumer.AllowedCIDRs", "with SecurityGroupIDs there is none"},
		"privatelink: blank name": {pls("", func(*components.PrivateLinkServiceArgs) {}), "PrivateLinkService", "name", "must not be blank"},
	} {
		t.Run(name, func(t *testing.T) {
			res, err := run(t, tc.program)
			ae, ok := components.AsArgError(err)
			switch {
			case !ok:
				t.Fatalf("not an ArgError: %v", err)
			case ae.Component != tc.component || ae.Arg != tc.arg || !strings.Contains(ae.Rule, tc.rule):
				t.Errorf("got %s\nwant %s: %s: …%s…", err, tc.component, tc.arg, tc.rule)
			}
			if res != nil && res.Graph.Len() != 0 {
				t.Errorf("%d resources registered before the refusal, the first %s", res.Graph.Len(), res.Graph.Resources[0])
			}
		})
	}
}
