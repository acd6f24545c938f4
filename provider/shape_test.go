package main

import (
	"strings"
	"testing"
)

// TestInputsOfTheWrongShape: what a JavaScript program can pass and tsc
// would refuse — a plain value for a list, a list for an object, a number
// for a string, at the top or deep inside — fails naming the property by
// its path as the program spells it, and registers nothing.
func TestInputsOfTheWrongShape(t *testing.T) {
	for _, tc := range []struct {
		typ    string
		inputs map[string]any
		want   string
	}{
		{"NetworkBase", with(goodNetwork, "privateSubnets", map[string]any{"azIndex": 0}),
			`NetworkBase: privateSubnets = {"azIndex":0}: must be a list, not an object`},
		{"NetworkBase", with(goodNetwork, "availabilityZones", seoul[0]),
			`NetworkBase: availabilityZones = "ap-northeast-2a": must be a list, not a string`},
		{"NetworkBase", with(goodNetwork, "privateSubnets", []any{map[string]any{"azIndex": 0}, map[string]any{"azIndex": "1"}}),
			`NetworkBase: privateSubnets[1].azIndex = "1": must be a number, not a string`},
		{"NetworkBase", with(goodNetwork, "tags", []string{"Team=net"}),
			`NetworkBase: tags = ["Team=net"]: must be an object (a map of names to values), not a list`},
		{"NetworkBase", with(goodNetwork, "flowLogs", "yes"),
			`NetworkBase: flowLogs = "yes": must be true or false, not a string`},
		{"GatewayEndpoint", with(goodGateway, "routeTableIds", "rtb-0aaa"),
			`GatewayEndpoint: routeTableIds = "rtb-0aaa": must be a list, not a string`},
		{"GatewayEndpoint", with(goodGateway, "vpcId", 7),
			`GatewayEndpoint: vpcId = 7: must be a string, not a number`},
		{"PrivateLinkService", with(goodService, "consumer", map[string]any{"vpcId": "vpc-0bbb", "subnets": []any{"subnet-0ddd"}}),
			`PrivateLinkService: consumer.subnets[0] = "subnet-0ddd": must be an object, not a string`},
	} {
		t.Run(tc.want, func(t *testing.T) {
			s, mon := simServer(t)
			_, err := construct(s, mon, tc.typ, "x", props(tc.inputs))
			if err == nil || err.Error() != tc.want {
				t.Fatalf("got  %v\nwant %s", err, tc.want)
			}
			if n := mon.Graph().Len(); n != 0 {
				t.Errorf("%d resources registered despite the bad input", n)
			}
		})
	}
}

// TestRulesSpellThePathsTheyName: a rule that names another argument by its
// path (overlaps PrivateSubnets[0].CIDR) spells it as the schema does.
func TestRulesSpellThePathsTheyName(t *testing.T) {
	s, mon := simServer(t)
	_, err := construct(s, mon, "NetworkBase", "core", props(with(goodNetwork,
		"privateSubnets", []any{map[string]any{"azIndex": 0, "cidr": "10.20.0.0/24"}, map[string]any{"azIndex": 1, "cidr": "10.20.0.128/25"}})))
	want := `NetworkBase: privateSubnets[1].cidr = "10.20.0.128/25": overlaps privateSubnets[0].cidr (10.20.0.0/24)`
	if err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Errorf("got  %v\nwant …%s", err, want)
	}
}
