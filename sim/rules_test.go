package sim

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/awsrules"
)

// ruleCase is how one rule of the table is tested: values it refuses and
// values it accepts. Value rules are tried at every target; whole-resource
// rules get registered neighbours (setup) and whole inputs.
type ruleCase struct {
	parent  map[string]any // merged into the object that holds the value
	bad     []any
	good    []any
	badName string // a logical name whose autonamed name the rule refuses

	region string // default ap-northeast-2
	typ    string
	setup  func(t *testing.T, m *Monitor)
	badIn  []map[string]any
	goodIn []map[string]any
}

func x(n int) string { return strings.Repeat("x", n) }

// a policy document of exactly n characters, white space not counted.
func doc(n int) string {
	s := `{"Sid":"` + strings.Repeat("a", n-10) + `"}`
	return s[:len(s)-2] + `"}` // n characters
}

var ruleCases = map[string]ruleCase{
	"ec2.sg.description":   {bad: []any{"", "it's", "café", x(256)}, good: []any{"web & api [tcp 443] {$*!}", x(255)}},
	"ec2.sg.name":          {bad: []any{"sg-123", "it's", x(256)}, good: []any{"web-sg", "a&b"}, badName: "sg"},
	"ec2.sg.name-reserved": {bad: []any{"default"}, good: []any{"defaults"}},
	"ec2.sg-rule.description.ipv4": {parent: map[string]any{"cidrIpv4": "10.0.0.0/8", "cidrBlocks": []any{"10.0.0.0/8"}},
		bad: []any{"it's", "ümlaut", x(256)}, good: []any{"SSH & ping [admin]", ""}},
	"ec2.sg-rule.description.ipv6": {parent: map[string]any{"cidrIpv6": "2001:db8::/32", "ipv6CidrBlocks": []any{"2001:db8::/32"}},
		bad: []any{"it's", x(256)}, good: []any{"SSH & ping from 2001:db8::/32"}},
	"ec2.sg-rule.description.prefix-list": {parent: map[string]any{"prefixListId": "pl-1", "prefixListIds": []any{"pl-1"}},
		bad: []any{"HTTPS to a gateway endpoint's service", "S3 & DynamoDB"}, good: []any{"HTTPS to the service of a gateway endpoint (its prefix list)"}},
	"ec2.sg-rule.description.security-group": {parent: map[string]any{"referencedSecurityGroupId": "sg-1", "sourceSecurityGroupId": "sg-1", "securityGroups": []any{"sg-1"}},
		bad: []any{"SSH & more", "it's"}, good: []any{"SSH only from the bastion"}},
	"ec2.sg-rule.protocol":                     {bad: []any{"http", "256"}, good: []any{"tcp", "ICMP", "-1", "6"}},
	"ec2.vpc.cidr":                             {bad: []any{"10.0.0.0/8", "10.0.0.0/29", "ten"}, good: []any{"10.0.0.0/16", "10.0.0.0/28"}},
	"ec2.vpc.instance-tenancy":                 {bad: []any{"host"}, good: []any{"default", "dedicated"}},
	"ec2.subnet.cidr":                          {bad: []any{"10.0.0.0/15", "10.0.0.0/30"}, good: []any{"10.0.1.0/24"}},
	"ec2.eip.domain":                           {bad: []any{"classic"}, good: []any{"vpc", "standard"}},
	"ec2.nat.connectivity-type":                {bad: []any{"both"}, good: []any{"public", "private"}},
	"ec2.flow-log.traffic-type":                {bad: []any{"all"}, good: []any{"ALL", "REJECT"}},
	"ec2.flow-log.destination-type":            {bad: []any{"cloudwatch"}, good: []any{"cloud-watch-logs", "s3"}},
	"ec2.flow-log.max-aggregation-interval":    {bad: []any{300.0, 0.0}, good: []any{60.0, 600.0}},
	"ec2.placement-group.strategy":             {bad: []any{"pack"}, good: []any{"spread", "partition", "cluster"}},
	"ec2.placement-group.partition-count":      {bad: []any{0.0, 8.0, 2.5}, good: []any{1.0, 7.0}},
	"ec2.placement-group.name":                 {bad: []any{"é-pg", x(256)}, good: []any{"lab-pg", x(255)}},
	"ec2.instance.user-data-size":              {bad: []any{x(16*1024 + 1)}, good: []any{x(16 * 1024), "#!/bin/bash\n"}},
	"ec2.instance.http-tokens":                 {bad: []any{"mandatory"}, good: []any{"required", "optional"}},
	"ec2.instance.http-endpoint":               {bad: []any{"on"}, good: []any{"enabled", "disabled"}},
	"ec2.instance.http-put-response-hop-limit": {bad: []any{0.0, 65.0}, good: []any{1.0, 64.0}},
	"ec2.instance.http-protocol-ipv6":          {bad: []any{"yes"}, good: []any{"disabled"}},
	"ec2.instance.instance-metadata-tags":      {bad: []any{"on"}, good: []any{"enabled"}},
	"ec2.instance.volume-type":                 {bad: []any{"gp4", "GP3"}, good: []any{"gp3", "io2", "standard"}},
	"ec2.instance.volume-size":                 {parent: map[string]any{"volumeType": "gp3"}, bad: []any{0.0, 65537.0}, good: []any{8.0, 65536.0}},
	"ec2.instance.tenancy":                     {bad: []any{"shared"}, good: []any{"default", "host"}},
	"ec2.vpce.type":                            {bad: []any{"interface"}, good: []any{"Interface", "Gateway"}},
	"ec2.vpce.ip-address-type":                 {bad: []any{"ipv5"}, good: []any{"ipv4", "dualstack"}},
	"ec2.vpce.policy-json":                     {bad: []any{"{not json", "[1]"}, good: []any{`{"Version":"2012-10-17","Statement":[]}`, ""}},
	"ec2.vpce.policy-length":                   {bad: []any{x(20481)}, good: []any{x(20480)}},
	"elb.lb.name": {bad: []any{"-lab", "lab-", "internal-lab", "lab_nlb", x(33)}, good: []any{"Custom-NLB", x(32)},
		badName: "a-load-balancer-name-too-long"},
	"elb.lb.type":            {bad: []any{"classic"}, good: []any{"network", "application"}},
	"elb.lb.ip-address-type": {bad: []any{"ipv6"}, good: []any{"ipv4", "dualstack"}},
	"elb.lb.enforce-security-group-inbound-rules-on-privatelink-traffic": {bad: []any{"true"}, good: []any{"on", "off"}},
	"elb.tg.name":                             {bad: []any{"-tg", "lab_tg", x(33)}, good: []any{"internal-tg", x(32)}, badName: "a-target-group-name-too-long"},
	"elb.tg.protocol":                         {bad: []any{"tcp", "SSH"}, good: []any{"TCP", "HTTP"}},
	"elb.tg.port":                             {bad: []any{0.0, 65536.0}, good: []any{80.0, 65535.0}},
	"elb.tg.target-type":                      {bad: []any{"ec2"}, good: []any{"instance", "ip"}},
	"elb.tg.ip-address-type":                  {bad: []any{"dualstack"}, good: []any{"ipv4", "ipv6"}},
	"elb.tg.health-check.protocol":            {bad: []any{"TLS", "UDP", "tcp"}, good: []any{"TCP", "HTTP", "HTTPS"}},
	"elb.tg.health-check.port":                {bad: []any{"0", "traffic", "70000"}, good: []any{"traffic-port", "8080"}},
	"elb.tg.health-check.interval":            {bad: []any{4.0, 301.0}, good: []any{5.0, 10.0, 300.0}},
	"elb.tg.health-check.timeout":             {bad: []any{1.0, 121.0}, good: []any{2.0, 120.0}},
	"elb.tg.health-check.healthy-threshold":   {bad: []any{1.0, 11.0}, good: []any{2.0, 3.0, 10.0}},
	"elb.tg.health-check.unhealthy-threshold": {bad: []any{1.0, 11.0}, good: []any{3.0}},
	"elb.listener.protocol":                   {bad: []any{"SSH"}, good: []any{"TCP", "TLS"}},
	"elb.listener.port":                       {bad: []any{0.0, 65536.0}, good: []any{80.0}},
	"elb.listener.action-type":                {bad: []any{"forward-to"}, good: []any{"forward", "fixed-response"}},
	"elb.target.port":                         {bad: []any{70000.0}, good: []any{80.0}},
	"iam.role.name":                           {bad: []any{"lab role", "a/b", x(65)}, good: []any{"Lab-Role_1+=,.@", x(64)}, badName: x(60)},
	"iam.role.name-prefix":                    {bad: []any{x(39), "a b"}, good: []any{x(38), "lab-"}},
	"iam.role.description":                    {bad: []any{"5 €", x(1001), "tab\x01"}, good: []any{"vpclab instance role: Session Manager only", "Zürich", ""}},
	"iam.role.path":                           {bad: []any{"lab", "/a b/", "/lab"}, good: []any{"/", "/lab/"}},
	"iam.role.max-session-duration":           {bad: []any{3599.0, 43201.0}, good: []any{3600.0, 43200.0}},
	"iam.role.trust-policy-json":              {bad: []any{"{", "x"}, good: []any{`{"Version":"2012-10-17"}`}},
	"iam.role.trust-policy-chars":             {bad: []any{"", `{"a":"€"}`}, good: []any{`{"a":"é"}`}},
	"iam.role.trust-policy-size":              {bad: []any{doc(2049)}, good: []any{doc(2048), doc(2048) + strings.Repeat(" ", 100)}},
	"iam.instance-profile.name":               {bad: []any{"a b", x(129)}, good: []any{"Lab-Profile", x(128)}, badName: "lab profile"},
	"iam.instance-profile.path":               {bad: []any{"x"}, good: []any{"/"}},
	"iam.role-policy.name":                    {bad: []any{"a*b", x(129)}, good: []any{"lab-policy"}},
	"iam.role-policy.json":                    {bad: []any{"{"}, good: []any{"{}"}},
	"iam.role-policy.chars":                   {bad: []any{`{"a":"€"}`}, good: []any{"{}"}},
	"iam.role-policy-attachment.policy-arn":   {bad: []any{"arn:aws:iam::aws:p", x(2049)}, good: []any{"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"}},
	"s3.bucket.name": {bad: []any{"ab", "Lab-Bucket", "lab_bucket", "-lab", "lab-", "lab..bucket", "192.168.5.4", "xn--lab", "sthree-lab", "amzn-s3-demo-lab",
		"lab-s3alias", "lab--ol-s3", "lab.mrap", x(64)}, good: []any{"vpclab-bucket-1234567", "a.b-c", x(63)}, badName: "Lab"},
	"s3.ownership.object-ownership": {bad: []any{"BucketOwner"}, good: []any{"BucketOwnerEnforced"}},
	"s3.encryption.sse-algorithm":   {bad: []any{"aes256"}, good: []any{"AES256", "aws:kms"}},
	"s3.bucket-policy.json":         {bad: []any{"{"}, good: []any{`{"Version":"2012-10-17","Statement":[]}`}},
	"logs.group.name":               {bad: []any{"my logs", x(513)}, good: []any{"/aws/vpc/flow-logs#1", x(512)}, badName: "flow logs"},
	"logs.group.retention":          {bad: []any{2.0, 0.0}, good: []any{365.0, 3653.0}},
	"logs.group.class":              {bad: []any{"COLD"}, good: []any{"STANDARD"}},

	// Whole-resource rules.
	"ec2.subnet.availability-zone": {typ: "aws:ec2/subnet:Subnet",
		badIn: []map[string]any{{"availabilityZone": "ap-northeast-2z"}, {"availabilityZone": "us-east-1a"}}, goodIn: []map[string]any{{"availabilityZone": "ap-northeast-2c"}, {}}},
	"ec2.vpce.service-name": {typ: tEndpoint,
		badIn: []map[string]any{
			{"vpcEndpointType": "Interface", "serviceName": "com.amazonaws.ap-northeast-2.nope"},
			{"vpcEndpointType": "Gateway", "serviceName": "com.amazonaws.ap-northeast-2.ssm"},
			{"vpcEndpointType": "Interface", "serviceName": "com.amazonaws.us-east-1.ssm"},
			{"vpcEndpointType": "Interface", "serviceName": "com.amazonaws.vpce.ap-northeast-2.vpce-svc-00000000000000000"},
		},
		goodIn: []map[string]any{{"vpcEndpointType": "Interface", "serviceName": "com.amazonaws.ap-northeast-2.ssm"}, {"vpcEndpointType": "Gateway", "serviceName": "com.amazonaws.ap-northeast-2.s3"}}},
	"ec2.vpce.subnets-one-per-az": {typ: tEndpoint, setup: subnets,
		badIn:  []map[string]any{endpoint("ssm", "sn-a1", "sn-a2")},
		goodIn: []map[string]any{endpoint("ssm", "sn-a1", "sn-b1"), endpoint("ssm", "sn-a1")}},
	"ec2.vpce.service-availability-zone": {typ: tEndpoint, region: "us-east-1", setup: subnets,
		badIn:  []map[string]any{with(endpoint("ssm", "sn-a1", "sn-e1"), "serviceName", "com.amazonaws.us-east-1.ssm")},
		goodIn: []map[string]any{with(endpoint("ssm", "sn-a1", "sn-b1"), "serviceName", "com.amazonaws.us-east-1.ssm")}},
	"ec2.vpce.private-dns-vpc-attributes": {typ: tEndpoint, setup: subnets,
		badIn:  []map[string]any{with(endpoint("ssm", "sn-a1"), "privateDnsEnabled", true, "vpcId", "vpc-nohostnames"), with(endpoint("ssm", "sn-a1"), "privateDnsEnabled", true, "vpcId", "vpc-nosupport")},
		goodIn: []map[string]any{with(endpoint("ssm", "sn-a1"), "privateDnsEnabled", true, "vpcId", "vpc-dns"), with(endpoint("ssm", "sn-a1"), "privateDnsEnabled", false, "vpcId", "vpc-nohostnames")}},
	"ec2.vpce.private-dns-name": {typ: tEndpoint, setup: endpointService,
		badIn:  []map[string]any{with(endpoint("custom", "sn-a1"), "privateDnsEnabled", true)},
		goodIn: []map[string]any{with(endpoint("custom", "sn-a1"), "privateDnsEnabled", false), with(endpoint("ssm", "sn-a1"), "privateDnsEnabled", true)}},
	"ec2.vpce.policy-supported": {typ: tEndpoint, setup: endpointService,
		badIn: []map[string]any{with(endpoint("ssmmessages", "sn-a1"), "policy", "{}"), with(endpoint("ec2messages", "sn-a1"), "policy", "{}"),
			with(endpoint("custom", "sn-a1"), "policy", "{}")},
		goodIn: []map[string]any{endpoint("ssmmessages", "sn-a1"), with(endpoint("ssm", "sn-a1"), "policy", "{}"), with(endpoint("cloudformation", "sn-a1"), "policy", "{}"),
			with(endpoint("s3", "sn-a1"), "policy", "{}"), with(endpoint("dynamodb", "sn-a1"), "policy", "{}"), with(endpoint("kms", "sn-a1"), "policy", "{}")}},
	"ec2.vpce.dns-record-ip-type": {bad: []any{"ipv5", "IPv4"}, good: []any{"ipv4", "service-defined"}},
	awsrules.InboundResolverGatewayRule: {typ: tEndpoint, setup: gatewayInVpcDNS,
		badIn: []map[string]any{
			with(endpoint("s3", "sn-a1"), "privateDnsEnabled", true, "vpcId", "vpc-dns2"),
			with(endpoint("dynamodb", "sn-a1"), "privateDnsEnabled", true, "vpcId", "vpc-dns2"),
			with(endpoint("s3", "sn-a1"), "privateDnsEnabled", true, "vpcId", "vpc-dns2", "dnsOptions", map[string]any{"privateDnsOnlyForInboundResolverEndpoint": true}),
		},
		goodIn: []map[string]any{
			with(endpoint("s3", "sn-a1"), "privateDnsEnabled", true),
			with(endpoint("dynamodb", "sn-a1"), "privateDnsEnabled", true),
			with(endpoint("s3", "sn-a1"), "privateDnsEnabled", true, "vpcId", "vpc-dns2", "dnsOptions", map[string]any{"privateDnsOnlyForInboundResolverEndpoint": false}),
			with(endpoint("s3", "sn-a1"), "privateDnsEnabled", false, "vpcId", "vpc-dns2"),
			with(endpoint("ssm", "sn-a1"), "privateDnsEnabled", true, "vpcId", "vpc-dns2"),
		}},
	"ec2.instance.type-offered": {typ: "aws:ec2/instance:Instance", region: "us-east-1", setup: subnets,
		badIn:  []map[string]any{{"instanceType": "t3.micro", "subnetId": "sn-e1"}, {"instanceType": "t99.huge", "subnetId": "sn-a1"}},
		goodIn: []map[string]any{{"instanceType": "t3.micro", "subnetId": "sn-a1"}, {"instanceType": "t2.micro", "subnetId": "sn-e1"}}},
	"elb.lb.subnets-one-per-az": {typ: tLB, setup: subnets,
		badIn:  []map[string]any{{"loadBalancerType": "network", "subnets": []any{"sn-a1", "sn-a2"}}},
		goodIn: []map[string]any{{"loadBalancerType": "network", "subnets": []any{"sn-a1", "sn-b1"}}}},
	"ec2.nat.availability-mode": {bad: []any{"multi-az", "Regional"}, good: []any{"zonal", "regional"}},
	"ec2.nat.regional-public": {typ: tNAT, setup: natNeighbours,
		badIn:  []map[string]any{{"availabilityMode": "regional", "vpcId": "vpc-igw", "connectivityType": "private"}},
		goodIn: []map[string]any{{"availabilityMode": "regional", "vpcId": "vpc-igw"}, {"subnetId": "sn-igw", "connectivityType": "private"}}},
	"ec2.nat.mode-arguments": {typ: tNAT, setup: natNeighbours,
		badIn: []map[string]any{
			{"availabilityMode": "regional"},
			{"availabilityMode": "regional", "vpcId": "vpc-igw", "subnetId": "sn-igw"},
			{"availabilityMode": "regional", "vpcId": "vpc-igw", "allocationId": "eip-1"},
			{"availabilityMode": "regional", "vpcId": "vpc-igw", "privateIp": "10.0.1.9"},
			{"allocationId": "eip-1"},
			{"subnetId": "sn-igw"},
			{"subnetId": "sn-igw", "connectivityType": "private", "allocationId": "eip-1"},
			{"subnetId": "sn-igw", "allocationId": "eip-1", "vpcId": "vpc-igw"},
			{"subnetId": "sn-igw", "allocationId": "eip-1", "availabilityZoneAddresses": []any{azBlock("ap-northeast-2a", "eip-2")}},
		},
		goodIn: []map[string]any{
			{"availabilityMode": "regional", "vpcId": "vpc-igw"},
			{"availabilityMode": "regional", "vpcId": "vpc-igw", "availabilityZoneAddresses": []any{azBlock("ap-northeast-2a", "eip-1")}},
			{"subnetId": "sn-igw", "allocationId": "eip-1"}, {"availabilityMode": "zonal", "subnetId": "sn-igw", "allocationId": "eip-1"},
			{"subnetId": "sn-igw", "connectivityType": "private"},
		}},
	"ec2.nat.availability-zone-addresses": {typ: tNAT, setup: natNeighbours,
		badIn: []map[string]any{
			regionalWith(map[string]any{"availabilityZone": "ap-northeast-2a", "availabilityZoneId": "apne2-az1", "allocationIds": []any{"eip-1"}}),
			regionalWith(map[string]any{"allocationIds": []any{"eip-1"}}),
			regionalWith(azBlock("us-east-1a", "eip-1")),
			regionalWith(map[string]any{"availabilityZoneId": "use1-az1", "allocationIds": []any{"eip-1"}}),
			regionalWith(azBlock("ap-northeast-2a", "eip-1"), map[string]any{"availabilityZoneId": "apne2-az1", "allocationIds": []any{"eip-2"}}),
			regionalWith(azBlock("ap-northeast-2b")),
		},
		goodIn: []map[string]any{
			regionalWith(azBlock("ap-northeast-2a", "eip-1"), map[string]any{"availabilityZoneId": "apne2-az3", "allocationIds": []any{"eip-2"}}),
			{"availabilityMode": "regional", "vpcId": "vpc-igw"},
		}},
	"ec2.nat.eip-associated": {typ: tNAT, setup: natNeighbours,
		badIn: []map[string]any{
			{"subnetId": "sn-igw", "allocationId": "eip-held"},
			regionalWith(azBlock("ap-northeast-2a", "eip-held")),
			regionalWith(azBlock("ap-northeast-2a", "eip-1"), azBlock("ap-northeast-2b", "eip-1")),
		},
		goodIn: []map[string]any{{"subnetId": "sn-igw", "allocationId": "eip-1"}, regionalWith(azBlock("ap-northeast-2a", "eip-1", "eip-2"))}},
	"ec2.nat.internet-gateway": {typ: tNAT, setup: natNeighbours,
		badIn:  []map[string]any{{"availabilityMode": "regional", "vpcId": "vpc-bare"}, {"subnetId": "sn-bare", "allocationId": "eip-1"}},
		goodIn: []map[string]any{{"availabilityMode": "regional", "vpcId": "vpc-igw"}, {"subnetId": "sn-bare", "connectivityType": "private"}}},
	"iam.role-policy.aggregate-size": {typ: tRolePolicy, setup: func(t *testing.T, m *Monitor) {
		reg(t, m, tRolePolicy, "first", map[string]any{"role": "lab-role", "policy": doc(9000)})
	},
		badIn:  []map[string]any{{"role": "lab-role", "policy": doc(1241)}},
		goodIn: []map[string]any{{"role": "lab-role", "policy": doc(1240)}, {"role": "other-role", "policy": doc(9000)}}},
}

