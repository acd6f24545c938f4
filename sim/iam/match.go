package iam

import "strings"

// glob matches s against a pattern in which * is any run of characters and ?
// any one character, case-sensitively (StringLike, and each part of an ARN).
func glob(pattern, s string) bool {
	p, str := []rune(pattern), []rune(s)
	// Iterative matching with backtracking to the last *.
	pi, si, star, mark := 0, 0, -1, 0
	for si < len(str) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == str[si]):
			pi++
			si++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// arnMatch matches an ARN against an ARN pattern part by part: "Each of the
// six colon-delimited components of the ARN is checked separately and each can
// include multi-character match wildcards (*) or single-character match
// wildcards (?)" (condition operators page, ARN condition operators). The last
// part (the resource) keeps its own colons and slashes.
func arnMatch(pattern, arn string) bool {
	pp := strings.SplitN(pattern, ":", 6)
	ap := strings.SplitN(arn, ":", 6)
	if len(pp) != 6 || len(ap) != 6 {
		return false
	}
	for i := range pp {
		if !glob(pp[i], ap[i]) {
			return false
		}
	}
	return true
}

// resourceMatch is the Resource element: "*" is every resource, anything else
// an ARN pattern.
func resourceMatch(pattern, resource string) bool {
	return pattern == "*" || arnMatch(pattern, resource)
}

// actionMatch is the Action element: service prefix and action name with
// wildcards; action names are case-insensitive
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html).
func actionMatch(pattern, action string) bool {
	return glob(strings.ToLower(pattern), strings.ToLower(action))
}
