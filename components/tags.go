package components

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// AWS limits on user tags (security.md §3.5).
const (
	maxTags        = 50
	maxTagKeyLen   = 128
	maxTagValueLen = 256
)

// withName merges the component's tags with a Name tag for one child. Tags are
// merged explicitly because engine transforms do not run under mocks, and
// because a learner finds resources in the console by Name.
func withName(tags map[string]string, name string) pulumi.StringMap {
	out := pulumi.StringMap{}
	for k, v := range tags {
		out[k] = pulumi.String(v)
	}
	out["Name"] = pulumi.String(name)
	return out
}

// validateTags checks AWS tag limits. Name is added by the components, so it
// counts against the 50-tag limit and may not be given here.
func validateTags(component string, tags map[string]string) error {
	if len(tags) > maxTags-1 {
		return argErr(component, "Tags", len(tags), "at most %d tags (AWS allows %d per resource and vpclab adds Name)", maxTags-1, maxTags)
	}
	for k, v := range tags {
		switch {
		case k == "":
			return argErr(component, "Tags", k, "tag keys must not be empty")
		case utf8.RuneCountInString(k) > maxTagKeyLen:
			return argErr(component, "Tags["+k+"]", k, "tag keys are at most %d characters", maxTagKeyLen)
		case utf8.RuneCountInString(v) > maxTagValueLen:
			return argErr(component, "Tags["+k+"]", v, "tag values are at most %d characters", maxTagValueLen)
		case strings.HasPrefix(strings.ToLower(k), "aws:"):
			return argErr(component, "Tags["+k+"]", k, "the aws: prefix is reserved for AWS")
		case k == "Name":
			return argErr(component, "Tags[Name]", v, "Name is set per resource by the component; use NamePrefix")
		}
	}
	return nil
}

// validateNameTag checks a computed Name tag against the tag value limit.
func validateNameTag(component, arg, name string) error {
	if utf8.RuneCountInString(name) > maxTagValueLen {
		return argErr(component, arg, name, "the Name tag it produces is longer than %d characters", maxTagValueLen)
	}
	if strings.TrimSpace(name) == "" {
		return argErr(component, arg, name, "must not be blank")
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return fmt.Sprintf(many, n)
}
