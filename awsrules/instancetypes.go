package awsrules

import (
	"slices"
	"sort"
	"strings"

	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// SrcInstanceTypes is where the names of EC2's instance types come from: the
// EC2 API's InstanceType enumeration, as the AWS SDK for Go v2 ships it
// (service/ec2 types.InstanceType.Values, at the version go.mod pins).
// Which AZ offers a type is a different question, answered by
// DescribeInstanceTypeOfferings (the simulation's answer: sim/instancetypes.go).
const SrcInstanceTypes = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html (InstanceType); github.com/aws/aws-sdk-go-v2/service/ec2 types/enums.go"

// instanceTypes are the EC2 API's instance types by family (t3: t3.nano …).
var instanceTypes = func() map[string][]string {
	out := map[string][]string{}
	for _, t := range ec2types.InstanceType("").Values() {
		family, _, _ := strings.Cut(string(t), ".")
		out[family] = append(out[family], string(t))
	}
	return out
}()

// IsInstanceType says whether EC2 has an instance type of this name.
func IsInstanceType(name string) bool {
	family, _, _ := strings.Cut(name, ".")
	return slices.Contains(instanceTypes[family], name)
}

// InstanceTypesOf lists a family's instance types (every size EC2 has).
func InstanceTypesOf(family string) []string { return slices.Clone(instanceTypes[family]) }

// InstanceTypeNames lists every EC2 instance type, sorted.
func InstanceTypeNames() []string {
	var out []string
	for _, ts := range instanceTypes {
		out = append(out, ts...)
	}
	sort.Strings(out)
	return out
}
