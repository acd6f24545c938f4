package tests

import (
	"errors"
	"strings"
	"testing"

	"github.com/vpclab/vpclab/labs"
	"github.com/vpclab/vpclab/sim"
)

// Each bad configuration fails with a message naming the key, the value and
// the rule, and registers nothing.
func TestBadConfigIsRejectedBeforeAnythingIsRegistered(t *testing.T) {
	cases := []struct {
		name      string
		overrides map[string]string
		key       string // the config key the error must name
		rule      string // a fragment of the rule
	}{
		{"vpc too large", map[string]string{"vpcCidr": "10.0.0.0/8"}, "vpclab:vpcCidr", "AWS accepts /16 to /28 blocks, this is /8"},
		{"vpc too small", map[string]string{"vpcCidr": "10.0.0.0/29"}, "vpclab:vpcCidr", "this is /29"},
		{"vpc host bits", map[string]string{"vpcCidr": "10.0.0.1/16"}, "vpclab:vpcCidr", "host bits are set; the block is 10.0.0.0/16"},
		{"vpc not a cidr", map[string]string{"vpcCidr": "banana"}, "vpclab:vpcCidr", "not an IPv4 CIDR block"},
		{"vpc public space", map[string]string{"vpcCidr": "20.0.0.0/16", "publicSubnetCidrs": `[]`, "privateSubnetCidrs": `[]`}, "vpclab:vpcCidr", "not in private address space"},
		{"vpc link-local", map[string]string{"vpcCidr": "169.254.0.0/16", "allowPublicAddressSpace": "true"}, "vpclab:vpcCidr", "link-local"},
		{"subnet outside vpc", map[string]string{"publicSubnetCidrs": `["10.1.0.0/24"]`}, "vpclab:publicSubnetCidrs[0]", "not inside the VPC block 10.0.0.0/16"},
		{"overlapping subnets", map[string]string{"privateSubnetCidrs": `["10.0.0.128/25"]`}, "vpclab:privateSubnetCidrs[0]", "overlaps vpclab:publicSubnetCidrs[0] (10.0.0.0/24)"},
		{"subnet too small", map[string]string{"publicSubnetCidrs": `["10.0.0.0/29"]`}, "vpclab:publicSubnetCidrs[0]", "this is /29"},
		{"cidr and az counts differ", map[string]string{"publicSubnetCidrs": `["10.0.0.0/24","10.0.2.0/24"]`}, "vpclab:publicSubnetCidrs", "has 2 entries but vpclab:publicSubnetAzs has 1"},
		{"az index past the region", map[string]string{"privateSubnetAzs": `[7]`}, "vpclab:privateSubnetAzs[0]", "the region has 4 availability zones"},
		{"negative az index", map[string]string{"publicSubnetAzs": `[-1]`}, "vpclab:publicSubnetAzs[0]", "index must be 0 to 3"},
		{"no room to carve", map[string]string{"vpcCidr": "10.0.0.0/24", "publicSubnetCidrs": `[]`, "privateSubnetCidrs": `[]`, "subnetPrefixLength": "24"}, "vpclab:subnetPrefixLength", "no room left for 2 more /24 subnets"},
		{"carve prefix too long", map[string]string{"publicSubnetCidrs": `[]`, "subnetPrefixLength": "29"}, "vpclab:subnetPrefixLength", "between the VPC's /16 and /28"},
		{"per-az NAT without a public subnet in that AZ", map[string]string{"natMode": "per-az", "privateSubnetAzs": `[1]`}, "vpclab:natMode", "vpclab:privateSubnetAzs[0] is in ap-northeast-2b (AZ index 1) and no public subnet there"},
		{"NAT without public subnets", map[string]string{"publicSubnetAzs": `[]`, "publicSubnetCidrs": `[]`}, "vpclab:natMode", "sits in a public subnet, and there is none"},
		{"unknown NAT mode", map[string]string{"natMode": "dual"}, "vpclab:natMode", "must be one of none, single, per-az"},
		{"unknown access mode", map[string]string{"access": "telnet"}, "vpclab:access", "must be one of ssm, ssh, both"},
		{"ssh without admin cidrs", map[string]string{"adminCidrs": `[]`}, "vpclab:adminCidrs", "needs at least one admin CIDR"},
		{"admin cidr 0.0.0.0/0", map[string]string{"adminCidrs": `["0.0.0.0/0"]`}, "vpclab:adminCidrs[0]", "SSH from the whole internet is refused"},
		{"admin cidr ::/0", map[string]string{"adminCidrs": `["198.18.0.1/32","::/0"]`}, "vpclab:adminCidrs[1]", "SSH from the whole internet is refused"},
		{"admin cidr too broad", map[string]string{"adminCidrs": `["198.18.0.0/16"]`}, "vpclab:adminCidrs[0]", "wider than /24"},
		{"admin cidr host bits", map[string]string{"adminCidrs": `["198.18.0.1/24"]`}, "vpclab:adminCidrs[0]", "host bits are set"},
		{"admin cidr twice", map[string]string{"adminCidrs": `["198.18.0.1/32","198.18.0.1/32"]`}, "vpclab:adminCidrs[1]", "listed twice"},
		{"admin cidrs with ssm access", map[string]string{"access": "ssm"}, "vpclab:adminCidrs", "only used with access ssh or both"},
		{"key pair with ssm access", map[string]string{"access": "ssm", "adminCidrs": `[]`, "keyName": "lab"}, "vpclab:keyName", "access ssm needs no key pair"},
		{"bastion without a public subnet", map[string]string{"natMode": "none", "publicSubnetAzs": `[]`, "publicSubnetCidrs": `[]`}, "vpclab:publicSubnetAzs", "access ssh needs a public subnet for the bastion"},
		{"no private subnet", map[string]string{"natMode": "none", "privateSubnetAzs": `[]`, "privateSubnetCidrs": `[]`}, "vpclab:privateSubnetAzs", "needs a private subnet"},
		{"unknown lab", map[string]string{"lab": "vpn"}, "vpclab:lab", "must be one of gateway-vs-interface, nat-bastion, privatelink, s3-gateway, ssm"},
		{"arm instance on an x86 AMI", map[string]string{"instanceType": "t4g.micro"}, "vpclab:instanceType", "is arm64 but vpclab:amiParameter"},
		{"malformed instance type", map[string]string{"instanceType": "micro"}, "vpclab:instanceType", "is not an EC2 instance type (the EC2 API's list of instance types)"},
		{"cluster placement with burstable", map[string]string{"placementStrategy": "cluster"}, "vpclab:placementStrategy", "do not take burstable instances"},
		{"cluster placement across AZs", map[string]string{"placementStrategy": "cluster", "instanceType": "c5.large", "privateSubnetAzs": `[1]`}, "vpclab:placementStrategy", "lives in one AZ"},
		{"unknown placement", map[string]string{"placementStrategy": "random"}, "vpclab:placementStrategy", "must be cluster, partition, spread or empty"},
		{"too many partitions", map[string]string{"placementStrategy": "partition", "placementPartitionCount": "9"}, "vpclab:placementPartitionCount", "1 to 7 partitions"},
		{"partitions without partition strategy", map[string]string{"placementPartitionCount": "3"}, "vpclab:placementPartitionCount", "only used with vpclab:placementStrategy partition"},
		{"root volume below the snapshot", map[string]string{"rootVolumeSize": "4"}, "vpclab:rootVolumeSize", "8 to 16384 GiB"},
		{"flow log retention", map[string]string{"flowLogs": "true", "flowLogRetentionDays": "2"}, "vpclab:flowLogRetentionDays", "CloudWatch Logs accepts only"},
		{"bad ami parameter", map[string]string{"amiParameter": "ami-12345"}, "vpclab:amiParameter", "not an SSM parameter path"},
		{"empty name prefix", map[string]string{"namePrefix": ""}, "vpclab:namePrefix", "must not be empty"},
		{"endpoint without the bucket it allows", map[string]string{"s3GatewayEndpoint": "true"}, "vpclab:s3GatewayEndpoint", "set vpclab:labBucket true"},
		{"amazon linux repos without an endpoint", map[string]string{"allowAmazonLinuxRepos": "true"}, "vpclab:allowAmazonLinuxRepos", "there is none"},
		{"list all buckets without a bucket", map[string]string{"allowListAllBuckets": "true"}, "vpclab:allowListAllBuckets", "it needs vpclab:labBucket"},
		{"unknown endpoint policy", map[string]string{"endpointPolicy": "open"}, "vpclab:endpointPolicy", "must be one of least-privilege, full-access"},
		{"unknown bucket condition", map[string]string{"bucketPolicyCondition": "sourceIp"}, "vpclab:bucketPolicyCondition", "must be one of sourceVpce, sourceVpc"},
		{"unknown endpoint route tables", map[string]string{"gatewayEndpointRouteTables": "all"}, "vpclab:gatewayEndpointRouteTables", "must be one of private, public, both"},
		{"public endpoint route table without a public subnet", map[string]string{"s3GatewayEndpoint": "true", "labBucket": "true", "gatewayEndpointRouteTables": "both",
			"access": "ssm", "adminCidrs": "[]", "natMode": "none", "publicSubnetAzs": "[]", "publicSubnetCidrs": "[]"}, "vpclab:gatewayEndpointRouteTables", "no public route table"},
		{"bad bucket admin", map[string]string{"labBucket": "true", "bucketAdminArns": `["me"]`}, "vpclab:bucketAdminArns[0]", "not an IAM principal ARN"},
		{"unknown name tag", map[string]string{"nameTags": `{"subnet":"x"}`}, "vpclab:nameTags.subnet", "unknown name"},
		{"ssm access without NAT or endpoints", map[string]string{"access": "ssm", "adminCidrs": "[]", "natMode": "none"}, "vpclab:interfaceEndpoints", "ssm is missing (or set natMode single)"},
		{"private DNS without DNS hostnames", map[string]string{"interfaceEndpoints": `["cloudformation"]`, "dnsHostnames": "false"}, "vpclab:interfaceEndpointPrivateDns", "needs the VPC's DNS support and DNS hostnames on"},
		{"malformed service name", map[string]string{"interfaceEndpoints": `["com.amazonaws.ssm"]`}, "vpclab:interfaceEndpoints[0]", "not com.amazonaws.<region>.<service>"},
		{"service of another region", map[string]string{"interfaceEndpoints": `["com.amazonaws.us-east-1.ssm"]`}, "vpclab:interfaceEndpoints[0]", "names region us-east-1 but the provider is in ap-northeast-2"},
		{"service that does not exist", map[string]string{"interfaceEndpoints": `["teleport"]`}, "vpclab:interfaceEndpoints[0]", "teleport is not an AWS service with interface endpoints that vpclab knows"},
		{"service mistyped", map[string]string{"interfaceEndpoints": `["ecr.apii"]`}, "vpclab:interfaceEndpoints[0]", "did you mean ecr.api?"},
		{"service listed twice", map[string]string{"interfaceEndpoints": `["ssm","ssm"]`}, "vpclab:interfaceEndpoints[1]", "listed twice"},
		{"service in none of the subnets' AZs", map[string]string{"aws:region": "us-east-1", "interfaceEndpoints": `["ssm"]`, "publicSubnetAzs": "[4]", "privateSubnetAzs": "[4]"},
			"vpclab:interfaceEndpoints[0]", "ssm is offered only in [us-east-1a us-east-1b us-east-1c us-east-1d us-east-1f], none of the subnets' AZs"},
		{"unknown interface subnets", map[string]string{"interfaceEndpointSubnets": "all"}, "vpclab:interfaceEndpointSubnets", "must be one of private, public, both"},
		{"public provider space without the opt-in", map[string]string{"lab": "privatelink", "allowPublicAddressSpace": "false", "providerVpcCidr": "20.0.0.0/16",
			"publicSubnetAzs": "[0]", "privateSubnetAzs": "[0]", "interfaceEndpointSubnets": "public"}, "vpclab:providerVpcCidr", "not in private address space"},
		{"provider subnet outside its VPC", map[string]string{"lab": "privatelink", "providerPrivateSubnetCidrs": `["10.9.0.0/24","10.1.1.0/24"]`}, "vpclab:providerPrivateSubnetCidrs[0]", "not inside the VPC block 10.1.0.0/16"},
		{"no web servers", map[string]string{"lab": "privatelink", "webPages": "[]"}, "vpclab:webPages", "without targets serves nothing"},
		{"consumer endpoint outside the NLB's AZs", map[string]string{"lab": "privatelink", "providerSubnetAzs": "[1,2]"}, "vpclab:interfaceEndpointSubnets", "offered only in the load balancer's AZs [ap-northeast-2b ap-northeast-2c]"},
		{"any principal", map[string]string{"lab": "privatelink", "allowedPrincipals": `["*"]`}, "vpclab:allowedPrincipals[0]", "would let any account request a connection"},
		{"accept without acceptance", map[string]string{"lab": "privatelink", "acceptanceRequired": "false"}, "vpclab:acceptConnection", "nothing to accept"},
		{"page with quotes", map[string]string{"lab": "privatelink", "webPages": `["it's 1","two"]`}, "vpclab:webPages[0]", "no quotes"},
		{"bad service port", map[string]string{"lab": "privatelink", "servicePort": "0"}, "vpclab:servicePort", "1 to 65535"},
		{"name tag too long", map[string]string{"nameTags": `{"vpc":"` + strings.Repeat("v", 250) + `"}`}, "vpclab:nameTags.vpc", "is 258 characters, more than 256"},
		// The prefix reaches IAM role tags and security group descriptions, which refuse these characters.
		{"name prefix with a star", map[string]string{"namePrefix": "Lab*"}, "vpclab:namePrefix", `IAM refuses the tag value "Lab*-Private-SN-200": character "*" is not allowed`},
		{"name prefix with an apostrophe", map[string]string{"lab": "nat-bastion", "namePrefix": "Bob's"}, "vpclab:namePrefix", `character "'" is not allowed`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := sim.LoadAndRun(projectDir, "nat-bastion", tc.overrides, labs.Program)
			if err == nil {
				t.Fatalf("accepted %v", tc.overrides)
			}
			var ce *labs.ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("error %q (%T) is not a *labs.ConfigError", err, err)
			}
			if ce.Key != tc.key {
				t.Errorf("error names key %s, want %s (%v)", ce.Key, tc.key, err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "config "+tc.key) || !strings.Contains(msg, tc.rule) {
				t.Errorf("message %q\nwant it to start with %q and contain %q", msg, "config "+tc.key, tc.rule)
			}
			if res == nil {
				t.Fatal("no result to inspect")
			}
			if n := res.Graph.Len(); n != 0 {
				t.Errorf("%d resources registered before the error:\n%s", n, inventory(res.Graph))
			}
		})
	}
	if len(cases) < 40 {
		t.Errorf("only %d bad-input cases", len(cases))
	}
}

// Type errors are caught when the stack config is merged, as the CLI does.
func TestConfigTypesAreCheckedAgainstPulumiYaml(t *testing.T) {
	for _, tc := range []struct {
		key, value, want string
	}{
		{"subnetPrefixLength", "abc", `config vpclab:subnetPrefixLength = "abc": is not an integer`},
		{"flowLogs", "maybe", `config vpclab:flowLogs = "maybe": is not true or false`},
		{"adminCidrs", "198.18.0.1/32", "is not a JSON array"},
		{"noSuchKey", "1", "vpclab:noSuchKey which is not defined by the project configuration"},
		{"natmode", "single", "did you mean vpclab:natMode?"},
		{"rootVolumeSize", "100000000000000000000", "is far too large"},
	} {
		_, err := sim.Load(projectDir, "nat-bastion", map[string]string{tc.key: tc.value})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s=%s: error %v, want it to contain %q", tc.key, tc.value, err, tc.want)
		}
	}
}
