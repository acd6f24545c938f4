package labs

import (
	"fmt"

	"github.com/vpclab/vpclab/awsrules"
	"github.com/vpclab/vpclab/components"
)

// guideNames are the guides' Name tags for a NetworkBase: <prefix>-VPC,
// <prefix>-Public-SN, <prefix>-Private-RT-2 …, numbered from 1 only when a
// tier has several, so a one-subnet lab reads exactly like its guide
// (CloudNeta-Public-SN). vpclab:nameTags overrides single ones ("MyVPC").
// The library's own defaults are different (<name>-private-<az>): the labs
// ask for the guides' names explicitly.
type guideNames struct {
	prefix   string
	tags     map[string]string // vpclab:nameTags (or providerNameTags)
	regional bool              // the NAT gateway is regional: its Elastic IPs are <nat>-EIP-<n>
}

// networkNameKeys are the nameTags keys that name a NetworkBase child, in
// the order they are checked.
var networkNameKeys = []string{"vpc", "igw", "publicSubnet", "privateSubnet", "publicRouteTable", "privateRouteTable", "nat"}

func (g guideNames) or(key, suffix string) string {
	if v := g.tags[key]; v != "" {
		return v
	}
	return g.prefix + "-" + suffix
}

// name is components.NetworkBaseArgs.NameTag for a lab.
func (g guideNames) name(ch components.NetworkChild) string {
	public := ch.Tier == components.TierPublic
	switch ch.Kind {
	case components.ChildVPC:
		return g.or("vpc", "VPC")
	case components.ChildInternetGateway:
		return g.or("igw", "IGW")
	case components.ChildSubnet:
		if public {
			return numbered(g.or("publicSubnet", "Public-SN"), ch.Index, ch.Count)
		}
		return numbered(g.or("privateSubnet", "Private-SN"), ch.Index, ch.Count)
	case components.ChildRouteTable:
		if public {
			return g.or("publicRouteTable", "Public-RT")
		}
		return numbered(g.or("privateRouteTable", "Private-RT"), ch.Index, ch.Count)
	case components.ChildNATGateway:
		return numbered(g.or("nat", "NAT"), ch.Index, ch.Count)
	case components.ChildNATAddress:
		if g.regional {
			return numbered(g.or("nat", "NAT")+"-EIP", ch.Index, ch.Count)
		}
		return numbered(g.or("nat", "NAT"), ch.Index, ch.Count) + "-EIP"
	case components.ChildDefaultSecurityGroup:
		return g.prefix + "-Default-SG"
	case components.ChildFlowLog:
		return g.prefix + "-Flow-Log"
	case components.ChildFlowLogGroup:
		return g.prefix + "-Flow-Logs"
	case components.ChildFlowLogRole:
		return g.prefix + "-Flow-Logs-Role"
	}
	return ""
}

// validate checks the longest Name tag the prefix and each override can
// produce against AWS's tag rules, naming the config key.
func (g guideNames) validate() error {
	if err := awsrules.CheckTag("Name", g.prefix+"-Private-SN-200"); err != nil {
		return cfgErr("namePrefix", g.prefix, "the Name tag it produces: %v", err)
	}
	for _, k := range networkNameKeys {
		if v := g.tags[k]; v != "" {
			if err := awsrules.CheckTag("Name", v+"-EIP-200"); err != nil {
				return cfgErr("nameTags."+k, v, "the Name tag it produces: %v", err)
			}
		}
	}
	return nil
}

func numbered(name string, i, n int) string {
	if n == 1 {
		return name
	}
	return fmt.Sprintf("%s-%d", name, i+1)
}
