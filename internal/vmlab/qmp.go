package vmlab

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"time"
)

// qmpClient speaks QEMU's machine protocol (docs/interop/qmp-spec.txt) over a
// unix socket: one JSON object per line; replies are {"return":...} or
// {"error":...}, interleaved with {"event":...} objects that we skip.
type qmpClient struct {
	conn net.Conn
	r    *bufio.Reader
}

// qmpError is an error reply from QEMU.
type qmpError struct {
	Command string
	Class   string
	Desc    string
}

func (e *qmpError) Error() string {
	return fmt.Sprintf("qmp %s: %s: %s", e.Command, e.Class, e.Desc)
}

// dialQMP connects to QEMU's QMP socket, retrying while QEMU creates it, reads the
// greeting and leaves capabilities negotiation mode.
func dialQMP(ctx context.Context, socket string) (*qmpClient, error) {
	var d net.Dialer
	for {
		conn, err := d.DialContext(ctx, "unix", socket)
		if err == nil {
			q := &qmpClient{conn: conn, r: bufio.NewReader(conn)}
			if err := q.handshake(ctx); err != nil {
				conn.Close()
				return nil, err
			}
			return q, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("connect qmp %s: %w", socket, errors.Join(ctx.Err(), err))
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (q *qmpClient) handshake(ctx context.Context) error {
	q.deadline(ctx)
	line, err := q.r.ReadBytes('\n')
	if err != nil {
		return fmt.Errorf("qmp greeting: %w", err)
	}
	var greeting struct {
		QMP *json.RawMessage `json:"QMP"`
	}
	if err := json.Unmarshal(line, &greeting); err != nil || greeting.QMP == nil {
		return fmt.Errorf("qmp greeting: unexpected %q", line)
	}
	_, err = q.execute(ctx, "qmp_capabilities", nil)
	return err
}

func (q *qmpClient) deadline(ctx context.Context) {
	dl, ok := ctx.Deadline()
	if !ok {
		dl = time.Now().Add(30 * time.Second)
	}
	q.conn.SetDeadline(dl)
}

// execute sends one command and returns its "return" value.
func (q *qmpClient) execute(ctx context.Context, command string, args any) (json.RawMessage, error) {
	q.deadline(ctx)
	msg := map[string]any{"execute": command}
	if args != nil {
		msg["arguments"] = args
	}
	data, err := json.Marshal(msg)
	if err != nil {
		return nil, fmt.Errorf("qmp %s: %w", command, err)
	}
	if _, err := q.conn.Write(append(data, '\n')); err != nil {
		return nil, fmt.Errorf("qmp %s: %w", command, err)
	}
	for {
		line, err := q.r.ReadBytes('\n')
		if err != nil {
			return nil, fmt.Errorf("qmp %s: %w", command, err)
		}
		var reply struct {
			Return json.RawMessage `json:"return"`
			Error  *struct {
				Class string `json:"class"`
				Desc  string `json:"desc"`
			} `json:"error"`
			Event string `json:"event"`
		}
		if err := json.Unmarshal(line, &reply); err != nil {
			return nil, fmt.Errorf("qmp %s: reply %q: %w", command, line, err)
		}
		switch {
		case reply.Event != "":
			continue
		case reply.Error != nil:
			return nil, &qmpError{Command: command, Class: reply.Error.Class, Desc: reply.Error.Desc}
		case reply.Return != nil:
			return reply.Return, nil
		default:
			return nil, fmt.Errorf("qmp %s: unexpected reply %q", command, line)
		}
	}
}

// deviceDel asks QEMU to unplug the device with this id (a hot-unplug the guest
// sees as the device being pulled out).
func (q *qmpClient) deviceDel(ctx context.Context, id string) error {
	_, err := q.execute(ctx, "device_del", map[string]string{"id": id})
	return err
}

func (q *qmpClient) close() error { return q.conn.Close() }
