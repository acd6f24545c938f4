package verify

import "slices"

// FromOutputs are the expectations a stack's outputs imply, all "pass": what
// the deployed configuration must show whatever step it is at (a lab bucket
// the instance can use, a NAT gateway the internet sees or no internet at
// all, private DNS for each interface endpoint that has it, the PrivateLink
// page). A step's expectations override these (Merge).
func FromOutputs(out Outputs) []Expect {
	var x []Expect
	add := func(id string) { x = append(x, Expect{Check: id, Want: Pass, From: "stack outputs"}) }
	if out.str("bucketName") != "" {
		add(checkLabBucket)
	}
	nat := out.str("natMode")
	switch {
	case len(out.list("natPublicIps")) > 0 || (nat != "" && nat != "none"):
		add(checkEgress)
	case out.str("lab") != "privatelink":
		add(checkNoInternet)
	}
	for _, svc := range out.list("privateDnsServices") {
		add(DNSCheckID(svc))
	}
	if out.str("consumerEndpointDns") != "" {
		add(checkPagePrivateLink)
	}
	return x
}

// Merge lists the step's expectations in their order, then those of extra
// for checks the step does not name.
func Merge(step, extra []Expect) []Expect {
	out := slices.Clone(step)
	for _, e := range extra {
		if !slices.ContainsFunc(out, func(s Expect) bool { return s.Check == e.Check }) {
			out = append(out, e)
		}
	}
	return out
}
