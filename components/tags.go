package components

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

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

// AWS's length limits on the texts built from a name prefix: tag values
// (awsrules ec2.tag.value, iam.tag.value) and security group descriptions
// (ec2.sg.description).
const (
	tagValueMax      = 256
	sgDescriptionMax = 255
)

// The longest Name tag suffixes NetworkBase and WebServers check a prefix
// with: a private subnet numbered in the hundreds, the instance profile.
const (
	nameSuffixPrivateSubnet = "-Private-SN-200"
	nameSuffixWebProfile    = "-Web-Profile"
)

// validateNameTag checks the Name tag value+suffix against every service's
// tag rules. The error shows value as given, and a value too long says how
// long it may be.
func validateNameTag(component, arg, value, suffix string) error {
	name := value + suffix
	if strings.TrimSpace(name) == "" {
		return argErr(component, arg, value, "must not be blank")
	}
	if n := utf8.RuneCountInString(name); n > tagValueMax && suffix == "" {
		return argErr(component, arg, shortValue(value), "is %d characters, more than %d (AWS tag values)", n, tagValueMax)
	} else if n > tagValueMax {
		return argErr(component, arg, shortValue(value), "is %d characters; the Name tag made of it (%q added) may have %d, so at most %d fit",
			utf8.RuneCountInString(value), suffix, tagValueMax, tagValueMax-utf8.RuneCountInString(suffix))
	}
	if err := awsrules.CheckTag("Name", name); err != nil {
		return argErr(component, arg, value, "the Name tag it produces: %v", err)
	}
	return nil
}

// validateDescription checks a security group description built from the
// arguments against EC2's rule for it.
func validateDescription(component, arg string, value any, description string) error {
	if s, ok := value.(string); ok && utf8.RuneCountInString(description) > sgDescriptionMax {
		other := utf8.RuneCountInString(description) - utf8.RuneCountInString(s)
		return argErr(component, arg, shortValue(s), "is %d characters; it goes into the security group description %q, which EC2 limits to %d characters, so at most %d fit",
			utf8.RuneCountInString(s), strings.Replace(description, s, "<"+arg+">", 1), sgDescriptionMax, sgDescriptionMax-other)
	}
	if err := awsrules.CheckText("ec2.sg.description", description); err != nil {
		return argErr(component, arg, value, "it goes into the security group description, which EC2 refuses: %v", err)
	}
	return nil
}

// shortValue keeps an error about a very long value readable: its start,
// an ellipsis and its end (the rule says how long it is).
func shortValue(s string) string {
	r := []rune(s)
	if len(r) <= 40 {
		return s
	}
	return string(r[:24]) + "…" + string(r[len(r)-8:])
}

// prefixText is a text a component builds from a name prefix: the text with
// an empty prefix, the limit AWS puts on it, and what it is.
type prefixText struct {
	text  string
	limit int
	what  string
}

// NamePrefixLimit is the longest name prefix that fits every text the
// components build from it, and the text that sets the limit: the
// network's Name tags; with bastion, the BastionPair's security group
// descriptions; with webPort (not 0), the WebServers' (whose description
// names the port).
func NamePrefixLimit(bastion bool, webPort int) (int, string) {
	texts := []prefixText{{nameSuffixPrivateSubnet, tagValueMax, "the private subnets' Name tag"}}
	if bastion {
		// The descriptions' defaults, with an empty prefix: what the prefix is added to.
		d := BastionPairArgs{NamePrefix: "x"}.withDefaults("x")
		texts = append(texts, prefixText{strings.TrimPrefix(d.BastionSecurityGroupDescription, "x"), sgDescriptionMax, "the bastion's security group description"},
			prefixText{strings.TrimPrefix(d.PrivateSecurityGroupDescription, "x"), sgDescriptionMax, "the private instance's security group description"})
	}
	if webPort != 0 {
		texts = append(texts, prefixText{WebServersArgs{Port: webPort}.sgDescription(), sgDescriptionMax, "the web servers' security group description"},
			prefixText{nameSuffixWebProfile, tagValueMax, "the web servers' instance profile Name tag"})
	}
	best, why := -1, ""
	for _, t := range texts {
		if n := t.limit - utf8.RuneCountInString(t.text); best < 0 || n < best {
			best, why = n, fmt.Sprintf("%s (%q with the prefix in front) may have %d characters", t.what, t.text, t.limit)
		}
	}
	return best, why
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return fmt.Sprintf(many, n)
}