// natNeighbours registers what the NAT gateway cases name: vpc-igw with an
// internet gateway and its subnet sn-igw, vpc-bare and sn-bare without one,
// Elastic IPs eip-1 and eip-2, and eip-held, which a NAT gateway already has.
func natNeighbours(t *testing.T, m *Monitor) {
	for _, v := range []string{"vpc-igw", "vpc-bare"} {
		alias(m, v, reg(t, m, tVpc, v, map[string]any{"cidrBlock": "10.0.0.0/16"}))
	}
	reg(t, m, tIGW, "igw", map[string]any{"vpcId": "vpc-igw"})
	for _, sn := range []struct{ id, vpc string }{{"sn-igw", "vpc-igw"}, {"sn-bare", "vpc-bare"}} {
		alias(m, sn.id, reg(t, m, tSubnet, sn.id, map[string]any{"vpcId": sn.vpc, "cidrBlock": "10.0.1.0/24", "availabilityZone": "ap-northeast-2a"}))
	}
	for _, e := range []string{"eip-1", "eip-2", "eip-held"} {
		alias(m, e, reg(t, m, tEIP, e, map[string]any{"domain": "vpc"}))
	}
	reg(t, m, tNAT, "holder", map[string]any{"subnetId": "sn-igw", "allocationId": "eip-held"})
}

