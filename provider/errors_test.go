package main

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/components"
)

var (
	goodSubnets = []any{map[string]any{"id": "subnet-0aaa", "az": seoul[0]}, map[string]any{"id": "subnet-0bbb", "az": seoul[1]}}
	goodNetwork = map[string]any{"cidr": "10.20.0.0/16", "availabilityZones": seoul[:2],
		"publicSubnets": []any{map[string]any{"azIndex": 0}}, "privateSubnets": []any{map[string]any{"azIndex": 0}, map[string]any{"azIndex": 1}}}
	goodBastion  = map[string]any{"vpcId": "vpc-0aaa", "privateSubnetId": "subnet-0aaa"}
	goodGateway  = map[string]any{"vpcId": "vpc-0aaa", "service": "s3", "routeTableIds": []any{"rtb-0aaa"}, "resources": []any{bucketARN}}
	goodEndpoint = map[string]any{"vpcId": "vpc-0aaa", "vpcCidr": "10.20.0.0/16", "vpcDnsHostnames": true, "vpcDnsSupport": true,
		"service": "sts", "subnets": goodSubnets}
	goodBundle = map[string]any{"services": []string{"ssm", "ssmmessages"}, "vpcId": "vpc-0aaa", "vpcCidr": "10.20.0.0/16",
		"vpcDnsHostnames": true, "vpcDnsSupport": true, "subnets": goodSubnets}
	goodService = map[string]any{"vpcId": "vpc-0aaa", "subnets": goodSubnets, "targetSecurityGroupId": "sg-0aaa",
		"targets": []any{map[string]any{"instanceId": "i-0aaa", "az": seoul[0]}}, "clientCidrs": []string{"10.30.0.0/16"}}
	goodWeb    = map[string]any{"vpcId": "vpc-0aaa", "servers": []any{map[string]any{"subnetId": "subnet-0aaa", "az": seoul[0], "page": "Web 1"}}}
	goodBucket = map[string]any{"endpointIds": []any{"vpce-0aaa"}}
)

// with copies base and sets (or, with nil, removes) properties.
func with(base map[string]any, kv ...any) map[string]any {
	out := map[string]any{}
	for k, v := range base {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(out, kv[i].(string))
		} else {
			out[kv[i].(string)] = kv[i+1]
		}
	}
	return out
}

