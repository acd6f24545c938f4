package tests

import (
	"strings"
	"testing"

	"github.com/vpclab/vpclab/sim"
	"github.com/vpclab/vpclab/sim/awsprovider"
)

// The simulated aws provider's schema covers every resource type and
// function the shipped stacks use, so a YAML program (which needs the
// schema) can use what the labs use; and every such type has its
// replace-forcing inputs in sim.Replacements, which the provider's Diff
// reads.
func TestProviderSchemaCoversWhatTheStacksUse(t *testing.T) {
	resources, functions := map[string]bool{}, map[string]bool{}
	for _, r := range awsprovider.Resources {
		resources[r.Token()] = true
	}
	for _, f := range awsprovider.Functions {
		functions[f.Token()] = true
	}
	stacks, _ := sim.Stacks(projectDir)
	for _, stack := range stacks {
		res := plan(t, stack, nil)
		for _, r := range res.Graph.Resources {
			if !r.Custom {
				continue
			}
			if !resources[r.Type] {
				t.Errorf("%s registers %s, which the provider's schema lacks", stack, r.Type)
			}
			if _, ok := sim.Replacements[r.Type]; !ok {
				t.Errorf("%s registers %s, which has no replace-forcing inputs in sim.Replacements", stack, r.Type)
			}
		}
		for _, inv := range res.Invokes {
			if !functions[inv.Token] && strings.HasPrefix(inv.Token, "aws:") {
				t.Errorf("%s invokes %s, which the provider's schema lacks", stack, inv.Token)
			}
		}
	}
}
