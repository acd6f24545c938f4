package components

import (
	"errors"
	"fmt"
	"regexp"
)

// ArgError reports an argument that breaks a rule. Arg is the path of the
// argument inside the component's Args (for example "PublicSubnets[1].CIDR"),
// so that callers such as the labs package can map it back to a config key.
type ArgError struct {
	Component string // e.g. "NetworkBase"
	Arg       string // e.g. "PrivateSubnets[0].CIDR"
	Value     any    // the offending value
	Rule      string // what the value must satisfy
}

func (e *ArgError) Error() string {
	return fmt.Sprintf("%s: %s = %s: %s", e.Component, e.Arg, FormatValue(e.Value), e.Rule)
}

// FormatValue renders a bad value for an error message: strings quoted, slices
// in brackets, everything else with %v.
func FormatValue(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("%q", x)
	case []string:
		return fmt.Sprintf("%q", x)
	default:
		return fmt.Sprintf("%v", x)
	}
}

// AsArgError returns the *ArgError inside err, if any.
func AsArgError(err error) (*ArgError, bool) {
	var ae *ArgError
	ok := errors.As(err, &ae)
	return ae, ok
}

func argErr(component, arg string, value any, rule string, a ...any) error {
	return &ArgError{Component: component, Arg: arg, Value: value, Rule: fmt.Sprintf(rule, a...)}
}

// iamNameRe is IAM's character set for role and instance-profile names.
var iamNameRe = regexp.MustCompile(`^[A-Za-z0-9+=,.@_-]+$`)

// validateRoleName checks that the IAM role Pulumi autonames for a child
// (<base>-xxxxxxx) stays within IAM's 64 characters and character set.
func validateRoleName(component, name, base string) error {
	const maxRole, suffix = 64, 8
	if len(base)+suffix > maxRole || !iamNameRe.MatchString(base) {
		return argErr(component, "name", name, "the IAM role is autonamed %s-xxxxxxx, which must be at most %d characters of A-Z a-z 0-9 + = , . @ _ -", base, maxRole)
	}
	return nil
}
