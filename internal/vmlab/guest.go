package vmlab

import (
	"fmt"
	"strings"
)

// initScript is the guest's /init: it brings up the kernel file systems and the
// modules, waits for the devices, runs the test's script and powers off. Every step
// has a deadline, so a missing device or a hung command never hangs the boot (the
// host's timeout is the last guard).
const initScript = `#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin HOME=/tmp WIPESTATION_FONT=` + guestFont + `
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
mkdir -p /run && mount -t tmpfs tmpfs /run
exec </dev/console >/dev/console 2>&1
. /ws/lib.sh
echo "WSLOG kernel $(uname -r), $(nproc) CPUs, up $(cut -d' ' -f1 /proc/uptime)s"
while read -r mod args; do
	insmod "/lib/modules/$mod" $args || echo "WSLOG insmod $mod failed"
done </ws/modules
stty -F "$WS_RES" raw -echo 2>/dev/null
ws_wait_devices
echo "WSLOG devices ready at $(cut -d' ' -f1 /proc/uptime)s"
ws_mark devices-ready
cd /tmp
timeout "$WS_SCRIPT_TIMEOUT" sh /ws/guest.sh
rc=$?
echo "WSLOG guest script exited $rc at $(cut -d' ' -f1 /proc/uptime)s"
echo "WSDONE $rc" >"$WS_RES"
sync
poweroff -f
`

// guestFont is where the certificate font goes in the guest ($WIPESTATION_FONT).
const guestFont = "/usr/share/fonts/wipestation/certificate.ttf"

// libScript is /ws/lib.sh, the functions a test's guest script can use. Results go
// to ttyS1 (the results channel), marks to the console where the host watches live.
const libScript = `# wipestation VM lab guest library (internal/vmlab/guest.go)
WS_RES=/dev/ttyS1

# ws_emit NAME RC OUTFILE ERRFILE: send one result to the host.
ws_emit() {
	{ echo "WSRESULT $1 $2"; base64 "$3"; echo WSSTDERR; base64 "$4"; echo "WSEND $1"; } >"$WS_RES"
}

# ws_run NAME CMD...: run CMD (with a deadline of WS_TIMEOUT seconds), send its exit
# code, stdout and stderr as result NAME, and return its exit code.
ws_run() {
	_n=$1; shift
	timeout "${WS_TIMEOUT:-120}" "$@" >"/tmp/ws.$_n.out" 2>"/tmp/ws.$_n.err" </dev/null
	_rc=$?
	ws_emit "$_n" "$_rc" "/tmp/ws.$_n.out" "/tmp/ws.$_n.err"
	return $_rc
}

# ws_sh NAME 'shell text': ws_run on a shell snippet.
ws_sh() {
	_n=$1; shift
	ws_run "$_n" sh -c ". /ws/lib.sh; $*"
}

# ws_bg NAME CMD...: start CMD in the background; ws_wait NAME sends its result,
# ws_stop NAME sends CMD a SIGTERM (busybox timeout execs CMD in its own process).
ws_bg() {
	_n=$1; shift
	(
		timeout "${WS_TIMEOUT:-120}" "$@" >"/tmp/ws.$_n.out" 2>"/tmp/ws.$_n.err" </dev/null &
		echo $! >"/tmp/ws.$_n.cpid"
		wait $!
		echo $? >"/tmp/ws.$_n.rc"
	) &
	echo $! >"/tmp/ws.$_n.pid"
}
ws_stop() {
	ws_until 5 test -s "/tmp/ws.$1.cpid" && kill -TERM "$(cat "/tmp/ws.$1.cpid")"
}
ws_wait() {
	wait "$(cat "/tmp/ws.$1.pid")"
	ws_emit "$1" "$(cat "/tmp/ws.$1.rc" 2>/dev/null || echo 255)" "/tmp/ws.$1.out" "/tmp/ws.$1.err"
}

# ws_running NAME: whether the background command NAME is still running.
ws_running() { ! test -e "/tmp/ws.$1.rc"; }

# ws_wait_output NAME SECS REGEX...: wait until the output of background command
# NAME has a line matching every extended REGEX; 1 if it ended or SECS passed first.
ws_wait_output() {
	_n=$1 _secs=$2; shift 2
	_end=$(( $(date +%s) + _secs ))
	while :; do
		_lines=$(cat "/tmp/ws.$_n.out" 2>/dev/null)
		for _re in "$@"; do _lines=$(printf '%s\n' "$_lines" | grep -E -e "$_re"); done
		[ -n "$_lines" ] && return 0
		ws_running "$_n" || return 1
		[ "$(date +%s)" -ge "$_end" ] && return 1
		sleep 0.2
	done
}

# ws_mark NAME: tell the host the script reached NAME (it may unplug a device now).
ws_mark() { echo "WSMARK:$1" >/dev/console; }

# ws_until SECS CMD...: poll CMD every 0.2 s until it succeeds; 1 after SECS.
ws_until() {
	_end=$(( $(date +%s) + $1 )); shift
	until "$@"; do
		[ "$(date +%s)" -ge "$_end" ] && return 1
		sleep 0.2
	done
}

# ws_dev ID: the guest path of a lab device (/dev/sdb, /dev/bus/usb/001/003).
ws_dev() { awk -v id="$1" '$1 == id { print $2 }' /tmp/ws.devs; }

ws_trim() { tr -d ' \000\n'; }

# ws_find_block SERIAL USBSERIAL MODELKEY: the block device with this serial (NVMe
# serial file or SCSI VPD page 80h), else under a USB device with this serial, else
# with this model (spaces removed, first 16 characters as SCSI INQUIRY shows it).
ws_find_block() {
	for _s in /sys/block/*; do
		_d=$_s/device
		if [ -n "$1" ] && [ -f "$_d/serial" ] && [ "$(ws_trim <"$_d/serial")" = "$1" ]; then echo "/dev/${_s##*/}"; return 0; fi
		if [ -n "$1" ] && [ -f "$_d/vpd_pg80" ] && [ "$(tail -c +5 "$_d/vpd_pg80" | ws_trim)" = "$1" ]; then echo "/dev/${_s##*/}"; return 0; fi
	done
	for _s in /sys/block/*; do
		_p=$(readlink -f "$_s/device" 2>/dev/null) || continue
		while [ -n "$_p" ] && [ "$_p" != /sys ]; do
			if [ -f "$_p/idVendor" ]; then
				for _want in "$1" "$2"; do
					[ -n "$_want" ] && [ -f "$_p/serial" ] && [ "$(ws_trim <"$_p/serial")" = "$_want" ] && { echo "/dev/${_s##*/}"; return 0; }
				done
				break
			fi
			_p=${_p%/*}
		done
	done
	[ -n "$3" ] || return 1
	for _s in /sys/block/*; do
		[ -f "$_s/device/model" ] && [ "$(ws_trim <"$_s/device/model")" = "$3" ] && { echo "/dev/${_s##*/}"; return 0; }
	done
	return 1
}

# ws_find_usb SERIAL: the usbfs node of the USB device with this serial.
ws_find_usb() {
	for _u in /sys/bus/usb/devices/*; do
		[ -f "$_u/serial" ] && [ "$(ws_trim <"$_u/serial")" = "$1" ] || continue
		printf '/dev/bus/usb/%03d/%03d\n' "$(cat "$_u/busnum")" "$(cat "$_u/devnum")"
		return 0
	done
	return 1
}
`

