package sim

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/vpclab/vpclab/awsrules"
)

// Sources of the instance-type offerings.
const (
	SrcInstanceTypesByRegion = "https://docs.aws.amazon.com/ec2/latest/instancetypes/ec2-instance-regions.html"
	SrcTypeOfferings         = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstanceTypeOfferings.html"
	// us-east-1e (use1-az3) refuses current instance types with "Unsupported:
	// Your requested instance type (t3.micro) is not supported in your
	// requested Availability Zone (us-east-1e)".
	srcUse1Az3 = "https://github.com/ned1313/Getting-Started-Terraform/issues/44 ; https://github.com/RedHatGov/redhatgov.workshops/issues/113 ; https://github.com/skyplane-project/skyplane/issues/172"
	// t2.micro is not offered in us-west-2d (usw2-az4).
	srcUsw2Az4 = "https://github.com/hashicorp/field-workshops-terraform/issues/70"
	// t2 is not offered in eu-north-1 nor ap-east-1, regions opened after 2018.
	srcNoT2 = "https://github.com/trailofbits/algo/issues/1285 ; https://github.com/hashicorp/terraform-provider-aws/issues/9113"
)

// instanceFamily is one family of instance types the simulation offers:
// every size the EC2 API lists for it (ec2types.InstanceType.Values).
type instanceFamily struct {
	name string
	// regions that offer it (nil: every commercial region).
	regions []string
	note    string // where the family's regions come from
	// arm: the family runs on Graviton (arm64); the others are x86_64.
	arm bool
}

// regionsBefore2019 are the regions opened before eu-north-1 (December
// 2018), the first observed without t2 (srcNoT2).
var regionsBefore2019 = []string{"ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1", "ap-southeast-2",
	"ca-central-1", "eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2"}

// instanceFamilies: the burstable, general-purpose, compute- and
// memory-optimised families a learner is likely to pick. t3, m5 and c5 are
// in every commercial region (SrcInstanceTypesByRegion); t2 only where AWS
// still opened regions with it (simulated: derived from srcNoT2); the others
// are simulated as offered everywhere. Whether a name is an EC2 instance
// type at all is the EC2 API's list (awsrules.IsInstanceType), never this table: a
// type missing here is one the simulation does not offer, and says so.
var instanceFamilies = []instanceFamily{
	{name: "t2", regions: regionsBefore2019, note: "simulated: regions opened before 2019 (" + srcNoT2 + ")"},
	{name: "t3", note: SrcInstanceTypesByRegion},
	{name: "m5", note: SrcInstanceTypesByRegion},
	{name: "c5", note: SrcInstanceTypesByRegion},
	{name: "t3a", note: "simulated: every region"},
	{name: "t4g", arm: true, note: "simulated: every region"},
	{name: "m5a", note: "simulated: every region"},
	{name: "m6i", note: "simulated: every region"},
	{name: "m6a", note: "simulated: every region"},
	{name: "m6g", arm: true, note: "simulated: every region"},
	{name: "m7i", note: "simulated: every region"},
	{name: "m7g", arm: true, note: "simulated: every region"},
	{name: "c6i", note: "simulated: every region"},
	{name: "c6a", note: "simulated: every region"},
	{name: "c6g", arm: true, note: "simulated: every region"},
	{name: "c7i", note: "simulated: every region"},
	{name: "c7g", arm: true, note: "simulated: every region"},
	{name: "r5", note: "simulated: every region"},
	{name: "r6i", note: "simulated: every region"},
	{name: "r6g", arm: true, note: "simulated: every region"},
	{name: "r7i", note: "simulated: every region"},
	{name: "r7g", arm: true, note: "simulated: every region"},
}

// azExceptions narrows the families of constrained zones, by zone ID. AWS
// publishes offerings per AZ only through DescribeInstanceTypeOfferings in
// one's own account: every other zone is simulated as offering its
// region's types.
var azExceptions = map[string]struct {
	only, without []string // families offered only / not offered
	source        string
}{
	"use1-az3": {only: []string{"t2"}, source: srcUse1Az3},
	"usw2-az4": {without: []string{"t2"}, source: srcUsw2Az4},
}

