package verify

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2instanceconnect"
	"golang.org/x/crypto/ssh"
)

// sshLab is the SSH side of a lab in memory: a bastion and a private
// instance running SSH servers over net.Pipe, EC2 Instance Connect in front
// of them, and a log of what happened in order. No network is used.
type sshLab struct {
	w        *world
	bastion  *sshHost
	private  *sshHost
	mu       sync.Mutex
	events   []string
	pushes   []*ec2instanceconnect.SendSSHPublicKeyInput
	sgDrops  bool // the private instance's SG drops SSH from the bastion
	adminOff bool // this machine's address is not in the bastion SG
}

// sshHost is one instance's sshd.
type sshHost struct {
	lab        *sshLab
	name, id   string
	addr       string // IP
	hostKey    ssh.Signer
	authorized map[string]string // authorized key → OS user, set by Instance Connect
}

func newSSHLab(w *world) *sshLab {
	l := &sshLab{w: w}
	l.bastion = l.host("bastion", "i-0bastion", "3.34.9.9")
	l.private = l.host("private", "i-0abc", "10.0.1.5")
	return l
}

func (l *sshLab) host(name, id, addr string) *sshHost {
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, _ := ssh.NewSignerFromKey(priv)
	return &sshHost{lab: l, name: name, id: id, addr: addr, hostKey: signer, authorized: map[string]string{}}
}

func (l *sshLab) log(format string, a ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, fmt.Sprintf(format, a...))
}

// console is what cloud-init printed on the host's first boot.
func (h *sshHost) console() string {
	pub := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(h.hostKey.PublicKey())))
	return strings.Join([]string{
		"[   12.345678] cloud-init[1723]: Cloud-init v. 22.2.2 finished",
		"<14>Jun  3 17:07:52 ec2: #############################################################",
		"<14>Jun  3 17:07:52 ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----",
		"<14>Jun  3 17:07:52 ec2: 256 " + ssh.FingerprintSHA256(h.hostKey.PublicKey()) + " root@ip-" + strings.ReplaceAll(h.addr, ".", "-") + " (ED25519)",
		"<14>Jun  3 17:07:52 ec2: -----END SSH HOST KEY FINGERPRINTS-----",
		"-----BEGIN SSH HOST KEY KEYS-----",
		pub + " root@ip-" + strings.ReplaceAll(h.addr, ".", "-"),
		"-----END SSH HOST KEY KEYS-----",
	}, "\r\n")
}

