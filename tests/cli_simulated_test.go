package tests

import (
	"github.com/vpclab/vpclab/internal/cli"
	"strings"
	"testing"
)

// Issue 18: what plan prints marks the values the simulation made up:
// public addresses (from RFC 5737's documentation range, never a real AWS
// one) on every line that shows them, and in the header the region's
// unpublished prefix-list IDs and zone-ID pairing.
func TestPlanMarksSimulatedValues(t *testing.T) {
	for _, region := range []string{"ap-northeast-2", "sa-east-1"} {
		res := simulate(t, "nat-bastion", map[string]string{"aws:region": region})
		out := cli.RenderPlan("nat-bastion", res)
		ip, _ := res.Exports["bastionPublicIp"].(string)
		if !strings.HasPrefix(ip, "198.51.100.") {
			t.Fatalf("%s: bastion address %q is not from the documentation range", region, ip)
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.Contains(line, ip) && !strings.Contains(line, "[simulated: "+ip) {
				t.Errorf("%s: line shows %s unmarked: %s", region, ip, line)
			}
		}
		header := strings.SplitN(out, "\n\n", 2)[0]
		if !strings.Contains(header, "simulated: prefix-list IDs") || !strings.Contains(header, "their pairing with AZ names is simulated") {
			t.Errorf("%s: header %q", region, header)
		}
	}
}
