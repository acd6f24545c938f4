package main

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/vpclab/vpclab/sim"
)

//go:embed prices.json
var pricesJSON []byte

// priceTable is the versioned price list (prices.json).
type priceTable struct {
	Version       string                  `json:"version"`
	Note          string                  `json:"note"`
	HoursPerMonth float64                 `json:"hoursPerMonth"`
	Regions       map[string]regionPrices `json:"regions"`
}

type regionPrices struct {
	AsOf   string           `json:"asOf"`
	Prices map[string]price `json:"prices"`
}

type price struct {
	USD    float64 `json:"usd"`
	Unit   string  `json:"unit"`
	Source string  `json:"source"`
}

func loadPrices() (priceTable, error) {
	var t priceTable
	err := json.Unmarshal(pricesJSON, &t)
	return t, err
}

// CostLine is one priced charge of one resource.
type CostLine struct {
	Resource string  `json:"resource"` // "<short type> <name>"
	Item     string  `json:"item"`     // price key, e.g. nat-gateway-hour
	Quantity float64 `json:"quantity"` // units billed per hour (GB-month items are per hour too)
	Unit     float64 `json:"unitUsd"`
	Hourly   float64 `json:"hourlyUsd"`
	Source   string  `json:"source"`
}

// Costs is the hourly estimate of a stack.
type Costs struct {
	Region   string     `json:"region"`
	Version  string     `json:"priceTableVersion"`
	AsOf     string     `json:"asOf"`
	Lines    []CostLine `json:"lines"`
	Free     []string   `json:"free"`              // resources with no hourly charge (gateway endpoints, …)
	Unknown  []string   `json:"unknown"`           // what has no price in the table: said, not guessed
	Assumed  []string   `json:"assumed,omitempty"` // quantities the plan cannot know, and how they were estimated
	Hourly   float64    `json:"hourlyUsd"`
	Monthly  float64    `json:"monthlyUsd"`
	Note     string     `json:"note"`
	NoPrices bool       `json:"noPricesForRegion"`
}

// freeTypes have no hourly charge of their own.
var freeTypes = map[string]bool{
	"aws:ec2/vpc:Vpc": true, "aws:ec2/subnet:Subnet": true, "aws:ec2/routeTable:RouteTable": true, "aws:ec2/route:Route": true,
	"aws:ec2/routeTableAssociation:RouteTableAssociation": true, "aws:ec2/internetGateway:InternetGateway": true,
	"aws:ec2/securityGroup:SecurityGroup": true, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": true,
	"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": true, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": true,
	"aws:ec2/securityGroupRule:SecurityGroupRule": true, "aws:iam/role:Role": true, "aws:iam/rolePolicy:RolePolicy": true,
	"aws:iam/rolePolicyAttachment:RolePolicyAttachment": true, "aws:iam/instanceProfile:InstanceProfile": true,
	"aws:ec2/placementGroup:PlacementGroup": true, "aws:ec2/flowLog:FlowLog": true, "aws:cloudwatch/logGroup:LogGroup": true,
	"aws:s3/bucket:Bucket": true, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": true,
	"aws:s3/bucketOwnershipControls:BucketOwnershipControls": true, "aws:s3/bucketPolicy:BucketPolicy": true,
	"aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": true,
	"aws:lb/targetGroup:TargetGroup": true, "aws:lb/targetGroupAttachment:TargetGroupAttachment": true, "aws:lb/listener:Listener": true,
	"aws:ec2/vpcEndpointService:VpcEndpointService": true, "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter": true,
}

