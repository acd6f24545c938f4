// Package integration deploys each lab to a real AWS account with the
// Pulumi Automation API, runs its guide checks (package verify) and destroys
// it. It is a module of its own so that the Automation API's dependencies stay
// out of the library. The tests skip unless the pulumi CLI is on PATH, AWS
// credentials and AWS_REGION are set, and VPCLAB_INTEGRATION=1 opts in to the
// hourly charges.
package integration
