package awsrules

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Resource is a resource as AWS's API sees it: its type and inputs and,
// once it exists, its ID and the attributes AWS reports. URN and Name say
// which registration of the program it is, for messages and identity.
type Resource struct {
	URN     string
	Type    string
	Name    string
	ID      string
	Inputs  resource.PropertyMap
	Outputs resource.PropertyMap
}

// Str returns the input key as a string, or "" when absent or not a string.
func (r *Resource) Str(key string) string { return Str(r.Inputs[resource.PropertyKey(key)]) }

// Out returns the output key as a string, or "".
func (r *Resource) Out(key string) string { return Str(r.Outputs[resource.PropertyKey(key)]) }

// Input returns the raw input value (null when absent).
func (r *Resource) Input(key string) resource.PropertyValue {
	return r.Inputs[resource.PropertyKey(key)]
}

// List returns a list input, or nil when absent or not a list.
func (r *Resource) List(key string) []resource.PropertyValue {
	if v := r.Inputs[resource.PropertyKey(key)]; v.IsArray() {
		return v.ArrayValue()
	}
	return nil
}

// Object returns an object input, or nil when absent or not an object.
func (r *Resource) Object(key string) resource.PropertyMap {
	if v := r.Inputs[resource.PropertyKey(key)]; v.IsObject() {
		return v.ObjectValue()
	}
	return nil
}

// Strs returns a list input as strings.
func (r *Resource) Strs(key string) []string {
	var out []string
	for _, e := range r.List(key) {
		out = append(out, Str(e))
	}
	return out
}

// Tag returns one tag of the resource's inputs.
func (r *Resource) Tag(key string) string {
	return Str(r.Object("tags")[resource.PropertyKey(key)])
}

func (r *Resource) String() string { return fmt.Sprintf("%s %s", r.Type, r.Name) }

// Str renders a scalar property value as a string ("" for anything else).
func Str(v resource.PropertyValue) string {
	switch {
	case v.IsSecret():
		return Str(v.SecretValue().Element)
	case v.IsString():
		return v.StringValue()
	case v.IsNumber():
		return fmt.Sprintf("%v", v.NumberValue())
	case v.IsBool():
		return fmt.Sprintf("%v", v.BoolValue())
	}
	return ""
}

// Service is what AWS answers whatever the account holds: the region, its
// catalogue of endpoint services and instance type offerings, and the name
// the provider gives an unnamed resource. A rule that consults only this
// judges the request alone, so the provider's Check can apply it in a
// preview without knowing what the same update does to other resources.
type Service interface {
	// RegionInfo is the region the request is made in.
	RegionInfo() Region
	// EndpointService is what DescribeVpcEndpointServices says of a service
	// for an endpoint of the given type (Gateway or Interface), or AWS's
	// error when it lists no such service.
	EndpointService(name, endpointType string) (EndpointService, error)
	// Autoname is the name the provider gives a resource the program left
	// unnamed.
	Autoname(r *Resource) string
	// InstanceTypes is what DescribeInstanceTypeOfferings says an AZ of the
	// region offers.
	InstanceTypes(az string) []string
}

// Env is what the whole-resource rules consult: the Service and the
// resources that exist. The simulated AWS implements it; a rule never
// changes it.
type Env interface {
	Service
	// Lookup finds a resource that exists by its ID, or nil.
	Lookup(id string) *Resource
	// Live lists the resources that exist, in creation order.
	Live() []*Resource
}

// Region is what the rules need to know of a region.
type Region struct {
	Name  string
	AZs   []string // availability zone names, in order
	AZIDs []string // the matching zone IDs
}

// EndpointService is one answer of DescribeVpcEndpointServices.
type EndpointService struct {
	Name            string   // com.amazonaws.<region>.<service> or a PrivateLink service's name
	Type            string   // Gateway or Interface
	BaseDNS         string   // BaseEndpointDnsNames[0]
	PrivateDNS      string   // PrivateDnsName ("" when it has none)
	PrivateDNSNames []string // PrivateDnsNames: every name private DNS answers
	AZs             []string // the zones it is offered in
	Custom          bool     // a PrivateLink endpoint service of this account
	PolicySupported bool     // VpcEndpointPolicySupported
}
