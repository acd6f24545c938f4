package labs

import "github.com/vpclab/vpclab/labs/guide"

// The guides' stages and checks are data in package guide, which verify
// reads without linking the components; labs names them as it always has.

// StepDefault is the project default of every key a step sets.
const StepDefault = guide.StepDefault

// Outcome is the result a guide check shows.
type Outcome = guide.Outcome

const (
	Pass = guide.Pass
	Fail = guide.Fail
)

type (
	// Expect is one guide check with the result the guide expects at a step.
	Expect = guide.Expect
	// GuideCheck is one check a guide runs, by a stable ID.
	GuideCheck = guide.Check
	// Step is one stage of a guide.
	Step = guide.Step
	// Lab is one guide with its stages in the guide's order.
	Lab = guide.Lab
)

// StepKeys lists the config keys (without namespace) that steps set.
func StepKeys() []string { return guide.StepKeys() }

// LabByName returns the lab vpclab:lab names.
func LabByName(name string) (Lab, bool) { return guide.LabByName(name) }

// Labs returns every lab in the guides' order.
func Labs() []Lab { return guide.Labs() }

// GuideChecks returns every guide check.
func GuideChecks() []GuideCheck { return guide.Checks() }

// CheckByID returns a guide check.
func CheckByID(id string) (GuideCheck, bool) { return guide.CheckByID(id) }
