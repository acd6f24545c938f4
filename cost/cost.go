// Package cost prices a lab by the hour: the versioned price table of every
// commercial AWS region (prices.json, with the AWS price page each figure
// comes from) and the sum of a lab's billable things. `vpclab plan` and
// `vpclab steps` derive those things from the simulated graph; the Pulumi
// program logs the same total at `pulumi up`.
package cost

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/vpclab/vpclab/i18n"
)

//go:embed prices.json
var pricesJSON []byte

// Table is the price list of prices.json.
type Table struct {
	Version       string `json:"version"`
	Note          string `json:"note"`
	HoursPerMonth float64
	// Base is the region whose figures the others derive from.
	Base    string
	prices  map[string]listed
	regions map[string]regionEntry
}

type listed struct {
	USD    float64 `json:"usd"`
	Source string  `json:"source"` // the AWS price page
	Seen   string  `json:"seen"`   // where this figure was found
	// EveryRegion: AWS charges this one price in every commercial region.
	EveryRegion bool `json:"everyRegion,omitempty"`
}

type regionEntry struct {
	Name        string            `json:"name"`
	Factor      float64           `json:"factor"`
	FactorBasis string            `json:"factorBasis"`
	Listed      map[string]listed `json:"listed"`
}

// Load reads the embedded price table. It is decoded once: every simulated
// run prices its lab, and no method of Table writes to its maps.
func Load() (Table, error) { return load() }

var load = sync.OnceValues(func() (Table, error) {
	var doc struct {
		Version       string                 `json:"version"`
		Note          string                 `json:"note"`
		HoursPerMonth float64                `json:"hoursPerMonth"`
		Base          string                 `json:"base"`
		Prices        map[string]listed      `json:"prices"`
		Regions       map[string]regionEntry `json:"regions"`
	}
	if err := json.Unmarshal(pricesJSON, &doc); err != nil {
		return Table{}, fmt.Errorf("prices.json: %w", err)
	}
	return Table{Version: doc.Version, Note: doc.Note, HoursPerMonth: doc.HoursPerMonth, Base: doc.Base, prices: doc.Prices, regions: doc.Regions}, nil
})

// MustLoad is Load for callers that ship the table: a broken table is a bug.
func MustLoad() Table {
	t, err := Load()
	if err != nil {
		panic(err)
	}
	return t
}

