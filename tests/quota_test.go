package tests

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/vpclab/vpclab/labs"
	"github.com/vpclab/vpclab/sim"
)

// VPC quotas count per account and region: the README tells a learner how
// many VPCs the shipped stacks need together, and no stack may need more
// than a default quota alone.
func TestShippedStacksAgainstQuotas(t *testing.T) {
	stacks, err := sim.Stacks(projectDir)
	if err != nil {
		t.Fatal(err)
	}
	vpcs := 0
	for _, stack := range stacks {
		res := plan(t, stack, nil)
		for _, u := range sim.QuotaUsage(res.Graph, res.Region.Name) {
			if u.Exceeded() {
				t.Errorf("%s alone exceeds %s: %d of %d", stack, u.Name, u.Used, u.Default)
			}
			if u.Name == "VPCs per Region" {
				vpcs += u.Used
			}
		}
	}
	readme, err := os.ReadFile(projectDir + "/README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(readme)), " ")
	if want := fmt.Sprintf("shipped stacks together need %d VPCs", vpcs); !strings.Contains(text, want) {
		t.Errorf("README does not say %q", want)
	}
	if vpcs <= 5 {
		t.Logf("the shipped stacks fit the default VPC quota together (%d): the README's warning may be dropped", vpcs)
	}
}

// A lab that alone passes a default quota is refused before anything is
// deployed, with AWS's error code: 31 admin addresses need 62 inbound rules
// on the bastion's security group.
func TestPlanRefusesWhatPassesAQuota(t *testing.T) {
	var cidrs []string
	for i := range 31 {
		cidrs = append(cidrs, fmt.Sprintf(`"198.51.100.%d/32"`, i+1))
	}
	_, err := sim.LoadAndRun(projectDir, "nat-bastion", map[string]string{"adminCidrs": "[" + strings.Join(cidrs, ",") + "]"}, labs.Program)
	if err == nil || !strings.Contains(err.Error(), "RulesPerSecurityGroupLimitExceeded") || !strings.Contains(err.Error(), "access-bastion-sg") {
		t.Errorf("error %v, want RulesPerSecurityGroupLimitExceeded on access-bastion-sg", err)
	}
}
