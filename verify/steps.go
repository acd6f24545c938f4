package verify

import (
	"fmt"

	"github.com/vpclab/vpclab/labs/guide"
)

// Plan is what verify checks on a stack: the guide checks of the step the
// stack is at, with the outcome the guide expects there, then what the
// stack's outputs imply (FromOutputs) for checks the step does not name.
type Plan struct {
	Lab string
	// Step is the stack's step; nil for a stack deployed before steps existed.
	Step       *guide.Step
	StepNumber int
	Steps      int
	Expects    []Expect
}

// PlanFor reads the lab and step from the stack's outputs (lab, step) and
// takes the step's expectations from the guide (package guide).
func PlanFor(out Outputs) (Plan, error) {
	p := Plan{Lab: out.str("lab")}
	lab, ok := guide.LabByName(p.Lab)
	name := out.str("step")
	if !ok || name == "" {
		p.Expects = FromOutputs(out)
		return p, nil
	}
	i, err := lab.StepIndex(name)
	if err != nil || lab.Steps[i].Name != name {
		return p, fmt.Errorf("the stack reports step %q, which the %s lab does not have (its steps are %s): was it deployed with another version of vpclab?",
			name, p.Lab, lab.StepList())
	}
	step := lab.Steps[i]
	p.Step, p.StepNumber, p.Steps = &step, i+1, len(lab.Steps)
	var guide []Expect
	for _, e := range step.Expect {
		guide = append(guide, Expect{Check: e.Check, Want: Outcome(e.Want), From: "step " + step.Name})
	}
	p.Expects = Merge(guide, FromOutputs(out))
	return p, nil
}

// String is the plan's heading, e.g. "lab s3-gateway, step 2 of 3
// gateway-endpoint: S3 gateway endpoint on the private route table".
func (p Plan) String() string {
	if p.Step == nil {
		return fmt.Sprintf("lab %s (the stack reports no step: checks from its outputs)", p.Lab)
	}
	return fmt.Sprintf("lab %s, step %d of %d %s: %s", p.Lab, p.StepNumber, p.Steps, p.Step.Name, p.Step.Title)
}
