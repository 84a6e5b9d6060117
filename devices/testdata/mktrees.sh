#!/usr/bin/env bash
# Builds the fake sysfs trees under devices/testdata/ that the discovery tests read
# (through os.DirFS for our own code and ghw's chroot option for the inventory).
# The output is committed; rerun this after changing it and commit both.
#
# Shapes: the loop and virtio-blk layouts were copied from a real /sys (read
# only); the others follow the kernel's layouts for libata, usb-storage, uas,
# virtio-scsi, SAS end devices, NVMe (with and without native multipath), MMC
# and sr, as QEMU's emulated devices show them (see vm-lab notes in
# docs/list-json.md). Only the attributes discovery reads are present. Links are
# real symbolic links, as in sysfs: block/X -> ../devices/.../block/X,
# block/X/device -> the parent device.
set -euo pipefail
cd "$(dirname "$0")"

root=desk
rm -rf "$root"
S=$root/sys
mkdir -p "$S/block" "$S/class/block" "$S/dev/block" "$S/bus/usb/devices" \
  "$S/bus/usb/drivers/usb-storage" "$S/bus/usb/drivers/uas" \
  "$S/bus/virtio/drivers/virtio_blk" "$S/bus/virtio/drivers/virtio_scsi"

# attr FILE VALUE: one attribute with a trailing newline, as sysfs prints it.
attr() { mkdir -p "$(dirname "$1")"; printf '%s\n' "$2" >"$1"; }

# rel FROM_DIR TO: the relative path from directory FROM_DIR to TO (both under $S).
rel() { python3 -c 'import os,sys; print(os.path.relpath(sys.argv[2], sys.argv[1]))' "$1" "$2"; }