// userPattern and the length bounds are SendSSHPublicKey's request rules
// (https://docs.aws.amazon.com/ec2-instance-connect/latest/APIReference/API_SendSSHPublicKey.html).
var userPattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9\@\._-]{0,30}[A-Za-z0-9\$_-]?$`)

// SendSSHPublicKey is EC2 Instance Connect: it validates the request as AWS
// does and authorizes the key for the user on that instance.
func (l *sshLab) SendSSHPublicKey(_ context.Context, in *ec2instanceconnect.SendSSHPublicKeyInput, _ ...func(*ec2instanceconnect.Options)) (*ec2instanceconnect.SendSSHPublicKeyOutput, error) {
	key, user := aws.ToString(in.SSHPublicKey), aws.ToString(in.InstanceOSUser)
	switch {
	case len(key) < 80 || len(key) > 4096:
		return nil, apiError{"InvalidArgsException", fmt.Sprintf("SSHPublicKey length %d is outside 80-4096", len(key))}
	case !userPattern.MatchString(user):
		return nil, apiError{"InvalidArgsException", "InstanceOSUser " + user}
	}
	l.mu.Lock()
	l.pushes = append(l.pushes, in)
	l.mu.Unlock()
	for _, h := range []*sshHost{l.bastion, l.private} {
		if h.id == aws.ToString(in.InstanceId) {
			parsed, _, _, _, err := ssh.ParseAuthorizedKey([]byte(key))
			if err != nil {
				return nil, apiError{"InvalidArgsException", err.Error()}
			}
			l.mu.Lock()
			h.authorized[string(parsed.Marshal())] = user
			l.mu.Unlock()
			l.log("push %s %s %s", h.id, user, aws.ToString(in.AvailabilityZone))
			return &ec2instanceconnect.SendSSHPublicKeyOutput{Success: true, RequestId: aws.String("req-1")}, nil
		}
	}
	return nil, apiError{"EC2InstanceNotFoundException", aws.ToString(in.InstanceId)}
}

// dial is this machine's network: only the bastion's public address on port 22 answers.
func (l *sshLab) dial(_ context.Context, network, addr string) (net.Conn, error) {
	if addr != net.JoinHostPort(l.bastion.addr, "22") || l.adminOff {
		return nil, &net.OpError{Op: "dial", Net: network, Err: fmt.Errorf("dial %s: i/o timeout", addr)}
	}
	client, server := memPipe()
	go l.bastion.serve(server)
	return client, nil
}

func (h *sshHost) serve(conn net.Conn) {
	cfg := &ssh.ServerConfig{PublicKeyCallback: func(md ssh.ConnMetadata, key ssh.PublicKey) (*ssh.Permissions, error) {
		h.lab.mu.Lock()
		user, ok := h.authorized[string(key.Marshal())]
		h.lab.mu.Unlock()
		if !ok || user != md.User() {
			return nil, fmt.Errorf("key not authorized for %s", md.User())
		}
		h.lab.log("auth %s %s", h.name, md.User())
		return nil, nil
	}}
	cfg.AddHostKey(h.hostKey)
	sc, chans, reqs, err := ssh.NewServerConn(conn, cfg)
	if err != nil {
		conn.Close()
		return
	}
	defer sc.Close()
	go ssh.DiscardRequests(reqs)
	for nc := range chans {
		switch nc.ChannelType() {
		case "session":
			go h.session(nc)
		case "direct-tcpip":
			go h.forward(nc)
		default:
			nc.Reject(ssh.UnknownChannelType, nc.ChannelType())
		}
	}
}

// forward is the bastion's sshd opening a TCP connection for direct-tcpip.
func (h *sshHost) forward(nc ssh.NewChannel) {
	var req struct {
		Host     string
		Port     uint32
		OrigHost string
		OrigPort uint32
	}
	if err := ssh.Unmarshal(nc.ExtraData(), &req); err != nil {
		nc.Reject(ssh.Prohibited, err.Error())
		return
	}
	target := h.lab.private
	h.lab.log("forward %s %s:%d", h.name, req.Host, req.Port)
	if h != h.lab.bastion || req.Host != target.addr || req.Port != 22 || h.lab.sgDrops {
		nc.Reject(ssh.ConnectionFailed, "connect failed")
		return
	}
	ch, reqs, err := nc.Accept()
	if err != nil {
		return
	}
	go ssh.DiscardRequests(reqs)
	a, b := memPipe()
	go target.serve(b)
	go func() { io.Copy(a, ch); a.Close() }()
	io.Copy(ch, a)
	ch.Close()
}

// session runs exec requests against the world's instance.
func (h *sshHost) session(nc ssh.NewChannel) {
	ch, reqs, err := nc.Accept()
	if err != nil {
		return
	}
	defer ch.Close()
	for r := range reqs {
		if r.Type != "exec" {
			r.Reply(false, nil)
			continue
		}
		var cmd struct{ Command string }
		ssh.Unmarshal(r.Payload, &cmd)
		r.Reply(true, nil)
		h.lab.log("exec %s %s", h.name, checkOf(cmd.Command))
		o := h.lab.w.instance(cmd.Command)
		io.Copy(ch, bytes.NewBufferString(o.Stdout))
		io.Copy(ch.Stderr(), bytes.NewBufferString(o.Stderr))
		ch.SendRequest("exit-status", false, ssh.Marshal(struct{ Status uint32 }{uint32(o.ExitCode)}))
		return
	}
}

// sshVerifier wires the fakes for an SSH-only stack.
func sshVerifier(w *world) (*Verifier, *sshLab) {
	l := newSSHLab(w)
	ec := &fakeEC2{w: w, consoles: map[string]string{l.bastion.id: l.bastion.console(), l.private.id: l.private.console()}}
	return &Verifier{EC2: ec, S3: fakeS3{w}, Connect: l, Dial: l.dial, HTTPGet: w.httpGet}, l
}

// sshOutputs are an SSH-only stack's outputs.
func sshOutputs() Outputs {
	out := labOutputs()
	delete(out, "ssmCommand")
	out["access"] = "ssh"
	out["bastionPublicIp"] = "3.34.9.9"
	out["bastionInstanceId"] = "i-0bastion"
	out["bastionAz"] = "ap-northeast-2a"
	out["privateInstanceAz"] = "ap-northeast-2c"
	return out
}

// memPipe is an in-memory connection pair whose writes never block, as a
// TCP socket's buffer lets both SSH sides send their version line at once
// (net.Pipe would deadlock there).
func memPipe() (net.Conn, net.Conn) {
	a, b := newMemBuf(), newMemBuf()
	return &memConn{r: a, w: b}, &memConn{r: b, w: a}
}

type memBuf struct {
	mu     sync.Mutex
	cond   *sync.Cond
	data   []byte
	closed bool
}

func newMemBuf() *memBuf {
	b := &memBuf{}
	b.cond = sync.NewCond(&b.mu)
	return b
}

type memConn struct{ r, w *memBuf }

func (c *memConn) Read(p []byte) (int, error) {
	c.r.mu.Lock()
	defer c.r.mu.Unlock()
	for len(c.r.data) == 0 && !c.r.closed {
		c.r.cond.Wait()
	}
	if len(c.r.data) == 0 {
		return 0, io.EOF
	}
	n := copy(p, c.r.data)
	c.r.data = c.r.data[n:]
	return n, nil
}

func (c *memConn) Write(p []byte) (int, error) {
	c.w.mu.Lock()
	defer c.w.mu.Unlock()
	if c.w.closed {
		return 0, io.ErrClosedPipe
	}
	c.w.data = append(c.w.data, p...)
	c.w.cond.Broadcast()
	return len(p), nil
}

func (c *memConn) Close() error {
	for _, b := range []*memBuf{c.r, c.w} {
		b.mu.Lock()
		b.closed = true
		b.cond.Broadcast()
		b.mu.Unlock()
	}
	return nil
}

type memAddr struct{}

func (memAddr) Network() string { return "mem" }
func (memAddr) String() string  { return "mem" }

func (c *memConn) LocalAddr() net.Addr                { return memAddr{} }
func (c *memConn) RemoteAddr() net.Addr               { return memAddr{} }
func (c *memConn) SetDeadline(t time.Time) error      { return nil }
func (c *memConn) SetReadDeadline(t time.Time) error  { return nil }
func (c *memConn) SetWriteDeadline(t time.Time) error { return nil }
