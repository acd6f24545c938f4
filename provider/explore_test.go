package main

import "testing"

func TestExplore(t *testing.T) {
	for typ, in := range map[string]map[string]any{"GatewayEndpoint": goodGateway, "InterfaceEndpoint": goodEndpoint, "BastionPair": goodBastion, "WebServers": goodWeb, "PrivateBucket": goodBucket, "PrivateLinkService": goodService, "InterfaceEndpoints": goodBundle, "NetworkBase": goodNetwork} {
		s, mon := simServer(t)
		_, err := construct(s, mon, typ, "x", props(in))
		t.Logf("%s: err %v, %d registered", typ, err, mon.Graph().Len())
	}
}