# disk DEVPATH NAME MAJ:MIN SECTORS RO REMOVABLE ROTATIONAL LBS PBS [PARENT]
# Makes devices/DEVPATH/block/NAME (or DEVPATH itself when it ends in NAME),
# its queue attributes, the block/ and class/block/ links and the device link.
disk() {
  local devpath=$1 name=$2 devno=$3 sectors=$4 ro=$5 rm=$6 rot=$7 lbs=$8 pbs=$9 parent=${10:-}
  local dir=$S/devices/$devpath
  mkdir -p "$dir/queue" "$dir/holders" "$dir/slaves"
  attr "$dir/dev" "$devno"
  attr "$dir/size" "$sectors"
  attr "$dir/ro" "$ro"
  attr "$dir/removable" "$rm"
  attr "$dir/queue/rotational" "$rot"
  attr "$dir/queue/logical_block_size" "$lbs"
  attr "$dir/queue/physical_block_size" "$pbs"
  attr "$dir/uevent" "$(printf 'MAJOR=%s\nMINOR=%s\nDEVNAME=%s\nDEVTYPE=disk' "${devno%%:*}" "${devno##*:}" "$name")"
  if [ -n "$parent" ]; then
    ln -s "$(rel "$dir" "$S/devices/$parent")" "$dir/device"
  fi
  ln -s "$(rel "$S/block" "$dir")" "$S/block/$name"
  ln -s "$(rel "$S/class/block" "$dir")" "$S/class/block/$name"
  ln -s "$(rel "$S/dev/block" "$dir")" "$S/dev/block/$devno"
}

# part DISKDEVPATH NAME MAJ:MIN START SECTORS NUMBER
part() {
  local dir=$S/devices/$1/$2
  mkdir -p "$dir/holders"
  attr "$dir/dev" "$3"
  attr "$dir/start" "$4"
  attr "$dir/size" "$5"
  attr "$dir/partition" "$6"
  attr "$dir/ro" 0
  ln -s "$(rel "$S/class/block" "$dir")" "$S/class/block/$2"
  ln -s "$(rel "$S/dev/block" "$dir")" "$S/dev/block/$3"
}

# scsi DEVPATH VENDOR MODEL REV TYPE [WWID]: a SCSI device (INQUIRY strings padded
# as the kernel shows them: vendor 8, model 16, rev 4 characters).
scsi() {
  local dir=$S/devices/$1
  mkdir -p "$dir"
  printf '%-8s\n' "$2" >"$dir/vendor"
  printf '%-16s\n' "$3" >"$dir/model"
  printf '%-4s\n' "$4" >"$dir/rev"
  attr "$dir/type" "$5"
  if [ -n "${6:-}" ]; then attr "$dir/wwid" "$6"; fi
}

# vpd80 DEVPATH SERIAL: the binary Unit Serial Number page the kernel caches.
vpd80() {
  python3 - "$S/devices/$1/vpd_pg80" "$2" <<'EOF'
import sys
s = sys.argv[2].encode()
open(sys.argv[1], "wb").write(bytes([0, 0x80, len(s) >> 8, len(s) & 0xff]) + s)
EOF
}

# usbdev DEVPATH VID PID MANUFACTURER PRODUCT [SERIAL]: a USB device, linked
# from bus/usb/devices; no serial file when SERIAL is empty (bridges without
# iSerial). busnum/devnum follow the bus number and a counter.
devnum=1
usbdev() {
  local dir=$S/devices/$1 name
  name=$(basename "$1")
  mkdir -p "$dir"
  attr "$dir/idVendor" "$2"
  attr "$dir/idProduct" "$3"
  attr "$dir/manufacturer" "$4"
  attr "$dir/product" "$5"
  if [ -n "${6:-}" ]; then attr "$dir/serial" "$6"; fi
  devnum=$((devnum + 1))
  attr "$dir/busnum" "${name%%-*}"
  attr "$dir/devnum" "$devnum"
  ln -s "$(rel "$S/bus/usb/devices" "$dir")" "$S/bus/usb/devices/$name"
}

# iface DEVPATH DRIVER [CLASS SUBCLASS PROTOCOL NAME]: a USB interface, with its
# driver link when DRIVER is not empty; mass storage (08/06/50) by default.
iface() {
  local dir=$S/devices/$1
  mkdir -p "$dir"
  attr "$dir/bInterfaceClass" "${3:-08}"
  attr "$dir/bInterfaceSubClass" "${4:-06}"
  attr "$dir/bInterfaceProtocol" "${5:-50}"
  if [ -n "${6:-}" ]; then attr "$dir/interface" "$6"; fi
  if [ -n "$2" ]; then ln -s "$(rel "$dir" "$S/bus/usb/drivers/$2")" "$dir/driver"; fi
  ln -s "$(rel "$S/bus/usb/devices" "$dir")" "$S/bus/usb/devices/$(basename "$1")"
}

PCI=pci0000:00

# sda: SATA hard disk on AHCI port 1, no serial file and no VPD 80h in sysfs
# (the serial comes from ATA IDENTIFY), no WWN (a t10. designator only), one
# partition.
H=$PCI/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0
scsi "$H" ATA "QEMU HARDDISK" 2.5+ 0 "t10.ATA     QEMU HARDDISK                           QM00001"
disk "$H/block/sda" sda 8:0 2097152 0 0 1 512 512 "$H"
part "$H/block/sda" sda1 8:1 2048 1048576 1

# sr0: ATAPI DVD on AHCI port 2 with a CD-ROM in it.
H=$PCI/0000:00:1f.2/ata2/host1/target1:0:0/1:0:0:0
scsi "$H" QEMU "QEMU DVD-ROM" 2.5+ 5
disk "$H/block/sr0" sr0 11:0 720896 1 1 1 2048 2048 "$H"

# sdb: USB stick on usb-storage (bulk-only), removable, and claiming to be
# rotational (usb-storage does not read VPD B1h, so the kernel's default stays).
usbdev $PCI/0000:00:14.0/usb2/2-1 0781 5567 SanDisk "Cruzer Blade" 4C530001230807117545
iface $PCI/0000:00:14.0/usb2/2-1/2-1:1.0 usb-storage
H=$PCI/0000:00:14.0/usb2/2-1/2-1:1.0/host6/target6:0:0/6:0:0:0
scsi "$H" SanDisk "Cruzer Blade" 1.00 0
disk "$H/block/sdb" sdb 8:16 60063744 0 1 1 512 512 "$H"

# sdc: a SATA disk in a USB enclosure whose bridge hides the drive: no iSerial,
# INQUIRY names the bridge, RMB=0, rotational by default.
usbdev $PCI/0000:00:14.0/usb2/2-2 174c 55aa ASMedia ASM1153E
iface $PCI/0000:00:14.0/usb2/2-2/2-2:1.0 usb-storage
H=$PCI/0000:00:14.0/usb2/2-2/2-2:1.0/host7/target7:0:0/7:0:0:0
scsi "$H" ASMT 2115 0 0
disk "$H/block/sdc" sdc 8:32 1953525168 0 0 1 512 4096 "$H"

# sdd: UAS disk behind a hub port (4-1.2), SuperSpeed bus.
usbdev $PCI/0000:00:14.0/usb4/4-1/4-1.2 152d 0578 JMicron "USB to ATA/ATAPI Bridge" 0123456789ABCDEF
iface $PCI/0000:00:14.0/usb4/4-1/4-1.2/4-1.2:1.0 uas 08 06 62
H=$PCI/0000:00:14.0/usb4/4-1/4-1.2/4-1.2:1.0/host8/target8:0:0/8:0:0:0
scsi "$H" Samsung "SSD 860 EVO 500G" 4B6Q 0
disk "$H/block/sdd" sdd 8:48 976773168 0 0 0 512 512 "$H"

# A phone on MTP (QEMU's usb-mtp): no kernel driver, interface 06/01/01 "MTP".
# Not a block device: DiscoverPhones finds it.
usbdev $PCI/0000:00:14.0/usb3/3-1 46f4 0004 QEMU "QEMU USB MTP" WSPHONE0001
iface $PCI/0000:00:14.0/usb3/3-1/3-1:1.0 "" 06 01 01 MTP

# sde: SCSI disk on virtio-scsi, with WWN and the VPD 80h serial in sysfs.
mkdir -p "$S/devices/$PCI/0000:00:03.0/virtio2"
ln -s "$(rel "$S/devices/$PCI/0000:00:03.0/virtio2" "$S/bus/virtio/drivers/virtio_scsi")" "$S/devices/$PCI/0000:00:03.0/virtio2/driver"
H=$PCI/0000:00:03.0/virtio2/host2/target2:0:0/2:0:0:0
scsi "$H" SEAGATE ST4000NM0023 0004 0 naa.5000c500a1b2c3d4
vpd80 "$H" "  Z1Z0ABCD"
disk "$H/block/sde" sde 8:64 7814037168 0 0 1 512 4096 "$H"

# sr1: SCSI CD on the same virtio-scsi host, empty (size 0, still listed).
H=$PCI/0000:00:03.0/virtio2/host2/target2:0:1/2:0:1:0
scsi "$H" QEMU "QEMU CD-ROM" 2.5+ 5
disk "$H/block/sr1" sr1 11:1 0 0 1 1 2048 2048 "$H"

# sdf: SAS SSD behind an HBA, with its SAS address and VPD 80h serial.
E=$PCI/0000:00:01.0/0000:02:00.0/host3/port-3:0/end_device-3:0
mkdir -p "$S/devices/$E/sas_device/end_device-3:0"
attr "$S/devices/$E/sas_device/end_device-3:0/sas_address" 0x5000cca0123abcd1
H=$E/target3:0:0/3:0:0:0
scsi "$H" HGST HUSMM1680ASS204 C30C 0 naa.5000cca0123abcd0
vpd80 "$H" "0QV1ABCD"
disk "$H/block/sdf" sdf 8:80 1562824368 0 0 0 4096 4096 "$H"

# nvme0n1: NVMe without native multipath; NVMe has no vendor file.
C=$PCI/0000:00:1d.0/0000:3d:00.0/nvme/nvme0
attr "$S/devices/$C/model" "Samsung SSD 980 PRO 1TB"
attr "$S/devices/$C/serial" "S5GXNF0R123456A"
attr "$S/devices/$C/firmware_rev" "5B2QGXA7"
attr "$S/devices/$C/transport" pcie
disk "$C/nvme0n1" nvme0n1 259:0 1953525168 0 0 0 512 512 "$C"
attr "$S/devices/$C/nvme0n1/wwid" "eui.002538b111b22c33"

# nvme1n1: QEMU's NVMe under native multipath (Debian's kernels): the namespace
# hangs off the subsystem under devices/virtual, which links to its controller.
C=$PCI/0000:00:04.0/nvme/nvme1
attr "$S/devices/$C/model" "QEMU NVMe Ctrl"
attr "$S/devices/$C/serial" "NVME0001"
SUB=virtual/nvme-subsystem/nvme-subsys1
attr "$S/devices/$SUB/model" "QEMU NVMe Ctrl"
attr "$S/devices/$SUB/serial" "NVME0001"
attr "$S/devices/$SUB/firmware_rev" "7.2.0"
ln -s "$(rel "$S/devices/$SUB" "$S/devices/$C")" "$S/devices/$SUB/nvme1"
disk "$SUB/nvme1n1" nvme1n1 259:1 2097152 0 0 0 512 512 "$SUB"
attr "$S/devices/$SUB/nvme1n1/wwid" "nvme.1b36-4e564d4530303031-51454d55204e564d65204374726c-00000001"

# mmcblk0: SD card in a PCI SD host controller.
M=$PCI/0000:00:1e.6/mmc_host/mmc0/mmc0:aaaa
attr "$S/devices/$M/name" SD32G
attr "$S/devices/$M/serial" 0x1b2c3d4e
attr "$S/devices/$M/fwrev" 0x8
attr "$S/devices/$M/type" SD
disk "$M/block/mmcblk0" mmcblk0 179:0 62333952 0 0 0 512 512 "$M"

# mmcblk1: eMMC on a platform controller; its boot partitions are hardware
# partitions of the same medium and are not listed.
M=platform/fe330000.mmc/mmc_host/mmc1/mmc1:0001
attr "$S/devices/$M/name" "8GTF4R"
attr "$S/devices/$M/serial" 0x0a1b2c3d
attr "$S/devices/$M/type" MMC
disk "$M/block/mmcblk1" mmcblk1 179:32 15269888 0 0 0 512 512 "$M"
disk "$M/block/mmcblk1boot0" mmcblk1boot0 179:64 8192 1 0 0 512 512 "$M"

# vda: virtio-blk, as on the build machine: serial at block level.
V=$PCI/0000:00:02.0/virtio1
attr "$S/devices/$V/vendor" 0x1af4
attr "$S/devices/$V/device" 0x0002
ln -s "$(rel "$S/devices/$V" "$S/bus/virtio/drivers/virtio_blk")" "$S/devices/$V/driver"
disk "$V/block/vda" vda 254:0 41943040 0 0 1 512 512 "$V"
attr "$S/devices/$V/block/vda/serial" "vda-serial-01"

# loop0: attached to an image; loop1: unused (size 0, not listed).
disk virtual/block/loop0 loop0 7:0 204800 0 0 1 512 512
attr "$S/devices/virtual/block/loop0/loop/backing_file" /dev/shm/disk.img
disk virtual/block/loop1 loop1 7:1 0 0 0 1 512 512

# Not media: zram, device-mapper (over sda1), MD.
disk virtual/block/zram0 zram0 252:0 8388608 0 0 0 4096 4096
disk virtual/block/dm-0 dm-0 253:0 1046528 0 0 0 512 512
ln -s "$(rel "$S/devices/virtual/block/dm-0/slaves" "$S/devices/$PCI/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda/sda1")" "$S/devices/virtual/block/dm-0/slaves/sda1"
ln -s "$(rel "$S/devices/$PCI/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda/sda1/holders" "$S/devices/virtual/block/dm-0")" "$S/devices/$PCI/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda/sda1/holders/dm-0"
disk virtual/block/md0 md0 9:0 1046528 0 0 0 512 512

# procfs: the system on vda (whole disk), no swap; the safety rules read these.
P=$root/proc
mkdir -p "$P/self"
printf '%s\n' "22 27 0:21 / /proc rw,relatime - proc proc rw" "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw" >"$P/self/mountinfo"
printf 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n' >"$P/swaps"

echo "built $root: $(ls "$S/block" | wc -l) block devices"