// instanceArch is the processor architecture of an instance type the
// simulation knows ("" for one it does not).
func instanceArch(typ string) string {
	fam, _, _ := strings.Cut(typ, ".")
	for _, f := range instanceFamilies {
		if f.name == fam {
			if f.arm {
				return "arm64"
			}
			return "x86_64"
		}
	}
	return ""
}

// RegionInstanceTypes lists the instance types a region offers, sorted.
func RegionInstanceTypes(region string) []string {
	var out []string
	for _, f := range instanceFamilies {
		if f.regions == nil || slices.Contains(f.regions, region) {
			out = append(out, awsrules.InstanceTypesOf(f.name)...)
		}
	}
	sort.Strings(out)
	return out
}

// AZInstanceTypes lists the instance types one AZ of the region offers.
func (r Region) AZInstanceTypes(az string) []string {
	i := slices.Index(r.AZs, az)
	if i < 0 {
		return nil
	}
	ex, ok := azExceptions[r.AZIDs[i]]
	all := RegionInstanceTypes(r.Name)
	if !ok {
		return all
	}
	var out []string
	for _, t := range all {
		family := strings.SplitN(t, ".", 2)[0]
		if (ex.only == nil || slices.Contains(ex.only, family)) && !slices.Contains(ex.without, family) {
			out = append(out, t)
		}
	}
	return out
}

// instanceTypeOfferings answers DescribeInstanceTypeOfferings (the
// provider's getInstanceTypeOfferings): by region, availability-zone or
// availability-zone-id, filtered by location and instance-type.
func (a *AWS) instanceTypeOfferings(args resource.PropertyMap) (resource.PropertyMap, error) {
	reg := a.Region
	locType := Str(args["locationType"])
	if locType == "" {
		locType = "region"
	}
	filters := map[string][]string{}
	if f := args["filters"]; f.IsArray() {
		for _, e := range f.ArrayValue() {
			if !e.IsObject() {
				continue
			}
			name := Str(e.ObjectValue()["name"])
			switch name {
			case "location", "instance-type":
			default:
				return nil, fmt.Errorf("sim: getInstanceTypeOfferings: filter %q is not simulated (location, instance-type)", name)
			}
			for _, v := range e.ObjectValue()["values"].ArrayValue() {
				filters[name] = append(filters[name], Str(v))
			}
		}
	}
	match := func(key, v string) bool {
		vals, ok := filters[key]
		return !ok || slices.ContainsFunc(vals, func(p string) bool { return globMatch(p, v) })
	}
	types, locs, locTypes := []any{}, []any{}, []any{}
	add := func(t, loc string) {
		if match("instance-type", t) && match("location", loc) {
			types, locs, locTypes = append(types, t), append(locs, loc), append(locTypes, locType)
		}
	}
	switch locType {
	case "region":
		for _, t := range RegionInstanceTypes(reg.Name) {
			add(t, reg.Name)
		}
	case "availability-zone", "availability-zone-id":
		for i, az := range reg.AZs {
			loc := az
			if locType == "availability-zone-id" {
				loc = reg.AZIDs[i]
			}
			for _, t := range reg.AZInstanceTypes(az) {
				add(t, loc)
			}
		}
	default:
		return nil, fmt.Errorf("InvalidParameterValue: locationType %q is not one of region, availability-zone, availability-zone-id", locType)
	}
	return resource.NewPropertyMapFromMap(map[string]any{
		"id": reg.Name, "locationType": locType, "instanceTypes": types, "locations": locs, "locationTypes": locTypes,
	}), nil
}

// globMatch matches EC2 filter values, where * stands for any characters.
func globMatch(pattern, v string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == v
	}
	if !strings.HasPrefix(v, parts[0]) {
		return false
	}
	v = v[len(parts[0]):]
	for i, p := range parts[1:] {
		last := i == len(parts)-2
		j := strings.Index(v, p)
		if j < 0 || (last && !strings.HasSuffix(v, p)) {
			return false
		}
		if last {
			return true
		}
		v = v[j+len(p):]
	}
	return true
}

// InstanceTypes answers the input rules (awsrules.Env): the types an AZ of
// the region offers.
func (a *AWS) InstanceTypes(az string) []string { return a.Region.AZInstanceTypes(az) }
