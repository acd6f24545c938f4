package verify

import (
	"net/netip"
	"strconv"
	"strings"
)

// What the instance's tools say when they fail, and what that means for a
// check. A negative check passes only on the failures listed here as "no
// network path"; anything else the tools print leaves the check undecided.

// curl's exit codes (https://everything.curl.dev/cmdline/exitcode,
// https://curl.se/libcurl/c/libcurl-errors.html).
const (
	curlResolve = 6  // CURLE_COULDNT_RESOLVE_HOST
	curlConnect = 7  // CURLE_COULDNT_CONNECT
	curlTimeout = 28 // CURLE_OPERATION_TIMEDOUT
)

// curlFlags bound every request, and -w appends the TCP connect time on its
// own last line ("%{time_connect}", 0 when no TCP connection was made; curl
// writes it on failures too), so a timeout before the connection (no route,
// a security group dropping the SYN) tells apart from a slow server.
const curlFlags = "-sS --connect-timeout 5 -m 10"

// curlResult is one curl run whose -w format ends with "\n%{time_connect}".
type curlResult struct {
	body      string
	connected bool
	exit      int
	stderr    string
}

func parseCurl(o Output) curlResult {
	r := curlResult{exit: o.ExitCode, stderr: strings.TrimSpace(o.Stderr)}
	s := strings.TrimRight(o.Stdout, "\n")
	i := strings.LastIndex(s, "\n")
	last := s[i+1:]
	if i >= 0 {
		r.body = s[:i]
	}
	t, err := strconv.ParseFloat(strings.TrimSpace(last), 64)
	r.connected = err == nil && t > 0
	return r
}

// noPath: the TCP connection was never made (refused, or timed out before it).
func (c curlResult) noPath() bool {
	return (c.exit == curlConnect || c.exit == curlTimeout) && !c.connected
}

// what describes a failed curl run for a report.
func (c curlResult) what() string {
	msg := c.stderr
	if msg == "" {
		msg = "no message"
	}
	return "curl exit " + strconv.Itoa(c.exit) + " (" + msg + ")"
}

// The AWS CLI's messages for a request that never reached the service
// (botocore's ConnectTimeoutError and EndpointConnectionError,
// https://github.com/boto/botocore/blob/develop/botocore/exceptions.py) and
// for one the service refused (ClientError "An error occurred (AccessDenied)
// …"; the high-level s3 commands print "(403) … Forbidden" for HeadObject).
// Exit codes alone do not separate them: 255 is any runtime error and 1 any
// failed s3 transfer (https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-returncodes.html).
var (
	awsNoPath = []string{"Connect timeout on endpoint URL", "Could not connect to the endpoint URL"}
	awsDenied = []string{"(AccessDenied)", "(403)", "Forbidden"}
)

// awsCLIFailure says why an aws CLI command failed: NoPath, Denied, or "".
func awsCLIFailure(stderr string) Reason {
	for _, m := range awsNoPath {
		if strings.Contains(stderr, m) {
			return NoPath
		}
	}
	for _, m := range awsDenied {
		if strings.Contains(stderr, m) {
			return Denied
		}
	}
	return ""
}

// addresses parses one IPv4 address per line, skipping nothing: a line that
// is not an address makes the answer unusable.
func addresses(lines string) ([]netip.Addr, bool) {
	var out []netip.Addr
	for _, f := range strings.Fields(lines) {
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, false
		}
		out = append(out, a)
	}
	return out, len(out) > 0
}

// lastLine is the last non-empty line of s, trimmed.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}
