package sim

import (
	"regexp"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// The provider does not pass every input the program writes to AWS: what
// it leaves out, AWS never sees. The simulated AWS judges and answers the
// request the provider makes (Sent), and the provider's next diff compares
// the program's inputs with what AWS answered (ReadBack), as the bridge
// diffs the program against the provider's state.

// srcEndpointS3Only is where terraform-provider-aws sends
// DnsOptions.PrivateDnsOnlyForInboundResolverEndpoint for S3 interface
// endpoints only (resourceVPCEndpointCreate and resourceVPCEndpointUpdate,
// isAmazonS3VPCEndpoint).
var srcEndpointS3Only = tfSource(tfCommit, "internal/service/ec2/vpc_endpoint.go") + " (isAmazonS3VPCEndpoint)"

// s3ServiceName is isAmazonS3VPCEndpoint's pattern: S3 in any region.
var s3ServiceName = regexp.MustCompile(`^com\.amazonaws\.[a-z0-9-]+\.s3$`)

const inboundOnlyKey = "privateDnsOnlyForInboundResolverEndpoint"

// sendsInboundOnly reports whether the provider passes the endpoint's
// privateDnsOnlyForInboundResolverEndpoint to AWS.
func sendsInboundOnly(inputs resource.PropertyMap) bool {
	return Str(inputs["vpcEndpointType"]) == "Interface" && s3ServiceName.MatchString(Str(inputs["serviceName"]))
}

// Sent is the request the provider makes of AWS for a resource's inputs:
// the inputs without those it does not pass.
func Sent(typ string, inputs resource.PropertyMap) resource.PropertyMap {
	if typ != tEndpoint || sendsInboundOnly(inputs) {
		return inputs
	}
	dns := objectAt(inputs, "dnsOptions")
	if _, ok := dns[inboundOnlyKey]; !ok {
		return inputs
	}
	out, d := inputs.Copy(), dns.Copy()
	delete(d, inboundOnlyKey)
	out["dnsOptions"] = resource.NewProperty(d)
	return out
}

// ReadBack is a resource's old inputs as the provider's next diff sees
// them: an input the provider never sent takes the value AWS answered
// (outputs), which is what the provider's state holds.
func ReadBack(typ string, inputs, outputs resource.PropertyMap) resource.PropertyMap {
	if typ != tEndpoint || sendsInboundOnly(inputs) || len(outputs) == 0 {
		return inputs
	}
	dns := objectAt(inputs, "dnsOptions")
	if _, ok := dns[inboundOnlyKey]; !ok {
		return inputs
	}
	out, d := inputs.Copy(), dns.Copy()
	if v, ok := objectAt(outputs, "dnsOptions")[inboundOnlyKey]; ok {
		d[inboundOnlyKey] = v
	} else {
		delete(d, inboundOnlyKey)
	}
	out["dnsOptions"] = resource.NewProperty(d)
	return out
}

// request is r as the provider sends it to AWS (r itself when nothing is left out).
func request(r *Resource) *Resource {
	if r.Type != tEndpoint || sendsInboundOnly(r.Inputs) {
		return r
	}
	if _, ok := objectAt(r.Inputs, "dnsOptions")[inboundOnlyKey]; !ok {
		return r
	}
	c := *r
	c.Inputs = Sent(r.Type, r.Inputs)
	return &c
}
