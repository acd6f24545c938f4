package main

import (
	"fmt"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	presource "github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/sim"
)

// The integration server's monitor names the project and stack so; the Go
// runs use the same names, so both register the same URNs.
const (
	project = "project"
	stack   = "stack"
	region  = "ap-northeast-2"
)

var seoul = sim.Regions[region].AZs

// simServer serves the plugin with vpclab's simulated AWS as the resource
// monitor: children get AWS-looking IDs, and the monitor records the graph.
func simServer(t *testing.T) (integration.Server, *sim.Monitor) {
	t.Helper()
	mon, err := sim.NewMonitor(project, stack, region)
	if err != nil {
		t.Fatal(err)
	}
	return server(t, integration.WithMocks(mon)), mon
}

// construct builds one component through the server, as the engine does
// for a consumer's `type: vpclab:index:<typ>`, at the top of the stack.
func construct(s integration.Server, mon *sim.Monitor, typ, name string, inputs property.Map) (property.Map, error) {
	resp, err := s.Construct(p.ConstructRequest{
		Urn:    presource.NewURN(tokens.QName(stack), tokens.PackageName(project), "", tokens.Type(pkgName+":index:"+typ), name),
		Parent: presource.URN(mon.StackURN()),
		Inputs: inputs,
	})
	return resp.State, err
}

// goRun runs a Go program against the same simulated AWS.
func goRun(program pulumi.RunFunc) (*sim.Result, error) {
	return sim.Run(&sim.Stack{Project: project, Name: stack, Config: map[string]string{"aws:region": region}}, program)
}

// val builds a property value from Go literals: map[string]any, []any,
// []string, string, int, float64, bool, or a property.Value as it is.
func val(v any) property.Value {
	switch v := v.(type) {
	case property.Value:
		return v
	case map[string]any:
		return property.New(props(v))
	case []any:
		out := make([]property.Value, len(v))
		for i, e := range v {
			out[i] = val(e)
		}
		return property.New(out)
	case []string:
		out := make([]property.Value, len(v))
		for i, e := range v {
			out[i] = property.New(e)
		}
		return property.New(out)
	case string:
		return property.New(v)
	case int:
		return property.New(float64(v))
	case float64:
		return property.New(v)
	case bool:
		return property.New(v)
	}
	panic(fmt.Sprintf("val: %T", v))
}

func props(m map[string]any) property.Map {
	out := map[string]property.Value{}
	for k, v := range m {
		out[k] = val(v)
	}
	return property.NewMap(out)
}
