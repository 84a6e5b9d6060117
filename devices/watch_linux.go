package devices

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"

	"golang.org/x/sys/unix"
)

// ueventGroupKernel is the netlink multicast group the kernel itself sends
// uevents to (udevd re-broadcasts its processed events on group 2, which needs
// udevd; group 1 does not).
const ueventGroupKernel = 1

// ueventBufBytes is the socket receive buffer asked for: a hub with several
// sticks plugged at once sends a burst of events, and an overflow (ENOBUFS)
// costs a full re-scan.
const ueventBufBytes = 1 << 20

// Watch reports media as they arrive and leave. It reads kernel uevents from a
// netlink socket (NETLINK_KOBJECT_UEVENT, the kernel's group), so it works
// without udevd. It first reports every medium Discover finds as EventAdd, then
// one event per change until ctx ends, when the channel is closed. A block
// device that arrives is described as Lookup would (probed, bounded by
// ProbeTimeout); phones are re-listed when a USB device comes or goes.
//
// The caller must keep reading the channel until it is closed. Watch is safe to
// call more than once; each call has its own socket.
func (s System) Watch(ctx context.Context) (<-chan DeviceEvent, error) {
	f, err := openUeventSocket()
	if err != nil {
		return nil, err
	}
	ch := make(chan DeviceEvent, 16)
	w := &watcher{s: s, out: ch, known: map[string]Device{}}
	go w.run(ctx, f)
	return ch, nil
}

// openUeventSocket opens a non-blocking netlink socket bound to the kernel's
// uevent group and wraps it in an *os.File, so that reads go through Go's poller
// and closing the file wakes a blocked read.
func openUeventSocket() (*os.File, error) {
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK, unix.NETLINK_KOBJECT_UEVENT)
	if err != nil {
		return nil, fmt.Errorf("watch uevents: %w", os.NewSyscallError("socket(AF_NETLINK)", err))
	}
	// Best effort: a smaller buffer only makes overflows (and re-scans) likelier.
	_ = unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUF, ueventBufBytes)
	if err := unix.Bind(fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK, Groups: ueventGroupKernel}); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("watch uevents: %w", os.NewSyscallError("bind(NETLINK_KOBJECT_UEVENT)", err))
	}
	return os.NewFile(uintptr(fd), "netlink-uevent"), nil
}

// watcher keeps the set of media it has reported, so that it reports each
// arrival and departure once.
type watcher struct {
	s     System
	out   chan<- DeviceEvent
	known map[string]Device // by Path
}

// readResult is one datagram, or the error that ended reading.
type readResult struct {
	ev  uevent
	err error
}

func (w *watcher) run(ctx context.Context, f *os.File) {
	defer close(w.out)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	events := make(chan readResult, 64)
	go func() {
		<-ctx.Done()
		f.Close() // wakes the reader
	}()
	go readUevents(ctx, f, events)

	// The socket is open before the first scan, so nothing that happens during
	// the scan is missed (an event for a device the scan already saw is a
	// no-op or a change).
	if !w.resync(ctx) {
		return
	}
	for {
		select {
		case <-ctx.Done():
			return
		case r := <-events:
			switch {
			case r.err == nil:
				if !w.handle(ctx, r.ev) {
					return
				}
			case errors.Is(r.err, unix.ENOBUFS):
				// The kernel dropped events: the only safe answer is a re-scan.
				if !w.resync(ctx) {
					return
				}
			default:
				if ctx.Err() == nil {
					w.emit(ctx, DeviceEvent{Type: EventError, Err: r.err})
				}
				return
			}
		}
	}
}

// readUevents reads datagrams until the file is closed, sending each parsed
// kernel uevent, an ENOBUFS overflow, or the error that ended reading.
func readUevents(ctx context.Context, f *os.File, out chan<- readResult) {
	buf := make([]byte, 64<<10)
	for {
		n, err := f.Read(buf)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			select {
			case out <- readResult{err: fmt.Errorf("read uevent: %w", err)}:
			case <-ctx.Done():
				return
			}
			if errors.Is(err, unix.ENOBUFS) {
				continue
			}
			return
		}
		ev, err := parseUevent(buf[:n])
		if err != nil {
			continue // not a kernel uevent, or one we cannot read: not ours to act on
		}
		select {
		case out <- readResult{ev: ev}:
		case <-ctx.Done():
			return
		}
	}
}

