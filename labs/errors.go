package labs

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/vpclab/vpclab/components"
)

// ConfigError is a configuration value that breaks a rule. It names the key
// as the learner types it (vpclab:adminCidrs[0]), never a Go argument: the
// components' *ArgErrors keep their Go names for library callers, and this
// package relabels them (argKeys).
type ConfigError struct {
	Key   string // fully namespaced, with an index for list items: vpclab:adminCidrs[0]
	Value any
	Rule  string
}

func (e *ConfigError) Error() string {
	if e.Value == nil {
		return fmt.Sprintf("config %s: %s", e.Key, e.Rule)
	}
	return fmt.Sprintf("config %s = %s: %s", e.Key, FormatValue(e.Value), e.Rule)
}

// FormatValue prints a config value as the learner would type it: strings
// quoted, lists and maps as JSON (not Go's [a b] and map[…]).
func FormatValue(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func cfgErr(key string, value any, rule string, a ...any) error {
	return &ConfigError{Key: Namespace + ":" + key, Value: value, Rule: fmt.Sprintf(rule, a...)}
}

// argKey maps a component argument (a regexp over its path in the Args, such
// as PublicSubnets\[(\d+)\]\.CIDR) to the config key that feeds it
// (publicSubnetCidrs[$1]).
type argKey struct {
	component, arg, key string
}

// argKeys relabel the argument an *ArgError names. Longer paths come before
// their prefixes: the first match wins.
var argKeys = []argKey{
	{"NetworkBase", `CIDR`, "vpcCidr"},
	{"NetworkBase", `PublicSubnets\[(\d+)\]\.CIDR`, "publicSubnetCidrs[$1]"},
	{"NetworkBase", `PublicSubnets\[(\d+)\]\.AZIndex`, "publicSubnetAzs[$1]"},
	{"NetworkBase", `PrivateSubnets\[(\d+)\]\.CIDR`, "privateSubnetCidrs[$1]"},
	{"NetworkBase", `PrivateSubnets\[(\d+)\]\.AZIndex`, "privateSubnetAzs[$1]"},
	{"NetworkBase", `PublicSubnets\[(\d+)\]`, "publicSubnetAzs[$1]"},
	{"NetworkBase", `PrivateSubnets\[(\d+)\]`, "privateSubnetAzs[$1]"},
	{"NetworkBase", `PublicSubnets|PrivateSubnets`, "privateSubnetAzs"},
	{"NetworkBase", `SubnetPrefixLength`, "subnetPrefixLength"},
	{"NetworkBase", `NAT`, "natMode"},
	{"NetworkBase", `NATAddressing`, "natAddressMode"},
	{"NetworkBase", `FlowLogRetentionDays`, "flowLogRetentionDays"},
	{"BastionPair", `Access`, "access"},
	{"BastionPair", `AdminCIDRs\[(\d+)\]`, "adminCidrs[$1]"},
	{"BastionPair", `AdminCIDRs`, "adminCidrs"},
	{"BastionPair", `KeyName`, "keyName"},
	{"BastionPair", `InstanceType`, "instanceType"},
	{"BastionPair", `AMIParameter`, "amiParameter"},
	{"BastionPair", `RootVolumeSizeGiB`, "rootVolumeSize"},
	{"BastionPair", `PlacementStrategy`, "placementStrategy"},
	{"BastionPair", `PartitionCount`, "placementPartitionCount"},
	{"BastionPair", `NamePrefix`, "namePrefix"},
	{"BastionPair", `BastionName`, "nameTags.bastion"},
	{"BastionPair", `PrivateName`, "nameTags.privateInstance"},
	{"GatewayEndpoint", `Policy`, "endpointPolicy"},
	{"PrivateBucket", `AdminARNs\[(\d+)\]`, "bucketAdminArns[$1]"},
	{"PrivateBucket", `Condition`, "bucketPolicyCondition"},
	{"PrivateBucket", `NameTag`, "nameTags.bucket"},
	// The privatelink lab's load balancer sits in one provider subnet per
	// entry of providerSubnetAzs, in order.
	{"PrivateLinkService", `Subnets\[(\d+)\]\.AZ`, "providerSubnetAzs[$1]"},
	{"PrivateLinkService", `Subnets\[(\d+)\]`, "providerSubnetAzs[$1]"},
	{"PrivateLinkService", `AllowedPrincipals\[(\d+)\]`, "allowedPrincipals[$1]"},
	{"PrivateLinkService", `Port`, "servicePort"},
	{"WebServers", `Servers\[(\d+)\]\.Page`, "webPages[$1]"},
	{"WebServers", `InstanceType`, "instanceType"},
	{"WebServers", `AMIParameter`, "amiParameter"},
	{"WebServers", `RootVolumeSizeGiB`, "rootVolumeSize"},
	{"WebServers", `Port`, "servicePort"},
	{"WebServers", `NamePrefix`, "providerNamePrefix"},
}

// ruleMentions are Go names a component's rule text mentions besides the
// argument that failed, with what the learner sets instead. They are tried
// before argKeys, so "NAT regional" becomes "vpclab:natMode regional".
var ruleMentions = []argKey{
	{"BastionPair", `AllowBroadAdminCIDRs`, "allowBroadAdminCidrs true"},
	{"NetworkBase", `AllowPublicAddressSpace`, "allowPublicAddressSpace true"},
	{"NetworkBase", `NAT (is )?(none|single|per-az|regional)`, "natMode $1$2"},
	{"BastionPair", `PlacementStrategy (cluster|partition|spread)`, "placementStrategy $1"},
	{"GatewayEndpoint", `Policy (full-access|least-privilege)`, "endpointPolicy $1"},
	// The lab gives an interface endpoint its gateway endpoint through the
	// gateway-endpoint toggles, and private DNS through its own key.
	{"InterfaceEndpoint", `GatewayEndpoints`, "s3GatewayEndpoint / dynamodbGatewayEndpoint"},
	{"InterfaceEndpoint", `PrivateDNSOnlyForInboundResolverEndpoint`, "privateDnsOnlyForInboundResolverEndpoint"},
	{"InterfaceEndpoint", `PrivateDNS`, "interfaceEndpointPrivateDns"},
}

// argPattern finds a Go argument path inside a sentence: not part of a longer
// identifier or path.
type argPattern struct {
	argKey
	inText   *regexp.Regexp // boundary, the path, boundary
	anchored *regexp.Regexp // the path alone, to expand key
}

func compile(keys []argKey) []argPattern {
	out := make([]argPattern, len(keys))
	for i, k := range keys {
		out[i] = argPattern{argKey: k,
			inText:   regexp.MustCompile(`(^|[^A-Za-z0-9_.\[])(` + k.arg + `)($|[^A-Za-z0-9_\[.]|\.\s|\.$)`),
			anchored: regexp.MustCompile(`^(?:` + k.arg + `)$`)}
	}
	return out
}

var argPatterns, mentionPatterns = compile(argKeys), compile(ruleMentions)

// inProse says whether a rule's text may mention the argument by this path:
// compound names (PublicSubnets[0].CIDR, RootVolumeSizeGiB) are Go's, while
// NAT, CIDR, Port or Policy are also plain words ("a zonal NAT gateway").
func (p argPattern) inProse() bool {
	if strings.ContainsAny(p.arg, `[.`) {
		return true
	}
	upper := 0
	for _, r := range p.arg {
		if r >= 'A' && r <= 'Z' {
			upper++
		}
	}
	return upper >= 2 && strings.ToUpper(p.arg) != p.arg
}

// relabelRule rewrites the Go names a component's rule mentions as the config
// keys the learner sets.
func relabelRule(component, rule string) string {
	for i, set := range [][]argPattern{mentionPatterns, argPatterns} {
		for _, p := range set {
			if p.component != component || (i == 1 && !p.inProse()) {
				continue
			}
			rule = p.inText.ReplaceAllStringFunc(rule, func(m string) string {
				sub := p.inText.FindStringSubmatch(m)
				path := sub[2]
				return sub[1] + Namespace + ":" + p.anchored.ReplaceAllString(path, p.key) + sub[len(sub)-1]
			})
		}
	}
	return rule
}

// asConfigError re-labels a component's *ArgError with the config key that
// fed the argument, keeping the value, and rewrites the Go names its rule
// mentions. An argument no config key feeds stays an *ArgError.
func asConfigError(err error) error {
	ae, ok := components.AsArgError(err)
	if !ok {
		return err
	}
	for _, p := range argPatterns {
		if p.component == ae.Component && p.anchored.MatchString(ae.Arg) {
			return &ConfigError{Key: Namespace + ":" + p.anchored.ReplaceAllString(ae.Arg, p.key), Value: ae.Value, Rule: relabelRule(ae.Component, ae.Rule)}
		}
	}
	return err
}

// jsonProblem says in the learner's words why a config value is not the JSON
// the key takes; example is a value that would be.
func jsonProblem(raw string, err error, example string) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case strings.TrimSpace(raw) == "":
		return "is empty; give a JSON list such as " + example
	case errors.As(err, &syntax):
		hint := ""
		if t := strings.TrimSpace(raw); !strings.HasPrefix(t, "[") && !strings.HasPrefix(t, "{") {
			hint = " (put it in brackets, each text in double quotes)"
		}
		return fmt.Sprintf("is not valid JSON at character %d%s; give a list such as %s", syntax.Offset, hint, example)
	case errors.As(err, &typ) && strings.HasPrefix(typ.Value, "number") && strings.Contains(typ.Type.String(), "int"):
		return fmt.Sprintf("holds %s, which is not a whole number in range; give a list such as %s", strings.TrimPrefix(typ.Value, "number "), example)
	case errors.As(err, &typ):
		return fmt.Sprintf("holds a %s where a %s belongs; give a list such as %s", typ.Value, typ.Type, example)
	}
	return "is not a JSON list; give one such as " + example
}