// TestBadInputsReachTheConsumer: a bad input gives the component's message
// naming the input as the schema spells it, and registers nothing.
func TestBadInputsReachTheConsumer(t *testing.T) {
	for _, tc := range []struct {
		typ, name string
		inputs    map[string]any
		want      string
	}{
		{"NetworkBase", "core", with(goodNetwork, "cidr", "10.0.0.0/8"),
			`NetworkBase: cidr = "10.0.0.0/8": AWS accepts /16 to /28 blocks, this is /8`},
		{"NetworkBase", "core", with(goodNetwork, "cidr", "20.0.0.0/16"),
			`NetworkBase: cidr = "20.0.0.0/16": not in private address space (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10); public space shadows real internet addresses, so it needs allowPublicAddressSpace`},
		{"NetworkBase", "core", with(goodNetwork, "publicSubnets", []any{map[string]any{"azIndex": 0}, map[string]any{"cidr": "10.9.0.0/24"}}),
			`NetworkBase: publicSubnets[1].cidr = "10.9.0.0/24": not inside the VPC block 10.20.0.0/16`},
		{"NetworkBase", "core", with(goodNetwork, "privateSubnets", []any{map[string]any{"azIndex": 2}}),
			`NetworkBase: privateSubnets[0].azIndex = 2: the region has 2 availability zones (["ap-northeast-2a" "ap-northeast-2b"]), so the index must be 0 to 1`},
		{"NetworkBase", "core", with(goodNetwork, "nat", "sometimes"),
			`NetworkBase: nat = "sometimes": must be one of none, single, per-az, regional`},
		{"NetworkBase", "core", with(goodNetwork, "exceptions", map[string]any{"LAB-VPC-02": "too short"}),
			`NetworkBase: exceptions[LAB-VPC-02] = "too short": a reason is 10–200 characters (it is 9)`},
		{"NetworkBase", "core", with(goodNetwork, "tags", map[string]any{"Name": "x"}),
			`NetworkBase: tags[Name] = "x": Name is set per resource by the component; name the children with NameTag (a Go function, Go programs only), or a subnet's own Name`},
		{"BastionPair", "app", with(goodBastion, "access", "ssh"),
			`BastionPair: adminCidrs = []: access ssh needs at least one admin CIDR (your address, e.g. 198.51.100.7/32); there is no default`},
		{"BastionPair", "app", with(goodBastion, "access", "both", "adminCidrs", []string{"198.51.0.0/16"}, "publicSubnetId", "subnet-0bbb"),
			`BastionPair: adminCidrs[0] = "198.51.0.0/16": wider than /24; set allowBroadAdminCidrs to accept it`},
		{"BastionPair", "app", with(goodBastion, "instanceType", "t4g.micro"),
			`BastionPair: instanceType = "t4g.micro": is arm64 but amiParameter /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64 names an x86_64 image`},
		{"BastionPair", "app", with(goodBastion, "vpcId", nil),
			`BastionPair: vpcId = <nil>: is required`},
		{"GatewayEndpoint", "s3", with(goodGateway, "service", "ec2"),
			`GatewayEndpoint: service = "ec2": gateway endpoints exist only for s3 and dynamodb; use an interface endpoint for other services`},
		{"GatewayEndpoint", "s3", with(goodGateway, "routeTableIds", []any{}),
			`GatewayEndpoint: routeTableIds = 0: a gateway endpoint needs at least one route table, or it routes nothing`},
		{"GatewayEndpoint", "s3", with(goodGateway, "actions", []string{"s3:*"}),
			`GatewayEndpoint: actions[0] = "s3:*": name one s3 action such as s3:ListBucket; wildcards are not least privilege`},
		// A known bucket ARN is checked before registration (a computed one once resolved, in Go).
		{"GatewayEndpoint", "s3", with(goodGateway, "resources", []any{"arn:aws:s3:::Bad_Bucket"}),
			`GatewayEndpoint: resources[0] = "arn:aws:s3:::Bad_Bucket": not a bucket ARN such as arn:aws:s3:::my-bucket (no key, no wildcard) [https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-arn-format.html]`},
		{"InterfaceEndpoint", "sts", with(goodEndpoint, "subnets", []any{goodSubnets[0], map[string]any{"id": "subnet-0ccc", "az": seoul[0]}}),
			`InterfaceEndpoint: subnets[1].az = "ap-northeast-2a": subnets[0] is already in this AZ; an interface endpoint takes one subnet per AZ`},
		{"InterfaceEndpoint", "sts", with(goodEndpoint, "vpcDnsHostnames", false),
			`InterfaceEndpoint: privateDns = true: private DNS needs the VPC's DNS support and DNS hostnames on (support true, hostnames false)`},
		{"InterfaceEndpoint", "sts", with(goodEndpoint, "endpointServiceName", "com.amazonaws.vpce.ap-northeast-2.vpce-svc-0123456789abcdef0"),
			`InterfaceEndpoint: service = "sts": give Service or endpointServiceName, not both`},
		{"InterfaceEndpoint", "sts", with(goodEndpoint, "policy", map[string]any{"statement": []any{}}),
			`InterfaceEndpoint: policy = "": policy document: no statements [https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html]`},
		{"InterfaceEndpoint", "sts", with(goodEndpoint, "service", "stss"),
			`InterfaceEndpoint: service = "stss": stss is not an AWS service with interface endpoints that vpclab knows; did you mean sts? (known: athena, autoscaling, cloudformation, codebuild, dynamodb, ec2, ec2messages, ecr.api, ecr.dkr, elasticfilesystem, elasticloadbalancing, events, execute-api, kinesis-firehose, kinesis-streams, kms, lambda, logs, monitoring, rds, s3, secretsmanager, sns, sqs, ssm, ssmmessages, states, sts) [https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html ; https://github.com/awsdocs/amazon-vpc-user-guide/blob/main/doc_source/integrated-services-vpce-list.md]; set unlistedService if it is newer than vpclab's table`},
		{"InterfaceEndpoint", "sts", with(goodEndpoint, "policyJson", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","NotAction":"sts:*","Resource":"*","Condition":{"StringEqual":{"a":"b"}}}}`),
			`InterfaceEndpoint: policyJson = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Princ…": policy document: statement[0]: Condition operator "StringEqual" is not a condition operator of the policy grammar (such as StringEquals, ArnLike, ForAnyValue:StringLike, StringEqualsIfExists) [https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html]`},
		{"InterfaceEndpoint", "sts", with(goodEndpoint, "securityGroupIds", []string{"sg-0123456789abcdef0"}, "allowedCidrs", []string{"10.0.0.0/16"}),
			`InterfaceEndpoint: allowedCidrs = ["10.0.0.0/16"]: opens the endpoint's own security group, and with securityGroupIds there is none: open your groups instead`},
		{"InterfaceEndpoints", "ssm", with(goodBundle, "services", []string{}),
			`InterfaceEndpoints: services = []: a bundle needs at least one service, such as ssm`},
		{"InterfaceEndpoints", "ssm", with(goodBundle, "services", []string{"ssm", "ssm"}),
			`InterfaceEndpoints: services = "ssm": listed twice`},
		{"InterfaceEndpoints", "ssm", with(goodBundle, "allowedCidrs", []string{"0.0.0.0/0"}),
			`InterfaceEndpoints: allowedCidrs[0] = "0.0.0.0/0": an endpoint is reached from inside the network; the whole internet is refused`},
		{"PrivateLinkService", "a-very-long-service-name", goodService,
			`PrivateLinkService: name = "a-very-long-service-name": the load balancer and target group are autonamed a-very-long-service-name-nlb-xxxxxxx, which must be at most 32 letters, digits and hyphens; use a name of at most 20 characters`},
		{"PrivateLinkService", "svc", with(goodService, "targets", []any{}),
			`PrivateLinkService: targets = 0: an endpoint service without targets serves nothing`},
		{"PrivateLinkService", "svc", with(goodService, "consumer", map[string]any{"vpcId": "vpc-0bbb", "vpcCidr": "10.30.0.0/16",
			"subnets": []any{map[string]any{"id": "subnet-0ddd", "az": seoul[2]}}}),
			`PrivateLinkService: consumer.subnets[0].az = "ap-northeast-2c": the service is offered only in the load balancer's AZs [ap-northeast-2a ap-northeast-2b]`},
		{"WebServers", "web", with(goodWeb, "servers", []any{map[string]any{"subnetId": "subnet-0aaa", "az": seoul[0], "page": "<b>hi</b>"}}),
			`WebServers: servers[0].page = "<b>hi</b>": 1–200 letters, digits, spaces and simple punctuation (no quotes, no HTML)`},
		{"WebServers", "web", with(goodWeb, "rootVolumeSizeGiB", 4),
			`WebServers: rootVolumeSizeGiB = 4: gp3 root volumes are 8 to 16384 GiB (at least the AMI's snapshot)`},
		{"PrivateBucket", "data", with(goodBucket, "condition", "sourceVpc"),
			`PrivateBucket: vpcIds = 0: condition sourceVpc needs at least one VPC ID`},
		{"PrivateBucket", "Data_Bucket", goodBucket,
			`PrivateBucket: name = "Data_Bucket": the bucket is autonamed <name>-bucket-xxxxxxx: use lowercase letters, digits and hyphens, at most 48 characters`},
		{"PrivateBucket", "data", with(goodBucket, "adminArns", []string{"bob"}),
			`PrivateBucket: adminArns[0] = "bob": not an IAM principal ARN such as arn:aws:iam::123456789012:role/Admin`},
	} {
		t.Run(tc.typ+" "+tc.want[len(tc.typ)+2:strings.Index(tc.want, " =")], func(t *testing.T) {
			s, mon := simServer(t)
			_, err := construct(s, mon, tc.typ, tc.name, props(tc.inputs))
			if err == nil || !strings.HasSuffix(err.Error(), tc.want) {
				t.Fatalf("got  %v\nwant …%s", err, tc.want)
			}
			if n := mon.Graph().Len(); n != 0 {
				t.Errorf("%d resources registered despite the bad input: %v", n, mon.Graph().Resources)
			}
		})
	}
}

// TestErrorsFoundOnResolvedValues: rules a component checks once values
// resolve (after it registered, in Go too) reach the consumer in its
// spelling, without the SDK's wrapping.
func TestErrorsFoundOnResolvedValues(t *testing.T) {
	s, mon := simServer(t)
	_, err := construct(s, mon, "InterfaceEndpoint", "ep", props(with(goodEndpoint, "service", "com.amazonaws.us-east-1.sts")))
	want := `InterfaceEndpoint: service = "com.amazonaws.us-east-1.sts": names region us-east-1 but the provider is in ap-northeast-2; endpoints work within one region`
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}

// TestGoSpellsTheSameRules: each message above is the Go component's own,
// with only the input names respelled. The Go errors for a few of the same
// inputs, translated, are the plugin's.
func TestGoSpellsTheSameRules(t *testing.T) {
	goErr := func(build func(ctx *pulumi.Context) error) error {
		_, err := goRun(build)
		return err
	}
	for _, tc := range []struct {
		args any
		err  error
		want string
	}{
		{NetworkBaseArgs{}, goErr(func(ctx *pulumi.Context) error {
			_, err := components.NewNetworkBase(ctx, "core", &components.NetworkBaseArgs{CIDR: "20.0.0.0/16", AvailabilityZones: seoul[:1], PrivateSubnets: []components.SubnetSpec{{}}})
			return err
		}), `NetworkBase: cidr = "20.0.0.0/16": not in private address space (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10); public space shadows real internet addresses, so it needs allowPublicAddressSpace`},
		{InterfaceEndpointArgs{}, goErr(func(ctx *pulumi.Context) error {
			_, err := components.NewInterfaceEndpoint(ctx, "sts", &components.InterfaceEndpointArgs{VpcID: pulumi.String("vpc-0aaa"), VpcCIDR: "10.20.0.0/16", Service: "sts",
				VpcDNSSupport: true, VpcDNSHostnames: true, Subnets: []components.EndpointSubnet{{ID: pulumi.String("subnet-0aaa"), AZ: seoul[0]}, {ID: pulumi.String("subnet-0bbb"), AZ: seoul[0]}}})
			return err
		}), `InterfaceEndpoint: subnets[1].az = "ap-northeast-2a": subnets[0] is already in this AZ; an interface endpoint takes one subnet per AZ`},
	} {
		if _, ok := components.AsArgError(tc.err); !ok {
			t.Fatalf("Go run: %v, want an *ArgError", tc.err)
		}
		if got := consumerError(tc.args, tc.err).Error(); got != tc.want {
			t.Errorf("got  %s\nwant %s", got, tc.want)
		}
	}
	// A path through nested and map arguments, and one the args do not have.
	for path, want := range map[string]string{
		"Consumer.Subnets[1].AZ": "consumer.subnets[1].az",
		"Tags[Name]":             "tags[Name]",
		"Exceptions[LAB-X-01]":   "exceptions[LAB-X-01]",
		"name":                   "name",
		"ServiceName":            "serviceNameTag",
	} {
		if got := consumerPath(reflect.TypeFor[PrivateLinkServiceArgs](), path); got != want {
			t.Errorf("consumerPath(%s) = %s, want %s", path, got, want)
		}
	}
}
