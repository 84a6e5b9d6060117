// Package vmtest holds the tests that boot the throwaway QEMU VM of internal/vmlab
// and run wipestation inside it against emulated drives: discovery of every device
// kind, a USB stick pulled out mid-wipe, firmware purge on QEMU's NVMe, phones over
// MTP and read-only optical discs. Each test is one boot running a batch of checks.
//
// The tests skip (testutil.Skip, a failure in CI) when QEMU, busybox-static or the
// guest kernel are not available; scripts/install-deps --test installs the packages
// and scripts/vm/fetch-kernel (run by the lab itself) caches the kernel.
package vmtest
