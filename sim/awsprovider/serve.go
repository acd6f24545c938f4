package awsprovider

import (
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

// Server is a provider listening on a local port.
type Server struct {
	Port int
	// Done receives the server's end (nil after Stop).
	Done   <-chan error
	cancel chan bool
}

// Serve starts serving p on 127.0.0.1 (port 0: any free port), the way a
// provider plugin serves the engine.
func Serve(p *Provider, port int) (*Server, error) {
	cancel := make(chan bool)
	h, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Port:   port,
		Cancel: cancel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterResourceProviderServer(srv, plugin.NewProviderServer(p))
			return nil
		},
		Options: rpcutil.OpenTracingServerInterceptorOptions(nil),
	})
	if err != nil {
		return nil, err
	}
	return &Server{Port: h.Port, Done: h.Done, cancel: cancel}, nil
}

// Stop ends the server.
func (s *Server) Stop() {
	close(s.cancel)
	<-s.Done
}
