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
		"not a rule ID":    {components.Exceptions{"EC2-03": "a good long reason"}, "not a rule ID"},
		"reason too short": {components.Exceptions{"LAB-EC2-03": "because"}, "a reason is 10–200 characters (it is 7)"},
		"reason too long":  {components.Exceptions{"LAB-EC2-03": strings.Repeat("x", 201)}, "a reason is 10–200 characters (it is 201)"},
		// IAM and ELB tags take no comma and no "*" (finding 2), EC2's take any character.
		"reason with commas": {components.Exceptions{"LAB-EC2-03": "a lab, so it is fine"}, `IAM refuses the tag value "a lab, so it is fine": character "," is not allowed`},
		"reason with a star": {components.Exceptions{"LAB-EC2-03": "s3:List* needs a star"}, `character "*" is not allowed (ValidationError:`},
		"reserved prefix":    {components.Exceptions{"LAB-EC2-03": "aws:reserved prefix here"}, `IAM refuses the tag value "aws:reserved prefix here": begins with aws:`},
	} {
		args := twoAZ(components.NATNone)
		args.Exceptions = tc.exc
		if err := args.Validate("net"); err == nil || !strings.Contains(err.Error(), tc.rule) {
			t.Errorf("%s: %v", name, err)
		}
	}
	args := twoAZ(components.NATNone)
	args.Exceptions = components.Exceptions{"LAB-VPC-02": "flow logs are off in this unit test"}
	g := mustRun(t, network(args))
	if got := find(t, g, tVpc, "net-vpc").Tag(components.ExceptionTagPrefix + "LAB-VPC-02"); got != "flow logs are off in this unit test" {
		t.Errorf("VPC exception tag %q", got)
	}
	if find(t, g, tSubnet, "net-public-0").Tag(components.ExceptionTagPrefix+"LAB-VPC-02") != "" {
		t.Error("the VPC's exception leaked onto a subnet")
	}
}
