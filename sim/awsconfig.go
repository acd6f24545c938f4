package sim

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/vpclab/vpclab/suggest"
)

// SrcProviderConfigCheck is where pulumi-aws refuses an unknown key at
// `pulumi up`: the Terraform bridge's CheckConfig answers "`aws:regoin` is not
// a valid configuration key for the aws provider. Did you mean
// `aws:region`?" (its tests, TestCheckConfig invalid_config_value and
// levenshtein_correction), nested keys included ("aws:assumeRole.roleAnr").
const SrcProviderConfigCheck = "https://github.com/pulumi/pulumi-terraform-bridge/blob/b4446913ae60dcce95c1bdd0b0d85d119f2c91c8/pkg/tfbridge/provider_test.go"

// awsNamespace is the aws provider's configuration namespace.
const awsNamespace = "aws"

// checkConfigKeys refuses what the aws provider would refuse at `pulumi up`,
// before anything runs: a key of the aws namespace pulumi-aws does not have
// (a typo such as aws:regoin, which would otherwise leave the stack in its
// default region), or a field its object does not have. It points a key set
// in the wrong namespace to the right one: vpclab:region is aws:region, and
// aws:instanceType is vpclab:instanceType. Values are not shown: an aws key
// may hold a credential.
func checkConfigKeys(project string, declared []string, values map[string]any) error {
	for _, key := range slices.Sorted(maps.Keys(values)) {
		ns, name, _ := strings.Cut(key, ":")
		switch ns {
		case project:
			if slices.Contains(declared, name) {
				continue
			}
			if _, ok := AWSConfigKeys[name]; ok {
				return fmt.Errorf("config %s: %s is a setting of the aws provider, not of %s: set %s:%s instead (pulumi config set %s:%s <value>)",
					key, name, project, awsNamespace, name, awsNamespace, name)
			}
		case awsNamespace:
			fields, ok := AWSConfigKeys[name]
			if !ok {
				if slices.Contains(declared, name) {
					return fmt.Errorf("config %s: %s is a %s key, not the aws provider's: set %s:%s instead", key, name, project, project, name)
				}
				return fmt.Errorf("config %s: the aws provider (pulumi-aws) has no key %s, and pulumi up would refuse it%s", key, name, keyHint(awsNamespace, name, slices.Collect(maps.Keys(AWSConfigKeys))))
			}
			if err := checkFields(key, fields, values[key]); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkFields checks the fields of an object-valued aws key: the object, or
// each object of a list. Values that are not objects are left to the
// provider's type check.
func checkFields(key string, fields []string, v any) error {
	if len(fields) == 0 {
		return nil
	}
	if s, ok := v.(string); ok {
		if err := json.Unmarshal([]byte(s), &v); err != nil {
			return nil
		}
	}
	objects := []any{v}
	if list, ok := v.([]any); ok {
		objects = list
	}
	for _, o := range objects {
		m, ok := o.(map[string]any)
		if !ok {
			continue
		}
		for _, f := range slices.Sorted(maps.Keys(m)) {
			if !slices.Contains(fields, f) {
				return fmt.Errorf("config %s: the aws provider (pulumi-aws) has no field %s in %s, and pulumi up would refuse it%s", key, f, key, keyHint("", f, fields))
			}
		}
	}
	return nil
}

// keyHint is "; did you mean aws:region?" for the nearest key, or where the
// keys are listed when none is near: never the whole list.
func keyHint(ns, name string, keys []string) string {
	if best, ok := suggest.Nearest(name, keys); ok {
		if ns != "" {
			best = ns + ":" + best
		}
		return "; did you mean " + best + "?"
	}
	return "; its keys are listed at https://www.pulumi.com/registry/packages/aws/installation-configuration/"
}

// CheckRegion refuses a region the simulation does not have, with the name
// the learner most likely meant: the nearest region by edit distance, or the
// region whose city was typed (seoul → ap-northeast-2). Regions of other
// partitions (GovCloud, China, ISO) are named as such.
func CheckRegion(name string) error {
	if _, ok := Regions[name]; ok {
		return nil
	}
	lower := strings.ToLower(strings.TrimSpace(name))
	for _, p := range []struct{ prefix, partition string }{
		{"us-gov-", "aws-us-gov (GovCloud)"}, {"cn-", "aws-cn (China)"}, {"us-iso", "an ISO partition"}, {"eusc-", "aws-eusc (European Sovereign Cloud)"},
	} {
		if strings.HasPrefix(lower, p.prefix) {
			return fmt.Errorf("config aws:region = %q: a region of %s, which needs its own account; the simulation has the commercial regions (the aws partition) only, such as ap-northeast-2, the guides' Seoul", name, p.partition)
		}
	}
	for _, n := range RegionNames() {
		desc := Regions[n].Description
		if city, ok := strings.CutSuffix(desc[strings.LastIndex(desc, "(")+1:], ")"); ok && strings.EqualFold(city, lower) {
			return fmt.Errorf("config aws:region = %q: regions are named by code; did you mean %s?", name, n)
		}
	}
	if best, ok := suggest.Nearest(name, RegionNames()); ok {
		return fmt.Errorf("config aws:region = %q: not an AWS region; did you mean %s?", name, best)
	}
	return fmt.Errorf("config aws:region = %q: not an AWS region; regions are named like ap-northeast-2 (Seoul, the guides' region) or us-east-1 (N. Virginia): `aws ec2 describe-regions --all-regions` lists them", name)
}

// CheckAWSConfig checks the aws provider's configuration as the provider
// receives it ("aws:<key>" → value), for the simulated provider's
// CheckConfig.
func CheckAWSConfig(values map[string]any) error {
	return checkConfigKeys("", nil, values)
}
