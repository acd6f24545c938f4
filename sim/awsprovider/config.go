package awsprovider

import (
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/vpclab/vpclab/sim"
)

// configFailures is what pulumi-aws's CheckConfig refuses in the provider's
// configuration (sim.SrcProviderConfigCheck): a key or an object's field it
// does not have, with the nearest one; and a region the simulation lacks,
// with the nearest one. The engine's own inputs (version,
// pluginDownloadURL, __internal) are not configuration.
func configFailures(news resource.PropertyMap) []plugin.CheckFailure {
	var out []plugin.CheckFailure
	values := map[string]any{}
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range news {
			if !yield(string(k)) {
				return
			}
		}
	}) {
		if k == "version" || k == "pluginDownloadURL" || strings.HasPrefix(k, "__") {
			continue
		}
		v := news[resource.PropertyKey(k)]
		if v.IsSecret() {
			v = v.SecretValue().Element
		}
		values["aws:"+k] = v.Mappable()
	}
	if err := sim.CheckAWSConfig(values); err != nil {
		out = append(out, plugin.CheckFailure{Reason: err.Error()})
	}
	if r := news["region"]; r.IsString() {
		if err := sim.CheckRegion(r.StringValue()); err != nil {
			out = append(out, plugin.CheckFailure{Property: "region", Reason: err.Error()})
		}
	}
	return out
}