// Regions are the commercial AWS regions the table prices, sorted: the one
// list of regions this package knows.
func (t Table) Regions() []string {
	out := make([]string, 0, len(t.regions))
	for r := range t.regions {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// RegionName is the region's name as the console shows it.
func (t Table) RegionName(region string) string { return t.regions[region].Name }

// Price is one figure for one region.
type Price struct {
	USD    float64 `json:"usd"`
	Source string  `json:"source"`
	// Derived is how a figure not listed for the region was computed; ""
	// for a listed one.
	Derived string `json:"derived,omitempty"`
	Seen    string `json:"seen,omitempty"`
}

// ItemPrice returns an item's price in a region: the region's own figure when
// one was found, else the base region's times the region's factor. ok is
// false for an unknown region or an item the table does not have (an
// instance type it has no price for).
func (t Table) ItemPrice(region, item string) (Price, bool) {
	r, ok := t.regions[region]
	if !ok {
		return Price{}, false
	}
	if p, ok := r.Listed[item]; ok {
		return Price{USD: p.USD, Source: p.Source, Seen: p.Seen}, true
	}
	b, ok := t.prices[item]
	if !ok {
		return Price{}, false
	}
	if region == t.Base || b.EveryRegion {
		return Price{USD: b.USD, Source: b.Source, Seen: b.Seen}, true
	}
	return Price{USD: round4(b.USD * r.Factor), Source: b.Source,
		Derived: fmt.Sprintf("%s %g × %g (%s)", t.Base, b.USD, r.Factor, r.FactorBasis)}, true
}

func round4(v float64) float64 { return float64(int64(v*10000+0.5)) / 10000 }

// InstanceTypes lists the instance types the table prices, sorted.
func (t Table) InstanceTypes() []string {
	var out []string
	for item := range t.prices {
		if it, ok := strings.CutPrefix(item, InstanceItem); ok {
			out = append(out, it)
		}
	}
	sort.Strings(out)
	return out
}

// Items of the price table.
const (
	InstanceItem      = "instance-hour:" // + instance type
	NatGateway        = "nat-gateway-hour"
	RegionalNatAZ     = "regional-nat-gateway-az-hour"
	PublicIPv4        = "public-ipv4-hour"
	InterfaceEndpoint = "interface-endpoint-az-hour"
	NLB               = "nlb-hour"
	GBMonthSuffix     = "-gb-month" // volume type + suffix: billed per GB-month
)

// Usage is one billable thing of a lab: Quantity units of Item, billed by
// the hour (GB-month items: Quantity GB, priced per hour of the month).
type Usage struct {
	Resource string  `json:"resource"` // "<short type> <name>"
	Item     string  `json:"item"`
	Quantity float64 `json:"quantity"`
}

// Line is one priced usage.
type Line struct {
	Resource string  `json:"resource"`
	Item     string  `json:"item"`
	Quantity float64 `json:"quantity"`
	Unit     float64 `json:"unitUsd"` // per unit-hour
	Hourly   float64 `json:"hourlyUsd"`
	Source   string  `json:"source"`
	Derived  string  `json:"derived,omitempty"`
}

// Costs is the hourly estimate of a lab.
type Costs struct {
	Region  string   `json:"region"`
	Version string   `json:"priceTableVersion"`
	Lines   []Line   `json:"lines"`
	Free    []string `json:"free"`              // resources with no hourly charge (gateway endpoints, …)
	Unknown []string `json:"unknown"`           // what has no price: said, not guessed; the total is then a lower bound
	Assumed []string `json:"assumed,omitempty"` // quantities a plan cannot know, and how they were estimated
	Hourly  float64  `json:"hourlyUsd"`
	Monthly float64  `json:"monthlyUsd"`
	// HoursPerMonth is the month Monthly counts.
	HoursPerMonth float64 `json:"hoursPerMonth"`
	// Complete is false when something has no price: Hourly and Monthly
	// are then at least what is shown ("≥ USD …").
	Complete bool   `json:"complete"`
	Note     string `json:"note"`
}

// Estimate prices the usages in a region. A usage without a price makes the
// estimate incomplete; it is never priced at zero quietly.
func (t Table) Estimate(region string, usages []Usage) Costs {
	c := Costs{Region: region, Version: t.Version, Note: t.Note, HoursPerMonth: t.HoursPerMonth, Lines: []Line{}, Free: []string{}, Unknown: []string{}}
	if _, ok := t.regions[region]; !ok {
		c.Unknown = append(c.Unknown, fmt.Sprintf("no prices for region %s in the price table", region))
	}
	for _, u := range usages {
		p, ok := t.ItemPrice(region, u.Item)
		if !ok {
			if _, known := t.regions[region]; known {
				c.Unknown = append(c.Unknown, fmt.Sprintf("%s: no price for %s in %s", u.Resource, strings.TrimPrefix(u.Item, InstanceItem), region))
			}
			continue
		}
		unit := p.USD
		if strings.HasSuffix(u.Item, GBMonthSuffix) {
			unit = p.USD / t.HoursPerMonth
		}
		c.Lines = append(c.Lines, Line{Resource: u.Resource, Item: u.Item, Quantity: u.Quantity, Unit: unit, Hourly: unit * u.Quantity, Source: p.Source, Derived: p.Derived})
	}
	for _, l := range c.Lines {
		c.Hourly += l.Hourly
	}
	c.Monthly = c.Hourly * t.HoursPerMonth
	c.Complete = len(c.Unknown) == 0
	return c
}

// Derived counts the lines priced with a derived figure.
func (c Costs) Derived() int {
	n := 0
	for _, l := range c.Lines {
		if l.Derived != "" {
			n++
		}
	}
	return n
}

// USD prints an amount of the estimate: "USD 0.0970", or "≥ USD 0.0970"
// when something has no price, so an incomplete total never reads as whole.
func (c Costs) USD(amount float64, decimals int) string {
	s := fmt.Sprintf("USD %.*f", decimals, amount)
	if !c.Complete {
		return "≥ " + s
	}
	return s
}

// Summary is the one line a learner reads before deploying: the hourly and
// monthly cost, what is missing from it, and the reminder that NAT gateways,
// interface endpoints and load balancers bill by the hour until destroyed.
func (c Costs) Summary(lang i18n.Lang) string {
	hours := fmt.Sprintf("%g", c.HoursPerMonth)
	s := lang.T(i18n.CostSummary, c.USD(c.Hourly, 4), c.Region, c.USD(c.Monthly, 2), hours)
	if !c.Complete {
		s += lang.T(i18n.CostNotPriced, i18n.Localize(lang, strings.Join(c.Unknown, "; ")))
	}
	if n := c.Derived(); n > 0 {
		s += lang.T(i18n.CostDerivedSum, n)
	}
	return s
}

// DestroyReminder tells the learner to remove the lab when done.
func DestroyReminder(lang i18n.Lang) string {
	return lang.T(i18n.CostDestroy)
}
