package tests

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/vpclab/vpclab/components"
	"github.com/vpclab/vpclab/labs"
	"github.com/vpclab/vpclab/sim"
	"gopkg.in/yaml.v3"
)

// declaredKeys are the config keys Pulumi.yaml declares, namespaced.
func declaredKeys(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(projectDir, "Pulumi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var proj struct {
		Config map[string]any `yaml:"config"`
	}
	if err := yaml.Unmarshal(raw, &proj); err != nil {
		t.Fatal(err)
	}
	var out []string
	for k := range proj.Config {
		out = append(out, labs.Namespace+":"+k)
	}
	slices.Sort(out)
	return out
}

// goArgNames are the components' Go argument names that a learner never
// types: compound CamelCase field names of the Args structs (AllowBroadAdminCIDRs,
// PublicSubnets, AMIParameter), which a config message must not mention.
func goArgNames() []string {
	var out []string
	for _, v := range []any{components.NetworkBaseArgs{}, components.BastionPairArgs{}, components.GatewayEndpointArgs{},
		components.InterfaceEndpointArgs{}, components.PrivateLinkServiceArgs{}, components.PrivateBucketArgs{},
		components.WebServersArgs{}, components.SubnetSpec{}, components.EndpointSubnet{}, components.TierTags{}} {
		typ := reflect.TypeOf(v)
		for i := range typ.NumField() {
			name := typ.Field(i).Name
			upper := 0
			for _, r := range name {
				if r >= 'A' && r <= 'Z' {
					upper++
				}
			}
			if upper >= 2 && strings.ToUpper(name) != name {
				out = append(out, name)
			}
		}
	}
	return out
}

var (
	configKeyRef = regexp.MustCompile(`\b` + labs.Namespace + `:([A-Za-z0-9]+)`)
	// rawParser is text of Go's parsers that must not reach a learner.
	rawParser = []string{"invalid character", "cannot unmarshal", "json:", "strconv.", "looking for beginning", "unexpected end of JSON"}
)