// devicesScript is the generated part of /ws/lib.sh: how to find each lab device,
// and the wait for all of them.
func devicesScript(devs []Device, waitSeconds int, scriptTimeoutSeconds int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "WS_SCRIPT_TIMEOUT=%d\n", scriptTimeoutSeconds)
	b.WriteString("ws_locate() {\n\tcase $1 in\n")
	ids := make([]string, 0, len(devs))
	for _, d := range devs {
		ids = append(ids, d.ID)
		if d.IsBlock() {
			fmt.Fprintf(&b, "\t%s) ws_find_block %s %s %s ;;\n", d.ID,
				shellQuote(d.Serial), shellQuote(d.USBSerial), shellQuote(modelKey(d.inquiryModel())))
		} else {
			fmt.Fprintf(&b, "\t%s) ws_find_usb %s ;;\n", d.ID, shellQuote(d.Serial))
		}
	}
	b.WriteString("\t*) return 1 ;;\n\tesac\n}\n")
	fmt.Fprintf(&b, "WS_DEVICE_IDS=%s\n", shellQuote(strings.Join(ids, " ")))
	fmt.Fprintf(&b, `# ws_wait_devices: wait up to %d s for every lab device, then send the table
# of ID and guest path as result ws-devices (missing devices are left out).
ws_wait_devices() {
	_end=$(( $(date +%%s) + %d ))
	while :; do
		: >/tmp/ws.devs
		_missing=
		for _id in $WS_DEVICE_IDS; do
			if _p=$(ws_locate "$_id"); then echo "$_id $_p" >>/tmp/ws.devs; else _missing="$_missing $_id"; fi
		done
		[ -z "$_missing" ] && break
		if [ "$(date +%%s)" -ge "$_end" ]; then echo "WSLOG devices still missing:$_missing"; break; fi
		sleep 0.3
	done
	: >/tmp/ws.devs.err
	ws_emit ws-devices 0 /tmp/ws.devs /tmp/ws.devs.err
}
`, waitSeconds, waitSeconds)
	return b.String()
}

// modelKey is a model as ws_find_block compares it: the 16 characters a SCSI
// INQUIRY carries, spaces removed.
func modelKey(model string) string {
	if len(model) > 16 {
		model = model[:16]
	}
	return strings.ReplaceAll(model, " ", "")
}

// shellQuote quotes s for sh.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