// estimate prices every custom resource of a run by the hour.
func estimate(res *sim.Result, table priceTable) Costs {
	c := Costs{Region: res.Region.Name, Version: table.Version, Note: table.Note}
	rp, ok := table.Regions[res.Region.Name]
	if !ok {
		c.NoPrices = true
		c.Unknown = append(c.Unknown, fmt.Sprintf("no prices for region %s in the price table (it has %s)", res.Region.Name, strings.Join(regionNames(table), ", ")))
		return c
	}
	c.AsOf = rp.AsOf
	add := func(r *sim.Resource, item string, qty float64) {
		p, ok := rp.Prices[item]
		if !ok {
			c.Unknown = append(c.Unknown, fmt.Sprintf("%s: no price for %s in %s", label(r), item, res.Region.Name))
			return
		}
		unit := p.USD
		if strings.HasSuffix(item, "-gb-month") {
			unit = p.USD / table.HoursPerMonth
		}
		c.Lines = append(c.Lines, CostLine{Resource: label(r), Item: item, Quantity: qty, Unit: unit, Hourly: unit * qty, Source: p.Source})
	}
	for _, r := range res.Graph.Resources {
		if !r.Custom {
			continue
		}
		switch r.Type {
		case "aws:ec2/natGateway:NatGateway":
			if r.Str("availabilityMode") != "regional" {
				add(r, "nat-gateway-hour", 1)
				break
			}
			// A regional NAT gateway is billed one NAT Gateway-hour per AZ it
			// is configured in (https://aws.amazon.com/vpc/pricing/).
			azs, manual := regionalNatAZs(res.Graph, r)
			add(r, "regional-nat-gateway-az-hour", float64(len(azs)))
			if !manual {
				// Auto mode: AWS picks the AZs and allocates the addresses.
				add(r, "public-ipv4-hour", float64(len(azs)))
				c.Assumed = append(c.Assumed, fmt.Sprintf("%s is in auto mode: AWS activates it in each AZ where the VPC has network interfaces "+
					"and allocates its public addresses; estimated as the AZs of the subnets routed to it (%s), one address each",
					label(r), strings.Join(azs, ", ")))
			}
		case "aws:ec2/eip:Eip":
			add(r, "public-ipv4-hour", 1)
		case "aws:ec2/instance:Instance":
			add(r, "instance-hour:"+r.Str("instanceType"), 1)
			if r.Str("associatePublicIpAddress") == "true" {
				add(r, "public-ipv4-hour", 1)
			}
			size, _ := strconv.ParseFloat(sim.Str(r.Object("rootBlockDevice")["volumeSize"]), 64)
			if size == 0 {
				size = 8
			}
			add(r, sim.Str(r.Object("rootBlockDevice")["volumeType"])+"-gb-month", size)
		case "aws:ec2/vpcEndpoint:VpcEndpoint":
			if r.Str("vpcEndpointType") == "Interface" {
				add(r, "interface-endpoint-az-hour", float64(len(r.Strs("subnetIds"))))
			} else {
				c.Free = append(c.Free, label(r)+" (gateway endpoints are free)")
			}
		case "aws:lb/loadBalancer:LoadBalancer":
			add(r, "nlb-hour", 1)
			if r.Str("internal") == "false" {
				add(r, "public-ipv4-hour", float64(len(r.Strs("subnets"))))
			}
		default:
			if !freeTypes[r.Type] {
				c.Unknown = append(c.Unknown, label(r)+": not in the cost model")
			}
		}
	}
	for _, l := range c.Lines {
		c.Hourly += l.Hourly
	}
	c.Monthly = c.Hourly * table.HoursPerMonth
	sort.Strings(c.Free)
	return c
}

// regionalNatAZs are the AZs a regional NAT gateway serves: those of its
// availabilityZoneAddresses in manual mode; in auto mode those of the
// subnets whose route tables send traffic to it.
func regionalNatAZs(g *sim.Graph, nat *sim.Resource) (azs []string, manual bool) {
	add := func(az string) {
		if az != "" && !slices.Contains(azs, az) {
			azs = append(azs, az)
		}
	}
	for _, b := range nat.List("availabilityZoneAddresses") {
		if b.IsObject() {
			manual = true
			add(sim.Str(b.ObjectValue()["availabilityZone"]) + sim.Str(b.ObjectValue()["availabilityZoneId"]))
		}
	}
	if !manual {
		for _, route := range g.OfType("aws:ec2/route:Route") {
			if g.Source(route, "natGatewayId") != nat {
				continue
			}
			rt := g.Source(route, "routeTableId")
			for _, a := range g.OfType("aws:ec2/routeTableAssociation:RouteTableAssociation") {
				if rt != nil && g.Source(a, "routeTableId") == rt {
					if sn := g.Source(a, "subnetId"); sn != nil {
						add(sn.Str("availabilityZone"))
					}
				}
			}
		}
	}
	sort.Strings(azs)
	return azs, manual
}

func label(r *sim.Resource) string { return shortType(r.Type) + " " + r.Name }

func regionNames(t priceTable) []string {
	var out []string
	for n := range t.Regions {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// renderCosts prints the cost table as Markdown, so the README can hold it verbatim.
func renderCosts(c Costs) string {
	var b strings.Builder
	if c.NoPrices {
		fmt.Fprintf(&b, "cost: %s\n", strings.Join(c.Unknown, "; "))
		return b.String()
	}
	fmt.Fprintf(&b, "| resource | charge | quantity | USD per unit-hour | USD per hour | USD per month |\n|---|---|---:|---:|---:|---:|\n")
	for _, l := range c.Lines {
		fmt.Fprintf(&b, "| %s | %s | %g | %.6f | %.4f | %.2f |\n", l.Resource, l.Item, l.Quantity, l.Unit, l.Hourly, l.Hourly*730)
	}
	fmt.Fprintf(&b, "| **total** | | | | **%.4f** | **%.2f** |\n", c.Hourly, c.Monthly)
	fmt.Fprintf(&b, "\nPrices: %s, price table %s (as of %s); usage charges (data, NLCUs, logs, requests) not included.\n", c.Region, c.Version, c.AsOf)
	if len(c.Free) > 0 {
		fmt.Fprintf(&b, "Free: %s.\n", strings.Join(c.Free, ", "))
	}
	for _, u := range c.Unknown {
		fmt.Fprintf(&b, "Unknown: %s.\n", u)
	}
	for _, a := range c.Assumed {
		fmt.Fprintf(&b, "Assumed: %s.\n", a)
	}
	return b.String()
}