func azBlock(az string, eips ...string) map[string]any {
	ids := []any{}
	for _, e := range eips {
		ids = append(ids, e)
	}
	return map[string]any{"availabilityZone": az, "allocationIds": ids}
}

// regionalWith is a manual-mode regional NAT gateway in vpc-igw.
func regionalWith(blocks ...map[string]any) map[string]any {
	var bs []any
	for _, b := range blocks {
		bs = append(bs, b)
	}
	return map[string]any{"availabilityMode": "regional", "vpcId": "vpc-igw", "availabilityZoneAddresses": bs}
}

// with sets keys (alternating key, value) on a copy of inputs.
func with(in map[string]any, kv ...any) map[string]any {
	out := map[string]any{}
	for k, v := range in {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

// endpoint is an interface endpoint to a service in subnets registered by setup.
func endpoint(service string, subnets ...string) map[string]any {
	name := "com.amazonaws.ap-northeast-2." + service
	if service == "custom" {
		name = "custom" // setup records the endpoint service's name
	}
	var ids []any
	for _, s := range subnets {
		ids = append(ids, s)
	}
	return map[string]any{"vpcEndpointType": "Interface", "serviceName": name, "subnetIds": ids, "vpcId": "vpc-dns", "securityGroupIds": []any{"sg-1"}}
}

// reg registers a resource through the monitor, as the SDK does, and
// returns it; its ID is replaced by id when given (so inputs can name it).
func reg(t *testing.T, m *Monitor, typ, name string, inputs map[string]any) *Resource {
	t.Helper()
	id, _, err := m.NewResource(pulumi.MockResourceArgs{TypeToken: typ, Name: name, Inputs: resource.NewPropertyMapFromMap(inputs), Custom: true})
	if err != nil {
		t.Fatalf("registering %s %s: %v", typ, name, err)
	}
	return m.AWS.byID[id]
}

// alias makes a registered resource findable under a readable ID.
func alias(m *Monitor, id string, r *Resource) { m.AWS.byID[id] = r }

// subnets registers VPCs and subnets the endpoint and LB cases name:
// sn-a1, sn-a2 in the first AZ, sn-b1 in the second, sn-e1 in the fifth
// (us-east-1e, which endpoint services skip); VPCs with and without DNS.
func subnets(t *testing.T, m *Monitor) {
	for _, v := range []struct {
		id                string
		support, hostname bool
	}{{"vpc-dns", true, true}, {"vpc-nohostnames", true, false}, {"vpc-nosupport", false, true}} {
		alias(m, v.id, reg(t, m, tVpc, v.id, map[string]any{"cidrBlock": "10.0.0.0/16", "enableDnsSupport": v.support, "enableDnsHostnames": v.hostname}))
	}
	azs := m.AWS.Region.AZs
	for _, s := range []struct {
		id string
		az int
	}{{"sn-a1", 0}, {"sn-a2", 0}, {"sn-b1", 1}, {"sn-e1", 4}} {
		if s.az >= len(azs) {
			continue
		}
		alias(m, s.id, reg(t, m, tSubnet, s.id, map[string]any{"vpcId": "vpc-dns", "cidrBlock": "10.0.1.0/24", "availabilityZone": azs[s.az]}))
	}
}

// gatewayInVpcDNS adds S3 and DynamoDB gateway endpoints to vpc-dns, and
// vpc-dns2, a VPC with DNS and no gateway endpoint.
func gatewayInVpcDNS(t *testing.T, m *Monitor) {
	subnets(t, m)
	alias(m, "vpc-dns2", reg(t, m, tVpc, "vpc-dns2", map[string]any{"cidrBlock": "10.1.0.0/16", "enableDnsSupport": true, "enableDnsHostnames": true}))
	for _, svc := range []string{"s3", "dynamodb"} {
		reg(t, m, tEndpoint, svc+"-gateway", map[string]any{"vpcEndpointType": "Gateway", "serviceName": "com.amazonaws.ap-northeast-2." + svc,
			"vpcId": "vpc-dns", "routeTableIds": []any{"rtb-1"}})
	}
}

// endpointService adds a PrivateLink endpoint service of this program
// (an NLB in sn-a1), named "custom" in the endpoint inputs.
func endpointService(t *testing.T, m *Monitor) {
	subnets(t, m)
	nlb := reg(t, m, tLB, "nlb", map[string]any{"loadBalancerType": "network", "subnets": []any{"sn-a1"}})
	svc := reg(t, m, tEndpointSvc, "svc", map[string]any{"networkLoadBalancerArns": []any{nlb.ID}, "acceptanceRequired": true,
		"allowedPrincipals": []any{"arn:aws:iam::" + Account + ":root"}})
	alias(m, "custom", svc) // endpoint("custom") resolves through customName
	customName = svc.Out("serviceName")
}

var customName string

// setPath puts v at a target path in inputs, with parent's keys beside it.
func setPath(inputs map[string]any, path string, v any, parent map[string]any) {
	segs := strings.Split(path, ".")
	obj := inputs
	for i, seg := range segs {
		last := i == len(segs)-1
		switch {
		case strings.HasSuffix(seg, "{key}"):
			obj[strings.TrimSuffix(seg, "{key}")] = map[string]any{v.(string): "value"}
		case strings.HasSuffix(seg, "{}"):
			obj[strings.TrimSuffix(seg, "{}")] = map[string]any{"Name": v}
		case strings.HasSuffix(seg, "[]"):
			elem := map[string]any{}
			obj[strings.TrimSuffix(seg, "[]")] = []any{elem}
			obj = elem
		case last:
			obj[seg] = v
		default:
			next := map[string]any{}
			obj[seg] = next
			obj = next
		}
		if last {
			for k, pv := range parent {
				obj[k] = pv
			}
		}
	}
}

func newTestMonitor(t *testing.T, region string) *Monitor {
	t.Helper()
	if region == "" {
		region = "ap-northeast-2"
	}
	m, err := NewMonitor("p", "s", region)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// check runs the rule table on r as the simulated AWS does.
func check(m *Monitor, r *Resource) []awsrules.Refusal {
	m.AWS.mu.Lock()
	defer m.AWS.mu.Unlock()
	return awsrules.Check(m.AWS, &r.Resource, &m.AWS.stats)
}

// judge runs the rules on a resource without registering it and returns
// the refusals of one rule.
func judge(m *Monitor, typ, name string, inputs map[string]any, id string) []awsrules.Refusal {
	if sn, ok := inputs["serviceName"].(string); ok && sn == "custom" {
		inputs = with(inputs, "serviceName", customName)
	}
	r := &Resource{Custom: true}
	r.Type, r.Name, r.Inputs = typ, name, resource.NewPropertyMapFromMap(inputs)
	r.URN = m.urn("", typ, name)
	var out []awsrules.Refusal
	for _, f := range check(m, r) {
		if f.Rule.ID == id {
			out = append(out, f)
		}
	}
	return out
}

// Every rule has cases, every bad value is refused by that rule with its
// code and source, and every good value passes it.
func TestEveryRuleRefusesItsBadValuesAndAcceptsGoodOnes(t *testing.T) {
	cases := map[string]ruleCase{}
	for k, v := range ruleCases {
		cases[k] = v
	}
	for k, v := range tagCases() {
		cases[k] = v
	}
	for k, v := range uniqueCases() {
		cases[k] = v
	}
	for _, rule := range awsrules.Rules() {
		c, ok := cases[rule.ID]
		if !ok {
			t.Errorf("rule %s has no test case", rule.ID)
			continue
		}
		if rule.Code == "" || !strings.HasPrefix(rule.Source, "https://") || rule.Allowed == "" {
			t.Errorf("rule %s lacks a code, a source page or what AWS allows", rule.ID)
		}
		t.Run(rule.ID, func(t *testing.T) {
			if rule.Whole() {
				testResourceRule(t, rule, c)
				return
			}
			if len(c.bad) == 0 || len(c.good) == 0 {
				t.Fatal("a value rule needs bad and good values")
			}
			for _, tgt := range rule.Targets {
				for _, v := range c.bad {
					in := map[string]any{}
					setPath(in, tgt.Path, v, c.parent)
					got := judge(newTestMonitor(t, c.region), tgt.Type, "under-test", in, rule.ID)
					if len(got) != 1 {
						t.Errorf("%s %s = %.40q: %d refusals, want 1", tgt.Type, tgt.Path, fmt.Sprint(v), len(got))
						continue
					}
					msg := got[0].Error()
					if !strings.Contains(msg, tgt.Type+" under-test: "+rule.Code+": ") || !strings.HasSuffix(msg, "["+rule.ID+" "+rule.Source+"]") {
						t.Errorf("message %q lacks the type, name, code or source", msg)
					}
				}
				for _, v := range c.good {
					in := map[string]any{}
					setPath(in, tgt.Path, v, c.parent)
					if got := judge(newTestMonitor(t, c.region), tgt.Type, "under-test", in, rule.ID); len(got) != 0 {
						t.Errorf("%s %s = %.40q refused: %v", tgt.Type, tgt.Path, fmt.Sprint(v), got[0])
					}
				}
				if tgt.Autoname {
					if c.badName != "" {
						if got := judge(newTestMonitor(t, c.region), tgt.Type, c.badName, map[string]any{}, rule.ID); len(got) != 1 || !strings.Contains(got[0].Property, "(autonamed)") {
							t.Errorf("%s autonamed from %q: %v, want one refusal of the autonamed name", tgt.Type, c.badName, got)
						}
					}
					// A name the provider derives from a prefix is not judged here.
					if got := judge(newTestMonitor(t, c.region), tgt.Type, c.badName+"x", map[string]any{tgt.Path + "Prefix": "ok"}, rule.ID); len(got) != 0 {
						t.Errorf("%s with a name prefix: %v", tgt.Type, got)
					}
				}
			}
		})
	}
	for id := range cases {
		if awsrules.RuleByID(id) == nil {
			t.Errorf("test case %s names no rule", id)
		}
	}
}

func testResourceRule(t *testing.T, rule *awsrules.Rule, c ruleCase) {
	if len(c.badIn) == 0 || len(c.goodIn) == 0 || c.typ == "" {
		t.Fatal("a whole-resource rule needs a type and bad and good inputs")
	}
	fresh := func() *Monitor {
		m := newTestMonitor(t, c.region)
		if c.setup != nil {
			c.setup(t, m)
		}
		return m
	}
	for _, in := range c.badIn {
		got := judge(fresh(), c.typ, "under-test", in, rule.ID)
		if len(got) == 0 {
			t.Errorf("inputs %v: not refused", in)
			continue
		}
		if msg := got[0].Error(); !strings.Contains(msg, c.typ+" under-test: "+rule.Code+": ") || !strings.HasSuffix(msg, "["+rule.ID+" "+rule.Source+"]") {
			t.Errorf("message %q lacks the type, name, code or source", msg)
		}
	}
	for _, in := range c.goodIn {
		if got := judge(fresh(), c.typ, "under-test", in, rule.ID); len(got) != 0 {
			t.Errorf("inputs %v refused: %v", in, got[0])
		}
	}
}

// tagCases tests each service's tag rules, generated like the rules.
func tagCases() map[string]ruleCase {
	out := map[string]ruleCase{}
	for _, ts := range awsrules.TagServices {
		key := ruleCase{bad: []any{"", x(ts.KeyMax + 1)}, good: []any{"Name", x(ts.KeyMax), "vpclab:exception:LAB-IAM-02"}}
		value := ruleCase{bad: []any{x(ts.ValueMax + 1)}, good: []any{"", x(ts.ValueMax), "CloudNeta-Private-EC2-Role"}}
		if ts.Chars != nil {
			key.bad = append(key.bad, "a,b", "it's")
			value.bad = append(value.bad, "s3:ListAllMyBuckets takes no resource but *", "a lab, so it is fine")
			value.good = append(value.good, "lab stack: one AZ keeps it cheap: vpclab:flowLogs true / = + - @ 한글 2")
		} else {
			value.good = append(value.good, "s3:ListAllMyBuckets takes no resource but *, it's fine")
		}
		out[ts.ID+".key"], out[ts.ID+".value"] = key, value
		if ts.Reserved != "" {
			out[ts.ID+".reserved-prefix"] = ruleCase{bad: []any{"aws:owner", "AWS:Owner"}, good: []any{"awsowner", "owner:aws:x"}}
		}
		many := func(n int) map[string]any {
			m := map[string]any{}
			for i := range n {
				m[fmt.Sprintf("k%d", i)] = "v"
			}
			return m
		}
		out[ts.ID+".count"] = ruleCase{typ: ts.Types[0], badIn: []map[string]any{{"tags": many(51)}}, goodIn: []map[string]any{{"tags": many(50)}, {}}}
	}
	return out
}

// uniqueCases: a second resource with a name taken in its scope is refused.
func uniqueCases() map[string]ruleCase {
	out := map[string]ruleCase{}
	for _, u := range awsrules.UniqueNames {
		first := map[string]any{u.Path: "lab-name-1", "vpcId": "vpc-1"}
		again := with(first)
		if u.Caseless {
			again = with(first, u.Path, "LAB-NAME-1")
		}
		c := ruleCase{typ: u.Types[0],
			setup: func(t *testing.T, m *Monitor) {
				// The first resource exists, with the name AWS reports for it.
				r := &Resource{Custom: true}
				r.Type, r.Name, r.ID = u.Types[0], "first", "first-id"
				r.Inputs, r.Outputs = resource.NewPropertyMapFromMap(first), resource.NewPropertyMapFromMap(first)
				r.URN = m.urn("", r.Type, r.Name)
				m.AWS.live = append(m.AWS.live, r)
				m.AWS.byID[r.ID] = r
			},
			badIn:  []map[string]any{again},
			goodIn: []map[string]any{with(first, u.Path, "lab-name-2"), {}},
		}
		if u.ID == "ec2.sg.name-unique" {
			c.goodIn = append(c.goodIn, with(first, "vpcId", "vpc-2")) // the scope is the VPC
		}
		out[u.ID] = c
	}
	return out
}

// The refusal names the resource, AWS's code, the property, the value, why,
// what AWS allows and the source: finding 1 as AWS would report it.
func TestRefusalMessage(t *testing.T) {
	m := newTestMonitor(t, "")
	got := judge(m, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "access-private-https-prefix-list-0",
		map[string]any{"prefixListId": "pl-78a54011", "ipProtocol": "tcp", "description": "HTTPS to a gateway endpoint's service"}, "ec2.sg-rule.description.prefix-list")
	want := `aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule access-private-https-prefix-list-0: InvalidParameterValue: description "HTTPS to a gateway endpoint's service": ` +
		`character "'" is not allowed (allowed: a-zA-Z0-9 ._-:/()#,@[]+=;{}!$*, up to 255 characters) ` +
		`[ec2.sg-rule.description.prefix-list https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_PrefixListId.html]`
	if len(got) != 1 || got[0].Error() != want {
		t.Errorf("got %v\nwant %s", got, want)
	}
	if s := m.RuleStats(); s.Refusals != 1 || s.Checked < 2 || s.Rules != len(awsrules.Rules()) {
		t.Errorf("stats %+v", s)
	}
}

// A value unknown at registration (a preview) is skipped, not guessed.
func TestUnknownValuesAreSkipped(t *testing.T) {
	m := newTestMonitor(t, "")
	r := &Resource{Custom: true}
	r.Type, r.Name, r.Inputs = tSG, "web", resource.PropertyMap{
		"description": resource.MakeComputed(resource.NewProperty("")),
		"name":        resource.NewProperty("web-sg"),
	}
	r.URN = m.urn("", r.Type, r.Name)
	if got := check(m, r); len(got) != 0 {
		t.Errorf("refused %v", got)
	}
	if s := m.RuleStats(); s.Skipped != 1 || s.Checked == 0 {
		t.Errorf("stats %+v, want the description skipped", s)
	}
}

// Registration applies the table: a refused resource is not recorded and
// the program sees AWS's error.
func TestRegistrationIsRefusedBeforeItIsRecorded(t *testing.T) {
	m := newTestMonitor(t, "")
	_, _, err := m.NewResource(pulumi.MockResourceArgs{TypeToken: tSG, Name: "web", Custom: true,
		Inputs: resource.NewPropertyMapFromMap(map[string]any{"description": "it's"})})
	var re *awsrules.RefusalError
	if err == nil || !strings.Contains(err.Error(), "ec2.sg.description") {
		t.Fatalf("error %v", err)
	}
	if ok := asRefusal(err, &re); !ok || len(re.Refusals) != 1 {
		t.Errorf("error %T is not a *RefusalError with one refusal", err)
	}
	if m.Graph().Len() != 0 {
		t.Error("the refused resource was recorded")
	}
}

func asRefusal(err error, re **awsrules.RefusalError) bool {
	r, ok := err.(*awsrules.RefusalError)
	*re = r
	return ok
}

// CheckTag applies every service's tag rules; CheckText one rule.
func TestCheckTagAndCheckText(t *testing.T) {
	for _, tc := range []struct{ key, value, want string }{
		{"vpclab:exception:LAB-IAM-02", "s3:ListAllMyBuckets takes no resource but *: the guide runs a bare aws s3 ls", `IAM refuses the tag value "s3:ListAllMyBuckets takes no resource but *: the guide runs a bare aws s3 ls": character "*" is not allowed`},
		{"Owner", "aws:me", `IAM refuses the tag value "aws:me": begins with aws:`},
		{"aws:owner", "me", `EC2 refuses the tag key "aws:owner": begins with aws:`},
		{x(128), "v", `EC2 refuses the tag key "` + x(128) + `": is 128 characters, more than 127`},
		{"Project", "vpclab", ""},
	} {
		err := awsrules.CheckTag(tc.key, tc.value)
		if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("CheckTag(%.20q, %.30q) = %v, want %q", tc.key, tc.value, err, tc.want)
		}
	}
	if err := awsrules.CheckText("ec2.sg.description", "Bob's bastion"); err == nil || !strings.Contains(err.Error(), `character "'" is not allowed`) {
		t.Errorf("CheckText: %v", err)
	}
	if err := awsrules.CheckText("ec2.sg.description", "CloudNeta bastion: SSH and ping from admin CIDRs only"); err != nil {
		t.Errorf("CheckText: %v", err)
	}
	if err := awsrules.CheckText("no.such.rule", "x"); err == nil {
		t.Error("CheckText accepted an unknown rule")
	}
}

// A custom endpoint service takes no policy and answers the policy
// support the table records for AWS services.
func TestEndpointServiceAnswersPolicySupport(t *testing.T) {
	m := newTestMonitor(t, "")
	for svc, want := range map[string]bool{"ssm": true, "ssmmessages": false, "ec2messages": false, "cloudformation": true, "kms": true, "sts": true, "s3": true, "dynamodb": true} {
		out, err := m.AWS.Invoke("aws:ec2/getVpcEndpointService:getVpcEndpointService", resource.NewPropertyMapFromMap(map[string]any{"service": svc, "serviceType": "Interface"}))
		if err != nil {
			t.Fatal(err)
		}
		if got := out["vpcEndpointPolicySupported"]; !got.IsBool() || got.BoolValue() != want {
			t.Errorf("%s: vpcEndpointPolicySupported %v, want %v", svc, got, want)
		}
	}
}
