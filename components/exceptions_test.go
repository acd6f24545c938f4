package components_test

import (
	"strings"
	"testing"

	"github.com/vpclab/vpclab/components"
)

func TestExceptionsAreValidatedAndTagged(t *testing.T) {
	for name, tc := range map[string]struct {
		exc  components.Exceptions
		rule string
	}{
		"not a rule ID":      {components.Exceptions{"EC2-03": "a good long reason"}, "not a rule ID"},
		"reason too short":   {components.Exceptions{"LAB-EC2-03": "because"}, "10–200 letters"},
		"reason with commas": {components.Exceptions{"LAB-EC2-03": "a lab, so it is fine"}, "10–200 letters"},
	} {
		args := twoAZ(components.NatNone)
		args.Exceptions = tc.exc
		if err := args.Validate("net"); err == nil || !strings.Contains(err.Error(), tc.rule) {
			t.Errorf("%s: %v", name, err)
		}
	}
	args := twoAZ(components.NatNone)
	args.Exceptions = components.Exceptions{"LAB-VPC-02": "flow logs are off in this unit test"}
	g := mustRun(t, network(args))
	if got := find(t, g, tVpc, "net-vpc").Tag(components.ExceptionTagPrefix + "LAB-VPC-02"); got != "flow logs are off in this unit test" {
		t.Errorf("VPC exception tag %q", got)
	}
	if find(t, g, tSubnet, "net-public-0").Tag(components.ExceptionTagPrefix+"LAB-VPC-02") != "" {
		t.Error("the VPC's exception leaked onto a subnet")
	}
}
