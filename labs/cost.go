package labs

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/cost"
	"github.com/vpclab/vpclab/i18n"
)

// costWatch collects the billable resources the program registers, read
// from their arguments with package cost's model, so that `pulumi up` can
// say what the lab costs before the learner forgets it is running.
type costWatch struct {
	mu   sync.Mutex
	bill cost.Bill
	// natAZs are the AZs of the private subnets: where a regional NAT
	// gateway in auto mode is active.
	natAZs []string
	// endpointSubnets are the subnet counts of the interface endpoints, by
	// resource name: their subnetIds are an output (the service's AZs
	// decide which subnets stay), while the lab knows the count from its
	// validation.
	endpointSubnets map[string]int
}

// interfaceSubnets records how many subnets an interface endpoint takes.
func (w *costWatch) interfaceSubnets(resource string, n int) {
	if w == nil {
		return
	}
	w.mu.Lock()
	w.endpointSubnets[resource] = n
	w.mu.Unlock()
}

// watchCosts registers a stack transformation that sees every resource,
// children of components included, and changes none.
func watchCosts(ctx *pulumi.Context, cfg *Config, azs []string) (*costWatch, error) {
	w := &costWatch{endpointSubnets: map[string]int{}}
	for _, i := range cfg.PrivateSubnetAZs {
		if i >= 0 && i < len(azs) && !slices.Contains(w.natAZs, azs[i]) {
			w.natAZs = append(w.natAZs, azs[i])
		}
	}
	slices.Sort(w.natAZs)
	err := ctx.RegisterStackTransformation(func(args *pulumi.ResourceTransformationArgs) *pulumi.ResourceTransformationResult {
		if strings.HasPrefix(args.Type, "aws:") {
			w.mu.Lock()
			w.bill.Add(args.Type, cost.ShortType(args.Type)+" "+args.Name, argsResource{reflect.ValueOf(args.Props), w.natAZs, w.endpointSubnets[args.Name]})
			w.mu.Unlock()
		}
		return nil
	})
	return w, err
}

// log writes the lab's cost and the reminder to destroy it to the
// `pulumi up` output, in the learner's language.
func (w *costWatch) log(ctx *pulumi.Context, region string) {
	w.mu.Lock()
	c := cost.MustLoad().Price(region, w.bill)
	w.mu.Unlock()
	lang := i18n.FromEnv()
	_ = ctx.Log.Info(c.Summary(lang), nil)
	_ = ctx.Log.Info(cost.DestroyReminder(lang), nil)
}

// argsResource reads a pulumi-aws Args struct by input name
// ("rootBlockDevice.volumeSize" → RootBlockDevice.VolumeSize): plain values
// only; an output not yet known reads as "".
type argsResource struct {
	v      reflect.Value
	natAZs []string
	// subnets is the count of an interface endpoint's subnetIds.
	subnets int
}

func (a argsResource) field(path string) reflect.Value {
	v := a.v
	for _, seg := range strings.Split(path, ".") {
		for v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) {
			v = v.Elem()
		}
		if !v.IsValid() || v.Kind() != reflect.Struct || seg == "" {
			return reflect.Value{}
		}
		v = v.FieldByName(strings.ToUpper(seg[:1]) + seg[1:])
	}
	for v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) {
		v = v.Elem()
	}
	return v
}

func (a argsResource) Str(path string) string {
	v := a.field(path)
	if !v.IsValid() {
		return ""
	}
	switch x := v.Interface().(type) {
	case pulumi.String:
		return string(x)
	case pulumi.Bool:
		return strconv.FormatBool(bool(x))
	case pulumi.Int:
		return strconv.Itoa(int(x))
	}
	return ""
}

func (a argsResource) Len(path string) int {
	if v := a.field(path); v.IsValid() && v.Kind() == reflect.Slice {
		return v.Len()
	}
	if path == "subnetIds" {
		return a.subnets
	}
	return 0
}

func (a argsResource) RegionalNatAZs() []string { return a.natAZs }