// handle acts on one uevent; it answers false when ctx ended.
func (w *watcher) handle(ctx context.Context, ev uevent) bool {
	switch {
	case ev.Subsystem == "block" && ev.DevType == "disk":
		name := ev.DevName
		if name == "" {
			name = path.Base(ev.DevPath)
		}
		return w.block(ctx, ev.Action, name)
	case ev.Subsystem == "usb" && ev.DevType == "usb_device" && (ev.Action == "add" || ev.Action == "remove"):
		return w.phones(ctx)
	}
	return true
}

// block reports the arrival, change or departure of block device name. Loop
// devices and card readers report media coming and going as "change" events
// (a loop device is attached or detached, a card is inserted): whether the
// device is listable after the event decides.
func (w *watcher) block(ctx context.Context, action, name string) bool {
	p := path.Join(w.s.devDir(), name)
	_, wasKnown := w.known[p]
	present := action != "remove" && exists(w.s.Sys, "block/"+name) && w.s.listable(name)
	if !present {
		if !wasKnown {
			return true
		}
		delete(w.known, p)
		return w.emit(ctx, DeviceEvent{Type: EventRemove, Path: p})
	}
	if action != "add" && action != "change" {
		return true // bind, online, ...: nothing a technician sees
	}
	d, err := w.s.Lookup(ctx, p, false)
	if err != nil {
		return true // gone again already, or not a medium
	}
	w.known[p] = d
	t := EventAdd
	if wasKnown {
		t = EventChange
	}
	return w.emit(ctx, DeviceEvent{Type: t, Path: p, Device: &d})
}

// phones re-lists the phones and reports the difference.
func (w *watcher) phones(ctx context.Context) bool {
	phones, err := w.s.DiscoverPhones(ctx)
	if err != nil {
		return true // keep what we have; the next USB event tries again
	}
	now := map[string]Device{}
	for _, p := range phones {
		w.s.completePhone(&p)
		now[p.Path] = p
	}
	for p, d := range w.known {
		if d.Kind != KindPhone {
			continue
		}
		if _, ok := now[p]; !ok {
			delete(w.known, p)
			if !w.emit(ctx, DeviceEvent{Type: EventRemove, Path: p}) {
				return false
			}
		}
	}
	for p, d := range now {
		if _, ok := w.known[p]; ok {
			continue
		}
		w.known[p] = d
		if !w.emit(ctx, DeviceEvent{Type: EventAdd, Path: p, Device: &d}) {
			return false
		}
	}
	return true
}

// resync lists everything and reports the difference from what was reported
// before (at the start: everything is an arrival).
func (w *watcher) resync(ctx context.Context) bool {
	devs, err := w.s.Discover(ctx)
	if err != nil && len(devs) == 0 {
		w.emit(ctx, DeviceEvent{Type: EventError, Err: err})
		return false
	}
	now := map[string]bool{}
	for _, d := range devs {
		now[d.Path] = true
	}
	for p := range w.known {
		if !now[p] {
			delete(w.known, p)
			if !w.emit(ctx, DeviceEvent{Type: EventRemove, Path: p}) {
				return false
			}
		}
	}
	for _, d := range devs {
		if _, ok := w.known[d.Path]; ok {
			continue
		}
		w.known[d.Path] = d
		if !w.emit(ctx, DeviceEvent{Type: EventAdd, Path: d.Path, Device: &d}) {
			return false
		}
	}
	return true
}

// emit sends ev unless ctx ends first; it answers false when ctx ended.
func (w *watcher) emit(ctx context.Context, ev DeviceEvent) bool {
	select {
	case w.out <- ev:
		return true
	case <-ctx.Done():
		return false
	}
}
