package components

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/awsrules"
)

// maxTags is AWS's limit on tags per resource (every service vpclab tags
// in allows 50; awsrules.TagServices has the sources).
const maxTags = 50

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

// nameTags is withName as a plain map, for tags computed in an apply.
func nameTags(tags map[string]string, name string) map[string]string {
	out := make(map[string]string, len(tags)+1)
	for k, v := range tags {
		out[k] = v
	}
	out["Name"] = name
	return out
}

// validateTags checks the tags against AWS's tag rules. The components put
// the same tags on EC2, IAM, S3, ELB and CloudWatch Logs resources, whose
// rules differ (IAM and ELB allow only letters, digits, spaces and
// _ . : / = + - @), so a tag must pass every service's rule. Name is added
// by the components, so it counts against the 50-tag limit and may not be
// given here.
func validateTags(component string, tags map[string]string) error {
	return validateTagsAt(component, "Tags", tags, 0, "use NamePrefix")
}

// validateTagsAt is validateTags for tags at arg that land on a resource
// beside others more (the component's own Tags, a tier's), and with
// nameHint saying how that component sets a Name tag instead.
func validateTagsAt(component, arg string, tags map[string]string, others int, nameHint string) error {
	if len(tags)+others > maxTags-1 {
		return argErr(component, arg, len(tags), "at most %d tags (AWS allows %d per resource and vpclab adds Name)", maxTags-1-others, maxTags)
	}
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if k == "Name" {
			return argErr(component, arg+"[Name]", tags[k], "Name is set per resource by the component; %s", nameHint)
		}
		if err := awsrules.CheckTag(k, tags[k]); err != nil {
			return argErr(component, arg+"["+k+"]", tags[k], "%v", err)
		}
	}
	return nil
}

// validateNameTag checks a computed Name tag against every service's tag rules.
func validateNameTag(component, arg, name string) error {
	if strings.TrimSpace(name) == "" {
		return argErr(component, arg, name, "must not be blank")
	}
	if err := awsrules.CheckTag("Name", name); err != nil {
		return argErr(component, arg, name, "the Name tag it produces: %v", err)
	}
	return nil
}

// validateDescription checks a security group description built from the
// arguments against EC2's rule for it.
func validateDescription(component, arg string, value any, description string) error {
	if err := awsrules.CheckText("ec2.sg.description", description); err != nil {
		return argErr(component, arg, value, "it goes into the security group description, which EC2 refuses: %v", err)
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return fmt.Sprintf(many, n)
}
