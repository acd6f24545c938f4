// Package awsrules is one table of what AWS's APIs accept in the inputs of
// the resources vpclab creates — character sets, lengths, formats, enums,
// conditional requirements, unique names, service capabilities and
// per-service tag rules — each with the error code AWS answers and the
// documentation page that says so.
//
// The simulated AWS (package sim) applies the whole table to every request
// through Check, giving it an Env (the region, the resources that exist,
// the endpoint-service catalogue). The components use the value rules
// directly (CheckTag, CheckText) to refuse a bad argument before they
// register anything. The package imports neither: it is a leaf both stand on.
package awsrules