// Every error a config value can produce names, as the learner types it, a
// key Pulumi.yaml declares: the key that was bad, and any other key the
// message tells the learner to set. No Go argument name and no parser's
// own text reaches the message. Each declared key has a bad value here.
func TestEveryConfigErrorNamesADeclaredKey(t *testing.T) {
	declared := declaredKeys(t)
	goNames := goArgNames()
	pl := "privatelink"
	cases := []struct {
		stack     string
		key       string // the key (without namespace) the case makes bad
		overrides map[string]string
	}{
		{"nat-bastion", "lab", map[string]string{"lab": "vpn"}},
		{"nat-bastion", "step", map[string]string{"step": "nat-gatewy"}},
		{"nat-bastion", "vpcCidr", map[string]string{"vpcCidr": "20.0.0.0/16", "publicSubnetCidrs": "[]", "privateSubnetCidrs": "[]"}},
		{"nat-bastion", "allowPublicAddressSpace", map[string]string{"allowPublicAddressSpace": "yes"}},
		{"nat-bastion", "publicSubnetAzs", map[string]string{"publicSubnetAzs": "[100000000000000000000]"}},
		{"nat-bastion", "publicSubnetCidrs", map[string]string{"publicSubnetCidrs": `["10.1.0.0/24"]`}},
		{"nat-bastion", "privateSubnetAzs", map[string]string{"privateSubnetAzs": "[9]"}},
		{"nat-bastion", "privateSubnetCidrs", map[string]string{"privateSubnetCidrs": `["10.0.0.128/25"]`}},
		{"nat-bastion", "subnetPrefixLength", map[string]string{"subnetPrefixLength": "100000000000000000000"}},
		{"nat-bastion", "natMode", map[string]string{"natMode": "dual"}},
		{"nat-bastion", "natAddressMode", map[string]string{"natAddressMode": "manual", "natMode": "single"}},
		{"nat-bastion", "flowLogs", map[string]string{"flowLogs": "maybe"}},
		{"nat-bastion", "flowLogRetentionDays", map[string]string{"flowLogs": "true", "flowLogRetentionDays": "2"}},
		{"nat-bastion", "namePrefix", map[string]string{"namePrefix": "Lab*"}},
		{"nat-bastion", "nameTags", map[string]string{"nameTags": `{"subnet":"x"}`}},
		{"nat-bastion", "s3GatewayEndpoint", map[string]string{"s3GatewayEndpoint": "yes"}},
		{"nat-bastion", "dynamodbGatewayEndpoint", map[string]string{"dynamodbGatewayEndpoint": "1x"}},
		{"nat-bastion", "gatewayEndpointRouteTables", map[string]string{"gatewayEndpointRouteTables": "all"}},
		{"nat-bastion", "endpointPolicy", map[string]string{"endpointPolicy": "open"}},
		{"nat-bastion", "labBucket", map[string]string{"labBucket": "sure"}},
		{"nat-bastion", "bucketPolicyCondition", map[string]string{"bucketPolicyCondition": "sourceIp"}},
		{"nat-bastion", "bucketAdminArns", map[string]string{"labBucket": "true", "bucketAdminArns": `["me"]`}},
		{"nat-bastion", "allowListAllBuckets", map[string]string{"allowListAllBuckets": "true"}},
		{"nat-bastion", "allowAmazonLinuxRepos", map[string]string{"allowAmazonLinuxRepos": "true"}},
		{"nat-bastion", "pingGatewayEndpoints", map[string]string{"pingGatewayEndpoints": "often"}},
		{"nat-bastion", "dnsHostnames", map[string]string{"dnsHostnames": "on"}},
		{"nat-bastion", "interfaceEndpoints", map[string]string{"interfaceEndpoints": "cloudformation"}},
		{"nat-bastion", "interfaceEndpointSubnets", map[string]string{"interfaceEndpointSubnets": "all"}},
		{"nat-bastion", "sessionManagerEndpoints", map[string]string{"sessionManagerEndpoints": "maybe"}},
		{"dev", "privateDnsOnlyForInboundResolverEndpoint", map[string]string{"interfaceEndpoints": `["dynamodb"]`, "privateDnsOnlyForInboundResolverEndpoint": "false"}},
		{"nat-bastion", "interfaceEndpointPrivateDns", map[string]string{"interfaceEndpoints": `["cloudformation"]`, "dnsHostnames": "false"}},
		{pl, "providerVpcCidr", map[string]string{"providerVpcCidr": "10.0.0.0/8"}},
		{pl, "providerSubnetAzs", map[string]string{"providerSubnetAzs": "[0,0]"}},
		{pl, "providerPublicSubnetCidrs", map[string]string{"providerPublicSubnetCidrs": `["10.9.0.0/24","20.0.1.0/24"]`}},
		{pl, "providerPrivateSubnetCidrs", map[string]string{"providerPrivateSubnetCidrs": `["20.0.10.0/24","20.0.10.128/25"]`}},
		{pl, "providerNamePrefix", map[string]string{"providerNamePrefix": " "}},
		{pl, "providerNameTags", map[string]string{"providerNameTags": `{"web":"x"}`}},
		{pl, "webPages", map[string]string{"webPages": `["it's 1","two"]`}},
		{pl, "servicePort", map[string]string{"servicePort": "70000"}},
		{pl, "nlbInternetFacing", map[string]string{"nlbInternetFacing": "public"}},
		{pl, "endpointService", map[string]string{"endpointService": "false", "consumerEndpoint": "true"}},
		{pl, "consumerEndpoint", map[string]string{"consumerEndpoint": "maybe"}},
		{pl, "acceptanceRequired", map[string]string{"acceptanceRequired": "false"}},
		{pl, "acceptConnection", map[string]string{"acceptConnection": "true", "consumerEndpoint": "false"}},
		{pl, "allowedPrincipals", map[string]string{"allowedPrincipals": `["*"]`}},
		{"nat-bastion", "access", map[string]string{"access": "telnet"}},
		{"nat-bastion", "adminCidrs", map[string]string{"adminCidrs": `["10.0.0.0/8"]`}},
		{"nat-bastion", "allowBroadAdminCidrs", map[string]string{"allowBroadAdminCidrs": "please"}},
		{"nat-bastion", "keyName", map[string]string{"access": "ssm", "adminCidrs": "[]", "keyName": "lab"}},
		{"nat-bastion", "instanceType", map[string]string{"instanceType": "t4g.micro"}},
		{"nat-bastion", "amiParameter", map[string]string{"amiParameter": "ami-12345"}},
		{"nat-bastion", "rootVolumeSize", map[string]string{"rootVolumeSize": "4"}},
		{"nat-bastion", "placementStrategy", map[string]string{"placementStrategy": "random"}},
		{"nat-bastion", "placementPartitionCount", map[string]string{"placementPartitionCount": "3"}},
	}
	covered := map[string]bool{}
	for _, tc := range cases {
		key := labs.Namespace + ":" + tc.key
		covered[key] = true
		t.Run(tc.key, func(t *testing.T) {
			res, err := sim.LoadAndRun(projectDir, tc.stack, tc.overrides, labs.Program)
			if err == nil {
				t.Fatalf("%s %v was accepted", tc.stack, tc.overrides)
			}
			msg := err.Error()
			t.Log(msg)
			named := configKeyRef.FindAllString(msg, -1)
			if !slices.Contains(named, key) {
				t.Errorf("the message does not name %s:\n  %s", key, msg)
			}
			for _, n := range named {
				if !slices.Contains(declared, n) {
					t.Errorf("the message names %s, which Pulumi.yaml does not declare:\n  %s", n, msg)
				}
			}
			for _, g := range goNames {
				if regexp.MustCompile(`\b` + regexp.QuoteMeta(g) + `\b`).MatchString(msg) {
					t.Errorf("the message names the Go argument %s, which no learner can set:\n  %s", g, msg)
				}
			}
			for _, p := range rawParser {
				if strings.Contains(msg, p) {
					t.Errorf("the message passes on a parser's text %q:\n  %s", p, msg)
				}
			}
			if res != nil && res.Graph.Len() != 0 {
				t.Errorf("%d resources registered before the error", res.Graph.Len())
			}
		})
	}
	for _, k := range declared {
		if !covered[k] {
			t.Errorf("%s has no bad value in this table", k)
		}
	}
}
