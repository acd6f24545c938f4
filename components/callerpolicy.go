package components

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/policy"
)

// validateName refuses a blank component name: it names the component and
// every child, so it is part of every URN. One rule for every component.
func validateName(component, name string) error {
	if strings.TrimSpace(name) == "" {
		return argErr(component, "name", name, "must not be blank: it names the component and, as a prefix, every resource it creates")
	}
	return nil
}

// policyArg names the policy argument a caller gave, for refusals.
func policyArg(a InterfaceEndpointArgs) string {
	switch {
	case a.Policy != nil:
		return "Policy"
	case a.PolicyJSON != nil:
		return "PolicyJSON"
	default:
		return "ExtraStatements"
	}
}

// validateCallerPolicy checks a caller's endpoint policy before anything is
// registered: one of the typed document (argument docArg) and the JSON, no
// extra statements beside them, the policy grammar (policy.Validate) and
// AWS's length limit. JSON computed by other resources is checked when it
// is known (callerPolicyJSON).
func validateCallerPolicy(c, docArg string, doc *PolicyDocument, js pulumi.StringInput, extra []Statement) error {
	switch {
	case doc != nil && js != nil:
		return argErr(c, "PolicyJSON", "", "give %s or PolicyJSON, not both", docArg)
	case len(extra) > 0 && (doc != nil || js != nil):
		return argErr(c, "ExtraStatements", len(extra), "are added to the generated policy; with your own policy, put them in it")
	}
	if doc != nil {
		out, err := doc.JSON()
		if err != nil {
			return argErr(c, docArg, "", "%v", err)
		}
		if len(out) > MaxEndpointPolicyLength {
			return argErr(c, docArg, len(out), "an endpoint policy is at most %d characters", MaxEndpointPolicyLength)
		}
	}
	if plain, ok := js.(pulumi.String); ok {
		if err := checkPolicyJSON(string(plain)); err != nil {
			return argErr(c, "PolicyJSON", abbreviate(string(plain)), "%v", err)
		}
	}
	if len(extra) > 0 {
		if err := (PolicyDocument{Statement: extra}).Validate(); err != nil {
			return argErr(c, "ExtraStatements", len(extra), "%v", strings.Replace(err.Error(), "policy document: ", "", 1))
		}
	}
	return nil
}

// checkPolicyJSON parses policy JSON as AWS would and checks its length.
func checkPolicyJSON(js string) error {
	if _, err := policy.Parse(js); err != nil {
		return err
	}
	if len(js) > MaxEndpointPolicyLength {
		return fmt.Errorf("an endpoint policy is at most %d characters (it is %d)", MaxEndpointPolicyLength, len(js))
	}
	return nil
}

// callerPolicyJSON is the caller's policy as the endpoint's policy input:
// the typed document marshalled, or the JSON as written, checked once known.
func callerPolicyJSON(c string, doc *PolicyDocument, js pulumi.StringInput) pulumi.StringOutput {
	if doc != nil {
		out, _ := doc.JSON() // validated before registration
		return pulumi.String(out).ToStringOutput()
	}
	return js.ToStringOutput().ApplyT(func(s string) (string, error) {
		if err := checkPolicyJSON(s); err != nil {
			return "", argErr(c, "PolicyJSON", abbreviate(s), "%v", err)
		}
		return s, nil
	}).(pulumi.StringOutput)
}

// abbreviate keeps a long value readable in an error message.
func abbreviate(s string) string {
	const max = 60
	if len(s) <= max {
		return s
	}
	return s[:max] + "…"
}
